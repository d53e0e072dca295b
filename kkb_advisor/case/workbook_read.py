"""A case workbook (.xlsx) -> the same mapping a YAML case file gives, and where each field sits (Sheet!Cell), so
every mistake, from the schema or the checks, names its sheet and cell. Formulas, merged cells, dates in text
fields and oversized sheets are refused with the cell they are in; the reader never evaluates anything. A dropdown
choice reads as its code ("ECO.INCOME — Pendapatan ..." is ECO.INCOME, "4 - berat" is 4); what the workbook may
leave empty is filled in by workbook_complete.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import CaseError, Message, Problem
from ..io.documents import Document, format_path
from ..io.loader import NUMBER_HINT, long_number
from ..io.xlsx import WorkbookRefused, open_workbook
from .sheets import (
    ASSETS,
    EXAMPLE_MARKS,
    FIELD_SHEETS,
    FIRST_ROW,
    KEY_ROW,
    SCALES,
    SHEETS,
    TABLE_SHEETS,
    FieldSheet,
    TableSheet,
    short_label,
)
from .workbook_complete import RawList, complete_case
from .workbook_labels import Label, field_label, labelled, sheet_of_list

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["MAX_SHEET_COLUMNS", "MAX_SHEET_ROWS", "MAX_UNPACKED", "WorkbookDocument", "read_workbook"]

MAX_SHEET_ROWS = 2000  # an FGD names a few dozen problems; the case limit is 200 nodes and 2000 links
MAX_SHEET_COLUMNS = 40
MAX_UNPACKED = 4 * 1024 * 1024  # a filled case workbook unpacks to some 300 kB; this caps a hostile one near 2 s
_YES = {"ya", "yes", "true", "y", "benar"}
_NO = {"tidak", "no", "false", "n", "salah", "bukan"}
_INT = re.compile(r"^-?\d+$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.200: Indonesian thousands, or an English decimal?
_CELL = re.compile(r"^([^!]+)!([A-Za-z]{1,3})(\d+)$")
_CHOSEN_CODE = re.compile(r"^(\S+)\s+[\u2014\u2013-]\s+\S.*$", re.DOTALL)  # "ECO.INCOME — Pendapatan ...": the code
_CHOSEN_NUMBER = re.compile(r"^(\d{1,2})\s*(?:[\u2014\u2013:)-]\s*.*)?$", re.DOTALL)  # "4 - berat", "4", "4)"
_PATH = re.compile(r"\b((?:metadata\.)?[a-z_]+)\[(\d+)\]((?:\.[a-z_]+)*)")  # links[3], problems[0].id
_LISTS = {sheet.path[-1] for sheet in TABLE_SHEETS}


class WorkbookDocument(Document):
    """A parsed workbook: the case mapping, and the cell of each field path."""

    def __init__(self, name: str, data: Any, cells: dict[tuple[Any, ...], str], labels: dict[str, Label],
                 refused: Sequence[Problem] = (), *, whole: bool = True) -> None:
        super().__init__(name, "", data, is_yaml=False)
        self.cells = cells
        self.labels = labels  # Sheet!Cell -> the label of its row or column
        self.refused = tuple(refused)  # the cells the reader could not read (they read as empty), by cell
        self.whole = whole  # False when a sheet could not be read at all: nothing after the reader can be trusted

    def cell_of(self, path: Sequence[Any]) -> str:
        key = tuple(path)
        while key:
            if key in self.cells:
                return self.cells[key]
            key = key[:-1]
        return ""

    def in_order(self, problems: Sequence[Problem]) -> list[Problem]:
        """Problems in the order of the workbook: sheet by sheet as the workbook lists them, then row, column."""
        order = {name: i for i, name in enumerate(SHEETS)}

        def key(p: Problem) -> tuple[int, int, int, str]:
            found = _CELL.match(p.location)
            if found is None:
                return (order.get(p.location, len(order)), 0, 0, p.location)
            sheet, letters, row = found.groups()
            column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters.upper())))
            return (order.get(sheet, len(order)), int(row), column, p.location)

        return sorted(problems, key=key)

    def problem(self, path: Sequence[Any], message: Message, hint: Message = "", *, code: str = "",
                subject: str = "") -> Problem:
        field = format_path(path)
        if isinstance(hint, str) and hint.startswith("add `"):  # the YAML wording of a missing field
            hint = "fill in this cell" if path and path[-1] not in _LISTS else "add a row to this sheet"
            if tuple(path) == ("case_id",):
                hint = "fill in this cell, or the kelurahan/desa and the FGD date: the case id is made from them"
        if hint == "list the group under metadata.fgd_groups":  # the YAML place of the groups
            hint = "write a group's id or name as on sheet Kelompok, or add the group there"
        elif hint == "link ends are problem or cause ids":  # a workbook may write a row's words too
            hint = "write the id of a problem or cause, or its words as on sheet Masalah or Penyebab"
        if isinstance(message, str):
            message = _PATH.sub(self._cell_named, message)
        message, hint = labelled(path, message, hint, self.label_of(path))
        return Problem(self.name, self.cell_of(path) or field, message, hint, 0, code, subject, path=field)

    def label_of(self, path: Sequence[Any]) -> Label | None:
        """The label of the row or column the field at ``path`` is written in (its own, when its row was left out
        of the workbook)."""
        key = tuple(path)
        if key in self.cells and not sheet_of_list(key):
            return self.labels.get(self.cells[key])
        return field_label(key) or self.labels.get(self.cell_of(key))

    def _cell_named(self, found: re.Match[str]) -> str:
        """A path named in a message (``links[3]``) as the cell it was read from, when the workbook has it."""
        path = (*found[1].split("."), int(found[2]), *(found[3].split(".")[1:] if found[3] else ()))
        cell = self.cells.get(tuple(path)) or self.cells.get(tuple(path[:len(found[1].split(".")) + 1]))
        return cell or found[0]


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.cells: dict[tuple[Any, ...], str] = {}
        self.labels: dict[str, Label] = {}
        self.whole = True  # every sheet the case needs was read (a cell may still be refused)
        self.unread_rows: set[str] = set()  # the sheets with a row (or all) left unread

    def bad_sheet(self, where: str, message: str, hint: str = "") -> None:
        """A sheet the reader cannot read at all (missing, without its keys, merged cells, oversized)."""
        self.whole = False
        self.unread_rows.add(where.split("!")[0])
        self.bad(where, message, hint)

    def bad(self, where: str, message: str, hint: str = "") -> None:
        said, hint_ = labelled((), message, hint, self.labels.get(where))
        self.problems.append(Problem(self.name, where, said, hint_))

    def value(self, ws: Worksheet, row: int, col: int, kind: str, scale: str = "") -> tuple[bool, Any]:
        """(present, value) of one cell, converted for ``kind`` (``scale``: which of SCALES a scale cell holds); a
        refused cell is reported and reads as absent."""
        from openpyxl.utils import get_column_letter

        cell = ws.cell(row=row, column=col)
        where = f"{ws.title}!{get_column_letter(col)}{row}"
        raw = cell.value
        if cell.data_type == "f" or (isinstance(raw, str) and raw.startswith("=") and cell.data_type != "s"):
            self.bad(where, "the cell holds a formula", "type the value itself (copy, then Paste Special: Values)")
            return False, None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return False, None
        if isinstance(raw, float) and not math.isfinite(raw):
            self.bad(where, "the cell holds no usable number", "type a plain number")
            return False, None
        if isinstance(raw, dt.datetime | dt.date | dt.time) and kind != "date":
            self.bad(where, f"the cell holds a date ({raw}), not {'a number' if kind in ('int', 'number') else 'text'}",
                     "format the cell as Text or Number and type the value again")
            return False, None
        if kind in ("int", "number", "any") and isinstance(raw, str) and _GROUPED.match(raw.strip()):
            text = raw.strip()
            digits = text.replace(".", "")
            message = (f"'{text}' is text, and reads two ways: {digits} (a dot between thousands) or "
                       f"{float(text):g}" if text.count(".") == 1 else f"'{text}' is text with dots between thousands")
            self.bad(where, message, f"type the number into the cell without separators, e.g. {digits}")
            return False, None
        too_long = long_number(raw) if isinstance(raw, str) and _INT.match(raw.strip()) else None
        if too_long and kind in ("int", "number", "any"):
            self.bad(where, too_long, NUMBER_HINT)
            return False, None
        if kind == "scale" and scale in SCALES:
            number = _scale_number(raw, scale)
            if number is None:
                self.bad(where, f"'{str(raw).strip()[:40]}' is not one of the choices",
                         f"choose from the dropdown, or type a number from 1 to {len(SCALES[scale])}")
                return False, None
            return True, number
        return True, _convert(raw, kind)


def _scale_number(raw: Any, scale: str) -> int | None:
    """The number of a scale cell: a number, a choice ("4 - berat"), or the words of a choice alone ("berat")."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
        return int(raw)  # out of range: the schema says so, with the range
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.split()).lower()
    found = _CHOSEN_NUMBER.match(text)
    if found:
        return int(found[1])
    for number, pair in enumerate(SCALES[scale], start=1):
        if text in pair:
            return number
    return None


