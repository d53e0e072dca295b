"""A workbook with mistakes of every stage — a cell the reader refuses, a required cell left empty, a value the schema
refuses, an unknown id, a duplicate id — names them all in one run, sheet by sheet, row by row, in Indonesian and in
English; and a cell that cannot be read brings no follow-up mistakes (the checks that wait on it are left out)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.workbook.filling import blank, fill_place
from tests.workbook.test_secretary import _PLACE, _choice


def _indicator(wb: openpyxl.Workbook, key: str, value: object) -> str:
    ws = wb["Indikator"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=2).value == key)
    ws.cell(row=row, column=3).value = value
    return f"C{row}"


def _said(cli, path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    said = {}
    for lang in ("id", "en"):
        monkeypatch.setenv("KKB_ADVISOR_LANG", lang)
        result = cli("validate", path)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        said[lang] = result.stderr.splitlines()
    return said


def test_mistakes_of_every_stage_are_named_in_one_run(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = blank(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    fill_place(wb, {**_PLACE, "metadata.kecamatan": None})  # a required cell left empty (the schema)
    assert _indicator(wb, "households", "abc") == "C4"  # a count in words (the schema)
    assert _indicator(wb, "poor_households", "1.200") == "C5"  # thousands or a decimal? (the reader)
    wb["Kelompok"].append([None, "G1", "Kelompok PKK dan kader", None, 12])
    wb["Kelompok"].append([None, "G2", "Kelompok tani", None, 9])
    wb["Masalah"].append([None, "P1", "Penghasilan tidak tetap", None, "ECO.INCOM", None, None,  # unknown code
                          "parah sekali", "G1"])  # none of the dropdown's choices (the reader)
    wb["Masalah"].append([None, "P2", "Anak tanpa akta kelahiran", None, _choice(wb, "problem_category", "ADM.AKTA"),
                          None, None, "3 - sedang", "G2"])
    wb["Penyebab"].append([None, "C1", "Kurang modal usaha", None, _choice(wb, "cause_category", "CAU.CAPITAL"),
                           "P1"])
    wb["Penyebab"].append([None, "C1", "Orang tua tidak tahu syaratnya", None,  # a duplicate id (the checks)
                           _choice(wb, "cause_category", "CAU.KNOW"), "P2"])
    wb["Hubungan"].append([None, "C1", "P9", "causes", "2 - sedang"])  # a link to an unknown id (the checks)
    wb.save(path)
    said = _said(cli, path, monkeypatch)
    assert said["id"] == [f"Galat: {path}: {line}" for line in (
        'Tempat!C9: "Kecamatan" wajib diisi; tulis nama kecamatannya',
        "Indikator!C4: \"jumlah keluarga\": seharusnya bilangan bulat, tertulis 'abc' (teks); tulis angka saja, "
        "misalnya 12",
        "Indikator!C5: \"jumlah keluarga miskin\": '1.200' berupa teks dan bisa dibaca dua cara: 1200 (titik ribuan) "
        "atau 1.2; ketik angkanya di sel tanpa pemisah, misalnya 1200",
        "Masalah!E4: \"Kategori\": kategori masalah 'ECO.INCOM' tidak dikenal; maksud Anda 'ECO.INCOME'?",
        "Masalah!H4: \"Tingkat keparahan\": 'parah sekali' bukan salah satu pilihan; pilih dari daftar tarik-turun, "
        "atau ketik angka 1 sampai 5",
        "Penyebab!B5: \"Kode\": kode 'C1' ganda (sudah dipakai di Penyebab!B4); kode harus unik di antara masalah, "
        "penyebab, aset dan kelompok, misalnya P1, C1, A1, G1",
        "Hubungan!C4: \"Ke\": kode 'P9' tidak dikenal; tulis kode masalah atau penyebab, atau kata-katanya seperti di "
        "lembar Masalah atau Penyebab")]
    assert said["en"] == [f"Error: {path}: {line}" for line in (
        'Tempat!C9: "Kecamatan" is required (kecamatan); write the name of the kecamatan',
        "Indikator!C4: \"jumlah keluarga\": expected a whole number, got 'abc' (text); write digits only, e.g. 12",
        "Indikator!C5: \"jumlah keluarga miskin\": '1.200' is text, and reads two ways: 1200 (a dot between "
        "thousands) or 1.2; type the number into the cell without separators, e.g. 1200",
        "Masalah!E4: \"Category\": unknown problem category 'ECO.INCOM'; did you mean 'ECO.INCOME'?",
        "Masalah!H4: \"Severity\": 'parah sekali' is not one of the choices; choose from the dropdown, or type a "
        "number from 1 to 5",
        "Penyebab!B5: \"Id\": duplicate id 'C1' (already used at Penyebab!B4); ids must be unique across problems, "
        "causes, assets and groups, e.g. P1, C1, A1, G1",
        "Hubungan!C4: \"To\": unknown node 'P9'; write the id of a problem or cause, or its words as on sheet "
        "Masalah or Penyebab")]
    monkeypatch.setenv("KKB_ADVISOR_LANG", "en")
    advised = cli("advise", path)
    assert (advised.exit_code, advised.stderr.splitlines()) == (2, said["en"])


def test_an_unreadable_cell_brings_no_follow_up_mistakes(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = blank(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    fill_place(wb, _PLACE)
    wb["Kelompok"].append([None, "G1", "Kelompok PKK", None, 12])
    wb["Masalah"].append([None, "P1", "Penghasilan tidak tetap", None, "ECO.INCOME", None, None, 4, "G1"])
    wb["Masalah"].append([None, "=B4", "Anak tanpa akta kelahiran", None, "ADM.AKTA", None, None,  # id: a formula
                          "1.200", "G1"])  # a required cell refused: not also "required"
    wb["Penyebab"].append([None, "C1", "Kurang modal usaha", None, "CAU.CAPITAL", "P2"])  # may be the P2 above
    wb["Hubungan"].append([None, "C1", "P7", "causes", 2])  # unknown, or the unreadable id: left for the next run
    wb["Aset"].append([None, "=1+1", "group", "Kelompok UPPKA"])  # an asset's id a formula ...
    wb["AtributAset"].append([None, "A1", "members", 20])  # ... so this row may be of that asset
    wb.save(path)
    said = _said(cli, path, monkeypatch)
    assert said["en"] == [f"Error: {path}: {line}" for line in (
        'Masalah!B5: "Id": the cell holds a formula; type the value itself (copy, then Paste Special: Values)',
        "Masalah!H5: \"Severity\": '1.200' is not one of the choices; choose from the dropdown, or type a number "
        "from 1 to 5",
        'Aset!B4: "Id": the cell holds a formula; type the value itself (copy, then Paste Special: Values)')]
    assert len(said["id"]) == 3 and all(line.startswith(f"Galat: {path}: ") for line in said["id"])
    wb = openpyxl.load_workbook(path)  # the ids written: what waited on them is named now
    wb["Masalah"]["B5"], wb["Masalah"]["H5"], wb["Aset"]["B4"] = "P2", 3, "A2"
    wb.save(path)
    assert _said(cli, path, monkeypatch)["en"] == [f"Error: {path}: {line}" for line in (
        "Hubungan!C4: \"To\": unknown node 'P7'; write the id of a problem or cause, or its words as on sheet "
        "Masalah or Penyebab",
        "AtributAset!B5: \"Asset id\": no asset 'A1' on sheet Aset; asset ids: A2")]


def test_words_that_name_no_row_are_unknown_with_the_row_they_are_near(cli, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = blank(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    fill_place(wb, _PLACE)
    wb["Kelompok"].append([None, "G1", "Kelompok PKK", None, 12])
    wb["Masalah"].append([None, "P1", "Penghasilan tidak tetap", None, "ECO.INCOME", None, None, 4,
                          "G1, Kelompok pemuda"])  # another group, not a typo of Kelompok PKK
    wb["Penyebab"].append([None, "C1", "Kurang modal usaha", None, "CAU.CAPITAL", "penghasilan tdk tetap"])
    wb["Hubungan"].append([None, "Kurang modal", "P1", "causes", 2])
    wb.save(path)
    said = _said(cli, path, monkeypatch)
    assert said["id"] == [f"Galat: {path}: {line}" for line in (
        "Masalah!I4: \"Disampaikan kelompok\": kelompok 'Kelompok pemuda' tidak dikenal; tulis kode atau nama "
        "kelompok seperti di lembar Kelompok, atau tambahkan kelompok itu di sana",
        "Penyebab!F4: \"Menyebabkan masalah\": kode 'penghasilan tdk tetap' tidak dikenal; maksud Anda 'Penghasilan "
        "tidak tetap'?",
        "Hubungan!B4: \"Dari\": kode 'Kurang modal' tidak dikenal; maksud Anda 'Kurang modal usaha'?")]
    assert said["en"][1] == (f"Error: {path}: Penyebab!F4: \"Leads to problems\": unknown node 'penghasilan tdk "
                             "tetap'; did you mean 'Penghasilan tidak tetap'?")
    assert not any("not a valid id" in line for line in said["en"])


def test_a_workbook_corrupted_anywhere_gives_a_case_or_located_mistakes(bundled_rules, tmp_path: Path) -> None:
    """Cells of a converted case overwritten at random (formulas, words in counts, unknown ids, dates, blanks): each
    load gives a checked case or a CaseError (never another exception), the same one twice."""
    import datetime as dt
    import io
    import random

    from kkb_advisor.case.load import load_case
    from kkb_advisor.case.workbook_write import case_workbook
    from kkb_advisor.errors import CaseError
    from tests.conftest import CASES

    base = case_workbook(load_case(CASES[0], bundled_rules), bundled_rules)
    values = [None, " ", "=A1", "abc", "1.200", 9, -1, 3.5, True, dt.date(2025, 1, 1), "P1", "C1", "G1", "P9",
              "x y", "CONTOH", "ECO.INCOM", "4 - berat", "ya", "P1, P2", "Kurang modal usaha"]
    pick = random.Random(15)
    for n in range(20):
        wb = openpyxl.load_workbook(io.BytesIO(base))
        for _ in range(pick.randint(1, 4)):
            ws = wb[pick.choice([s for s in wb.sheetnames if s not in ("Petunjuk", "Kode", "KodeTerisi")])]
            ws.cell(row=pick.randint(3, ws.max_row + 1), column=pick.randint(1, ws.max_column)).value = \
                pick.choice(values)
        path = tmp_path / f"corrupted-{n}.xlsx"
        wb.save(path)
        said = []
        for _ in range(2):
            try:
                said.append(load_case(path, bundled_rules).model_dump_json())
            except CaseError as exc:
                said.append([p.text("id") for p in exc.problems])
                assert exc.problems and all(p.location for p in exc.problems)
        assert said[0] == said[1]


def test_a_stand_in_id_is_none_the_workbook_holds() -> None:
    from kkb_advisor.case.workbook_check import _stand_ins

    fresh = _stand_ins({"problems": [{"id": "_1"}, {"id": "_3", "raised_by": ["_2"]}]})["id"]
    assert (fresh(), fresh()) == ("_4", "_5")
