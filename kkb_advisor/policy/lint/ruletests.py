"""Lint: the manifest's rule tests, read as `rules test` reads them, without running the rules.

An unknown rule, program or category, a case that cannot be read or edited, a test that expects nothing (it passes
whatever the rules say) or expects one thing and its opposite (it can never pass) is an error. An expectation no
rule of the set can meet is a warning: a program nothing recommends, a rule that can never fire, or a program the
catalogue makes unavailable at the test case's FGD date or in its place (a year bound off by one, a `locality`).
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import CaseError, InputError, RuleSetError
from ...model.case import Case
from ...model.ruleset import ANY_PROGRAM, Program, RuleSet
from ...rules.compiler import CompiledRuleSet
from ...rules.fields import place_key, place_keys
from ..ruletest import Expect, RuleTest, edited_case, load_rule_tests
from .findings import Finding, problem_finding

__all__ = ["check_rule_tests"]


def _opposites(e: Expect) -> list[str]:
    """What a test expects together with its opposite: it can never pass."""
    unwanted = set(e.not_recommended)
    wanted = [*e.recommended, *(p for pair in e.before for p in pair), *e.status]
    out = [f"expects {p} both recommended and not recommended" for p in dict.fromkeys(wanted) if p in unwanted]
    out += [f"expects rule {r} both to fire and not to fire" for r in dict.fromkeys(e.fired) if r in e.not_fired]
    return out


def _unavailable(program: Program, case: Case) -> str:
    """Why the catalogue keeps ``program`` from the test's case (its FGD year, its place), or ''."""
    year = case.metadata.date.year
    if not program.available_in(year):
        span = " ".join(part for part in (
            f"from {program.available_from}" if program.available_from is not None else "",
            f"until {program.available_until}" if program.available_until is not None else "") if part)
        return f"{program.id} is available {span} and the case's FGD is in {year}"
    if program.locality and place_key(program.locality) not in place_keys(case.metadata.kab_kota,
                                                                            case.metadata.province):
        return f"{program.id} is only for {program.locality} and the case is in {case.metadata.kab_kota}"
    return ""


def _case_findings(test: RuleTest, ruleset: RuleSet) -> list[Finding]:
    """The case of the test, edits applied: a case that cannot be read or edited is an error; an expected program
    the catalogue keeps from that case (its year, its place) is a warning."""
    try:
        case = edited_case(test, ruleset)
    except (RuleSetError, CaseError, InputError) as exc:
        return [problem_finding(replace(p, subject=test.name), "rule-test") for p in exc.problems]
    e = test.spec.expect
    out = []
    wanted = [*e.recommended, *(p for pair in e.before for p in pair), *e.status]
    for pid in dict.fromkeys(wanted):
        why = _unavailable(ruleset.programs[pid], case) if pid in ruleset.programs else ""
        if why:
            out.append(Finding(test.file, test.line, test.name, "rule-test-unmet", "warning",
                               f"expects {pid} to be recommended, but {why}",
                               "fix the program's `available`/`locality` in the catalogue, or the test's case"))
    for rid in e.fired:
        rule = ruleset.rule(rid)
        program = ruleset.programs.get(rule.program) if rule is not None and rule.program != ANY_PROGRAM else None
        why = _unavailable(program, case) if program is not None else ""
        if why:
            out.append(Finding(test.file, test.line, test.name, "rule-test-unmet", "warning",
                               f"expects {rid} to fire, but {why}",
                               "fix the program's `available`/`locality` in the catalogue, or the test's case"))
    return out


def check_rule_tests(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """The manifest's rule tests: what they name must exist, what they expect must be possible."""
    from .checks import dead_rules, recommendable

    try:
        tests = load_rule_tests(ruleset)
    except RuleSetError as exc:
        return [problem_finding(p, "rule-test") for p in exc.problems]
    reachable = recommendable(ruleset)
    any_program = any(r.program == ANY_PROGRAM for r in ruleset.rules)
    dead = dead_rules(ruleset, compiled)
    out = []
    for test in tests:
        e = test.spec.expect
        if not any(e.model_dump().values()):
            out.append(Finding(test.file, test.line, test.name, "rule-test", "error",
                               "expects nothing: it passes whatever the rules say",
                               "write under `expect:` what must (or must not) be recommended or fire"))
        for said in _opposites(e):
            out.append(Finding(test.file, test.line, test.name, "rule-test", "error", f"{said}: it can never pass",
                               "keep the one expectation that is meant"))
        wanted = [*e.recommended, *(p for pair in e.before for p in pair)]
        for pid in dict.fromkeys(wanted):
            if pid not in reachable and not any_program:
                out.append(Finding(test.file, test.line, test.name, "rule-test-unmet", "warning",
                                   f"expects {pid} to be recommended, but no rule recommends it and no "
                                   "prerequisite leads to it", "write a rule for it, or change the expectation"))
        for rid in e.fired:
            if rid in dead:
                out.append(Finding(test.file, test.line, test.name, "rule-test-unmet", "warning",
                                   f"expects {rid} to fire, but that rule can never fire",
                                   f"fix {rid} (see its never-fires finding), or change the expectation"))
        out += _case_findings(test, ruleset)
    return out
