"""`rules lint`: mistakes a rule set can load with, and the ones it cannot (as findings, not as an exception).

Each check is a function ``(ruleset, compiled) -> findings`` listed in CHECKS. Load and compile errors become
findings of severity error; the checks below only run on a set that loads. Implication and satisfiability are
decided per field test, conservatively: lint never claims a rule is dead or redundant unless it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError, Problem, RuleSetError
from ...model.case import ATTRIBUTE_FIELDS, PROFILE_FIELDS
from ...io.documents import read_document
from ...rules.compiler import CompiledRuleSet, EngineRule, compile_ruleset
from ...rules.conditions import CODE_FIELDS, field_kind
from ...rules.evaluator import test_holds
from ...rules.load import MANIFEST, default_rules_dir, load_rules
from ...model.ruleset import AllOf, AnyOf, Pattern, Rule, RuleSet, Test

__all__ = ["CHECKS", "Finding", "lint", "lint_folder", "pattern_implies", "render_findings", "satisfiable"]


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rule: str  # rule id ('' when the finding is not about one rule)
    code: str
    severity: str  # error | warning
    message: str
    hint: str = ""

    def __str__(self) -> str:
        rule = f" {self.rule}:" if self.rule else ""
        text = f"{self.file}:{self.line}: {self.severity} [{self.code}]{rule} {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


# ---------------------------------------------------------------- load errors as findings

_CODES = (("duplicate rule id", "duplicate-id"), ("form a cycle", "prerequisite-cycle"),
          ("have no field", "unknown-field"), ("unknown kind of fact", "unknown-field"),
          ("unknown program", "unknown-program"), ("category", "unknown-category"), ("the engine", "engine-limit"))
_RULE_PATH = re.compile(r"\(rules\[(\d+)\]")


def _problem_finding(problem: Problem, rule_ids: dict[str, list[str]]) -> Finding:
    code = next((c for text, c in _CODES if text in problem.message and (
        c != "unknown-category" or problem.message.startswith("unknown"))), "schema")
    rule = ""
    m = _RULE_PATH.search(problem.location)
    if m and problem.file in rule_ids and int(m.group(1)) < len(rule_ids[problem.file]):
        rule = rule_ids[problem.file][int(m.group(1))]
    line = problem.line
    if code == "duplicate-id":
        rule = problem.message.split("'")[1]
    if code == "prerequisite-cycle" and not line:
        first, second = problem.message.split(": ", 1)[1].split(" -> ")[:2]
        line = _line_of(problem.file, "prerequisites", lambda item: (item.get("program"), item.get("needs")) == (
            first, second))
    return Finding(problem.file, line, rule, code, "error", problem.message, problem.hint)


def _line_of(file: str, key: str, wanted: Callable[[dict[str, Any]], bool]) -> int:
    """The line of the first item of the list ``key`` in ``file`` for which ``wanted`` holds (0 if none)."""
    try:
        doc = read_document(file)
    except InputError:
        return 0
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and wanted(item):
            return (doc.locate((key, i)) or (0, 0))[0]
    return 0


def _manifest_file(ruleset: RuleSet, key: str) -> str:
    """The shown path of the catalogue or taxonomy file of a rule set, as its manifest names it."""
    shown = str(Path(ruleset.rules[0].file).parent) if ruleset.rules else ruleset.folder
    try:
        data = read_document(Path(ruleset.folder) / MANIFEST).data
    except InputError:
        data = {}
    name = data.get(key, f"{key}.yaml") if isinstance(data, dict) else f"{key}.yaml"
    return f"{shown}/{name}"


def _rule_ids(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Rule ids by position, for the rule files named in problems (to say which rule a problem is in)."""
    out: dict[str, list[str]] = {}
    for file in sorted({p.file for p in problems}):
        try:
            data = read_document(file).data
        except InputError:
            continue
        rules = data.get("rules") if isinstance(data, dict) else None
        if isinstance(rules, list):
            out[file] = [str(r.get("id", "")) if isinstance(r, dict) else "" for r in rules]
    return out


