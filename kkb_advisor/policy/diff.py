"""`rules diff OLD NEW`: what changed between two rule sets, rule by rule, and what it does to past cases' advice.

Both rule sets are loaded in one process; each compiles into its own engine (an Advisor each), so they never share
state. Conditions are compared as written (one line each, in plain words).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..advice.advisor import Advisor
from ..case.load import load_case
from ..errors import InputError
from ..model.ruleset import AllOf, AnyOf, Bilingual, Pattern, Prerequisite, Program, Ranking, Rule, RuleSet, Taxonomy
from ..rules.wording import Wording

__all__ = ["CaseImpact", "DiffReport", "RuleChange", "condition_words", "diff_rulesets", "render_diff",
           "render_diff_json", "render_diff_markdown"]


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
    placed: tuple[tuple[str, str, str], ...] = ()  # program, old list, new list ("main" | "also_possible")
    reasons: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # program, old rules, new rules

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.lost or self.moved or self.placed or self.reasons)


@dataclass(frozen=True)
class _Seen:
    """What one rule set advises for one case: each program's rank, list and the rules that argued for it."""

    rank: dict[str, int]
    where: dict[str, str]
    why: dict[str, tuple[str, ...]]


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
    taxonomy: tuple[str, ...] = ()
    ranking: tuple[str, ...] = ()
    coverage: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # cases that could not be read with one of the rule sets, with why

    def villages_per_program(self) -> list[tuple[str, int]]:
        """How many cases' advice changed for each program (gained, lost, moved, placed or argued differently)."""
        count: dict[str, int] = {}
        for i in self.impact:
            for p in {*i.gained, *i.lost, *(m[0] for m in i.moved), *(m[0] for m in i.placed),
                      *(m[0] for m in i.reasons)}:
                count[p] = count.get(p, 0) + 1
        return sorted(count.items(), key=lambda x: (-x[1], x[0]))

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
    "role": {"id": "peran", "en": "role"}, "taxonomy": {"id": "taksonomi", "en": "taxonomy"},
    "ranking": {"id": "peringkat", "en": "ranking"}, "coverage": {"id": "cakupan", "en": "coverage"},
    "skipped": {"id": "kasus dilewati", "en": "case skipped"},
    "placed": {"id": "pindah daftar", "en": "moved list"},
    "reasons": {"id": "alasan berubah", "en": "reasons changed"},
    "main": {"id": "daftar utama", "en": "main list"},
    "also_possible": {"id": "juga mungkin", "en": "also possible"},
    "per_program": {"id": "kasus yang berubah per program", "en": "cases changed per program"},
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
    # taxonomy and coverage changes: "{what}" is one of the kinds below
    "added_what": {"id": "{what} baru {c}", "en": "added {what} {c}"},
    "removed_what": {"id": "{what} dihapus {c}", "en": "removed {what} {c}"},
    "changed_what": {"id": "{what} diubah {c}", "en": "changed {what} {c}"},
    "problem": {"id": "kategori masalah", "en": "problem"}, "cause": {"id": "kategori penyebab", "en": "cause"},
    "family": {"id": "kelompok masalah", "en": "family"}, "indicator": {"id": "indikator", "en": "indicator"},
    "kind": {"id": "jenis program", "en": "kind"}, "intentional": {"id": "celah sengaja", "en": "intentional"},
    "size_of": {"id": "ukuran", "en": "size of"}, "of_family": {"id": "kelompok", "en": "family"},
    "listed": {"id": "tercantum", "en": "listed"}, "reason": {"id": "alasan", "en": "reason"},
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
    for name in ("program", "role", "priority"):
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
    for f in fields(Program):
        if f.name in {"id", "requires", "available_from", "available_until", "file", "line"}:
            continue
        before, after = getattr(a, f.name), getattr(b, f.name)
        if before != after:
            out.append(f"{a.id}: {f.name}: {_shown(before, lang)} -> {_shown(after, lang)}")
    return out


