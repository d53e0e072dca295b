"""Paths no file can have, in a rule set's manifest and on the command line: a NUL byte (Python raises ValueError
for it) and a symbolic link that leads back to itself (Path.resolve raises RuntimeError for it): each a located
error that says what is wrong, exit 2, never an internal error."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kkb_advisor.case.load import load_case
from kkb_advisor.errors import InputError, KkbError, RuleSetError
from kkb_advisor.errors_id import translate
from kkb_advisor.rules.load import load_rules
from tests.conftest import MINI_CASE, MINI_RULES, REPO

LOOP = "is a symbolic link that leads back to itself (a loop)"


def _clean(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result.stderr


def _translated(err: KkbError) -> None:
    for p in err.problems:
        for part in (p.message, p.hint):
            assert translate(str(part)) is not None, part


def _manifest(mini_copy: Path, old: str, new: str) -> None:
    manifest = mini_copy / "ruleset.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new), encoding="utf-8")


def test_a_nul_byte_in_a_rule_file_name_is_a_located_manifest_error(mini_copy: Path) -> None:
    _manifest(mini_copy, "rules: [rules.yaml]", 'rules: [rules.yaml, "economy.yaml\\0"]')
    with pytest.raises(RuleSetError) as err:
        load_rules(mini_copy)
    (problem,) = err.value.problems
    assert problem.file.endswith("mini/ruleset.yaml") and problem.location == "line 7, column 21 (rules[1])"
    assert problem.message == "'economy.yaml\\u0000': the path contains a NUL byte"
    _translated(err.value)


@pytest.mark.parametrize("entry", ["rules", "taxonomy", "tests"])
def test_a_rule_file_that_links_to_itself_is_a_located_manifest_error(entry: str, mini_copy: Path) -> None:
    os.symlink("economy.yaml", mini_copy / "economy.yaml")
    if entry == "rules":
        _manifest(mini_copy, "rules: [rules.yaml]", "rules: [rules.yaml, economy.yaml]")
        where = "line 7, column 21 (rules[1])"
    elif entry == "taxonomy":
        _manifest(mini_copy, "taxonomy: taxonomy.yaml", "taxonomy: economy.yaml")
        where = "line 5, column 11 (taxonomy)"
    else:
        _manifest(mini_copy, "limit: 3", "limit: 3\ntests: [economy.yaml]")
        where = "line 9, column 9 (tests[0])"
    with pytest.raises(RuleSetError) as err:
        load_rules(mini_copy)
    (problem,) = err.value.problems
    assert (problem.location, problem.message) == (where, f"'economy.yaml' {LOOP}")
    _translated(err.value)


@pytest.mark.parametrize("command", [("rules", "lint", "mini"), ("advise", MINI_CASE, "--rules", "mini"),
                                     ("rules", "test", "mini")], ids=lambda c: " ".join(map(str, c)))
def test_the_commands_say_so_too(command: tuple[str, ...], mini_copy: Path, run_in: Callable[..., Result]) -> None:
    os.symlink("economy.yaml", mini_copy / "economy.yaml")
    _manifest(mini_copy, "rules: [rules.yaml]", "rules: [rules.yaml, economy.yaml]")
    result = run_in(mini_copy.parent, *command, "--lang", "en")
    if command[1] == "lint":  # a finding of the linter: exit 1, on standard output
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert "mini/ruleset.yaml:7: error [schema] 'economy.yaml' is a symbolic link" in result.stdout
        return
    err = _clean(result)
    assert "'economy.yaml' is a symbolic link that leads back to itself (a loop)" in err, err


def test_a_looping_or_nul_case_path_is_refused_with_what_is_wrong(tmp_path: Path,
                                                                  run_in: Callable[..., Result]) -> None:
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    rules = load_rules(MINI_RULES)
    with pytest.raises(InputError, match=r"loop\.yaml: is a symbolic link that leads back to itself"):
        load_case(tmp_path / "loop.yaml", rules)
    with pytest.raises(InputError, match="the path contains a NUL byte"):
        load_case(tmp_path / "case\0.yaml", rules)
    for command in ("advise", "validate"):
        err = _clean(run_in(tmp_path, command, "loop.yaml", "--rules", MINI_RULES, "--lang", "en"))
        assert f"Error: loop.yaml: {LOOP}" in err, err
        err = _clean(run_in(tmp_path, command, "case\0.yaml", "--rules", MINI_RULES, "--lang", "en"))
        assert "the path contains a NUL byte" in err and "\0" not in err, err


def test_a_looping_or_nul_rules_folder_is_refused_with_what_is_wrong(tmp_path: Path,
                                                                     run_in: Callable[..., Result]) -> None:
    os.symlink("loopd", tmp_path / "loopd")
    with pytest.raises(RuleSetError, match=f"loopd: {LOOP.replace('(', '.').replace(')', '.')}"):
        load_rules(tmp_path / "loopd")
    with pytest.raises(RuleSetError, match="the path contains a NUL byte"):
        load_rules(str(tmp_path / "mini\0"))
    err = _clean(run_in(tmp_path, "advise", MINI_CASE, "--rules", "loopd", "--lang", "en"))
    assert f"loopd: {LOOP}" in err, err
    err = _clean(run_in(tmp_path, "advise", MINI_CASE, "--rules", "mini\0", "--lang", "en"))
    assert "the path contains a NUL byte" in err, err
    shutil.copytree(MINI_RULES, tmp_path / "m2")
    (tmp_path / "m2" / "ruleset.yaml").unlink()
    os.symlink("ruleset.yaml", tmp_path / "m2" / "ruleset.yaml")
    err = _clean(run_in(tmp_path, "advise", MINI_CASE, "--rules", "m2", "--lang", "en"))
    assert f"m2/ruleset.yaml: {LOOP}" in err, err


def test_a_rule_test_whose_case_links_to_itself_is_a_located_error(tmp_path: Path,
                                                                  run_in: Callable[..., Result]) -> None:
    shutil.copytree(REPO / "tests" / "data" / "rulesets" / "tested", tmp_path / "rt")
    case = tmp_path / "rt" / "tests" / "cases" / "mini-case.yaml"
    case.unlink()
    os.symlink("mini-case.yaml", case)
    err = _clean(run_in(tmp_path, "rules", "test", "rt", "--lang", "en"))
    assert f"rt/tests/cases/mini-case.yaml: {LOOP}" in err, err


def test_an_output_that_links_to_itself_is_refused(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    os.symlink("out.txt", tmp_path / "out.txt")
    err = _clean(run_in(tmp_path, "advise", MINI_CASE, "--rules", MINI_RULES, "-o", "out.txt", "--lang", "en"))
    assert "the path has a loop of symbolic links" in err, err
