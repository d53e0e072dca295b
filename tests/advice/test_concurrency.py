"""8 threads, two rule sets loaded at once, same and different cases: exactly the results of a sequential run.

durable_rules keeps its rulesets and sessions in global C state; each Engine owns a uniquely named ruleset and
serialises its sessions. This shows that nothing leaks between rule sets, cases or threads.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import Advisor, advise
from kkb_advisor.case.load import parse_case
from kkb_advisor.errors import KkbError
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.text import render_json
from kkb_advisor.rules.load import load_rules
from tests.casegen import case_text, random_case
from tests.conftest import MINI_CASE, MINI_RULES


@pytest.fixture(scope="module")
def rule_sets() -> list[RuleSet]:
    mini = load_rules(MINI_RULES)
    try:
        bundled = load_rules()
    except KkbError as exc:  # the bundled set is data others edit: say so rather than test one set twice
        pytest.fail(f"the bundled rule set does not load: {exc}")
    return [bundled, mini]


def _cases(rules: RuleSet, count: int) -> list[Case]:
    rng = random.Random(2024)
    out = [parse_case(MINI_CASE.read_text(encoding="utf-8"), rules=rules)]
    while len(out) < count:
        out.append(parse_case(case_text(random_case(rng, rules)), rules=rules))
    return out


def test_eight_threads_two_rule_sets_match_the_sequential_run(rule_sets: list[RuleSet]) -> None:
    # the mini taxonomy is a subset of the bundled one, so every case is valid for both rule sets
    cases = _cases(rule_sets[1], 12)
    jobs = [(r, c) for r in range(2) for c in range(len(cases))] * 4  # each pair four times: same and different
    random.Random(7).shuffle(jobs)
    expected = {(r, c): render_json(advise(cases[c], rule_sets[r])) for r, c in set(jobs)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: (job, render_json(advise(cases[job[1]], rule_sets[job[0]]))), jobs))
    assert len(results) == len(jobs)
    for job, text in results:
        assert text == expected[job], f"rule set {job[0]}, case {job[1]} differs under threads"
    assert any(expected[(0, c)] != expected[(1, c)] for c in range(len(cases)))  # the two sets do differ


def test_separate_advisors_on_one_rule_set_agree_under_threads(rule_sets: list[RuleSet]) -> None:
    mini = rule_sets[1]
    cases = _cases(mini, 6)
    advisors = [Advisor(mini) for _ in range(3)]
    try:
        expected = [render_json(advisors[0].advise(c)) for c in cases]
        jobs = [(a, c) for a in range(3) for c in range(len(cases))] * 3
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda j: (j[1], render_json(advisors[j[0]].advise(cases[j[1]]))), jobs))
        assert all(text == expected[c] for c, text in results)
    finally:
        for advisor in advisors:
            advisor.close()


def test_threads_first_using_one_advisor_share_one_table_of_patterns(rule_sets: list[RuleSet]) -> None:
    """What "ask next" makes on first use (the whole rule set as an evaluator, its parts) is made once even when
    many threads of one Advisor reach it together: a case matched by one evaluator and tried on the parts of
    another was refused (ValueError), a race seen once on Python 3.13."""
    import threading

    from kkb_advisor.advice.asknext import Asker

    for _ in range(5):
        with Advisor(rule_sets[0]) as advisor:
            asker = Asker(advisor.compiled)
            start = threading.Barrier(12)

            def first_use(asker: Asker = asker, start: threading.Barrier = start) -> tuple[int, int]:
                start.wait()
                full = asker._evaluator()
                part, _ = asker._part(("asset", "has_nib"))
                return id(full), id(part._patterns)

            with ThreadPoolExecutor(max_workers=12) as pool:
                seen = list(pool.map(lambda _: first_use(), range(12)))
            assert len({full for full, _ in seen}) == 1
            assert len({table for _, table in seen}) == 1


def test_a_case_that_fires_no_rule_advises_in_a_fresh_process(tmp_path: Path) -> None:
    """durable_rules 2.0.28 corrupted memory when a session with no firing was deleted (a segfault in the CLI);
    the engine's sentinel rule prevents it. Run in child processes: a crash must not take pytest down."""
    text = MINI_CASE.read_text(encoding="utf-8")
    for old, new in (("ECO.INCOME", "ENV.FLOOD"), ("ECO.LEGAL", "HLT.MCH"), ("CAU.SKILL.SOFT", "CAU.INFRA"),
                     ("CAU.ADMIN", "CAU.DATA"), ("food_product: true", "food_product: false")):
        text = text.replace(old, new)
    case = tmp_path / "quiet.yaml"
    case.write_text(text, encoding="utf-8")
    for _ in range(3):
        done = subprocess.run([sys.executable, "-m", "kkb_advisor", "advise", str(case), "--rules", str(MINI_RULES),
                               "--format", "json"], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "KKB_ADVISOR_CACHE": "off"})
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout)["recommendations"] == []
