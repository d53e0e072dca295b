"""Compiled rules as durable_rules' ruleset definition, and the engine's limits checked on it before it reaches C.

`to_durable` is the one definition the engine driver (advice/engine.py) hands to durable_rules' `create_ruleset`;
`engine_problems` rebuilds the network the C code would build from that same definition (rules/network.py) and
turns every limit it exceeds into a located problem (file, line, rule id), so that the loader, `rules lint` and
`advise` refuse the same rule sets and nothing the engine would refuse, hang on or overflow ever reaches it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import Problem, Text
from . import network

if TYPE_CHECKING:
    from ..model.ruleset import Test
    from .compiler import EngineRule

__all__ = ["HAS", "MAX_FACT_FIELDS", "SALIENCE", "SENTINEL", "engine_json", "engine_limits", "engine_problems",
           "fields_used", "member_key", "memberships", "to_durable"]

SALIENCE = {"unless": 0, "rule": 10, "prereq": 20}
HAS = ":has"  # a list field's members as the engine sees them: `places:has.<member_key>` is true
# durable_rules 2.0.28 corrupts memory in delete_state() when no rule fired in the session (segfault or abort,
# depending on the heap): a sentinel rule that always fires keeps every session safe to delete (advice/engine.py)
SENTINEL = "kkb_sentinel"  # never a compiled rule's name (r0, r1, ...) nor a fact kind
MAX_FACT_FIELDS = 254  # MAX_OBJECT_PROPERTIES 255, nested names included (state.c: setObjectProperty)
_MEMBER_OPS = frozenset({"includes", "includes_any"})


# a JSON string (left alone) or a number written with an exponent
_EXPONENT = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?[eE][-+]?\d+')


_MAYBE = re.compile(r"\de[-+]\d")


def _fixed(match: re.Match[str]) -> str:
    token = match.group()
    return token if token[0] == '"' else format(Decimal(token), "f")


def engine_json(value: Any, *, sort_keys: bool = False) -> str:
    """``value`` as JSON that durable_rules reads safely. Its parser crashes the process (SIGSEGV) on any number
    with an exponent (`1e-05`, `2e3`), which Python writes for floats below 0.0001: those are written out in full
    (`0.00001`). Facts carry numbers rounded to 12 decimals (advice/facts.py) and thresholds are refused below
    1e-12 (io/validation.py), so a number never needs more digits than the engine reads (about 250)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    if ("e-" in text or "e+" in text) and _MAYBE.search(text):  # json writes exponents as 1e-05, 1e+16 only
        text = _EXPONENT.sub(_fixed, text)
    return text


def member_key(value: Any) -> str:
    """A list member as a field name of the engine's members object: equal values (1 and 1.0) share one name, text
    never looks like a number or a yes/no."""
    if isinstance(value, str):
        return "s" + value
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, (int, float)):
        try:
            return "n" + repr(float(value))
        except OverflowError:
            return "n" + repr(value)
    return "x" + repr(value)


def fields_used(rules: Sequence[EngineRule]) -> dict[str, dict[str, set[str] | None]]:
    """Per kind of fact, the fields any rule tests: top-level name -> used sub-keys (None: the whole value).
    List membership is read from the members object instead (``memberships``)."""
    used: dict[str, dict[str, set[str] | None]] = {}
    for rule in rules:
        for pattern in rule.patterns:
            kind = used.setdefault(pattern.fact, {})
            for test in pattern.tests:
                if test.op in _MEMBER_OPS:
                    continue
                top, _, sub = test.field.partition(".")
                if not sub:
                    kind[top] = None
                elif kind.get(top, set()) is not None:
                    kind.setdefault(top, set()).add(sub.split(".")[0])  # type: ignore[union-attr]
    return used


def memberships(rules: Sequence[EngineRule]) -> dict[str, dict[str, set[str]]]:
    """Per kind of fact, the list fields tested with `includes`/`includes_any` and the members they look for (as
    member_key spells them)."""
    out: dict[str, dict[str, set[str]]] = {}
    for rule in rules:
        for pattern in rule.patterns:
            for test in pattern.tests:
                if test.op in _MEMBER_OPS:
                    values = test.value if test.op == "includes_any" else (test.value,)
                    out.setdefault(pattern.fact, {}).setdefault(test.field, set()).update(map(member_key, values))
    return out


