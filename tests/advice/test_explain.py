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

from kkb_advisor.advice.advisor import Advisor, advise
from kkb_advisor.advice.explain import explain
from kkb_advisor.case.load import load_case, parse_case
from kkb_advisor.errors import UsageError
from kkb_advisor.io.documents import read_document
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.load import load_rules
from tests.conftest import CASES, MINI_CASE, MINI_RULES


def _agrees(case: Case, advisor: Advisor) -> list[str]:
    """Programs on which advise() and explain() disagree (empty when they agree on every program)."""
    advice = advisor.advise(case)
    placed = (*advice.recommendations, *advice.also_possible)
    recommended = {r.program for r in (*placed, *advice.keep)} | {s.program for r in placed for s in r.steps}
    out = []
    for pid in sorted(advisor.rules.programs):
        exp = explain(case, advisor, pid)
        says = any(v.holds and not v.blocked_by for v in exp.variants)
        if says != (pid in recommended) or exp.recommended != (pid in recommended):
            out.append(f"{pid}: engine {'recommends' if pid in recommended else 'does not recommend'}, "
                       f"explain says a rule {'holds' if says else 'does not hold'}")
        if not exp.recommended:
            assert exp.why_not, f"{pid}: not recommended but no why-not"
    return out


def test_explains_a_recommended_program_condition_by_condition(mini_rules: RuleSet) -> None:
    case = load_case(MINI_CASE, mini_rules)
    rank = next(r.rank for r in advise(case, mini_rules).recommendations if r.program == "KES-SPPIRT")
    exp = explain(case, mini_rules, "KES-SPPIRT")
    assert (exp.recommended, exp.rank, exp.status, exp.why_not) == (True, rank, "new", ())
    (variant,) = exp.variants
    assert (variant.rule, variant.holds, variant.blocked_by) == ("PIRT.UNLICENSED-FOOD", True, ())
    asset = next(p for p in variant.patterns if p.fact == "asset")
    assert asset.looked_at == "asset:A1"
    assert [(t.field, t.operator, t.expected, t.actual, t.holds) for t in asset.tests] == [
        ("food_product", "eq", True, True, True), ("has_pirt", "eq", False, False, True),
        ("has_business", "eq", True, True, True)]


@pytest.mark.parametrize(("lang", "sentence"), [
    ("id", "DES-DANADESA akan direkomendasikan oleh aturan VILLAGE.FUND jika wilayah berstatus desa (bukan kelurahan) "
           "(sekarang: wilayah berstatus kelurahan (bukan desa))"),
    ("en", "DES-DANADESA would be recommended by rule VILLAGE.FUND if the village were a desa (not a kelurahan) "
           "(now: the village is a kelurahan (not a desa))"),
])
def test_why_not_names_what_would_have_to_differ(mini_rules: RuleSet, lang: str, sentence: str) -> None:
    exp = explain(load_case(MINI_CASE, mini_rules), mini_rules, "DES-DANADESA", lang=lang)
    assert not exp.recommended and exp.nearest_miss == exp.variants[0].engine_rule
    assert exp.why_not == (sentence,)


def _edited(changes: dict[str, Any]) -> Case:
    data = copy.deepcopy(read_document(MINI_CASE).data)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    return parse_case(data, name="edited", rules=load_rules(MINI_RULES))


# what a case would have to change, in both languages: the mini case with one thing edited
WHY_NOT = [
    ("not-yet-available", {"metadata.date": dt.date(2016, 5, 1)}, "OSS-NIB",
     "OSS-NIB akan direkomendasikan oleh prasyarat (KES-SPPIRT membutuhkan OSS-NIB) jika FGD tahun 2018 atau "
     "sesudahnya (sekarang: 2016; program tersedia sejak 2018)",
     "OSS-NIB would be recommended by the prerequisite (KES-SPPIRT needs OSS-NIB) if the FGD were held in 2018 or "
     "later (now: 2016; the program is available from 2018)"),
    ("blocked-by-unless", {"metadata.setting": "upland"}, "KOP-LATIHWIRAUSAHA",
     "Aturan TRAINING.SOFT-SKILL terpenuhi, tetapi pengecualiannya berlaku: jenis wilayah dataran tinggi (upland)",
     "Rule TRAINING.SOFT-SKILL holds, but its exception applies: the setting is upland"),
    ("asset-attribute", {"assets.0.attributes.has_pirt": True}, "KES-SPPIRT",
     "KES-SPPIRT akan direkomendasikan oleh aturan PIRT.UNLICENSED-FOOD jika aset A1 (Keripik tempe) belum punya "
     "PIRT (sekarang: sudah punya PIRT)",
     "KES-SPPIRT would be recommended by rule PIRT.UNLICENSED-FOOD if asset A1 (Keripik tempe) had no PIRT yet "
     "(now: has a PIRT)"),
    ("no-asset-at-all", {"assets": []}, "KES-SPPIRT",
     "KES-SPPIRT akan direkomendasikan oleh aturan PIRT.UNLICENSED-FOOD jika ada usaha (aset) pangan yang belum "
     "punya PIRT",
     "KES-SPPIRT would be recommended by rule PIRT.UNLICENSED-FOOD if there were a food business (asset) that has "
     "no PIRT yet"),
    ("already-in-place", {"existing_programs": [{"program_id": "OSS-NIB", "status": "active"}]}, "OSS-NIB",
     "Prasyarat (KES-SPPIRT membutuhkan OSS-NIB) terpenuhi, tetapi pengecualiannya berlaku: program OSS-NIB "
     "(NIB lewat OSS) sudah berjalan di kampung dengan status aktif (active) atau sedang diproses (in_process)",
     "The prerequisite (KES-SPPIRT needs OSS-NIB) holds, but its exception applies: program OSS-NIB (Business ID "
     "through OSS) is already in place with status active or in process"),
]


