"""A standard output that cannot be written (a full disk behind `> file`, a closed stdout) is a one-line error with
exit 2, in the user's language, never a traceback or an 'internal error'; an -o file still works without stdout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import MINI_CASE, REPO

FULL = Path("/dev/full")


def _run(args: list[str], shell_redirect: str) -> subprocess.CompletedProcess[str]:
    command = " ".join([f"'{sys.executable}'", "-m", "kkb_advisor", *(f"'{a}'" for a in args)]) + " " + shell_redirect
    env = {k: v for k, v in os.environ.items() if k != "KKB_ADVISOR_LANG"}  # Indonesian unless --lang en
    return subprocess.run(["sh", "-c", command], cwd=REPO, capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize(("args", "line"), [
    (["advise", str(MINI_CASE), "--lang", "en"],
     "Error: standard output: cannot write (no space left on the device); write to a file with -o FILE, or free "
     "the space"),
    (["advise", str(MINI_CASE)],
     "Galat: keluaran standar: tidak dapat ditulis (tidak ada ruang tersisa di perangkat); tulis ke berkas dengan "
     "-o FILE, atau kosongkan ruang"),
    (["--help"], "Galat: keluaran standar: tidak dapat ditulis (tidak ada ruang tersisa di perangkat)"),
    (["--version"], "Galat: keluaran standar: tidak dapat ditulis"),
    (["schema", "case"], "Galat: keluaran standar: tidak dapat ditulis"),
])
def test_a_full_disk_behind_stdout_is_one_line(args: list[str], line: str) -> None:
    done = _run(args, "> /dev/full")
    assert done.returncode == 2, done.stderr[-800:]
    assert done.stderr.startswith(line), done.stderr[-800:]
    assert ("-o FILE" in done.stderr) == (args[0] not in {"--help", "--version"})  # they have no -o
    assert "Traceback" not in done.stderr and "internal" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_closed_stdout_is_one_line_and_an_output_file_still_works(tmp_path: Path) -> None:
    done = _run(["advise", str(MINI_CASE), "--lang", "en"], ">&-")
    assert done.returncode == 2, done.stderr[-800:]
    assert done.stderr.strip() == ("Error: standard output: cannot write (standard output is closed); write to a "
                                   "file with -o FILE, or leave standard output open")
    out = tmp_path / "a.json"
    done = _run(["advise", str(MINI_CASE), "--format", "json", "-o", str(out)], ">&-")
    assert done.returncode == 0, done.stderr[-800:]
    assert out.read_text(encoding="utf-8").startswith("{")


def test_the_written_line_follows_the_language_of_messages(tmp_path: Path) -> None:
    # KKB_ADVISOR_LANG sets the language of messages; the workbook itself follows --lang only
    env = {**os.environ, "KKB_ADVISOR_LANG": "en"}
    target = tmp_path / "k.xlsx"
    done = subprocess.run([sys.executable, "-m", "kkb_advisor", "convert", str(MINI_CASE), str(target)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == f"Written: {target}"
