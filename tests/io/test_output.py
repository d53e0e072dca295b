"""Nothing lost: output is written atomically; -o never overwrites an input, nor an existing file without --force."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kkb_advisor.errors import UsageError
from kkb_advisor.io import output as fileout
from kkb_advisor.io.output import write_output
from tests.conftest import MINI_CASE, MINI_RULES

OLD = "the report the user kept\n"
_REAL_FDOPEN = os.fdopen


@pytest.fixture()
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(OLD, encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("fault", ["replace", "fsync", "write"])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "ctrl-c"])
def test_a_crash_mid_write_leaves_the_old_file_and_no_temp_file(fault: str, error: BaseException, existing: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise error

    if fault == "write":
        monkeypatch.setattr(fileout.os, "fdopen", lambda fd, mode: _FailingFile(fd, error))
    else:
        monkeypatch.setattr(fileout.os, fault, boom)
    with pytest.raises(type(error)):
        write_output(existing, "NEW " * 100_000, force=True)
    assert existing.read_text(encoding="utf-8") == OLD
    assert _leftovers(existing.parent) == []


class _FailingFile:
    """A file that writes half the data, then fails (disk full, or Ctrl-C)."""

    def __init__(self, fd: int, error: BaseException) -> None:
        self._handle = _REAL_FDOPEN(fd, "wb")
        self._error = error

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> None:
        self._handle.write(data[: len(data) // 2])
        raise self._error


def test_a_crash_on_a_new_file_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileout.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        write_output(tmp_path / "new.txt", "data")
    assert list(tmp_path.iterdir()) == []


def test_write_replaces_with_force_and_keeps_nothing_else(existing: Path) -> None:
    write_output(existing, "fresh\n", force=True)
    assert existing.read_text(encoding="utf-8") == "fresh\n"
    assert sorted(p.name for p in existing.parent.iterdir()) == ["report.txt"]


def test_write_refuses_an_existing_file_without_force(existing: Path) -> None:
    with pytest.raises(UsageError, match="the file exists; refusing to overwrite it; add --force"):
        write_output(existing, "fresh\n")
    assert existing.read_text(encoding="utf-8") == OLD


@pytest.mark.parametrize("link", ["symlink", "hardlink", "same"])
def test_write_refuses_an_input_however_it_is_named(link: str, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(MINI_CASE.read_bytes())
    target = {"same": case, "symlink": tmp_path / "sym.yaml", "hardlink": tmp_path / "hard.yaml"}[link]
    if link == "symlink":
        target.symlink_to(case)
    elif link == "hardlink":
        os.link(case, target)
    with pytest.raises(UsageError, match="this is an input file; refusing to overwrite it"):
        write_output(target, "x", force=True, inputs=[case])
    assert case.read_bytes() == MINI_CASE.read_bytes()


# ---------------------------------------------------------------- through the CLI


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    (tmp_path / "case.yaml").write_bytes(MINI_CASE.read_bytes())
    return tmp_path


def test_cli_o_refuses_to_overwrite_the_case_even_with_force(work: Path, run_in: Callable[..., Result]) -> None:
    result = run_in(work, "advise", "case.yaml", "--rules", MINI_RULES, "-o", "case.yaml", "--force")
    assert result.exit_code == 2
    assert result.stderr == ("Error: case.yaml: this is an input file; refusing to overwrite it; "
                             "choose another output name\n")
    assert (work / "case.yaml").read_bytes() == MINI_CASE.read_bytes()


def test_cli_o_refuses_an_existing_file_without_force(work: Path, run_in: Callable[..., Result]) -> None:
    (work / "out.txt").write_text(OLD, encoding="utf-8")
    result = run_in(work, "advise", "case.yaml", "--rules", MINI_RULES, "-o", "out.txt")
    assert result.exit_code == 2
    assert result.stderr == "Error: out.txt: the file exists; refusing to overwrite it; add --force to replace it\n"
    assert (work / "out.txt").read_text(encoding="utf-8") == OLD
    forced = run_in(work, "advise", "case.yaml", "--rules", MINI_RULES, "-o", "out.txt", "--force")
    assert forced.exit_code == 0
    plain = run_in(work, "advise", "case.yaml", "--rules", MINI_RULES)
    assert (work / "out.txt").read_text(encoding="utf-8") == plain.stdout


def test_cli_o_into_a_missing_folder_is_a_clear_error(work: Path, run_in: Callable[..., Result]) -> None:
    result = run_in(work, "advise", "case.yaml", "--rules", MINI_RULES, "-o", "nope/out.txt")
    assert result.exit_code == 2
    assert result.stderr == "Error: nope/out.txt: the folder nope does not exist; create it first\n"


def test_cli_a_bad_case_writes_no_output_file(work: Path, run_in: Callable[..., Result]) -> None:
    (work / "bad.yaml").write_text("schema_version: '1.0'\n", encoding="utf-8")
    result = run_in(work, "advise", "bad.yaml", "--rules", MINI_RULES, "-o", "out.txt")
    assert result.exit_code == 2
    assert not (work / "out.txt").exists()
