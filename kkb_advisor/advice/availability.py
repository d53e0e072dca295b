"""Which `available` facts a rule set's engine needs: a case's year offers ~55 programs, each an `available` fact, and
most of them no rule could bind on the case's other facts. The durable_rules engine is given only those some rule
could (advice/engine.py); the firings are the same, and the engine reads a third of the facts."""

from __future__ import annotations

from collections.abc import Sequence

from ..model.ruleset import Test
from ..rules.compiler import EngineRule
from ..rules.fields import Fact

__all__ = ["Availability"]

_AVAILABLE = "available"


class Availability:
    """Which `available` facts (one a program the case's year offers: ~55 of a case's ~75 facts) some rule could
    bind, by a test a rule must pass on the case's facts before the engine sees them: every pattern of the rule that
    names text values (a field equal to, or a list including, one of some words) needs a fact holding one of them.
    A rule none of whose facts could all be found fires on no case with these facts, so the availability fact of
    its program is left out of the engine only where no rule of the program can fire anyway: the firings are the
    same, and the engine reads a third of the facts. Made once an engine from its rules."""

    def __init__(self, rules: Sequence[EngineRule]) -> None:
        # each test on text values is a "need", numbered; per (way, kind, field): word -> the needs it meets
        needs: dict[tuple[str, str, str, tuple[str, ...]], int] = {}
        self._index: dict[tuple[str, str, str], dict[str, list[int]]] = {}
        self.filters = True  # False: some rule tests availability otherwise than by program: no fact is left out
        wants: dict[frozenset[int], set[str]] = {}  # the needs of a rule -> the programs whose availability it binds
        for rule in rules:
            programs: set[str] = set()
            mine: set[int] = set()
            for p in rule.patterns:
                if p.fact == _AVAILABLE:
                    test = p.tests[0] if len(p.tests) == 1 else None
                    if test is None or test.field != "program" or test.op != "eq" or type(test.value) is not str:
                        self.filters = False
                    else:
                        programs.add(test.value)
                    continue
                if p.fact == "recommended":
                    continue  # asserted as the rules fire: not among the case's facts
                for t in p.tests:
                    way, words = _words(t)
                    if words is None or "." in t.field:
                        continue  # not a test on text values: any fact may pass it
                    n = needs.setdefault((way, p.fact, t.field, words), len(needs))
                    mine.add(n)
                    table = self._index.setdefault((way, p.fact, t.field), {})
                    for w in words:
                        table.setdefault(w, []).append(n)
            if programs:
                wants.setdefault(frozenset(mine), set()).update(programs)
        self._rules = [(ids, frozenset(programs)) for ids, programs in wants.items()]
        # kind -> (way, field, word -> needs, every need of the field) its facts are looked up by
        self._fields: dict[str, list[tuple[str, str, dict[str, list[int]], set[int]]]] = {}
        for (way, kind, name), table in sorted(self._index.items()):
            every = {n for ids in table.values() for n in ids}
            self._fields.setdefault(kind, []).append((way, name, table, every))

    def wanted(self, facts: Sequence[Fact]) -> set[str] | None:
        """The programs whose availability facts some rule could bind on these facts (None: every program's)."""
        if not self.filters:
            return None
        met: set[int] = set()
        fields = self._fields
        for f in facts:
            for way, name, table, every in fields.get(f["t"], ()):
                if name not in f:
                    continue
                value = f[name]
                if way == "eq":
                    if type(value) is str:
                        met.update(table.get(value, ()))
                    else:  # not text: whatever the engine makes of it, every word counts as found
                        met |= every
                elif type(value) is list:  # as the engine's members object reads a list (rules/durable.py)
                    for x in value:
                        if isinstance(x, str):
                            met.update(table.get(x, ()))
        out: set[str] = set()
        for ids, programs in self._rules:
            if ids <= met:
                out |= programs
        return out


def _words(test: Test) -> tuple[str, tuple[str, ...] | None]:
    """How a test reads text values ("eq": the field's value is one of them; "has": the list includes one), and
    those values; None where it is not such a test (numbers, yes/no, negations, existence)."""
    value = test.value
    if test.op in {"eq", "includes"}:
        return ("eq" if test.op == "eq" else "has"), ((value,) if type(value) is str else None)
    if test.op in {"in", "includes_any"} and isinstance(value, tuple) and value and all(
            type(v) is str for v in value):
        return ("eq" if test.op == "in" else "has"), value
    return "", None
