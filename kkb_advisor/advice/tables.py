"""What advising needs of a rule set that no case changes, worked out once an Advisor (advice/advisor.py).

Ranking and assembly ask the same questions of the rule set for every case: which problem categories a compiled
rule names, which of a program's short names a node's label holds, which sources are official and which places
they name, which prerequisite a firing stands for, a program as the cases of one place read it. ``Tables`` answers
them from what it worked out once (or on first use). One a rule set, owned by its Advisor and dropped with it; it
holds only the rule set's own things (and programs for the last places asked for), so it does not grow with the
number of cases, and two Advisors never share one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model.ruleset import Prerequisite, RuleSet
from ..rules.compiler import EngineRule
from ..rules.fields import CODE_FIELDS
from ..rules.placewords import Place, PlaceIndex
from ..rules.sources import is_official
from .facts import ProgramNames

__all__ = ["Tables"]


class Tables:
    """A rule set's answers for ranking and assembly (see the module's docstring)."""

    def __init__(self, rules: RuleSet, engine_rules: Sequence[EngineRule] = ()) -> None:
        """``engine_rules``: the rule set compiled (CompiledRuleSet.rules), whose rules' codes are worked out now."""
        self.rules = rules
        self.places = PlaceIndex(rules)
        self.listed = frozenset((p.program, p.needs) for p in rules.prerequisites if p.listed)
        self._prerequisites: dict[tuple[str, str], Prerequisite] = {}
        for p in rules.prerequisites:  # the first of the file, as a search of the list finds
            self._prerequisites.setdefault((p.program, p.needs), p)
        self._official = {s: is_official(s) for s in sorted(self.places.sources)}
        self._weighing = {r.name: (r, self._weigh(r)) for r in engine_rules}
        self.names = ProgramNames(rules)  # the short names, for the `named` facts and the `named` term alike
        self.addresses = {pid: frozenset(p.addresses_problems) for pid, p in rules.programs.items()}

    def place(self, metadata: object) -> Place:
        """The case's place (Place.of with this rule set), answered from the rule set's PlaceIndex."""
        return self.places.place(metadata)

    def prerequisite(self, program: str, needs: str) -> Prerequisite:
        return self._prerequisites[(program, needs)]

    def ordered(self, sources: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """rules/sources.py ordered: (every source, official ones first; the secondary ones)."""
        official = [self._official[s] if s in self._official else is_official(s) for s in sources]
        first = tuple(s for s, yes in zip(sources, official, strict=True) if yes)
        secondary = tuple(s for s, yes in zip(sources, official, strict=True) if not yes)
        return first + secondary, secondary

    def weighing(self, rule: EngineRule) -> tuple[float, str, frozenset[str]]:
        """What a firing of a compiled rule gives its program: the strength (role weight x priority weight), how
        it covers (answers, supports, enables), and the problem categories (and families) the rule names."""
        known = self._weighing.get(rule.name)
        return known[1] if known is not None and known[0] is rule else self._weigh(rule)

    def _weigh(self, rule: EngineRule) -> tuple[float, str, frozenset[str]]:
        ranking = self.rules.ranking
        return (ranking.role_weight(rule.stance) * ranking.priority_weight(rule.priority),
                _HOW.get(rule.stance, "answers"), _codes(rule))

    def names_word(self, program: str) -> re.Pattern[str] | None:
        """A program's short names as one pattern of whole words in any case; None when it has none."""
        return self.names.word(program)


_HOW = {"answer": "answers", "support": "supports", "enabler": "enables"}


def _codes(rule: EngineRule) -> frozenset[str]:
    """The problem categories (and families) a compiled rule names: what it means by a problem."""
    out: set[str] = set()
    for p in rule.patterns:
        for t in p.tests:
            if CODE_FIELDS.get((p.fact, t.field)) in {"problem", "family"}:
                out |= set(t.value) if isinstance(t.value, tuple) else {t.value}
    return frozenset(out)
