"""Fixtures for the facilitator tools: the mini rule set, two small cases, their advice, scripted answers for
`new`, and Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import advise
from kkb_advisor.case.load import load_case
from kkb_advisor.model.case import Case
from kkb_advisor.model.advice import Advice
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.wizard.questions import Ask, Say

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MINI_RULES = REPO / "tests" / "data" / "rulesets" / "mini"
MINI_CASE = REPO / "tests" / "data" / "valid" / "mini-case.yaml"
LOOP_CASE = HERE / "data" / "loop-case.yaml"  # a vicious circle, uncovered causes, a link across two layers


@pytest.fixture(scope="session")
def files() -> dict[str, Path]:
    """Paths: the mini rule set, the mini case, the loop case, and the repository."""
    return {"rules": MINI_RULES, "mini": MINI_CASE, "loop": LOOP_CASE, "repo": REPO}


@pytest.fixture(scope="session")
def mini_case(mini_rules: RuleSet) -> Case:
    return load_case(MINI_CASE, mini_rules)


@pytest.fixture(scope="session")
def loop_case(mini_rules: RuleSet) -> Case:
    return load_case(LOOP_CASE, mini_rules)


@pytest.fixture(scope="session")
def mini_advice(mini_case: Case, mini_rules: RuleSet) -> Advice:
    return advise(mini_case, mini_rules)


@pytest.fixture(scope="session")
def loop_advice(loop_case: Case, mini_rules: RuleSet) -> Advice:
    return advise(loop_case, mini_rules)


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