def _shown(value: object, lang: str) -> str:
    if isinstance(value, Bilingual):
        return repr(value.get(lang))
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def _taxonomy_changes(old: Taxonomy, new: Taxonomy, lang: str) -> list[str]:
    out = []
    for what, a, b in (("problem", old.problems, new.problems), ("cause", old.causes, new.causes),
                       ("family", old.families, new.families), ("indicator", old.indicators, new.indicators),
                       ("kind", old.kinds, new.kinds)):
        out += [f"{_what('added_what', what, c, lang)}: {b[c].get(lang)}" for c in sorted(set(b) - set(a))]
        out += [_what("removed_what", what, c, lang) for c in sorted(set(a) - set(b))]
        out += [f"{_what('changed_what', what, c, lang)}: {a[c].get(lang)!r} -> {b[c].get(lang)!r}"
                for c in sorted(set(a) & set(b)) if a[c] != b[c]]
    for code in sorted(set(old.problem_family) & set(new.problem_family)):
        if old.problem_family[code] != new.problem_family[code]:
            out.append(f"{_what('changed_what', 'problem', code, lang)}: {_w('of_family', lang)} "
                       f"{old.problem_family[code]} -> {new.problem_family[code]}")
    for code in sorted(set(old.sizes) | set(new.sizes)):
        if old.sizes.get(code) != new.sizes.get(code):
            out.append(f"{_w('changed', lang)} {_w('size_of', lang)} {code}: {old.sizes.get(code, '-')} -> "
                       f"{new.sizes.get(code, '-')}")
    return out


def _what(key: str, what: str, code: str, lang: str) -> str:
    """"added problem ECO.X" / "kategori masalah baru ECO.X"."""
    return _w(key, lang).format(what=_w(what, lang), c=code)


def _ranking_changes(old: Ranking, new: Ranking) -> list[str]:
    return [f"{f.name}: {getattr(old, f.name)} -> {getattr(new, f.name)}" for f in fields(Ranking)
            if getattr(old, f.name) != getattr(new, f.name)]


def _coverage_changes(old: RuleSet, new: RuleSet, lang: str) -> list[str]:
    a, b = old.intentional, new.intentional
    out = [f"{_what('added_what', 'intentional', k, lang)}: {b[k].get(lang)}" for k in sorted(set(b) - set(a))]
    out += [_what("removed_what", "intentional", k, lang) for k in sorted(set(a) - set(b))]
    out += [f"{_what('changed_what', 'intentional', k, lang)}: {b[k].get(lang)!r}" for k in sorted(set(a) & set(b))
            if a[k] != b[k]]
    return out


def _prerequisite_changes(a: Prerequisite, b: Prerequisite, ctx: tuple[RuleSet, RuleSet, str]) -> list[str]:
    lang = ctx[2]
    out = _list_changes("needed_when", a.needed_when, b.needed_when, ctx)
    if a.listed != b.listed:
        out.append(f"{_w('listed', lang)}: {a.listed} -> {b.listed}".lower())
    if a.reason != b.reason:
        out.append(f"{_w('reason', lang)}: {b.reason.get(lang)!r}")
    if a.source != b.source:
        out.append(f"{_w('source', lang)}: {a.source or '-'} -> {b.source or '-'}")
    return out


def _seen(case_path: Path, advisor: Advisor) -> _Seen:
    advice = advisor.advise(load_case(case_path, advisor.rules))
    lists = (("main", advice.recommendations), ("also_possible", advice.also_possible))
    return _Seen(rank={r.program: r.rank for _, rs in lists for r in rs},
                 where={r.program: name for name, rs in lists for r in rs},
                 why={r.program: tuple(sorted({b.rule for b in r.because})) for _, rs in lists for r in rs})


