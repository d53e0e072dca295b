"""Hardening, round 2: special files, values, look-alike keys, control characters, signals, list bombs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI_CASE, MINI_RULES

BASE = MINI_CASE.read_text(encoding="utf-8")


def kkb(*args: str | Path, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kkb_advisor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/urandom"])
def test_special_files_are_refused_at_once(special: str, tmp_path: Path) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "case.yaml"
        os.mkfifo(path)
    started = time.monotonic()
    done = kkb("advise", path, "--rules", MINI_RULES, timeout=30)
    assert done.returncode == 2
    assert "is not a regular file (a pipe, device or socket)" in done.stderr
    assert "Traceback" not in done.stderr and time.monotonic() - started < 20


def _case_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in BASE, old
    path = tmp_path / "case.yaml"
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "message"), [
    ("9999-10-24", "is not a plausible FGD date"),
    ("1899-10-24", "is not a plausible FGD date"),
])
def test_implausible_dates_are_located_errors(value: str, message: str, tmp_path: Path) -> None:
    date_line = next(line for line in BASE.splitlines() if line.strip().startswith("date:"))
    path = _case_with(tmp_path, date_line, date_line.split("date:")[0] + f"date: {value}")
    done = kkb("validate", path, "--rules", MINI_RULES)
    assert done.returncode == 2 and message in done.stderr and "metadata.date" in done.stderr


def test_counts_are_bounded(tmp_path: Path) -> None:
    path = _case_with(tmp_path, "profile:\n", "profile:\n  population: 99999999999999999999999\n") \
        if "population:" not in BASE else _case_with(
            tmp_path, next(x for x in BASE.splitlines() if "population:" in x),
            "  population: 99999999999999999999999")
    done = kkb("validate", path, "--rules", MINI_RULES)
    assert done.returncode == 2 and "must be at most 10000000" in done.stderr, done.stderr


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    path = _case_with(tmp_path, 'kampung_kb_name: "Kampung KB Uji"', 'kampung_kb_name: "Kampung \\e[31mKB\\a Uji"')
    for fmt in ("text", "markdown", "csv", "json", "html"):
        done = kkb("advise", path, "--rules", MINI_RULES, "--format", fmt, "--lang", "en")
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout, fmt
    assert "Kampung \\u001b[31mKB\\u0007 Uji" in kkb("advise", path, "--rules", MINI_RULES, "--lang", "en").stdout


def test_ctrl_c_during_a_run_exits_130_with_one_line(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c",
                             "import time, kkb_advisor.cli as c, sys; sys.argv=['kkb-advisor','advise',"
                             f"{str(MINI_CASE)!r},'--rules',{str(MINI_RULES)!r}]; import os, signal; "
                             "signal.signal(signal.SIGALRM, lambda *a: os.kill(os.getpid(), signal.SIGINT)); "
                             "import kkb_advisor.advice.advisor as a; real = a.Advisor.advise; "
                             "a.Advisor.advise = lambda *x, **k: (time.sleep(5), real(*x, **k))[1]; "
                             "signal.setitimer(signal.ITIMER_REAL, 0.3); c.run()"],  # the signal comes inside run()
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["Interrupted; nothing was written."]


def test_sigterm_exits_143_and_leaves_no_output(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c",
                             "import time, kkb_advisor.cli as c, sys; sys.argv=['kkb-advisor','advise',"
                             f"{str(MINI_CASE)!r},'--rules',{str(MINI_RULES)!r},'-o','out.txt']; "
                             "import kkb_advisor.advice.advisor as a; real = a.Advisor.advise; "
                             "a.Advisor.advise = lambda *x, **k: (time.sleep(30), real(*x, **k))[1]; c.run()"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "Terminated; nothing was written." in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(f"{sys.executable} -m kkb_advisor rules list | head -c 10", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert done.stderr == "" and len(done.stdout) == 10


def test_list_bombs_are_refused_with_the_limit(tmp_path: Path) -> None:
    assets = "".join(f"  - {{id: X{i}, type: group, name: g{i}}}\n" for i in range(600))
    path = tmp_path / "case.yaml"
    text = BASE.replace("assets:\n", "assets:\n" + assets, 1) if "assets:\n" in BASE else \
        BASE + "assets:\n" + assets
    path.write_text(text, encoding="utf-8")
    done = kkb("validate", path, "--rules", MINI_RULES)
    assert done.returncode == 2 and "items; the limit is 500" in done.stderr, done.stderr


@pytest.mark.parametrize("key", ["has_NIB", "HAS_PIRT", "Has_Halal"])
def test_look_alike_attribute_keys_are_errors(key: str, tmp_path: Path) -> None:
    case = Path(__file__).resolve().parents[2] / "cases" / "kadipiro-sehati-2018.yaml"
    text = case.read_text(encoding="utf-8").replace("has_nib: false,", f"{key}: true,", 1)
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    done = kkb("validate", tmp_path / "case.yaml")
    assert done.returncode == 2
    assert f"unknown attribute '{key}'; did you mean '{key.lower()}'?" in done.stderr


def test_errors_follow_lang_id(tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text("kept\n", encoding="utf-8")
    done = kkb("advise", MINI_CASE, "--rules", MINI_RULES, "--lang", "id", "-o", tmp_path / "out.txt")
    assert done.returncode == 2
    assert done.stderr.startswith("Galat: ") and "berkas sudah ada; tidak ditimpa" in done.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("args", [
    ("advise", ""), ("validate", ""), ("advise", "{case}", "--rules", ""), ("advise", "{case}", "-o", ""),
    ("advise", "{case}", "--out-dir", ""), ("demand", ""), ("explain", "", "X"), ("rules", "lint", ""),
], ids=lambda a: " ".join(a).replace("{case}", "CASE"))
def test_an_empty_path_is_refused_not_read_as_the_current_folder(args: tuple[str, ...], tmp_path: Path) -> None:
    """`kkb-advisor advise "$CASE"` with CASE unset must not advise (or write into) the folder it runs in."""
    shutil.copy(MINI_CASE, tmp_path / "case.yaml")
    done = kkb(*(a.replace("{case}", "case.yaml") for a in args), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "an empty path (is a shell variable unset?)" in done.stderr, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]
