"""Fixtures for the hardening suite: the invalid corpus, a CLI run from a chosen folder, generated cases."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kkb_advisor.cli import _register, main

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = REPO / "tests" / "data"
INVALID = DATA / "invalid"
MINI_RULES = DATA / "rulesets" / "mini"
MINI_CASE = DATA / "valid" / "mini-case.yaml"
UPDATE = os.environ.get("KKB_UPDATE_EXPECTED") == "1"  # rewrite the .expected files from the current output

_register()


@pytest.fixture(autouse=True)
def _no_rule_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule sets are read afresh: no test depends on (or writes) the user's cache folder."""
    monkeypatch.setenv("KKB_ADVISOR_CACHE", "off")


@pytest.fixture()
def run_in(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `kkb-advisor ARGS...` from ``folder``, so the file names in messages are short and stable."""

    def invoke(folder: Path, *args: str | Path) -> Result:
        monkeypatch.chdir(folder)
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini rule set, at tmp_path/mini."""
    target = tmp_path / "mini"
    shutil.copytree(MINI_RULES, target)
    return target


def check_expected(expected_file: Path, stderr: str) -> None:
    """The exact error text kept beside a bad file (rewritten with KKB_UPDATE_EXPECTED=1)."""
    if UPDATE:
        expected_file.write_text(stderr, encoding="utf-8")
    assert expected_file.exists(), f"missing {expected_file.name}; run with KKB_UPDATE_EXPECTED=1 and review it"
    assert stderr == expected_file.read_text(encoding="utf-8")
