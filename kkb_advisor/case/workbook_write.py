"""A case as a workbook (`convert case.yaml case.xlsx`), or a blank one to fill in (`new --xlsx`): one sheet per part
of the case, headers in the workbook's language over the field keys, dropdowns from the rule set's codes (each
choice a code and its words, "ECO.INCOME — Pendapatan ...", "4 - berat"), dropdowns of the problem and cause ids
entered, and, in a blank workbook, example rows marked CONTOH that the reader ignores. Same case, same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..io.xlsx import add_notes, add_table, input_tip, list_validation, new_workbook, workbook_bytes
from ..model.case import ATTRIBUTE_FIELDS, FACT_FIELDS, FUNGSI, PROFILE_FIELDS, Case
from ..model.ruleset import Bilingual, Program, RuleSet
from ..rules.fields import FACTS
from ..rules.placewords import Place, placeholders
from .sheets import (
    CHOICE_SEP,
    EXAMPLE_MARKS,
    FIELD_SHEETS,
    FIRST_ROW,
    LIST_SEP,
    SCALES,
    TABLE_SHEETS,
    FieldRow,
    FieldSheet,
    TableSheet,
    scale_choice,
    words,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["CODES_SHEET", "ENDS_SHEET", "INSTRUCTIONS_SHEET", "add_case_sheets", "case_workbook"]

INSTRUCTIONS_SHEET = "Petunjuk"
CODES_SHEET = "Kode"
ENDS_SHEET = "KodeTerisi"  # hidden: the ids entered on two sheets in one column, for the Hubungan dropdowns
_ENDS = 200  # rows of each ENDS_SHEET column: a case holds at most 200 problems and causes (load.MAX_CASE_NODES)
_YES = {"id": ("ya", "tidak"), "en": ("yes", "no")}
_ROOM = 200  # rows a table sheet's dropdowns reach past its data: room for the rows the facilitator adds
# (code, choice shown in the dropdown, meaning shown beside it on the Kode sheet), per list
Choices = dict[str, list[tuple[str, str, str]]]

_EXAMPLES: dict[str, tuple[dict[str, Any], ...]] = {
    "Kelompok": ({"id": "G1", "label_id": "Kelompok PKK dan kader", "label_en": "PKK women and cadres",
                  "participants": 10},),
    "Masalah": ({"id": "P1", "label_id": "Penghasilan tidak tetap", "label_en": "Irregular income",
                 "category": "ECO.INCOME", "severity": 4, "raised_by": "G1"},),
    "Penyebab": ({"id": "C1", "label_id": "Kurang pengalaman mengelola usaha",
                  "label_en": "Little experience managing a business", "category": "CAU.SKILL.SOFT",
                  "leads_to": "P1"},),
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
        "Tempat: Kode kasus, Asal data dan Versi format boleh dikosongkan; kode kasus lalu dibuat dari nama "
        "kelurahan/desa dan tahun FGD (misalnya KADIPIRO-2024), asal data menjadi source (FGD nyata).",
        "Kolom berkode memakai pilihan (dropdown) dari lembar Kode: kode beserta artinya, misalnya "
        "'ECO.INCOME — Pendapatan keluarga rendah / tidak tetap'; cukup juga mengetik kodenya saja.",
        "Tingkat keparahan: pilih '1 - sangat ringan' sampai '5 - sangat berat' (atau ketik angkanya saja).",
        "Sebab-akibat, cara termudah: di lembar Penyebab, kolom 'Menyebabkan masalah', tulis atau pilih kode "
        "masalah yang ditimbulkan penyebab itu (beberapa: P1, P2); kekuatannya dianggap 2 - sedang. Untuk "
        "kekuatan lain, penyebab di balik penyebab, atau masalah yang memperparah masalah lain, pakai lembar "
        "Hubungan (pilihan kode dari baris Penyebab dan Masalah yang sudah diisi).",
        "Beberapa kode dalam satu sel dipisahkan koma (G1, G2); titik koma, garis miring, spasi atau 'dan' juga "
        "boleh. Di kolom 'Disampaikan kelompok' nama kelompok seperti di lembar Kelompok boleh ditulis sebagai "
        "ganti kodenya.",
        "Tempat: 'Desa?' boleh kosong bila tingkat wilayah FGD desa atau kelurahan, atau bila nama ditulis "
        "'Desa Sukamaju' / 'Kelurahan Kadipiro'; isi ya/tidak bila FGD di tingkat RW atau dusun.",
        "Tulis nilai, bukan rumus; jangan menggabungkan sel (merge).",
        "Periksa: kkb-advisor validate kasus.xlsx  |  Saran: kkb-advisor advise kasus.xlsx",
        "Rencana aksi beserta kasusnya dalam satu berkas baru (berkas ini tidak ditimpa): "
        "kkb-advisor advise kasus.xlsx --format xlsx -o rencana.xlsx --with-case",
    ],
    "en": [
        "Kampung KB FGD case workbook (case format v1).",
        "Fill one sheet for each part of the FGD: Tempat (place), Indikator (indicators), Fakta (facts), Kelompok "
        "(groups), Masalah (problems), Penyebab (causes), Hubungan (links), Aset (assets), AtributAset, ProgramAda "
        "(programs already there), TanggapanOPD (agency responses).",
        "Row 1 holds the column headers, row 2 the column keys (leave them as they are); data starts on row 3.",
        "Rows marked CONTOH in column A are examples and are ignored: delete or keep them, and write your own rows "
        "with column A empty.",
        "Tempat: the case id, provenance and format version may be left empty; the case id is then made from the "
        "kelurahan/desa name and the FGD year (e.g. KADIPIRO-2024), the provenance is source (a real FGD).",
        "Coded columns offer a dropdown from the Kode sheet: each code with its meaning, e.g. "
        "'ECO.INCOME — Low or irregular household income'; typing the code alone is fine too.",
        "Severity: choose '1 - very mild' to '5 - very severe' (or type the number alone).",
        "Cause and effect, the easiest way: on the Penyebab sheet, column 'Leads to problems', write or choose the "
        "id of the problem the cause leads to (several: P1, P2); its strength is taken as 2 - moderate. For "
        "another strength, a cause behind a cause, or a problem that aggravates another, use the Hubungan sheet "
        "(its dropdowns offer the ids of the Penyebab and Masalah rows entered).",
        "Several ids in one cell are separated by commas (G1, G2); semicolons, slashes, spaces or 'dan' work too. "
        "In the column 'Raised by groups' a group's name as on the Kelompok sheet may stand for its id.",
        "Tempat: 'A desa?' may be left empty when the FGD unit level is desa or kelurahan, or the name is written "
        "'Desa Sukamaju' / 'Kelurahan Kadipiro'; write yes/no for an FGD at RW or dusun level.",
        "Type values, not formulas; do not merge cells.",
        "Check: kkb-advisor validate case.xlsx  |  Advice: kkb-advisor advise case.xlsx",
        "The action plan and its case in one new file (this file is not replaced): "
        "kkb-advisor advise case.xlsx --format xlsx -o plan.xlsx --with-case",
    ],
}


def _program_name(program: Program, places: tuple[Place, ...], lang: str) -> str:
    """A program's name as the case reads it (desa or kelurahan...); in a blank workbook, both words: desa/kelurahan."""
    name = program.name.get(lang)
    if "{" not in name:
        return name
    for word in placeholders(name):
        found = dict.fromkeys(p.text(Bilingual(id=f"{{{word}}}", en=f"{{{word}}}")).get(lang) for p in places)
        name = name.replace(f"{{{word}}}", "/".join(found))
    return name


