"""`advise` over many cases: order, workers, bad files, duplicate ids, resume, interruption."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from kkb_advisor.batch import advise_many, find_cases
from kkb_advisor.batch.run import Setup, Worker, outcomes
from kkb_advisor.errors import CaseError
from kkb_advisor.model.advice import Advice
from kkb_advisor.report import render

from ..conftest import CASES, INVALID, MINI_CASE, REPO

Cli = Callable[..., Result]


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """Three bundled cases (one in a subfolder), a broken file and a file that is not a case."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for case in CASES[:2]:
        shutil.copy(case, folder / case.name)
    shutil.copy(CASES[2], folder / "sub" / CASES[2].name)
    (folder / "broken.yaml").write_text("case_id: [unclosed\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a case", encoding="utf-8")
    return folder


def test_find_cases_is_sorted_recursive_and_case_files_only(mixed: Path) -> None:
    found = find_cases([mixed])
    assert found == sorted(found)
    assert [p.name for p in found] == sorted(["broken.yaml", CASES[0].name, CASES[1].name, CASES[2].name],
                                             key=lambda n: str(mixed / ("sub/" + n if n == CASES[2].name else n)))
    assert not any(p.suffix == ".txt" for p in found)


def test_jsonl_lines_are_the_json_contract_plus_the_source(cli: Cli, mixed: Path) -> None:
    result = cli("advise", mixed, "--format", "jsonl", "-j", "1", "--lang", "en")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line, path in zip(lines, [p for p in find_cases([mixed]) if p.name != "broken.yaml"], strict=True):
        data = json.loads(line)
        assert data.pop("source") == str(path)
        advice = Advice.model_validate(data)
        assert json.loads(render(advice, "json")) == data
    assert "broken.yaml" in result.stderr and "line 2, column 1" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "3 advised, 1 failed"


def test_one_and_two_workers_give_the_same_bytes(cli: Cli, mixed: Path) -> None:
    one = cli("advise", mixed, "--format", "jsonl", "-j", "1")
    two = cli("advise", mixed, "--format", "jsonl", "-j", "2")
    assert one.stdout == two.stdout and one.stdout
    assert one.exit_code == two.exit_code == 2


