"""Why a program is (not) recommended for a case: every compiled rule that could recommend it, test by test.

durable_rules only reports what fired. For the why-not, the same compiled patterns are evaluated in Python
(rules/evaluator.py) and the explanation is checked against the engine's advice (``recommended`` comes from
advise(); tests/policy/test_explain.py checks that both agree on every bundled case).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pydantic import BaseModel, ConfigDict

from .advisor import advise
from .errors import UsageError, did_you_mean
from .facts import Fact, case_facts
from .graph import analyse, build_graph
from .models import Case
from .rules.compiler import CompiledRuleSet, EngineRule, compile_ruleset
from .rules.evaluator import explain_pattern, pattern_matches
from .rules.model import Pattern, RuleSet, Test

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
    blocked_by: tuple[str, ...]  # `unless` conditions that held (rule ids / needs:A>B), in words
    failing: int  # tests that do not hold
    patterns: tuple[PatternCheck, ...]


class Explanation(_Out):
    case_id: str
    program: str
    program_name: dict[str, str]  # {"id": ..., "en": ...}
    recommended: bool
    rank: int | None
    status: str | None
    variants: tuple[VariantCheck, ...]
    nearest_miss: str | None  # engine rule name of the nearest miss (programs not recommended)
    why_not: tuple[str, ...]  # sentences: what would have to be different


def _value_words(test: Test) -> str:
    v = test.value
    if test.field == "date" and isinstance(v, int):
        v = dt.date(v // 10000, v // 100 % 100, v % 100).isoformat()
    if isinstance(v, tuple):
        return "[" + ", ".join(str(x) for x in v) + "]"
    return str(v).lower() if isinstance(v, bool) else str(v)


def _test_words(test: Test) -> str:
    op = {"eq": "=", "in": "one of", "min": ">=", "max": "<=", "above": ">", "below": "<", "not": "!=",
          "none_of": "none of", "includes": "including", "includes_any": "including one of"}
    if test.op == "exists":
        return f"{test.field} {'present' if test.value else 'absent'}"
    return f"{test.field} {op[test.op]} {_value_words(test)}"


def _subject(pattern: Pattern, fact_id: str | None) -> str:
    if pattern.fact == "case":
        return "the case"
    if fact_id is not None:
        return f"{pattern.fact} {fact_id.split(':', 1)[1]}"
    article = "an" if pattern.fact[0] in "aeiou" else "a"
    return f"{article} {pattern.fact}"


def _assignable(rule: EngineRule, by_kind: dict[str, list[Fact]]) -> bool:
    per = [[f["id"] for f in by_kind.get(p.fact, ()) if pattern_matches(f, p)] for p in rule.patterns]
    return any(len(set(c)) == len(c) for c in itertools.product(*per))


def _check_variant(rule: EngineRule, facts: list[Fact], by_kind: dict[str, list[Fact]],
                   blocked: dict[str, list[str]]) -> VariantCheck:
    checks = []
    for p in rule.patterns:
        fid, results = explain_pattern(p, facts)
        avail = "catalogue:" in p.where and ".available" in p.where
        tests = tuple(FieldCheck(field=r.test.field, operator=r.test.op,
                                expected=list(r.test.value) if isinstance(r.test.value, tuple) else r.test.value,
                                actual=r.actual, holds=r.holds,
                                availability=avail and r.test.field == "year") for r in results)
        checks.append(PatternCheck(fact=p.fact, where=p.where, looked_at=fid,
                                   holds=fid is not None and all(t.holds for t in tests), tests=tests))
    return VariantCheck(engine_rule=rule.name, rule=rule.source, role=rule.role,
                        holds=_assignable(rule, by_kind), blocked_by=tuple(blocked.get(rule.source, ())),
                        failing=sum(not t.holds for c in checks for t in c.tests) + sum(
                            c.looked_at is None and not c.tests for c in checks), patterns=tuple(checks))


def explain(case: Case, rules: RuleSet, program: str, *, compiled: CompiledRuleSet | None = None) -> Explanation:
    """Explain why ``program`` is or is not recommended for ``case`` under ``rules``."""
    if program not in rules.programs:
        hint = did_you_mean(program, rules.programs) or "use a program id from the catalogue"
        raise UsageError(f"unknown program '{program}'; {hint}")
    compiled = compiled or rules.runtime.get("compiled") or compile_ruleset(rules)
    advice = advise(case, rules)
    recs = {r.program: r for r in (*advice.recommendations, *advice.also_possible)}
    facts = case_facts(case, analyse(build_graph(case)), rules.taxonomy)
    # `recommended` facts exactly as the engine asserted them (one per program it recommended)
    facts += [{"id": f"recommended:{p}", "t": "recommended", "program": p} for p in sorted(recs)]
    by_kind: dict[str, list[Fact]] = {}
    for f in facts:
        by_kind.setdefault(f["t"], []).append(f)
    blocked: dict[str, list[str]] = {}
    for r in compiled.rules:
        if r.role == "unless" and _assignable(r, by_kind):
            words = "; ".join(f"{p.fact} " + ", ".join(_test_words(t) for t in p.tests) for p in r.patterns)
            blocked.setdefault(r.source, []).append(words)
    variants = tuple(_check_variant(r, facts, by_kind, blocked) for r in compiled.rules
                     if r.role in {"rule", "prereq"} and r.program == program)
    rec = recs.get(program)
    nearest: VariantCheck | None = None
    why: list[str] = []
    if rec is None:
        why, nearest = _why_not(program, variants, compiled)
    name = rules.programs[program].name
    return Explanation(case_id=case.case_id, program=program, program_name={"id": name.id, "en": name.en},
                       recommended=rec is not None, rank=rec.rank if rec else None,
                       status=rec.status if rec else None, variants=variants,
                       nearest_miss=nearest.engine_rule if nearest else None, why_not=tuple(why))


def _why_not(program: str, variants: tuple[VariantCheck, ...],
             compiled: CompiledRuleSet) -> tuple[list[str], VariantCheck | None]:
    if not variants:
        return [f"no rule recommends {program}, and no prerequisite leads to it"], None
    out: list[str] = []
    for v in variants:
        if v.holds and v.blocked_by:
            out.append(f"{v.rule} held but is blocked by its `unless`: " + " / ".join(v.blocked_by))
    misses = [v for v in variants if not v.holds]
    if not misses:
        return out, None
    nearest = min(misses, key=lambda v: v.failing)  # min keeps the first of equals: rule order breaks ties
    rule = compiled.by_name()[nearest.engine_rule]
    for pattern, check in zip(rule.patterns, nearest.patterns, strict=True):
        for test, t in zip(pattern.tests, check.tests, strict=True):
            if t.holds:
                continue
            if t.availability:
                bound = f"in {test.value} or later" if test.op == "min" else f"in {test.value} or earlier"
                out.append(f"{program} would be recommended by {nearest.rule} if the FGD date were {bound} "
                           f"(program available {'from' if test.op == 'min' else 'until'} {test.value})")
                continue
            out.append(f"{program} would be recommended by {nearest.rule} if {_subject(pattern, check.looked_at)} "
                       f"had {_test_words(test)}" + (f" (it has {_actual(t)})" if t.actual is not None else
                                                    " (it has no value)" if check.looked_at else ""))
        if check.looked_at is None and not check.tests:
            out.append(f"{program} would be recommended by {nearest.rule} if the case had {_subject(pattern, None)}")
    if nearest.failing == 0:  # every pattern holds on its own, but not each on a different fact
        out.append(f"{nearest.rule}: its conditions hold only on the same fact; they need different ones")
    return out, nearest


def _actual(t: FieldCheck) -> str:
    if t.field == "date" and isinstance(t.actual, int):
        return dt.date(t.actual // 10000, t.actual // 100 % 100, t.actual % 100).isoformat()
    return str(t.actual).lower() if isinstance(t.actual, bool) else str(t.actual)


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if value is None:
        return "missing"
    return str(value).lower() if isinstance(value, bool) else str(value)


def render_explanation(exp: Explanation, lang: str = "id") -> str:
    """The explanation as plain text (program name in ``lang``; conditions as written in the rules)."""
    name = exp.program_name.get(lang, exp.program_name["en"])
    head = (f"{exp.program} ({name}) is recommended for {exp.case_id}: rank {exp.rank}, {exp.status}"
            if exp.recommended else f"{exp.program} ({name}) is not recommended for {exp.case_id}")
    lines = [head, ""]
    for v in exp.variants:
        state = "blocked" if v.holds and v.blocked_by else "holds" if v.holds else f"fails ({v.failing} tests)"
        mark = " <- nearest miss" if v.engine_rule == exp.nearest_miss else ""
        lines.append(f"{v.rule} [{v.role} {v.engine_rule}]: {state}{mark}")
        for p in v.patterns:
            lines.append(f"  {'ok ' if p.holds else 'no '} {p.fact} (looked at {p.looked_at or 'nothing'})")
            for t in p.tests:
                lines.append(f"      {'ok ' if t.holds else 'no '} {t.field} {t.operator} {_fmt(t.expected)}: "
                             f"{_fmt(t.actual)}"
                             + ("  (availability)" if t.availability else ""))
        for b in v.blocked_by:
            lines.append(f"  blocked by unless: {b}")
    if exp.why_not:
        lines += ["", "Why not:"] + [f"  - {s}" for s in exp.why_not]
    return "\n".join(lines) + "\n"
