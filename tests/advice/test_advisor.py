"""advise() on the mini rule set: what a facilitator sees in the ranked list."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_advisor import UsageError, advise, load_case, parse_case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.text import render_json
from tests.conftest import MINI_CASE


def _case_text(**replace: str) -> str:
    text = MINI_CASE.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


def _programs(advice: object) -> list[str]:
    return [r.program for r in advice.recommendations + advice.also_possible]  # type: ignore[attr-defined]


def test_prerequisite_is_recommended_and_ranked_first(mini_rules: RuleSet) -> None:
    advice = advise(load_case(MINI_CASE, mini_rules), mini_rules)
    ranked = _programs(advice)
    assert ranked.index("OSS-NIB") < ranked.index("KES-SPPIRT")
    nib = next(r for r in advice.recommendations if r.program == "OSS-NIB")
    assert nib.needed_by == ("KES-SPPIRT",)
    assert [b.rule for b in nib.because] == ["needs:KES-SPPIRT>OSS-NIB"]
    pirt = next(r for r in advice.recommendations if r.program == "KES-SPPIRT")
    assert pirt.prerequisites == ("OSS-NIB",)
    assert pirt.because[0].matched == ("asset:A1", "problem:P2")


def test_prerequisite_not_added_when_already_met(mini_rules: RuleSet) -> None:
    case = parse_case(_case_text(**{"food_product: true,": "food_product: true, has_nib: true,"}), rules=mini_rules)
    assert "OSS-NIB" not in _programs(advise(case, mini_rules))


def test_program_not_yet_available_is_never_recommended(mini_rules: RuleSet) -> None:
    # OSS-NIB exists from 2018: a 2017 FGD gets PIRT but no NIB referral
    case = parse_case(_case_text(**{"date: 2019-03-01": "date: 2017-03-01"}), rules=mini_rules)
    programs = _programs(advise(case, mini_rules))
    assert "KES-SPPIRT" in programs and "OSS-NIB" not in programs


def test_existing_program_is_continued_not_new(mini_rules: RuleSet) -> None:
    text = _case_text() + "existing_programs:\n  - {program_id: KOP-LATIHWIRAUSAHA, status: active}\n"
    advice = advise(parse_case(text, rules=mini_rules), mini_rules)
    # a program already in place is kept and strengthened: a section of its own, never counted as new
    (rec,) = [r for r in advice.keep if r.program == "KOP-LATIHWIRAUSAHA"]
    assert rec.status == "continue"
    assert "KOP-LATIHWIRAUSAHA" not in _programs(advice)
    assert all(r.status == "new" for r in advice.recommendations + advice.also_possible)


def test_hard_requirement_keeps_program_out(mini_rules: RuleSet) -> None:
    # Dana Desa only in a desa; the case is a kelurahan
    assert "DES-DANADESA" not in _programs(advise(load_case(MINI_CASE, mini_rules), mini_rules))
    desa = parse_case(_case_text(**{"is_desa: false": "is_desa: true"}), rules=mini_rules)
    assert "DES-DANADESA" in _programs(advise(desa, mini_rules))


def test_unless_silences_rule(mini_rules: RuleSet) -> None:
    upland = parse_case(_case_text(**{"setting: urban": "setting: upland"}), rules=mini_rules)
    advice = advise(upland, mini_rules)
    assert "KOP-LATIHWIRAUSAHA" not in _programs(advice)
    assert "C1" in advice.gaps.root_causes


def test_limit_moves_the_rest_to_also_possible(mini_rules: RuleSet) -> None:
    desa = parse_case(_case_text(**{"is_desa: false": "is_desa: true"}), rules=mini_rules)
    advice = advise(desa, mini_rules, limit=2)
    assert [r.rank for r in advice.recommendations] == [1, 2]
    assert [r.rank for r in advice.also_possible] == list(range(3, 3 + len(advice.also_possible)))
    assert advice.also_possible


def test_kind_filter(mini_rules: RuleSet) -> None:
    advice = advise(load_case(MINI_CASE, mini_rules), mini_rules, kinds=["soft-skills"])
    assert _programs(advice) == ["KOP-LATIHWIRAUSAHA"]
    with pytest.raises(UsageError, match="did you mean 'permit'"):
        advise(load_case(MINI_CASE, mini_rules), mini_rules, kinds=["permits"])


def test_gaps_list_uncovered_problems_and_root_causes(mini_rules: RuleSet) -> None:
    case = parse_case(_case_text(**{"category: ECO.LEGAL": "category: ECO.DEBT"}), rules=mini_rules)
    advice = advise(case, mini_rules)
    assert advice.gaps.problems == ("P2",)
    assert advice.gaps.root_causes == ("C2",)


def test_same_input_same_bytes(mini_rules: RuleSet, tmp_path: Path) -> None:
    first = render_json(advise(load_case(MINI_CASE, mini_rules), mini_rules))
    copy = tmp_path / "copy.yaml"
    copy.write_text(MINI_CASE.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(3):
        assert render_json(advise(load_case(MINI_CASE, mini_rules), mini_rules)) == first
    assert render_json(advise(load_case(copy, mini_rules), mini_rules)) == first


def test_ruleset_is_recorded_in_the_advice(mini_rules: RuleSet) -> None:
    advice = advise(load_case(MINI_CASE, mini_rules), mini_rules)
    assert (advice.ruleset.name, advice.ruleset.version) == ("mini", "1.0")
    assert advice.ruleset.hash == mini_rules.hash and len(mini_rules.hash) == 16


def test_a_running_program_needs_no_prerequisite_first(mini_rules: RuleSet) -> None:
    text = _case_text() + "existing_programs:\n  - {program_id: KES-SPPIRT, status: active}\n"
    advice = advise(parse_case(text, rules=mini_rules), mini_rules)
    (pirt,) = [r for r in advice.keep if r.program == "KES-SPPIRT"]
    assert pirt.status == "continue" and pirt.prerequisites == () and not pirt.steps
    assert "OSS-NIB" not in _programs(advice)


def test_a_completed_prerequisite_does_not_meet_a_need_that_remains(mini_rules: RuleSet) -> None:
    # an NIB drive held before, but a food business still has no NIB: the need is still there
    done = _case_text() + "existing_programs:\n  - {program_id: OSS-NIB, status: completed}\n"
    (nib,) = [r for r in advise(parse_case(done, rules=mini_rules), mini_rules).keep if r.program == "OSS-NIB"]
    assert nib.status == "continue" and nib.needed_by == ("KES-SPPIRT",)
    running = _case_text() + "existing_programs:\n  - {program_id: OSS-NIB, status: active}\n"
    assert "OSS-NIB" not in _programs(advise(parse_case(running, rules=mini_rules), mini_rules))


def test_missing_facts_are_derived_from_the_metadata(mini_rules: RuleSet) -> None:
    from kkb_advisor.advice.facts import case_facts
    from kkb_advisor.advice.graph import analyse, build_graph

    text = _case_text(**{"facts:\n  locality_surakarta: false\n": "",
                         'kab_kota: "Kota Uji"': 'kab_kota: "Kota Surakarta"',
                         "setting: urban": "setting: coastal\n  location_criteria: [kumuh]"})
    case = parse_case(text, rules=mini_rules)
    fact = case_facts(case, analyse(build_graph(case)), mini_rules)[0]
    assert fact["facts"] == {"coastal": True, "slum_area": True}
    assert fact["places"] == ["jawa tengah", "kota surakarta"]  # what a program's `locality` is compared with
    written = parse_case(_case_text(), rules=mini_rules)  # what the case says wins
    assert case_facts(written, analyse(build_graph(written)), mini_rules)[0]["facts"]["locality_surakarta"] is False
