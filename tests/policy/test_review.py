"""`rules list`, `rules show`, `rules export`: the rule set as people read it, in Indonesian or English."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kkb_advisor.errors import UsageError
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.policy.review import render_export, render_list, render_rule
from tests.conftest import MINI_RULES

LIST_ID = """\
PIRT.UNLICENSED-FOOD  KES-SPPIRT  DINKES  jika ada masalah berkategori ECO.LEGAL (Usaha belum legal (NIB, PIRT, halal)) atau ECO.MARKET (Akses pasar terbatas, harga jual rendah, bergantung tengkulak); dan ada usaha (aset) pangan yang belum punya PIRT
TRAINING.SOFT-SKILL  KOP-LATIHWIRAUSAHA  DINKOP  jika ada penyebab CAU.SKILL.SOFT (Soft skill kurang) yang mencapai masalah dalam kelompok ECO (Ekonomi dan penghidupan) atau SKL (Keterampilan dan pendidikan); kecuali jenis wilayah dataran tinggi (upland)
VILLAGE.FUND  DES-DANADESA  DESA  jika ada masalah berkategori ECO.INCOME (Pendapatan keluarga rendah / tidak tetap) dengan keparahan minimal 3
"""  # noqa: E501
LIST_EN = """\
PIRT.UNLICENSED-FOOD  KES-SPPIRT  DINKES  when a problem in ECO.LEGAL (Business lacks legal permits (NIB, PIRT, halal)) or ECO.MARKET (Limited market access, low prices, middleman dependence); and a food business (asset) that has no PIRT yet
TRAINING.SOFT-SKILL  KOP-LATIHWIRAUSAHA  DINKOP  when a cause in CAU.SKILL.SOFT (Soft-skill gap) that reaches a problem in the ECO (Economy and livelihood) or SKL (Skills and education) family; unless the setting is upland
VILLAGE.FUND  DES-DANADESA  DESA  when a problem in ECO.INCOME (Low or irregular household income) with severity at least 3
"""  # noqa: E501


@pytest.mark.parametrize(("lang", "head", "body"), [("id", "3 aturan", LIST_ID), ("en", "3 rules", LIST_EN)])
def test_list_has_one_line_a_rule_with_program_agency_and_plain_conditions(mini_rules: RuleSet, lang: str,
                                                                          head: str, body: str) -> None:
    assert render_list(mini_rules, lang) == f"mini 1.0 ({mini_rules.hash}): {head}\n{body}"


SHOW_EN = """\
Rule PIRT.UNLICENSED-FOOD: Food products without PIRT
Program: KES-SPPIRT (Home food permit)
Agency: DINKES (DPMPTSP)
Priority: 4 of 5
Conditions (all must hold):
  - a problem in ECO.LEGAL (Business lacks legal permits (NIB, PIRT, halal)) or ECO.MARKET (Limited market access, low prices, middleman dependence)
  - a food business (asset) that has no PIRT yet
Program requirements (from the catalogue, for every rule on this program):
  - a food business (asset)
Availability: available from 2012
Why: PIRT opens markets
Source: seed
File: tests/data/rulesets/mini/rules.yaml:2
"""  # noqa: E501
SHOW_ID = """\
Aturan TRAINING.SOFT-SKILL: Soft skill lemah menekan pendapatan
Program: KOP-LATIHWIRAUSAHA (Pelatihan kewirausahaan)
Instansi: DINKOP (DPMPTSP)
Prioritas: 3 dari 5
Kondisi (semua harus berlaku):
  - ada penyebab CAU.SKILL.SOFT (Soft skill kurang) yang mencapai masalah dalam kelompok ECO (Ekonomi dan penghidupan) atau SKL (Keterampilan dan pendidikan)
Pengecualian (aturan diam jika salah satu berlaku):
  - jenis wilayah dataran tinggi (upland)
