"""Workbooks: numbers stay numbers, the header is frozen with filters, and the same content gives the same bytes."""

from __future__ import annotations

import io
import time

from openpyxl import load_workbook

from kkb_advisor.io.xlsx import add_table, new_workbook, workbook_bytes


def _book() -> bytes:
    wb = new_workbook()
    add_table(wb, "Rencana", ["Langkah", "Program", "Jumlah"], [[1, "OSS-NIB", 1480], [2, "KES-SPPIRT", 0.25]])
    return workbook_bytes(wb)


def test_same_content_same_bytes() -> None:
    first = _book()
    time.sleep(1.1)  # a clock in the file would show here
    assert _book() == first


def test_read_back_cell_by_cell() -> None:
    ws = load_workbook(io.BytesIO(_book()))["Rencana"]
    assert [c.value for c in ws[1]] == ["Langkah", "Program", "Jumlah"]
    assert ws["C2"].value == 1480 and isinstance(ws["C2"].value, int) and ws["C3"].value == 0.25
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C3"
    assert ws["A1"].font.bold
