"""Evaluate compiled rules in plain Python, with the engine's semantics.

Used for why-not explanations (which test failed, on which fact), as the speed floor in bench/, and as the other
half of the differential test: for every case, the evaluator and durable_rules must give the same firings.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.ruleset import Pattern, Test
from .compiler import CompiledRuleSet, EngineRule
from .fields import Fact

__all__ = ["Evaluated", "Evaluator", "Matches", "TestResult", "evaluate", "explain_pattern", "pattern_matches",
           "test_holds"]

_MISSING = object()


def _get(fact: Fact, dotted: str) -> Any:
    value: Any = fact
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _num(a: Any) -> bool:
    return isinstance(a, (int, float)) and not isinstance(a, bool)


def test_holds(fact: Fact, test: Test) -> bool:
    """Does one field test hold on one fact? A missing field fails every test but `exists: false`."""
    value = _get(fact, test.field)
    if test.op == "exists":
        return (value is not _MISSING) is bool(test.value)
    if value is _MISSING or value is None:
        return False
    op, want = test.op, test.value
    if op == "eq":
        return _same(value, want)
    if op == "in":
        return any(_same(value, w) for w in want)
    if op == "not":
        return not _same(value, want)
    if op == "none_of":
        return not any(_same(value, w) for w in want)
    if op in {"min", "max", "above", "below"}:
        if not (_num(value) and _num(want)):
            return False
        return bool({"min": value >= want, "max": value <= want, "above": value > want, "below": value < want}[op])
    if op == "includes":
        return isinstance(value, list) and any(_same(v, want) for v in value)
    if op == "includes_any":
        return isinstance(value, list) and any(_same(v, w) for v in value for w in want)
    raise ValueError(op)


def pattern_matches(fact: Fact, pattern: Pattern) -> bool:
    return fact.get("t") == pattern.fact and all(test_holds(fact, t) for t in pattern.tests)


@dataclass(frozen=True)
class Evaluated:
    rule: EngineRule
    bound: tuple[str, ...]


Predicate = Callable[[Fact], bool]
_SCALARS = (str, int, float)


def _getter(field: str) -> Callable[[Fact], Any]:
    """The field's value in a fact, or _MISSING; a dotted path looks into nested objects."""
    first, *rest = field.split(".")
    if not rest:
        return lambda f: f.get(first, _MISSING)
    def get(f: Fact) -> Any:
        value: Any = f.get(first, _MISSING)
        for part in rest:
            if type(value) is not dict:
                return _MISSING
            value = value.get(part, _MISSING)
        return value
    return get


def _predicate(test: Test) -> Predicate:
    """The test as one closure specialised to its operator and value, made once per rule set: the semantics of
    test_holds (tests/rules/test_evaluator.py holds them equal on every operator and odd value)."""
    get, op, want = _getter(test.field), test.op, test.value
    if op == "exists":
        present = bool(want)
        return lambda f: (get(f) is not _MISSING) is present
    if op == "eq" and type(want) is bool:  # _same: a bool is only itself (missing and None are not)
        return lambda f: get(f) is want
    if op == "not" and type(want) is bool:
        return lambda f: (v := get(f)) is not _MISSING and v is not None and v is not want
    values = tuple(want) if op in {"in", "none_of", "includes_any"} else (want,)
    # no bools, nothing unhashable, no NaN: there `==` and hashing decide exactly as _same does
    plain = all(type(w) in _SCALARS and w == w for w in values)
    if op in {"eq", "in", "not", "none_of"} and plain:
        options = frozenset(values)
        if op in {"eq", "in"}:
            return lambda f: type(v := get(f)) in _SCALARS and v in options
        return lambda f: (v := get(f)) is not _MISSING and v is not None and not (type(v) in _SCALARS and
                                                                                  v in options)
    if op in {"min", "max", "above", "below"} and _num(want):
        compare = {"min": operator.ge, "max": operator.le, "above": operator.gt, "below": operator.lt}[op]
        return lambda f: type(v := get(f)) in (int, float) and compare(v, want)
    if op in {"includes", "includes_any"} and plain:
        options = frozenset(values)
        return lambda f: type(v := get(f)) is list and any(type(x) in _SCALARS and x in options for x in v)
    return lambda f: test_holds(f, test)


