"""`rules test`: rule tests kept beside the rules, through the library and the CLI; and the bundled rule tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.errors import KkbError, RuleSetError, say
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.policy.ruletest import (
    RuleTest,
    coverage,
    load_rule_tests,
    run_rule_test,
    run_rule_tests,
)
from kkb_advisor.rules.load import load_rules
from tests.conftest import FAILING, MINI_CASE


def test_every_fixture_test_passes(tested_rules: RuleSet) -> None:
    results = run_rule_tests(tested_rules)
    assert [r.test.name for r in results if not r.passed] == []
    assert len(results) == 6


def test_each_failed_expectation_is_one_precise_sentence() -> None:
    results = run_rule_tests(load_rules(FAILING))
    assert [r.passed for r in results] == [True, False]
    assert results[1].failures == (
        "expected DES-DANADESA to be recommended; it was not",
        "expected KOP-LATIHWIRAUSAHA not to be recommended; it was, at rank 1",
        "expected KES-SPPIRT before OSS-NIB, got ranks 3 and 2",
        "expected DES-DANADESA before OSS-NIB; DES-DANADESA was not recommended",
        "expected rule VILLAGE.FUND to fire; it did not",
        "expected rule PIRT.UNLICENSED-FOOD not to fire; it did",
        "expected DES-DANADESA with status new; it was not recommended",
        "expected KES-SPPIRT with status continue, got new",
    )


def _write_tests(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "tests"
    folder.mkdir(exist_ok=True)
    shutil.copy(MINI_CASE, folder / "case.yaml")
    path = folder / "t.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ("tests:\n  - name: bad edit\n    case: case.yaml\n    set: {metadata.setting: mountain}\n"
     "    expect: {recommended: [OSS-NIB]}\n",
     "the edits make its case invalid"),
    ("tests:\n  - name: bad path\n    case: case.yaml\n    set: {\"problems[P9].severity\": 2}\n"
     "    expect: {recommended: [OSS-NIB]}\n",
     "cannot edit its case: no item 'P9' in problems"),
    ("tests:\n  - name: removes nothing\n    case: case.yaml\n    remove: {causes: [C7]}\n"
     "    expect: {recommended: [OSS-NIB]}\n",
     "cannot edit its case: no item 'C7' in causes to remove"),
    ("tests:\n  - name: no case\n    case: missing.yaml\n    expect: {recommended: [OSS-NIB]}\n",
     "its case is invalid"),
])
def test_a_broken_test_is_bad_input_naming_file_and_test(tmp_path: Path, mini_rules: RuleSet, mini_advisor: Advisor,
                                                         body: str, message: str) -> None:
    path = _write_tests(tmp_path, body)
    (test,) = load_rule_tests(mini_rules, [path])
    with pytest.raises(RuleSetError) as err:
        run_rule_test(test, mini_advisor)
    problem = err.value.problems[0]
    assert problem.file == str(path)
    assert problem.location == f"line 2 (tests[0] '{test.name}')"
    assert message in say(problem.message)


@pytest.mark.parametrize(("body", "message", "hint"), [
    ("tests:\n  - name: typo\n    case: case.yaml\n    expect: {recommended: [OSS-NIP]}\n",
     "unknown program 'OSS-NIP'", "did you mean 'OSS-NIB'?"),
    ("tests:\n  - name: typo\n    case: case.yaml\n    expect: {fired: [VILLAGE.FUN]}\n",
     "unknown rule 'VILLAGE.FUN'", "did you mean 'VILLAGE.FUND'?"),
    ("tests:\n  - name: typo\n    case: case.yaml\n    expect: {recomended: [OSS-NIB]}\n",
     "unknown key 'recomended'", "did you mean 'recommended'?"),
])
def test_unknown_ids_and_keys_in_a_test_file_are_refused(tmp_path: Path, mini_rules: RuleSet, body: str,
                                                        message: str, hint: str) -> None:
    path = _write_tests(tmp_path, body)
    with pytest.raises(RuleSetError) as err:
        load_rule_tests(mini_rules, [path])
    problem = err.value.problems[0]
    assert problem.file == str(path)
    assert message in problem.message
    assert hint in problem.hint


def test_coverage_counts_tests_and_cases(tested_rules: RuleSet) -> None:
    results = run_rule_tests(tested_rules)
    cov = coverage(tested_rules, results, [MINI_CASE])
    assert cov.fired == {"PIRT.UNLICENSED-FOOD": 6, "TRAINING.SOFT-SKILL": 5, "VILLAGE.FUND": 1}
    assert cov.never == ()
    cov = coverage(tested_rules, results[:1], [])
    assert cov.never == ("VILLAGE.FUND",)


# ---------------------------------------------------------------- CLI


def test_cli_passes_with_exit_0(cli, in_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "test", "tests/data/rulesets/tested")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "6 tests, 6 passed, 0 failed"
    assert result.stdout.splitlines()[0] == ("PASS tests/data/rulesets/tested/tests/mini.yaml:2 the mini case: NIB "
                                             "before PIRT, training, no Village Fund in a kelurahan")


def test_cli_fails_with_exit_1_and_says_why(cli, in_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "test", "tests/data/rulesets/failing")
    assert result.exit_code == 1
    assert "FAIL tests/data/rulesets/failing/tests/failing.yaml:6 every expectation wrong" in result.stdout
    assert "     - expected KES-SPPIRT before OSS-NIB, got ranks 3 and 2" in result.stdout


def test_cli_coverage_lists_rules_that_never_fired(cli, in_repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "test", "tests/data/rulesets/failing", "--coverage", "--cases", tmp_path)
    assert "coverage: 2 of 3 rules fired across 2 tests and 0 cases" in result.stdout
    assert "  never       VILLAGE.FUND  (tests/data/rulesets/failing/rules.yaml:19)" \
        in result.stdout


def test_cli_bad_input_exits_2(cli, tmp_path: Path, mini_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "test", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'nowhere'}: no such folder;")
    result = cli("rules", "test", "tests/data/rulesets/failing", "--coverage", "--cases", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such folder" in result.stderr


# ---------------------------------------------------------------- the bundled rule set's own tests


def _bundled_tests() -> list[object]:
    """Every rule test of the bundled rule set; while the rules are being written, one failing item says why not."""
    try:
        rules = load_rules()
        return [pytest.param(rules, t, id=f"{Path(t.file).name}::{t.name}") for t in load_rule_tests(rules)]
    except KkbError as exc:
        return [pytest.param(None, str(exc), id="bundled-rule-set")]


@pytest.mark.parametrize(("rules", "test"), _bundled_tests())
def test_bundled_rule_tests(rules: RuleSet | None, test: RuleTest | str, bundled_advisor: Advisor) -> None:
    if rules is None or isinstance(test, str):
        pytest.fail(f"the bundled rule tests cannot be loaded:\n{test}")
    result = run_rule_test(test, bundled_advisor)
    assert result.passed, f"{test.file}:{test.line} {test.name}:\n" + "\n".join(result.failures)
