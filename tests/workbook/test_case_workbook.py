"""Case workbooks: written blank or from a case, filled by a script, read back with every error at its Sheet!Cell,
and converted to YAML/JSON and back without losing anything (every bundled case)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kkb_advisor.case.load import load_case
from kkb_advisor.case.workbook_write import case_workbook
from kkb_advisor.errors import CaseError
from kkb_advisor.model.ruleset import RuleSet
from tests.conftest import CASES
from tests.workbook.filling import blank, edit, fill, filled, place_cell


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_bundled_case_goes_to_a_workbook_and_back_unchanged(path: Path, bundled_rules: RuleSet, cli,
                                                                  tmp_path: Path) -> None:
    case = load_case(path, bundled_rules)
    book = tmp_path / "case.xlsx"
    assert cli("convert", path, book).exit_code == 0
    assert book.read_bytes() == case_workbook(case, bundled_rules)  # same case, same bytes
    assert load_case(book, bundled_rules) == case
    for suffix in (".yaml", ".json"):
        back = tmp_path / f"back{suffix}"
        result = cli("convert", book, back)
        assert result.exit_code == 0, result.output
        assert load_case(back, bundled_rules) == case
    english = tmp_path / "case-en.xlsx"  # the choices in English words ("4 - severe") read back the same
    assert cli("convert", path, english, "--lang", "en").exit_code == 0
    assert load_case(english, bundled_rules) == case


def test_a_blank_workbook_has_its_sheets_headers_dropdowns_and_marked_examples(cli, tmp_path: Path,
                                                                               bundled_rules: RuleSet) -> None:
    wb = openpyxl.load_workbook(blank(cli, tmp_path))
    assert wb.sheetnames == ["Petunjuk", "Tempat", "Indikator", "Fakta", "Kelompok", "Masalah", "Penyebab",
                             "Hubungan", "Aset", "AtributAset", "ProgramAda", "TanggapanOPD", "Kode", "KodeTerisi"]
    problems = wb["Masalah"]
    assert [c.value for c in problems[1]][:5] == ["Contoh?", "Kode", "Masalah", "Masalah (Inggris)", "Kategori"]
    assert [c.value for c in problems[2]][:5] == ["_example", "id", "label_id", "label_en", "category"]
    assert [c.value for c in problems[3]][:2] == ["CONTOH", "P1"]
    dropdowns = {str(dv.sqref): dv.formula1 for dv in problems.data_validations.dataValidation}
    assert dropdowns["E3:E300"].startswith("'Kode'!$A$3:$A$")
    codes = wb["Kode"]
    first = next(iter(bundled_rules.taxonomy.problems))  # categories in the taxonomy's order, family by family
    assert codes["A1"].value == "problem_category"
    assert codes["A3"].value == f"{first} — {bundled_rules.taxonomy.problems[first].get('id')}"
    assert codes["B3"].value == "Ekonomi dan penghidupan"  # the family, beside each of its codes
    (tmp_path / "en").mkdir()
    english = openpyxl.load_workbook(blank(cli, tmp_path / "en", "--lang", "en"))
    assert [c.value for c in english["Masalah"][1]][:3] == ["Example?", "Id", "Problem (Indonesian)"]


def test_blank_workbook_is_refused_cell_by_cell_until_it_is_filled(cli, tmp_path: Path) -> None:
    path = blank(cli, tmp_path)
    result = cli("validate", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    case_id = place_cell(path, "case_id")
    assert lines[0] == (f"Error: {path}: Tempat!C3: \"Kampung KB name\" is required (kampung_kb_name); write the "
                        "Kampung KB's name as in its SK")
    assert lines[-2:] == [  # an empty case id is made from the place and the date; without them it is asked for
        f"Error: {path}: Tempat!{case_id}: \"Case id\" is required (case_id); fill in this cell, or the "
        "kelurahan/desa and the FGD date: the case id is made from them",
        f"Error: {path}: Masalah!A3: sheet Masalah has no rows (problems); add a row to this sheet"]
    assert not any("'provenance'" in line for line in lines)  # an empty provenance is `source`
    assert [line.split(": ")[2] for line in lines].index("Tempat!C10") == 5  # sheet, then row order, not text order
    fill(path)
    assert cli("validate", path).stdout == f"ok: {path}\n"
    advised = cli("advise", path, "--format", "json")
    assert advised.exit_code == 0 and '"case_id": "DESA-MAJU-2025"' in advised.stdout


def test_a_wrong_code_is_named_by_its_cell(cli, tmp_path: Path) -> None:
    path = blank(cli, tmp_path)
    fill(path, category="ECO.INCOM")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {path}: Masalah!E4: \"Category\": unknown problem category 'ECO.INCOM'; "
                             "did you mean 'ECO.INCOME'?\n")
    for command in ("advise", "graph"):
        assert cli(command, path).stderr == result.stderr
    assert cli("explain", path, "KOP-LATIHWIRAUSAHA").stderr == result.stderr


@pytest.mark.parametrize(("sheet", "cell", "value", "message"), [
    ("Masalah", "H4", "=2+2", "Masalah!H4: \"Severity\": the cell holds a formula; type the value itself"),
    ("Masalah", "C4", "2025-01-01", None),  # a date typed as text in a text field is text: fine
    ("Masalah", "H4", 9, "Masalah!H4: \"Severity\": must be at most 5, got 9; severity runs from 1"),
    ("Masalah", "A4", "x", "Masalah!A4: \"Example?\": column A marks example rows; found 'x'"),
    ("Indikator", "C5", "1.200", "Indikator!C5: \"jumlah keluarga miskin\": '1.200' is text, and reads two "
        "ways: 1200 (a dot between thousands) "
     "or 1.2; type the number into the cell without separators, e.g. 1200"),
    ("Indikator", "C5", "1.200.000", "Indikator!C5: \"jumlah keluarga miskin\": '1.200.000' is text with "
        "dots between thousands; type the "
     "number into the cell without separators, e.g. 1200000"),
    ("Indikator", "C5", "1200", None),  # digits typed into a Text cell are still a number
    ("Indikator", "C5", "9" * 5000, "Indikator!C5: \"jumlah keluarga miskin\": the number is 5,000 digits long; no "
        "field takes a number that large; check the value"),
    ("Hubungan", "C4", "P9", "Hubungan!C4: \"To\": unknown node 'P9'"),
    # a cell, not a path
    ("Penyebab", "B4", "P1", "Penyebab!B4: \"Id\": duplicate id 'P1' (already used at Masalah!B4)"),
    ("AtributAset", "B5", "A7", "AtributAset!B5: \"Asset id\": no asset 'A7' on sheet Aset"),
    ("Masalah", "B2", "kode", "Masalah!A2: row 2 lacks the column key(s) id"),
])
def test_mistakes_in_cells_are_located(cli, tmp_path: Path, sheet: str, cell: str, value: object,
                                       message: str | None) -> None:
    path = filled(cli, tmp_path)
    if sheet == "AtributAset":
        edit(path, sheet, "C5", "has_nib")
        edit(path, sheet, "D5", "tidak")
    edit(path, sheet, cell, value)
    result = cli("validate", path)
    if message is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2
    assert f"Error: {path}: {message}" in result.stderr, result.stderr


def test_a_date_cell_in_a_text_field_and_merged_cells_are_refused(cli, tmp_path: Path) -> None:
    import datetime as dt

    path = filled(cli, tmp_path)
    edit(path, "Masalah", "C4", dt.datetime(2025, 1, 1))
    said = cli("validate", path).stderr
    assert "Masalah!C4: \"Problem (Indonesian)\": the cell holds a date (2025-01-01 00:00:00), not text" in said
    (tmp_path / "m").mkdir()
    path = filled(cli, tmp_path / "m")
    wb = openpyxl.load_workbook(path)
    wb["Penyebab"].merge_cells("C4:D4")
    wb.save(path)
    said = cli("validate", path).stderr
    assert f"Error: {path}: Penyebab!C4: \"Penyebab\": merged cells (C4:D4); unmerge them" in said


def test_the_fgd_date_may_be_a_date_cell(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    import datetime as dt

    path = filled(cli, tmp_path)
    cell = place_cell(path, "metadata.date")
    for typed in (dt.datetime(2025, 8, 14), "2025-08-14", "14/08/2025", "14-8-2025"):  # day first, as in Indonesia
        edit(path, "Tempat", cell, typed)
        assert load_case(path, bundled_rules).metadata.date == dt.date(2025, 8, 14)
    edit(path, "Tempat", cell, "08/14/2025")
    with pytest.raises(CaseError, match=rf"Tempat!{cell}: \"FGD date\": '08/14/2025' \(text\) is not a date"):
        load_case(path, bundled_rules)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "not an XLSX workbook (the file is empty)"),
    (b"id,label\nP1,x\n", "not an XLSX workbook (the file is text (CSV?))"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "not an XLSX workbook (the file is an old Excel file (.xls))"),
    (_zip({"hello.txt": b"hi"}), "a zip file, but not an XLSX workbook (no xl/workbook.xml)"),
    (_zip({"xl/workbook.xml": bytes(40 * 1024 * 1024)}), "the workbook unpacks to more than 4 MB"),
    (_zip({"xl/workbook.xml": b"<not xml"}), "the workbook cannot be read"),
])
def test_files_that_are_not_case_workbooks_are_refused(raw: bytes, message: str, tmp_path: Path,
                                                       bundled_rules: RuleSet) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(raw)
    with pytest.raises(CaseError) as caught:
        load_case(path, bundled_rules)
    assert message in str(caught.value.problems[0].message)


def test_a_workbook_near_the_unpacked_bound_is_refused_quickly(tmp_path: Path, bundled_rules: RuleSet) -> None:
    import time

    raw = case_workbook(None, bundled_rules)
    src = zipfile.ZipFile(io.BytesIO(raw))
    sheet = f"xl/worksheets/sheet{openpyxl.load_workbook(io.BytesIO(raw)).sheetnames.index('Masalah') + 1}.xml"
    rows = "".join(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>P{r}</t></is></c></row>' for r in range(3, 50000))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main"><sheetData>' + rows + "</sheetData></worksheet>").encode()
    assert 3_000_000 < len(xml) < 4 * 1024 * 1024
    path = tmp_path / "big.xlsx"
    path.write_bytes(_zip({n: xml if n == sheet else src.read(n) for n in src.namelist()}))
    start = time.perf_counter()
    with pytest.raises(CaseError, match="Masalah: the sheet reaches 49999 rows"):
        load_case(path, bundled_rules)
    assert time.perf_counter() - start < 10  # about 1.5 s alone; a shared CI machine is slower


def _with_sheet_xml(raw: bytes, sheet_name: str, edit: object) -> bytes:
    """The workbook ``raw`` with the XML of sheet ``sheet_name`` passed through ``edit`` (bytes -> bytes)."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    part = f"xl/worksheets/sheet{openpyxl.load_workbook(io.BytesIO(raw)).sheetnames.index(sheet_name) + 1}.xml"
    assert part in src.namelist()
    return _zip({n: edit(src.read(n)) if n == part else src.read(n) for n in src.namelist()})  # type: ignore[operator]


