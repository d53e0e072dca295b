"""`rules lint`: every folder in tests/data/lint/ is a rule set with one kind of mistake; its expected.txt holds
the exact output. `clean` is the base the others were copied from, and must have no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_advisor.errors import RuleSetError
from kkb_advisor.model.ruleset import Pattern, RuleSet
from kkb_advisor.model.ruleset import Test as FieldTest
from kkb_advisor.policy.lint import Finding, lint, lint_folder, pattern_implies, satisfiable
from tests.conftest import LINT_CORPUS as BROKEN
from tests.conftest import REPO

CORPUS = sorted(p for p in BROKEN.iterdir() if (p / "ruleset.yaml").is_file())


@pytest.mark.parametrize("folder", CORPUS, ids=[p.name for p in CORPUS])
def test_broken_rule_set_gives_exactly_the_expected_findings(cli, in_repo: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    shown = folder.relative_to(REPO)
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    result = cli("rules", "lint", shown)
    assert result.stdout == expected
    has_errors = " error [" in expected
    has_warnings = " warning [" in expected
    assert result.exit_code == (1 if has_errors else 0)
    strict = cli("rules", "lint", shown, "--strict")
    assert strict.exit_code == (1 if has_errors or has_warnings else 0)


@pytest.mark.parametrize("folder", [p for p in CORPUS if p.name != "clean"], ids=lambda p: p.name)
def test_each_broken_rule_set_names_its_own_kind_of_finding(folder: Path) -> None:
    # a folder is named after its finding's code, with a suffix when one code has several examples
    prefixes = ("never-fires", "schema", "out-of-range", "misplaced-category", "redundant", "rule-test-unmet",
                "rule-test", "unknown-field")
    kind = next((k for k in prefixes if folder.name.startswith(k)), folder.name)
    also = {  # a second finding that is true of the same mistake
        "rule-test-unmet": {"never-fires"},  # a test expecting a dead rule to fire
        "broad-condition": {"coverage-hole"},  # the category it lost was the program's only one from a rule
    }.get(folder.name, set())
    assert {f.code for f in lint_folder(folder)} == {kind} | also


def test_the_clean_base_and_the_mini_rule_set_have_no_errors(mini_rules: RuleSet) -> None:
    assert lint_folder(BROKEN / "clean") == []
    assert [f for f in lint(mini_rules) if f.severity == "error"] == []


def test_findings_are_values_with_file_line_rule_and_hint() -> None:
    (finding,) = lint_folder(BROKEN / "never-fires-range")
    assert finding == Finding(file=str(BROKEN / "never-fires-range" / "rules.yaml"), line=26, rule="NIB.SEVERITY",
                              code="never-fires", severity="error",
                              message="can never fire: problem: severity >= 4 and severity <= 2 cannot all hold",
                              hint="fix the contradicting conditions (the program's catalogue requirements and "
                                   "availability count too)")


def test_a_folder_without_a_rule_set_is_bad_input(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleSetError):
        lint_folder(tmp_path)
    result = cli("rules", "lint", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}: no ruleset.yaml in this folder; give the folder that holds " \
                            "ruleset.yaml (the default rule set is used when you give none)\n"


def _p(fact: str, *tests: tuple[str, str, object]) -> Pattern:
    return Pattern(fact, tuple(FieldTest(*t) for t in tests))


@pytest.mark.parametrize(("a", "b", "implied"), [
    (_p("problem", ("severity", "min", 4)), _p("problem", ("severity", "min", 3)), True),
    (_p("problem", ("severity", "min", 3)), _p("problem", ("severity", "min", 4)), False),
    (_p("problem", ("severity", "eq", 4)), _p("problem", ("severity", "above", 3)), True),
    (_p("problem", ("category", "eq", "ECO.LEGAL")), _p("problem", ("category", "in", ("ECO.LEGAL", "ECO.X"))), True),
    (_p("problem", ("category", "in", ("ECO.LEGAL", "ECO.X"))), _p("problem", ("category", "eq", "ECO.LEGAL")), False),
    (_p("cause", ("reaches", "includes", "ECO.LEGAL")), _p("cause", ("reaches", "includes_any", ("ECO.LEGAL",))), True),
    (_p("asset", ("has_nib", "eq", False)), _p("asset", ("has_nib", "exists", True)), True),
    (_p("asset", ("has_nib", "eq", False)), _p("problem", ("has_nib", "eq", False)), False),
    (_p("problem"), _p("problem", ("severity", "min", 1)), False),
])
def test_implication_is_decided_per_test_conservatively(a: Pattern, b: Pattern, implied: bool) -> None:
    assert pattern_implies(a, b) is implied


@pytest.mark.parametrize(("tests", "dead"), [
    ((("severity", "min", 4), ("severity", "max", 2)), True),
    ((("severity", "min", 3), ("severity", "below", 3)), True),
    ((("severity", "min", 3), ("severity", "max", 3)), False),
    ((("category", "eq", "ECO.LEGAL"), ("category", "not", "ECO.LEGAL")), True),
    ((("category", "in", ("ECO.LEGAL", "ECO.BIZ")), ("category", "not", "ECO.LEGAL")), False),
    ((("severity", "exists", False), ("severity", "min", 1)), True),
    ((("top", "eq", "yes"),), True),
])
def test_contradictions_make_a_pattern_unsatisfiable(tests: tuple[tuple[str, str, object], ...], dead: bool) -> None:
    assert bool(satisfiable([_p("problem", *tests)])) is dead


def _bundled_findings() -> list[Finding] | str:
    try:
        return lint_folder(None)
    except RuleSetError as exc:
        return str(exc)


def test_bundled_rule_set_lints_without_errors() -> None:
    findings = _bundled_findings()
    assert not isinstance(findings, str), findings
    assert [str(f) for f in findings if f.severity == "error"] == []


def test_every_finding_code_is_documented_in_both_languages() -> None:
    """docs/policy-tools.md lists every code the lint corpus shows, each with an English and an Indonesian line."""
    import re

    from tests.conftest import REPO

    doc = (REPO / "docs" / "policy-tools.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z-]+)` \|.*$", doc, re.M)}
    shown = {code for f in BROKEN.glob("*/expected.txt")
             for code in re.findall(r"\[([a-z-]+)\]", f.read_text(encoding="utf-8")) if code}
    assert shown and shown <= set(rows), sorted(shown - set(rows))
    for code in shown:
        cells = [c.strip() for c in rows[code].strip("|").split("|")]
        assert len(cells) == 4 and all(cells), (code, cells)  # code, severity, English, Indonesian
