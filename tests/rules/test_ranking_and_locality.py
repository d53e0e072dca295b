"""Policy as data: the manifest's `ranking:` section, and a program's `locality` from the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkb_advisor import RuleSetError, load_case, load_rules
from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.advice.explain import explain
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.policy.review import render_rule
from kkb_advisor.rules.fields import place_key, place_keys
from tests.conftest import CASES


def _with_ranking(mini_copy: Path, text: str) -> Path:
    manifest = mini_copy / "ruleset.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + text, encoding="utf-8")
    return mini_copy


@pytest.mark.parametrize(("section", "message"), [
    ("ranking:\n  answer: 0.5\n", "an answer must weigh at least as much as a supporting measure"),
    ("ranking:\n  repeat: 7\n", "(ranking.repeat): must be at most 1.0, got 7"),
    ("ranking:\n  timing_order: [anytime, quota]\n", "timing_order must name every timing once"),
    ("ranking:\n  timing_order: [anytime, quota, annual_call, musrenbank]\n", "did you mean 'musrenbang'?"),
    ("ranking:\n  min_gain: .inf\n", "(ranking.min_gain)"),
    ("ranking:\n  breadth: '0.3'\n", "(ranking.breadth): expected a number"),
    ("ranking:\n  severe: 6\n", "(ranking.severe): must be at most 5"),
    ("ranking:\n  repeat: 0.6\n  repeat_severe: 0.4\n", "repeat_severe must be at least repeat"),
    ("ranking:\n  named: -1\n", "(ranking.named)"),
    ("ranking:\n  min_main_score: 15\n", "unknown key 'min_main_score'"),
])
def test_a_bad_ranking_section_is_refused_with_its_place(mini_copy: Path, section: str, message: str) -> None:
    folder = _with_ranking(mini_copy, section)
    with pytest.raises(RuleSetError) as err:
        load_rules(folder)
    text = str(err.value)
    assert "ruleset.yaml: line" in text and message in text, text


def test_the_ranking_section_changes_the_ranking(mini_copy: Path, mini_rules: RuleSet, mini_case) -> None:
    # a gain floor no program reaches, and no problem counted severe: the main list is empty, the rest also possible
    strict = load_rules(_with_ranking(mini_copy, "ranking:\n  min_gain: 2\n  severe: 5\n"))
    assert strict.ranking.min_gain == 2 and mini_rules.ranking.min_gain == 0.25
    with Advisor(mini_rules) as advisor:
        assert advisor.advise(mini_case).recommendations
    with Advisor(strict) as advisor:
        advice = advisor.advise(mini_case)
    assert advice.recommendations == () and advice.also_possible


def test_rules_show_ranking_lists_every_term(bundled_rules: RuleSet) -> None:
    from dataclasses import fields

    from kkb_advisor.model.ruleset import Ranking

    text = render_rule(bundled_rules, "ranking", "en")
    for f in fields(Ranking):
        assert f"  {f.name}: " in text, f.name


@pytest.mark.parametrize(("kab_kota", "province", "expected"), [
    ("Kota Surakarta", "Jawa Tengah", ["jawa tengah", "kota surakarta"]),
    ("Kab.  Sukoharjo", "Jawa Tengah", ["jawa tengah", "kabupaten sukoharjo"]),
    ("Surakarta", "JAWA TENGAH", ["jawa tengah", "kabupaten surakarta", "kota surakarta", "surakarta"]),
])
def test_places_are_compared_as_written_loosely(kab_kota: str, province: str, expected: list[str]) -> None:
    assert place_keys(kab_kota, province) == expected
    assert place_key("KOTA  Surakarta") == "kota surakarta"


def test_a_local_program_is_offered_only_in_its_place(bundled_rules: RuleSet, bundled_advisor: Advisor) -> None:
    local = {pid for pid, p in bundled_rules.programs.items() if p.locality}
    assert local == {"BAP-RWMODEL", "BAP-DATAKEMISKINAN"}
    for path in CASES:
        case = load_case(path, bundled_rules)
        advice = bundled_advisor.advise(case)
        offered = {r.program for r in (*advice.recommendations, *advice.also_possible)} & local
        if "surakarta" not in case.metadata.kab_kota.casefold():
            assert not offered, f"{path.name}: {offered}"
    kadipiro = load_case(next(p for p in CASES if p.stem.startswith("kadipiro")), bundled_rules)
    moved = kadipiro.model_copy(update={"metadata": kadipiro.metadata.model_copy(update={"kab_kota": "Kota Bogor"})})
    exp = explain(moved, bundled_advisor, "BAP-RWMODEL", lang="en")
    assert not exp.recommended
    assert any("if the village were in Kota Surakarta" in s for s in exp.why_not), exp.why_not


def test_min_main_fills_a_short_list_without_reordering_it(mini_copy: Path) -> None:
    """`min_main`: a main list shorter than it takes every further program that still adds something; the programs
    placed before keep their order, and nothing that adds nothing is placed."""
    case_path = Path(__file__).resolve().parents[1] / "quality" / "published" / "ciamis-buniseuri-2019.yaml"
    bundled = Path(__file__).resolve().parents[2] / "rules"
    lists = {}
    for value in (0, 20):
        folder = mini_copy.parent / f"rules-{value}"
        shutil.copytree(bundled, folder)
        manifest = folder / "ruleset.yaml"
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace("  min_main: 6 ", f"  min_main: {value} "), encoding="utf-8")
        rules = load_rules(folder)
        advice = Advisor(rules).advise(load_case(case_path, rules))
        lists[value] = ([r.program for r in advice.recommendations], advice)
    short, long_ = lists[0][0], lists[20][0]
    assert len(long_) > len(short) and long_[:len(short)] == short
    assert all(r.score > 0 for r in lists[20][1].recommendations)
