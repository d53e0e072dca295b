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
    expected = UsageError if isinstance(error, OSError) else type(error)  # an OS error is said, Ctrl-C unwinds
    with pytest.raises(expected):
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


@pytest.mark.parametrize("fault", ["write", "replace"])
def test_several_files_are_written_all_or_none(fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """write_outputs writes every temporary file first: a failure on the last one changes none of them."""
    files = [tmp_path / f"{n}.yaml" for n in ("a", "b", "c")]
    for path in files:
        path.write_text(OLD, encoding="utf-8")
    real_fdopen, real_replace, calls = os.fdopen, os.replace, []

    def fdopen(fd: int, mode: str) -> object:
        calls.append(fd)
        return _FailingFile(fd, OSError(28, "No space left on device")) if len(calls) == 3 else real_fdopen(fd, mode)

    def replace(src: str, dst: object) -> None:
        if not calls:
            raise OSError(5, "I/O error")
        real_replace(src, dst)  # type: ignore[arg-type]

    if fault == "write":
        monkeypatch.setattr(fileout.os, "fdopen", fdopen)
    else:  # the renames come only after every file is written: the first one fails, nothing else is tried
        monkeypatch.setattr(fileout.os, "replace", replace)
    with pytest.raises(UsageError, match="c.yaml: no space left" if fault == "write" else "a.yaml: cannot write"):
        fileout.write_outputs([(path, "NEW\n") for path in files], force=True)
    assert [path.read_text(encoding="utf-8") for path in files] == [OLD] * 3
    assert _leftovers(tmp_path) == []
    monkeypatch.undo()
    fileout.write_outputs([(path, "NEW\n") for path in files], force=True)
    assert [path.read_text(encoding="utf-8") for path in files] == ["NEW\n"] * 3 and _leftovers(tmp_path) == []


def test_a_crash_on_a_new_file_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileout.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(UsageError, match=r"new\.txt: cannot write"):
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
    with pytest.raises(UsageError, match="this is an input file of this run"):
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
    assert result.stderr == ("Error: case.yaml: this is an input file of this run (the case or a file of the rule "
                             "set); refusing to overwrite it, even with --force; "
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
    assert result.stderr == ("Error: nope/out.txt: the folder nope does not exist; create the folder first, "
                             "or give another path\n")


def test_cli_a_bad_case_writes_no_output_file(work: Path, run_in: Callable[..., Result]) -> None:
    (work / "bad.yaml").write_text("schema_version: '1.0'\n", encoding="utf-8")
    result = run_in(work, "advise", "bad.yaml", "--rules", MINI_RULES, "-o", "out.txt")
    assert result.exit_code == 2
    assert not (work / "out.txt").exists()


# ------------------------------------------------------------------ round 2: what -o may replace, and how


@pytest.mark.parametrize("special", ["fifo", "device", "folder"])
def test_force_replaces_only_regular_files(special: str, tmp_path: Path) -> None:
    target = {"fifo": tmp_path / "pipe", "device": Path("/dev/null"), "folder": tmp_path}[special]
    if special == "fifo":
        os.mkfifo(target)
    before = os.stat(target).st_mode
    with pytest.raises(UsageError, match=r"is not a regular file|is a folder"):
        write_output(target, "x", force=True)
    assert os.stat(target).st_mode == before  # still the pipe, the device, the folder


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(UsageError, match="the file exists"):
        write_output(link, "new\n")
    write_output(link, "new\n", force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_follows_the_umask(umask: int, tmp_path: Path) -> None:
    old = os.umask(umask)
    try:
        write_output(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "out.txt").st_mode & 0o777 == 0o666 & ~umask


def test_a_replaced_file_keeps_its_permissions(existing: Path) -> None:
    existing.chmod(0o640)
    write_output(existing, "x", force=True)
    assert existing.stat().st_mode & 0o777 == 0o640


def test_os_errors_are_clean_errors_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="the file name is too long"):
        write_output(tmp_path / ("a" * 300 + ".txt"), "x")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file, not a folder"):
        write_output(tmp_path / "file" / "out.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_file_size_limit_is_a_clean_error_and_leaves_nothing(work: Path) -> None:
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    done = subprocess.run([sys.executable, "-m", "kkb_advisor", "advise", "case.yaml", "--rules", str(MINI_RULES),
                           "--format", "json", "-o", "out.json"], cwd=work, capture_output=True, text=True,
                          preexec_fn=limit, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: out.json: the file would be larger than this system allows")
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in work.iterdir()) == ["case.yaml"]


def test_cli_o_refuses_a_file_of_the_rule_set_even_with_force(work: Path, run_in: Callable[..., Result]) -> None:
    import shutil

    shutil.copytree(MINI_RULES, work / "rules")
    before = {p.name: p.read_bytes() for p in (work / "rules").iterdir() if p.is_file()}
    for name in sorted(before):
        result = run_in(work, "advise", "case.yaml", "--rules", "rules", "-o", f"rules/{name}", "--force")
        assert result.exit_code == 2, name
        assert "this is an input file of this run" in result.stderr
    assert {p.name: p.read_bytes() for p in (work / "rules").iterdir() if p.is_file()} == before
