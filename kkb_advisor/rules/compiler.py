"""Compile a RuleSet into engine rules: flat lists of patterns, and the durable_rules JSON they become.

Each rule becomes one engine rule per combination of its `any` alternatives (and those of its program's
requirements), with the program's availability added as a pattern on an `available` fact and its locality as a
test on the case's places. Each `unless` item becomes an
engine rule of its own that runs first (lower salience); a rule whose `unless` fired stays quiet. Prerequisites become
rules on the derived `recommended` fact. The same compiled patterns feed the Python evaluator (why-not, floor).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..errors import Problem, RuleSetError
from ..model.ruleset import ANY_PROGRAM, AllOf, AnyOf, Pattern, Program, Rule, RuleSet, Test, WhenItem
from .cache import engine_checked, remember_engine_checked
from .durable import (
    HAS,
    SALIENCE,
    engine_json,
    engine_limits,
    engine_problems,
    fields_used,
    member_key,
    memberships,
    to_durable,
)
from .fields import PROGRAM_FACTS, place_key

__all__ = ["ENGINE_LIMITS", "HAS", "MAX_VARIANTS", "SALIENCE", "CompiledRuleSet", "EngineRule", "compile_ruleset",
           "member_key", "to_durable"]

MAX_VARIANTS = 64  # combinations of `any` alternatives a single rule may expand into
ENGINE_LIMITS = {"patterns": 16}  # the other limits of durable_rules are checked on its network (rules/network.py)


@dataclass(frozen=True)
class EngineRule:
    """One durable_rules rule. ``source`` is the rule id (or 'needs:A>B' for a prerequisite)."""

    name: str
    role: str  # "rule", "unless" or "prereq"
    source: str
    program: str  # the program it recommends ("" for unless rules)
    patterns: tuple[Pattern, ...]
    priority: int = 3
    stance: str = "answer"  # the rule's role for its program: answer, support or enabler (Rule.role)


@dataclass(frozen=True)
class CompiledRuleSet:
    ruleset: RuleSet
    rules: tuple[EngineRule, ...]
    # the durable_rules definition of ``rules`` as the engine reads it (engine_json of to_durable, keys sorted);
    # "" where not made yet (advice/engine.py makes it then)
    durable: str = field(default="", repr=False, compare=False)

    def by_name(self) -> dict[str, EngineRule]:
        return {r.name: r for r in self.rules}

    def fields_used(self) -> dict[str, dict[str, set[str] | None]]:
        """Per kind of fact, the fields any rule tests: top-level name -> used sub-keys (None: the whole value)."""
        return fields_used(self.rules)

    def memberships(self) -> dict[str, dict[str, set[str]]]:
        """Per kind of fact, the list fields tested for members, and the members (rules/durable.py)."""
        return memberships(self.rules)


def _variants(items: tuple[WhenItem, ...]) -> list[tuple[Pattern, ...]]:
    choices = [item.options if isinstance(item, AnyOf) else (item,) for item in items]
    return [tuple(combo) for combo in itertools.product(*choices)]


def _merge(a: Pattern, b: Pattern) -> Pattern:
    return Pattern(a.fact, a.tests + tuple(t for t in b.tests if t not in a.tests), a.where)


def _normalise(own: tuple[Pattern, ...], extra: tuple[Pattern, ...]) -> list[tuple[Pattern, ...]]:
    """Combine a rule's patterns with its program's requirements, as the engine needs them.

    The engine binds a different fact to each pattern of a rule. So: all `case` patterns become one (there is one
    case), and a requirement on a kind of fact that the rule already names applies to that same fact (one variant
    for each such pattern of the rule); other requirements stand on their own.
    """
    variants: list[list[Pattern]] = [list(own)]
    for req in extra:
        nxt: list[list[Pattern]] = []
        for patterns in variants:
            same = [i for i, p in enumerate(patterns) if p.fact == req.fact]
            if not same:
                nxt.append([*patterns, req])
            for i in same:
                nxt.append([*patterns[:i], _merge(patterns[i], req), *patterns[i + 1:]])
        variants = nxt
    out = []
    for patterns in variants:
        cases = [p for p in patterns if p.fact == "case"]
        if len(cases) > 1:
            merged = cases[0]
            for p in cases[1:]:
                merged = _merge(merged, p)
            patterns = [merged if p is cases[0] else p for p in patterns if p.fact != "case" or p is cases[0]]
        out.append(tuple(patterns))
    return out


def _eligibility(program: Program) -> tuple[Pattern, ...]:
    """What the catalogue says beyond `requires`: the program is available at the FGD date (a fact per available
    program, advice/facts.py) and, for a program of one place (`locality`), the case is in that place."""
    out = []
    if program.locality:
        out.append(Pattern("case", (Test("places", "includes", place_key(program.locality)),),
                           f"catalogue: {program.id}.locality"))
    if program.available_from is not None or program.available_until is not None:
        out.append(Pattern("available", (Test("program", "eq", program.id),), f"catalogue: {program.id}.available"))
    return tuple(out)


def _rule_programs(rule: Rule, ruleset: RuleSet) -> list[tuple[Program, tuple[WhenItem, ...]]]:
    """The program(s) a rule recommends, each with its conditions. A rule for any program (``program: "*"``) becomes
    one rule per catalogue program, its `offered` (or `named`, `existing`) condition naming that program (for
    `named`, only the programs with `short_names`, the only ones a case's words can name)."""
    if rule.program != ANY_PROGRAM:
        return [(ruleset.programs[rule.program], rule.when)]
    out = []
    by_name = any(isinstance(item, Pattern) and item.fact == "named" for item in rule.when)
    for pid in sorted(ruleset.programs):
        if by_name and not ruleset.programs[pid].short_names:
            continue  # the FGD's words can name only a program with short names: no `named` fact for the others
        named = Test("program", "eq", pid)
        when = tuple(Pattern(item.fact, (*item.tests, named), item.where)
                     if isinstance(item, Pattern) and item.fact in PROGRAM_FACTS else item for item in rule.when)
        out.append((ruleset.programs[pid], when))
    return out


def _requirements(when: tuple[WhenItem, ...], program: Program) -> tuple[WhenItem, ...]:
    """The program's requirements for a rule. For a rule on what an agency offered at the FGD, a requirement on a
    count or fact of the village that the case does not record (`facts.*`, `profile.*`) counts as met: the offer is
    the evidence (the KUA would not offer marriage guidance where nobody marries). A recorded value still decides."""
    if not any(isinstance(item, Pattern) and item.fact == "offered" for item in when):
        return program.requires
    out: list[WhenItem] = []
    for item in program.requires:
        if (isinstance(item, Pattern) and item.fact == "case" and len(item.tests) == 1
                and item.tests[0].field.startswith(("facts.", "profile.")) and item.tests[0].op != "exists"):
            unknown = Pattern("case", (Test(item.tests[0].field, "exists", False),), item.where)
            out.append(AnyOf((item, unknown)))
        else:
            out.append(item)
    return tuple(out)


def compile_ruleset(ruleset: RuleSet) -> CompiledRuleSet:
    """Expand every rule, unless item and prerequisite into engine rules; refuse what the engine cannot take."""
    out: list[EngineRule] = []
    problems: list[Problem] = []
    where: dict[str, tuple[str, int]] = {}  # engine rule -> the file and line of what it came from
    counter = itertools.count()

    def add(role: str, source: str, program: str, patterns: tuple[Pattern, ...], priority: int,
            file: str, line: int, stance: str = "answer") -> None:
        if len(patterns) > ENGINE_LIMITS["patterns"]:
            problems.append(Problem(file, f"line {line}", f"'{source}' has {len(patterns)} conditions together with "
                                    f"its program's requirements; the engine takes at most "
                                    f"{ENGINE_LIMITS['patterns']}", "split it into two rules", line, "engine-limit"))
            return
        name = f"r{next(counter)}"
        where[name] = (file, line)
        out.append(EngineRule(name, role, source, program, patterns, priority, stance))

    for rule in ruleset.rules:
        for program, when in _rule_programs(rule, ruleset):
            base = _eligibility(program)
            variants = [v for w in _variants(when) for req in _variants(_requirements(when, program))
                        for v in _normalise(w, (*req, *base))]
            if len(variants) > MAX_VARIANTS:
                problems.append(Problem(rule.file, f"line {rule.line}", f"rule '{rule.id}' expands into "
                                        f"{len(variants)} combinations of `any` alternatives; the limit is "
                                        f"{MAX_VARIANTS}", "use fewer `any` groups, or split the rule", rule.line,
                                        "schema"))
                break
            for patterns in variants:
                add("rule", rule.id, program.id, patterns, rule.priority, rule.file, rule.line, rule.role)
        for item in rule.unless:
            for patterns in _normalise(item.patterns if isinstance(item, AllOf) else (item,), ()):
                add("unless", rule.id, "", patterns, rule.priority, rule.file, rule.line)
    for pre in ruleset.prerequisites:
        needed = ruleset.programs[pre.needs]
        source = f"needs:{pre.program}>{pre.needs}"
        trigger = Pattern("recommended", (Test("program", "eq", pre.program),), f"{pre.file}: prerequisites")
        base = _eligibility(needed)
        for when in _variants(pre.needed_when):
            for req in _variants(needed.requires):
                for patterns in _normalise((trigger, *when), (*req, *base)):
                    add("prereq", source, pre.needs, patterns, 3, pre.file, pre.line)
        # the need is met when the needed program is running (a completed one-off, e.g. last year's Musrenbang or a
        # past registration drive, does not meet it), and moot when the dependent program is already running
        running = Test("status", "in", ("active", "in_process"))
        for running_id in (pre.needs, pre.program):
            blocker = Pattern("existing", (Test("program", "eq", running_id), running), f"{pre.file}: prerequisites")
            add("unless", source, "", (blocker,), 3, pre.file, pre.line)
    if problems:
        raise RuleSetError(problems)
    # the engine's own limits, on the network it would build (only worth it when the rest is sound), unless this
    # very definition passed them before (rules/cache.py)
    definition = engine_json(to_durable(out), sort_keys=True)
    limits = engine_limits()
    if not engine_checked(definition, limits):
        problems = engine_problems(out, where, ruleset.folder)
        if problems:
            raise RuleSetError(problems)
        remember_engine_checked(definition, limits)
    return CompiledRuleSet(ruleset=ruleset, rules=tuple(out), durable=definition)
