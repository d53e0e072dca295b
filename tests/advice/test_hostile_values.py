"""Hostile values (NaN, infinities, huge ints, bools, nested lists and mappings, long and control-character text) at
every case field a rule can read: clean located errors or valid advice, identical on both engines; never a crash.

Seeded and bounded for CI (``derandomize``); ``python bench/fuzz.py`` runs the same property for much longer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.fields import FACTS, FIELDS
from tests.conftest import CASES
from tests.hostile import HOSTILE, PLACES, TARGETS, Engines, base_case, check

BASE = base_case(next(p for p in CASES if "demak" in p.name))


@pytest.fixture(scope="module")
def on(bundled_rules: RuleSet) -> Iterator[Engines]:
    made = Engines(bundled_rules)
    yield made
    made.close()


def test_every_rule_readable_field_has_a_place_to_attack() -> None:
    wanted = {(kind, name) for kind, fields in FIELDS.items() for name in fields}
    wanted |= {("case", f"facts.{f}") for f in FACTS} | {("case", "facts.*"), ("case", "profile.*"), ("asset", "*")}
    assert wanted <= set(TARGETS), sorted(wanted - set(TARGETS))


@settings(max_examples=250, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(place=st.sampled_from(PLACES), value=HOSTILE, as_json=st.booleans())
def test_a_hostile_value_anywhere_gives_advice_or_a_located_error(
        place: tuple[Any, ...], value: Any, as_json: bool, on: Engines) -> None:
    check(BASE, place, value, on, as_json=as_json)


@pytest.mark.parametrize("place", PLACES, ids=lambda p: ".".join(map(str, p)))
def test_each_place_with_the_worst_values(place: tuple[Any, ...], on: Engines) -> None:
    # 1e-05 and 2.5e-07: Python writes them with an exponent, on which durable_rules' parser crashed the process
    for value in (float("nan"), float("inf"), 10**30, True, [[1, {"$or": 2}]], {"sid": "s1"}, "\x1b[31m" * 300,
                  1e-05, 2.5e-07, 5e-324):
        check(BASE, place, value, on)
