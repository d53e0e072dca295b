"""A case as a workbook (`convert case.yaml case.xlsx`), or a blank one to fill in (`new --xlsx`): one sheet per part
of the case, headers in the workbook's language over the field keys, dropdowns from the rule set's codes, and, in
a blank workbook, example rows marked CONTOH that the reader ignores. Same case, same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..io.xlsx import add_notes, add_table, list_validation, new_workbook, workbook_bytes
from ..model.case import ATTRIBUTE_FIELDS, FACT_FIELDS, FUNGSI, PROFILE_FIELDS, Case
from ..model.ruleset import RuleSet
from .sheets import (
    EXAMPLE_MARKS,
    FIELD_SHEETS,
    FIRST_ROW,
    LIST_SEP,
    TABLE_SHEETS,
    FieldRow,
    FieldSheet,
    TableSheet,
    words,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["CODES_SHEET", "INSTRUCTIONS_SHEET", "case_workbook"]

INSTRUCTIONS_SHEET = "Petunjuk"
CODES_SHEET = "Kode"
_YES = {"id": ("ya", "tidak"), "en": ("yes", "no")}

_EXAMPLES: dict[str, tuple[dict[str, Any], ...]] = {
    "Kelompok": ({"id": "G1", "label_id": "Kelompok PKK dan kader", "label_en": "PKK women and cadres",
                  "participants": 10},),
    "Masalah": ({"id": "P1", "label_id": "Penghasilan tidak tetap", "label_en": "Irregular income",
                 "category": "ECO.INCOME", "severity": 4, "raised_by": "G1"},),
    "Penyebab": ({"id": "C1", "label_id": "Kurang pengalaman mengelola usaha",
                  "label_en": "Little experience managing a business", "category": "CAU.SKILL.SOFT"},),
    "Hubungan": ({"from": "C1", "to": "P1", "type": "causes", "strength": 2},),
    "Aset": ({"id": "A1", "type": "business", "name": "Usaha jahit Sekar", "description": "5 penjahit"},),
    "AtributAset": ({"asset": "A1", "attribute": "has_business", "value": "ya"},
                    {"asset": "A1", "attribute": "business_age_months", "value": 24}),
    "ProgramAda": ({"program_id": "DLH-PROKLIM", "status": "active", "note": ""},),
    "TanggapanOPD": ({"agency": "DUKCAPIL", "response_id": "Siap jemput bola akta kelahiran",
                      "program_ids": "DUK-AKTA"},),
}

_INSTRUCTIONS = {
    "id": [
        "Buku kerja kasus FGD Kampung KB (format kasus v1).",
        "Isi satu lembar untuk setiap bagian FGD: Tempat, Indikator, Fakta, Kelompok, Masalah, Penyebab, "
        "Hubungan, Aset, AtributAset, ProgramAda, TanggapanOPD.",
        "Baris 1 adalah judul kolom, baris 2 kode kolom (jangan diubah); isian mulai baris 3.",
        "Baris bertanda CONTOH di kolom A hanyalah contoh dan diabaikan: hapus atau biarkan, lalu isi baris baru "
        "dengan kolom A kosong.",
        "Kolom berkode memakai pilihan (dropdown) dari lembar Kode; kode lain ditolak saat pemeriksaan.",
        "Beberapa kode dalam satu sel dipisahkan koma, misalnya: G1, G2.",
        "Tulis nilai, bukan rumus; jangan menggabungkan sel (merge).",
        "Periksa: kkb-advisor validate kasus.xlsx  |  Saran: kkb-advisor advise kasus.xlsx",
    ],
    "en": [
        "Kampung KB FGD case workbook (case format v1).",
        "Fill one sheet for each part of the FGD: Tempat (place), Indikator (indicators), Fakta (facts), Kelompok "
        "(groups), Masalah (problems), Penyebab (causes), Hubungan (links), Aset (assets), AtributAset, ProgramAda "
        "(programs already there), TanggapanOPD (agency responses).",
        "Row 1 holds the column headers, row 2 the column keys (leave them as they are); data starts on row 3.",
        "Rows marked CONTOH in column A are examples and are ignored: delete or keep them, and write your own rows "
        "with column A empty.",
        "Coded columns offer a dropdown from the Kode sheet; other codes are refused when the file is checked.",
        "Several ids in one cell are separated by commas, e.g. G1, G2.",
        "Type values, not formulas; do not merge cells.",
        "Check: kkb-advisor validate case.xlsx  |  Advice: kkb-advisor advise case.xlsx",
    ],
}


def _choices(rules: RuleSet, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Every dropdown list: code and its words."""
    tax = rules.taxonomy
    yes, no = _YES["en" if lang == "en" else "id"]
    return {
        "problem_category": [(k, v.get(lang)) for k, v in sorted(tax.problems.items())],
        "cause_category": [(k, v.get(lang)) for k, v in sorted(tax.causes.items())],
        "fungsi": [(k, tax.fungsi[k].get(lang) if k in tax.fungsi else "") for k in FUNGSI],
        "program": [(k, p.name.get(lang)) for k, p in sorted(rules.programs.items())],
        "attribute": [(k, "") for k in ATTRIBUTE_FIELDS],
        "bool": [(yes, ""), (no, "")],
        "severity": [(str(i), "") for i in range(1, 6)],
        "strength": [(str(i), "") for i in range(1, 4)],
        "link_type": [("causes", words(lang, "penyebab -> masalah/penyebab", "cause -> problem/cause")),
                      ("aggravates", words(lang, "masalah -> masalah", "problem -> problem"))],
        "asset_type": [(k, "") for k in ("business", "group", "poktan", "facility", "program", "leadership",
                                         "natural")],
        "existing_status": [(k, "") for k in ("active", "completed", "in_process")],
        "src": [(k, "") for k in ("seed", "source", "synthetic")],
        "provenance": [(k, "") for k in ("seed", "source", "synthetic")],
        "unit_level": [(k, "") for k in ("rw", "dusun", "desa", "kelurahan")],
        "setting": [(k, "") for k in ("urban", "peri_urban", "rural", "coastal", "upland")],
        "kb_class": [(k, "") for k in ("dasar", "berkembang", "mandiri", "berkelanjutan", "paripurna", "unknown")],
    }


