"""Paths of the policy-tool test data."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
POLICY_DATA = HERE / "data"
TESTED = POLICY_DATA / "tested"
FAILING = POLICY_DATA / "failing"
BROKEN = HERE / "broken"
MINI_RULES = REPO / "tests" / "data" / "rulesets" / "mini"
MINI_CASE = REPO / "tests" / "data" / "valid" / "mini-case.yaml"
CASES = sorted((REPO / "cases").glob("*.yaml"))