def _expr(test: Test) -> dict[str, Any]:
    f, v = test.field, test.value
    if test.op == "eq":
        return {f: v}
    if test.op == "in":
        return {f: v[0]} if len(v) == 1 else {"$or": [{f: x} for x in v]}
    if test.op in {"min", "max", "above", "below"}:
        op = {"min": "$gte", "max": "$lte", "above": "$gt", "below": "$lt"}[test.op]
        return {op: {f: v}}
    if test.op == "not":
        return {"$neq": {f: v}}
    if test.op == "none_of":
        return {"$and": [{"$neq": {f: x}} for x in v]}
    # list membership as one yes/no field per member (`{"places:has.skota x": true}`), not durable_rules' `$iany`:
    # its `$iany` tests are never shared between rules and a long list passes them all at once, past the matcher's
    # stack (error 303); equality tests on the members object are shared like any other
    if test.op == "includes":
        return {f"{f}{HAS}.{member_key(v)}": True}
    if test.op == "includes_any":
        parts = [{f"{f}{HAS}.{member_key(x)}": True} for x in v]
        return parts[0] if len(parts) == 1 else {"$or": parts}
    if test.op == "exists":
        return {"$ex": {f: 1}} if v else {"$nex": {f: 1}}
    raise ValueError(f"unknown operator {test.op}")  # parse_when admits none other


def to_durable(rules: Sequence[EngineRule] | Any, *, sentinel: bool = True) -> dict[str, Any]:
    """The durable_rules ruleset definition: {name: {"all": [{alias: expr}], "pri": n}}, with the sentinel rule.
    ``rules``: engine rules, or a CompiledRuleSet."""
    rules = getattr(rules, "rules", rules)
    out: dict[str, Any] = {}
    for rule in rules:
        patterns = []
        for i, pattern in enumerate(rule.patterns):
            exprs = [{"t": pattern.fact}, *(_expr(t) for t in pattern.tests)]
            patterns.append({f"a{i}": exprs[0] if len(exprs) == 1 else {"$and": exprs}})
        out[rule.name] = {"all": patterns, "pri": SALIENCE[rule.role]}
    if sentinel:
        out[SENTINEL] = {"all": [{"a0": {"t": SENTINEL}}], "pri": 1000}
    return out


def _fact_fields(rules: Sequence[EngineRule]) -> dict[str, int]:
    """Per kind of fact, how many named values the engine would hold for one fact (sid, id, t, the tested fields,
    nested names and list members)."""
    used, members = fields_used(rules), memberships(rules)
    out = {}
    for kind in set(used) | set(members):
        n = 3 + sum(1 + len(subs or ()) for subs in used.get(kind, {}).values())
        n += sum(1 + len(keys) for keys in members.get(kind, {}).values())
        out[kind] = n
    return out


_WHAT = {
    "stack": Text(
        "from this rule on, one '{kind}' fact can pass more tests at once{at} than the rule engine can follow (at "
        "most {limit} pending tests; {count} with the whole rule set{fields})",
        "mulai aturan ini, satu fakta '{kind}' dapat lolos lebih banyak uji sekaligus{at} daripada yang dapat diikuti "
        "mesin aturan (paling banyak {limit} uji tertunda; {count} dengan seluruh set aturan{fields_id})"),
    "hashset": Text(
        "{count} different tests follow the same condition{at}; the rule engine hangs past {limit}",
        "{count} uji berbeda mengikuti kondisi yang sama{at}; mesin aturan macet lewat dari {limit}"),
    "list": Text(
        "{count} `exists: false` tests or lists of alternatives follow the same condition{at}; the rule engine takes "
        "at most {limit}",
        "{count} uji `exists: false` atau daftar pilihan mengikuti kondisi yang sama{at}; mesin aturan menerima "
        "paling banyak {limit}"),
    "beta": Text(
        "{count} rules end on the same condition{at}; the rule engine takes at most {limit}",
        "{count} aturan berakhir pada kondisi yang sama{at}; mesin aturan menerima paling banyak {limit}"),
    "expressions": Text(
        "a condition of this rule has {groups} lists (any_of, none_of, includes_any) together with its program's "
        "requirements; the rule engine takes at most {limit_groups} in one condition",
        "satu kondisi aturan ini berisi {groups} daftar (any_of, none_of, includes_any) beserta syarat programnya; "
        "mesin aturan menerima paling banyak {limit_groups} dalam satu kondisi"),
    "rules": Text(
        "the rule set compiles into {count} engine rules; the rule engine takes at most {limit}",
        "set aturan menjadi {count} aturan mesin; mesin aturan menerima paling banyak {limit}"),
    "fields": Text(
        "rules test {count} fields and list members of '{kind}' facts; the rule engine holds at most {limit} in one "
        "fact",
        "aturan menguji {count} kolom dan anggota daftar fakta '{kind}'; mesin aturan menampung paling banyak "
        "{limit} dalam satu fakta"),
}
_HINT = {
    "stack": Text("merge rules that differ only in a threshold, or start them with a test that tells them apart",
                  "gabungkan aturan yang hanya berbeda ambangnya, atau awali dengan uji yang membedakannya"),
    "hashset": Text("merge rules that differ only in one threshold or value",
                    "gabungkan aturan yang hanya berbeda satu ambang atau nilai"),
    "list": Text("merge those rules, or test presence (`exists: true`) instead",
                 "gabungkan aturan itu, atau uji keberadaan (`exists: true`)"),
    "beta": Text("merge rules with the same conditions", "gabungkan aturan dengan kondisi yang sama"),
    "expressions": Text("split the condition's lists over two rules", "bagi daftar kondisi itu ke dua aturan"),
    "rules": Text("split the rule set", "pecah set aturan"),
    "fields": Text("test fewer different list members or fields", "uji lebih sedikit anggota daftar atau kolom"),
}


