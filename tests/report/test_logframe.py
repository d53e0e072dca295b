"""The objective tree and the logframe draft: every problem and cause restated, baselines from the case's own
indicators, outputs the recommended programs; shown in the HTML report and as sheets of the XLSX, both languages."""

from __future__ import annotations

import io
import time
from pathlib import Path

import openpyxl
import pytest
import yaml

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.case.load import load_case, parse_case
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report import render
from kkb_advisor.report.indicator_meaning import BETTER, MEASURES, VERIFIED_BY
from kkb_advisor.report.labels import label, number
from kkb_advisor.report.logframe import logframe
from kkb_advisor.report.logframe_render import LOGFRAME_COLUMNS, OBJECTIVE_COLUMNS, logframe_table, objective_rows
from kkb_advisor.report.objective_words import CONDITIONS, MEANS, condition, means
from kkb_advisor.report.objectives import objective_tree
from tests.conftest import CASES, REPO, ids


def test_every_category_of_the_taxonomy_has_its_condition_and_means(bundled_rules: RuleSet) -> None:
    tax = bundled_rules.taxonomy
    assert set(CONDITIONS) == set(tax.problems)
    assert set(MEANS) == set(tax.causes)
    for code, words in tax.problems.items():  # a restatement, not the problem's words again
        assert condition(code, words.id, True, "id") != words.id
        assert condition(code, words.en, True, "en") != words.en
    assert set(MEASURES) <= set(tax.problems)
    assert set(BETTER) <= set(tax.indicators) and set(VERIFIED_BY) <= set(tax.indicators)


def test_an_unknown_category_gets_a_general_wording_from_its_label() -> None:
    assert condition("X.NEW", "Jalan rusak", True, "id") == "Jalan rusak: teratasi"
    assert means("CAU.X", "Broken roads", "en") == "Broken roads: dealt with"


def test_the_planning_wording_follows_desa_or_kelurahan() -> None:
    assert condition("SOC.PLANNING", "", True, "id") == "Usulan warga masuk perencanaan desa"
    assert condition("SOC.PLANNING", "", False, "en") == "Residents' proposals in the kelurahan plan"


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_objective_tree_restates_every_node_and_keeps_the_links(path: Path, bundled_rules: RuleSet,
                                                               bundled_advisor: Advisor) -> None:
    case = load_case(path, bundled_rules)
    advice = bundled_advisor.advise(case)
    tree = objective_tree(advice, "id")
    assert sorted(o.node for o in tree.ends) == sorted(p.id for p in case.problems)
    assert sorted(o.node for o in tree.means) == sorted(c.id for c in case.causes)
    links = {(e.source, e.target) for e in advice.graph.edges}
    assert {(o.node, s) for o in (*tree.ends, *tree.means) for s in o.serves} == links
    severities = [o.severity for o in tree.ends]
    assert severities == sorted(severities, reverse=True)
    recs = {r.program: set(r.addresses) for r in advice.recommendations}
    for obj in (*tree.ends, *tree.means):
        assert all(obj.node in recs[p] for p in obj.programs)
    place = ("Desa " if case.metadata.is_desa else "Kelurahan ") + case.metadata.kelurahan_or_desa
    assert place in tree.goal and case.metadata.kampung_kb_name in tree.goal


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_logframe_baselines_are_the_cases_own_values(path: Path, lang: str, bundled_rules: RuleSet,
                                                     bundled_advisor: Advisor) -> None:
    case = load_case(path, bundled_rules)
    advice = bundled_advisor.advise(case)
    frame = logframe(advice, lang)
    assert [r.level for r in frame.rows[:1]] == ["goal"]
    assert [r.code for r in frame.level("outcome")] == [o.node for o in objective_tree(advice, lang).ends]
    assert sorted(r.code for r in frame.level("output")) == sorted(r.program for r in advice.recommendations)
    values = case.profile.values()
    severity = {p.id: p.severity for p in case.problems}
    for row in frame.rows:
        assert row.indicators and row.responsible
        for ind in row.indicators:
            assert ind.verified_by
            if ind.text.startswith(label("lf_severity", lang)):
                assert ind.value == severity[row.code] and ind.baseline == f"{severity[row.code]}/5"
            elif ind.key:
                assert ind.value == values[ind.key] and ind.baseline == number(values[ind.key], lang)
                assert ind.text.startswith(bundled_rules.taxonomy.indicator(ind.key).get(lang))
            else:
                assert ind.text == label("lf_severe_problems" if row.level == "goal" else "lf_program_running", lang)
    for row in frame.level("output"):
        rec = next(r for r in advice.recommendations if r.program == row.code)
        assert row.contributes_to == rec.problems and rec.agency_name in row.responsible
    unit = "desa" if case.metadata.is_desa else "kelurahan"
    other = "kelurahan" if case.metadata.is_desa else "desa"
    assert f" {other} " not in f" {frame.rows[0].responsible} " and unit in frame.rows[0].responsible
    assert not [i.verified_by for r in frame.rows for i in r.indicators if "{" in i.verified_by]
    measured = {i.key for r in frame.level("outcome") for i in r.indicators if i.key}
    assert measured <= set(values)


