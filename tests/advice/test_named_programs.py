"""Programs the FGD names in its own words: where the labels name a program (`named` facts, from the catalogue's
`short_names`), and what the FGD.NAMED rules then recommend, and for which node."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kkb_advisor import load_case
from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.advice.facts import ProgramNames, case_facts
from kkb_advisor.advice.graph import analyse, build_graph
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import RuleSet

ROOT = Path(__file__).resolve().parents[2]
URBAN = ROOT / "rules" / "tests" / "cases" / "urban-kelurahan.yaml"


@pytest.mark.parametrize(("text", "programs"), [
    ("Perlu Posyandu Lansia di RW 3", {"KES-LANSIA", "KES-POSYANDU"}),  # a name holding another names both
    ("posyandu belum aktif", {"KES-POSYANDU"}),  # any case
    ("Kelompok BKBX belum ada", set()),  # a whole word only
    ("Belum ada BKB; BKR juga belum", {"KB-BKB", "KB-BKR"}),
    ("Usaha belum punya P-IRT", {"KES-SPPIRT"}),
    ("Pendapatan rendah", set()),
    ("", set()),
])
def test_the_labels_name_programs_by_their_short_names(bundled_rules: RuleSet, text: str,
                                                       programs: set[str]) -> None:
    assert ProgramNames(bundled_rules).find([("P1", text)]) == [programs]


def test_each_label_keeps_its_own_names(bundled_rules: RuleSet) -> None:
    found = ProgramNames(bundled_rules).find([("P1", "Dana Desa"), ("P2", "tanpa nama"), ("C1", "KUSUKA\nKUR")])
    assert found == [{"DES-DANADESA"}, set(), {"KAN-KUSUKA", "BANK-KUR"}]


def _case(bundled_rules: RuleSet, tmp_path: Path, **labels: tuple[str, str]) -> Case:
    data = yaml.safe_load(URBAN.read_text(encoding="utf-8"))
    for node in (*data["problems"], *data["causes"]):
        if node["id"] in labels:
            node["label_id"], node["label_en"] = labels[node["id"]]
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_case(path, bundled_rules)


def test_named_facts_carry_the_node_and_its_severity(bundled_rules: RuleSet, tmp_path: Path) -> None:
    case = _case(bundled_rules, tmp_path, P3=("Warga minta Posbindu", "Residents ask for a Posbindu"),
                 C2=("Belum punya NIB", "No business ID (NIB)"))
    named = [f for f in case_facts(case, analyse(build_graph(case)), bundled_rules) if f["t"] == "named"]
    reached = max(p.severity for p in case.problems if p.id in {"P1", "P2"})  # C2 reaches P2 (and through it P1)
    assert named == [
        {"id": "named:P3:KES-LANSIA", "t": "named", "program": "KES-LANSIA", "node": "P3", "node_kind": "problem",
         "severity": 3},
        {"id": "named:C2:OSS-NIB", "t": "named", "program": "OSS-NIB", "node": "C2", "node_kind": "cause",
         "severity": reached},
    ]


def test_a_program_asked_for_by_name_answers_that_problem(bundled_rules: RuleSet, tmp_path: Path) -> None:
    case = _case(bundled_rules, tmp_path, P3=("Warga minta Posbindu untuk lansia", "Residents ask for a Posbindu"))
    with Advisor(bundled_rules) as advisor:
        advice = advisor.advise(case)
    (rec,) = [r for r in (*advice.recommendations, *advice.also_possible) if r.program == "KES-LANSIA"]
    assert "P3" in rec.problems
    assert any(b.rule == "FGD.NAMED.PROBLEM" and "named:P3:KES-LANSIA" in b.matched for b in rec.because)
    assert any(t.kind == "named" and t.node == "P3" for t in rec.terms)


@pytest.mark.parametrize("text", ["perlu Po\u017fyandu", "perlu POSYANDU"])
def test_what_the_match_ignores_the_lookup_ignores_too(bundled_rules: RuleSet, text: str) -> None:
    # re's case-blind match takes a long s for an s; the program it names must be found all the same
    assert ProgramNames(bundled_rules).find([("P1", text)]) == [{"KES-POSYANDU"}]


def test_a_label_that_lists_many_programs_asks_for_none(bundled_rules: RuleSet, tmp_path: Path) -> None:
    from kkb_advisor.advice.facts import MAX_NAMED

    listing = ", ".join(["Posyandu", "BKB", "BKR", "PKH", "KUR", "NIB", "PIRT", "Musrenbang", "PAUD", "KIS"])
    case = _case(bundled_rules, tmp_path, P3=(listing, listing))
    named = [f for f in case_facts(case, analyse(build_graph(case)), bundled_rules) if f["t"] == "named"]
    assert len(ProgramNames(bundled_rules).find([("P3", listing)])[0]) > MAX_NAMED
    assert [f for f in named if f["node"] == "P3"] == []