def _all(tests: list[Predicate]) -> Predicate:
    if not tests:
        return lambda f: True
    if len(tests) == 1:
        return tests[0]
    first, rest = tests[0], _all(tests[1:])
    return lambda f: first(f) and rest(f)


def _key(pattern: Pattern) -> int | None:
    """A pattern with a test `field == scalar` (e.g. available.program == X) or `field in [scalars]` is looked up
    by those values: the position of its first such test, equality first."""
    for ops in ({"eq"}, {"in"}):
        for i, test in enumerate(pattern.tests):
            values = test.value if test.op == "in" else (test.value,)
            if test.op in ops and "." not in test.field and all(type(v) in _SCALARS and v == v for v in values):
                return i
    return None


class Evaluator:
    """Compiled rules as Python closures, made once per rule set: evaluates a case's facts the way the engine does.

    Identical patterns are tested once per case (as the engine's network shares them); a pattern that starts with
    an equality on a field is answered from a per-case index of the facts by that field's value (as the engine
    hashes equality tests), so the ~65 `available` facts cost one pass, not one pass per program; and only rules
    that look at `recommended` are looked at again when forward chaining adds recommendations.

    For "ask next", ``recommends`` says which programs a variant of a case's facts (a fact changed in a field or
    two) would bring, against the case's own matches (``matches``): only the patterns that read a changed field are
    tested again, and a rule none of whose patterns then matches otherwise fires as it does on the case.
    """

    def __init__(self, compiled: CompiledRuleSet, *, like: Evaluator | None = None) -> None:
        """``like``: an evaluator of a superset of these rules (of the same rule set) whose table of patterns this
        one shares, so that the Matches of a case made with the one serve the other."""
        self.compiled = compiled
        self._table: _Table = _Table() if like is None else like._table
        # per pattern: kind of fact, the indexed (field, value) or None, the test of all (remaining) tests
        self._patterns = self._table.patterns
        self._rules: list[tuple[EngineRule, tuple[int, ...]]] = []
        for rule in compiled.rules:
            ids = []
            for p in rule.patterns:
                key = (p.fact, p.tests)
                if key not in self._table.index:
                    if like is not None:
                        raise ValueError(f"rule {rule.name} is not one of the rules of the evaluator it is like")
                    self._table.add(p)
                ids.append(self._table.index[key])
            self._rules.append((rule, tuple(ids)))
        # its patterns on `recommended` (tested again as chaining adds recommendations), and the rules with one
        self._chained = frozenset(i for _, ids in self._rules for i in ids if self._patterns[i][0] == "recommended")
        self._chained_rules = frozenset(k for k, (_, ids) in enumerate(self._rules) if self._chained.intersection(ids))
        # per rule, its patterns not on `recommended`, those looked up by an indexed value first (the cheapest to
        # find to match nothing: Matches.live)
        self._settling = [tuple(sorted(dict.fromkeys(i for i in ids if self._patterns[i][0] != "recommended"),
                                       key=lambda i: self._patterns[i][1] is None)) for _, ids in self._rules]
        self._by_pattern: dict[int, list[int]] = {}  # pattern -> the rules (positions) that have it
        for k, (_, rule_ids) in enumerate(self._rules):
            for i in dict.fromkeys(rule_ids):
                self._by_pattern.setdefault(i, []).append(k)

    def _pattern_ids(self, i: int, by_kind: dict[str, list[Fact]], memo: dict[int, list[str]],
                     indexes: dict[tuple[str, str], dict[Any, list[Fact]]]) -> list[str]:
        found = memo.get(i)
        if found is None:
            kind, lookup, test = self._patterns[i]
            if lookup is None:
                candidates: Sequence[Fact] = by_kind.get(kind, ())
            else:
                field, values = lookup
                table = indexes.get((kind, field))
                if table is None:
                    table = indexes[(kind, field)] = {}
                    for f in by_kind.get(kind, ()):
                        v = f.get(field, _MISSING)
                        if type(v) in _SCALARS:
                            table.setdefault(v, []).append(f)
                candidates = table.get(values[0], ()) if len(values) == 1 else [
                    f for v in values for f in table.get(v, ())]  # each fact has one value: no repeats
            found = memo[i] = [f["id"] for f in candidates if test(f)]
        return found

    def _matches(self, ids: tuple[int, ...], by_kind: dict[str, list[Fact]], memo: dict[int, list[str]],
                 indexes: dict[tuple[str, str], dict[Any, list[Fact]]]) -> list[tuple[str, ...]]:
        per_pattern = []
        for i in ids:
            found = self._pattern_ids(i, by_kind, memo, indexes)
            if not found:
                return []
            per_pattern.append(found)
        if len(per_pattern) == 1:
            return [(x,) for x in per_pattern[0]]
        # like the engine: each pattern binds a different fact
        return [combo for combo in itertools.product(*per_pattern) if len(set(combo)) == len(combo)]

    def evaluate(self, facts: Sequence[Fact]) -> list[Evaluated]:
        """Every (rule, bound facts) the engine would fire, blocked rules left out, chaining via `recommended`."""
        by_kind: dict[str, list[Fact]] = {}
        for f in facts:
            by_kind.setdefault(f["t"], []).append(f)
        memo: dict[int, list[str]] = {}
        indexes: dict[tuple[str, str], dict[Any, list[Fact]]] = {}
        blocked = {r.source for r, ids in self._rules
                   if r.role == "unless" and self._matches(ids, by_kind, memo, indexes)}
        pending = [(r, ids) for r, ids in self._rules if r.role != "unless" and r.source not in blocked]
        out: list[Evaluated] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()
        recommended: set[str] = set()
        while pending:
            new_programs: set[str] = set()
            for rule, ids in pending:
                for combo in sorted(set(self._matches(ids, by_kind, memo, indexes))):
                    if (rule.name, combo) in seen:
                        continue
                    seen.add((rule.name, combo))
                    out.append(Evaluated(rule, combo))
                    if rule.program not in recommended:
                        new_programs.add(rule.program)
            if not new_programs:
                break
            recommended |= new_programs
            by_kind.setdefault("recommended", []).extend(_recommended_facts(new_programs))
            indexes = {k: v for k, v in indexes.items() if k[0] != "recommended"}
            for i in self._chained:
                memo.pop(i, None)
            pending = [(r, ids) for r, ids in pending if self._chained.intersection(ids)]
        return out

    def matches(self, facts: Sequence[Fact]) -> Matches:
        """The facts, with which of them each pattern matches (found as asked): the base of ``recommends``."""
        return Matches(self, facts)

    def recommends(self, base: Matches, changes: dict[int, Fact], given: Iterable[str] = (), *,
                   fields: Mapping[int, Iterable[str]] | None = None) -> frozenset[str]:
        """The programs evaluate would recommend (the programs of its firings) on base's facts with the facts at
        the positions ``changes`` names replaced by its facts, and a `recommended` fact added for each program
        ``given``. ``base`` must be of this evaluator or of one it is ``like``. ``fields``: where the caller knows
        them, the only fields (position -> field paths, "name" or "name.sub") in which each changed fact can differ
        from base's, of the same kind: then the facts are not compared field by field.

        A pattern that reads no field a change touches matches on the variant what it matches in base; a rule with
        such a pattern that matches nothing in base fires on no variant of that change, and is not looked at
        (often no rule is left: nothing is recommended). Of the rules left (``live``), only the patterns that read
        a changed field are tested; those that then match otherwise than in base make their rules "dirty". Every
        other rule (not on `recommended`) fires as it does in base. What follows depends only on which patterns
        match otherwise and what they then match: two variants alike in that share one answer (kept on base)."""
        if base.patterns is not self._patterns:
            raise ValueError("recommends: the base was made by an evaluator of another table of patterns")
        facts, table = base.facts, self._table
        if fields is None:
            reading = frozenset().union(*(table.reading(facts[i], new) for i, new in changes.items()))
        else:
            paths = [table.reading_path(facts[i]["t"], path) for i, names in fields.items() for path in names]
            reading = paths[0] if len(paths) == 1 else frozenset().union(*paths)
        live = base.live(self, reading)
        if not live.rules:
            return frozenset()
        kinds = {"recommended", *(self._patterns[i][0] for i in live.tested)}
        by_kind: dict[str, list[Fact]] = {kind: [] for kind in kinds}
        for j in sorted({j for kind in kinds for j in base.positions.get(kind, ())} | changes.keys()):
            f = changes.get(j, facts[j])
            if f["t"] in by_kind:
                by_kind[f["t"]].append(f)
        memo: dict[int, list[str]] = {}  # the patterns that match otherwise than in base, and those on chaining
        indexes: dict[tuple[str, str], dict[Any, list[Fact]]] = {}
        for i in live.tested:
            if self._pattern_ids(i, by_kind, memo, indexes) == base.ids(i):
                del memo[i]
        programs: frozenset[str] = given if isinstance(given, frozenset) else frozenset(given)
        key = (self, reading, programs, tuple((i, tuple(found)) for i, found in memo.items()))
        answer = base._answers.get(key)
        if answer is None:
            answer = base._answers[key] = self._variant(base, live, by_kind, memo, indexes, programs)
        return answer

    def _variant(self, base: Matches, live: _Live, by_kind: dict[str, list[Fact]], memo: dict[int, list[str]],
                 indexes: dict[tuple[str, str], dict[Any, list[Fact]]], given: frozenset[str]) -> frozenset[str]:
        """recommends on the live rules, once the patterns that match otherwise than in base are in ``memo``."""
        chained, rules = self._chained, self._rules
        by_kind["recommended"].extend(base.recommended_facts(given))
        dirty = {k for i in memo for k in self._by_pattern.get(i, ()) if k in live.rules}
        known = base._memo  # the case's own matches found so far

        def fires(k: int) -> bool:
            lists = []
            for i in rules[k][1]:
                found = memo.get(i)
                if found is None:
                    found = self._pattern_ids(i, by_kind, memo, indexes) if i in chained else (
                        known[i] if i in known else base.ids(i))
                if not found:
                    return False
                lists.append(found)
            return _distinct(lists)

        again = sorted(dirty | live.chained)  # the rules to match on the variant
        blocked = {rules[k][0].source for k in live.blocking if k not in dirty}
        blocked |= {rules[k][0].source for k in again if rules[k][0].role == "unless" and fires(k)}
        recommended: set[str] = set()
        new_programs = {rules[k][0].program for k in live.firing
                        if k not in dirty and rules[k][0].source not in blocked}
        pending = [k for k in again if rules[k][0].role != "unless" and rules[k][0].source not in blocked]
        while True:  # as evaluate, by rounds of chaining; a program recommended is not looked at again
            for k in pending:
                program = rules[k][0].program
                if program not in recommended and program not in new_programs and fires(k):
                    new_programs.add(program)
            if not new_programs:
                break
            recommended |= new_programs
            if not live.chained:
                break  # no rule left looks at recommendations: chaining adds nothing
            by_kind["recommended"].extend(_recommended_facts(new_programs))
            new_programs = set()
            indexes = {k: v for k, v in indexes.items() if k[0] != "recommended"}
            for i in chained:
                memo.pop(i, None)
            pending = [k for k in pending if k in live.chained]
        return frozenset(recommended)