def test_a_problem_no_program_answers_says_so(loop_advice) -> None:  # type: ignore[no-untyped-def]
    frame = logframe(loop_advice, "en")
    gaps = set(loop_advice.gaps.problems)
    for row in frame.level("outcome"):
        assert (row.responsible == label("lf_no_program", "en")) == (row.code in gaps)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_workbook_holds_the_logframe_and_the_objective_tree_cell_by_cell(lang: str, bundled_rules: RuleSet,
                                                                              bundled_advisor: Advisor) -> None:
    advice = bundled_advisor.advise(load_case(CASES[6], bundled_rules))
    wb = openpyxl.load_workbook(io.BytesIO(render(advice, "xlsx", lang)))
    sheet = wb[label("logframe", lang)]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [label(c, lang) for c in LOGFRAME_COLUMNS]
    expected = [[None if c == "" else c for c in row] for row in logframe_table(advice, lang, numbers=True)]
    assert rows[1:] == expected
    frame = logframe(advice, lang)
    assert sum(len(r.indicators) for r in frame.rows) == len(rows) - 1
    goal = rows[1]
    assert goal[0] == label("lf_goal", lang) and goal[2] == frame.rows[0].statement and isinstance(goal[4], int)
    first_outcome = frame.level("outcome")[0]
    at = next(i for i, r in enumerate(rows) if r[1] == first_outcome.code)
    assert rows[at][2] == first_outcome.statement and rows[at][5] is None  # the target is the Pokja's to set
    assert sheet.freeze_panes == "A2"
    tree = wb[label("objectives", lang)]
    got = [list(r) for r in tree.iter_rows(values_only=True)]
    assert got[0] == [label(c, lang) for c in OBJECTIVE_COLUMNS]
    assert got[1:] == [[None if c == "" else c for c in row] for row in objective_rows(advice, lang)]
    assert wb.sheetnames.index(label("plan", lang)) == 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_html_report_has_the_objective_tree_and_logframe_section(lang: str, bundled_rules: RuleSet,
                                                                     bundled_advisor: Advisor) -> None:
    advice = bundled_advisor.advise(load_case(CASES[6], bundled_rules))
    html = str(render(advice, "html", lang))
    section = html[html.index('<section id="logframe">'):]
    section = section[:section.index("</section>")]
    assert section.count("<table>") == 1 and section.count('<ul class="objectives">') == 1
    assert section.count("<ul") == section.count("</ul>")
    assert section.count("<li>") + section.count("<li id=") == section.count("</li>")  # a <li> referred to has an id
    tree = objective_tree(advice, lang)
    for obj in tree.ends:
        assert f"{obj.node}:</b> {obj.text}".replace("'", "&#x27;") in section
    assert html.index('id="plan"') < html.index('id="logframe"') < html.index('id="gaps"')
    assert label("logframe", lang) in section


