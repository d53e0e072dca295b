"""Evaluate compiled rules in plain Python, with the engine's semantics.

Used for why-not explanations (which test failed, on which fact), as the speed floor in bench/, and as the other
half of the differential test: for every case, the evaluator and durable_rules must give the same firings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.ruleset import Pattern, Test
from .compiler import CompiledRuleSet, EngineRule
from .fields import Fact

__all__ = ["Evaluated", "TestResult", "evaluate", "explain_pattern", "pattern_matches", "test_holds"]

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


def _predicate(test: Test) -> Predicate:
    """The test as a closure (made once per rule set): the same semantics as test_holds, without re-dispatching."""
    path = test.field.split(".")
    op, want = test.op, test.value
    if len(path) == 1 and op in {"eq", "in"} and not any(isinstance(w, bool) for w in (
            want if op == "in" else (want,))):
        name = path[0]
        if op == "eq":
            return lambda f: (v := f.get(name, _MISSING)) is not _MISSING and not isinstance(v, bool) and v == want
        options = frozenset(want)
        return lambda f: (v := f.get(name, _MISSING)) is not _MISSING and not isinstance(v, bool) and v in options
    return lambda f: test_holds(f, test)


class Evaluator:
    """Compiled rules as Python closures: evaluates a case's facts the way the engine does.

    Identical patterns are tested once per case (as the engine's network shares them), and only rules that look at
    `recommended` are looked at again when forward chaining adds recommendations.
    """

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self.compiled = compiled
        index: dict[tuple[str, tuple[Test, ...]], int] = {}
        self._patterns: list[tuple[str, list[Predicate]]] = []
        self._rules: list[tuple[EngineRule, tuple[int, ...]]] = []
        for rule in compiled.rules:
            ids = []
            for p in rule.patterns:
                key = (p.fact, p.tests)
                if key not in index:
                    index[key] = len(self._patterns)
                    self._patterns.append((p.fact, [_predicate(t) for t in p.tests]))
                ids.append(index[key])
            self._rules.append((rule, tuple(ids)))
        self._chained = {i for i, (kind, _) in enumerate(self._patterns) if kind == "recommended"}

    def _pattern_ids(self, i: int, by_kind: dict[str, list[Fact]], memo: dict[int, list[str]]) -> list[str]:
        found = memo.get(i)
        if found is None:
            kind, tests = self._patterns[i]
            found = memo[i] = [f["id"] for f in by_kind.get(kind, ()) if all(t(f) for t in tests)]
        return found

    def _matches(self, ids: tuple[int, ...], by_kind: dict[str, list[Fact]],
                 memo: dict[int, list[str]]) -> list[tuple[str, ...]]:
        per_pattern = []
        for i in ids:
            found = self._pattern_ids(i, by_kind, memo)
            if not found:
                return []
            per_pattern.append(found)
        # like the engine: each pattern binds a different fact
        return [combo for combo in itertools.product(*per_pattern) if len(set(combo)) == len(combo)]

    def evaluate(self, facts: Sequence[Fact]) -> list[Evaluated]:
        """Every (rule, bound facts) the engine would fire, blocked rules left out, chaining via `recommended`."""
        by_kind: dict[str, list[Fact]] = {}
        for f in facts:
            by_kind.setdefault(f["t"], []).append(f)
        memo: dict[int, list[str]] = {}
        blocked = {r.source for r, ids in self._rules if r.role == "unless" and self._matches(ids, by_kind, memo)}
        pending = [(r, ids) for r, ids in self._rules if r.role != "unless" and r.source not in blocked]
        out: list[Evaluated] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()
        recommended: set[str] = set()
        while pending:
            new_programs: set[str] = set()
            for rule, ids in pending:
                for combo in sorted(set(self._matches(ids, by_kind, memo))):
                    if (rule.name, combo) in seen:
                        continue
                    seen.add((rule.name, combo))
                    out.append(Evaluated(rule, combo))
                    if rule.program not in recommended:
                        new_programs.add(rule.program)
            if not new_programs:
                break
            recommended |= new_programs
            by_kind.setdefault("recommended", []).extend(
                {"id": f"recommended:{p}", "t": "recommended", "program": p} for p in sorted(new_programs))
            for i in self._chained:
                memo.pop(i, None)
            pending = [(r, ids) for r, ids in pending if self._chained.intersection(ids)]
        return out


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