def _choices(rules: RuleSet, lang: str, case: Case | None = None) -> Choices:
    """Every dropdown list: (code, choice, meaning). Coded lists show the code with its words, categories ordered
    by family as the taxonomy lists them (the meaning column names the family)."""
    tax = rules.taxonomy
    yes, no = _YES["en" if lang == "en" else "id"]
    families = list(tax.families)
    places = ((Place.of(case.metadata),) if case is not None else
              (Place(True, 2, frozenset()), Place(False, 2, frozenset())))

    def family(code: str) -> int:
        name = tax.problem_family.get(code, "")
        return families.index(name) if name in families else len(families)

    def family_words(code: str) -> str:
        name = tax.problem_family.get(code, "")
        return tax.families[name].get(lang) if name in tax.families else ""

    def plain(*codes: str) -> list[tuple[str, str, str]]:
        return [(k, k, "") for k in codes]

    return {
        "problem_category": [(k, f"{k}{CHOICE_SEP}{tax.problems[k].get(lang)}", family_words(k))
                             for k in sorted(tax.problems, key=family)],
        "cause_category": [(k, f"{k}{CHOICE_SEP}{v.get(lang)}", "") for k, v in tax.causes.items()],
        "fungsi": [(k, f"{k}{CHOICE_SEP}{tax.fungsi[k].get(lang)}" if k in tax.fungsi else k, "") for k in FUNGSI],
        "program": [(k, f"{k}{CHOICE_SEP}{_program_name(p, places, lang)}", "")
                    for k, p in sorted(rules.programs.items())],
        "attribute": plain(*ATTRIBUTE_FIELDS),
        "bool": [(yes, yes, ""), (no, no, "")],
        **{name: [(str(i), scale_choice(name, i, lang), "") for i in range(1, len(scale) + 1)]
           for name, scale in SCALES.items()},
        "link_type": [("causes", "causes", words(lang, "penyebab -> masalah/penyebab", "cause -> problem/cause")),
                      ("aggravates", "aggravates", words(lang, "masalah -> masalah", "problem -> problem"))],
        "asset_type": plain("business", "group", "poktan", "facility", "program", "leadership", "natural"),
        "existing_status": plain("active", "completed", "in_process"),
        "src": plain("seed", "source", "synthetic"),
        "provenance": plain("seed", "source", "synthetic"),
        "unit_level": plain("rw", "dusun", "desa", "kelurahan"),
        "setting": plain("urban", "peri_urban", "rural", "coastal", "upland"),
        "kb_class": plain("dasar", "berkembang", "mandiri", "berkelanjutan", "paripurna", "unknown"),
    }


