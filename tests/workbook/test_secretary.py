"""End to end, as a village secretary works: a blank workbook from `new --xlsx`, filled in by openpyxl the way a
person fills it (choices with their words, no case id, links on the Penyebab sheet, group names in raised_by),
advised into a plan workbook read back cell by cell; and a workbook with five mistakes, all named in one run by
cell and label, in Indonesian and in English."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.case.load import load_case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.plan import action_plan
from tests.workbook.filling import blank, fill_place

_PLACE = {"metadata.kampung_kb_name": "Kampung KB Maju Bersama", "metadata.unit_level": "desa",
          "metadata.kelurahan_or_desa": "Sukamaju", "metadata.kecamatan": "Cibeber",
          "metadata.kab_kota": "Kabupaten Cianjur", "metadata.province": "Jawa Barat", "metadata.setting": "rural",
          "metadata.date": "14/08/2025", "metadata.agencies_present": "DINKES dan DUKCAPIL; DINSOS"}


def _choice(wb: openpyxl.Workbook, name: str, code: str) -> str:
    """The dropdown choice of ``code`` in list ``name`` of the Kode sheet, as the secretary picks it."""
    kode = wb["Kode"]
    col = next(c for c in range(1, kode.max_column + 1) if kode.cell(row=1, column=c).value == name)
    return next(v for r in range(3, kode.max_row + 1) if isinstance(v := kode.cell(row=r, column=col).value, str)
                and v.split(" ")[0] == code)


def _fill(path: Path, place: dict[str, object], problems: list[list[object]] | None = None) -> None:
    wb = openpyxl.load_workbook(path)
    fill_place(wb, place)
    wb["Kelompok"].append([None, "G1", "Kelompok PKK dan kader", None, 12])
    wb["Kelompok"].append([None, "G2", "Kelompok tani", None, 9])
    income, akta = _choice(wb, "problem_category", "ECO.INCOME"), _choice(wb, "problem_category", "ADM.AKTA")
    for row in problems if problems is not None else [
            [None, "P1", "Penghasilan tidak tetap", None, income, None, None, "4 - berat",
             "Kelompok PKK dan kader dan G2"],
            [None, "P2", "Anak tanpa akta kelahiran", None, akta, None, None, "3 - sedang", "G1; Kelompok tani"]]:
        wb["Masalah"].append(row)
    wb["Penyebab"].append([None, "C1", "Kurang modal usaha", None, _choice(wb, "cause_category", "CAU.CAPITAL"),
                           "P1"])
    wb["Penyebab"].append([None, "C2", "Orang tua tidak tahu syaratnya", None,
                           _choice(wb, "cause_category", "CAU.KNOW"), "anak tanpa akta kelahiran"])
    wb["Hubungan"].append([None, "P1", "P2", "aggravates", "1 - lemah"])  # a problem worsening a problem
    wb.save(path)


def test_a_secretary_fills_the_blank_workbook_and_gets_the_plan_workbook(cli, tmp_path: Path, bundled_rules: RuleSet,
                                                                        bundled_advisor: Advisor) -> None:
    path = blank(cli, tmp_path)
    _fill(path, _PLACE)
    case = load_case(path, bundled_rules)
    assert (case.case_id, case.provenance, case.metadata.is_desa) == ("SUKAMAJU-2025", "source", True)
    assert case.metadata.agencies_present == ("DINKES", "DUKCAPIL", "DINSOS")
    assert [p.raised_by for p in case.problems] == [("G1", "G2"), ("G1", "G2")]
    assert [(k.source, k.target, k.type, k.strength) for k in case.links] == [
        ("P1", "P2", "aggravates", 1), ("C1", "P1", None, 2), ("C2", "P2", None, 2)]
    plan = tmp_path / "rencana.xlsx"
    result = cli("advise", path, "--format", "xlsx", "-o", plan)
    assert result.exit_code == 0, result.output
    advice = bundled_advisor.advise(case)
    steps, recs = action_plan(advice, "id"), {r.program: r for r in advice.recommendations}
    sheet = openpyxl.load_workbook(plan)["Rencana aksi"]
    assert sheet.max_row == len(steps) + 1 and steps
    for row, step in zip(sheet.iter_rows(min_row=2, values_only=True), steps, strict=True):
        rec = recs[step.program]
        assert row[:4] == (step.number, step.agency, step.program, step.name)
        assert row[4] == "\n".join(f"{n} {advice.graph.nodes[n].label.get('id')}" for n in rec.addresses)
        assert row[5:8] == (step.first_step, step.lead, step.when)
        assert row[8] == rec.timing_label.get("id")
        assert row[10:13] == (step.status, rec.eligibility.get("id"), rec.cost.get("id"))
        assert row[14:] == (None, None, None)
    assert "kelurahan" not in "\n".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r if c).lower()
    about = dict(openpyxl.load_workbook(plan)["Tentang"].iter_rows(min_row=2, values_only=True))
    assert about["Kasus"] == "SUKAMAJU-2025"


def test_five_mistakes_are_named_in_one_run_by_cell_and_label(cli, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = blank(cli, tmp_path)
    place = {**_PLACE, "case_id": "MAJU-2025", "metadata.kampung_kb_name": None,  # 1: the name left empty
             "metadata.unit_level": "rw",  # 2: an RW-level FGD, and Desa? left empty
             "metadata.setting": "kota",  # 3: none of the choices
             "metadata.date": "kemarin"}  # 4: not a date
    _fill(path, place, [[None, "P1", "Penghasilan tidak tetap", None, "ECO.INCOME", None, None, 9, "G1"],  # 5
                        [None, "P2", "Anak tanpa akta kelahiran", None, "ADM.AKTA", None, None, 3, "G2"]])
    wb = openpyxl.load_workbook(path)
    wb["Kelompok"]["E4"] = "sepuluh"  # 6: participants in words
    wb.save(path)
    said = {}
    for lang in ("id", "en"):
        monkeypatch.setenv("KKB_ADVISOR_LANG", lang)
        said[lang] = cli("validate", path)
        assert said[lang].exit_code == 2
    assert said["id"].stderr.splitlines() == [f"Galat: {path}: {line}" for line in (
        'Tempat!C3: "Nama Kampung KB" wajib diisi; tulis nama Kampung KB seperti tertulis di SK',
        'Tempat!C8: "Desa?" wajib diisi; tulis ya untuk desa, tidak untuk kelurahan; boleh kosong bila tingkat '
        'wilayahnya desa atau kelurahan',
        "Tempat!C12: \"Wilayah\": 'kota' (teks) tidak diizinkan di sini; pakai salah satu: urban, peri_urban, rural, "
        "coastal, upland",
        "Tempat!C14: \"Tanggal FGD\": 'kemarin' (teks) bukan tanggal; tulis tanggal sebagai TTTT-BB-HH, misalnya "
        "2018-10-24",
        "Kelompok!E4: \"Jumlah peserta\": seharusnya bilangan bulat, tertulis 'sepuluh' (teks); tulis angka saja, "
        "misalnya 12",
        'Masalah!H4: "Tingkat keparahan": maksimal 5, tertulis 9; tingkat keparahan dari 1 (ringan) sampai 5 '
        "(mendesak, meluas)")]
    assert said["en"].stderr.splitlines() == [f"Error: {path}: {line}" for line in (
        "Tempat!C3: \"Kampung KB name\" is required (kampung_kb_name); write the Kampung KB's name as in its SK",
        'Tempat!C8: "A desa?" is required (is_desa); write ya for a desa, tidak for a kelurahan; it may stay empty '
        "when the unit level is desa or kelurahan",
        "Tempat!C12: \"Setting\": 'kota' (text) is not allowed here; use one of: urban, peri_urban, rural, coastal, "
        "upland",
        "Tempat!C14: \"FGD date\": 'kemarin' (text) is not a date; write dates as YYYY-MM-DD, e.g. 2018-10-24",
        "Kelompok!E4: \"Participants\": expected a whole number, got 'sepuluh' (text); write digits only, e.g. 12",
        'Masalah!H4: "Severity": must be at most 5, got 9; severity runs from 1 (minor) to 5 (urgent, widespread)')]
    for line in said["id"].stderr.splitlines():  # the field keys stay out of the Indonesian
        assert not any(key in line for key in ("kampung_kb_name", "is_desa", "setting", "participants", "severity"))


def test_several_ids_in_one_cell_read_one_way_or_are_refused(cli, tmp_path: Path, bundled_rules: RuleSet) -> None:
    path = blank(cli, tmp_path)
    _fill(path, {**_PLACE, "metadata.kelurahan_or_desa": "Desa Sukamaju", "metadata.unit_level": "rw"})
    case = load_case(path, bundled_rules)  # the name says desa: Desa? may stay empty, the word leaves the name
    assert (case.metadata.kelurahan_or_desa, case.metadata.is_desa, case.case_id) == ("Sukamaju", True,
                                                                                      "SUKAMAJU-2025")
    wb = openpyxl.load_workbook(path)
    wb["Kelompok"].append([None, "G3", "Kelompok PKK", None, 5])  # "Kelompok PKK dan kader" now reads two ways
    wb["Kelompok"].append([None, "G4", "kader", None, 5])
    wb.save(path)
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {path}: Masalah!I4: \"Raised by groups\": 'Kelompok PKK dan kader dan G2' "
                             "reads more than one way: [G1, G2] or [G3, G4, G2]; write the ids, e.g. G1, G2\n")
    wb = openpyxl.load_workbook(path)
    wb["Tempat"][_cell(wb, "metadata.unit_level")] = "kelurahan"
    wb.save(path)
    assert "'Desa Sukamaju' disagrees with the FGD unit level 'kelurahan'" in cli("validate", path).stderr


def _cell(wb: openpyxl.Workbook, key: str) -> str:
    ws = wb["Tempat"]
    return "C" + str(next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=2).value == key))


def test_a_written_desa_that_disagrees_with_the_unit_level_is_refused(cli, tmp_path: Path,
                                                                      bundled_rules: RuleSet) -> None:
    path = blank(cli, tmp_path)
    _fill(path, {**_PLACE, "metadata.is_desa": "tidak"})  # unit level desa
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {path}: Tempat!C8: \"A desa?\": 'tidak' disagrees with the FGD unit level "
                             "'desa'; leave this cell empty: the unit level says it\n")
    wb = openpyxl.load_workbook(path)
    wb["Tempat"]["C8"] = "ya"
    wb.save(path)
    assert load_case(path, bundled_rules).metadata.is_desa is True


def test_an_unknown_group_is_named_with_where_groups_are(cli, tmp_path: Path, messages_default: None) -> None:
    path = blank(cli, tmp_path)
    _fill(path, _PLACE, [[None, "P1", "Penghasilan tidak tetap", None, "ECO.INCOME", None, None, 4,
                          "Kelompok tani dan G9"],
                         [None, "P2", "Anak tanpa akta kelahiran", None, "ADM.AKTA", None, None, 3, "G2"]])
    assert cli("validate", path).stderr == (
        f"Galat: {path}: Masalah!I4: \"Disampaikan kelompok\": kelompok 'G9' tidak dikenal; tulis kode atau "
        "nama kelompok seperti di lembar Kelompok, atau tambahkan kelompok itu di sana\n")