def lint_folder(folder: Path | str | None = None) -> list[Finding]:
    """Lint the rule set in ``folder`` (default: the bundled one). A folder without ruleset.yaml is a usage error."""
    base = Path(folder) if folder is not None else default_rules_dir()
    if not (base / MANIFEST).is_file() and not (base.is_file() and base.name == MANIFEST):
        load_rules(folder)  # raises the usual "no ruleset.yaml" error
    try:
        ruleset = load_rules(folder)
        compiled = compile_ruleset(ruleset)
    except RuleSetError as exc:
        ids = _rule_ids(exc.problems)
        return sorted({_problem_finding(p, ids) for p in exc.problems})
    return lint(ruleset, compiled)


def lint(ruleset: RuleSet, compiled: CompiledRuleSet | None = None) -> list[Finding]:
    """Every finding of every check on a loaded rule set, sorted by file, line, rule and code."""
    compiled = compiled or compile_ruleset(ruleset)
    return sorted({f for check in CHECKS for f in check(ruleset, compiled)})


def render_findings(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    lines = [str(f) for f in findings]
    lines.append(f"{errors} errors, {len(findings) - errors} warnings")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- reasoning about tests


def _words(test: Test) -> str:
    op = {"eq": "=", "in": "in", "min": ">=", "max": "<=", "above": ">", "below": "<", "not": "!=",
          "none_of": "not in", "includes": "includes", "includes_any": "includes any of", "exists": "exists:"}
    value = list(test.value) if isinstance(test.value, tuple) else test.value
    return f"{test.field} {op[test.op]} {value}".replace("True", "true").replace("False", "false")


def _kind_mismatch(fact: str, test: Test) -> bool:
    kind = field_kind(fact, test.field)
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op not in {"eq", "in"} or kind is None:
        return False
    if kind == "bool":
        return not any(isinstance(v, bool) for v in values)
    if kind in {"int", "number", "date"}:
        return not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    if kind == "text":
        return not any(isinstance(v, str) for v in values)
    return False


def _contradiction(fact: str, tests: Sequence[Test]) -> str:
    """Why these tests (all on one fact) can never hold together, or '' when they can (or we cannot tell)."""
    by_field: dict[str, list[Test]] = {}
    for t in tests:
        by_field.setdefault(t.field, []).append(t)
        if _kind_mismatch(fact, t):
            return f"{fact}.{_words(t)} compares a {field_kind(fact, t.field)} field with another type"
    for name, group in by_field.items():
        if any(t.op == "exists" and t.value is False for t in group) and any(
                not (t.op == "exists" and t.value is False) for t in group):
            return f"{fact}.{name} must be absent and tested at once"
        allowed: set[Any] | None = None
        for t in group:
            if t.op in {"eq", "in"}:
                values = set(t.value) if t.op == "in" else {t.value}
                allowed = values if allowed is None else {v for v in allowed if any(
                    v == w and type(v) is type(w) for w in values)}
        probe = [t for t in group if t.op in {"min", "max", "above", "below", "not", "none_of"}]
        if allowed is not None:
            left = [v for v in allowed if all(test_holds(_fact(name, v), t) for t in probe)]
            if not left:
                return f"{fact}: " + " and ".join(_words(t) for t in group) + " cannot all hold"
            continue
        lo = max(((t.value, t.op == "above") for t in group if t.op in {"min", "above"}), default=None)
        hi = min(((t.value, t.op == "below") for t in group if t.op in {"max", "below"}),
                 key=lambda x: (x[0], not x[1]), default=None)
        if lo is not None and hi is not None and (lo[0] > hi[0] or (lo[0] == hi[0] and (lo[1] or hi[1]))):
            return f"{fact}: " + " and ".join(_words(t) for t in group if t.op in {
                "min", "max", "above", "below"}) + " cannot all hold"
    return ""


def _fact(dotted: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"t": "x"}
    node = out
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return out


def _with_date_years(pattern: Pattern) -> tuple[Test, ...]:
    """`case.date` tests (YYYYMMDD numbers) also bound the year: lets lint see dates outside a program's years."""
    extra = []
    for t in pattern.tests:
        if pattern.fact == "case" and t.field == "date" and t.op in {"min", "max", "above", "below"}:
            extra.append(Test("year", {"above": "min", "below": "max"}.get(t.op, t.op), int(t.value) // 10000))
    return pattern.tests + tuple(extra)


def satisfiable(patterns: Sequence[Pattern]) -> str:
    """'' when some case could match all patterns, else the reason it cannot."""
    for p in patterns:
        reason = _contradiction(p.fact, _with_date_years(p))
        if reason:
            return reason
    return ""


def _test_implies(a: Test, b: Test) -> bool:
    """Does test ``a`` holding on a field guarantee that test ``b`` (same field) holds? Conservative."""
    if a == b:
        return True
    if b.op == "exists":
        return bool(b.value) and not (a.op == "exists" and not a.value)
    if a.op == "eq":
        return test_holds(_fact(a.field, a.value), b)
    if a.op == "in":
        return all(test_holds(_fact(a.field, v), b) for v in a.value)
    num = (int, float)
    if not (isinstance(a.value, num) and isinstance(b.value, num)):
        if a.op == "includes" and b.op == "includes_any":
            return a.value in b.value
        if a.op == "includes_any" and b.op == "includes_any":
            return set(a.value) <= set(b.value)
        if a.op in {"not", "none_of"} and b.op in {"not", "none_of"}:
            excluded = set(a.value) if a.op == "none_of" else {a.value}
            return (set(b.value) if b.op == "none_of" else {b.value}) <= excluded
        return False
    lower = {"min": lambda x, y: y <= x, "above": lambda x, y: y < x}
    upper = {"max": lambda x, y: y >= x, "below": lambda x, y: y > x}
    if a.op in {"min", "above"} and b.op in lower:
        return bool(lower[b.op](a.value, b.value)) or (a.op == "above" and b.op == "min" and b.value <= a.value)
    if a.op in {"max", "below"} and b.op in upper:
        return bool(upper[b.op](a.value, b.value)) or (a.op == "below" and b.op == "max" and b.value >= a.value)
    return False


def pattern_implies(a: Pattern, b: Pattern) -> bool:
    """Does every fact that passes ``a`` pass ``b``? (Each test of b implied by one test of a on its field.)"""
    return a.fact == b.fact and all(any(t.field == u.field and _test_implies(t, u) for t in a.tests) for u in b.tests)


def _patterns_imply(a: Sequence[Pattern], b: Sequence[Pattern]) -> bool:
    """Whenever the patterns ``a`` match (distinct facts), do the patterns ``b`` match too (distinct facts)?"""
    def assign(i: int, used: frozenset[int]) -> bool:
        if i == len(b):
            return True
        return any(j not in used and pattern_implies(pa, b[i]) and assign(i + 1, used | {j})
                   for j, pa in enumerate(a))
    return assign(0, frozenset())


# ---------------------------------------------------------------- the checks


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


def check_never_fires(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    variants = _variants(compiled)
    for rule in ruleset.rules:
        reasons = [satisfiable(_with_years(v.patterns, ruleset)) for v in variants.get(rule.id, [])]
        program = ruleset.programs[rule.program]
        if reasons and all(reasons):
            reason = reasons[0]
            if "year" in reason and (program.available_from or program.available_until):
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
        for p in _all_patterns(rule):
            for t in p.tests:
                prefix, _, rest = t.field.partition(".")
                unknown = (p.fact == "asset" and "." not in t.field and t.field not in ATTRIBUTE_FIELDS
                           and t.field not in {"node", "type"}) or (
                    p.fact == "case" and prefix == "profile" and rest not in PROFILE_FIELDS)
                if unknown:
                    out.append(Finding(rule.file, rule.line, rule.id, "undocumented-field", "warning",
                                       f"'{p.fact}.{t.field}' is not in the case format; only cases that add it "
                                       "as an extra value can match", "check the spelling against the case format"))
    return out


def _all_patterns(rule: Rule) -> list[Pattern]:
    out: list[Pattern] = []
    for item in (*rule.when, *rule.unless):
        out.extend(item.options if isinstance(item, AnyOf) else item.patterns if isinstance(item, AllOf) else (item,))
    return out


def _unless_patterns(item: Pattern | AllOf) -> tuple[Pattern, ...]:
    return item.patterns if isinstance(item, AllOf) else (item,)


def _unless_covered(b_item: Pattern | AllOf, a_rule: Rule) -> bool:
    """Whenever ``b_item`` holds, does one of a_rule's own `unless` items hold too?"""
    return any(_patterns_imply(_unless_patterns(b_item), _unless_patterns(a_item)) for a_item in a_rule.unless)


def check_redundant(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    variants = _variants(compiled)
    for a in ruleset.rules:
        for b in ruleset.rules:
            if a is b or a.program != b.program or not variants.get(a.id) or not variants.get(b.id):
                continue
            if not all(_unless_covered(item, a) for item in b.unless):
                continue  # b can be blocked where a is not
            if all(any(_patterns_imply(va.patterns, vb.patterns) for vb in variants[b.id]) for va in variants[a.id]):
                mutual = all(any(_patterns_imply(vb.patterns, va.patterns) for va in variants[a.id])
                             for vb in variants[b.id]) and all(_unless_covered(i, b) for i in a.unless)
                if mutual and ruleset.rules.index(a) < ruleset.rules.index(b):
                    continue  # the same conditions twice: report the later rule only
                out.append(Finding(a.file, a.line, a.id, "redundant", "warning",
                                   f"redundant: whenever it fires, {b.id} ({Path(b.file).name}:{b.line}) fires for "
                                   f"{a.program} too", "merge the two rules, or make this one differ"))
    return out


def check_conflicts(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """Rule A recommends P where rule B (also on P) excludes P, and A's conditions allow B's exception."""
    out = []
    variants = _variants(compiled)
    for b in ruleset.rules:
        for item in b.unless:
            pats = _unless_patterns(item)
            for a in ruleset.rules:
                if a is b or a.program != b.program or _unless_covered(item, a):
                    continue
                together = [v for v in variants.get(a.id, []) if not satisfiable(v.patterns) and not satisfiable(
                    [_merged_case(v.patterns, pats)])]
                if together:
                    words = "; ".join(f"{p.fact} " + ", ".join(_words(t) for t in p.tests) for p in pats)
                    out.append(Finding(a.file, a.line, a.id, "conflict", "warning",
                                       f"recommends {a.program} where {b.id} ({Path(b.file).name}:{b.line}) excludes "
                                       f"it (unless {words}), and both can hold together",
                                       f"give {a.id} the same `unless`, or move the exception to the catalogue"))
    return out


def _merged_case(patterns: Sequence[Pattern], extra: Sequence[Pattern]) -> Pattern:
    tests = [t for p in (*patterns, *extra) if p.fact == "case" for t in p.tests]
    return Pattern("case", tuple(tests))


def _recommendable(ruleset: RuleSet) -> set[str]:
    out = {r.program for r in ruleset.rules}
    changed = True
    while changed:
        more = {p.needs for p in ruleset.prerequisites if p.program in out} - out
        out |= more
        changed = bool(more)
    return out


def check_unreachable_programs(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    reachable = _recommendable(ruleset)
    file = _manifest_file(ruleset, "catalogue")
    def is_program(pid: str) -> Callable[[Any], bool]:
        return lambda item: bool(item.get("id") == pid)

    return [Finding(file, _line_of(file, "programs", is_program(pid)), "",
                    "unreachable-program", "warning",
                    f"no rule can recommend program '{pid}', and no prerequisite leads to it",
                    "write a rule for it, or drop it from the catalogue") for pid in sorted(ruleset.programs)
            if pid not in reachable]


def check_unserved_categories(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    tax = ruleset.taxonomy
    served: set[str] = set()
    for pid in _recommendable(ruleset):
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
    file = _manifest_file(ruleset, "taxonomy")
    try:
        doc = read_document(file)
    except InputError:
        doc = None
    out = []
    for kind, codes in (("problem", tax.problems), ("cause", tax.causes)):
        for code in sorted(set(codes) - served):
            path = (("problem_categories", tax.problem_family.get(code, ""), "codes", code) if kind == "problem"
                    else ("cause_categories", code))
            line = ((doc.locate(path) or (0, 0))[0]) if doc is not None else 0
            out.append(Finding(file, line, "", "unserved-category", "warning",
                               f"no rule serves {kind} category '{code}'",
                               "no rule names it and no recommendable program addresses it"))
    return out


CHECKS: tuple[Callable[[RuleSet, CompiledRuleSet], list[Finding]], ...] = (
    check_never_fires, check_undocumented_fields, check_redundant, check_conflicts, check_unreachable_programs,
    check_unserved_categories,
)
