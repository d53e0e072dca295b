"""kkb-advisor's main list against experienced facilitators' answers on the blind FGD cases of expected.yaml.

Thresholds are what a useful tool must reach, not what it reaches today: a facilitator who reads the main list
should find at least 4 in 5 of the referrals any colleague would name (and never fewer than 3 in 5 for one FGD),
nothing that is unavailable, ineligible or beside the point, and the programs that must lead among the first five.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_advisor import advise, load_case
from kkb_advisor.model.ruleset import RuleSet
from tests.quality.metrics import CASES, Score, case_id, load_expected, score

MIN_OVERALL_MUST_RECALL = 0.8
MIN_CASE_MUST_RECALL = 0.6
MIN_TOP3_IN_FIRST5 = 2

EXPECTED = load_expected()


def _score(path: Path, rules: RuleSet) -> Score:
    advice = advise(load_case(path, rules), rules)
    cid = case_id(path)
    return score(cid, [r.program for r in advice.recommendations], EXPECTED[cid])


def test_every_case_has_an_answer_and_every_answer_a_case() -> None:
    assert sorted(case_id(p) for p in CASES) == sorted(EXPECTED)
    assert len(CASES) == 58


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_answers_name_real_programs_once(path: Path, bundled_rules: RuleSet) -> None:
    exp = EXPECTED[case_id(path)]
    named = exp["must"] + exp.get("should", []) + exp["never"]
    assert not set(named) - set(bundled_rules.programs), "unknown program ids"
    assert len(named) == len(set(named)), "a program in two of must/should/never"
    assert set(exp["top3"]) <= set(exp["must"]) and len(exp["top3"]) == 3


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_names_what_any_facilitator_would(path: Path, bundled_rules: RuleSet) -> None:
    s = _score(path, bundled_rules)
    assert s.must_recall >= MIN_CASE_MUST_RECALL, f"missed {s.must_missed}; main list {s.main}"


def test_names_what_any_facilitator_would_overall(bundled_rules: RuleSet) -> None:
    scores = [_score(p, bundled_rules) for p in CASES]
    hits = sum(len(s.must_hits) for s in scores)
    total = sum(len(s.must_hits) + len(s.must_missed) for s in scores)
    assert hits / total >= MIN_OVERALL_MUST_RECALL, {s.case_id: s.must_missed for s in scores if s.must_missed}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_never_names_a_wrong_program(path: Path, bundled_rules: RuleSet) -> None:
    s = _score(path, bundled_rules)
    assert not s.never_named, f"wrong here: {s.never_named}"


# Every case. The focused list answers each severe problem early (bitung-pasirpanjang-2025, four severity-4 problems,
# used to put stunting's first program ninth). Two cases of the sixth internal batch, keyed blind, fall short and are
# kept as known gaps (strict: the day they pass, this list must shrink); docs/quality.md says why.
KNOWN_LEAD_GAPS = {
    "rotendao-nemberala-2018": "leaders: the Village Fund (2nd), the planning forum (shown only as a step of what it "
                               "funds) and the toddler-family group (9th, a supporting measure for stunting)",
    "samosir-tuktuksiadong-2023": "leaders: the fishers' card (2nd), a cooperative (also possible: the dealer's debt "
                                  "is a market cause) and the Village Fund for water (12th, behind the STBM)",
}
LEAD_CASES = [pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_LEAD_GAPS[p.stem])]
                           if p.stem in KNOWN_LEAD_GAPS else []) for p in CASES]


@pytest.mark.parametrize("path", LEAD_CASES)
def test_what_must_lead_is_among_the_first_five(path: Path, bundled_rules: RuleSet) -> None:
    s = _score(path, bundled_rules)
    assert len(s.top3_in_first5) >= MIN_TOP3_IN_FIRST5, (
        f"expected leaders {EXPECTED[s.case_id]['top3']}; first five {s.main[:5]}")
