"""The Fakta sheet: each fact asked as a question in the facilitator's words, answered ya/tidak or with a number."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kkb_advisor.case.load import load_case
from kkb_advisor.model.case import FACT_FIELDS
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.fields import FACTS

from .filling import blank, fill


def _rows(path: Path) -> dict[str, tuple[str, int]]:
    ws = openpyxl.load_workbook(path)["Fakta"]
    return {ws.cell(row=r, column=2).value: (ws.cell(row=r, column=1).value, r) for r in range(3, ws.max_row + 1)}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_fact_is_a_question_in_words_not_a_key(cli, tmp_path: Path, lang: str) -> None:
    rows = _rows(blank(cli, tmp_path, "--lang", lang))
    assert list(rows) == list(FACT_FIELDS)
    for key, (label, _) in rows.items():
        assert label != key and "_" not in label, (key, label)
        if FACTS[key].kind == "bool":
            assert label.startswith("Benarkah wilayah ini " if lang == "id" else "Is it true that the area "), label


def test_ya_and_tidak_in_the_fakta_sheet_are_read_as_the_facts(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    path = blank(cli, tmp_path)
    fill(path)
    rows = _rows(path)
    wb = openpyxl.load_workbook(path)
    wb["Fakta"].cell(row=rows["has_fishers"][1], column=3).value = "ya"
    wb["Fakta"].cell(row=rows["kampung_kb_new"][1], column=3).value = "tidak"
    wb.save(path)
    facts = load_case(path, bundled_rules).facts.model_dump(exclude_none=True)
    assert facts == {"has_fishers": True, "kampung_kb_new": False}
