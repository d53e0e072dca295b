"""The durable_rules driver: isolation between rule sets, agreement with the Python evaluator, engine limits."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from kkb_advisor import advise, load_case
from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.advice.engine import Engine, durable_available
from kkb_advisor.advice.facts import case_facts
from kkb_advisor.advice.graph import analyse, build_graph
from kkb_advisor.errors import RuleSetError, UsageError
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.text import render_json
from kkb_advisor.rules.compiler import compile_ruleset
from kkb_advisor.rules.evaluator import evaluate
from kkb_advisor.rules.load import load_rules
from tests.conftest import CASES, MINI_CASE, MINI_RULES


def _firings(engine_or_compiled: object, facts: list[dict[str, object]]) -> set[tuple[str, tuple[str, ...]]]:
    if isinstance(engine_or_compiled, Engine):
        return {(f.rule.name, f.bound) for f in engine_or_compiled.run(facts)}
    return {(e.rule.name, e.bound) for e in evaluate(engine_or_compiled, facts)}  # type: ignore[arg-type]


def test_two_rule_sets_with_the_same_name_do_not_see_each_other(tmp_path: Path, mini_rules: RuleSet) -> None:
    # a copy of the mini set with one rule removed, under the same rule-set name
    other_dir = tmp_path / "mini"
    shutil.copytree(MINI_RULES, other_dir)
    rules_file = other_dir / "rules.yaml"
    text = rules_file.read_text(encoding="utf-8")
    rules_file.write_text(text[: text.index("  - id: TRAINING.SOFT-SKILL")], encoding="utf-8")
    other = load_rules(other_dir)
    assert other.name == mini_rules.name and other.hash != mini_rules.hash
    case = load_case(MINI_CASE, mini_rules)
    before = render_json(advise(case, mini_rules))
    for _ in range(3):  # interleaved use
        with_training = advise(case, mini_rules)
        without = advise(case, other)
        assert "KOP-LATIHWIRAUSAHA" in [r.program for r in with_training.recommendations]
        assert "KOP-LATIHWIRAUSAHA" not in [r.program for r in without.recommendations + without.also_possible]
    assert render_json(advise(case, mini_rules)) == before


def test_engine_and_evaluator_agree_on_mini(mini_rules: RuleSet) -> None:
    compiled = compile_ruleset(mini_rules)
    case = load_case(MINI_CASE, mini_rules)
    facts = case_facts(case, analyse(build_graph(case)), mini_rules)
    with Engine(compiled) as engine:
        assert _firings(engine, facts) == _firings(compiled, facts)
        assert _firings(engine, facts)  # something fired


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_engine_and_evaluator_agree_on_bundled_cases(path: Path, bundled_rules: RuleSet) -> None:
    compiled = compile_ruleset(bundled_rules)
    case = load_case(path, bundled_rules)
    facts = case_facts(case, analyse(build_graph(case)), bundled_rules)
    with Engine(compiled) as engine:
        assert _firings(engine, facts) == _firings(compiled, facts)


@pytest.mark.skipif(not durable_available(), reason="durable_rules does not import on this Python (the python "
                    "engine is given every availability fact)")
def test_availability_facts_no_rule_can_bind_stay_out_and_change_no_firing(bundled_rules: RuleSet) -> None:
    """The engine is given a program's availability only where some rule of the program could bind all its facts:
    most are left out, and the firings are those of the engine given every fact (and of the evaluator)."""
    import random

    from kkb_advisor.advice.availability import Availability
    from kkb_advisor.case.load import parse_case
    from tests.casegen import case_text, random_case

    compiled = compile_ruleset(bundled_rules)
    rng = random.Random(7)
    cases = [load_case(p, bundled_rules) for p in CASES] + [
        parse_case(case_text(random_case(rng, bundled_rules, max_nodes=rng.choice((3, 6, 10)))), rules=bundled_rules)
        for _ in range(60)]
    available = Availability(compiled.rules)
    assert available.filters
    left = given = 0
    with Engine(compiled, "durable_rules") as engine, Engine(compiled, "durable_rules") as everything:
        everything._impl._available.filters = False  # type: ignore[union-attr]
        for case in cases:
            facts = case_facts(case, analyse(build_graph(case)), bundled_rules)
            wanted = available.wanted(facts)
            assert wanted is not None
            programs = {f["program"] for f in facts if f["t"] == "available"}
            left, given = left + len(programs - wanted), given + len(programs)
            fired = _firings(engine, facts)
            assert fired == _firings(everything, facts) == _firings(compiled, facts)
            assert {b.split(":", 1)[1] for f in engine.run(facts) for b in f.bound if b.startswith("available:")
                    } <= wanted
    assert left > given / 2  # most availability facts could bind nothing


def test_a_rule_reading_availability_otherwise_turns_the_filter_off(bundled_rules: RuleSet) -> None:
    import dataclasses

    from kkb_advisor.advice.availability import Availability
    from kkb_advisor.model.ruleset import Pattern, Test

    compiled = compile_ruleset(bundled_rules)
    rule = compiled.rules[0]
    either = Pattern("available", (Test("program", "in", ("A", "B")),))
    odd = dataclasses.replace(rule, patterns=(*rule.patterns, either))
    assert Availability(compiled.rules).filters
    assert Availability((*compiled.rules, odd)).wanted([]) is None


def test_many_cases_on_one_engine_leave_no_sessions_behind(mini_rules: RuleSet) -> None:
    # durable_rules allows 1,024 live sessions per ruleset; each run must delete its own
    case = load_case(MINI_CASE, mini_rules)
    with Advisor(mini_rules) as advisor:
        first = render_json(advisor.advise(case))
        for _ in range(1500):
            advisor.advise(case)
        assert render_json(advisor.advise(case)) == first


def test_closed_engine_refuses_to_run(mini_rules: RuleSet) -> None:
    engine = Engine(compile_ruleset(mini_rules))
    engine.close()
    engine.close()  # twice is fine
    with pytest.raises(UsageError, match="this Advisor is closed"):
        engine.run([])
    del engine
    gc.collect()


def _write_rules(folder: Path, body: str) -> None:
    shutil.copytree(MINI_RULES, folder)
    (folder / "rules.yaml").write_text(body, encoding="utf-8")


def test_rule_set_past_the_sibling_limit_is_refused_not_hung(tmp_path: Path) -> None:
    rules = ["rules:"]
    for i in range(520):
        rules.append(f"""  - id: T{i}
    title: {{id: t, en: t}}
    program: KOP-LATIHWIRAUSAHA
    when:
      - cause: {{leverage: {{min: {i}}}}}
    rationale: {{id: r, en: r}}""")
    _write_rules(tmp_path / "big", "\n".join(rules) + "\n")
    with pytest.raises(RuleSetError, match=r"rule 'T511': 512 different tests follow the same condition; the rule "
                                           r"engine hangs past 511"):
        compile_ruleset(load_rules(tmp_path / "big"))


def test_too_many_alternatives_are_refused(tmp_path: Path) -> None:
    options = ", ".join(f"{{problem: {{severity: {s}}}}}" for s in range(1, 6))
    body = f"""rules:
  - id: WIDE
    title: {{id: t, en: t}}
    program: KOP-LATIHWIRAUSAHA
    when:
      - any: [{options}]
      - any: [{options}]
      - any: [{options}]
    rationale: {{id: r, en: r}}