def _message(over: network.Overflow, kind: str) -> tuple[Text, Text]:
    at_en = f" ({' and '.join(over.path[1:])})" if len(over.path) > 1 else ""
    limit = network.LIMITS.get(over.limit, MAX_FACT_FIELDS) - (1 if over.limit == "rules" else 0)
    shown = over.fields[:4]
    listed = ", ".join(f"{n} on '{f}'" for f, n in shown)
    listed_id = ", ".join(f"{n} pada '{f}'" for f, n in shown)
    values = {"fields": f": {listed}" if listed else "", "fields_id": f": {listed_id}" if listed_id else "",
              "kind": kind, "count": over.count, "limit": limit, "groups": max(0, (over.count - 2) // 2),
              "limit_groups": (network.LIMITS["expressions"] - 2) // 2}
    what = _WHAT[over.limit]
    return Text(what.en.format(at=at_en, **values), what.id.format(at=at_en.replace(" and ", " dan "), **values)), \
        _HINT[over.limit]


def engine_limits() -> str:
    """Every limit engine_problems checks, as text: a definition found within these is not thereby within others."""
    return repr((sorted(network.LIMITS.items()), MAX_FACT_FIELDS))


def engine_problems(rules: Sequence[EngineRule], where: dict[str, tuple[str, int]], folder: str) -> list[Problem]:
    """Every durable_rules limit the compiled ``rules`` exceed, as problems naming the rule that exceeds it (found by
    bisection over the engine rules when the limit is a sum over many: the rule whose addition passes it)."""
    definition = to_durable(rules)
    overflows = network.network_overflows(definition)
    problems: list[Problem] = []
    by_name = {r.name: r for r in rules}
    names = [r.name for r in rules]
    for limit in dict.fromkeys(o.limit for o in overflows):
        first = next(o for o in overflows if o.limit == limit)
        if limit == "rules":  # the sentinel takes one of the engine's rules
            counted = network.Overflow("rules", len(rules), "", ())
            problems.append(_problem(counted, "", folder, 0, ""))
            continue
        culprit = first.rule
        if limit == "stack":  # a sum over many rules: the first prefix of the rules that overflows
            def fails(prefix: Sequence[str]) -> bool:
                sub = {n: definition[n] for n in prefix}
                return any(o.limit == "stack" for o in network.network_overflows(sub))
            culprit = names[network.first_failing(names, fails)]
        rule = by_name[culprit]
        file, line = where[culprit]
        kind = first.path[0].split(" = ")[-1].strip("'") if first.path else rule.patterns[0].fact
        problems.append(_problem(first, kind, file, line, rule.source))
    for kind, count in sorted(_fact_fields(rules).items()):
        if count > MAX_FACT_FIELDS:
            problems.append(_problem(network.Overflow("fields", count, "", ()), kind, folder, 0, ""))
    return problems


def _problem(over: network.Overflow, kind: str, file: str, line: int, source: str) -> Problem:
    message, hint = _message(over, kind)
    if source:
        message = Text(f"rule '{source}': {message.en}", f"aturan '{source}': {message.id}")
    return Problem(file, f"line {line}" if line else "", message, hint, line, "engine-limit", source)
