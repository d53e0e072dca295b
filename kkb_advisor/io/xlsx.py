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

from ..errors import printable

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FIXED_TIME", "LISTS_SHEET", "MAX_RANGED_CELLS", "MAX_UNPACKED_BYTES", "WorkbookRefused", "add_choices",
           "add_notes", "add_table", "input_tip", "list_validation", "new_workbook", "open_workbook", "workbook_bytes"]

FIXED_TIME = dt.datetime(2000, 1, 1)  # what the file says about when it was made: nothing that changes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MAX_WIDTH = 60
MAX_UNPACKED_BYTES = 16 * 1024 * 1024  # a filled case workbook unpacks to well under 1 MB
_MAX_ENTRIES = 500
_MAX_RATIO = 200  # XML packs ~10-30x; far beyond that is a zip bomb


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
              widths: Sequence[int] | None = None, wrap: bool = True, fixed_rows: int = 1) -> Worksheet:
    """A sheet holding one table: a bold, frozen header row with filters; numbers stay numbers; text wraps.
    ``fixed_rows``: how many rows (from the top, the header and ``rows[:fixed_rows - 1]``) stay frozen and bold.
    Text is always text: a value starting with '=' is never taken for a formula."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws: Worksheet = wb.create_sheet(title=title[:31])
    ws.append(list(header))
    for row in rows:  # control characters cannot be stored in a cell (and would drive nothing good): escaped
        ws.append([printable(v) if isinstance(v, str) else v for v in row])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="ECEFF1")
    for r in range(1, fixed_rows + 1):
        for cell in ws[r]:
            cell.font, cell.fill = bold, fill
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if cell.data_type == "f":  # openpyxl reads a leading '=' as a formula; this is the user's text
                cell.data_type = "s"
    ws.freeze_panes = f"A{fixed_rows + 1}"
    last = get_column_letter(max(len(header), 1))
    ws.auto_filter.ref = f"A{fixed_rows}:{last}{max(len(rows) + 1, fixed_rows)}"
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


def add_notes(wb: Workbook, title: str, lines: Sequence[str], *, width: int = 110) -> Worksheet:
    """A sheet of plain lines of text (instructions): one a row, wrapped, the first in bold."""
    from openpyxl.styles import Alignment, Font

    ws: Worksheet = wb.create_sheet(title=title[:31])
    for text in lines:
        ws.append([printable(text)])
    ws.column_dimensions["A"].width = width
    for row_cells in ws.iter_rows():
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":
                cell.data_type = "s"
    if lines:
        ws["A1"].font = Font(bold=True, size=13)
    return ws


def list_validation(ws: Worksheet, cells: str, source: str, *, strict: bool = True, prompt: str = "") -> None:
    """A dropdown on ``cells`` whose choices are the range ``source`` (e.g. 'Kode'!$A$3:$A$40). ``strict``: Excel
    refuses other values (else it warns only). ``prompt``: what Excel shows when such a cell is selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                        errorStyle="stop" if strict else "warning")
    if prompt:
        dv.prompt, dv.showInputMessage = _tip(prompt), True
    dv.add(cells)
    ws.add_data_validation(dv)


def input_tip(ws: Worksheet, cells: str, prompt: str) -> None:
    """What Excel shows when one of ``cells`` is selected, with no dropdown and any value allowed (a cell of
    several ids, which a dropdown would replace by one)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True)
    dv.prompt, dv.showInputMessage = _tip(prompt), True
    dv.add(cells)
    ws.add_data_validation(dv)


def _tip(prompt: str) -> str:
    """An input message within Excel's 255 characters: cut at a word, with an ellipsis."""
    return prompt if len(prompt) <= 255 else prompt[:254].rsplit(" ", 1)[0] + "…"


