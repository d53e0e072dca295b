"""Why a program is (not) recommended for a case: every compiled rule that could recommend it, test by test.

durable_rules only reports what fired. For the why-not, the same compiled patterns are evaluated in Python
(rules/evaluator.py) and the explanation is checked against the engine's advice (``recommended`` comes from
advise(); tests/policy/test_explain.py checks that both agree on every bundled case).
"""

from __future__ import annotations

import itertools
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..errors import UsageError, did_you_mean
from ..model.case import Case
from ..model.ruleset import Program, RuleSet
from ..rules.compiler import CompiledRuleSet, EngineRule
from ..rules.evaluator import explain_pattern, pattern_matches
from ..rules.whynot import WhyNot
from .advisor import Advisor
from .facts import Fact, case_facts
from .graph import analyse, build_graph

__all__ = ["Explanation", "FieldCheck", "PatternCheck", "VariantCheck", "explain", "render_explanation"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldCheck(_Out):
    field: str
    operator: str
    expected: Any
    actual: Any  # the value on the fact looked at; None when the field is missing
    holds: bool
    availability: bool = False  # the program's catalogue availability (a test on the FGD year)


class PatternCheck(_Out):
    fact: str  # kind of fact: case, problem, cause, reach, link, asset, existing, recommended
    where: str  # file and path of the condition
    looked_at: str | None  # the id of the fact that came closest (None: no fact of this kind)
    holds: bool
    tests: tuple[FieldCheck, ...]


class VariantCheck(_Out):
    """One compiled engine rule: a rule with one choice among its `any` alternatives, or a prerequisite."""

    engine_rule: str
    rule: str  # rule id, or needs:A>B for a prerequisite
    role: str  # rule | prereq
    holds: bool  # every pattern holds, each on a different fact
    blocked_by: tuple[str, ...]  # `unless` conditions that held, in words
    failing: int  # tests that do not hold
    patterns: tuple[PatternCheck, ...]


class Explanation(_Out):
    case_id: str
    lang: str  # the language of the sentences (why_not, blocked_by): id or en
    program: str
    program_name: dict[str, str]  # {"id": ..., "en": ...}
    recommended: bool
    rank: int | None
    status: str | None
    variants: tuple[VariantCheck, ...]
    nearest_miss: str | None  # engine rule name of the nearest miss (programs not recommended)
    why_not: tuple[str, ...]  # sentences: what would have to be different


def _assignable(rule: EngineRule, by_kind: dict[str, list[Fact]]) -> bool:
    per = [[f["id"] for f in by_kind.get(p.fact, ()) if pattern_matches(f, p)] for p in rule.patterns]
    return any(len(set(c)) == len(c) for c in itertools.product(*per))


def _check_variant(rule: EngineRule, facts: list[Fact], by_kind: dict[str, list[Fact]],
                   blocked: dict[str, list[str]], program: Program) -> VariantCheck:
    checks = []
    for p in rule.patterns:
        if p.fact == "available":  # the program's own availability fact, or none: never another program's
            own = [f for f in facts if f["t"] == "available" and f["program"] == p.tests[0].value]
            fid, results = explain_pattern(p, own)
        else:
            fid, results = explain_pattern(p, facts)
        tests = tuple(FieldCheck(field=r.test.field, operator=r.test.op,
                                expected=list(r.test.value) if isinstance(r.test.value, tuple) else r.test.value,
                                actual=r.actual, holds=r.holds,
                                availability=p.fact == "available") for r in results)
        checks.append(PatternCheck(fact=p.fact, where=p.where, looked_at=fid,
                                   holds=fid is not None and all(t.holds for t in tests), tests=tests))
    return VariantCheck(engine_rule=rule.name, rule=rule.source, role=rule.role,
                        holds=_assignable(rule, by_kind), blocked_by=tuple(blocked.get(rule.source, ())),
                        failing=sum(not t.holds for c in checks for t in c.tests) + sum(
                            c.looked_at is None and not c.tests for c in checks), patterns=tuple(checks))


def _names(case: Case, lang: str) -> dict[str, str]:
    """Node id -> the label people gave it in the case (problems, causes, assets)."""
    out = {a.id: a.name for a in case.assets}
    for n in (*((p.id, p.label_id, p.label_en) for p in case.problems),
              *((c.id, c.label_id, c.label_en) for c in case.causes)):
        out[n[0]] = (n[2] or n[1]) if lang == "en" else n[1]
    return out


def explain(case: Case, rules: RuleSet | Advisor, program: str, *, lang: str = "id") -> Explanation:
    """Explain why ``program`` is or is not recommended for ``case`` (under a rule set, or an Advisor's compiled
    rule set: the rules are compiled once either way); sentences in ``lang``."""
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
    recs = {r.program: r for r in (*advice.recommendations, *advice.also_possible)}
    facts = case_facts(case, analyse(build_graph(case)), rules)
    # `recommended` facts exactly as the engine asserted them (one per program it recommended)
    facts += [{"id": f"recommended:{p}", "t": "recommended", "program": p} for p in sorted(recs)]
    by_kind: dict[str, list[Fact]] = {}
    for f in facts:
        by_kind.setdefault(f["t"], []).append(f)
    wording = WhyNot(rules, lang)
    blocked: dict[str, list[str]] = {}
    for r in compiled.rules:
        if r.role == "unless" and _assignable(r, by_kind):
            words = f" {'and' if lang == 'en' else 'dan'} ".join(wording.pattern(p) for p in r.patterns)
            blocked.setdefault(r.source, []).append(words)
    variants = tuple(_check_variant(r, facts, by_kind, blocked, rules.programs[program]) for r in compiled.rules
                     if r.role in {"rule", "prereq"} and r.program == program)
    rec = recs.get(program)
    nearest: VariantCheck | None = None
    why: list[str] = []
    if rec is None:
        why, nearest = _why_not(program, variants, compiled, wording, _names(case, lang), case.metadata.date.year)
    name = rules.programs[program].name
    return Explanation(case_id=case.case_id, lang=lang, program=program,
                       program_name={"id": name.id, "en": name.en},
                       recommended=rec is not None, rank=rec.rank if rec else None,
                       status=rec.status if rec else None, variants=variants,
                       nearest_miss=nearest.engine_rule if nearest else None, why_not=tuple(why))


def _why_not(program: str, variants: tuple[VariantCheck, ...], compiled: CompiledRuleSet, wording: WhyNot,
             names: dict[str, str], year: int) -> tuple[list[str], VariantCheck | None]:
    en = wording.lang == "en"
    if not variants:
        return [f"no rule recommends {program}, and no prerequisite leads to it" if en else
                f"tidak ada aturan yang merekomendasikan {program}, dan tidak ada prasyarat yang mengarah ke sana"
                ], None
    out: list[str] = []
    for v in variants:
        if v.holds and v.blocked_by:
            said = (f"{wording.source(v.rule)} holds, but its exception applies: " if en else
                    f"{wording.source(v.rule)} terpenuhi, tetapi pengecualiannya berlaku: ") + " / ".join(v.blocked_by)
            out.append(said[0].upper() + said[1:])
    misses = [v for v in variants if not v.holds]
    if not misses:
        return out, None
    nearest = min(misses, key=lambda v: v.failing)  # min keeps the first of equals: rule order breaks ties
    rule = compiled.by_name()[nearest.engine_rule]
    for pattern, check in zip(rule.patterns, nearest.patterns, strict=True):
        if pattern.fact == "available" and not check.holds:  # the compiler's availability pattern
            needed = compiled.ruleset.programs[str(pattern.tests[0].value)]
            now = f"{year}; {'the program is' if en else 'program'} {wording.availability(needed)}"
            out.append(wording.would(program, nearest.rule, wording.held_in(needed), now))
            continue
        if check.looked_at is None and pattern.fact != "case":  # no fact of this kind at all
            out.append(wording.would(program, nearest.rule, wording.missing(pattern)))
            continue
        subject = wording.subject(pattern.fact, check.looked_at, names)
        for test, t in zip(pattern.tests, check.tests, strict=True):
            if t.holds:
                continue
            if t.availability:
                span = wording.availability(compiled.ruleset.programs[rule.program])
                now = f"{t.actual}; {'the program is' if en else 'program'} {span}"
                out.append(wording.would(program, nearest.rule, wording.needed(pattern, test, subject), now))
                continue
            out.append(wording.would(program, nearest.rule, wording.needed(pattern, test, subject),
                                     wording.actual(pattern.fact, test, t.actual)))
    if nearest.failing == 0:  # every pattern holds on its own, but not each on a different fact
        out.append(f"{wording.source(nearest.rule)}: " + (
            "its conditions hold only on the same fact; they need different ones" if en else
            "kondisinya hanya terpenuhi oleh fakta yang sama, padahal tiap kondisi perlu fakta sendiri"))
    return out, nearest


_LABELS = {
    "id": {"is": "direkomendasikan untuk", "not": "tidak direkomendasikan untuk", "rank": "peringkat",
           "holds": "terpenuhi", "blocked": "dikecualikan", "fails": "tidak terpenuhi ({n} uji gagal)",
           "nearest": "  <- paling dekat", "looked": "dilihat", "found": "ditemukan", "ok": "ya:   ", "no": "tidak:",
           "availability": "  (ketersediaan program)", "blocked_by": "dikecualikan oleh", "why_not": "Mengapa tidak:",
           "new": "baru", "continue": "lanjutkan (sudah ada)"},
    "en": {"is": "is recommended for", "not": "is not recommended for", "rank": "rank",
           "holds": "holds", "blocked": "blocked", "fails": "fails ({n} failing)",
           "nearest": "  <- nearest miss", "looked": "looked at", "found": "found", "ok": "ok:", "no": "no:",
           "availability": "  (program availability)", "blocked_by": "blocked by its exception",
           "why_not": "Why not:", "new": "new",
           "continue": "continue (already in place)"},
}


def render_explanation(exp: Explanation, compiled: CompiledRuleSet, case: Case) -> str:
    """The explanation as plain text in the explanation's language: each rule, condition, test and fact (the
    compiled rule set is the one the explanation was made with)."""
    rules = compiled.ruleset
    lang = exp.lang
    w, wording, names = _LABELS["en" if lang == "en" else "id"], WhyNot(rules, lang), _names(case, lang)
    name = exp.program_name.get(lang, exp.program_name["en"])
    head = (f"{exp.program} ({name}) {w['is']} {exp.case_id}: {w['rank']} {exp.rank}, "
            f"{w.get(exp.status or '', exp.status)}" if exp.recommended
            else f"{exp.program} ({name}) {w['not']} {exp.case_id}")
    lines = [head, ""]
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
            looked = wording.subject(p.fact, p.looked_at, names)
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
