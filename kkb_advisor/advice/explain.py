"""Why a program is (not) recommended for a case: every compiled rule that could recommend it, test by test.

durable_rules only reports what fired. For the why-not, the same compiled patterns are evaluated in Python
(rules/evaluator.py) and the explanation is checked against the engine's advice (``recommended`` comes from
advise(); tests/policy/test_explain.py checks that both agree on every bundled case).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..errors import UsageError, check_arg, did_you_mean
from ..model.advice import Term
from ..model.case import Case
from ..model.ruleset import RuleSet
from ..rules.compiler import CompiledRuleSet
from ..rules.placewords import Place
from ..rules.whynot import WhyNot
from .advisor import Advisor
from .facts import case_facts
from .graph import analyse, build_graph
from .whynot import FieldCheck, PatternCheck, VariantCheck, check, names

__all__ = ["Explanation", "FieldCheck", "PatternCheck", "VariantCheck", "explain", "render_explanation"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Explanation(_Out):
    case_id: str
    lang: str  # the language of the sentences (why_not, blocked_by): id or en
    program: str
    program_name: dict[str, str]  # {"id": ..., "en": ...}
    recommended: bool
    rank: int | None
    status: str | None
    place: str | None  # main, also_possible, keep, or step (a step of the program ranked `rank`)
    role: str | None  # answer, support, enabler or prerequisite
    terms: tuple[Term, ...]  # the ranking terms that placed it (they add up to its score / 100)
    note: str  # why it is where it is, in the explanation's language
    variants: tuple[VariantCheck, ...]
    nearest_miss: str | None  # engine rule name of the nearest miss (programs not recommended)
    why_not: tuple[str, ...]  # sentences: what would have to be different


def explain(case: Case, rules: RuleSet | Advisor, program: str, *, lang: str = "id") -> Explanation:
    """Explain why ``program`` is or is not recommended for ``case`` (under a rule set, or an Advisor's compiled
    rule set: the rules are compiled once either way); sentences in ``lang``."""
    check_arg("explain", "case", case, Case, "a Case (from load_case() or parse_case())")
    check_arg("explain", "rules", rules, (RuleSet, Advisor), "a RuleSet (from load_rules()) or an Advisor")
    check_arg("explain", "program", program, str, "a catalogue program id (text), e.g. 'OSS-NIB'")
    if isinstance(rules, Advisor):
        return _explain(case, rules, program, lang)
    ruleset = rules
    if program not in ruleset.programs:  # before compiling anything
        _unknown(program, ruleset)
    with Advisor(ruleset) as advisor:
        return _explain(case, advisor, program, lang)


def _unknown(program: str, rules: RuleSet) -> None:
    hint = did_you_mean(program, rules.programs) or "use a program id from the catalogue"
    raise UsageError(f"unknown program '{program}'; {hint}")


def _explain(case: Case, advisor: Advisor, program: str, lang: str) -> Explanation:
    rules, compiled = advisor.rules, advisor.compiled
    if program not in rules.programs:
        _unknown(program, rules)
    advice = advisor.advise(case)
    places = {r.program: (place, r) for place, recs_of in (("main", advice.recommendations),
                                                           ("also_possible", advice.also_possible),
                                                           ("keep", advice.keep)) for r in recs_of}
    recs = {pid: r for pid, (_, r) in places.items()}
    facts = case_facts(case, analyse(build_graph(case)), rules)
    variants, why, nearest = check(case, compiled, facts, recs, program, lang)
    rec = recs.get(program)
    name = Place.of(case.metadata, rules).program(rules.programs[program]).name
    served = next((r for r in (*advice.recommendations, *advice.also_possible)
                   for step in r.steps if step.program == program), None)
    if rec is None and served is not None:  # a step (prerequisite, enabler) of a program placed in the advice
        step = next(s for s in served.steps if s.program == program)
        note = (f"a step of {served.program} (rank {served.rank})" if lang == "en"
                else f"langkah untuk {served.program} (peringkat {served.rank})")
        return Explanation(case_id=case.case_id, lang=lang, program=program,
                           program_name={"id": name.id, "en": name.en}, recommended=True, rank=served.rank,
                           status="new", place="step", role=step.kind, terms=(), note=note, variants=variants,
                           nearest_miss=None, why_not=())
    return Explanation(case_id=case.case_id, lang=lang, program=program,
                       program_name={"id": name.id, "en": name.en},
                       recommended=rec is not None, rank=rec.rank if rec else None,
                       status=rec.status if rec else None, place=places[program][0] if rec else None,
                       role=rec.role if rec else None, terms=rec.terms if rec else (),
                       note=rec.note.get(lang) if rec else "", variants=variants,
                       nearest_miss=nearest.engine_rule if nearest else None, why_not=tuple(why))


_LABELS = {
    "id": {"is": "direkomendasikan untuk", "not": "tidak direkomendasikan untuk", "rank": "peringkat",
           "holds": "terpenuhi", "blocked": "dikecualikan", "fails": "tidak terpenuhi ({n} uji gagal)",
           "nearest": "  <- paling dekat", "looked": "dilihat", "found": "ditemukan", "ok": "ya:   ", "no": "tidak:",
           "availability": "  (ketersediaan program)", "blocked_by": "dikecualikan oleh", "why_not": "Mengapa tidak:",
           "new": "baru", "continue": "lanjutkan (sudah ada)", "place": "Tempat",
           "place_main": "daftar utama", "place_also_possible": "juga mungkin", "place_keep": "pertahankan",
           "place_step": "langkah"},
    "en": {"is": "is recommended for", "not": "is not recommended for", "rank": "rank",
           "holds": "holds", "blocked": "blocked", "fails": "fails ({n} failing)",
           "nearest": "  <- nearest miss", "looked": "looked at", "found": "found", "ok": "ok:", "no": "no:",
           "availability": "  (program availability)", "blocked_by": "blocked by its exception",
           "why_not": "Why not:", "new": "new",
           "continue": "continue (already in place)", "place": "Place",
           "place_main": "main list", "place_also_possible": "also possible", "place_keep": "keep",
           "place_step": "step"},
}


def render_explanation(exp: Explanation, compiled: CompiledRuleSet, case: Case) -> str:
    """The explanation as plain text in the explanation's language: each rule, condition, test and fact (the
    compiled rule set is the one the explanation was made with)."""
    rules = compiled.ruleset
    lang = exp.lang
    w, wording, labels = _LABELS["en" if lang == "en" else "id"], WhyNot(rules, lang), names(case, lang)
    name = exp.program_name.get(lang, exp.program_name["en"])
    head = (f"{exp.program} ({name}) {w['is']} {exp.case_id}: {w['rank']} {exp.rank}, "
            f"{w.get(exp.status or '', exp.status)}" if exp.recommended
            else f"{exp.program} ({name}) {w['not']} {exp.case_id}")
    lines = [head]
    if exp.recommended:
        lines.append(f"{w['place']}: {w['place_' + (exp.place or 'main')]}" + (f" - {exp.note}" if exp.note else ""))
        lines += [f"  {term.value * 100:+.1f}  {term.text.get(lang)}" for term in exp.terms]
    lines.append("")
    engine = compiled.by_name()
    for v in exp.variants:
        state = (w["blocked"] if v.holds and v.blocked_by else w["holds"] if v.holds
                 else w["fails"].format(n=v.failing))
        mark = w["nearest"] if v.engine_rule == exp.nearest_miss else ""
        lines.append(f"{wording.source(v.rule)} [{v.engine_rule}]: {state}{mark}")
        for pattern, p in zip(engine[v.engine_rule].patterns, v.patterns, strict=True):
            if p.fact == "available":  # one line: the FGD year against the program's years
                program = rules.programs[str(pattern.tests[0].value)]
                lines.append(f"  {w['ok'] if p.holds else w['no']} {wording.pattern(pattern)} "
                             f"(FGD {case.metadata.date.year}; {wording.availability(program)})")
                continue
            looked = wording.subject(p.fact, p.looked_at, labels)
            lines.append(f"  {w['ok'] if p.holds else w['no']} {wording.pattern(pattern)} ({w['looked']}: {looked})")
            for test, t in zip(pattern.tests, p.tests, strict=True):
                said = wording.test(p.fact, test)
                found = wording.actual(p.fact, test, t.actual)  # a yes/no test that holds says it all
                lines.append(f"        {w['ok'] if t.holds else w['no']} {said}"
                             + ("" if found == said else f" ({w['found']}: {found})")
                             + (w["availability"] if t.availability else ""))
        for b in v.blocked_by:
            lines.append(f"  {w['blocked_by']}: {b}")
    if exp.why_not:
        lines += ["", w["why_not"]] + [f"  - {s}" for s in exp.why_not]
    return "\n".join(lines) + "\n"