class WorkbookRefused(ValueError):
    """The bytes are not a workbook openpyxl should be asked to open; ``args[0]`` says why, in English, ``where``
    the sheet and cell it concerns (or "") and ``hint`` what to do about it (or "": the caller's hint)."""

    def __init__(self, message: str, *, where: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.where = where
        self.hint = hint


# openpyxl makes a cell object for every cell of a merged range and of a link's range as it opens a sheet, before
# any size can be checked: <mergeCell ref="A1:XFD1048576"/> (17 billion cells) exhausts the memory. The ranges are
# read from the sheet XML and checked against the limits first.
MAX_RANGED_CELLS = 100_000  # cells of all merged ranges and link ranges of a workbook together
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384
_RANGED = {"mergeCell": "merged cells {ref} reach", "hyperlink": "a link over the cells {ref} reaches"}
_NEEDLES = tuple(name.encode(codec) for name in _RANGED for codec in ("ascii", "utf-16-le", "utf-16-be"))


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """{part name: sheet title} from xl/workbook.xml and its relationships (best effort: {} when unreadable)."""
    import posixpath
    import xml.etree.ElementTree as ET

    try:
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = ET.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return {}
    target = {}
    for rel in rels:
        ref = rel.get("Target") or ""
        target[rel.get("Id")] = ref.lstrip("/") if ref.startswith("/") else posixpath.normpath("xl/" + ref)
    titles = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id" and k != "sheetId"), None)
            if rid in target and sheet.get("name"):
                titles[target[rid]] = str(sheet.get("name"))
    return titles


def _ranges_of(data: bytes) -> list[tuple[str, str]]:
    """(element, ref) of every <mergeCell> and <hyperlink> of a sheet's XML, as an XML parser reads them (character
    references decoded); what comes before an XML error (openpyxl then refuses the sheet itself)."""
    from xml.parsers import expat

    found: list[tuple[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local in _RANGED and attrs.get("ref"):
            found.append((local, attrs["ref"]))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError, RecursionError):
        pass
    return found


def _check_ranges(archive: zipfile.ZipFile, max_rows: int, max_columns: int) -> None:
    """Refuse a merged range or a link range that reaches beyond ``max_rows`` x ``max_columns``, and ranges that
    cover more than MAX_RANGED_CELLS cells in all, before openpyxl makes a cell object for each of their cells."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    titles: dict[str, str] | None = None
    total = 0
    for entry in archive.infolist():
        if not entry.filename.endswith(".xml") or entry.filename.startswith("[") or entry.is_dir():
            continue
        data = archive.read(entry)
        if not any(needle in data for needle in _NEEDLES):
            continue
        for element, ref in _ranges_of(data):
            ref = ref.strip().upper()
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except (ValueError, TypeError):
                continue  # not a range openpyxl reads either: it refuses the sheet itself
            cols = sorted((min_col or 1, max_col or _EXCEL_COLUMNS))
            rows = sorted((min_row or 1, max_row or _EXCEL_ROWS))
            total += (cols[1] - cols[0] + 1) * (rows[1] - rows[0] + 1)
            if rows[1] <= max_rows and cols[1] <= max_columns and total <= MAX_RANGED_CELLS:
                continue
            if titles is None:
                titles = _sheet_titles(archive)
            sheet = titles.get(entry.filename, entry.filename)
            where = f"{sheet}!{get_column_letter(min(cols[0], _EXCEL_COLUMNS))}{min(rows[0], _EXCEL_ROWS)}"
            if rows[1] > max_rows or cols[1] > max_columns:
                raise WorkbookRefused(_RANGED[element].format(ref=ref) + f" beyond the sheet's limit of {max_rows} "
                                      f"rows and {max_columns} columns", where=where, hint=_RANGE_HINT[element])
            raise WorkbookRefused(f"the merged cells and links of the workbook cover more than {MAX_RANGED_CELLS} "
                                  f"cells (up to {ref})", where=where, hint=_RANGE_HINT[element])


_RANGE_HINT = {
    "mergeCell": "unmerge them (Home > Merge & Center) and delete the rows and columns after the data",
    "hyperlink": "remove the link (right-click > Remove Hyperlink) and delete the rows and columns after the data",
}


def open_workbook(raw: bytes, *, max_unpacked: int = MAX_UNPACKED_BYTES, max_rows: int | None = None,
                  max_columns: int | None = None, kind: str = "a case workbook") -> Workbook:
    """Open XLSX bytes for reading values and formulas (not their cached results),
    refusing what is not a plain workbook first: not a zip, too many entries, an entry that unpacks far beyond its
    packed size (a zip bomb), or more than ``max_unpacked`` bytes in all (openpyxl holds every cell in memory: this
    bounds time and memory), and (given ``max_rows`` and ``max_columns``) merged cells or links whose range reaches
    beyond them (openpyxl would make an object for every cell of the range). ``kind`` names the workbook expected
    in the messages. Raises WorkbookRefused."""
    import warnings

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        kind = ("empty" if not raw else "an old Excel file (.xls)" if raw.startswith(b"\xd0\xcf\x11\xe0") else
                "text (CSV?)" if raw[:256].isascii() else "something else")
        raise WorkbookRefused(f"not an XLSX workbook (the file is {kind})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > _MAX_ENTRIES:
            raise WorkbookRefused(f"the workbook holds {len(entries)} parts; {kind} holds a few dozen")
        total = 0
        for entry in entries:
            total += entry.file_size
            if entry.file_size > _MAX_RATIO * max(entry.compress_size, 1024) or total > max_unpacked:
                raise WorkbookRefused(f"the workbook unpacks to more than {max_unpacked // 1048576} MB "
                                      f"(part {entry.filename}); {kind} unpacks to less than 1 MB")
        if "xl/workbook.xml" not in archive.namelist():
            raise WorkbookRefused("a zip file, but not an XLSX workbook (no xl/workbook.xml)")
        if max_rows is not None and max_columns is not None:
            try:
                _check_ranges(archive, max_rows, max_columns)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:  # a damaged or encrypted part
                raise WorkbookRefused(f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    from openpyxl import load_workbook
    from openpyxl.formula.tokenizer import TokenizerError

    try:
        with warnings.catch_warnings():  # openpyxl warns about Excel extensions it does not read (harmless here)
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw), data_only=False, keep_links=False)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, SyntaxError, zipfile.BadZipFile,
            OSError, TokenizerError) as exc:  # TokenizerError: a shared formula it cannot copy to the next cells
        raise WorkbookRefused(f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