"""
    _write_rules(tmp_path / "wide", body)
    with pytest.raises(RuleSetError, match="125 combinations"):
        compile_ruleset(load_rules(tmp_path / "wide"))


def _threshold_rules(fields: dict[str, int]) -> str:
    rules = ["rules:"]
    for field, count in fields.items():
        rules += [f"""  - id: T.{field}.{i}
    title: {{id: t, en: t}}
    program: KOP-LATIHWIRAUSAHA
    when:
      - case: {{{field}: {{min: {(1900 if field == "year" else 0) + i}}}}}
    rationale: {{id: r, en: r}}""" for i in range(count)]
    return "\n".join(rules) + "\n"


def test_many_thresholds_on_one_field_are_refused_when_the_rule_set_loads(tmp_path: Path) -> None:
    _write_rules(tmp_path / "many", _threshold_rules({"year": 70}))
    with pytest.raises(RuleSetError, match=r"rule 'T\.year\.64': from this rule on, one 'case' fact can pass more "
                                           r"tests at once than the rule engine can follow .*: 70 on 'year'"):
        compile_ruleset(load_rules(tmp_path / "many"))


def test_thresholds_spread_across_fields_are_refused_with_the_rule_that_overflows(tmp_path: Path) -> None:
    # 40 + 30 thresholds on two fields: each field alone is fine, together one case passes 70 at once (past
    # durable_rules' 64-entry matcher stack, its error 303); the 65th rule is the one named
    _write_rules(tmp_path / "many", _threshold_rules({"year": 40, "profile.households": 30}))
    with pytest.raises(RuleSetError) as caught:
        compile_ruleset(load_rules(tmp_path / "many"))
    (problem,) = caught.value.problems
    assert problem.subject == "T.profile.households.24" and problem.code == "engine-limit"
    assert problem.file.endswith("rules.yaml") and problem.line > 1
    assert "40 on 'year', 30 on 'profile.households'" in str(problem)