def _convert(raw: Any, kind: str) -> Any:
    if isinstance(raw, dt.datetime):
        return raw.date() if raw.time() == dt.time() else raw
    if isinstance(raw, str):
        text = raw.strip()
        day_first = _DMY.match(text) if kind == "date" else None
        if day_first:  # 14/08/2025: the Indonesian way of writing a date, day first
            try:
                return dt.date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
            except ValueError:
                return text
        if kind == "code":
            chosen = _CHOSEN_CODE.match(text)
            return chosen[1] if chosen else text
        if kind == "list":  # cut into ids once every sheet is read (workbook_lists.py: names may stand for ids)
            return RawList(text)
        if kind == "lines":
            return [line.strip() for line in text.splitlines() if line.strip()]
        if kind in ("bool", "any") and text.lower() in _YES | _NO:
            return text.lower() in _YES
        if kind in ("int", "number", "any") and _INT.match(text):
            return int(text)
        if kind in ("number", "any"):
            try:
                return float(text) if re.match(r"^-?\d+\.\d+$", text) else text
            except ValueError:
                return text
        return text
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and raw.is_integer() and kind in ("int", "number", "any"):
        return int(raw)
    if isinstance(raw, (int, float)) and kind in ("text", "code", "list", "lines"):
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        return RawList(text) if kind == "list" else [text] if kind == "lines" else text
    return raw


