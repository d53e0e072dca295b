"""`rules diff`: rule-level differences in plain words, and the impact on past cases' advice."""

from __future__ import annotations

from pathlib import Path

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.case.load import load_case
from kkb_advisor.policy.diff import diff_rulesets
from kkb_advisor.rules.load import load_rules
from tests.conftest import DIFF_CASES, MINI_CASE, MINI_RULES, MINI_V2

V2 = MINI_V2
CASES_DIR = DIFF_CASES


def test_rule_level_changes_condition_by_condition() -> None:
    report = diff_rulesets(load_rules(MINI_RULES), load_rules(V2))
    assert report.added == ("NIB.UNLICENSED",)
    assert report.removed == ("VILLAGE.FUND",)
    assert {c.rule: c.changes for c in report.changed} == {
        "PIRT.UNLICENSED-FOOD": ("priority: 4 -> 5",),
        "TRAINING.SOFT-SKILL": ("unless: added condition: the setting is urban",),
    }
    assert report.catalogue == ("OSS-NIB: available from 2018 -> from 2016",)
    assert report.prerequisites == ()
    assert report.impact == () and not report.advice_changed


def test_impact_on_cases_lists_gained_and_lost_programs() -> None:
    report = diff_rulesets(load_rules(MINI_RULES), load_rules(V2), sorted(CASES_DIR.glob("*.yaml")))
    (impact,) = report.impact
    # the lost program ranked first, so the two left move up one place each (old rank, new rank)
    assert (impact.gained, impact.lost) == ((), ("KOP-LATIHWIRAUSAHA",))
    assert impact.moved == (("KES-SPPIRT", 3, 2), ("OSS-NIB", 2, 1))
    assert report.advice_changed


def test_a_rule_set_against_itself_changes_nothing() -> None:
    report = diff_rulesets(load_rules(MINI_RULES), load_rules(MINI_RULES), [MINI_CASE])
    assert (report.added, report.removed, report.changed, report.catalogue) == ((), (), (), ())
    assert not report.advice_changed


def test_two_versions_in_one_process_do_not_interfere() -> None:
    old, new = load_rules(MINI_RULES), load_rules(V2)
    with Advisor(old) as before, Advisor(new) as after:  # both engines alive in one process
        first = before.advise(load_case(MINI_CASE, old))
        between = after.advise(load_case(MINI_CASE, new))
        again = before.advise(load_case(MINI_CASE, old))
        assert before.engine is not after.engine
    assert first == again
    assert {r.program for r in between.recommendations} != {r.program for r in first.recommendations}
    assert (first.ruleset.version, between.ruleset.version) == ("1.0", "2.0")


def test_cli_reports_and_gates_on_change(cli, in_repo: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("rules", "diff", "tests/data/rulesets/mini", "tests/data/rulesets/mini-v2", "--lang", "en", "--cases",
            "tests/data/diff-cases")
    result = cli(*args)
    assert result.exit_code == 0
    assert "removed rule VILLAGE.FUND\n" in result.stdout
    assert result.stdout.endswith("impact on 1 cases: 1 with changed advice\n"
                                  "  tests/data/diff-cases/mini-case.yaml:\n"
                                  "    - KOP-LATIHWIRAUSAHA no longer recommended\n"
                                  "    ~ KES-SPPIRT rank 3 -> 2\n    ~ OSS-NIB rank 2 -> 1\n\n"
                                  "cases changed per program:\n  KES-SPPIRT: 1\n  KOP-LATIHWIRAUSAHA: 1\n"
                                  "  OSS-NIB: 1\n")
    assert cli(*args, "--fail-on-change").exit_code == 1
    same = cli("rules", "diff", "tests/data/rulesets/mini", "tests/data/rulesets/mini", "--lang", "en", "--cases",
               "tests/data/diff-cases", "--fail-on-change")
    assert same.exit_code == 0
    assert "no rule, catalogue or prerequisite changes" in same.stdout


def test_cli_bad_input_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "diff", MINI_RULES, tmp_path)
    assert result.exit_code == 2 and "no ruleset.yaml in this folder" in result.stderr
    result = cli("rules", "diff", MINI_RULES, MINI_RULES, "--cases", tmp_path / "none")
    assert result.exit_code == 2 and "no such folder" in result.stderr


def _edited_copy(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    import shutil

    target = tmp_path / "edited"
    shutil.copytree(MINI_RULES, target)
    for name, (old, new) in edits.items():
        text = (target / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (target / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_every_part_of_the_rule_set_is_compared(tmp_path: Path) -> None:
    new = _edited_copy(tmp_path, {
        "ruleset.yaml": ("limit: ", "ranking:\n  offered: 0.7\nlimit: "),
        "taxonomy.yaml": ('"Usaha belum legal', '"Usaha belum berizin'),
        "catalogue.yaml": ('lead: {id: "Seksi Ekonomi"', 'lead: {id: "Seksi Kesra"'),
    })
    report = diff_rulesets(load_rules(MINI_RULES), load_rules(new), lang="id")
    assert report.ranking == ("offered: 0.6 -> 0.7",)
    assert len(report.taxonomy) == 1
    assert report.taxonomy[0].startswith("kategori masalah diubah ECO.LEGAL: 'Usaha belum legal")
    assert any(": lead: 'Seksi Ekonomi' -> 'Seksi Kesra'" in c for c in report.catalogue)


def test_a_bad_case_is_reported_and_skipped(tmp_path: Path) -> None:
    import shutil

    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(MINI_CASE, cases / "a-good.yaml")
    (cases / "b-bad.yaml").write_text("schema_version: '1.0'\nmetadata: {}\n", encoding="utf-8")
    report = diff_rulesets(load_rules(MINI_RULES), load_rules(V2), sorted(cases.glob("*.yaml")))
    assert [i.case for i in report.impact] == [str(cases / "a-good.yaml")]
    assert len(report.skipped) == 1 and report.skipped[0].startswith(str(cases / "b-bad.yaml"))


def test_markdown_and_json_say_the_same(cli, in_repo: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    args = ("rules", "diff", "tests/data/rulesets/mini", "tests/data/rulesets/mini-v2", "--lang", "en", "--cases",
            "tests/data/diff-cases")
    md = cli(*args, "--format", "markdown").stdout
    assert "## removed rule\n\n- VILLAGE.FUND\n" in md
    assert "| KOP-LATIHWIRAUSAHA | 1 |" in md
    data = json.loads(cli(*args, "--format", "json").stdout)
    assert data["removed"] == ["VILLAGE.FUND"] and data["advice_changed"] is True
    assert data["villages_per_program"]["OSS-NIB"] == 1
    assert cli(*args, "--format", "json").stdout == cli(*args, "--format", "json").stdout
