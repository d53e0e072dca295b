"""`explain`: why (not), condition by condition; and a differential check that the Python why-not agrees with the
durable_rules engine on every bundled case, the mini case and generated variants of it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkb_advisor.advisor import advise
from kkb_advisor.errors import KkbError, UsageError
from kkb_advisor.explain import explain
from kkb_advisor.loading import load_case, parse_case
from kkb_advisor.models import Case
from kkb_advisor.rules.loading import load_rules
from kkb_advisor.rules.model import RuleSet
from kkb_advisor.yamlio import read_document

from .paths import CASES, MINI_CASE, MINI_RULES


def _agrees(case: Case, rules: RuleSet) -> list[str]:
    """Programs on which advise() and explain() disagree (empty when they agree on every program)."""
    advice = advise(case, rules)
    recommended = {r.program for r in (*advice.recommendations, *advice.also_possible)}
    out = []
    for pid in sorted(rules.programs):
        exp = explain(case, rules, pid)
        says = any(v.holds and not v.blocked_by for v in exp.variants)
        if says != (pid in recommended) or exp.recommended != (pid in recommended):
            out.append(f"{pid}: engine {'recommends' if pid in recommended else 'does not recommend'}, "
                       f"explain says a rule {'holds' if says else 'does not hold'}")
        if not exp.recommended:
            assert exp.why_not, f"{pid}: not recommended but no why-not"
    return out


def test_explains_a_recommended_program_condition_by_condition(mini_rules: RuleSet) -> None:
    exp = explain(load_case(MINI_CASE, mini_rules), mini_rules, "KES-SPPIRT")
    assert (exp.recommended, exp.rank, exp.status, exp.why_not) == (True, 2, "new", ())
    (variant,) = exp.variants
    assert (variant.rule, variant.holds, variant.blocked_by) == ("PIRT.UNLICENSED-FOOD", True, ())
    asset = next(p for p in variant.patterns if p.fact == "asset")
    assert asset.looked_at == "asset:A1"
    assert [(t.field, t.operator, t.expected, t.actual, t.holds) for t in asset.tests] == [
        ("food_product", "eq", True, True, True), ("has_pirt", "eq", False, False, True),
        ("has_business", "eq", True, True, True)]


def test_why_not_names_what_would_have_to_differ(mini_rules: RuleSet) -> None:
    exp = explain(load_case(MINI_CASE, mini_rules), mini_rules, "DES-DANADESA")
    assert not exp.recommended and exp.nearest_miss == exp.variants[0].engine_rule
    assert exp.why_not == ("DES-DANADESA would be recommended by VILLAGE.FUND if the case had is_desa = true "
                           "(it has false)",)


def _edited(changes: dict[str, Any]) -> Case:
    data = copy.deepcopy(read_document(MINI_CASE).data)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    return parse_case(data, name="edited", rules=load_rules(MINI_RULES))


def test_why_not_for_a_program_not_yet_available(mini_rules: RuleSet) -> None:
    case = _edited({"metadata.date": dt.date(2016, 5, 1)})
    exp = explain(case, mini_rules, "OSS-NIB")
    assert not exp.recommended
    assert "OSS-NIB would be recommended by needs:KES-SPPIRT>OSS-NIB if the FGD date were in 2018 or later " \
           "(program available from 2018)" in exp.why_not


def test_why_not_for_a_rule_blocked_by_its_unless(mini_rules: RuleSet) -> None:
    exp = explain(_edited({"metadata.setting": "upland"}), mini_rules, "KOP-LATIHWIRAUSAHA")
    assert exp.why_not == ("TRAINING.SOFT-SKILL held but is blocked by its `unless`: case setting = upland",)


def test_why_not_for_an_asset_attribute(mini_rules: RuleSet) -> None:
    exp = explain(_edited({"assets.0.attributes.has_pirt": True}), mini_rules, "KES-SPPIRT")
    assert exp.why_not == ("KES-SPPIRT would be recommended by PIRT.UNLICENSED-FOOD if asset A1 had has_pirt = "
                           "false (it has true)",)


def test_unknown_program_is_a_usage_error_with_did_you_mean(mini_rules: RuleSet) -> None:
    with pytest.raises(UsageError, match=r"unknown program 'OSS-NIP'; did you mean 'OSS-NIB'"):
        explain(load_case(MINI_CASE, mini_rules), mini_rules, "OSS-NIP")


def test_cli_text_json_and_errors(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("explain", MINI_CASE, "DES-DANADESA", "--rules", MINI_RULES, "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.startswith("DES-DANADESA (Village Fund) is not recommended for TEST-MINI-2019\n")
    assert "VILLAGE.FUND [rule r3]: fails (1 tests) <- nearest miss" in result.stdout
    data = json.loads(cli("explain", MINI_CASE, "KES-SPPIRT", "--rules", MINI_RULES, "--format", "json").stdout)
    assert (data["recommended"], data["rank"]) == (True, 2)
    bad = cli("explain", MINI_CASE, "OSS-NIP", "--rules", MINI_RULES)
    assert (bad.exit_code, bad.stderr) == (2, "Error: unknown program 'OSS-NIP'; did you mean 'OSS-NIB'?\n")
    missing = cli("explain", Path("nowhere.yaml"), "OSS-NIB", "--rules", MINI_RULES)
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: nowhere.yaml")


def test_differential_mini_case(mini_rules: RuleSet) -> None:
    assert _agrees(load_case(MINI_CASE, mini_rules), mini_rules) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(setting=st.sampled_from(["urban", "rural", "upland", "coastal"]), is_desa=st.booleans(),
       year=st.integers(2010, 2026), food=st.booleans(), pirt=st.booleans(), nib=st.booleans(),
       severity=st.integers(1, 5), existing=st.sampled_from([None, "OSS-NIB", "KES-SPPIRT"]))
def test_differential_generated_cases(mini_rules: RuleSet, setting: str, is_desa: bool, year: int, food: bool,
                                      pirt: bool, nib: bool, severity: int, existing: str | None) -> None:
    changes: dict[str, Any] = {
        "metadata.setting": setting, "metadata.is_desa": is_desa, "metadata.date": dt.date(year, 6, 1),
        "assets.0.attributes.food_product": food, "assets.0.attributes.has_pirt": pirt,
        "assets.0.attributes.has_nib": nib, "problems.0.severity": severity,
    }
    if existing:
        changes["existing_programs"] = [{"program_id": existing, "status": "active"}]
    assert _agrees(_edited(changes), mini_rules) == []


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_differential_bundled_cases(path: Path) -> None:
    try:
        rules = load_rules()
        case = load_case(path, rules)
    except KkbError as exc:
        pytest.fail(f"the bundled rules or case cannot be loaded yet:\n{exc}")
    assert _agrees(case, rules) == []