def _keys(ws: Worksheet) -> dict[str, int]:
    """Column key (row 2) -> column number."""
    out: dict[str, int] = {}
    for col in range(1, min(ws.max_column, MAX_SHEET_COLUMNS) + 1):
        key = ws.cell(row=KEY_ROW, column=col).value
        if isinstance(key, str) and key.strip():
            out.setdefault(key.strip(), col)
    return out


def _set(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _read_fields(r: _Reader, ws: Worksheet, sheet: FieldSheet, data: dict[str, Any]) -> None:
    from openpyxl.utils import get_column_letter

    keys = _keys(ws)
    if "field" not in keys or "value" not in keys:
        r.bad_sheet(f"{ws.title}!A{KEY_ROW}", "row 2 must hold the column keys 'field' and 'value'",
              "row 2 of each sheet names its columns; copy it from a new workbook (kkb-advisor new --xlsx)")
        return
    kinds = {row.key: row.kind for row in sheet.rows}
    known = {row.key: (short_label(row.id), short_label(row.en)) for row in sheet.rows}
    kcol, vcol = keys["field"], keys["value"]
    letter = get_column_letter(vcol)
    if sheet.path:
        r.cells[sheet.path] = f"{ws.title}!{letter}{FIRST_ROW}"
    else:  # every required field of the place is then reported at its own cell, not as one missing section
        data.setdefault("metadata", {})
    seen: dict[str, int] = {}
    for row in range(FIRST_ROW, ws.max_row + 1):
        present, key = r.value(ws, row, kcol, "text")
        if not present:
            continue
        key = str(key)
        label = known.get(key) or _written_label(ws, row, keys.get("_label"), key)
        for col in (kcol, vcol):
            r.labels[f"{ws.title}!{get_column_letter(col)}{row}"] = label
        if key in seen:
            r.bad(f"{ws.title}!{get_column_letter(kcol)}{row}", f"'{key}' is already on row {seen[key]}",
                  "give each field one row")
            continue
        seen[key] = row
        path = (*sheet.path, *key.split("."))
        r.cells.setdefault(path, f"{ws.title}!{letter}{row}")
        if len(path) >= 2:  # a missing metadata (or fgd_lead) sits at the first of its rows
            r.cells.setdefault(path[:-1], f"{ws.title}!{letter}{row}")
        default = "any" if sheet.extra else "text"
        present, value = r.value(ws, row, vcol, kinds.get(key, "number" if sheet.path == ("profile",) else default))
        if present:
            _set(data, path, value)


def _written_label(ws: Worksheet, row: int, col: int | None, key: str) -> Label:
    """The label a row of indicators or facts has in the sheet (the same in both languages), else its key."""
    written = ws.cell(row=row, column=col).value if col is not None else None
    text = short_label(written) if isinstance(written, str) and written.strip() else key
    return text, text


def _read_table(r: _Reader, ws: Worksheet, sheet: TableSheet, data: dict[str, Any]) -> None:
    from openpyxl.utils import get_column_letter

    keys = _keys(ws)
    missing = [c.key for c in sheet.columns if c.key not in keys]
    if missing:
        r.bad_sheet(f"{ws.title}!A{KEY_ROW}", f"row 2 lacks the column key(s) {', '.join(missing)}",
              "row 2 of each sheet names its columns; copy it from a new workbook (kkb-advisor new --xlsx)")
        return
    attributes = sheet.path[-1] == "attributes"
    items: list[dict[str, Any]] = []
    r.cells.setdefault(sheet.path if not attributes else ("assets",), f"{ws.title}!A{FIRST_ROW}")
    assets = {a.get("id"): i for i, a in enumerate(data.get("assets") or [])}
    for row in range(FIRST_ROW, ws.max_row + 1):
        mark_col = keys.get("_example")
        if mark_col is not None:
            r.labels[f"{ws.title}!{get_column_letter(mark_col)}{row}"] = ("Contoh?", "Example?")
            present, mark = r.value(ws, row, mark_col, "text")
            if present and str(mark).strip().upper() in EXAMPLE_MARKS:
                continue
            if present:
                r.bad(f"{ws.title}!{get_column_letter(mark_col)}{row}",
                      f"column A marks example rows; found '{str(mark)[:30]}'",
                      "leave column A empty on a real row (or write CONTOH to have the row ignored)")
                r.unread_rows.add(ws.title)
                continue
        item: dict[str, Any] = {}
        for column in sheet.columns:
            r.labels[f"{ws.title}!{get_column_letter(keys[column.key])}{row}"] = (short_label(column.id),
                                                                                 short_label(column.en))
        for column in sheet.columns:
            present, value = r.value(ws, row, keys[column.key], column.kind, column.choices)
            if present:
                item[column.key] = value
        if not item:
            continue
        if attributes:
            _attribute(r, ws.title, row, item, data, assets, keys)
            continue
        index = len(items)
        for column in sheet.columns:
            r.cells[(*sheet.path, index, column.key)] = f"{ws.title}!{get_column_letter(keys[column.key])}{row}"
        r.cells[(*sheet.path, index)] = f"{ws.title}!{get_column_letter(keys[sheet.columns[0].key])}{row}"
        items.append(item)
    if items:
        _set(data, list(sheet.path), items)


def _attribute(r: _Reader, title: str, row: int, item: dict[str, Any], data: dict[str, Any],
               assets: dict[Any, int], keys: dict[str, int]) -> None:
    from openpyxl.utils import get_column_letter

    where = f"{title}!{get_column_letter(keys['asset'])}{row}"
    asset, name = item.get("asset"), item.get("attribute")
    if asset not in assets:  # unless an asset's own id is unreadable: this row may be of that asset
        known = ", ".join(str(k) for k in assets) or "none yet (sheet Aset)"
        ids_known = all(isinstance(a, dict) and "id" in a for a in data.get("assets") or ())
        if ids_known and ASSETS.name not in r.unread_rows:
            r.bad(where, f"no asset '{asset}' on sheet Aset" if asset else "which asset? the asset id is empty",
                  f"asset ids: {known}")
        return
    if not isinstance(name, str) or "value" not in item:
        r.bad(f"{title}!{get_column_letter(keys['attribute'])}{row}", "an attribute row needs a name and a value",
              "e.g. has_nib | tidak")
        return
    index = assets[asset]
    attrs = data["assets"][index].setdefault("attributes", {})
    if name in attrs:
        r.bad(f"{title}!{get_column_letter(keys['attribute'])}{row}", f"asset {asset} already has '{name}'",
              "give each attribute of an asset one row")
        return
    attrs[name] = item["value"]
    r.cells[("assets", index, "attributes", name)] = f"{title}!{get_column_letter(keys['value'])}{row}"


def _sheet_problems(r: _Reader, ws: Worksheet) -> bool:
    """Refuse what the reader cannot read faithfully: merged cells, sheets far larger than a case."""
    if ws.max_row > MAX_SHEET_ROWS or ws.max_column > MAX_SHEET_COLUMNS:
        r.bad_sheet(f"{ws.title}", f"the sheet reaches {ws.max_row} rows and {ws.max_column} columns; the limit is "
              f"{MAX_SHEET_ROWS} rows and {MAX_SHEET_COLUMNS} columns",
              "delete the rows and columns after the data (select them, Delete)")
        return False
    merged = sorted(str(m) for m in ws.merged_cells.ranges)
    if merged:
        first = ws[merged[0].split(":")[0]]
        header = ws.cell(row=1, column=first.column).value
        if isinstance(header, str) and header.strip():
            r.labels.setdefault(f"{ws.title}!{first.coordinate}", (short_label(header), short_label(header)))
        r.bad_sheet(f"{ws.title}!{merged[0].split(':')[0]}", f"merged cells ({', '.join(merged[:3])})",
              "unmerge them (Home > Merge & Center) and put the value in each row")
        return False
    return True


def read_workbook(raw: bytes, name: str) -> WorkbookDocument:
    """The case in a workbook's bytes, as a Document whose problems name Sheet!Cell, and the cells it refused
    (``refused``: each read as empty, so that the schema and the checks still see the rest). Raises CaseError
    only for a file that is no workbook."""
    try:
        wb = open_workbook(raw, max_unpacked=MAX_UNPACKED, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS)
    except WorkbookRefused as exc:
        raise CaseError(Problem(name, exc.where, str(exc), exc.hint or "save the case from Excel or LibreOffice "
                                "as .xlsx (a blank one: kkb-advisor new --xlsx kasus.xlsx)")) from None
    r = _Reader(name)
    data: dict[str, Any] = {}
    sheets: list[FieldSheet | TableSheet] = [*FIELD_SHEETS, *TABLE_SHEETS]
    for sheet in sheets:
        if sheet.name not in wb.sheetnames:
            if sheet.name in ("Tempat", "Masalah"):
                r.bad_sheet(sheet.name, f"the workbook has no sheet '{sheet.name}'",
                      "sheets: " + ", ".join(wb.sheetnames) + "; start from kkb-advisor new --xlsx")
            continue
        ws = wb[sheet.name]
        if not _sheet_problems(r, ws):
            continue
        if isinstance(sheet, FieldSheet):
            _read_fields(r, ws, sheet, data)
        else:
            _read_table(r, ws, sheet, data)
    for where, message, hint in (complete_case(data, r.cells) if r.whole else ()):
        r.bad(where, message, hint)
    return WorkbookDocument(name, data, r.cells, r.labels, r.problems, whole=r.whole)
