"""The case workbook's layout: which sheet holds which part of a case, its columns, their words and their kind.

One description serves the writer (`workbook_write.py`) and the reader (`workbook_read.py`), so the two cannot
drift apart. Row 1 holds the header in the workbook's language, row 2 the field key (what the reader goes by, so
columns may be moved), data from row 3. A table sheet's column A marks example rows (``CONTOH``), which are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CHOICE_SEP", "EXAMPLE_MARKS", "FIELD_HINTS", "FIELD_SHEETS", "FIRST_ROW", "KEY_ROW", "LIST_SEP", "SCALES",
           "SHEETS", "TABLE_SHEETS", "Column", "FieldRow", "FieldSheet", "TableSheet", "scale_choice", "short_label",
           "words"]

KEY_ROW = 2
FIRST_ROW = 3
EXAMPLE_MARKS = ("CONTOH", "EXAMPLE")
LIST_SEP = ","  # several ids in one cell are written "G1, G2" (read also with ; / spaces "dan": workbook_lists.py)
CHOICE_SEP = " — "  # a dropdown choice of a code column: "ECO.INCOME — Pendapatan keluarga rendah / tidak tetap"

# The words of the numbered scales, offered as "4 - berat" (the reader takes the number, or the words alone)
SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    "severity": (("sangat ringan", "very mild"), ("ringan", "mild"), ("sedang", "moderate"), ("berat", "severe"),
                 ("sangat berat", "very severe")),
    "strength": (("lemah", "weak"), ("sedang", "moderate"), ("kuat", "strong")),
}


@dataclass(frozen=True)
class Column:
    """One column of a table sheet. ``kind``: text, int, number, bool, date, list (ids), lines (one a line), code
    (a code, or a dropdown choice "CODE — words"), scale (a number of SCALES, or its choice "4 - berat").
    ``choices`` names the list its dropdown draws from (see workbook_write._choices); as "@Sheet", the ids of the
    rows entered on that sheet ("@Penyebab+Masalah": those of one sheet, then the other's); as "+Sheet", no
    dropdown but a tip naming the ids of that sheet (a cell of several ids); '' for none."""

    key: str
    id: str
    en: str
    kind: str = "text"
    choices: str = ""


@dataclass(frozen=True)
class TableSheet:
    """A sheet of rows, one item of ``path`` (e.g. problems) a row."""

    name: str  # the sheet's name (Indonesian; a sheet name is not translated, so a file reads the same for all)
    path: tuple[str, ...]
    id: str
    en: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class FieldRow:
    key: str  # a dotted path under the sheet's path, e.g. metadata.fgd_lead.org
    id: str
    en: str
    kind: str = "text"
    choices: str = ""
    example: str = ""


@dataclass(frozen=True)
class FieldSheet:
    """A sheet of named values: one field a row (label, key, value, example). ``extra``: rows with other keys
    are allowed (indicators and facts a case adds)."""

    name: str
    path: tuple[str, ...]
    id: str
    en: str
    rows: tuple[FieldRow, ...]
    extra: bool = False


def words(lang: str, id_: str, en: str) -> str:
    return en if lang == "en" else id_


def short_label(label: str) -> str:
    """A row or column label as an error names it: without its closing remark in brackets ("Desa? (ya/tidak)" ->
    "Desa?"), which says how to fill it and is not its name; a language in brackets is kept ("Masalah (Inggris)")."""
    text = label.strip()
    found = re.search(r"\s*\(([^()]*)\)$", text)
    if found is None or found[1] in _LANGUAGE_WORDS or found.start() == 0:
        return text
    return text[:found.start()]


_LANGUAGE_WORDS = frozenset({"Inggris", "English", "Indonesian"})


def scale_choice(scale: str, number: int, lang: str) -> str:
    """The dropdown choice of ``number`` on ``scale``: "4 - berat"."""
    id_, en = SCALES[scale][number - 1]
    return f"{number} - {words(lang, id_, en)}"


_SRC = Column("src", "Sumber data", "Data source", choices="src")

PLACE = FieldSheet("Tempat", (), "Tempat dan FGD", "Place and FGD", (
    FieldRow("metadata.kampung_kb_name", "Nama Kampung KB", "Kampung KB name", example="Kampung KB Sehati"),
    FieldRow("metadata.unit_level", "Tingkat wilayah FGD", "FGD unit level", choices="unit_level", example="rw"),
    FieldRow("metadata.rw", "RW", "RW", example="XVIII"),
    FieldRow("metadata.dusun", "Dusun", "Dusun", example="Krajan"),
    FieldRow("metadata.kelurahan_or_desa", "Kelurahan/desa", "Kelurahan/desa", example="Kadipiro"),
    FieldRow("metadata.is_desa", "Desa? (ya/tidak; boleh kosong bila tingkat wilayah desa atau kelurahan, atau bila "
             "nama ditulis 'Desa ...'/'Kelurahan ...')", "A desa? (yes/no; may be left empty when the unit level is "
             "desa or kelurahan, or the name is written 'Desa ...'/'Kelurahan ...')", "bool", "bool",
             example="tidak"),
    FieldRow("metadata.kecamatan", "Kecamatan", "Kecamatan", example="Banjarsari"),
    FieldRow("metadata.kab_kota", "Kabupaten/kota", "Regency/city", example="Kota Surakarta"),
    FieldRow("metadata.province", "Provinsi", "Province", example="Jawa Tengah"),
    FieldRow("metadata.setting", "Wilayah", "Setting", choices="setting", example="urban"),
    FieldRow("metadata.location_criteria", "Kriteria lokasi (pisahkan dengan koma)",
             "Location criteria (comma-separated)", "list", example="kumuh, padat_penduduk"),
    FieldRow("metadata.date", "Tanggal FGD (TTTT-BB-HH)", "FGD date (YYYY-MM-DD)", "date", example="2024-10-24"),
    FieldRow("metadata.fgd_lead.org", "Pemimpin FGD: instansi", "FGD lead: organisation", example="BKKBN Provinsi"),
    FieldRow("metadata.fgd_lead.role", "Pemimpin FGD: jabatan", "FGD lead: role", example="Penyuluh KB"),
    FieldRow("metadata.fgd_lead.name", "Pemimpin FGD: nama", "FGD lead: name", example="Sri Wahyuni"),
    FieldRow("metadata.facilitator.org", "Fasilitator: lembaga", "Facilitator: organisation", example="LPPM UNS"),
    FieldRow("metadata.facilitator.role", "Fasilitator: peran", "Facilitator: role", example="Fasilitator"),
    FieldRow("metadata.agencies_present", "Instansi yang hadir (kode, pisahkan dengan koma)",
             "Agencies present (codes, comma-separated)", "list", example="DINKES, DUKCAPIL"),
    FieldRow("metadata.kampung_kb_class", "Klasifikasi Kampung KB", "Kampung KB class", choices="kb_class",
             example="berkembang"),
    FieldRow("metadata.sources", "Sumber (satu per baris dalam sel)", "Sources (one a line in the cell)", "lines",
             example="https://kampungkb.bkkbn.go.id/..."),
    FieldRow("notes", "Catatan", "Notes", example="FGD di balai RW"),
    # what a file needs and a secretary need not know: may be left empty (workbook_complete.py fills them in)
    FieldRow("case_id", "Kode kasus (boleh kosong: dibuat dari nama kelurahan/desa dan tahun FGD)",
             "Case id (may be left empty: made from the kelurahan/desa name and the FGD year)",
             example="KADIPIRO-2024"),
    FieldRow("provenance", "Asal data (boleh kosong = source, FGD nyata; synthetic = latihan)",
             "Provenance (empty = source, a real FGD; synthetic = an exercise)", choices="provenance",
             example="source"),
    FieldRow("schema_version", "Versi format (boleh kosong = 1.0)", "Format version (empty = 1.0)", example="1.0"),
))

INDICATORS = FieldSheet("Indikator", ("profile",), "Indikator (angka)", "Indicators (numbers)", (), extra=True)
FACTS = FieldSheet("Fakta", ("facts",), "Fakta (ya/tidak, angka)", "Facts (yes/no, numbers)", (), extra=True)

GROUPS = TableSheet("Kelompok", ("metadata", "fgd_groups"), "Kelompok FGD", "FGD groups", (
    Column("id", "Kode", "Id"), Column("label_id", "Nama kelompok", "Group (Indonesian)"),
    Column("label_en", "Nama (Inggris)", "Group (English)"),
    Column("participants", "Jumlah peserta", "Participants", "int")))
ASSETS = TableSheet("Aset", ("assets",), "Aset kampung", "Assets", (
    Column("id", "Kode", "Id"), Column("type", "Jenis", "Type", choices="asset_type"),
    Column("name", "Nama", "Name"), Column("description", "Keterangan", "Description"), _SRC))
ATTRIBUTES = TableSheet("AtributAset", ("assets", "*", "attributes"), "Atribut aset", "Asset attributes", (
    Column("asset", "Kode aset", "Asset id"), Column("attribute", "Atribut", "Attribute", choices="attribute"),
    Column("value", "Nilai", "Value", "any")))
PROBLEMS = TableSheet("Masalah", ("problems",), "Masalah", "Problems", (
    Column("id", "Kode", "Id"), Column("label_id", "Masalah", "Problem (Indonesian)"),
    Column("label_en", "Masalah (Inggris)", "Problem (English)"),
    Column("category", "Kategori", "Category", "code", "problem_category"),
    Column("secondary_categories", "Kategori lain (koma)", "Other categories (comma)", "list"),
    Column("fungsi_keluarga", "Fungsi keluarga", "Family function", "code", "fungsi"),
    Column("severity", "Tingkat keparahan (pilih 1-5)", "Severity (choose 1-5)", "scale", "severity"),
    Column("raised_by", "Disampaikan kelompok (kode atau nama, koma)", "Raised by groups (ids or names, comma)",
           "list", "+Kelompok"),
    Column("affected", "Yang terdampak", "Affected"), _SRC))
CAUSES = TableSheet("Penyebab", ("causes",), "Penyebab", "Causes", (
    Column("id", "Kode", "Id"), Column("label_id", "Penyebab", "Cause (Indonesian)"),
    Column("label_en", "Penyebab (Inggris)", "Cause (English)"),
    Column("category", "Kategori", "Category", "code", "cause_category"),
    Column("leads_to", "Menyebabkan masalah (kode masalah, pisahkan dengan koma)",
           "Leads to problems (problem ids, comma-separated)", "list", "@Masalah"), _SRC))
LINKS = TableSheet("Hubungan", ("links",), "Hubungan sebab-akibat", "Links", (
    Column("from", "Dari (kode penyebab/masalah)", "From (cause/problem id)", choices="@Penyebab+Masalah"),
    Column("to", "Ke (kode masalah/penyebab)", "To (problem/cause id)", choices="@Masalah+Penyebab"),
    Column("type", "Jenis", "Type", choices="link_type"),
    Column("strength", "Kekuatan (pilih 1-3)", "Strength (choose 1-3)", "scale", "strength")))
RESPONSES = TableSheet("TanggapanOPD", ("opd_responses",), "Tanggapan OPD", "Agency responses", (
    Column("agency", "Instansi (kode)", "Agency (code)"), Column("response_id", "Tanggapan", "Response (Indonesian)"),
    Column("response_en", "Tanggapan (Inggris)", "Response (English)"),
    Column("program_ids", "Program yang ditawarkan (kode, koma)", "Programs offered (codes, comma)", "list"), _SRC))
EXISTING = TableSheet("ProgramAda", ("existing_programs",), "Program yang sudah ada", "Programs already there", (
    Column("program_id", "Program (kode)", "Program (code)", "code", "program"),
    Column("status", "Status", "Status", choices="existing_status"), Column("note", "Catatan", "Note")))

# What to write in a required cell left empty (English; the Indonesian is in errors_id/workbook.py)
FIELD_HINTS: dict[str, str] = {
    "metadata.kampung_kb_name": "write the Kampung KB's name as in its SK",
    "metadata.unit_level": "choose where the FGD was held: rw, dusun, desa or kelurahan",
    "metadata.kelurahan_or_desa": "write the name of the kelurahan or desa",
    "metadata.is_desa": ("write ya for a desa, tidak for a kelurahan; it may stay empty when the unit level is desa "
                         "or kelurahan"),
    "metadata.kecamatan": "write the name of the kecamatan",
    "metadata.kab_kota": "write the regency or city, e.g. Kabupaten Cianjur",
    "metadata.province": "write the province, e.g. Jawa Barat",
    "metadata.setting": "choose from the dropdown, e.g. rural",
    "metadata.date": "write the date of the FGD, e.g. 14/08/2025",
}

FIELD_SHEETS: tuple[FieldSheet, ...] = (PLACE, INDICATORS, FACTS)
TABLE_SHEETS: tuple[TableSheet, ...] = (GROUPS, PROBLEMS, CAUSES, LINKS, ASSETS, ATTRIBUTES, EXISTING, RESPONSES)
SHEETS: tuple[str, ...] = (*(s.name for s in FIELD_SHEETS), *(s.name for s in TABLE_SHEETS))
