"""The two rule engines (durable_rules, and generated Python for 3.13+) give identical advice, firing by firing.

Where durable_rules imports (CPython 3.11 and 3.12, where the project requires it) every bundled case and a few
hundred generated cases run through both engines; the advice, serialised, must be the same but for the engine's
name. On 3.13+, where durable_rules cannot import, the differential half is skipped there and runs on the 3.11 leg
of .ci/run; the rest holds everywhere.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.advice.engine import ENGINES, Engine, durable_available, engine_choice
from kkb_advisor.advice.facts import case_facts
from kkb_advisor.advice.graph import analyse, build_graph
from kkb_advisor.case.load import load_case, parse_case
from kkb_advisor.errors import RuleSetError, UsageError
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.text import render_json, render_text
from kkb_advisor.rules.compiler import compile_ruleset
from tests.casegen import case_text, random_case
from tests.conftest import CASES, MINI_CASE, ids

GENERATED = 300
needs_durable = pytest.mark.skipif(not durable_available(), reason="durable_rules does not import on this Python")


def test_durable_rules_imports_wherever_the_project_installs_it() -> None:
    # pyproject installs durable-rules on Python < 3.13: there it must import, or the advice silently changes engine
    if sys.version_info < (3, 13):
        assert durable_available()
    assert engine_choice() == ("durable_rules" if durable_available() else "python")


@pytest.fixture(scope="module")
def both(bundled_rules: RuleSet) -> Iterator[tuple[Advisor, Advisor]]:
    with Advisor(bundled_rules, engine="durable_rules") as durable, Advisor(bundled_rules, engine="python") as py:
        yield durable, py


def _same_advice(case_advisors: tuple[Advisor, Advisor], case: object) -> None:
    durable, py = case_advisors
    a, b = durable.advise(case), py.advise(case)  # type: ignore[arg-type]
    assert (a.engine, b.engine) == ("durable_rules", "python")
    assert a.firings and a.firings == b.firings  # every recommendation is a rule firing with its matched facts
    assert render_json(a.model_copy(update={"engine": "python"})) == render_json(b)


@needs_durable
@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_bundled_cases_get_identical_advice(path: Path, bundled_rules: RuleSet, both: tuple[Advisor, Advisor]) -> None:
    _same_advice(both, load_case(path, bundled_rules))


@needs_durable
def test_generated_cases_get_identical_advice(bundled_rules: RuleSet, both: tuple[Advisor, Advisor]) -> None:
    rng = random.Random(20261206)
    fired = refused = 0
    for i in range(GENERATED):
        case = parse_case(case_text(random_case(rng, bundled_rules)), name=f"generated-{i}.yaml", rules=bundled_rules)
        durable, py = both
        try:
            a = durable.advise(case)
        except RuleSetError:  # durable_rules' matcher limit (error 303): the python engine has none
            refused += 1
            continue
        b = py.advise(case)
        assert render_json(a.model_copy(update={"engine": "python"})) == render_json(b), f"case {i}"
        fired += bool(a.firings)
    assert refused <= GENERATED // 20
    assert fired > GENERATED // 2  # the generated cases exercise the rules, not only the quiet path


@needs_durable
def test_engines_agree_firing_by_firing_on_the_mini_set(mini_rules: RuleSet) -> None:
    compiled = compile_ruleset(mini_rules)
    with Engine(compiled, "durable_rules") as durable, Engine(compiled, "python") as py:
        case = load_case(MINI_CASE, mini_rules)
        facts = case_facts(case, analyse(build_graph(case)), mini_rules)
        firings = durable.run(facts)
        assert firings and firings == py.run(facts)


def test_the_advice_says_which_engine_ran(bundled_rules: RuleSet) -> None:
    case = load_case(CASES[0], bundled_rules)
    with Advisor(bundled_rules, engine="python") as advisor:
        advice = advisor.advise(case)
    assert advice.engine == "python"
    assert '"engine": "python"' in render_json(advice)
    assert "mesin aturan python" in render_text(advice, "id").splitlines()[1]
    assert "rule engine python" in render_text(advice, "en").splitlines()[1]


def test_an_unknown_or_missing_engine_is_a_usage_error(bundled_rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match="unknown rule engine 'drools'; engines: durable_rules, python"):
        engine_choice("drools")
    monkeypatch.setenv("KKB_ADVISOR_ENGINE", "python")
    assert engine_choice() == "python" and set(ENGINES) == {"durable_rules", "python"}
    if not durable_available():
        with pytest.raises(UsageError, match="does not import on this Python"):
            engine_choice("durable_rules")


def test_a_closed_python_engine_refuses_to_run(mini_rules: RuleSet) -> None:
    engine = Engine(compile_ruleset(mini_rules), "python")
    engine.close()
    with pytest.raises(UsageError, match="this Advisor is closed"):
        engine.run([])
