"""Every bundled case advises cleanly, matches its golden output, and the advice keeps a facilitator's hard rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkb_advisor import advise, load_case
from kkb_advisor.advice.facts import case_facts
from kkb_advisor.advice.graph import analyse, build_graph
from kkb_advisor.model.ruleset import AnyOf, RuleSet
from kkb_advisor.report import render
from kkb_advisor.report.text import render_json, render_text
from kkb_advisor.rules.evaluator import pattern_matches
from tests.conftest import CASES, GOLDEN, golden, ids

pytestmark = pytest.mark.parametrize("path", CASES, ids=ids(CASES))


def test_golden_outputs(path: Path, bundled_rules: RuleSet, update_golden: bool) -> None:
    advice = advise(load_case(path, bundled_rules), bundled_rules)
    # the goldens hold the advice, identical on either engine (test_engines.py): only the engine's name differs
    advice = advice.model_copy(update={"engine": "durable_rules"})
    golden(GOLDEN / f"{path.stem}.json", render_json(advice), update_golden)
    golden(GOLDEN / f"{path.stem}.id.txt", render_text(advice, "id"), update_golden)
    golden(GOLDEN / f"{path.stem}.en.md", str(render(advice, "markdown", "en")), update_golden)


def test_a_focused_list_a_meeting_can_act_on(path: Path, bundled_rules: RuleSet) -> None:
    advice = advise(load_case(path, bundled_rules), bundled_rules)
    assert 5 <= len(advice.recommendations) <= 20, [r.program for r in advice.recommendations]
    assert len({r.program for r in advice.recommendations}) == len(advice.recommendations)


def test_never_new_when_unavailable_existing_or_ineligible(path: Path, bundled_rules: RuleSet) -> None:
    case = load_case(path, bundled_rules)
    advice = advise(case, bundled_rules)
    facts = case_facts(case, analyse(build_graph(case)), bundled_rules)
    existing = {e.program_id for e in case.existing_programs}
    for rec in advice.recommendations + advice.also_possible:
        program = bundled_rules.programs[rec.program]
        assert program.available_in(case.metadata.date.year), f"{rec.program} not available in that year"
        assert (rec.status == "continue") == (rec.program in existing)
        for item in program.requires:  # each hard requirement holds on some fact of the case
            options = item.options if isinstance(item, AnyOf) else (item,)
            assert any(pattern_matches(f, p) for p in options for f in facts), f"{rec.program}: {item}"


def test_most_severe_problems_are_served_first(path: Path, bundled_rules: RuleSet) -> None:
    case = load_case(path, bundled_rules)
    advice = advise(case, bundled_rules)
    top = max(p.severity for p in case.problems)
    top_problems = {p.id for p in case.problems if p.severity == top}
    covered = [r for r in advice.recommendations if top_problems & set(r.problems)]
    if covered:  # a program addressing a most-severe problem is among the first five
        assert min(r.rank for r in covered) <= 5, [(r.rank, r.program) for r in advice.recommendations]


def test_prerequisites_come_first(path: Path, bundled_rules: RuleSet) -> None:
    advice = advise(load_case(path, bundled_rules), bundled_rules)
    rank = {r.program: r.rank for r in advice.recommendations + advice.also_possible}
    for rec in advice.recommendations + advice.also_possible:
        for needed in rec.prerequisites:
            assert rank[needed] < rec.rank, f"{needed} should come before {rec.program}"


def test_every_recommendation_explains_itself(path: Path, bundled_rules: RuleSet) -> None:
    advice = advise(load_case(path, bundled_rules), bundled_rules)
    for rec in advice.recommendations:
        assert rec.because and all(b.rationale.id and b.rationale.en for b in rec.because)
        assert rec.first_step.id and rec.procedure.id and rec.agency_name