_MERGES = "".join(f'<mergeCell ref="A{3 + i}:AN2000"/>' for i in range(2))  # 2 x ~80,000 cells, each in the limit


@pytest.mark.parametrize(("tail", "message"), [
    ('<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>',
     "Masalah!A3: merged cells A3:XFD1048576 reach beyond the sheet's limit of 2000 rows and 40 columns; unmerge "
     "them (Home > Merge & Center) and delete the rows and columns after the data"),
    ('<mergeCells count="1"><mergeCell ref="B5:&#88;FD1048576"/></mergeCells>',  # a character reference
     "Masalah!B5: merged cells B5:XFD1048576 reach beyond"),
    ('<mergeCells count="1"><mergeCell ref="C1:C3000"/></mergeCells>', "Masalah!C1: merged cells C1:C3000 reach"),
    ('<mergeCells count="1"><mergeCell ref="A:A"/></mergeCells>', "Masalah!A1: merged cells A:A reach beyond"),
    ('<hyperlinks><hyperlink ref="A3:XFD1048576" display="x"/></hyperlinks>',
     "Masalah!A3: a link over the cells A3:XFD1048576 reaches beyond the sheet's limit of 2000 rows and 40 "
     "columns; remove the link"),
    (f'<mergeCells count="2">{_MERGES}</mergeCells>',
     "Masalah!A4: the merged cells and links of the workbook cover more than 100000 cells (up to A4:AN2000)"),
])
def test_merged_cells_and_links_beyond_the_sheet_limit_are_refused_before_they_are_expanded(
        tail: str, message: str, tmp_path: Path, bundled_rules: RuleSet) -> None:
    """openpyxl makes an object for every cell of a merged range or a link's range as it opens the sheet (the
    whole sheet, A1:XFD1048576, exhausts any memory): such a range is refused from the sheet's XML first."""
    import time

    path = tmp_path / "merged.xlsx"
    path.write_bytes(_with_sheet_xml(case_workbook(None, bundled_rules), "Masalah",
                                     lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + tail.encode(), 1)))
    start = time.perf_counter()
    with pytest.raises(CaseError) as caught:
        load_case(path, bundled_rules)
    assert time.perf_counter() - start < 10  # well under a second alone
    said = caught.value.problems[0].text("en")
    assert message in said, said
    assert caught.value.problems[0].text("id") != said  # in Indonesian too