def _impact(path: Path, before: _Seen, after: _Seen) -> CaseImpact:
    both = sorted(set(before.rank) & set(after.rank))
    return CaseImpact(
        case=str(path), gained=tuple(sorted(set(after.rank) - set(before.rank))),
        lost=tuple(sorted(set(before.rank) - set(after.rank))),
        moved=tuple((p, before.rank[p], after.rank[p]) for p in both if before.rank[p] != after.rank[p]),
        placed=tuple((p, before.where[p], after.where[p]) for p in both if before.where[p] != after.where[p]),
        reasons=tuple((p, before.why[p], after.why[p]) for p in both if before.why[p] != after.why[p]))


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
                if (w := _prerequisite_changes(pre_old[a, b], pre_new[a, b], ctx))]
    impact, skipped = [], []
    if case_files:
        with Advisor(old) as old_advisor, Advisor(new) as new_advisor:
            for path in case_files:
                try:
                    before, after = _seen(path, old_advisor), _seen(path, new_advisor)
                except InputError as exc:  # one bad case is reported and skipped, not the end of the comparison
                    skipped.append(f"{path}: {exc.problems[0].text(lang)}" if exc.problems else str(path))
                    continue
                impact.append(_impact(path, before, after))
    return DiffReport(
        old=f"{old.name} {old.version} ({old.hash})", new=f"{new.name} {new.version} ({new.hash})",
        added=tuple(sorted(set(new_rules) - set(old_rules))), removed=tuple(sorted(set(old_rules) - set(new_rules))),
        changed=changed, catalogue=tuple(catalogue), prerequisites=tuple(prereqs), impact=tuple(impact), lang=lang,
        taxonomy=tuple(_taxonomy_changes(old.taxonomy, new.taxonomy, lang)),
        ranking=tuple(_ranking_changes(old.ranking, new.ranking)), coverage=tuple(_coverage_changes(old, new, lang)),
        skipped=tuple(skipped))


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
    lines += [f"{_w(key, lang)}: {c}" for key in ("taxonomy", "ranking", "coverage") for c in getattr(report, key)]
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
        lines += [f"    ~ {p} {_w('placed', lang)}: {_w(a, lang)} -> {_w(b, lang)}" for p, a, b in i.placed]
        lines += [f"    ~ {p} {_w('reasons', lang)}: {', '.join(a) or '-'} -> {', '.join(b) or '-'}"
                  for p, a, b in i.reasons]
    lines += [f"  {_w('skipped', lang)}: {s}" for s in report.skipped]
    per_program = report.villages_per_program()
    if per_program:
        lines += ["", f"{_w('per_program', lang)}:", *(f"  {p}: {n}" for p, n in per_program)]
    return "\n".join(lines) + "\n"


def render_diff_markdown(report: DiffReport) -> str:
    """The report as Markdown: a section per part, the cases changed per program as a table."""
    lang = report.lang
    out = [f"# rules diff: {report.old} -> {report.new}", ""]
    parts = [(_w("added_rule", lang), list(report.added)), (_w("removed_rule", lang), list(report.removed)),
             (_w("changed_rule", lang), [f"{c.rule}: " + "; ".join(c.changes) for c in report.changed]),
             (_w("catalogue", lang), list(report.catalogue)), (_w("prerequisites", lang), list(report.prerequisites)),
             (_w("taxonomy", lang), list(report.taxonomy)), (_w("ranking", lang), list(report.ranking)),
             (_w("coverage", lang), list(report.coverage)), (_w("skipped", lang), list(report.skipped))]
    for title, items in parts:
        if items:
            out += [f"## {title}", "", *(f"- {i}" for i in items), ""]
    changed = [i for i in report.impact if i.changed]
    out += [f"## {_w('impact', lang).format(n=len(report.impact), c=len(changed))}", ""]
    for i in changed:
        out.append(f"- `{i.case}`: " + "; ".join(
            [f"+{p}" for p in i.gained] + [f"-{p}" for p in i.lost] + [f"{p} {a}->{b}" for p, a, b in i.moved]
            + [f"{p} {_w(a, lang)}->{_w(b, lang)}" for p, a, b in i.placed]
            + [f"{p} {_w('reasons', lang)}" for p, _, _ in i.reasons]))
    per_program = report.villages_per_program()
    if per_program:
        out += ["", f"| program | {_w('per_program', lang)} |", "|---|---:|",
                *(f"| {p} | {n} |" for p, n in per_program)]
    return "\n".join(out).rstrip("\n") + "\n"


def render_diff_json(report: DiffReport) -> str:
    """The report as JSON (sorted keys; the same report, the same bytes)."""
    data = asdict(report)
    data["advice_changed"] = report.advice_changed
    data["villages_per_program"] = dict(report.villages_per_program())
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