def _cell(value: Any, kind: str, lang: str, choices: list[tuple[str, str, str]] | None = None) -> Any:
    """A case value as a cell value (lists joined, yes/no in words, dates as dates, a code or a number of a scale
    as its dropdown choice)."""
    if value is None:
        return None
    if kind in ("code", "scale") and choices:
        shown = {code: choice for code, choice, _ in choices}
        if str(value) in shown:
            return shown[str(value)]
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


def _fact_row(key: str, kind: str) -> FieldRow:
    """A row of the Fakta sheet, asked as the words of the fact catalogue ask it (rules/fields.py)."""
    spec = FACTS.get(key)
    if spec is not None and spec.yes is not None:
        return FieldRow(key, f"Benarkah wilayah ini {spec.yes[0]}?", f"Is it true that the area {spec.yes[1]}?", kind,
                        example="ya / tidak")
    if spec is not None and spec.noun is not None:
        return FieldRow(key, spec.noun[0][:1].upper() + spec.noun[0][1:], spec.noun[1][:1].upper() + spec.noun[1][1:],
                        kind)
    return FieldRow(key, key, key, kind)


def _field_rows(sheet: FieldSheet, data: dict[str, Any] | None, rules: RuleSet, lang: str) -> list[FieldRow]:
    """The rows of a field sheet: its fixed rows, or the documented keys of profile/facts and a case's extras."""
    if sheet.rows:
        return list(sheet.rows)
    kind = "number" if sheet.path == ("profile",) else "any"
    if sheet.path == ("profile",):
        labels = rules.taxonomy.indicators
        rows = [FieldRow(k, labels[k].get("id") if k in labels else k, labels[k].get("en") if k in labels else k, kind)
                for k in PROFILE_FIELDS]
        known: tuple[str, ...] = PROFILE_FIELDS
    else:
        rows = [_fact_row(k, kind) for k in FACT_FIELDS]
        known = FACT_FIELDS
    section = _get(data, sheet.path[0]) if data else None
    if isinstance(section, dict):
        rows += [FieldRow(k, k, k, kind) for k in sorted(section) if k not in known and section[k] is not None]
    return rows


def _write_fields(wb: Workbook, sheet: FieldSheet, data: dict[str, Any] | None, rules: RuleSet, lang: str,
                  choices: Choices) -> None:
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
        elif row.kind == "list":
            input_tip(ws, f"C{i}", _several(lang, row.example))


