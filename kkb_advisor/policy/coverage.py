"""`rules coverage`: for every problem and cause category, the programs a rule can recommend from it, beside what
the catalogue says each program addresses.

A hole is a category a program's catalogue entry addresses while no rule of that program is triggered from it (a
rule names it, its family, or — for a cause — names it on the way to a problem): that program can never be reached
from there. Every hole is either closed by a rule or marked in the rule set's coverage file (`coverage.yaml`,
`intentional:`) with the reason; `rules lint` warns about the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model.ruleset import ANY_PROGRAM, AllOf, AnyOf, Pattern, Rule, RuleSet
from ..rules.fields import CODE_FIELDS

__all__ = ["Cell", "Coverage", "coverage", "render_coverage_matrix"]


@dataclass(frozen=True)
class Cell:
    category: str
    program: str
    by_rule: bool  # a rule of the program is triggered from the category
    by_catalogue: bool  # the program's catalogue entry addresses it
    reason: str = ""  # for a hole marked intentional: why (in the language of the report)

    @property
    def hole(self) -> bool:
        return self.by_catalogue and not self.by_rule


@dataclass(frozen=True)
class Coverage:
    cells: tuple[Cell, ...]  # every (category, program) pair a rule or the catalogue links, by category then program

    @property
    def holes(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.hole and not c.reason)

    @property
    def intentional(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.hole and c.reason)


def _patterns(rule: Rule) -> Iterable[Pattern]:
    for item in rule.when:
        yield from (item.options if isinstance(item, AnyOf) else item.patterns if isinstance(item, AllOf) else (item,))


def triggers(rule: Rule, ruleset: RuleSet) -> set[str]:
    """The problem and cause categories a rule is triggered from (a family counts as all its codes)."""
    out: set[str] = set()
    for p in _patterns(rule):
        for t in p.tests:
            kind = CODE_FIELDS.get((p.fact, t.field))
            if kind is None or t.op in {"exists", "not", "none_of"}:
                continue
            values = set(t.value) if isinstance(t.value, tuple) else {t.value}
            if kind == "family":
                out |= {c for c, fam in ruleset.taxonomy.problem_family.items() if fam in values}
            else:
                out |= {str(v) for v in values}
    return out


def coverage(ruleset: RuleSet, lang: str = "en") -> Coverage:
    by_rule: dict[tuple[str, str], bool] = {}
    for rule in ruleset.rules:
        if rule.program == ANY_PROGRAM:
            continue
        for cat in triggers(rule, ruleset):
            by_rule[(cat, rule.program)] = True
    by_catalogue = {(cat, pid) for pid, p in ruleset.programs.items()
                    for cat in (*p.addresses_problems, *p.addresses_causes)}
    order = {code: i for i, code in enumerate([*ruleset.taxonomy.problems, *ruleset.taxonomy.causes])}
    cells = []
    for cat, pid in sorted(set(by_rule) | by_catalogue, key=lambda k: (order.get(k[0], len(order)), k[0], k[1])):
        reason = ruleset.intentional.get(f"{pid} {cat}")
        cells.append(Cell(cat, pid, (cat, pid) in by_rule, (cat, pid) in by_catalogue,
                          reason.get(lang) if reason and not by_rule.get((cat, pid)) else ""))
    return Coverage(tuple(cells))


_WORDS = {
    "id": {"title": "Cakupan aturan: program yang bisa direkomendasikan dari tiap kategori",
           "rule": "aturan", "catalogue": "katalog", "hole": "CELAH", "intentional": "sengaja",
           "summary": "{n} kategori, {pairs} pasangan kategori-program: {holes} celah, {marked} sengaja dibiarkan",
           "none": "(tidak ada program)"},
    "en": {"title": "Rule coverage: the programs a rule can recommend from each category",
           "rule": "rule", "catalogue": "catalogue", "hole": "HOLE", "intentional": "intentional",
           "summary": "{n} categories, {pairs} category-program pairs: {holes} holes, {marked} marked intentional",
           "none": "(no program)"},
}


def render_coverage_matrix(ruleset: RuleSet, cov: Coverage, lang: str = "en") -> str:
    """The matrix as text: a line a category, each program marked rule+catalogue, rule only, or a hole."""
    w = _WORDS["en" if lang == "en" else "id"]
    lines = [w["title"], ""]
    cats = [*ruleset.taxonomy.problems, *ruleset.taxonomy.causes]
    for cat in cats:
        cells = [c for c in cov.cells if c.category == cat]
        shown = []
        for c in cells:
            if c.hole:
                shown.append(f"{c.program} [{w['intentional'] if c.reason else w['hole']}]")
            elif c.by_catalogue:
                shown.append(c.program)
            else:
                shown.append(f"{c.program} ({w['rule']})")
        lines.append(f"{cat}: " + (", ".join(shown) if shown else w["none"]))
    holes, marked = cov.holes, cov.intentional
    if holes:
        lines += ["", f"{w['hole']}:"] + [f"  {c.program} <- {c.category}" for c in holes]
    if marked:
        lines += ["", f"{w['intentional']}:"] + [f"  {c.program} <- {c.category}: {c.reason}" for c in marked]
    pairs = len(cov.cells)
    lines += ["", w["summary"].format(n=len(cats), pairs=pairs, holes=len(holes), marked=len(marked))]
    return "\n".join(lines) + "\n"
