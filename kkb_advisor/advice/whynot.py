"""Why a program is not recommended for a case: each compiled rule that could recommend it, checked test by test
against the case's facts in Python (durable_rules only reports what fired), and the nearest miss in words.

Used by `explain` and by the advice itself (an agency's offer that this case cannot take, with the reason).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..model.case import Case
from ..model.ruleset import Program
from ..rules.compiler import CompiledRuleSet, EngineRule
from ..rules.evaluator import explain_pattern, pattern_matches
from ..rules.fields import Fact
from ..rules.whynot import WhyNot

__all__ = ["FieldCheck", "PatternCheck", "VariantCheck", "check", "names"]


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


def names(case: Case, lang: str) -> dict[str, str]:
    """Node id -> the label people gave it in the case (problems, causes, assets)."""
    out = {a.id: a.name for a in case.assets}
    for n in (*((p.id, p.label_id, p.label_en) for p in case.problems),
              *((c.id, c.label_id, c.label_en) for c in case.causes)):
        out[n[0]] = (n[2] or n[1]) if lang == "en" else n[1]
    return out


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
                span = wording.availability(compiled.ruleset.programs[program])
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


def check(case: Case, compiled: CompiledRuleSet, facts: list[Fact], recommended: Iterable[str], program: str,
          lang: str) -> tuple[tuple[VariantCheck, ...], list[str], VariantCheck | None]:
    """Every engine rule that could recommend ``program``, checked on the case's facts (with a `recommended` fact
    for each program the engine recommended, as it asserted them); and, if it is not recommended, the sentences of
    what would have to differ and the nearest miss."""
    facts = [*facts, *({"id": f"recommended:{p}", "t": "recommended", "program": p} for p in sorted(recommended))]
    by_kind: dict[str, list[Fact]] = {}
    for f in facts:
        by_kind.setdefault(f["t"], []).append(f)
    rules = compiled.ruleset
    wording = WhyNot(rules, lang)
    blocked: dict[str, list[str]] = {}
    for r in compiled.rules:
        if r.role == "unless" and _assignable(r, by_kind):
            words = f" {'and' if lang == 'en' else 'dan'} ".join(wording.pattern(p) for p in r.patterns)
            blocked.setdefault(r.source, []).append(words)
    variants = tuple(_check_variant(r, facts, by_kind, blocked, rules.programs[program]) for r in compiled.rules
                     if r.role in {"rule", "prereq"} and r.program == program)
    if program in set(recommended):
        return variants, [], None
    why, nearest = _why_not(program, variants, compiled, wording, names(case, lang), case.metadata.date.year)
    return variants, why, nearest