@dataclass(frozen=True)
class _Live:
    """Of an evaluator's rules, those that may fire on some variant of a case changed only in fields some patterns
    read (``reading``): every other pattern of theirs matches something in the case. With the patterns of theirs
    to test on a variant, and which of them (not on `recommended`) fire on the case: recommending and blocking."""

    rules: frozenset[int]
    tested: tuple[int, ...]  # their patterns that read a changed field (not on `recommended`)
    chained: frozenset[int]  # those on `recommended`
    firing: tuple[int, ...]
    blocking: tuple[int, ...]


def _recommended_facts(programs: Iterable[str]) -> list[Fact]:
    return [{"id": f"recommended:{p}", "t": "recommended", "program": p} for p in sorted(programs)]


def _distinct(lists: list[list[str]]) -> bool:
    """Is there a combination of one id from each list, every id different (as the engine binds facts)?"""
    return len(lists) == 1 or any(len(set(combo)) == len(combo) for combo in itertools.product(*lists))


class _Table:
    """The distinct patterns of a rule set as closures (an Evaluator's, shared by those made ``like`` it), and
    which of them test each field: made with the evaluator's rules, never changed after."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, tuple[Test, ...]], int] = {}
        # per pattern: kind of fact, the indexed (field, value) or None, the test of all (remaining) tests
        self.patterns: list[tuple[str, tuple[str, tuple[Any, ...]] | None, Predicate]] = []
        self._kinds: dict[str, set[int]] = {}  # kind of fact -> its patterns
        # (kind, field) -> the patterns that test that very field; and those that test a field inside it
        self._exact: dict[tuple[str, str], set[int]] = {}
        self._inside: dict[tuple[str, str], set[int]] = {}
        self._paths: dict[tuple[str, str], frozenset[int]] = {}  # reading_path's answers, found as asked

    def add(self, p: Pattern) -> None:
        i = self.index[(p.fact, p.tests)] = len(self.patterns)
        at = _key(p)
        keyed = None if at is None else p.tests[at]
        lookup = None if keyed is None else (
            keyed.field, tuple(dict.fromkeys(keyed.value if keyed.op == "in" else (keyed.value,))))
        rest = p.tests if at is None else p.tests[:at] + p.tests[at + 1:]
        self.patterns.append((p.fact, lookup, _all([_predicate(t) for t in rest])))
        self._kinds.setdefault(p.fact, set()).add(i)
        for t in p.tests:
            self._exact.setdefault((p.fact, t.field), set()).add(i)
            parts = t.field.split(".")
            for n in range(1, len(parts)):
                self._inside.setdefault((p.fact, ".".join(parts[:n])), set()).add(i)

    def reading_path(self, kind: str, path: str) -> frozenset[int]:
        """The patterns of a kind of fact that can judge a fact otherwise when only the field ``path`` ("name" or
        "name.sub") changes: a test of that field, of one around it, or of one inside it (worked out once)."""
        found = self._paths.get((kind, path))
        if found is None:
            parts = path.split(".")
            out: set[int] = set()
            for n in range(1, len(parts) + 1):
                out |= self._exact.get((kind, ".".join(parts[:n])), set())
            out |= self._inside.get((kind, path), set())
            found = self._paths[(kind, path)] = frozenset(out)
        return found

    def reading(self, old: Fact, new: Fact) -> set[int]:
        """The patterns that can judge ``new`` otherwise than ``old``: those of its kind that test a field in which
        the two differ (every pattern of both kinds, when the kind itself differs)."""
        kind = new.get("t")
        if kind != old.get("t"):
            return {*self._kinds.get(str(old.get("t")), ()), *self._kinds.get(str(kind), ())}
        out: set[int] = set()
        for path in _differences(old, new):  # a test of the field itself, of one around it, or of one inside it
            parts = path.split(".")
            for n in range(1, len(parts) + 1):
                out |= self._exact.get((str(kind), ".".join(parts[:n])), set())
            out |= self._inside.get((str(kind), path), set())
        return out


def _identical(a: Any, b: Any) -> bool:
    """Equal as the tests see values: of the same type all the way down (True is not 1), NaN never equal."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(_identical(v, b[k]) for k, v in a.items())
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The keys whose values are not the very same objects in both (a key in one only included)."""
    keys = [k for k, v in new.items() if old.get(k, _MISSING) is not v]
    if len(old) != len(new) or any(k not in old for k in keys):
        keys += [k for k in old if k not in new]
    return keys


def _differences(old: Fact, new: Fact) -> list[str]:
    """The fields in which two facts differ: a top-level name, or "name.sub" where both hold an object there."""
    out = []
    for name in _changed(old, new):
        a, b = old.get(name, _MISSING), new.get(name, _MISSING)
        if type(a) is dict and type(b) is dict:
            out += [f"{name}.{sub}" for sub in _changed(a, b)
                    if not _identical(a.get(sub, _MISSING), b.get(sub, _MISSING))]
        elif not _identical(a, b):
            out.append(name)
    return out


class Matches:
    """One list of facts, and the ids of those each pattern of an evaluator's table matches, found as asked for:
    what a variant of these facts (Evaluator.recommends) shares with them. Made for one case, then dropped."""

    def __init__(self, evaluator: Evaluator, facts: Sequence[Fact]) -> None:
        self.evaluator = evaluator
        self.patterns = evaluator._patterns
        self.facts = tuple(facts)
        self.by_kind: dict[str, list[Fact]] = {}
        self.positions: dict[str, list[int]] = {}
        for i, f in enumerate(self.facts):
            self.by_kind.setdefault(f["t"], []).append(f)
            self.positions.setdefault(f["t"], []).append(i)
        self._memo: dict[int, list[str]] = {}
        self._indexes: dict[tuple[str, str], dict[Any, list[Fact]]] = {}
        self._fires: dict[tuple[int, ...], bool] = {}
        self._live: dict[tuple[Evaluator, frozenset[int]], _Live] = {}
        # Evaluator.recommends: its answer by (evaluator, given, the patterns that match otherwise and their ids)
        self._answers: dict[tuple[Evaluator, frozenset[int], frozenset[str], tuple[tuple[int, tuple[str, ...]], ...]],
                            frozenset[str]] = {}
        self._given: dict[frozenset[str], list[Fact]] = {}

    def recommended_facts(self, programs: frozenset[str]) -> list[Fact]:
        """A `recommended` fact for each of ``programs``, made once a set (the list is shared: never change it)."""
        found = self._given.get(programs)
        if found is None:
            found = self._given[programs] = _recommended_facts(programs)
        return found

    def ids(self, i: int) -> list[str]:
        """The ids of the facts pattern ``i`` matches (the list is shared: never change it)."""
        return self.evaluator._pattern_ids(i, self.by_kind, self._memo, self._indexes)

    def live(self, evaluator: Evaluator, reading: frozenset[int]) -> _Live:
        """The rules of ``evaluator`` that may fire on a variant of these facts in which only the patterns
        ``reading`` can match otherwise (found once an evaluator and set of patterns)."""
        key = (evaluator, reading)
        found = self._live.get(key)
        if found is None:
            memo = self._memo
            rules: list[int] = []
            for k, ids in enumerate(evaluator._settling):
                for i in ids:  # a pattern the change leaves alone that matches nothing here settles it
                    if i not in reading and not (memo[i] if i in memo else self.ids(i)):
                        break
                else:
                    rules.append(k)
            chained = evaluator._chained_rules
            tested = {i for k in rules for i in evaluator._rules[k][1] if i in reading} - evaluator._chained
            firing: list[int] = []
            blocking: list[int] = []
            for k in rules:
                rule, ids = evaluator._rules[k]
                if k not in chained and self.fires(ids):
                    (blocking if rule.role == "unless" else firing).append(k)
            found = self._live[key] = _Live(frozenset(rules), tuple(sorted(tested)), chained.intersection(rules),
                                            tuple(firing), tuple(blocking))
        return found

    def fires(self, ids: tuple[int, ...]) -> bool:
        """Does a rule of those patterns bind some facts?"""
        found = self._fires.get(ids)
        if found is None:
            memo, lists = self._memo, []
            for i in ids:  # as the engine: a pattern that matches nothing settles it
                matched = memo[i] if i in memo else self.ids(i)
                if not matched:
                    break
                lists.append(matched)
            found = self._fires[ids] = len(lists) == len(ids) and _distinct(lists)
        return found


def evaluate(compiled: CompiledRuleSet, facts: Sequence[Fact]) -> list[Evaluated]:
    """Every (rule, bound facts) the engine would fire (see Evaluator; build one to evaluate many cases)."""
    return Evaluator(compiled).evaluate(facts)


@dataclass(frozen=True)
class TestResult:
    """How one test fared on the fact that came closest to matching a pattern."""

    test: Test
    holds: bool
    actual: Any  # the fact's value, or None when the field is missing


def explain_pattern(pattern: Pattern, facts: Sequence[Fact]) -> tuple[str | None, tuple[TestResult, ...]]:
    """The fact that passes most of the pattern's tests (ties: first in canonical order) and each test's result."""
    best: tuple[str | None, tuple[TestResult, ...]] = (None, tuple(TestResult(t, False, None) for t in pattern.tests))
    best_score = -1
    for f in facts:
        if f.get("t") != pattern.fact:
            continue
        results = tuple(TestResult(t, test_holds(f, t), None if (v := _get(f, t.field)) is _MISSING else v)
                        for t in pattern.tests)
        score = sum(r.holds for r in results)
        if score > best_score:
            best, best_score = (f["id"], results), score
            if score == len(results):
                break
    return best