def _write_table(wb: Workbook, sheet: TableSheet, data: dict[str, Any] | None, lang: str, choices: Choices, *,
                 template: bool) -> None:
    from openpyxl.utils import get_column_letter

    header = [words(lang, "Contoh?", "Example?"), *(words(lang, c.id, c.en) for c in sheet.columns)]
    body: list[list[Any]] = [["_example", *(c.key for c in sheet.columns)]]
    if template:
        for example in _EXAMPLES.get(sheet.name, ()):
            body.append([EXAMPLE_MARKS[0], *(_cell(example.get(c.key), c.kind, lang, choices.get(c.choices))
                                             for c in sheet.columns)])
    for item in _items(sheet, data):
        body.append([None, *(_cell(item.get(c.key), c.kind, lang, choices.get(c.choices)) for c in sheet.columns)])
    ws = add_table(wb, sheet.name, header, body, widths=[10, *(_width(c.kind, c.key) for c in sheet.columns)],
                   fixed_rows=2)
    last = _last_row(data)
    for n, column in enumerate(sheet.columns, start=2):
        cells = f"{get_column_letter(n)}{FIRST_ROW}:{get_column_letter(n)}{last}"
        if column.choices.startswith("@"):  # the ids entered on other sheets; other ids may still be typed
            list_validation(ws, cells, _ids_range(column.choices[1:], last), strict=False,
                            prompt=_prompt(column.choices[1:], column.kind, lang))
        elif column.choices.startswith("+"):  # several ids of another sheet: a tip naming them, no dropdown
            input_tip(ws, cells, _named_tip(column.choices[1:], data, lang))
        elif column.choices:
            list_validation(ws, cells, _range(choices, column.choices), strict=column.kind != "scale",
                            prompt=_prompt("", column.kind, lang))
        elif column.kind == "list":
            input_tip(ws, cells, _several(lang, ""))
    if template:
        from openpyxl.styles import Font, PatternFill

        fill, italic = PatternFill("solid", fgColor="FFF3C4"), Font(italic=True, color="7A6A2F")
        for r in range(FIRST_ROW, FIRST_ROW + len(_EXAMPLES.get(sheet.name, ()))):
            for c in ws[r]:
                c.fill, c.font = fill, italic


def _last_row(data: dict[str, Any] | None) -> int:
    """The last row every table sheet's dropdowns reach: past the longest table, with room to add rows."""
    longest = max((len(_items(sheet, data)) for sheet in TABLE_SHEETS), default=0) if data is not None else 0
    return max(FIRST_ROW + longest + _ROOM, 300)


def _ids_range(sheets: str, last: int) -> str:
    """The id column of a table sheet, from the first data row to ``last``; of two ("Penyebab+Masalah"), the
    column of the hidden ENDS_SHEET that holds the first's ids, then the second's."""
    if "+" in sheets:
        letter = "A" if sheets == _ENDS_COLUMNS[0] else "B"
        return f"'{ENDS_SHEET}'!${letter}$2:${letter}${_ENDS + 1}"
    from openpyxl.utils import get_column_letter

    table = next(t for t in TABLE_SHEETS if t.name == sheets)
    letter = get_column_letter(2 + [c.key for c in table.columns].index("id"))
    return f"'{sheets}'!${letter}${FIRST_ROW}:${letter}${last}"


_ENDS_COLUMNS = ("Penyebab+Masalah", "Masalah+Penyebab")


