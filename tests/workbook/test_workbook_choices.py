"""The case workbook as a village secretary fills it: every dropdown choice ("CODE — words", "4 - berat") reads back
as its code, plain codes and numbers too; an empty case id is made from the place and year; causes are linked from
the Penyebab sheet; wrong choices are named by their cell, in Indonesian by default; the plan and its case in one
file (`advise --with-case`)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from kkb_advisor.case.load import load_case, parse_case
from kkb_advisor.case.workbook_complete import LEADS_TO_STRENGTH
from kkb_advisor.errors import CaseError
from kkb_advisor.model.ruleset import RuleSet
from tests.conftest import CASES
from tests.workbook.filling import PLACE, blank, edit, fill, filled, place_cell


def _choices(wb: openpyxl.Workbook, name: str) -> list[str]:
    """The choices of one dropdown list, as the Kode sheet offers them."""
    codes = wb["Kode"]
    col = next(c for c in range(1, codes.max_column + 1) if codes.cell(row=1, column=c).value == name)
    return [v for v in (codes.cell(row=r, column=col).value for r in range(3, codes.max_row + 1)) if v is not None]


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, tuple[str, str]]:
    return {str(dv.sqref): (dv.formula1, dv.errorStyle) for dv in ws.data_validations.dataValidation}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_dropdown_choice_reads_back_as_its_code(cli, tmp_path: Path, bundled_rules: RuleSet,
                                                      lang: str) -> None:
    """One problem per category choice (and every severity and family function choice in turn), one cause per cause
    category, one existing program per program choice: each read back as the bare code or number."""
    path = blank(cli, tmp_path, "--lang", lang)
    fill(path)
    wb = openpyxl.load_workbook(path)
    problems, causes = _choices(wb, "problem_category"), _choices(wb, "cause_category")
    severities, fungsi = _choices(wb, "severity"), _choices(wb, "fungsi")
    programs = _choices(wb, "program")
    tax = bundled_rules.taxonomy
    assert len(problems) == len(tax.problems) == 46 and len(causes) == len(tax.causes)
    assert problems[0] == f"ECO.INCOME — {tax.problems['ECO.INCOME'].get(lang)}"
    assert severities == (["1 - sangat ringan", "2 - ringan", "3 - sedang", "4 - berat", "5 - sangat berat"]
                          if lang == "id" else
                          ["1 - very mild", "2 - mild", "3 - moderate", "4 - severe", "5 - very severe"])
    families = [tax.problem_family[c.split(" — ")[0]] for c in problems]
    assert families == sorted(families, key=list(tax.families).index)  # grouped by family, in the taxonomy's order
    for i, choice in enumerate(problems):
        wb["Masalah"].append([None, f"PX{i}", f"Masalah {i}", None, choice, None, fungsi[i % len(fungsi)],
                              severities[i % 5], "G1"])
    for i, choice in enumerate(causes):
        wb["Penyebab"].append([None, f"CX{i}", f"Penyebab {i}", None, choice])
    for choice in programs[:12]:
        wb["ProgramAda"].append([None, choice, "active"])
    wb.save(path)
    case = load_case(path, bundled_rules)
    read = {p.id: p for p in case.problems}
    for i, choice in enumerate(problems):
        assert read[f"PX{i}"].category == choice.split(" — ")[0]
        assert read[f"PX{i}"].severity == i % 5 + 1
        assert read[f"PX{i}"].fungsi_keluarga == fungsi[i % len(fungsi)].split(" — ")[0]
    assert [c.category for c in case.causes[1:]] == [c.split(" — ")[0] for c in causes]
    assert [e.program_id for e in case.existing_programs] == [p.split(" — ")[0] for p in programs[:12]]
    assert not any("{" in p for p in programs)  # place words filled: desa/kelurahan in a blank workbook


@pytest.mark.parametrize(("typed", "severity"), [
    ("4 - berat", 4), ("4 - severe", 4), ("4 — berat", 4), ("berat", 4), ("Sangat Berat", 5), (4, 4), ("4", 4),
    (4.0, 4), ("2)", 2)])
def test_a_severity_is_a_choice_a_number_or_the_words_alone(cli, tmp_path: Path, bundled_rules: RuleSet,
                                                            typed: object, severity: int) -> None:
    path = filled(cli, tmp_path)
    edit(path, "Masalah", "H4", typed)
    assert load_case(path, bundled_rules).problems[0].severity == severity


@pytest.mark.parametrize(("cell", "typed", "message"), [
    ("H4", "parah", "Masalah!H4: \"Severity\": 'parah' is not one of the choices; choose from the dropdown, "
        "or type a number "
                    "from 1 to 5"),
    ("H4", "9 - sangat", "Masalah!H4: \"Severity\": must be at most 5, got 9; severity runs from 1"),
    ("E4", "ECO.INCOM — Pendapatan keluarga", "Masalah!E4: \"Category\": unknown problem category "
        "'ECO.INCOM'; did you mean "
                                              "'ECO.INCOME'?"),
])
def test_a_wrong_choice_is_named_by_its_cell(cli, tmp_path: Path, cell: str, typed: str, message: str) -> None:
    path = filled(cli, tmp_path)
    edit(path, "Masalah", cell, typed)
    result = cli("validate", path)
    assert result.exit_code == 2
    assert f"Error: {path}: {message}" in result.stderr, result.stderr


def test_wrong_choices_are_explained_in_indonesian_by_default(cli, tmp_path: Path, messages_default: None) -> None:
    path = filled(cli, tmp_path)
    edit(path, "Masalah", "H4", "parah")
    edit(path, "Hubungan", "E4", "kuat sekali")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Galat: {path}: Masalah!H4: \"Tingkat keparahan\": 'parah' bukan salah satu pilihan; pilih dari "
            "daftar tarik-turun, atau ketik "
        "angka 1 sampai 5",
        f"Galat: {path}: Hubungan!E4: \"Kekuatan\": 'kuat sekali' bukan salah satu pilihan; pilih dari "
            "daftar tarik-turun, atau "
        "ketik angka 1 sampai 3"]


def test_an_empty_case_id_and_provenance_are_made_from_the_place(cli, tmp_path: Path,
                                                                 bundled_rules: RuleSet) -> None:
    path = blank(cli, tmp_path)
    fill(path, place={k: v for k, v in PLACE.items() if k not in ("case_id", "provenance")})
    case = load_case(path, bundled_rules)
    assert (case.case_id, case.provenance, case.schema_version) == ("SUKAMAJU-2025", "source", "1.0")
    edit(path, "Tempat", place_cell(path, "metadata.kelurahan_or_desa"), "Kadipiro Wétan")
    edit(path, "Tempat", place_cell(path, "metadata.date"), dt.datetime(2024, 10, 24))
    assert load_case(path, bundled_rules).case_id == "KADIPIRO-WETAN-2024"
    assert load_case(path, bundled_rules) == load_case(path, bundled_rules)  # the same file, the same id
    edit(path, "Tempat", place_cell(path, "case_id"), "KKB-SEHATI-1")
    assert load_case(path, bundled_rules).case_id == "KKB-SEHATI-1"  # one written is kept


def test_a_yaml_case_still_needs_its_case_id_and_provenance(bundled_rules: RuleSet) -> None:
    text = CASES[0].read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("case_id:", "provenance:"))]
    with pytest.raises(CaseError) as caught:
        parse_case("\n".join(lines) + "\n", rules=bundled_rules)
    assert {p.path for p in caught.value.problems} == {"case_id", "provenance"}


def _causes(path: Path, *rows: list[object]) -> None:
    wb = openpyxl.load_workbook(path)
    for row in rows:
        wb["Penyebab"].append(row)
    wb["Masalah"].append([None, "P2", "Anak tanpa akta", None, "ADM.AKTA", None, None, "3 - sedang", "G1"])
    wb.save(path)


def test_causes_lead_to_problems_from_the_penyebab_sheet(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    path = filled(cli, tmp_path)
    _causes(path, [None, "C2", "Orang tua tidak tahu syaratnya", None, "CAU.KNOW — x", "P1, P2"],
            [None, "C3", "Jauh dari kantor", None, "CAU.ACCESS", "P2"])
    case = load_case(path, bundled_rules)
    assert [(k.source, k.target, k.strength) for k in case.links] == [
        ("C1", "P1", 3), ("C2", "P1", LEADS_TO_STRENGTH), ("C2", "P2", LEADS_TO_STRENGTH),
        ("C3", "P2", LEADS_TO_STRENGTH)]  # the Hubungan sheet's first, then the Penyebab sheet's, row by row
    yaml = tmp_path / "kasus.yaml"
    assert cli("convert", path, yaml).exit_code == 0
    assert load_case(yaml, bundled_rules) == case  # the links are the case's, whichever sheet held them


@pytest.mark.parametrize(("leads_to", "message"), [
    ("P9", "Penyebab!F4: \"Leads to problems\": unknown node 'P9'"),
    ("P1", "Penyebab!F4: \"Leads to problems\": duplicate link C1 -> P1 (also Hubungan!B4); keep one link"),
    ("C1", "Penyebab!F4: \"Leads to problems\": 'C1' is linked to itself"),
])
def test_a_wrong_link_on_the_penyebab_sheet_is_named_by_its_cell(cli, tmp_path: Path, leads_to: str,
                                                                 message: str) -> None:
    path = filled(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Penyebab"]["F4"] = leads_to  # the filled cause C1, on row 4
    wb.save(path)
    result = cli("validate", path)
    assert result.exit_code == 2
    assert f"Error: {path}: {message}" in result.stderr, result.stderr


def test_the_written_workbook_has_its_dropdowns_on_the_right_ranges(cli, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(blank(cli, tmp_path))
    problems, causes, links = (_validations(wb[name]) for name in ("Masalah", "Penyebab", "Hubungan"))
    kode = wb["Kode"]
    column = {kode.cell(row=1, column=c).value: openpyxl.utils.get_column_letter(c)
              for c in range(1, kode.max_column + 1)}
    assert problems["E3:E300"] == (f"'Kode'!${column['problem_category']}$3:${column['problem_category']}$48",
                                   "stop")
    assert problems["G3:G300"][0].startswith(f"'Kode'!${column['fungsi']}$3:")
    assert problems["H3:H300"] == (f"'Kode'!${column['severity']}$3:${column['severity']}$7", "warning")
    assert causes["E3:E300"][0].startswith(f"'Kode'!${column['cause_category']}$3:")
    # links: from the rows entered; other ids (a problem aggravating a problem) may still be typed, with a warning
    assert causes["F3:F300"] == ("'Masalah'!$B$3:$B$300", "warning")
    # Dari: the causes entered, then the problems (a problem aggravates a problem); Ke: problems, then causes
    assert links["B3:B300"] == ("'KodeTerisi'!$A$2:$A$201", "warning")
    assert links["C3:C300"] == ("'KodeTerisi'!$B$2:$B$201", "warning")
    ends = wb["KodeTerisi"]
    assert ends.sheet_state == "hidden" and (ends["A1"].value, ends["B1"].value) == ("Penyebab+Masalah",
                                                                                   "Masalah+Penyebab")
    # C and D count the ids entered so far on Penyebab and Masalah, row by row (blank and example rows add 0);
    # the n-th id is on the first row whose count is n (tests/workbook/test_dropdown_formulas.py works them out)
    assert (ends["C1"].value, ends["C2"].value, ends["D1"].value) == ("Penyebab: n", 0, "Masalah: n")
    assert ends["C3"].value == "=C2+IF(AND(LEN(TRIM('Penyebab'!$B3))>0,LEN(TRIM('Penyebab'!$A3))=0),1,0)"
    assert ends["D300"].value == "=D299+IF(AND(LEN(TRIM('Masalah'!$B300))>0,LEN(TRIM('Masalah'!$A300))=0),1,0)"
    assert ends["A2"].value == ("=IF(1<=$C$300,INDEX('Penyebab'!$B$3:$B$300,MATCH(1,$C$3:$C$300,0)),"
                                "IF(1-$C$300<=$D$300,INDEX('Masalah'!$B$3:$B$300,MATCH(1-$C$300,$D$3:$D$300,0)),\"\"))")
    assert ends["B201"].value.startswith("=IF(200<=$D$300,INDEX('Masalah'!$B$3:$B$300,MATCH(200,$D$3:$D$300,0)),")
    assert links["E3:E300"] == (f"'Kode'!${column['strength']}$3:${column['strength']}$5", "warning")
    assert _validations(wb["ProgramAda"])["B3:B300"][0].startswith(f"'Kode'!${column['program']}$3:")
    prompts = {str(dv.sqref): dv.prompt for dv in wb["Masalah"].data_validations.dataValidation}
    assert prompts["H3:H300"] == "Pilih dari daftar, atau ketik angkanya saja."
    place = wb["Tempat"]
    assert [place.cell(row=r, column=2).value for r in range(place.max_row - 2, place.max_row + 1)] == [
        "case_id", "provenance", "schema_version"]  # what a secretary need not know comes last, and may stay empty
    assert "boleh kosong" in place.cell(row=place.max_row - 2, column=1).value


def test_a_converted_case_shows_its_codes_as_choices(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    book = tmp_path / "kadipiro.xlsx"
    assert cli("convert", CASES[0], book).exit_code == 0
    wb = openpyxl.load_workbook(book)
    case = load_case(CASES[0], bundled_rules)
    first = case.problems[0]
    row = [c.value for c in wb["Masalah"][3]]
    assert row[4] == f"{first.category} — {bundled_rules.taxonomy.problems[first.category].get('id')}"
    assert row[7] in _choices(wb, "severity") and row[7].startswith(f"{first.severity} - ")


def test_the_plan_and_its_case_in_one_workbook(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    source = filled(cli, tmp_path)
    before = source.read_bytes()
    plan = tmp_path / "rencana.xlsx"
    result = cli("advise", source, "--format", "xlsx", "-o", plan, "--with-case")
    assert result.exit_code == 0, result.output
    names = openpyxl.load_workbook(plan).sheetnames
    assert names[:4] == ["Rencana aksi", "Kerangka logis (draf)", "Pohon tujuan", "Tentang"]
    assert names[4:] == openpyxl.load_workbook(source).sheetnames  # then the case, sheet for sheet
    assert load_case(plan, bundled_rules) == load_case(source, bundled_rules)  # it reads back as the case
    again = tmp_path / "lagi.xlsx"
    assert cli("advise", plan, "--format", "xlsx", "-o", again, "--with-case").exit_code == 0
    assert again.read_bytes() == plan.read_bytes()  # advised again from the combined file: the same file
    refused = cli("advise", source, "--format", "xlsx", "-o", source, "--with-case", "--force")
    assert refused.exit_code == 2 and source.read_bytes() == before  # never onto the input workbook
    for wrong in (("--format", "html", "-o", tmp_path / "x.html"), ("--format", "xlsx", "--out-dir", tmp_path)):
        result = cli("advise", source, *wrong, "--with-case")
        assert result.exit_code == 2
        assert "--with-case: the plan and its case in one workbook" in result.stderr


def test_the_library_writes_the_plan_with_its_case_only_with_the_rules(bundled_rules: RuleSet) -> None:
    from kkb_advisor.advice.advisor import advise
    from kkb_advisor.errors import UsageError
    from kkb_advisor.report.plan_xlsx import render_plan_xlsx

    case = load_case(CASES[0], bundled_rules)
    advice = advise(case, bundled_rules)
    raw = render_plan_xlsx(advice, "en", case=case, rules=bundled_rules)
    assert raw == render_plan_xlsx(advice, "en", case=case, rules=bundled_rules)
    assert openpyxl.load_workbook(io.BytesIO(raw)).sheetnames[:2] == ["Action plan", "Logframe (draft)"]
    with pytest.raises(UsageError, match="needs the rules the case was advised with"):
        render_plan_xlsx(advice, case=case)


def test_a_link_end_may_be_the_words_of_its_problem_or_cause(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    path = filled(cli, tmp_path)
    _causes(path, [None, "C2", "Orang tua tidak tahu syaratnya", None, "CAU.KNOW", "anak tanpa  akta"])
    edit(path, "Hubungan", "B4", "Kurang modal usaha")  # C1's words
    edit(path, "Hubungan", "C4", "Penghasilan tidak tetap")  # P1's words
    case = load_case(path, bundled_rules)
    assert [(k.source, k.target) for k in case.links] == [("C1", "P1"), ("C2", "P2")]
    wb = openpyxl.load_workbook(path)  # words two problems share name neither: the cell is named
    wb["Masalah"].append([None, "P3", "Anak tanpa akta", None, "ADM.AKTA", None, None, 3, "G1"])
    wb.save(path)
    result = cli("validate", path)
    assert result.stderr == (f"Error: {path}: Penyebab!F5: \"Leads to problems\": 'anak tanpa  akta' reads more "
                             "than one way: [P2] or [P3]; write the ids, e.g. P2\n")
