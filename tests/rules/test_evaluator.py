"""The evaluator's specialised closures decide every test exactly as the reference `test_holds` does."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest

from kkb_advisor.model.ruleset import Test as FieldTest
from kkb_advisor.rules import evaluator

# odd values a fact field may hold: bools beside ints, int/float equality, None, NaN, infinities, huge ints,
# nested containers, text that looks like a number
VALUES: list[Any] = [0, 1, 2, 3, -1, 1.0, 2.5, True, False, None, math.nan, math.inf, -math.inf, 10**30, "x", "1",
                     "", [], ["x"], ["x", 1], [True], [1.0], [["x"]], {"a": 1}, {"a": {"b": 2}}]
WANTS: list[Any] = [0, 1, 3, 1.0, 2.5, True, False, "x", "1", 10**30, -math.inf, math.nan]
OPS = ("eq", "not", "min", "max", "above", "below", "includes", "exists")
LIST_OPS = ("in", "none_of", "includes_any")


def _tests() -> list[FieldTest]:
    out = [FieldTest(field, op, want) for field in ("f", "f.a", "f.a.b") for op in OPS for want in WANTS
           if op != "exists"]
    out += [FieldTest("f", "exists", True), FieldTest("f", "exists", False), FieldTest("f.a", "exists", True)]
    for op in LIST_OPS:
        for size in (1, 2):
            out += [FieldTest("f", op, combo) for combo in itertools.combinations(WANTS, size)]
    return out


def _facts() -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = [{"id": "none", "t": "k"}]
    facts += [{"id": f"v{i}", "t": "k", "f": v} for i, v in enumerate(VALUES)]
    facts += [{"id": f"n{i}", "t": "k", "f": {"a": v}} for i, v in enumerate(VALUES)]
    facts += [{"id": f"m{i}", "t": "k", "f": {"a": {"b": v}}} for i, v in enumerate(VALUES)]
    return facts


@pytest.mark.parametrize("test", _tests(), ids=repr)
def test_the_closure_of_a_test_agrees_with_test_holds(test: FieldTest) -> None:
    closure = evaluator._predicate(test)
    for fact in _facts():
        assert closure(fact) is evaluator.test_holds(fact, test), fact


# ---------------------------------------------------------------- variants (ask next) against evaluating afresh


def _variant_cases() -> list[tuple[Any, list[dict[str, Any]]]]:
    from kkb_advisor.advice.facts import case_facts
    from kkb_advisor.advice.graph import analyse, build_graph
    from kkb_advisor.case.load import load_case
    from kkb_advisor.rules.load import load_rules
    from tests.conftest import CASES

    rules = load_rules()
    return [(rules, case_facts(case, analyse(build_graph(case)), rules))
            for case in (load_case(path, rules) for path in CASES)]


def test_a_variant_recommends_what_evaluating_it_afresh_recommends() -> None:
    """Evaluator.recommends (the case's matches reused, only what a change reaches tested again) against evaluate
    on the changed facts, for random changes of the fields rules test, on parts of the rule set sharing one table."""
    import random

    from kkb_advisor.rules.compiler import CompiledRuleSet, compile_ruleset

    cases = _variant_cases()
    rules = cases[0][0]
    compiled = compile_ruleset(rules)
    full = evaluator.Evaluator(compiled)
    tested = sorted({(p.fact, t.field, repr(t.value)): (p.fact, t.field, t.value) for r in compiled.rules
                     for p in r.patterns for t in p.tests if p.fact in {"case", "asset"}}.values(), key=repr)
    programs = sorted({r.program for r in compiled.rules if r.program})
    rng = random.Random(11)
    checked = differ = 0
    for _, facts in cases:
        base = full.matches(facts)
        kinds = {"case", "asset"}
        where = [i for i, f in enumerate(facts) if f["t"] in kinds]
        for _ in range(40):
            changes: dict[int, dict[str, Any]] = {}
            touched: dict[int, list[str]] = {}  # the fields each change touches, as ask-next declares them
            wanted = set(rng.sample(programs, rng.randint(0, 4)))  # some programs, and those reading the change
            for _ in range(rng.choice((1, 1, 2))):
                i = rng.choice(where)
                kind, path, value = rng.choice([x for x in tested if x[0] == facts[i]["t"]])
                wanted |= {r.program for r in compiled.rules for p in r.patterns for t in p.tests
                           if p.fact == kind and t.field == path and r.program}
                value = rng.choice([value, *(value if isinstance(value, tuple) else ()), True, False, None, 0, 3,
                                    0.5, "x", []])
                fact = dict(changes.get(i, facts[i]))
                head, _, rest = path.partition(".")
                if rest:
                    fact[head] = {**fact.get(head, {}), rest: value}
                elif value is None and head in fact and rng.random() < 0.5:
                    del fact[head]  # a field left out
                else:
                    fact[head] = value
                changes[i] = fact
                touched.setdefault(i, []).append(path)
            part = evaluator.Evaluator(CompiledRuleSet(ruleset=rules, rules=tuple(
                r for r in compiled.rules if r.program in wanted or r.role == "unless")), like=full)
            given = set(rng.sample(programs, rng.randint(0, 8))) - wanted
            changed = [changes.get(i, f) for i, f in enumerate(facts)]
            afresh = [*changed, *({"id": f"recommended:{p}", "t": "recommended", "program": p} for p in sorted(given))]
            expected = frozenset(e.rule.program for e in part.evaluate(afresh))
            assert part.recommends(base, changes, given) == expected, (changes, given)
            assert part.recommends(base, changes, given, fields=touched) == expected, (changes, given)
            checked += 1
            differ += expected != frozenset(e.rule.program for e in part.evaluate(
                [*facts, *afresh[len(facts):]]))
    assert checked >= 300 and differ >= 20  # enough variants, and enough of them that change the advice


def test_a_variant_needs_a_base_of_the_same_table() -> None:
    from kkb_advisor.rules.compiler import compile_ruleset

    rules, facts = _variant_cases()[0]
    compiled = compile_ruleset(rules)
    one, other = evaluator.Evaluator(compiled), evaluator.Evaluator(compiled)
    with pytest.raises(ValueError, match="another table"):
        one.recommends(other.matches(facts), {})
    assert one.recommends(one.matches(facts), {}) == frozenset(e.rule.program for e in one.evaluate(facts))
