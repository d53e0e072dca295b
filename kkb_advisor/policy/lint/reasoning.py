"""Reasoning about field tests, conservatively: can patterns hold together, does one imply another.

Lint never claims a rule is dead or redundant unless it is: implication and satisfiability are decided per field
test, and "cannot tell" counts as "can hold" and "does not imply".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...model.ruleset import AllOf, AnyOf, Pattern, Rule, Test
from ...rules.evaluator import test_holds
from ...rules.fields import field_kind

__all__ = ["LIST_OF", "all_patterns", "pattern_implies", "patterns_imply", "satisfiable", "words"]


def words(test: Test) -> str:
    op = {"eq": "=", "in": "in", "min": ">=", "max": "<=", "above": ">", "below": "<", "not": "!=",
          "none_of": "not in", "includes": "includes", "includes_any": "includes any of", "exists": "exists:"}
    value = list(test.value) if isinstance(test.value, tuple) else test.value
    return f"{test.field} {op[test.op]} {value}".replace("True", "true").replace("False", "false")


def _kind_mismatch(fact: str, test: Test) -> bool:
    kind = field_kind(fact, test.field)
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op not in {"eq", "in"} or kind is None:
        return False
    if kind == "bool":
        return not any(isinstance(v, bool) for v in values)
    if kind in {"int", "number", "date"}:
        return not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    if kind == "text":
        return not any(isinstance(v, str) for v in values)
    return False


def _contradiction(fact: str, tests: Sequence[Test]) -> str:
    """Why these tests (all on one fact) can never hold together, or '' when they can (or we cannot tell)."""
    by_field: dict[str, list[Test]] = {}
    for t in tests:
        by_field.setdefault(t.field, []).append(t)
        if _kind_mismatch(fact, t):
            return f"{fact}.{words(t)} compares a {field_kind(fact, t.field)} field with another type"
    for name, group in by_field.items():
        if any(t.op == "exists" and t.value is False for t in group) and any(
                not (t.op == "exists" and t.value is False) for t in group):
            return f"{fact}.{name} must be absent and tested at once"
        allowed: set[Any] | None = None
        for t in group:
            if t.op in {"eq", "in"}:
                values = set(t.value) if t.op == "in" else {t.value}
                allowed = values if allowed is None else {v for v in allowed if any(
                    v == w and type(v) is type(w) for w in values)}
        probe = [t for t in group if t.op in {"min", "max", "above", "below", "not", "none_of"}]
        if allowed is not None:
            left = [v for v in allowed if all(test_holds(_fact(name, v), t) for t in probe)]
            if not left:
                return f"{fact}: " + " and ".join(words(t) for t in group) + " cannot all hold"
            continue
        lo = max(((t.value, t.op == "above") for t in group if t.op in {"min", "above"}), default=None)
        hi = min(((t.value, t.op == "below") for t in group if t.op in {"max", "below"}),
                 key=lambda x: (x[0], not x[1]), default=None)
        if lo is not None and hi is not None and (lo[0] > hi[0] or (lo[0] == hi[0] and (lo[1] or hi[1]))):
            return f"{fact}: " + " and ".join(words(t) for t in group if t.op in {
                "min", "max", "above", "below"}) + " cannot all hold"
    return ""


def _fact(dotted: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"t": "x"}
    node = out
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return out


def _with_date_years(pattern: Pattern) -> tuple[Test, ...]:
    """`case.date` tests (YYYYMMDD numbers) also bound the year: lets lint see dates outside a program's years."""
    extra = []
    for t in pattern.tests:
        if pattern.fact == "case" and t.field == "date" and t.op in {"min", "max", "above", "below"}:
            extra.append(Test("year", {"above": "min", "below": "max"}.get(t.op, t.op), int(t.value) // 10000))
    return pattern.tests + tuple(extra)


def satisfiable(patterns: Sequence[Pattern]) -> str:
    """'' when some case could match all patterns, else the reason it cannot."""
    for p in patterns:
        reason = _contradiction(p.fact, _with_date_years(p))
        if reason:
            return reason
    return ""


def _test_implies(a: Test, b: Test) -> bool:
    """Does test ``a`` holding on a field guarantee that test ``b`` (same field) holds? Conservative."""
    if a == b:
        return True
    if b.op == "exists":
        return bool(b.value) and not (a.op == "exists" and not a.value)
    if a.op == "eq":
        return test_holds(_fact(a.field, a.value), b)
    if a.op == "in":
        return all(test_holds(_fact(a.field, v), b) for v in a.value)
    num = (int, float)
    if not (isinstance(a.value, num) and isinstance(b.value, num)):
        if a.op == "includes" and b.op == "includes_any":
            return a.value in b.value
        if a.op == "includes_any" and b.op == "includes_any":
            return set(a.value) <= set(b.value)
        if a.op in {"not", "none_of"} and b.op in {"not", "none_of"}:
            excluded = set(a.value) if a.op == "none_of" else {a.value}
            return (set(b.value) if b.op == "none_of" else {b.value}) <= excluded
        return False
    lower = {"min": lambda x, y: y <= x, "above": lambda x, y: y < x}
    upper = {"max": lambda x, y: y >= x, "below": lambda x, y: y > x}
    if a.op in {"min", "above"} and b.op in lower:
        return bool(lower[b.op](a.value, b.value)) or (a.op == "above" and b.op == "min" and b.value <= a.value)
    if a.op in {"max", "below"} and b.op in upper:
        return bool(upper[b.op](a.value, b.value)) or (a.op == "below" and b.op == "max" and b.value >= a.value)
    return False


# (fact, a one-value field) -> the list field that holds it among others: a problem's main `category` is one of its
# `categories`, so `category: X` implies `categories: {includes: X}` (the two forms a rule may use)
LIST_OF: dict[tuple[str, str], str] = {("problem", "category"): "categories",
                                       ("reach", "problem_category"): "problem_categories"}


def _as_list_test(fact: str, t: Test) -> Test | None:
    """A test on a one-value field read as the test it implies on the list field holding that value."""
    wider = LIST_OF.get((fact, t.field))
    if wider is None or t.op not in {"eq", "in"}:
        return None
    return Test(wider, "includes", t.value) if t.op == "eq" else Test(wider, "includes_any", t.value)


def pattern_implies(a: Pattern, b: Pattern) -> bool:
    """Does every fact that passes ``a`` pass ``b``? (Each test of b implied by one test of a on its field, or by a
    test of a on the one-value field whose value the list field of b holds.)"""
    if a.fact != b.fact:
        return False
    tests = list(a.tests) + [w for t in a.tests if (w := _as_list_test(a.fact, t)) is not None]
    return all(any(t.field == u.field and _test_implies(t, u) for t in tests) for u in b.tests)


def patterns_imply(a: Sequence[Pattern], b: Sequence[Pattern]) -> bool:
    """Whenever the patterns ``a`` match (distinct facts), do the patterns ``b`` match too (distinct facts)?"""
    def assign(i: int, used: frozenset[int]) -> bool:
        if i == len(b):
            return True
        return any(j not in used and pattern_implies(pa, b[i]) and assign(i + 1, used | {j})
                   for j, pa in enumerate(a))
    return assign(0, frozenset())


def all_patterns(rule: Rule) -> list[Pattern]:
    """Every pattern of a rule's `when` and `unless`, alternatives and groups spelt out."""
    out: list[Pattern] = []
    for item in (*rule.when, *rule.unless):
        out.extend(item.options if isinstance(item, AnyOf) else item.patterns if isinstance(item, AllOf) else (item,))
    return out
