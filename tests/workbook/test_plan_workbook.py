"""`advise --format xlsx`: the action plan as a workbook, read back cell by cell; the same advice, the same bytes."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.case.load import load_case
from kkb_advisor.model.advice import Advice
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report import render
from kkb_advisor.report.plan import action_plan
from tests.conftest import CASES


@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_row_a_recommended_program_with_empty_follow_up_columns(mini_advice: Advice, lang: str) -> None:
    raw = render(mini_advice, "xlsx", lang)
    assert isinstance(raw, bytes) and raw == render(mini_advice, "xlsx", lang)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    plan = wb.worksheets[0]
    assert plan.title == ("Action plan" if lang == "en" else "Rencana aksi")
    header = [c.value for c in plan[1]]
    if lang == "en":
        assert header == ["Step", "Agency", "Program code", "Program", "What it answers", "First step",
                          "Who moves it in the village", "When", "Planning route", "After step", "Status",
                          "Requirements", "Cost", "Sources", "Follow-up: status", "Follow-up: date",
                          "Follow-up: notes"]
    else:
        assert header[:5] == ["Langkah", "Instansi", "Kode program", "Program", "Menjawab"]
        assert header[-3:] == ["Tindak lanjut: status", "Tindak lanjut: tanggal", "Tindak lanjut: catatan"]
    steps = action_plan(mini_advice, lang)
    recs = {r.program: r for r in mini_advice.recommendations}
    assert plan.max_row == len(steps) + 1 and len(steps) == len(recs)
    for row, step in zip(plan.iter_rows(min_row=2, values_only=True), steps, strict=True):
        rec = recs[step.program]
        assert row[0] == step.number and isinstance(row[0], int)
        assert row[1:4] == (step.agency, step.program, step.name)
        answers = [f"{n} {mini_advice.graph.nodes[n].label.get(lang)}" for n in rec.addresses]
        assert row[4] == ("\n".join(answers) or None)
        assert row[5:9] == (step.first_step, step.lead, rec.start.get(lang), rec.timing_label.get(lang))
        assert row[9] == (", ".join(str(n) for n in step.after) or None)
        assert row[10:13] == (step.status, rec.eligibility.get(lang), rec.cost.get(lang))
        assert row[13] == ("\n".join(rec.sources) or None)
        assert row[14:] == (None, None, None)
    about = {r[0]: r[1] for r in wb["About" if lang == "en" else "Tentang"].iter_rows(min_row=2, values_only=True)}
    assert about[("Case" if lang == "en" else "Kasus")] == mini_advice.case_id


def test_the_cli_writes_the_plan_workbook_and_wants_a_file(cli, tmp_path: Path, bundled_rules: RuleSet,
                                                           bundled_advisor: Advisor) -> None:
    refused = cli("advise", CASES[0], "--format", "xlsx")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: --format xlsx: a workbook is a file; give -o FILE.xlsx\n"
    out = tmp_path / "rencana.xlsx"
    assert cli("advise", CASES[0], "--format", "xlsx", "-o", out).exit_code == 0
    first = out.read_bytes()
    out.unlink()
    assert cli("advise", CASES[0], "--format", "xlsx", "-o", out).exit_code == 0
    assert out.read_bytes() == first
    first_step = action_plan(bundled_advisor.advise(load_case(CASES[0], bundled_rules)))[0]
    assert openpyxl.load_workbook(out).worksheets[0]["C2"].value == first_step.program


def test_csv_plan_has_a_bom_and_headers_in_the_output_language(mini_advice: Advice) -> None:
    for lang, first in (("id", "\ufeffLangkah,Kode program,"), ("en", "\ufeffStep,Program code,")):
        text = render(mini_advice, "csv", lang)
        assert isinstance(text, str) and text.startswith(first) and "\r\n" in text
