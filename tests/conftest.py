"""The one set of fixtures: data paths, rule sets and their advisors, small cases, CLI runners, Chromium.

Tests mirror the package: tests/<room>/test_<module>.py. Data files live in tests/data (valid and invalid cases,
rule sets, the lint corpus), golden outputs in tests/golden.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.case.load import load_case
from kkb_advisor.cli import _register, main
from kkb_advisor.model.advice import Advice
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.load import load_rules
from kkb_advisor.wizard.questions import Ask, Say

REPO = Path(__file__).resolve().parent.parent
CASES = sorted((REPO / "cases").glob("*.yaml"))
DATA = REPO / "tests" / "data"
INVALID = DATA / "invalid"
RULESETS = DATA / "rulesets"
MINI_RULES = RULESETS / "mini"
TESTED = RULESETS / "tested"  # a small rule set with rule tests that pass
FAILING = RULESETS / "failing"  # ... and one whose rule tests fail
MINI_V2 = RULESETS / "mini-v2"  # the mini set, changed (for `rules diff`)
DIFF_CASES = DATA / "diff-cases"
LINT_CORPUS = DATA / "lint"  # one broken rule set a lint finding, with the expected output beside it
MINI_CASE = DATA / "valid" / "mini-case.yaml"
LOOP_CASE = DATA / "valid" / "loop-case.yaml"  # a vicious circle, uncovered causes, a link across two layers
GOLDEN = REPO / "tests" / "golden"
UPDATE_EXPECTED = os.environ.get("KKB_UPDATE_EXPECTED") == "1"  # rewrite the .expected files from the output

_register()
# the rule-set cache goes to a private folder for the test session, never the user's
os.environ["KKB_ADVISOR_CACHE"] = tempfile.mkdtemp(prefix="kkb-advisor-test-cache-")
# messages (errors, hints, --help) in English for the CLI runs and the subprocesses of the tests, as most tests
# pin them; the default (Indonesian) and both languages are tested through the `messages_default` fixture
os.environ["KKB_ADVISOR_LANG"] = "en"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the golden files in tests/golden/ from the current output.")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# ---------------------------------------------------------------- rule sets and advisors


@pytest.fixture(scope="session")
def bundled_rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def bundled_advisor(bundled_rules: RuleSet) -> Iterator[Advisor]:
    """The bundled rule set, compiled once for the whole session."""
    with Advisor(bundled_rules) as advisor:
        yield advisor


@pytest.fixture(scope="session")
def mini_rules() -> RuleSet:
    return load_rules(MINI_RULES)


@pytest.fixture(scope="session")
def mini_advisor(mini_rules: RuleSet) -> Iterator[Advisor]:
    with Advisor(mini_rules) as advisor:
        yield advisor


@pytest.fixture(scope="session")
def tested_rules() -> RuleSet:
    return load_rules(TESTED)


@pytest.fixture(scope="session")
def mini_case(mini_rules: RuleSet) -> Case:
    return load_case(MINI_CASE, mini_rules)


@pytest.fixture(scope="session")
def loop_case(mini_rules: RuleSet) -> Case:
    return load_case(LOOP_CASE, mini_rules)


@pytest.fixture(scope="session")
def mini_advice(mini_case: Case, mini_advisor: Advisor) -> Advice:
    return mini_advisor.advise(mini_case)


@pytest.fixture(scope="session")
def loop_advice(loop_case: Case, mini_advisor: Advisor) -> Advice:
    return mini_advisor.advise(loop_case)


@pytest.fixture(scope="session")
def files() -> dict[str, Path]:
    """Paths: the mini rule set, the mini case, the loop case, and the repository."""
    return {"rules": MINI_RULES, "mini": MINI_CASE, "loop": LOOP_CASE, "repo": REPO}


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini rule set, at tmp_path/mini."""
    target = tmp_path / "mini"
    shutil.copytree(MINI_RULES, target)
    return target


# ---------------------------------------------------------------- the command line


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def cli(runner: CliRunner) -> Callable[..., Result]:
    """Run `kkb-advisor ARGS...`; stdout and stderr are kept apart (result.stdout, result.stderr)."""

    def invoke(*args: str | Path, input: str | None = None) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture()
def run_in(monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> Callable[..., Result]:
    """Run `kkb-advisor ARGS...` from ``folder``, so the file names in messages are short and stable."""

    def invoke(folder: Path, *args: str | Path) -> Result:
        monkeypatch.chdir(folder)
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture()
def messages_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in the language a user gets without --lang and without KKB_ADVISOR_LANG (Indonesian)."""
    monkeypatch.delenv("KKB_ADVISOR_LANG", raising=False)


@pytest.fixture()
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so that relative paths in outputs read as users see them."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture()
def no_rule_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule sets are read afresh: the test neither depends on nor writes any cache."""
    monkeypatch.setenv("KKB_ADVISOR_CACHE", "off")


Scripted = Callable[[list[str]], tuple[Ask, Say, list[str]]]


@pytest.fixture(scope="session")
def scripted() -> Scripted:
    """The wizard's ask/say pair fed from a list of answers: ``ask`` raises EOFError when they run out, and the
    returned list keeps every prompt and message in order."""

    def make(answers: list[str]) -> tuple[Ask, Say, list[str]]:
        feed: Iterator[str] = iter(answers)
        said: list[str] = []

        def ask(prompt: str) -> str:
            said.append(prompt)
            try:
                return next(feed)
            except StopIteration:
                raise EOFError from None

        return ask, said.append, said

    return make


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary (Debian package `chromium`); the tests that need it are skipped without it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (apt-get install -y chromium); the browser checks need it")


# ---------------------------------------------------------------- expected outputs


def golden(path: Path, text: str, update: bool) -> None:
    """Compare ``text`` with the golden file (or rewrite it with --update-golden)."""
    if update or not path.exists():
        if not update:
            pytest.fail(f"missing golden file {path.relative_to(REPO)}; run pytest --update-golden and review it")
        path.write_text(text, encoding="utf-8")
        return
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path.relative_to(REPO)}"


def check_expected(expected_file: Path, stderr: str) -> None:
    """The exact error text kept beside a bad file (rewritten with KKB_UPDATE_EXPECTED=1)."""
    if UPDATE_EXPECTED:
        expected_file.write_text(stderr, encoding="utf-8")
    assert expected_file.exists(), f"missing {expected_file.name}; run with KKB_UPDATE_EXPECTED=1 and review it"
    assert stderr == expected_file.read_text(encoding="utf-8")


def ids(paths: Sequence[Path]) -> list[str]:
    return [p.stem for p in paths]
