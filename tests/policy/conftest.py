"""Fixtures of the policy-tool tests: paths of the rule-set fixtures in tests/policy/data and the broken corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_advisor.rules.load import load_rules
from kkb_advisor.model.ruleset import RuleSet

from .paths import REPO, TESTED


@pytest.fixture(scope="session")
def tested_rules() -> RuleSet:
    return load_rules(TESTED)


@pytest.fixture()
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so that relative paths in outputs read as users see them."""
    monkeypatch.chdir(REPO)
    return REPO