def test_a_small_merge_is_still_refused_by_its_label(tmp_path: Path, bundled_rules: RuleSet) -> None:
    path = tmp_path / "merged.xlsx"
    tail = b'<mergeCells count="1"><mergeCell ref="C4:D4"/></mergeCells>'
    path.write_bytes(_with_sheet_xml(case_workbook(None, bundled_rules), "Masalah",
                                     lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + tail, 1)))
    with pytest.raises(CaseError, match=r"Masalah!C4: .*merged cells \(C4:D4\); unmerge them"):
        load_case(path, bundled_rules)


def test_a_sheet_far_larger_than_a_case_is_refused(cli, tmp_path: Path) -> None:
    path = filled(cli, tmp_path)
    edit(path, "Masalah", "B5000", "P2")
    assert (f"Error: {path}: Masalah: the sheet reaches 5000 rows and 11 columns; the limit is 2000 rows"
            in cli("validate", path).stderr)


def test_convert_refuses_same_kind_unknown_endings_and_keeps_existing_files(cli, tmp_path: Path) -> None:
    source = CASES[0]
    assert "is the same kind" in cli("convert", source, tmp_path / "x.json").stderr
    assert "the target must end in .yaml, .yml, .json, .xlsx" in cli("convert", source, tmp_path / "x.csv").stderr
    kept = tmp_path / "kept.xlsx"
    kept.write_bytes(b"mine")
    assert cli("convert", source, kept).exit_code == 2 and kept.read_bytes() == b"mine"


def test_a_list_whose_only_item_is_wrong_reports_the_item_not_an_empty_list(bundled_rules: RuleSet) -> None:
    from kkb_advisor.case.load import parse_case

    text = CASES[0].read_text(encoding="utf-8")
    head, _, _ = text.partition("\nproblems:")
    one = (head + "\nproblems:\n  - {id: P1, label_id: x, category: ECO.INCOME, severity: 9}\ncauses: []\nlinks: []\n")
    with pytest.raises(CaseError) as caught:
        parse_case(one, rules=bundled_rules)
    assert [p.path for p in caught.value.problems] == ["problems[0].severity"]
