"""Spreadsheets (XLSX) written the same way by every tool: openpyxl, tables with a frozen header row, filters and
sensible widths, dropdowns from a list, and the same bytes for the same content (no clock in the file).

openpyxl is imported only when a workbook is made or read, so commands that never touch a spreadsheet do not pay.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FIXED_TIME", "LISTS_SHEET", "add_choices", "add_table", "new_workbook", "workbook_bytes"]

FIXED_TIME = dt.datetime(2000, 1, 1)  # what the file says about when it was made: nothing that changes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MAX_WIDTH = 60


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed), with no author and a fixed date."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    wb.properties.creator = "kkb-advisor"
    wb.properties.lastModifiedBy = "kkb-advisor"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def add_table(wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
              widths: Sequence[int] | None = None, wrap: bool = True) -> Worksheet:
    """A sheet holding one table: a bold, frozen header row with filters; numbers stay numbers; text wraps."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws: Worksheet = wb.create_sheet(title=title[:31])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="ECEFF1")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(header), 1))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    for i, name in enumerate(header, start=1):
        if widths is not None and i <= len(widths):
            width = widths[i - 1]
        else:
            longest = max([len(str(name)), *(len(str(r[i - 1])) for r in rows if i <= len(r) and r[i - 1] is not None)])
            width = min(_MAX_WIDTH, max(8, longest + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
    if wrap:
        top = Alignment(wrap_text=True, vertical="top")
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.alignment = top
    return ws


LISTS_SHEET = "_lists"  # a hidden sheet holding the choices of dropdowns (a list may be longer than a cell allows)


def add_choices(wb: Workbook, ws: Worksheet, column: str, first_row: int, last_row: int, name: str,
                choices: Sequence[str]) -> None:
    """A dropdown on ``column`` rows ``first_row``..``last_row`` of ``ws``: the ``choices``, kept in a column of the
    hidden lists sheet (one column per ``name``, reused by every sheet that offers the same list)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = wb[LISTS_SHEET] if LISTS_SHEET in wb.sheetnames else wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    names = [c.value for c in lists[1]] if lists.max_row >= 1 and lists["A1"].value is not None else []
    if name in names:
        col = get_column_letter(names.index(name) + 1)
    else:
        col = get_column_letter(len(names) + 1)
        lists[f"{col}1"] = name
        for i, choice in enumerate(choices, start=2):
            lists[f"{col}{i}"] = choice
    rule = DataValidation(type="list", formula1=f"{LISTS_SHEET}!${col}$2:${col}${len(choices) + 1}",
                          allow_blank=True, showErrorMessage=True)
    ws.add_data_validation(rule)
    rule.add(f"{column}{first_row}:{column}{last_row}")


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as XLSX bytes, the same for the same content: every zip entry gets one fixed time, in order."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            dst.writestr(entry, data)
    return out.getvalue()