def _write_ends(wb: Workbook, last: int) -> None:
    """The hidden sheet the Hubungan dropdowns draw from: row n of a column holds the n-th id entered on its first
    sheet, then, past those, the ids of its second ("" after the last), worked out by Excel as the rows are filled.

    Rows left blank between entries, and the example rows (CONTOH in column A), are skipped: beside the two lists,
    one column a sheet counts, row by row (aligned with the sheet's rows), the ids entered so far; the n-th id is on
    the first row whose count is n (MATCH, exact). Only IF, AND, LEN, TRIM, INDEX and MATCH: no array formula, so
    every Excel and LibreOffice works it out the same way."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(ENDS_SHEET)
    ws.sheet_state = "hidden"
    sheets = list(dict.fromkeys(name for pair in _ENDS_COLUMNS for name in pair.split("+")))
    counts = {name: get_column_letter(len(_ENDS_COLUMNS) + 1 + i) for i, name in enumerate(sheets)}
    for name, tally in counts.items():
        ids = _ids_range(name, last)
        letter = ids.split("!$")[1].split("$")[0]
        ws[f"{tally}1"], ws[f"{tally}{FIRST_ROW - 1}"] = f"{name}: n", 0
        for row in range(FIRST_ROW, last + 1):
            ws[f"{tally}{row}"] = (f"={tally}{row - 1}+IF(AND(LEN(TRIM('{name}'!${letter}{row}))>0,"
                                   f"LEN(TRIM('{name}'!$A{row}))=0),1,0)")
    for col, pair in enumerate(_ENDS_COLUMNS, start=1):
        first, second = pair.split("+")
        ws.cell(row=1, column=col, value=pair)
        nth = {name: (_ids_range(name, last), f"${counts[name]}${FIRST_ROW}:${counts[name]}${last}",
                      f"${counts[name]}${last}") for name in (first, second)}
        (ids1, seen1, all1), (ids2, seen2, all2) = nth[first], nth[second]
        for n in range(1, _ENDS + 1):
            ws.cell(row=n + 1, column=col).value = (
                f"=IF({n}<={all1},INDEX({ids1},MATCH({n},{seen1},0)),"
                f"IF({n}-{all1}<={all2},INDEX({ids2},MATCH({n}-{all1},{seen2},0)),\"\"))")


def _prompt(sheets: str, kind: str, lang: str) -> str:
    """What the cell says when selected: how to fill it."""
    if "+" in sheets:
        first, second = sheets.split("+")
        return words(lang, f"Pilih kode (baris {first}, lalu {second}), atau ketik kode atau kata-katanya.",
                     f"Choose an id (rows of {first}, then {second}), or type the id or its words.")
    if sheets:
        return words(lang, f"Pilih kode dari baris lembar {sheets}, atau ketik kode atau kata-katanya (beberapa: "
                           "pisahkan dengan koma, titik koma, garis miring atau 'dan').",
                     f"Choose an id from the rows of sheet {sheets}, or type the id or its words (several: "
                     "separated by commas, semicolons, slashes or 'dan').")
    if kind == "scale":
        return words(lang, "Pilih dari daftar, atau ketik angkanya saja.", "Choose from the list, or type the number.")
    return words(lang, "Pilih dari daftar (kode dan artinya), atau ketik kodenya saja.",
                 "Choose from the list (code and meaning), or type the code alone.") if kind == "code" else ""


def _several(lang: str, example: str) -> str:
    """The tip of a cell of several codes."""
    e = example or "G1, G2"
    return words(lang, f"Beberapa kode: pisahkan dengan koma, titik koma, garis miring, spasi atau 'dan' ({e}).",
                 f"Several codes: separate them with commas, semicolons, slashes, spaces or 'dan' ({e}).")


def _named_tip(sheet_name: str, data: dict[str, Any] | None, lang: str) -> str:
    """The tip of a cell of several ids of ``sheet_name``: how to write them, and the ids entered with their
    names (in a blank workbook: where they are entered)."""
    table = next(t for t in TABLE_SHEETS if t.name == sheet_name)
    entered = [f"{i['id']} {i.get('label_id') or ''}".strip() for i in _items(table, data) if i.get("id")]
    head = words(lang, f"Kode atau nama dari lembar {sheet_name}; beberapa: pisahkan dengan koma, titik koma, "
                       "garis miring atau 'dan'.",
                 f"Ids or names from sheet {sheet_name}; several: separated by commas, semicolons, slashes or "
                 "'dan'.")
    listed = "; ".join(entered) if entered else words(lang, f"(isi lembar {sheet_name} dulu)",
                                                      f"(fill in sheet {sheet_name} first)")
    return f"{head} {sheet_name}: {listed}"


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


def _range(choices: Choices, name: str) -> str:
    col = list(choices).index(name) * 2 + 1
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(col)
    return f"'{CODES_SHEET}'!${letter}${FIRST_ROW}:${letter}${FIRST_ROW + len(choices[name]) - 1}"


def _write_codes(wb: Workbook, choices: Choices, lang: str) -> None:
    header: list[str] = []
    for name in choices:
        header += [name, words(lang, "arti", "meaning")]
    depth = max(len(v) for v in choices.values())
    body: list[list[Any]] = [[words(lang, "(pilihan)", "(choice)"), ""] * len(choices)]
    for i in range(depth):
        row: list[Any] = []
        for values in choices.values():
            row += [values[i][1], values[i][2] or None] if i < len(values) else [None, None]
        body.append(row)
    add_table(wb, CODES_SHEET, header, body, widths=[18, 30] * len(choices), fixed_rows=2)


def add_case_sheets(wb: Workbook, case: Case | None, rules: RuleSet, lang: str = "id") -> None:
    """The sheets of ``case`` (``None``: a blank case with example rows) added to ``wb``, as ``case_workbook``
    writes them; a workbook holding them reads back as the case, whatever other sheets it has."""
    data = case.model_dump(mode="python", by_alias=True) if case is not None else None
    lang = "en" if lang == "en" else "id"
    choices = _choices(rules, lang, case)
    add_notes(wb, INSTRUCTIONS_SHEET, _INSTRUCTIONS[lang])
    for sheet in FIELD_SHEETS:
        _write_fields(wb, sheet, data, rules, lang, choices)
    for table in TABLE_SHEETS:
        _write_table(wb, table, data, lang, choices, template=case is None)
    _write_codes(wb, choices, lang)
    _write_ends(wb, _last_row(data))


def case_workbook(case: Case | None, rules: RuleSet, lang: str = "id") -> bytes:
    """``case`` as a workbook; ``None``: a blank one with example rows (``new --xlsx``)."""
    wb = new_workbook()
    add_case_sheets(wb, case, rules, lang)
    return workbook_bytes(wb)
