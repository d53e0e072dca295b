"""The one case writer: every case written out reads back as the same case, in both languages of comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_advisor.case.load import load_case, parse_case
from kkb_advisor.case.writer import case_yaml
from kkb_advisor.model.ruleset import RuleSet
from tests.conftest import CASES, LOOP_CASE, MINI_CASE, REPO

ALL = [*CASES, *sorted((REPO / "tests" / "quality" / "cases").glob("*.yaml"))]


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_written_case_reads_back_the_same(path: Path, lang: str, bundled_rules: RuleSet) -> None:
    case = load_case(path, bundled_rules)
    text = case_yaml(case, bundled_rules, lang)
    assert parse_case(text, name="written", rules=bundled_rules) == case
    assert case_yaml(parse_case(text, rules=bundled_rules), bundled_rules, lang) == text  # stable


@pytest.mark.parametrize("path", [MINI_CASE, LOOP_CASE], ids=["mini", "loop"])
def test_codes_carry_their_labels_and_defaults_are_left_out(path: Path, mini_rules: RuleSet) -> None:
    case = load_case(path, mini_rules)
    text = case_yaml(case, mini_rules, "en")
    first = case.problems[0]
    assert f"    category: {first.category}  # {mini_rules.taxonomy.label(first.category, 'en')}" in text
    assert "kampung_kb_class: unknown" not in text and "secondary_categories: []" not in text
