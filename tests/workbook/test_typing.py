"""The package ships py.typed: a user's script that uses the public API type-checks under mypy --strict, and a
misuse of it is caught (the lazily imported names are real types, not Any)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

GOOD = '''from kkb_advisor import Advice, Advisor, load_case, load_rules, render

rules = load_rules()
with Advisor(rules) as advisor:
    advice: Advice = advisor.advise(load_case("case.yaml", rules))
first: int = advice.recommendations[0].rank
text = render(advice, "markdown", lang="en")
'''
BAD = '''from kkb_advisor import load_rules, lod_case

rules = load_rules()
count: int = rules
'''


def _mypy(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    path = folder / "user.py"
    path.write_text(script, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null",
                           str(path)], cwd=folder, capture_output=True, text=True, check=False)


def test_py_typed_is_shipped() -> None:
    assert (REPO / "kkb_advisor" / "py.typed").is_file()


def test_a_user_script_type_checks_and_a_misuse_is_caught(tmp_path: Path) -> None:
    good = _mypy(tmp_path, GOOD)
    assert good.returncode == 0, good.stdout
    bad = _mypy(tmp_path, BAD)
    assert bad.returncode == 1
    assert 'Module "kkb_advisor" has no attribute "lod_case"' in bad.stdout
    assert 'Incompatible types in assignment (expression has type "RuleSet", variable has type "int")' in bad.stdout
