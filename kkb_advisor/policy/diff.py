"""`rules diff OLD NEW`: what changed between two rule sets, rule by rule, and what it does to past cases' advice.

Both rule sets are loaded in one process; each compiles into its own engine (an Advisor each), so they never share
state. Conditions are compared as written (one line each, in plain words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..advice.advisor import Advisor
from ..case.load import load_case
from ..model.ruleset import AllOf, AnyOf, Pattern, Program, Rule, RuleSet
from ..rules.wording import Wording

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
    lang: str = "en"

    @property
    def advice_changed(self) -> bool:
        return any(i.changed for i in self.impact)


_WORDS: dict[str, dict[str, str]] = {
    "removed_condition": {"id": "syarat dihapus", "en": "removed condition"},
    "added_condition": {"id": "syarat ditambah", "en": "added condition"},
    "when": {"id": "jika", "en": "when"}, "unless": {"id": "kecuali", "en": "unless"},
    "needed_when": {"id": "diperlukan jika", "en": "needed when"},
    "requires": {"id": "syarat program", "en": "requires"},
    "program": {"id": "program", "en": "program"}, "priority": {"id": "prioritas", "en": "priority"},
    "title": {"id": "judul diubah", "en": "title reworded"},
    "rationale": {"id": "alasan diubah", "en": "rationale reworded"},
    "source": {"id": "sumber", "en": "source"}, "available": {"id": "tersedia", "en": "available"},
    "always": {"id": "selalu", "en": "always"}, "from": {"id": "sejak", "en": "from"},
    "until": {"id": "sampai", "en": "until"},
    "added_rule": {"id": "aturan baru", "en": "added rule"},
    "removed_rule": {"id": "aturan dihapus", "en": "removed rule"},
    "changed_rule": {"id": "aturan diubah", "en": "changed rule"}, "catalogue": {"id": "katalog", "en": "catalogue"},
    "prerequisites": {"id": "prasyarat", "en": "prerequisites"},
    "added_program": {"id": "program baru", "en": "added program"},
    "removed_program": {"id": "program dihapus", "en": "removed program"},
    "added": {"id": "baru", "en": "added"}, "removed": {"id": "dihapus", "en": "removed"},
    "changed": {"id": "diubah", "en": "changed"}, "needs": {"id": "memerlukan", "en": "needs"},
    "no_changes": {"id": "tidak ada perubahan aturan, katalog atau prasyarat",
                   "en": "no rule, catalogue or prerequisite changes"},
    "impact": {"id": "dampak pada {n} kasus: {c} dengan saran yang berubah",
               "en": "impact on {n} cases: {c} with changed advice"},
    "now": {"id": "kini direkomendasikan", "en": "now recommended"},
    "no_longer": {"id": "tidak lagi direkomendasikan", "en": "no longer recommended"},
    "rank": {"id": "peringkat", "en": "rank"},
}


def _w(key: str, lang: str) -> str:
    return _WORDS[key]["en" if lang == "en" else "id"]


def condition_words(item: Pattern | AnyOf | AllOf, ruleset: RuleSet, lang: str = "en") -> str:
    """One condition (a `when` or `unless` item) in plain words."""
    return Wording(ruleset, lang).item(item)


def _list_changes(label: str, old: Sequence[Pattern | AnyOf | AllOf], new: Sequence[Pattern | AnyOf | AllOf],
                  ctx: tuple[RuleSet, RuleSet, str]) -> list[str]:
    old_rules, new_rules, lang = ctx
    before, after = Wording(old_rules, lang), Wording(new_rules, lang)
    prefix = f"{_w(label, lang)}: " if label else ""
    out = [f"{prefix}{_w('removed_condition', lang)}: {before.item(i)}" for i in old if i not in new]
    out += [f"{prefix}{_w('added_condition', lang)}: {after.item(i)}" for i in new if i not in old]
    return out


def _rule_changes(a: Rule, b: Rule, ctx: tuple[RuleSet, RuleSet, str]) -> list[str]:
    lang = ctx[2]
    out = []
    for name in ("program", "priority"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{_w(name, lang)}: {getattr(a, name)} -> {getattr(b, name)}")
    for name in ("title", "rationale"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{_w(name, lang)}: {getattr(b, name).get(lang)!r}")
    if a.source != b.source:
        out.append(f"{_w('source', lang)}: {'; '.join(a.source) or '-'} -> {'; '.join(b.source) or '-'}")
    out += _list_changes("when", a.when, b.when, ctx)
    out += _list_changes("unless", a.unless, b.unless, ctx)
    return out


def _span(p: Program, lang: str) -> str:
    if p.available_from and p.available_until:
        return f"{p.available_from}-{p.available_until}"
    if p.available_from:
        return f"{_w('from', lang)} {p.available_from}"
    if p.available_until:
        return f"{_w('until', lang)} {p.available_until}"
    return _w("always", lang)


def _program_changes(a: Program, b: Program, ctx: tuple[RuleSet, RuleSet, str]) -> list[str]:
    lang = ctx[2]
    out = []
    if (a.available_from, a.available_until) != (b.available_from, b.available_until):
        out.append(f"{a.id}: {_w('available', lang)} {_span(a, lang)} -> {_span(b, lang)}")
    out += [f"{a.id}: {_w('requires', lang)}: {w}" for w in _list_changes("", a.requires, b.requires, ctx)]
    for name in ("agency", "kinds", "addresses_problems", "addresses_causes", "timing", "locality"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{a.id}: {name}: {getattr(a, name)} -> {getattr(b, name)}")
    return out


def _ranks(case_path: Path, advisor: Advisor) -> dict[str, int]:
    advice = advisor.advise(load_case(case_path, advisor.rules))
    return {r.program: r.rank for r in (*advice.recommendations, *advice.also_possible)}


def diff_rulesets(old: RuleSet, new: RuleSet, case_files: Sequence[Path] = (), *, lang: str = "en") -> DiffReport:
    """Rule-level differences between two loaded rule sets, and the advice they give on each case file."""
    ctx = (old, new, lang)
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    changed = tuple(RuleChange(rid, tuple(c)) for rid in sorted(set(old_rules) & set(new_rules))
                    if (c := _rule_changes(old_rules[rid], new_rules[rid], ctx)))
    catalogue = [f"{_w('added_program', lang)} {p}" for p in sorted(set(new.programs) - set(old.programs))]
    catalogue += [f"{_w('removed_program', lang)} {p}" for p in sorted(set(old.programs) - set(new.programs))]
    for pid in sorted(set(old.programs) & set(new.programs)):
        catalogue += _program_changes(old.programs[pid], new.programs[pid], ctx)
    pre_old = {(p.program, p.needs): p for p in old.prerequisites}
    pre_new = {(p.program, p.needs): p for p in new.prerequisites}
    needs = _w("needs", lang)
    prereqs = [f"{_w('added', lang)}: {a} {needs} {b}" for a, b in sorted(set(pre_new) - set(pre_old))]
    prereqs += [f"{_w('removed', lang)}: {a} {needs} {b}" for a, b in sorted(set(pre_old) - set(pre_new))]
    prereqs += [f"{_w('changed', lang)}: {a} {needs} {b}: " + "; ".join(w)
                for (a, b) in sorted(set(pre_old) & set(pre_new))
                if (w := _list_changes("needed_when", pre_old[a, b].needed_when, pre_new[a, b].needed_when, ctx))]
    impact = []
    if case_files:
        with Advisor(old) as old_advisor, Advisor(new) as new_advisor:
            for path in case_files:
                before, after = _ranks(path, old_advisor), _ranks(path, new_advisor)
                impact.append(CaseImpact(
                    case=str(path), gained=tuple(sorted(set(after) - set(before))),
                    lost=tuple(sorted(set(before) - set(after))),
                    moved=tuple((p, before[p], after[p]) for p in sorted(set(before) & set(after))
                                if before[p] != after[p])))
    return DiffReport(
        old=f"{old.name} {old.version} ({old.hash})", new=f"{new.name} {new.version} ({new.hash})",
        added=tuple(sorted(set(new_rules) - set(old_rules))), removed=tuple(sorted(set(old_rules) - set(new_rules))),
        changed=changed, catalogue=tuple(catalogue), prerequisites=tuple(prereqs), impact=tuple(impact), lang=lang)


def render_diff(report: DiffReport) -> str:
    """The report as text, in the language it was made in."""
    lang = report.lang
    lines = [f"rules diff: {report.old} -> {report.new}", ""]
    lines += [f"{_w('added_rule', lang)} {r}" for r in report.added]
    lines += [f"{_w('removed_rule', lang)} {r}" for r in report.removed]
    for change in report.changed:
        lines.append(f"{_w('changed_rule', lang)} {change.rule}:")
        lines += [f"  - {c}" for c in change.changes]
    lines += [f"{_w('catalogue', lang)}: {c}" for c in report.catalogue]
    lines += [f"{_w('prerequisites', lang)}: {c}" for c in report.prerequisites]
    if len(lines) == 2:
        lines.append(_w("no_changes", lang))
    lines.append("")
    changed = [i for i in report.impact if i.changed]
    lines.append(_w("impact", lang).format(n=len(report.impact), c=len(changed)))
    for i in changed:
        lines.append(f"  {i.case}:")
        lines += [f"    + {p} {_w('now', lang)}" for p in i.gained]
        lines += [f"    - {p} {_w('no_longer', lang)}" for p in i.lost]
        lines += [f"    ~ {p} {_w('rank', lang)} {a} -> {b}" for p, a, b in i.moved]
    return "\n".join(lines) + "\n"
