"""What a command imports when it starts: each command module only when its command runs; `--version` and `--help`
nothing heavy; `advise` neither networkx nor the modules of other commands (bench/run.py measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kkb_advisor.cli import _COMMANDS, GC_EVERY, _register, main

REPO = Path(__file__).resolve().parent.parent.parent
CASE = str(REPO / "cases" / "kadipiro-sehati-2018.yaml")
HEAVY = {"pydantic", "pydantic_core", "networkx", "yaml", "durable_rules_engine", "openpyxl", "PIL"}

# run the console entry point, then write every module the process imported (and its garbage collector's first
# threshold, and how many objects it left out of the final collections) to the file given first
_PROBE = """
import atexit, gc, json, sys
out = sys.argv[1]
atexit.register(lambda: open(out, "w").write(json.dumps([sorted(sys.modules), gc.get_threshold()[0],
                                                          gc.get_freeze_count()])))
sys.argv = ["kkb-advisor", *sys.argv[2:]]
from kkb_advisor.cli import run
run()
"""


def _imported(tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(out), *args], capture_output=True, text=True,
                          check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    modules, threshold, frozen = json.loads(out.read_text())
    assert threshold == GC_EVERY  # start-up objects are not collected over and over (cli.run)
    assert frozen > 1000  # nor walked again by the collections at exit
    return set(modules)


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_command_table_names_every_command_and_its_module() -> None:
    _register()
    assert set(main.commands) == set(_COMMANDS)
    for name, module in _COMMANDS.items():
        assert main.commands[name].callback is not None
        assert main.commands[name].callback.__module__ == f"kkb_advisor.cli.{module}", name


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("advise", "--help"), ("rules", "--help")])
def test_version_and_help_import_nothing_heavy(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert not _top(_imported(tmp_path, *args)) & HEAVY


def test_advise_imports_neither_networkx_nor_other_commands(tmp_path: Path) -> None:
    modules = _imported(tmp_path, "advise", CASE, "--format", "json")
    assert "networkx" not in _top(modules)
    assert {"pydantic", "yaml"} <= _top(modules)  # the probe did run the command
    commands = {m for m in modules if m.startswith("kkb_advisor.cli.") and m.rsplit(".", 1)[1] in _COMMANDS.values()}
    assert commands == {"kkb_advisor.cli.advise"}
    assert not any(m.startswith(("kkb_advisor.wizard", "kkb_advisor.policy", "kkb_advisor.report.drawing"))
                   for m in modules)
