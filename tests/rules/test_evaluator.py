"""The evaluator's specialised closures decide every test exactly as the reference `test_holds` does."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest

from kkb_advisor.model.ruleset import Test as FieldTest
from kkb_advisor.rules import evaluator

# odd values a fact field may hold: bools beside ints, int/float equality, None, NaN, infinities, huge ints,
# nested containers, text that looks like a number
VALUES: list[Any] = [0, 1, 2, 3, -1, 1.0, 2.5, True, False, None, math.nan, math.inf, -math.inf, 10**30, "x", "1",
                     "", [], ["x"], ["x", 1], [True], [1.0], [["x"]], {"a": 1}, {"a": {"b": 2}}]
WANTS: list[Any] = [0, 1, 3, 1.0, 2.5, True, False, "x", "1", 10**30, -math.inf, math.nan]
OPS = ("eq", "not", "min", "max", "above", "below", "includes", "exists")
LIST_OPS = ("in", "none_of", "includes_any")


def _tests() -> list[FieldTest]:
    out = [FieldTest(field, op, want) for field in ("f", "f.a", "f.a.b") for op in OPS for want in WANTS
           if op != "exists"]
    out += [FieldTest("f", "exists", True), FieldTest("f", "exists", False), FieldTest("f.a", "exists", True)]
    for op in LIST_OPS:
        for size in (1, 2):
            out += [FieldTest("f", op, combo) for combo in itertools.combinations(WANTS, size)]
    return out


def _facts() -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = [{"id": "none", "t": "k"}]
    facts += [{"id": f"v{i}", "t": "k", "f": v} for i, v in enumerate(VALUES)]
    facts += [{"id": f"n{i}", "t": "k", "f": {"a": v}} for i, v in enumerate(VALUES)]
    facts += [{"id": f"m{i}", "t": "k", "f": {"a": {"b": v}}} for i, v in enumerate(VALUES)]
    return facts


@pytest.mark.parametrize("test", _tests(), ids=repr)
def test_the_closure_of_a_test_agrees_with_test_holds(test: FieldTest) -> None:
    closure = evaluator._predicate(test)
    for fact in _facts():
        assert closure(fact) is evaluator.test_holds(fact, test), fact
