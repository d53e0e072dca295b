"""`rules diff OLD NEW`: what changed between two rule sets, rule by rule, and what it does to past cases' advice.

Both rule sets are loaded in one process; each compiles into its own engine (RuleSet.runtime), so they never share
state. Conditions are compared as written (one line each, in plain words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..advisor import advise
from ..loading import load_case
from .model import AllOf, AnyOf, Pattern, Program, Rule, RuleSet, Test

__all__ = ["CaseImpact", "DiffReport", "RuleChange", "condition_words", "diff_rulesets", "render_diff"]


@dataclass(frozen=True)
class RuleChange:
    rule: str
    changes: tuple[str, ...]  # one sentence per changed field or condition


@dataclass(frozen=True)
class CaseImpact:
    case: str
    gained: tuple[str, ...]
    lost: tuple[str, ...]
    moved: tuple[tuple[str, int, int], ...]  # program, old rank, new rank

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.lost or self.moved)


@dataclass(frozen=True)
class DiffReport:
    old: str  # "name version (hash)"
    new: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[RuleChange, ...]
    catalogue: tuple[str, ...]
    prerequisites: tuple[str, ...]
    impact: tuple[CaseImpact, ...]

    @property
    def advice_changed(self) -> bool:
        return any(i.changed for i in self.impact)


def _test_words(t: Test) -> str:
    op = {"eq": "=", "in": "is one of", "min": ">=", "max": "<=", "above": ">", "below": "<", "not": "!=",
          "none_of": "is none of", "includes": "includes", "includes_any": "includes one of"}
    if t.op == "exists":
        return f"{t.field} {'is present' if t.value else 'is absent'}"
    value = "[" + ", ".join(map(str, t.value)) + "]" if isinstance(t.value, tuple) else t.value
    value = str(value).lower() if isinstance(value, bool) else value
    return f"{t.field} {op[t.op]} {value}"


def _pattern_words(p: Pattern) -> str:
    return f"{p.fact} with " + ", ".join(_test_words(t) for t in p.tests) if p.tests else f"any {p.fact}"


def condition_words(item: Pattern | AnyOf | AllOf) -> str:
    """One condition (a `when` or `unless` item) in plain words."""
    if isinstance(item, AnyOf):
        return "any of: " + " | ".join(_pattern_words(p) for p in item.options)
    if isinstance(item, AllOf):
        return "all of: " + " & ".join(_pattern_words(p) for p in item.patterns)
    return _pattern_words(item)


def _list_changes(label: str, old: Sequence[Pattern | AnyOf | AllOf],
                  new: Sequence[Pattern | AnyOf | AllOf]) -> list[str]:
    a = [condition_words(i) for i in old]
    b = [condition_words(i) for i in new]
    out = [f"{label}: removed condition: {w}" for w in a if w not in b]
    out += [f"{label}: added condition: {w}" for w in b if w not in a]
    return out


def _rule_changes(a: Rule, b: Rule) -> list[str]:
    out = []
    for name in ("program", "priority"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{name}: {getattr(a, name)} -> {getattr(b, name)}")
    for name in ("title", "rationale"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{name} reworded: {getattr(b, name).en!r}")
    if a.source != b.source:
        out.append(f"source: {'; '.join(a.source) or '-'} -> {'; '.join(b.source) or '-'}")
    out += _list_changes("when", a.when, b.when)
    out += _list_changes("unless", a.unless, b.unless)
    return out


def _span(p: Program) -> str:
    if p.available_from and p.available_until:
        return f"{p.available_from}-{p.available_until}"
    if p.available_from or p.available_until:
        return f"from {p.available_from}" if p.available_from else f"until {p.available_until}"
    return "always"


def _program_changes(a: Program, b: Program) -> list[str]:
    out = []
    if (a.available_from, a.available_until) != (b.available_from, b.available_until):
        out.append(f"{a.id}: available {_span(a)} -> {_span(b)}")
    out += [f"{a.id}: requires: {w}" for w in _list_changes("", a.requires, b.requires)]
    for name in ("agency", "kinds", "addresses_problems", "addresses_causes", "timing", "locality"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{a.id}: {name}: {getattr(a, name)} -> {getattr(b, name)}")
    return [w.replace("requires: : ", "requires: ") for w in out]


def _ranks(case_path: Path, rules: RuleSet) -> dict[str, int]:
    advice = advise(load_case(case_path, rules), rules)
    return {r.program: r.rank for r in (*advice.recommendations, *advice.also_possible)}


def diff_rulesets(old: RuleSet, new: RuleSet, case_files: Sequence[Path] = ()) -> DiffReport:
    """Rule-level differences between two loaded rule sets, and the advice they give on each case file."""
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    changed = tuple(RuleChange(rid, tuple(c)) for rid in sorted(set(old_rules) & set(new_rules))
                    if (c := _rule_changes(old_rules[rid], new_rules[rid])))
    catalogue = [f"added program {p}" for p in sorted(set(new.programs) - set(old.programs))]
    catalogue += [f"removed program {p}" for p in sorted(set(old.programs) - set(new.programs))]
    for pid in sorted(set(old.programs) & set(new.programs)):
        catalogue += _program_changes(old.programs[pid], new.programs[pid])
    pre_old = {(p.program, p.needs): p for p in old.prerequisites}
    pre_new = {(p.program, p.needs): p for p in new.prerequisites}
    prereqs = [f"added: {a} needs {b}" for a, b in sorted(set(pre_new) - set(pre_old))]
    prereqs += [f"removed: {a} needs {b}" for a, b in sorted(set(pre_old) - set(pre_new))]
    prereqs += [f"changed: {a} needs {b}: " + "; ".join(w) for (a, b) in sorted(set(pre_old) & set(pre_new))
                if (w := _list_changes("needed_when", pre_old[a, b].needed_when, pre_new[a, b].needed_when))]
    impact = []
    for path in case_files:
        before, after = _ranks(path, old), _ranks(path, new)
        impact.append(CaseImpact(
            case=str(path), gained=tuple(sorted(set(after) - set(before))),
            lost=tuple(sorted(set(before) - set(after))),
            moved=tuple((p, before[p], after[p]) for p in sorted(set(before) & set(after)) if before[p] != after[p])))
    return DiffReport(
        old=f"{old.name} {old.version} ({old.hash})", new=f"{new.name} {new.version} ({new.hash})",
        added=tuple(sorted(set(new_rules) - set(old_rules))), removed=tuple(sorted(set(old_rules) - set(new_rules))),
        changed=changed, catalogue=tuple(catalogue), prerequisites=tuple(prereqs), impact=tuple(impact))


def render_diff(report: DiffReport) -> str:
    lines = [f"rules diff: {report.old} -> {report.new}", ""]
    lines += [f"added rule {r}" for r in report.added]
    lines += [f"removed rule {r}" for r in report.removed]
    for change in report.changed:
        lines.append(f"changed rule {change.rule}:")
        lines += [f"  - {c}" for c in change.changes]
    lines += [f"catalogue: {c}" for c in report.catalogue]
    lines += [f"prerequisites: {c}" for c in report.prerequisites]
    if len(lines) == 2:
        lines.append("no rule, catalogue or prerequisite changes")
    lines.append("")
    changed = [i for i in report.impact if i.changed]
    lines.append(f"impact on {len(report.impact)} cases: {len(changed)} with changed advice")
    for i in changed:
        lines.append(f"  {i.case}:")
        lines += [f"    + {p} now recommended" for p in i.gained]
        lines += [f"    - {p} no longer recommended" for p in i.lost]
        lines += [f"    ~ {p} rank {a} -> {b}" for p, a, b in i.moved]
    return "\n".join(lines) + "\n"
