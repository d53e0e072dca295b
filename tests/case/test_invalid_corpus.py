"""Every bad file in tests/data/invalid/ ends in one clear error: exact text, exit code 2, no traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from tests.conftest import INVALID, MINI_CASE, MINI_RULES, check_expected

BAD_CASES = sorted(p for p in (INVALID / "cases").iterdir() if p.suffix != ".expected")
BAD_RULE_FILES = sorted((INVALID / "rules").glob("*.yaml"))


def _assert_clean_failure(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert all(line.startswith("Error: ") for line in result.stderr.splitlines())


@pytest.mark.parametrize("bad", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_bad_case_file_fails_with_its_expected_message(bad: Path, run_in: Callable[..., Result]) -> None:
    result = run_in(bad.parent, "advise", bad.name, "--rules", MINI_RULES)
    _assert_clean_failure(result)
    check_expected(bad.with_suffix(".expected"), result.stderr)


@pytest.mark.parametrize("bad", BAD_RULE_FILES, ids=[p.stem for p in BAD_RULE_FILES])
def test_bad_rule_file_fails_with_its_expected_message(bad: Path, mini_copy: Path,
                                                       run_in: Callable[..., Result]) -> None:
    """`<file>--<what>.yaml` replaces <file>.yaml in a copy of the mini rule set."""
    target = bad.stem.split("--")[0] + ".yaml"
    (mini_copy / target).write_bytes(bad.read_bytes())
    result = run_in(mini_copy.parent, "advise", MINI_CASE, "--rules", "mini")
    _assert_clean_failure(result)
    check_expected(bad.with_suffix(".expected"), result.stderr)


def test_the_corpus_covers_the_issue_list() -> None:
    names = {p.stem for p in BAD_CASES} | {p.stem for p in BAD_RULE_FILES}
    for needed in ("severity-as-text", "missing-province", "unknown-problem-category", "dangling-link",
                   "duplicate-id", "duplicate-yaml-key", "tab-indent", "latin1-bytes", "empty", "yaml-in-json",
                   "number-as-text", "count-as-text", "date-dmy", "negative-count", "severity-too-high",
                   "rules--unknown-program", "rules--duplicate-rule-id", "rules--tab-indent"):
        assert needed in names
    assert all(p.with_suffix(".expected").exists() for p in [*BAD_CASES, *BAD_RULE_FILES])


# ---------------------------------------------------------------- files that look odd but are fine


def _advise_ok(run_in: Callable[..., Result], folder: Path, name: str) -> Result:
    result = run_in(folder, "advise", name, "--rules", MINI_RULES, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result


def test_a_byte_order_mark_alone_is_fine(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + MINI_CASE.read_bytes())
    plain = _advise_ok(run_in, MINI_CASE.parent, MINI_CASE.name)
    assert _advise_ok(run_in, tmp_path, "bom.yaml").stdout == plain.stdout


def test_json_in_a_yaml_file_loads_because_json_is_yaml(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    data = yaml.safe_load(MINI_CASE.read_text(encoding="utf-8"))
    data["metadata"]["date"] = data["metadata"]["date"].isoformat()
    (tmp_path / "case.yaml").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps(data), encoding="utf-8")
    plain = _advise_ok(run_in, MINI_CASE.parent, MINI_CASE.name)
    assert _advise_ok(run_in, tmp_path, "case.yaml").stdout == plain.stdout
    assert _advise_ok(run_in, tmp_path, "case.json").stdout == plain.stdout


@pytest.mark.parametrize("written", ["010", "1:30", "0x1F", "0b11", "0o17", "007"])
def test_numbers_yaml_1_1_reads_another_way_stay_as_written(written: str, tmp_path: Path,
                                                            run_in: Callable[..., Result]) -> None:
    """`rw: 010` is RW 010, not the octal 8 (nor `1:30` the sexagesimal 90): such a number is text, as written."""
    (tmp_path / "case.yaml").write_text(MINI_CASE.read_text(encoding="utf-8").replace("rw: 5", f"rw: {written}"),
                                        encoding="utf-8")
    assert json.loads(_advise_ok(run_in, tmp_path, "case.yaml").stdout)["village"]["rw"] == written


def test_windows_line_endings_are_fine(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    (tmp_path / "crlf.yaml").write_bytes(MINI_CASE.read_bytes().replace(b"\n", b"\r\n"))
    plain = _advise_ok(run_in, MINI_CASE.parent, MINI_CASE.name)
    assert _advise_ok(run_in, tmp_path, "crlf.yaml").stdout == plain.stdout


def test_a_missing_case_file_is_one_clear_error(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    result = run_in(tmp_path, "advise", "nope.yaml", "--rules", MINI_RULES)
    _assert_clean_failure(result)
    assert result.stderr == "Error: nope.yaml: no such file; check the path\n"


def test_a_folder_given_as_case_is_one_clear_error(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    (tmp_path / "sub").mkdir()
    result = run_in(tmp_path, "advise", "sub", "--rules", MINI_RULES)
    _assert_clean_failure(result)
    # a folder is searched for case files (several cases at once); one without any says so
    assert result.stderr == ("Error: sub: no case files (.yaml, .yml, .json, .xlsx) there; give case files or "
                             "folders that hold them\n")