def test_forked_and_started_workers_give_the_same_bytes(cli: Cli, mixed: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from kkb_advisor.batch import run

    assert run._can_fork() == sys.platform.startswith("linux")  # so the first run below does fork where it can
    forked = cli("advise", mixed, "--format", "jsonl", "-j", "2")
    monkeypatch.setattr(run, "_can_fork", lambda: False)  # as where fork is unsafe: workers import and build anew
    started = cli("advise", mixed, "--format", "jsonl", "-j", "2")
    assert forked.stdout == started.stdout and forked.stdout
    assert forked.exit_code == started.exit_code == 2


def test_one_case_behaves_as_before(cli: Cli) -> None:
    result = cli("advise", MINI_CASE, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["case_id"]
    assert "advised" not in result.stderr and "selesai" not in result.stderr


def test_several_cases_need_jsonl_or_out_dir(cli: Cli) -> None:
    result = cli("advise", CASES[0], CASES[1])
    assert result.exit_code == 2
    assert "--format jsonl" in result.stderr and "Traceback" not in result.stderr


def test_out_dir_writes_a_file_per_case_id_and_resume_skips_them(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = cli("advise", *CASES[:3], "--out-dir", out, "--format", "markdown", "--lang", "en")
    assert first.exit_code == 0, first.stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len(names) == 3 and all(n.endswith(".md") for n in names)
    before = {n: (out / n).read_bytes() for n in names}
    again = cli("advise", *CASES[:3], "--out-dir", out, "--format", "markdown", "--lang", "en")
    assert again.exit_code == 2 and "--force" in again.stderr  # never a silent overwrite
    resumed = cli("advise", *CASES[:3], "--out-dir", out, "--format", "markdown", "--lang", "en", "--resume")
    assert resumed.exit_code == 0
    assert resumed.stderr.strip().endswith("0 advised, 0 failed, 3 skipped (already done)")
    assert {n: (out / n).read_bytes() for n in names} == before


def test_resume_after_an_interrupted_run_finishes_only_the_rest(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("advise", *CASES[:2], "--out-dir", out, "--format", "json", "--lang", "en")
    # the run was stopped before the third case; one output of the earlier run was lost too
    victim = sorted(p for p in out.iterdir() if p.suffix == ".json")[0]
    victim.unlink()
    resumed = cli("advise", *CASES[:3], "--out-dir", out, "--format", "json", "--lang", "en", "--resume")
    assert resumed.exit_code == 0, resumed.stderr
    assert resumed.stderr.strip().endswith("2 advised, 0 failed, 1 skipped (already done)")
    assert len([p for p in out.iterdir() if p.suffix == ".json"]) == 3


def test_resume_redoes_a_case_whose_file_changed(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(MINI_CASE, case)
    out = tmp_path / "out"
    assert cli("advise", case, "--out-dir", out, "--format", "json").exit_code == 0
    case.write_text(case.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    resumed = cli("advise", case, "--out-dir", out, "--format", "json", "--resume", "--lang", "en")
    assert resumed.stderr.strip().endswith("1 advised, 0 failed")


def test_duplicate_case_ids_name_both_files(cli: Cli, tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(MINI_CASE, tmp_path / name)
    result = cli("advise", tmp_path / "a.yaml", tmp_path / "b.yaml", "--out-dir", tmp_path / "out",
                 "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "b.yaml" in error[0] and "a.yaml" in error[0]
    assert result.stderr.strip().endswith("1 advised, 1 failed")


def test_interrupt_stops_cleanly_with_130(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = Worker.__call__

    def stop_on_second(self: Worker, item: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, item)  # type: ignore[arg-type]

    monkeypatch.setattr(Worker, "__call__", stop_on_second)
    out = tmp_path / "out"
    result = cli("advise", *CASES[:3], "--out-dir", out, "--format", "json", "-j", "1", "--lang", "en")
    assert result.exit_code == 130
    assert "Interrupted" in result.stderr
    written = [p for p in out.iterdir() if p.suffix == ".json"]
    assert len(written) == 1 and json.loads(written[0].read_text(encoding="utf-8"))["case_id"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_advise_many_yields_in_input_order_with_errors(mixed: Path) -> None:
    paths = find_cases([mixed])
    results = list(advise_many(paths, jobs=2))
    assert [s for s, _ in results] == [str(p) for p in paths]
    kinds = [isinstance(r, CaseError) for _, r in results]
    assert kinds == [p.name == "broken.yaml" for p in paths]


def test_advise_many_matches_one_advisor(bundled_advisor: object) -> None:
    from kkb_advisor.case.load import load_case

    got = [a for _, a in advise_many(CASES[:2])]
    want = [bundled_advisor.advise(load_case(p)) for p in CASES[:2]]  # type: ignore[attr-defined]
    assert got == want


def test_an_unreadable_input_is_a_located_error(tmp_path: Path) -> None:
    outs = list(outcomes([INVALID / "does-not-exist.yaml"], Setup()))
    assert outs[0].problems and "does-not-exist.yaml" in outs[0].problems[0].text("en")


@pytest.mark.parametrize(("place", "message"), [
    ("file/sub", "a part of the path is a file, not a folder"),
    ("loop", "a file or link of that name is in the way"),
    ("d" * 300, "the file name is too long"),
    ("markers", "a file or link of that name is in the way"),
])
def test_an_out_dir_that_cannot_be_made_is_a_usage_error(place: str, message: str, cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("kept\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    out = tmp_path / place
    if place == "markers":  # the folder is there, but its marker folder is a file
        out.mkdir()
        (out / ".kkb-advisor").write_text("kept\n", encoding="utf-8")
    result = cli("advise", MINI_CASE, "--out-dir", out, "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {out}") and message in result.stderr, result.stderr
    assert "internal error" not in result.stderr
    assert (tmp_path / "file").read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("marker", [b"\xff\xfe\x00", b"../../etc/hostname\n", b""])
def test_resume_reads_a_broken_marker_as_not_done(marker: bytes, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("advise", MINI_CASE, "--out-dir", out, "--format", "json", "--lang", "en").exit_code == 0
    (made,) = (out / ".kkb-advisor").iterdir()
    made.write_bytes(marker)
    resumed = cli("advise", MINI_CASE, "--out-dir", out, "--format", "json", "--resume", "--force", "--lang", "en")
    assert resumed.exit_code == 0, resumed.stderr
    assert resumed.stderr.strip().endswith("1 advised, 0 failed")
    assert (out / "TEST-MINI-2019.json").is_file()


def _stdin_script(*, thread: bool) -> subprocess.CompletedProcess[str]:
    script = (f"import sys, threading; sys.path.insert(0, {str(REPO)!r})\n"
              "from kkb_advisor.batch import advise_many\n"
              "from kkb_advisor.errors import UsageError\n"
              "stop = threading.Event()\n"
              + ("threading.Thread(target=stop.wait, daemon=True).start()\n" if thread else "") +
              f"try:\n    print('advised:', [type(a).__name__ for _, a in advise_many([{str(CASES[0])!r}], jobs=2)])\n"
              "except UsageError as exc:\n    print('usage:', exc)\n")
    return subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked only on Linux")
def test_forked_workers_serve_a_script_on_standard_input() -> None:
    # with no other thread running, the workers are forked from the caller: nothing needs the main script on disk
    done = _stdin_script(thread=False)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout == "advised: ['Advice']\n", done.stdout


def test_started_workers_from_a_script_on_standard_input_are_a_usage_error() -> None:
    # another thread runs, so the workers are started fresh (forkserver), and they import the main script: `python
    # -` has none on disk, and without the check the pool restarts its failing workers forever (the run hangs)
    done = _stdin_script(thread=True)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.startswith("usage: jobs > 1 starts worker processes"), done.stdout
    assert "'<stdin>' is not a file" in done.stdout


@pytest.mark.parametrize(("sig", "code", "said"), [
    (signal.SIGTERM, 143, "Terminated; every finished output is whole: "),
    (signal.SIGINT, 130, "Interrupted; every finished output is whole: "),
])
def test_a_signal_stops_two_workers_with_one_line(sig: int, code: int, said: str, tmp_path: Path) -> None:
    # the pool ends its workers with SIGTERM: forked workers must not run the command's own handler (a traceback
    # each), and the summary counts what was written, whole
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    text = CASES[0].read_text(encoding="utf-8")
    for i in range(60):
        (folder / f"c{i:02d}.yaml").write_text(re.sub(r"(?m)^case_id: .*$", f"case_id: SIG-{i:02d}", text),
                                               encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kkb_advisor", "advise", str(folder), "--out-dir", str(out),
                             "-j", "2", "--format", "json", "--lang", "en"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 2 and proc.poll() is None:
        time.sleep(0.05)
    (os.killpg if sig == signal.SIGINT else os.kill)(proc.pid, sig)  # Ctrl-C reaches the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err[-800:]
    assert "Traceback" not in err and "Process ForkPoolWorker" not in err, err[-1500:]
    last = err.strip().splitlines()[-1]
    assert last.startswith(said), err[-800:]
    done = int(last[len(said):].split()[0])
    written = sorted(out.glob("*.json"))
    # the signal can land between writing a file and counting it: the one being written then is whole, not counted
    assert len(written) >= 2 and done in (len(written), len(written) - 1), (done, len(written))
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # each whole


def test_out_dir_never_replaces_another_input_of_the_run(cli: Cli, tmp_path: Path) -> None:
    # one case's id names another case's file: even with --force that file is an input, and stays as it was
    folder = tmp_path / "in"
    folder.mkdir()
    data = yaml.safe_load(MINI_CASE.read_text(encoding="utf-8"))
    (folder / "ABC.json").write_text(json.dumps({**data, "case_id": "ZZZ"}, default=str), encoding="utf-8")
    (folder / "other.yaml").write_text(yaml.safe_dump({**data, "case_id": "ABC"}, allow_unicode=True),
                                       encoding="utf-8")
    before = (folder / "ABC.json").read_bytes()
    result = cli("advise", folder, "--out-dir", folder, "--format", "json", "--force", "-j", "1", "--lang", "en")
    assert result.exit_code == 2
    assert f"{folder / 'ABC.json'}: this is an input file of this run" in result.stderr, result.stderr
    assert (folder / "ABC.json").read_bytes() == before
    assert result.stderr.strip().endswith("1 advised, 1 failed")


def test_ids_that_differ_only_in_capitals_clash_in_an_out_dir(cli: Cli, tmp_path: Path) -> None:
    # on Windows and macOS abc.json and ABC.json are one file: the second would replace the first
    data = yaml.safe_load(MINI_CASE.read_text(encoding="utf-8"))
    for name, cid in (("a.yaml", "case-abc"), ("b.yaml", "CASE-ABC")):
        (tmp_path / name).write_text(yaml.safe_dump({**data, "case_id": cid}, allow_unicode=True), encoding="utf-8")
    result = cli("advise", tmp_path / "a.yaml", tmp_path / "b.yaml", "--out-dir", tmp_path / "out",
                 "--format", "json", "-j", "1", "--lang", "en")
    assert result.exit_code == 2
    assert f"the case id 'CASE-ABC' differs only in capitals from 'case-abc' of {tmp_path / 'a.yaml'}" in result.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["case-abc.json"]


def test_an_out_dir_inside_the_input_folder_is_not_read_back_as_cases(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MINI_CASE, folder / "case.yaml")
    for extra in ((), ("--force",), ("--resume",)):  # a second run, and a resumed one, see only the one case
        result = cli("advise", folder, "--out-dir", folder / "out", "--format", "json", "-j", "1", "--lang", "en",
                     *extra)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith(("1 advised, 0 failed", "0 advised, 0 failed, 1 "))


def test_an_out_dir_never_writes_through_a_link(cli: Cli, tmp_path: Path) -> None:
    # a link at an output's name would send the advice into a file outside the folder, the user's own
    precious = tmp_path / "precious.yaml"
    precious.write_text("kept\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    case_id = yaml.safe_load(MINI_CASE.read_text(encoding="utf-8"))["case_id"]
    (out / f"{case_id}.json").symlink_to(precious)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MINI_CASE, folder / "case.yaml")
    result = cli("advise", folder, "--out-dir", out, "--format", "json", "--force", "-j", "1", "--lang", "en")
    assert result.exit_code == 2
    said = f"{out / (case_id + '.json')}: is a symbolic link; an output of --out-dir is never written through one"
    assert said in result.stderr
    assert precious.read_text(encoding="utf-8") == "kept\n"
