"""The checks of `rules lint`: each a function ``(ruleset, compiled) -> findings``, listed in CHECKS.

Every finding names the file and line it is about, read from the loaded rule set (programs, rules, prerequisites
and taxonomy codes keep where they were written), never by reading the files again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ...errors import did_you_mean
from ...model.case import ATTRIBUTE_FIELDS, PROFILE_FIELDS
from ...model.ruleset import ANY_PROGRAM, AllOf, AnyOf, Pattern, Rule, RuleSet, Test
from ...rules.compiler import CompiledRuleSet, EngineRule
from ...rules.fields import CODE_FIELDS, DERIVED
from .findings import Finding
from .places import check_place_names, check_place_wording
from .reasoning import LIST_OF, all_patterns, patterns_imply, satisfiable, words
from .ruletests import check_rule_tests
from .texts import check_sources, check_texts
from .values import check_values

__all__ = ["CHECKS", "dead_rules", "recommendable"]


def _variants(compiled: CompiledRuleSet) -> dict[str, list[EngineRule]]:
    out: dict[str, list[EngineRule]] = {}
    for r in compiled.rules:
        if r.role == "rule":
            out.setdefault(r.source, []).append(r)
    return out


def _with_years(patterns: tuple[Pattern, ...], ruleset: RuleSet) -> tuple[Pattern, ...]:
    """The patterns with each `available` pattern read as the program's years on the case, so that a rule whose own
    year conditions fall outside its program's availability is seen to contradict itself."""
    years: list[Test] = []
    for p in patterns:
        if p.fact == "available":
            program = ruleset.programs[str(p.tests[0].value)]
            if program.available_from is not None:
                years.append(Test("year", "min", program.available_from))
            if program.available_until is not None:
                years.append(Test("year", "max", program.available_until))
    if not years:
        return patterns
    rest = tuple(p for p in patterns if p.fact not in {"available", "case"})
    case_tests = tuple(t for p in patterns if p.fact == "case" for t in p.tests)
    return (*rest, Pattern("case", case_tests + tuple(years)))


def _blocked(patterns: tuple[Pattern, ...], rule: Rule) -> str:
    """Why the rule's own `unless` holds whenever these (a variant's) patterns do, or ''."""
    for item in rule.unless:
        pats = _unless_patterns(item)
        if patterns_imply(patterns, pats):
            said = " and ".join(f"{p.fact} {words(t)}" for p in pats for t in p.tests) or " and ".join(
                p.fact for p in pats)
            return f"its `unless` ({said}) holds whenever its `when` does"
    return ""


def _dead(patterns: tuple[Pattern, ...], rule: Rule, ruleset: RuleSet) -> str:
    return satisfiable(_with_years(patterns, ruleset)) or _blocked(patterns, rule)