def _cell(value: Any, kind: str, lang: str) -> Any:
    """A case value as a cell value (lists joined, yes/no in words, dates as dates)."""
    if value is None:
        return None
    if kind in ("list", "lines") and isinstance(value, (list, tuple)):
        return (f"{LIST_SEP} " if kind == "list" else "\n").join(str(v) for v in value) or None
    if kind == "bool" and isinstance(value, bool):
        yes, no = _YES["en" if lang == "en" else "id"]
        return yes if value else no
    if isinstance(value, dt.date) or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple, dict)):
        return str(value)
    return str(value) if value != "" else None


def _get(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _field_rows(sheet: FieldSheet, data: dict[str, Any] | None, rules: RuleSet, lang: str) -> list[FieldRow]:
    """The rows of a field sheet: its fixed rows, or the documented keys of profile/facts and a case's extras."""
    if sheet.rows:
        return list(sheet.rows)
    known = PROFILE_FIELDS if sheet.path == ("profile",) else FACT_FIELDS
    labels = rules.taxonomy.indicators
    kind = "number" if sheet.path == ("profile",) else "any"
    rows = [FieldRow(k, labels[k].get("id") if k in labels else k, labels[k].get("en") if k in labels else k, kind)
            for k in known]
    section = _get(data, sheet.path[0]) if data else None
    if isinstance(section, dict):
        rows += [FieldRow(k, k, k, kind) for k in sorted(section) if k not in known and section[k] is not None]
    return rows


def _write_fields(wb: Workbook, sheet: FieldSheet, data: dict[str, Any] | None, rules: RuleSet, lang: str,
                  choices: dict[str, list[tuple[str, str]]]) -> None:
    rows = _field_rows(sheet, data, rules, lang)
    header = [words(lang, "Isian", "Field"), words(lang, "Kode kolom", "Key"), words(lang, "Nilai", "Value"),
              words(lang, "Contoh / keterangan", "Example / note")]
    keys = ["_label", "field", "value", "_example"]
    body: list[list[Any]] = [keys]
    for row in rows:
        value = _get(data, ".".join((*sheet.path, row.key))) if data is not None else None
        body.append([words(lang, row.id, row.en), row.key, _cell(value, row.kind, lang), row.example or None])
    ws = add_table(wb, sheet.name, header, body, widths=[44, 30, 40, 40], fixed_rows=2)
    for i, row in enumerate(rows, start=FIRST_ROW):
        if row.choices:
            list_validation(ws, f"C{i}", _range(choices, row.choices))


def _write_table(wb: Workbook, sheet: TableSheet, data: dict[str, Any] | None, lang: str,
                 choices: dict[str, list[tuple[str, str]]], *, template: bool) -> None:
    header = [words(lang, "Contoh?", "Example?"), *(words(lang, c.id, c.en) for c in sheet.columns)]
    body: list[list[Any]] = [["_example", *(c.key for c in sheet.columns)]]
    if template:
        for example in _EXAMPLES.get(sheet.name, ()):
            body.append([EXAMPLE_MARKS[0], *(example.get(c.key) for c in sheet.columns)])
    for item in _items(sheet, data):
        body.append([None, *(_cell(item.get(c.key), c.kind, lang) for c in sheet.columns)])
    ws = add_table(wb, sheet.name, header, body, widths=[10, *(_width(c.kind, c.key) for c in sheet.columns)],
                   fixed_rows=2)
    from openpyxl.utils import get_column_letter

    last = max(len(body) + 200, 300)  # room for the rows the facilitator adds
    for n, column in enumerate(sheet.columns, start=2):
        if column.choices:
            letter = get_column_letter(n)
            list_validation(ws, f"{letter}{FIRST_ROW}:{letter}{last}", _range(choices, column.choices))
    if template:
        from openpyxl.styles import Font, PatternFill

        fill, italic = PatternFill("solid", fgColor="FFF3C4"), Font(italic=True, color="7A6A2F")
        for r in range(FIRST_ROW, FIRST_ROW + len(_EXAMPLES.get(sheet.name, ()))):
            for c in ws[r]:
                c.fill, c.font = fill, italic


def _width(kind: str, key: str) -> int:
    if key.startswith(("label", "response", "name", "description", "affected", "note")):
        return 40
    return 14 if kind in ("int", "number") else 22


def _items(sheet: TableSheet, data: dict[str, Any] | None) -> list[dict[str, Any]]:
    if data is None:
        return []
    if sheet.path == ("assets", "*", "attributes"):  # one row per attribute of each asset
        return [{"asset": a["id"], "attribute": k, "value": v}
                for a in data.get("assets") or () for k, v in (a.get("attributes") or {}).items() if v is not None]
    found = _get(data, ".".join(sheet.path))
    return list(found) if isinstance(found, (list, tuple)) else []


def _range(choices: dict[str, list[tuple[str, str]]], name: str) -> str:
    col = list(choices).index(name) * 2 + 1
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(col)
    return f"'{CODES_SHEET}'!${letter}${FIRST_ROW}:${letter}${FIRST_ROW + len(choices[name]) - 1}"


def _write_codes(wb: Workbook, choices: dict[str, list[tuple[str, str]]], lang: str) -> None:
    header: list[str] = []
    for name in choices:
        header += [name, words(lang, "arti", "meaning")]
    depth = max(len(v) for v in choices.values())
    body: list[list[Any]] = [[words(lang, "(kode)", "(code)"), ""] * len(choices)]
    for i in range(depth):
        row: list[Any] = []
        for values in choices.values():
            row += list(values[i]) if i < len(values) else [None, None]
        body.append(row)
    add_table(wb, CODES_SHEET, header, body, widths=[18, 30] * len(choices), fixed_rows=2)


def case_workbook(case: Case | None, rules: RuleSet, lang: str = "id") -> bytes:
    """``case`` as a workbook; ``None``: a blank one with example rows (``new --xlsx``)."""
    data = case.model_dump(mode="python", by_alias=True) if case is not None else None
    lang = "en" if lang == "en" else "id"
    choices = _choices(rules, lang)
    wb = new_workbook()
    add_notes(wb, INSTRUCTIONS_SHEET, _INSTRUCTIONS[lang])
    for sheet in FIELD_SHEETS:
        _write_fields(wb, sheet, data, rules, lang, choices)
    for table in TABLE_SHEETS:
        _write_table(wb, table, data, lang, choices, template=case is None)
    _write_codes(wb, choices, lang)
    return workbook_bytes(wb)
