"""The schema's mistakes and the checks' in one run (case/aside.py): what the schema refuses is set aside, the
checks run on the rest, and nothing they say is about a placeholder."""

from __future__ import annotations

import pytest

from kkb_advisor.case.load import parse_case
from kkb_advisor.errors import CaseError
from kkb_advisor.rules.load import load_rules
from tests.conftest import MINI_CASE, MINI_RULES

TEXT = MINI_CASE.read_text(encoding="utf-8")


def _problems(text: str) -> list[str]:
    with pytest.raises(CaseError) as caught:
        parse_case(text, name="c.yaml", rules=load_rules(MINI_RULES))
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def test_a_schema_mistake_and_a_check_mistake_come_in_one_run_in_the_order_of_the_lines() -> None:
    text = TEXT.replace("severity: 4", "severity: berat").replace("to: P2, type: causes", "to: P9, type: causes")
    found = _problems(text)
    assert [f.split(":")[0] for f in found] == ["problems[0].severity", "links[1].to"], found


def test_nothing_is_said_about_a_value_set_aside() -> None:
    # every id, category and program reference refused by the schema: the checks would otherwise say "unknown
    # category 'kkb.set-aside.1'" or "unknown node" about the placeholders
    text = (TEXT.replace("category: ECO.INCOME", "category: [ECO.INCOME]").replace("{id: C1,", "{id: [C1],")
            .replace("{from: C1, to: P1", "{from: 7, to: P1").replace("raised_by: [G1]}", "raised_by: [G 1]}", 1))
    found = _problems(text)
    assert not any("kkb.set-aside" in f or "unknown" in f for f in found), found
    assert {f.split(":")[0] for f in found} == {"problems[0].category", "causes[0].id", "links[0].from",
                                                "problems[0].raised_by[0]"}, found


def test_a_problem_with_a_bad_value_keeps_its_id_for_the_links() -> None:
    found = _problems(TEXT.replace("severity: 3", "severity: 9"))  # P2, which two links name
    assert found == ["problems[1].severity: must be at most 5, got 9"], found


def test_when_the_rest_cannot_be_checked_the_checks_wait() -> None:
    # no problems at all: a required list with no neutral value; the dangling link waits for it
    text = TEXT.split("problems:")[0] + "problems: []\nlinks:\n  - {from: C1, to: P9, strength: 3}\n"
    found = _problems(text)
    assert len(found) == 1 and found[0].startswith("problems:"), found
