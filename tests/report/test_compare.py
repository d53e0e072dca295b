"""`compare OLD NEW`: two FGDs of Kemijen a year apart (tests/data/compare) against golden outputs, what each list
holds, the direction of indicators, errors for two different villages in both languages, JSON stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.case.load import load_case
from kkb_advisor.errors import NotSameVillage
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.compare import Comparison, compare_fgds
from kkb_advisor.report.compare_render import COMPARE_FORMATS, render_compare
from tests.conftest import DATA, GOLDEN, REPO, golden

OLD = "cases/semarang-kemijen-2024.yaml"
NEW = "tests/data/compare/semarang-kemijen-2025.yaml"
OTHER = "cases/demak-timbulsloko-2023.yaml"


def _compare(rules: RuleSet, advisor: Advisor, old: str = OLD, new: str = NEW) -> Comparison:
    a, b = load_case(REPO / old, rules), load_case(REPO / new, rules)
    return compare_fgds(a, advisor.advise(a), b, advisor.advise(b), rules, old_file=old, new_file=new)


@pytest.fixture(scope="module")
def kemijen(bundled_rules: RuleSet, bundled_advisor: Advisor) -> Comparison:
    return _compare(bundled_rules, bundled_advisor)


@pytest.mark.parametrize(("fmt", "lang", "suffix"), [("text", "id", "id.txt"), ("text", "en", "en.txt"),
                                                     ("markdown", "en", "en.md"), ("html", "id", "id.html"),
                                                     ("json", "id", "json")])
def test_golden_outputs(kemijen: Comparison, fmt: str, lang: str, suffix: str, update_golden: bool) -> None:
    golden(GOLDEN / f"compare-semarang-kemijen.{suffix}", render_compare(kemijen, fmt, lang), update_golden)


def test_problems_are_matched_by_category(kemijen: Comparison) -> None:
    status = {c.category: (c.status, c.old, c.new, c.old_severity, c.new_severity) for c in kemijen.problems}
    assert status == {
        "SPR.DTKS": ("resolved", "P4", None, 3, None), "ECO.UNEMP": ("new", None, "P8", None, 4),
        "HLT.JKN": ("worse", "P6", "P6", 2, 3), "ENV.SANITATION": ("better", "P3", "P3", 4, 3),
        "HLT.STUNTING": ("better", "P5", "P5", 4, 3), "ENV.FLOOD": ("same", "P1", "P1", 5, 5),
        "ENV.RTLH": ("same", "P2", "P2", 4, 4), "ENV.WASTE": ("same", "P7", "P7", 3, 3)}
    assert [c.status for c in kemijen.problems] == sorted(
        (c.status for c in kemijen.problems), key=["resolved", "new", "worse", "better", "same"].index)


def test_programs_started_continued_and_still_missing(kemijen: Comparison) -> None:
    by = {c.program: (c.status, c.old_state, c.new_state) for c in kemijen.programs}
    assert by["SOS-DTKS"] == ("started", "recommended", "active")
    assert by["KES-STBM"] == ("started", "recommended", "in_process")
    assert by["KB-TPK"] == ("continued", "active", "active")
    assert by["PKP-KOTAKU"] == ("continued", "completed", "completed")
    assert by["PKP-RTLH"] == ("still_missing", "recommended", "recommended")
    assert by["NAKER-BLK"][0] == "newly_recommended"  # the lay-offs are new
    assert not [c for c in kemijen.programs if c.status == "ended"]


def test_indicator_direction_and_whether_it_is_better(kemijen: Comparison) -> None:
    got = {i.key: (i.old, i.new, i.direction, i.judgement) for i in kemijen.indicators}
    assert got["stunting_cases"] == (58, 44, "down", "better")
    assert got["dtks_households"] == (870, 1040, "up", "better")
    assert got["unemployed_working_age"] == (540, 610, "up", "worse")
    assert got["balita"] == (790, 775, "down", "context")
    assert got["kk_tanah_tanpa_sertifikat"] == (540, 540, "same", "unchanged")  # an extra key: not judged


def test_an_indicator_recorded_once_is_not_compared(bundled_rules: RuleSet, bundled_advisor: Advisor,
                                                    tmp_path: Path) -> None:
    text = (REPO / NEW).read_text(encoding="utf-8").replace("  school_dropouts: 58\n", "")
    new = tmp_path / "kemijen-2025.yaml"
    new.write_text(text, encoding="utf-8")
    a, b = load_case(REPO / OLD, bundled_rules), load_case(new, bundled_rules)
    comparison = compare_fgds(a, bundled_advisor.advise(a), b, bundled_advisor.advise(b), bundled_rules)
    change = next(i for i in comparison.indicators if i.key == "school_dropouts")
    assert (change.old, change.new, change.direction, change.judgement) == (63, None, "not_comparable", "unknown")
    assert comparison.indicators[-1].key == "school_dropouts"


def test_the_same_fgd_twice_changes_nothing(bundled_rules: RuleSet, bundled_advisor: Advisor) -> None:
    same = _compare(bundled_rules, bundled_advisor, OLD, OLD)
    assert {c.status for c in same.problems} == {"same"}
    assert {i.judgement for i in same.indicators} == {"unchanged"}
    assert {c.status for c in same.programs} <= {"continued", "still_missing"}


def test_two_villages_are_refused_field_by_field_in_both_languages(bundled_rules: RuleSet,
                                                                   bundled_advisor: Advisor) -> None:
    with pytest.raises(NotSameVillage) as caught:
        _compare(bundled_rules, bundled_advisor, OLD, OTHER)
    fields = [p.path for p in caught.value.problems]
    assert fields == ["metadata.kab_kota", "metadata.kecamatan", "metadata.kelurahan_or_desa", "metadata.unit_level"]
    first = caught.value.problems[0]
    assert first.text("en") == (
        f"{OTHER}: metadata.kab_kota: not the same village as {OLD}: kab_kota is 'Kabupaten Demak' here, "
        "'Kota Semarang' there; compare two FGDs of one Kampung KB (the same place, a year apart)")
    assert first.text("id") == (
        f"{OTHER}: metadata.kab_kota: bukan kampung yang sama dengan {OLD}: kabupaten/kota di sini 'Kabupaten "
        "Demak', di sana 'Kota Semarang'; bandingkan dua FGD dari satu Kampung KB (tempat yang sama, berselang "
        "setahun)")


def test_the_later_fgd_given_first_is_refused(bundled_rules: RuleSet, bundled_advisor: Advisor) -> None:
    with pytest.raises(NotSameVillage) as caught:
        _compare(bundled_rules, bundled_advisor, NEW, OLD)
    (problem,) = caught.value.problems
    assert problem.path == "metadata.date"
    assert "give the older FGD first" in problem.text("en") and "lebih lama dahulu" in problem.text("id")


def test_case_and_spacing_of_a_place_name_do_not_matter(bundled_rules: RuleSet, bundled_advisor: Advisor,
                                                          tmp_path: Path) -> None:
    text = (REPO / NEW).read_text(encoding="utf-8").replace("kecamatan: Semarang Timur", "kecamatan: semarang  timur")
    new = tmp_path / "kemijen.yaml"
    new.write_text(text, encoding="utf-8")
    a, b = load_case(REPO / OLD, bundled_rules), load_case(new, bundled_rules)
    assert compare_fgds(a, bundled_advisor.advise(a), b, bundled_advisor.advise(b), bundled_rules).problems


def test_json_is_stable_sorted_and_holds_both_languages(kemijen: Comparison, bundled_rules: RuleSet,
                                                        bundled_advisor: Advisor) -> None:
    text = render_compare(kemijen, "json")
    assert text == render_compare(_compare(bundled_rules, bundled_advisor), "json", "en")
    data = json.loads(text)
    assert data["schema_id"] == "kkb-advisor/compare/1"
    assert list(data) == sorted(data)
    assert set(data["problems"][0]["category_label"]) == {"id", "en"}
    assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


@pytest.mark.parametrize("fmt", COMPARE_FORMATS)
def test_the_cli_writes_each_format_and_refuses_to_overwrite_an_input(cli, in_repo: Path, tmp_path: Path,
                                                                      fmt: str) -> None:
    out = tmp_path / f"banding.{fmt}"
    result = cli("compare", OLD, NEW, "--format", fmt, "--lang", "en", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8")
    again = cli("compare", OLD, NEW, "--format", fmt, "-o", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    refused = cli("compare", OLD, NEW, "-o", NEW, "--force")
    assert refused.exit_code == 2 and "input file" in refused.stderr


@pytest.mark.parametrize(("lang", "label", "words"), [("id", "Galat", "bukan kampung yang sama"),
                                                     ("en", "Error", "not the same village")])
def test_the_cli_says_two_villages_in_the_output_language(cli, in_repo: Path, lang: str, label: str,
                                                          words: str) -> None:
    result = cli("compare", OLD, OTHER, "--lang", lang)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"{label}: {OTHER}: metadata.") and words in line for line in lines)


def test_the_next_year_case_is_a_valid_case_of_the_same_village(bundled_rules: RuleSet) -> None:
    old, new = load_case(REPO / OLD, bundled_rules), load_case(DATA / "compare" / "semarang-kemijen-2025.yaml",
                                                                bundled_rules)
    assert old.metadata.model_copy(update={"date": new.metadata.date, "fgd_groups": new.metadata.fgd_groups}) \
        == new.metadata
    assert (new.metadata.date - old.metadata.date).days in range(330, 400)
