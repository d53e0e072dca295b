"""`demand`: totals match the per-case advice; the jsonl route equals the case route; XLSX reads back."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from kkb_advisor.batch import advise_many, demand

from ..conftest import CASES

Cli = Callable[..., Result]


def test_totals_match_the_per_case_advice() -> None:
    advices = [a for _, a in advise_many(CASES)]
    d = demand(advices)
    assert d.cases == len(CASES)
    for p in d.programs:
        assert p.main == sum(any(r.program == p.program for r in a.recommendations) for a in advices)
        assert p.keep == sum(any(r.program == p.program for r in a.keep) for a in advices)
        assert p.also_possible == sum(any(r.program == p.program for r in a.also_possible) for a in advices)
    totals = [a for a in d.areas if a.kecamatan == ""]
    assert sum(a.villages for a in totals) == len(CASES)


def test_jsonl_and_cases_give_the_same_demand(cli: Cli, tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_text(cli("advise", *CASES, "--format", "jsonl").stdout, encoding="utf-8")
    from_lines = cli("demand", lines, "--format", "json")
    from_cases = cli("demand", *CASES, "--format", "json", "-j", "1")
    assert from_lines.exit_code == from_cases.exit_code == 0
    assert from_lines.stdout == from_cases.stdout


def test_csv_has_a_bom_and_xlsx_reads_back_cell_by_cell(cli: Cli, tmp_path: Path) -> None:
    csv_out = cli("demand", *CASES[:3], "--format", "csv", "--lang", "en").stdout_bytes
    assert csv_out.startswith(b"\xef\xbb\xbf")
    target = tmp_path / "d.xlsx"
    assert cli("demand", *CASES[:3], "-o", target, "--lang", "en").exit_code == 0
    wb = load_workbook(io.BytesIO(target.read_bytes()))
    assert wb.sheetnames == ["Per program", "Per area", "Unanswered"]
    d = demand(a for _, a in advise_many(CASES[:3]))
    ws = wb["Per program"]
    assert ws["A1"].value == "Program" and ws.freeze_panes == "A2"
    for row, p in enumerate(d.programs, 2):
        assert ws.cell(row, 1).value == p.program
        assert ws.cell(row, 4).value == p.main and isinstance(ws.cell(row, 4).value, int)
        assert ws.cell(row, 6).value == p.keep
    again = tmp_path / "e.xlsx"
    cli("demand", *CASES[:3], "-o", again, "--lang", "en")
    assert again.read_bytes() == target.read_bytes()


def test_a_bad_jsonl_line_is_located(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    result = cli("demand", bad, "--lang", "en")
    assert result.exit_code == 2 and "bad.jsonl: line 1" in result.stderr
