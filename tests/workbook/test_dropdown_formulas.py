"""The Hubungan dropdowns' hidden list (KodeTerisi), worked out by a formula evaluator (`formulas`, the nearest to
Excel this machine has; neither Excel nor LibreOffice is installed): the ids entered on Penyebab and Masalah, in
order, with blank rows between them, example rows and cells of spaces left out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.workbook.filling import blank

formulas = pytest.importorskip("formulas", reason="the formula evaluator is a dev dependency (pyproject.toml)")


def _worked_out(path: Path) -> dict[str, object]:
    """The values of the hidden sheet's cells, as a spreadsheet program works them out."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, value in solution.items():
        sheet, _, cell = key.rpartition("!")
        if sheet.upper().endswith("KODETERISI'"):
            out[cell] = value.value[0][0]
    return out


def test_the_link_dropdowns_list_the_ids_entered_whatever_rows_are_left_blank(cli, tmp_path: Path) -> None:
    path = blank(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb["Masalah"]["A3"].value == "CONTOH" and wb["Penyebab"]["A3"].value == "CONTOH"  # P1, C1: ignored
    for sheet, cells in (("Masalah", {"B4": "P1", "B6": "P2", "B9": "P3", "B10": "  "}),  # rows 5, 7, 8 blank
                         ("Penyebab", {"B5": "C1", "B12": "C2"})):
        for cell, value in cells.items():
            wb[sheet][cell] = value
    for name in wb.sheetnames:  # the sheets the formulas read; the others only slow the evaluator down
        if name not in ("Masalah", "Penyebab", "KodeTerisi"):
            del wb[name]
    wb.save(path)
    ends = _worked_out(path)
    column = {letter: [ends[f"{letter}{row}"] for row in range(2, 202)] for letter in "AB"}
    assert column["A"][:6] == ["C1", "C2", "P1", "P2", "P3", ""]  # Dari: the causes, then the problems
    assert column["B"][:6] == ["P1", "P2", "P3", "C1", "C2", ""]  # Ke: the problems, then the causes
    assert all(value == "" for value in column["A"][5:] + column["B"][5:])  # "" past the last id