def check_never_fires(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    variants = _variants(compiled)
    for rule in ruleset.rules:
        reasons = [_dead(v.patterns, rule, ruleset) for v in variants.get(rule.id, [])]
        program = ruleset.programs.get(rule.program)  # None for a rule for any program
        if reasons and all(reasons):
            reason = reasons[0]
            if "year" in reason and program is not None and (program.available_from or program.available_until):
                span = " ".join(part for part in (
                    f"from {program.available_from}" if program.available_from else "",
                    f"until {program.available_until}" if program.available_until else "") if part)
                reason = f"{program.id} is available {span}, never in a year the rule allows ({reason})"
            out.append(Finding(rule.file, rule.line, rule.id, "never-fires", "error", f"can never fire: {reason}",
                               "fix the contradicting conditions (the program's catalogue requirements and "
                               "availability count too)"))
        elif any(reasons):
            dead = sum(bool(r) for r in reasons)
            out.append(Finding(rule.file, rule.line, rule.id, "dead-alternative", "warning",
                               f"{dead} of its {len(reasons)} combinations of `any` alternatives can never hold: "
                               f"{next(r for r in reasons if r)}", "drop or fix that alternative"))
    return out


def check_undocumented_fields(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    for rule in ruleset.rules:
        for p in all_patterns(rule):
            for t in p.tests:
                prefix, _, rest = t.field.partition(".")
                if p.fact == "case" and prefix == "indicators" and rest not in DERIVED:
                    # indicators are derived by the advisor, never written in a case: this one is never there
                    out.append(Finding(rule.file, rule.line, rule.id, "unknown-field", "error",
                                       f"'case.{t.field}' is no derived indicator: no case has it",
                                       did_you_mean(rest, DERIVED) or "derived indicators are " + ", ".join(DERIVED)))
                    continue
                unknown = (p.fact == "asset" and "." not in t.field and t.field not in ATTRIBUTE_FIELDS
                           and t.field not in {"node", "type"}) or (
                    p.fact == "case" and prefix == "profile" and rest not in PROFILE_FIELDS)
                if unknown:
                    out.append(Finding(rule.file, rule.line, rule.id, "undocumented-field", "warning",
                                       f"'{p.fact}.{t.field}' is not in the case format; only cases that add it "
                                       "as an extra value can match", "check the spelling against the case format"))
    return out


# what says which problem, cause or path a condition is about: without one it matches any the FGD raised
_CLASSIFYING: dict[str, frozenset[str]] = {
    "problem": frozenset({"category", "categories", "family", "fungsi"}),
    "cause": frozenset({"category", "reaches", "reaches_families"}),
    "reach": frozenset({"cause_category", "problem_category", "problem_categories", "problem_family"}),
}


def check_broad_conditions(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """A `problem`, `cause` or `reach` condition of a rule's `when` that names no category or family: the rule
    fires for any problem (cause) severe enough, whatever it is about (a category deleted by mistake)."""
    out = []
    for rule in ruleset.rules:
        for item in rule.when:
            for p in item.options if isinstance(item, AnyOf) else (item,):
                fields = {t.field for t in p.tests}
                if p.fact in _CLASSIFYING and not fields & _CLASSIFYING[p.fact]:
                    out.append(Finding(rule.file, rule.line, rule.id, "broad-condition", "warning",
                                       f"its {p.fact} condition names no category or family: it matches any "
                                       f"{p.fact} the FGD raised", "name the categories (or the family) it is about"))
    return out


def _unless_patterns(item: Pattern | AllOf) -> tuple[Pattern, ...]:
    return item.patterns if isinstance(item, AllOf) else (item,)


def _unless_covered(b_item: Pattern | AllOf, a_rule: Rule) -> bool:
    """Whenever ``b_item`` holds, does one of a_rule's own `unless` items hold too?"""
    return any(patterns_imply(_unless_patterns(b_item), _unless_patterns(a_item)) for a_item in a_rule.unless)


def _by_program(ruleset: RuleSet) -> dict[str, list[Rule]]:
    """The rules of each program, in file order: the pairwise checks compare only rules for the same program, so
    lint time grows with the rules per program, not with the square of the whole set."""
    out: dict[str, list[Rule]] = {}
    for rule in ruleset.rules:
        out.setdefault(rule.program, []).append(rule)
    return out


def _same_program_pairs(ruleset: RuleSet) -> list[tuple[int, Rule, int, Rule]]:
    """Every ordered pair of distinct rules for one program, each with its position in the rule set."""
    order = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    return [(order[a.id], a, order[b.id], b) for group in _by_program(ruleset).values()
            for a in group for b in group if a is not b]


def _tested(patterns: tuple[Pattern, ...]) -> frozenset[tuple[str, str]]:
    """The facts and fields the patterns test (a one-value field counts for its list field too: LIST_OF)."""
    fields = {(p.fact, t.field) for p in patterns for t in p.tests}
    fields |= {(fact, LIST_OF[(fact, name)]) for fact, name in fields if (fact, name) in LIST_OF}
    return frozenset(fields) | {(p.fact, "") for p in patterns}


def _implies(a: EngineRule, b: EngineRule, tested: dict[int, frozenset[tuple[str, str]]]) -> bool:
    """patterns_imply on two variants, after a cheap necessary condition: a tests every fact and field b tests."""
    return tested[id(b)] <= tested[id(a)] and patterns_imply(a.patterns, b.patterns)


def check_redundant(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    variants = _variants(compiled)
    tested = {id(v): _tested(v.patterns) for vs in variants.values() for v in vs}
    weight = ruleset.ranking.role_weight
    for ia, a, ib, b in _same_program_pairs(ruleset):
        if not variants.get(a.id) or not variants.get(b.id):
            continue
        if b.priority < a.priority or weight(b.role) < weight(a.role):
            continue  # a says more than b where both fire: it raises the program's rank there
        if not all(_unless_covered(item, a) for item in b.unless):
            continue  # b can be blocked where a is not
        if all(any(_implies(va, vb, tested) for vb in variants[b.id]) for va in variants[a.id]):
            mutual = all(any(_implies(vb, va, tested) for va in variants[a.id])
                         for vb in variants[b.id]) and all(_unless_covered(i, b) for i in a.unless)
            same = b.priority == a.priority and weight(b.role) == weight(a.role)
            if mutual and same and ia < ib:
                continue  # the same conditions twice: report the later rule only
            where = f"{b.id} ({Path(b.file).name}:{b.line})"
            if same:
                out.append(Finding(a.file, a.line, a.id, "redundant", "warning",
                                   f"redundant: whenever it fires, {where} fires for {a.program} too",
                                   "merge the two rules, or make this one differ"))
            else:
                out.append(Finding(a.file, a.line, a.id, "shadowed", "warning",
                                   f"shadowed: whenever it fires, {where} fires for {a.program} too, with a weaker "
                                   f"condition and priority {b.priority} (role {b.role}) against its {a.priority} "
                                   f"(role {a.role}), so it never changes the advice",
                                   f"drop it, or give it a higher priority than {b.id}"))
    return out


def check_conflicts(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """Rule A recommends P where rule B (also on P) excludes P, and A's conditions allow B's exception."""
    out = []
    variants = _variants(compiled)
    for _, b, _, a in _same_program_pairs(ruleset):
        for item in b.unless:
            pats = _unless_patterns(item)
            if _unless_covered(item, a):
                continue
            together = [v for v in variants.get(a.id, []) if not satisfiable(v.patterns) and not satisfiable(
                [_merged_case(v.patterns, pats)])]
            if together:
                # "and" joins them (a "; " would read as the start of the hint)
                said = " and ".join(f"{p.fact} {words(t)}" for p in pats for t in p.tests) or " and ".join(
                    p.fact for p in pats)
                out.append(Finding(a.file, a.line, a.id, "conflict", "warning",
                                   f"recommends {a.program} where {b.id} ({Path(b.file).name}:{b.line}) excludes "
                                   f"it (unless {said}), and both can hold together",
                                   f"give {a.id} the same `unless`, or move the exception to the catalogue"))
    return out


def _merged_case(patterns: Sequence[Pattern], extra: Sequence[Pattern]) -> Pattern:
    tests = [t for p in (*patterns, *extra) if p.fact == "case" for t in p.tests]
    return Pattern("case", tuple(tests))


def recommendable(ruleset: RuleSet) -> set[str]:
    # a rule for any program (`program: "*"`) follows what the room offered: it makes no program reachable
    out = {r.program for r in ruleset.rules if r.program != ANY_PROGRAM}
    changed = True
    while changed:
        more = {p.needs for p in ruleset.prerequisites if p.program in out} - out
        out |= more
        changed = bool(more)
    return out


def check_unreachable_programs(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    reachable = recommendable(ruleset)
    return [Finding(ruleset.programs[pid].file, ruleset.programs[pid].line, "", "unreachable-program", "warning",
                    f"no rule can recommend program '{pid}', and no prerequisite leads to it",
                    "write a rule for it, or drop it from the catalogue") for pid in sorted(ruleset.programs)
            if pid not in reachable]


def check_unserved_categories(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    tax = ruleset.taxonomy
    served: set[str] = set()
    for pid in recommendable(ruleset):
        prog = ruleset.programs[pid]
        served |= set(prog.addresses_problems) | set(prog.addresses_causes)
    for rule in ruleset.rules:
        for p in (item for w in rule.when for item in (w.options if isinstance(w, AnyOf) else (w,))):
            for t in p.tests:
                kind = CODE_FIELDS.get((p.fact, t.field))
                if kind is None or t.op not in {"eq", "in", "includes", "includes_any"}:
                    continue
                values = set(t.value) if isinstance(t.value, tuple) else {t.value}
                served |= values
                if kind == "family":
                    served |= {c for c, fam in tax.problem_family.items() if fam in values}
    out = []
    for kind, codes in (("problem", tax.problems), ("cause", tax.causes)):
        for code in sorted(set(codes) - served):
            out.append(Finding(tax.file, tax.lines.get(code, 0), "", "unserved-category", "warning",
                               f"no rule serves {kind} category '{code}'",
                               "no rule names it and no recommendable program addresses it"))
    return out


def check_coverage_holes(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """A category a program's catalogue entry addresses that no rule recommends it from (policy/coverage.py)."""
    from ..coverage import coverage

    reachable = recommendable(ruleset)  # an unreachable program is reported once, by check_unreachable_programs
    return [Finding(ruleset.programs[c.program].file, ruleset.programs[c.program].line, "", "coverage-hole",
                    "warning", f"no rule recommends {c.program} from {c.category}, which its catalogue entry "
                    "addresses", "write a rule for it, or mark it in coverage.yaml (`intentional:`) with the reason")
            for c in coverage(ruleset).holes if c.program in reachable]


def dead_rules(ruleset: RuleSet, compiled: CompiledRuleSet) -> set[str]:
    variants = _variants(compiled)
    return {rule.id for rule in ruleset.rules if variants.get(rule.id) and all(
        _dead(v.patterns, rule, ruleset) for v in variants[rule.id])}


CHECKS: tuple[Callable[[RuleSet, CompiledRuleSet], list[Finding]], ...] = (
    check_never_fires, check_values, check_undocumented_fields, check_broad_conditions, check_redundant,
    check_conflicts, check_unreachable_programs, check_unserved_categories, check_coverage_holes, check_rule_tests,
    check_place_wording, check_place_names, check_texts, check_sources,
)
