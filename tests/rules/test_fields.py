"""One fact catalogue (rules/fields.py): the facts builder, the condition parser and the docs all follow it."""

from __future__ import annotations

import re

from kkb_advisor.advice.facts import case_facts
from kkb_advisor.advice.graph import analyse, build_graph
from kkb_advisor.case.load import load_case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.fields import FIELDS, PREFIXED
from tests.conftest import CASES, LOOP_CASE, REPO

ENGINE_FIELDS = {"id", "t"}  # every fact's identity and kind


def _emitted(rules: RuleSet) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in [*CASES, LOOP_CASE]:
        case = load_case(path, rules)
        for fact in case_facts(case, analyse(build_graph(case)), rules):
            out.setdefault(fact["t"], set()).update(fact)
    return out


def test_the_facts_builder_emits_exactly_the_catalogue(bundled_rules: RuleSet) -> None:
    emitted = _emitted(bundled_rules)
    assert set(emitted) == set(FIELDS) - {"recommended"}  # `recommended` is asserted by the engine as rules fire
    for kind, names in emitted.items():
        declared = set(FIELDS[kind]) | set(PREFIXED.get(kind, {}))
        assert names - ENGINE_FIELDS == declared, kind


def test_the_rule_format_documents_every_field() -> None:
    text = (REPO / "docs" / "rule-format.md").read_text(encoding="utf-8")
    for kind, fields in FIELDS.items():
        row = re.search(rf"^\| `{kind}` \|.*?(?=^\| `|\n\n)", text, re.M | re.S)
        assert row, f"no row for `{kind}` in the facts table"
        missing = [name for name in fields if f"`{name}`" not in row.group(0)]
        assert missing == [], f"`{kind}` fields missing from docs/rule-format.md: {missing}"
