"""`new`, the optional part: businesses and groups, programs already in place, facts and indicators — entered by
answering questions, written so that `advise` uses them, and all of it skippable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import advise
from kkb_advisor.case.load import load_case
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.wizard.flow import case_text, run_wizard, template_text
from kkb_advisor.wizard.questions import label

TODAY = dt.date(2024, 5, 2)

# The required part: a kelurahan, one group, an unlicensed business (P1) and low income (P2), weak soft skills (C1)
# behind P2 and an unknown permit procedure (C2) behind P1.
REQUIRED = [
    "Kampung KB Uji", "Sukamaju", "t",  # name, kelurahan, not a desa
    "", "Kecamatan Uji", "Kota Uji", "Jawa Tengah", "",  # unit (kelurahan), kecamatan, kab/kota, province, urban
    "", "", "",  # date (today), case id, provenance
    "Ibu-ibu PKK", "12", "",  # one group
    "Usaha belum berizin", "", "ECO.LEGAL", "4", "",  # P1
    "Pendapatan rendah", "", "ECO.INCOME", "", "",  # P2
    "",  # no more problems
    "Soft skill kurang", "", "CAU.SKILL.SOFT",  # C1
    "Tidak tahu cara mengurus izin", "", "CAU.ADMIN",  # C2
    "",  # no more causes
    "P2", "3", "P1", "",  # C1 -> P2 (3), C2 -> P1 (2)
    "", "",  # no problem worsens another
]
SKIP_ALL = ["", "", "", ""]  # no businesses, no programs, no facts, no indicators
NO_MORE_DETAILS = ["", "", ""]  # after the businesses: no programs, facts or indicators


def _food_business(*, nib: str, pirt: str) -> list[str]:
    """One food business, entered as a facilitator would: kind business (the default), the food questions."""
    return ["y", "Keripik tempe", "", "y", "y", pirt, "", nib, "24", "", ""]  # ... halal unknown; no members; done


def _case(scripted, rules: RuleSet, answers: list[str], tmp_path: Path, *, lang: str = "id") -> tuple[Case, str]:
    ask, say, _ = scripted(answers)
    text = case_text(run_wizard(ask, say, rules, lang=lang, today=TODAY), rules, lang)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return load_case(path, rules), text


def test_food_business_without_permits_leads_to_nib_then_pirt(scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    case, text = _case(scripted, mini_rules, REQUIRED + _food_business(nib="t", pirt="t") + NO_MORE_DETAILS,
                       tmp_path)
    assert ("    attributes: {has_business: true, business_age_months: 24, food_product: true, "
            "low_risk_product: true, has_nib: false, has_pirt: false}") in text  # in the order of the case format
    assert case.assets[0].attributes.has_halal is None  # skipped: unknown, not written as false
    ranked = [r.program for r in advise(case, mini_rules).recommendations]
    assert "OSS-NIB" in ranked and "KES-SPPIRT" in ranked
    assert ranked.index("OSS-NIB") < ranked.index("KES-SPPIRT")
    pirt = next(r for r in advise(case, mini_rules).recommendations if r.program == "KES-SPPIRT")
    assert pirt.prerequisites == ("OSS-NIB",)


def test_food_business_with_both_permits_gets_neither(scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    case, _ = _case(scripted, mini_rules, REQUIRED + _food_business(nib="ya", pirt="ya") + NO_MORE_DETAILS, tmp_path)
    ranked = {r.program for r in advise(case, mini_rules).recommendations}
    assert not ranked & {"OSS-NIB", "KES-SPPIRT"}


def test_a_group_that_is_not_a_food_business_is_not_asked_about_food_permits(
        scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    answers = [*REQUIRED, "y", "Kelompok tenun", "2", "ya", "tidak", "tidak", "60", "18", "y", "", *NO_MORE_DETAILS]
    ask, say, said = scripted(answers)
    wizard_case = run_wizard(ask, say, mini_rules, lang="id", today=TODAY)
    food_questions = [label(f"a_{name}", "id") for name in ("low_risk_product", "has_pirt", "has_halal")]
    assert not [s for s in said if s.startswith(tuple(food_questions))]
    assert label("a_group_formed", "id") + ": " in said
    path = tmp_path / "case.yaml"
    path.write_text(case_text(wizard_case, mini_rules, "id"), encoding="utf-8")
    asset = load_case(path, mini_rules).assets[0]
    assert (asset.id, asset.type, asset.name) == ("A1", "group", "Kelompok tenun")
    assert asset.attributes.model_dump(exclude_none=True) == {
        "has_business": True, "food_product": False, "has_nib": False, "business_age_months": 60, "members": 18,
        "group_formed": True}


@pytest.mark.parametrize(("entered", "status"), [(["latih", "", ""], "continue"), ([""], "new")])
def test_a_program_entered_as_active_is_reported_as_continue(
        scripted, mini_rules: RuleSet, tmp_path: Path, entered: list[str], status: str) -> None:
    case, text = _case(scripted, mini_rules, [*REQUIRED, "", *entered, "", ""], tmp_path)
    if entered != [""]:
        assert [(e.program_id, e.status) for e in case.existing_programs] == [("KOP-LATIHWIRAUSAHA", "active")]
        assert "  - {program_id: KOP-LATIHWIRAUSAHA, status: active}" in text
    advice = advise(case, mini_rules)
    training = next(r for r in (*advice.recommendations, *advice.keep) if r.program == "KOP-LATIHWIRAUSAHA")
    assert training.status == status


def test_bad_numbers_and_unclear_answers_are_asked_again(scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    details = [
        "maybe", "yes", "Tempeh chips", "", "perhaps", "no", "no", "12.5", "-3", "1.200", "8", "", "",  # a business
        "zzz", "latih", "9", "completed", "KOP-LATIHWIRAUSAHA", "",  # programs: no match, bad status, listed twice
        "y", "y", "", "", "", "", "", "1.5", "40 %",  # facts: fishers yes, ...; land share 40%
        "y", "200", "250", "40", "", "", "", "", "", "", "",  # indicators: more poor than households is refused
    ]
    ask, say, said = scripted(REQUIRED + details)
    wizard_case = run_wizard(ask, say, mini_rules, lang="en", today=TODAY)
    path = tmp_path / "case.yaml"
    path.write_text(case_text(wizard_case, mini_rules, "en"), encoding="utf-8")
    case = load_case(path, mini_rules)
    assert said.count("Answer y (yes) or n (no); empty = skip.") == 2
    assert said.count("Write a whole number, 0 or more, without separators (e.g. 1200); empty = skip.") == 3
    assert "No program matches 'zzz'." in said and "Choose one of the numbers above." in said
    assert "KOP-LATIHWIRAUSAHA is already listed." in said
    assert "Write a share from 0 to 1 (e.g. 0.4 or 40%); empty = skip." in said
    assert "Cannot be more than Households (200)." in said
    assert case.assets[0].attributes.model_dump(exclude_none=True) == {
        "has_business": True, "food_product": False, "has_nib": False, "business_age_months": 8}
    assert [(e.program_id, e.status) for e in case.existing_programs] == [("KOP-LATIHWIRAUSAHA", "completed")]
    assert case.facts.model_dump(exclude_none=True) == {"has_fishers": True, "land_legal_share": 0.4}
    assert case.profile.values() == {"households": 200, "poor_households": 40}


def _skipped(case: Case) -> None:
    assert case.assets == () and case.existing_programs == ()
    assert case.facts.model_dump(exclude_none=True) == {} and case.profile.values() == {}


def test_skipping_everything_writes_a_valid_commented_file(scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    case, text = _case(scripted, mini_rules, REQUIRED + SKIP_ALL, tmp_path)
    _skipped(case)
    assert "assets: []  # usaha dan kelompok warga" in text
    assert "existing_programs: []  # program yang sudah ada: active | completed | in_process" in text
    assert "facts: {}  # fakta ya/tidak wilayah" in text


def test_input_ending_in_the_optional_part_keeps_what_was_complete(
        scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    case, _ = _case(scripted, mini_rules, REQUIRED, tmp_path)
    _skipped(case)
    case, _ = _case(scripted, mini_rules, REQUIRED + _food_business(nib="t", pirt="t")[:-1] + ["Warung"], tmp_path)
    assert [a.name for a in case.assets] == ["Keripik tempe"]  # the second business was not finished


def test_template_shows_the_optional_sections(mini_rules: RuleSet) -> None:
    text = template_text(mini_rules, "en")
    assert "assets: []  # businesses and groups; a has_* attribute left out counts as false in the rules" in text
    assert "#  - {program_id: DES-DANADESA, status: active}" in text


def test_new_command_writes_the_details(cli, files, mini_rules: RuleSet, tmp_path: Path) -> None:
    target = tmp_path / "uji.yaml"
    answers = REQUIRED + _food_business(nib="t", pirt="t") + ["nib", "2", "", "", "y"] + [""] * 9
    result = cli("new", target, "--rules", files["rules"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    case = load_case(target, mini_rules)
    assert case.assets[0].attributes.has_nib is False
    assert [(e.program_id, e.status) for e in case.existing_programs] == [("OSS-NIB", "completed")]
    assert case.profile.values() == {}