def _ladder(layers: int, rules: RuleSet) -> Case:
    """The Kadipiro case with its causes made a ladder: two causes a layer (C0a, C0b, C1a, ...), each leading to
    both causes of the next layer, the last layer to the first problem: 2 * layers causes, 4 * layers - 2 links,
    and 2 ** layers paths from that problem down to a root cause."""
    data = yaml.safe_load((REPO / "cases" / "kadipiro-sehati-2018.yaml").read_text(encoding="utf-8"))
    problem = data["problems"][0]["id"]
    data["causes"] = [{"id": f"C{n}{s}", "label_id": f"penyebab {n}{s}", "label_en": f"cause {n}{s}",
                       "category": "CAU.SKILL.SOFT"} for n in range(layers) for s in "ab"]
    data["links"] = [{"from": f"C{n}{s}", "to": f"C{n + 1}{t}", "type": "causes", "strength": 2}
                     for n in range(layers - 1) for s in "ab" for t in "ab"]
    data["links"] += [{"from": f"C{layers - 1}{s}", "to": problem, "type": "causes", "strength": 3} for s in "ab"]
    return parse_case(data, name="ladder", rules=rules)


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_a_ladder_of_causes_renders_the_objective_tree_in_time_and_size(fmt: str, bundled_rules: RuleSet,
                                                                       bundled_advisor: Advisor) -> None:
    # 40 causes, 78 links, a million paths: each objective is shown once, not once a path
    advice = bundled_advisor.advise(_ladder(20, bundled_rules))
    start = time.perf_counter()
    out = render(advice, fmt, "id")
    assert time.perf_counter() - start < 20
    size = len(out.encode("utf-8") if isinstance(out, str) else out)
    assert size < 2_000_000
    assert render(advice, fmt, "id") == out  # the same bytes every time
    rows = objective_rows(advice, "en")
    assert len(rows) <= 1 + len(advice.graph.nodes) + len(advice.graph.edges)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_means_reached_by_two_paths_is_shown_once_in_full_then_referred_to(lang: str, bundled_rules: RuleSet,
                                                                             bundled_advisor: Advisor) -> None:
    # P <- C1a <- C0a, C0b and P <- C1b <- C0a, C0b: C0a and C0b are reached twice, C1a and C1b once
    advice = bundled_advisor.advise(_ladder(2, bundled_rules))
    see = {"id": "lihat C0a di atas", "en": "see C0a above"}[lang]
    rows = objective_rows(advice, lang)
    c0a = [r for r in rows if r[1] == "C0a"]
    assert len(c0a) == 2
    assert c0a[0][3] == f"{'penyebab' if lang == 'id' else 'cause'} 0a" and c0a[0][2] != see
    assert c0a[1][2:] == [see, "", None, "", ""] and c0a[1][0] == c0a[0][0]  # at the same depth, below C1b
    assert [r[1] for r in rows if str(r[1]).startswith("C1")] == ["C1a", "C1b"]
    html = str(render(advice, "html", lang))
    section = html[html.index('<section id="logframe">'):]
    section = section[:section.index("</section>")]
    was = "penyebab 0a" if lang == "id" else "cause 0a"
    assert section.count(f"“{was}”") == 1 and section.count(see) == 1
    assert section.count('id="obj-C0a"') == 1 and section.count('href="#obj-C0a"') == 1
    assert section.index('id="obj-C0a"') < section.index('href="#obj-C0a"')
    assert section.count("<ul") == section.count("</ul>")
    assert section.count("<li>") + section.count("<li id=") == section.count("</li>")
    assert 'id="obj-C1a"' not in section and "#obj-C1a" not in section  # reached once: no reference, no anchor


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_a_tree_has_no_reference(path: Path, bundled_rules: RuleSet, bundled_advisor: Advisor) -> None:
    # the case with each cause leading to one node only: no objective is reached twice, none is referred to
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first: dict[str, dict[str, object]] = {}
    for link in data["links"]:
        first.setdefault(link["from"], link)
    data["links"] = list(first.values())
    advice = bundled_advisor.advise(parse_case(data, name=path.name, rules=bundled_rules))
    codes = [r[1] for r in objective_rows(advice, "id")[1:]]
    assert len(codes) == len(set(codes)) and codes
    html = str(render(advice, "html", "en"))
    assert 'id="obj-' not in html and "above</a>" not in html
