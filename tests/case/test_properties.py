"""Property-based: generated valid cases always advise, deterministically; mutated cases fail only with KkbError."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_advisor.advice.advisor import advise
from kkb_advisor.case.load import parse_case
from kkb_advisor.errors import KkbError
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report import render
from kkb_advisor.report.text import render_json
from kkb_advisor.rules.load import load_rules
from tests.casegen import case_text, random_case
from tests.conftest import MINI_RULES

RULES: RuleSet = load_rules(MINI_RULES)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cases = st.randoms(use_true_random=False).map(lambda rng: random_case(rng, RULES))


@SETTINGS
@given(cases)
def test_every_generated_case_advises_the_same_twice(case: dict[str, Any]) -> None:
    text = case_text(case)
    first = advise(parse_case(text, rules=RULES), RULES)
    second = advise(parse_case(text, rules=RULES), RULES)
    assert render_json(first) == render_json(second)
    assert render(first, "text", "en")  # every format renders
    assert render(first, "markdown", "id")
    assert {r.program for r in first.recommendations} <= set(RULES.programs)


# ---------------------------------------------------------------- mutations


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*path, i))
    return out


def _parent(case: dict[str, Any], path: tuple[Any, ...]) -> Any:
    node: Any = case
    for part in path[:-1]:
        node = node[part]
    return node


ODD_VALUES = [None, True, 0, -1, 7, 2.5, float("nan"), "", "x" * 5000, "P1", "ECO.INCOME", [], ["P1"], {},
              {"id": "P1"}, "2019-02-30", "24/10/2018", "\t", "é", 10**30]


def _mutate(case: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    case = copy.deepcopy(case)
    kind = rng.choice(["delete", "retype", "duplicate_id", "dangle", "self_link", "unknown_code", "swap_kinds"])
    paths = _paths(case)
    if kind == "delete":
        path = rng.choice(paths)
        parent = _parent(case, path)
        parent.pop(path[-1])
    elif kind == "retype":
        path = rng.choice(paths)
        _parent(case, path)[path[-1]] = rng.choice(ODD_VALUES)
    elif kind == "duplicate_id":
        items = case["problems"] + case["causes"] + case["assets"]
        rng.choice(items)["id"] = rng.choice(items)["id"]
    elif kind in {"dangle", "self_link"} and case["links"]:
        link = rng.choice(case["links"])
        link["to"] = "X99" if kind == "dangle" else link["from"]
    elif kind == "unknown_code":
        rng.choice(case["problems"])["category"] = "ECO.NOPE"
    elif kind == "swap_kinds" and case["links"]:
        link = rng.choice(case["links"])
        link["from"], link["to"] = link["to"], link["from"]
    return case


@SETTINGS
@given(cases, st.randoms(use_true_random=False))
def test_a_mutated_case_is_valid_or_fails_with_kkberror(case: dict[str, Any], rng: random.Random) -> None:
    mutated = _mutate(case, rng)
    try:
        loaded = parse_case(case_text(mutated), rules=RULES)
    except KkbError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    render_json(advise(loaded, RULES))  # still valid: it must advise


@SETTINGS
@given(cases, st.randoms(use_true_random=False))
def test_damaged_bytes_are_valid_or_fail_with_kkberror(case: dict[str, Any], rng: random.Random) -> None:
    raw = bytearray(case_text(case).encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(raw))
        op = rng.choice(["flip", "delete", "insert"])
        if op == "flip":
            raw[pos] = rng.randrange(256)
        elif op == "delete":
            del raw[pos]
        else:
            raw.insert(pos, rng.choice(b"\t\n :-[]{}&*!|>'\"#%@`\x00\xff"))
    try:
        loaded = parse_case(bytes(raw), rules=RULES)
    except KkbError:
        return
    render_json(advise(loaded, RULES))


@pytest.mark.parametrize("is_json", [False, True])
def test_parse_case_never_raises_anything_else_on_garbage(is_json: bool) -> None:
    rng = random.Random(5)
    for _ in range(300):
        blob = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        with pytest.raises(KkbError):
            parse_case(blob, rules=RULES, is_json=is_json)
