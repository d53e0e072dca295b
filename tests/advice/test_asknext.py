"""Ask next: the questions whose answers would settle programs the case leaves undecided, with what each answer adds
or removes; numeric facts and profile indicators are asked with answers on both sides of each threshold."""

from __future__ import annotations

from pathlib import Path

import yaml

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.advice.asknext import MAX_QUESTIONS, _thresholds
from kkb_advisor.case.load import load_case, parse_case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.compiler import compile_ruleset
from tests.conftest import REPO

NGLONGGONG = REPO / "tests" / "quality" / "published" / "wonogiri-nglonggong-2021.yaml"
KADIPIRO = REPO / "cases" / "kadipiro-sehati-2018.yaml"


def _edited(path: Path, edit, rules: RuleSet):  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    return parse_case(data, name=path.name, rules=rules)


def test_thresholds_are_straddled(bundled_rules: RuleSet) -> None:
    compiled = compile_ruleset(bundled_rules)
    cuts = _thresholds(compiled, "case", "facts.catin_per_year")  # rules test `above: 0`
    assert 0 in cuts and 1 in cuts and all(c >= 0 for c in cuts)


def test_a_count_the_case_leaves_out_is_asked_with_what_each_answer_changes(bundled_advisor: Advisor,
                                                                          bundled_rules: RuleSet) -> None:
    case = load_case(NGLONGGONG, bundled_rules)
    assert case.facts.catin_per_year is None
    advice = bundled_advisor.advise(case)
    question = next(q for q in advice.ask_next if q.about == "case.facts.catin_per_year")
    assert question.text.id == "Berapa jumlah calon pengantin per tahun?"
    answers = {a.value: a for a in question.answers}
    # the KUA offered its guidance in the room: unrecorded, the requirement counts as met; "nobody marries" drops it
    assert "KUA-BIMWIN" in {r.program for r in advice.recommendations}
    assert "KUA-BIMWIN" in answers["0"].removes and not answers["1"].adds and not answers["1"].removes
    answered = _edited(NGLONGGONG, lambda d: d.setdefault("facts", {}).update(catin_per_year=0), bundled_rules)
    again = bundled_advisor.advise(answered)
    assert all(q.about != "case.facts.catin_per_year" for q in again.ask_next)
    placed = {r.program for r in (*again.recommendations, *again.also_possible)}
    assert "KUA-BIMWIN" not in placed  # what the answer was said to do


def test_an_attribute_left_out_is_asked_and_a_recorded_one_is_not(bundled_advisor: Advisor,
                                                                bundled_rules: RuleSet) -> None:
    def drop_nib(data: dict) -> None:  # type: ignore[type-arg]
        """The first business's NIB not recorded; every other business has one."""
        businesses = [a for a in data["assets"] if a.get("attributes", {}).get("has_business")]
        for asset in businesses[1:]:
            asset["attributes"]["has_nib"] = True
        businesses[0]["attributes"].pop("has_nib")

    asked = bundled_advisor.advise(_edited(KADIPIRO, drop_nib, bundled_rules)).ask_next
    nib = [q for q in asked if q.about.endswith(".has_nib")]
    assert nib and all(q.text.en.startswith("Is it true that ") for q in nib)
    assert any(a.adds or a.removes for q in nib for a in q.answers)
    recorded = bundled_advisor.advise(load_case(KADIPIRO, bundled_rules)).ask_next
    assert not [q for q in recorded if q.about.endswith(".has_nib")]


def test_questions_are_few_and_the_same_every_run(bundled_advisor: Advisor, bundled_rules: RuleSet) -> None:
    for path in sorted((REPO / "tests" / "quality" / "published").glob("*.yaml")):
        case = load_case(path, bundled_rules)
        first = bundled_advisor.advise(case).ask_next
        assert len(first) <= MAX_QUESTIONS
        assert first == bundled_advisor.advise(case).ask_next
        for q in first:
            assert any(a.adds or a.removes for a in q.answers), (path.name, q.about)


TONGGOWA = REPO / "tests" / "quality" / "published" / "pasuruan-tonggowa-2017.yaml"


def test_two_facts_a_program_needs_together_are_asked_as_one_question(bundled_advisor: Advisor,
                                                                       bundled_rules: RuleSet) -> None:
    """The housing grant needs the number of poor households and the share of land with a title; the case records
    neither, so no single answer adds it. Asked together, the pair of answers does, and says so."""
    case = load_case(TONGGOWA, bundled_rules)
    advice = bundled_advisor.advise(case)
    assert "PKP-RTLH" not in {r.program for r in advice.recommendations}
    singles = [q for q in advice.ask_next if " & " not in q.about]
    assert not any("PKP-RTLH" in a.adds for q in singles for a in q.answers)
    pair = next(q for q in advice.ask_next if "profile.poor_households" in q.about
                and "facts.land_legal_share" in q.about)
    assert " & " in pair.about and "? And " in pair.text.en and "? Dan " in pair.text.id
    adding = [a for a in pair.answers if "PKP-RTLH" in a.adds]
    assert adding and all(" & " in a.value for a in adding)
    # the answers as given, recorded in the case, make the grant recommended
    first, second = adding[0].value.split(" & ")
    parts = zip(pair.about.split(" & "), (first, second), strict=True)
    fields = {part.split(".", 1)[1]: value for part, value in parts}

    def record(data):  # type: ignore[no-untyped-def]
        data.setdefault("facts", {})["land_legal_share"] = float(fields["facts.land_legal_share"])
        data.setdefault("profile", {})["poor_households"] = int(float(fields["profile.poor_households"]))
    answered = bundled_advisor.advise(_edited(TONGGOWA, record, bundled_rules))
    assert "PKP-RTLH" in {r.program for r in (*answered.recommendations, *answered.also_possible)}
