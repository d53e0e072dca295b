"""Shared fixtures: paths, rule sets, and one CLI runner for every test module."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kkb_advisor.cli import _register, main
from kkb_advisor.rules.load import load_rules
from kkb_advisor.model.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent
CASES = sorted((REPO / "cases").glob("*.yaml"))
DATA = REPO / "tests" / "data"
MINI_RULES = DATA / "rulesets" / "mini"
MINI_CASE = DATA / "valid" / "mini-case.yaml"
GOLDEN = REPO / "tests" / "golden"

_register()
# the rule-set cache goes to a private folder for the test session, never the user's
os.environ["KKB_ADVISOR_CACHE"] = tempfile.mkdtemp(prefix="kkb-advisor-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the golden files in tests/golden/ from the current output.")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def bundled_rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def mini_rules() -> RuleSet:
    return load_rules(MINI_RULES)


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def cli(runner: CliRunner) -> Callable[..., Result]:
    """Run `kkb-advisor ARGS...`; stdout and stderr are kept apart (result.stdout, result.stderr)."""

    def invoke(*args: str | Path, input: str | None = None) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def golden(path: Path, text: str, update: bool) -> None:
    """Compare ``text`` with the golden file (or rewrite it with --update-golden)."""
    if update or not path.exists():
        if not update:
            pytest.fail(f"missing golden file {path.relative_to(REPO)}; run pytest --update-golden and review it")
        path.write_text(text, encoding="utf-8")
        return
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path.relative_to(REPO)}"


def ids(paths: Sequence[Path]) -> list[str]:
    return [p.stem for p in paths]
