"""Fixtures for the facilitator tools: the mini rule set, two small cases, their advice, and Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkb_advisor.advisor import advise
from kkb_advisor.loading import load_case
from kkb_advisor.models import Case
from kkb_advisor.outcome import Advice
from kkb_advisor.rules.model import RuleSet

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


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary (Debian package `chromium`); the tests that need it are skipped without it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (apt-get install -y chromium); the browser checks need it")
