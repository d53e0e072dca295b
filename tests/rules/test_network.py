"""rules/network.py against durable_rules itself: whatever the model accepts, the C engine accepts and runs on any
fact without an error (the model may refuse a little more, never less)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_advisor.advice.engine import durable_available
from kkb_advisor.rules.durable import SENTINEL
from kkb_advisor.rules.network import LIMITS, first_failing, network_overflows

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable_rules does not import on this Python")

FIELDS = ("a", "b", "c", "p.x")


def _definition(patterns: list[dict[str, Any]]) -> dict[str, Any]:
    out = {f"r{i}": {"all": [{"a0": {"$and": [{"t": "k"}, *tests]} if tests else {"t": "k"}}], "pri": 10}
           for i, tests in enumerate(patterns)}
    out[SENTINEL] = {"all": [{"a0": {"t": SENTINEL}}], "pri": 1000}
    return out


def _engine() -> Any:
    import durable_rules_engine

    return durable_rules_engine


def _runs(definition: dict[str, Any], facts: list[dict[str, Any]]) -> None:
    """Create the ruleset, run every fact in a session of its own, drive the agenda; raise on any engine error."""
    dre = _engine()
    handle = dre.create_ruleset(f"t_{uuid.uuid4().hex}", json.dumps(definition, sort_keys=True))
    clean = True
    try:
        for i, fact in enumerate(facts):
            sid = f"s{i}"
            try:
                state = dre.assert_facts(handle, json.dumps([{**fact, "sid": sid, "id": f"f{i}", "t": "k"},
                                                             {"sid": sid, "id": "z", "t": SENTINEL}]))[1]
                step = dre.start_action_for_state(handle, state)
                while step:
                    step = dre.complete_and_start_action(handle, state)
            except dre.error:
                clean = False  # a failed session must not be deleted (the process would abort)
                raise
            dre.delete_state(handle, sid)
    finally:
        if clean:
            dre.delete_ruleset(handle)


_values = st.integers(min_value=0, max_value=30)
_test = st.one_of(
    st.builds(lambda f, op, v: {op: {f: v}}, st.sampled_from(FIELDS), st.sampled_from(["$gte", "$gt", "$lte", "$lt",
                                                                                      "$neq"]), _values),
    st.builds(lambda f, v: {f: v}, st.sampled_from(FIELDS), _values),
    st.builds(lambda f, vs: {"$or": [{f: v} for v in vs]}, st.sampled_from(FIELDS), st.lists(_values, min_size=2,
                                                                                             max_size=3)),
    st.builds(lambda f, vs: {"$and": [{"$neq": {f: v}} for v in vs]}, st.sampled_from(FIELDS),
              st.lists(_values, min_size=1, max_size=3)),
    st.builds(lambda f: {"$nex": {f: 1}}, st.sampled_from(FIELDS)),
    st.builds(lambda v: {f"l:has.s{v}": True}, _values),
)
# many rules (the limits are sums over rules), each a few tests
_RULES = st.integers(min_value=1, max_value=260).flatmap(
    lambda n: st.lists(st.lists(_test, min_size=1, max_size=3), min_size=n, max_size=n))
_fact = st.fixed_dictionaries({}, optional={
    "a": _values, "b": _values, "c": _values, "p": st.fixed_dictionaries({"x": _values}),
    "l:has": st.dictionaries(st.builds(lambda v: f"s{v}", _values), st.just(True), max_size=7)})


@settings(max_examples=120, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(patterns=_RULES,
       facts=st.lists(_fact, min_size=1, max_size=6))
def test_what_the_model_accepts_the_engine_accepts_and_runs(patterns: list[list[dict[str, Any]]],
                                                             facts: list[dict[str, Any]]) -> None:
    definition = _definition(patterns)
    if network_overflows(definition):
        return  # refused before C: nothing to hold the engine to
    members = {f"s{v}": True for v in range(31)}
    extremes = [{"a": v, "b": v, "c": v, "p": {"x": v}, "l:has": members} for v in (0, 15, 30)]
    _runs(definition, [*facts, *extremes, {}])  # thresholds all one way or the other, every member, nothing


def test_thresholds_across_fields_are_caught_at_the_engines_own_limit() -> None:
    # 64 thresholds one fact passes together run; the 65th is refused by the model (and fails in C, error 303)
    fields = ["a"] * 40 + ["b"] * 24
    ok = _definition([[{"$gte": {f: i}}] for i, f in enumerate(fields)])
    assert not network_overflows(ok)
    _runs(ok, [{"a": 100, "b": 100}])
    over = _definition([[{"$gte": {f: i}}] for i, f in enumerate([*fields, "b"])])
    assert [o.limit for o in network_overflows(over)] == ["stack"]
    with pytest.raises(_engine().error, match="303"):
        _runs(over, [{"a": 100, "b": 100}])


@pytest.mark.parametrize(("limit", "make"), [
    ("beta", lambda n: [[{"a": 1}]] * n),
    ("hashset", lambda n: [[{"a": i}] for i in range(n)]),
    ("expressions", lambda n: [[{"$or": [{f"f{i}": 1}, {f"f{i}": 2}]} for i in range((n - 2) // 2)]]),
])
def test_each_table_is_used_up_to_its_limit_and_refused_past_it(limit: str, make: Any) -> None:
    at = LIMITS[limit] if limit != "expressions" else LIMITS[limit] - 1  # two entries a group
    ok = _definition(make(at))
    assert not network_overflows(ok)
    _runs(ok, [{"a": 1, "f0": 1}, {}])
    past = _definition(make(at + (2 if limit == "expressions" else 1)))
    assert limit in {o.limit for o in network_overflows(past)}


def test_the_rule_count_is_the_engines_with_the_sentinel() -> None:
    # 4,095 rules and the sentinel: durable_rules' 4,096 actions, all used; one more is refused
    full = _definition([[{"a": i % 500}, {"b": i // 500}] for i in range(LIMITS["rules"] - 1)])
    assert not network_overflows(full)
    _runs(full, [{"a": 3, "b": 2}])
    over = _definition([[{"a": i % 500}, {"b": i // 500}] for i in range(LIMITS["rules"])])
    assert "rules" in {o.limit for o in network_overflows(over)}
    with pytest.raises(_engine().error, match="106"):
        _runs(over, [])


def test_first_failing_finds_the_rule_that_tips_it() -> None:
    names = [f"r{i}" for i in range(100)]
    assert first_failing(names, lambda prefix: len(prefix) > 37) == 37
    assert first_failing(names[:1], lambda prefix: len(prefix) > 0) == 0
