"""Every rule of the bundled set has a rule test where it must fire and one where it must stay quiet."""

from __future__ import annotations

from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.policy.ruletest import load_rule_tests


def test_every_rule_has_a_firing_and_a_quiet_test(bundled_rules: RuleSet) -> None:
    tests = load_rule_tests(bundled_rules, list(bundled_rules.test_files))
    fired = {rid for t in tests for rid in t.spec.expect.fired}
    quiet = {rid for t in tests for rid in t.spec.expect.not_fired}
    rules = {r.id for r in bundled_rules.rules}
    assert sorted(rules - fired) == [], "rules with no test showing they fire"
    assert sorted(rules - quiet) == [], "rules with no test showing they stay quiet"


def test_every_prerequisite_has_an_ordering_test(bundled_rules: RuleSet) -> None:
    tests = load_rule_tests(bundled_rules, list(bundled_rules.test_files))
    ordered = {tuple(pair) for t in tests for pair in t.spec.expect.before}
    missing = sorted(f"{p.needs} before {p.program}" for p in bundled_rules.prerequisites
                     if (p.needs, p.program) not in ordered)
    assert missing == [], "prerequisites with no rule test of their order"