Ketersediaan: tersedia sejak 2008
Alasan: Pelatihan menjawab akar masalah
Sumber: -
Berkas: tests/data/rulesets/mini/rules.yaml:11
"""  # noqa: E501


def test_show_gives_one_rule_in_full_in_either_language(mini_rules: RuleSet, in_repo: Path) -> None:
    assert render_rule(mini_rules, "PIRT.UNLICENSED-FOOD", "en") == SHOW_EN
    assert render_rule(mini_rules, "TRAINING.SOFT-SKILL", "id") == SHOW_ID
    with pytest.raises(UsageError, match=r"did you mean 'VILLAGE\.FUND'"):
        render_rule(mini_rules, "VILLAGE.FUN")


def test_export_csv_has_one_row_a_rule_with_plain_conditions(mini_rules: RuleSet) -> None:
    english = render_export(mini_rules, "csv", "en")
    assert english.startswith("\ufeffRule,Title,") and english.count("\r\n") >= len(mini_rules.rules) + 1
    rows = list(csv.reader(io.StringIO(english[1:], newline="")))
    assert rows[0] == ["Rule", "Title", "Program", "Agency", "Priority", "Conditions", "Why", "Source", "File"]
    assert [r[0] for r in rows[1:]] == [r.id for r in mini_rules.rules]
    assert rows[3][5] == ("when a problem in ECO.INCOME (Low or irregular household income) with severity at "
                          "least 3")
    idn = list(csv.reader(io.StringIO(render_export(mini_rules, "csv")[1:], newline="")))
    assert idn[0][:2] == ["Aturan", "Judul"]
    assert idn[3][1:6] == ["Dana Desa untuk usaha", "DES-DANADESA", "DESA", "2",
                           "jika ada masalah berkategori ECO.INCOME (Pendapatan keluarga rendah / tidak tetap) "
                           "dengan keparahan minimal 3"]


def test_export_markdown_table(mini_rules: RuleSet) -> None:
    lines = render_export(mini_rules, "markdown", "en").splitlines()
    assert lines[0] == "# Mini rule set for tests"
    table = [line for line in lines if line.startswith("| ")]
    assert table[0] == "| Rule | Title | Program | Agency | Priority | Conditions | Why | Source | File |"
    assert len(table) == 1 + len(mini_rules.rules)
    assert table[3].startswith("| VILLAGE.FUND | Village Fund for livelihoods | DES-DANADESA | DESA | 2 | when a "
                               "problem in ECO.INCOME")
    idn = render_export(mini_rules, "markdown").splitlines()
    assert idn[0] == "# Aturan mini untuk uji"
    assert "| Aturan | Judul | Program | Instansi | Prioritas | Kondisi | Alasan | Sumber | Berkas |" in idn


def test_cli_list_show_export_and_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listed = cli("rules", "list", MINI_RULES)
    assert listed.exit_code == 0 and listed.stdout.endswith(LIST_ID)  # Indonesian by default
    assert cli("rules", "list", MINI_RULES, "--lang", "en").stdout.endswith(LIST_EN)
    shown = cli("rules", "show", "PIRT.UNLICENSED-FOOD", "--rules", MINI_RULES, "--lang", "en")
    assert shown.exit_code == 0 and "  - a food business (asset) that has no PIRT yet\n" in shown.stdout
    missing = cli("rules", "show", "NOPE", "--rules", MINI_RULES)
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: no rule 'NOPE' in mini 1.0")
    out = tmp_path / "rules.csv"
    assert cli("rules", "export", MINI_RULES, "--format", "csv", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("\ufeffAturan,Judul,Program")
    again = cli("rules", "export", MINI_RULES, "--format", "csv", "-o", out)
    assert again.exit_code == 2


def test_every_bundled_rule_lists_exports_and_shows(bundled_rules: RuleSet) -> None:
    # including a rule for any program (`program: "*"`), which has no agency of its own
    from kkb_advisor.policy.review import render_export, render_list, render_rule

    for lang in ("id", "en"):
        assert "FGD.OFFERED  *  *  " in render_list(bundled_rules, lang)
        assert render_export(bundled_rules, "csv", lang).count("\n") > len(bundled_rules.rules)
        for rule in bundled_rules.rules:
            assert render_rule(bundled_rules, rule.id, lang).startswith(("Rule ", "Aturan "))
    assert "an agency offered the program at the FGD" in render_rule(bundled_rules, "FGD.OFFERED", "en")