@pytest.mark.parametrize(("changes", "program", "id_sentence", "en_sentence"), [w[1:] for w in WHY_NOT],
                         ids=[w[0] for w in WHY_NOT])
def test_why_not_in_both_languages(mini_rules: RuleSet, changes: dict[str, Any], program: str, id_sentence: str,
                                   en_sentence: str) -> None:
    case = _edited(changes)
    assert explain(case, mini_rules, program).why_not == (id_sentence,)  # Indonesian by default
    assert explain(case, mini_rules, program, lang="en").why_not == (en_sentence,)


def test_why_not_lists_every_failing_condition_of_the_nearest_miss(mini_rules: RuleSet) -> None:
    exp = explain(_edited({"problems.0.severity": 2}), mini_rules, "DES-DANADESA", lang="en")
    assert exp.why_not == (
        "DES-DANADESA would be recommended by rule VILLAGE.FUND if problem P1 (Low income) had severity at least 3 "
        "(now: 2)",
        "DES-DANADESA would be recommended by rule VILLAGE.FUND if the village were a desa (not a kelurahan) "
        "(now: the village is a kelurahan (not a desa))")
    idn = explain(_edited({"problems.0.severity": 2}), mini_rules, "DES-DANADESA")
    assert idn.why_not[0] == ("DES-DANADESA akan direkomendasikan oleh aturan VILLAGE.FUND jika keparahan masalah P1 "
                              "(Pendapatan rendah) minimal 3 (sekarang: 2)")


def test_unknown_program_is_a_usage_error_with_did_you_mean(mini_rules: RuleSet) -> None:
    with pytest.raises(UsageError, match=r"unknown program 'OSS-NIP'; did you mean 'OSS-NIB'"):
        explain(load_case(MINI_CASE, mini_rules), mini_rules, "OSS-NIP")


def test_cli_text_json_and_errors(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("explain", MINI_CASE, "DES-DANADESA", "--rules", MINI_RULES, "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == """\
DES-DANADESA (Village Fund) is not recommended for TEST-MINI-2019

rule VILLAGE.FUND [r3]: fails (1 failing)  <- nearest miss
  ok: a problem in ECO.INCOME (Low or irregular household income) with severity at least 3 (looked at: problem P1 (Low income))
        ok: category ECO.INCOME (Low or irregular household income) (found: ECO.INCOME (Low or irregular household income))
        ok: severity at least 3 (found: 4)
  no: the village is a desa (not a kelurahan) (looked at: the case)
        no: the village is a desa (not a kelurahan) (found: the village is a kelurahan (not a desa))
  ok: program DES-DANADESA (Village Fund) is available at the FGD date (FGD 2019; available from 2015)

Why not:
  - DES-DANADESA would be recommended by rule VILLAGE.FUND if the village were a desa (not a kelurahan) (now: the village is a kelurahan (not a desa))
"""  # noqa: E501
    data = json.loads(cli("explain", MINI_CASE, "KES-SPPIRT", "--rules", MINI_RULES, "--format", "json").stdout)
    assert (data["recommended"], data["status"], data["lang"]) == (True, "new", "id")
    idn = cli("explain", MINI_CASE, "KES-SPPIRT", "--rules", MINI_RULES).stdout
    assert idn.startswith(f"KES-SPPIRT (PIRT) direkomendasikan untuk TEST-MINI-2019: peringkat {data['rank']}, "
                          "baru\nTempat: daftar utama")
    assert "\n\naturan PIRT.UNLICENSED-FOOD [r0]: terpenuhi\n" in idn
    assert "  ya:    ada usaha (aset) pangan yang belum punya PIRT (dilihat: aset A1 (Keripik tempe))\n" in idn
    bad = cli("explain", MINI_CASE, "OSS-NIP", "--rules", MINI_RULES)
    assert (bad.exit_code, bad.stderr) == (2, "Error: unknown program 'OSS-NIP'; did you mean 'OSS-NIB'?\n")
    missing = cli("explain", Path("nowhere.yaml"), "OSS-NIB", "--rules", MINI_RULES)
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: nowhere.yaml")


def test_differential_mini_case(mini_rules: RuleSet, mini_advisor: Advisor) -> None:
    assert _agrees(load_case(MINI_CASE, mini_rules), mini_advisor) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(setting=st.sampled_from(["urban", "rural", "upland", "coastal"]), is_desa=st.booleans(),
       year=st.integers(2010, 2026), food=st.booleans(), pirt=st.booleans(), nib=st.booleans(),
       severity=st.integers(1, 5), existing=st.sampled_from([None, "OSS-NIB", "KES-SPPIRT"]))
def test_differential_generated_cases(mini_advisor: Advisor, setting: str, is_desa: bool, year: int, food: bool,
                                      pirt: bool, nib: bool, severity: int, existing: str | None) -> None:
    changes: dict[str, Any] = {
        "metadata.setting": setting, "metadata.is_desa": is_desa, "metadata.date": dt.date(year, 6, 1),
        "assets.0.attributes.food_product": food, "assets.0.attributes.has_pirt": pirt,
        "assets.0.attributes.has_nib": nib, "problems.0.severity": severity,
    }
    if existing:
        changes["existing_programs"] = [{"program_id": existing, "status": "active"}]
    assert _agrees(_edited(changes), mini_advisor) == []


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_differential_bundled_cases(path: Path, bundled_rules: RuleSet, bundled_advisor: Advisor) -> None:
    assert _agrees(load_case(path, bundled_rules), bundled_advisor) == []
