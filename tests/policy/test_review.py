"""`rules list`, `rules show`, `rules export`: the rule set as people read it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kkb_advisor.errors import UsageError
from kkb_advisor.rules.model import RuleSet
from kkb_advisor.rules.review import render_export, render_list, render_rule

from .paths import MINI_RULES


def test_list_has_one_line_a_rule_with_program_agency_and_conditions(mini_rules: RuleSet) -> None:
    lines = render_list(mini_rules, "en").splitlines()
    assert lines[0] == f"mini 1.0 ({mini_rules.hash}): 3 rules"
    assert lines[3] == "VILLAGE.FUND  DES-DANADESA  DESA  when problem with category = ECO.INCOME, severity >= 3"
    assert len(lines) == 1 + len(mini_rules.rules)


def test_show_gives_one_rule_in_full_in_either_language(mini_rules: RuleSet) -> None:
    en = render_rule(mini_rules, "TRAINING.SOFT-SKILL", "en")
    assert "Exceptions:\n  - case with setting = upland\n" in en
    assert "File: " in en and en.rstrip().endswith("rules.yaml:11")
    idn = render_rule(mini_rules, "TRAINING.SOFT-SKILL", "id")
    assert idn.startswith("Aturan TRAINING.SOFT-SKILL: Soft skill lemah menekan pendapatan\n")
    with pytest.raises(UsageError, match=r"did you mean 'VILLAGE\.FUND'"):
        render_rule(mini_rules, "VILLAGE.FUN")


def test_export_csv_has_one_row_a_rule(mini_rules: RuleSet) -> None:
    rows = list(csv.reader(io.StringIO(render_export(mini_rules, "csv", "en"))))
    assert rows[0][:3] == ["rule", "title", "program"]
    assert [r[0] for r in rows[1:]] == [r.id for r in mini_rules.rules]


def test_export_markdown_table(mini_rules: RuleSet) -> None:
    lines = render_export(mini_rules, "markdown", "en").splitlines()
    assert lines[0] == "# Mini rule set for tests"
    table = [line for line in lines if line.startswith("| ")]
    assert len(table) == 1 + len(mini_rules.rules)


def test_cli_list_show_export_and_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("rules", "list", MINI_RULES).stdout.count("\n") == 4
    shown = cli("rules", "show", "PIRT.UNLICENSED-FOOD", "--rules", MINI_RULES, "--lang", "en")
    assert shown.exit_code == 0 and "Program: KES-SPPIRT (Home food permit)" in shown.stdout
    missing = cli("rules", "show", "NOPE", "--rules", MINI_RULES)
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: no rule 'NOPE' in mini 1.0")
    out = tmp_path / "rules.csv"
    assert cli("rules", "export", MINI_RULES, "--format", "csv", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("rule,title,program")
    again = cli("rules", "export", MINI_RULES, "--format", "csv", "-o", out)
    assert again.exit_code == 2
