"""The published set: cases transcribed from published Kampung KB meeting reports, keyed before the advice was run.

What must hold: every case is a real transcription (provenance `source`, its pages listed, every item backed by
them), every case has a key and every key a case, keys name real programs once and lead with their own musts, no
key asks for a program the report shows already running; and the advice never names a program the key rules out
nor recommends an existing programme as new (two of the targets of issue 10, met on this set). Recall and
top-of-list recall are measured, not asserted, by bench/quality.py (docs/quality.md quotes the figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.quality import result, run
from kkb_advisor import advise, load_case
from kkb_advisor.model.ruleset import RuleSet
from tests.quality.metrics import PUBLISHED, PUBLISHED_EXPECTED, case_id, existing_programs, load_expected, score

MIN_PUBLISHED_CASES = 12
KEYS = load_expected(PUBLISHED_EXPECTED)
IDS = [p.stem for p in PUBLISHED]


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_case_has_a_key_and_every_key_a_case() -> None:
    assert sorted(case_id(p) for p in PUBLISHED) == sorted(KEYS)
    assert len(PUBLISHED) >= MIN_PUBLISHED_CASES


@pytest.mark.parametrize("path", PUBLISHED, ids=IDS)
def test_case_is_a_transcription_of_its_sources(path: Path, bundled_rules: RuleSet) -> None:
    data = _data(path)
    load_case(path, bundled_rules)  # valid: the loader raises on any error
    assert data["provenance"] == "source"
    assert all(s.startswith(("http://", "https://")) for s in data["metadata"]["sources"])
    assert data["metadata"]["sources"], "a published case lists the pages it was transcribed from"
    items = [*data.get("problems", []), *data.get("causes", []), *data.get("assets", [])]
    assert {i.get("src") for i in items} == {"source"}, "every problem, cause and asset is backed by a source"
    for r in data.get("opd_responses") or []:
        assert r.get("src") == "source"


@pytest.mark.parametrize("path", PUBLISHED, ids=IDS)
def test_key_names_real_programs_once_and_leads_with_its_musts(path: Path, bundled_rules: RuleSet) -> None:
    key = KEYS[case_id(path)]
    named = key["must"] + key.get("should", []) + key["never"]
    assert not set(named) - set(bundled_rules.programs), "unknown program ids"
    assert len(named) == len(set(named)), "a program in two of must/should/never"
    assert key["top3"] == [p for p in key["top3"] if p in key["must"]]
    assert len(key["top3"]) == min(3, len(key["must"]))


@pytest.mark.parametrize("path", PUBLISHED, ids=IDS)
def test_key_does_not_ask_for_what_already_runs(path: Path) -> None:
    key = KEYS[case_id(path)]
    assert not existing_programs(path) & set(key["must"] + key.get("should", []))


@pytest.mark.parametrize("path", PUBLISHED, ids=IDS)
def test_advice_never_names_a_ruled_out_or_running_program(path: Path, bundled_rules: RuleSet) -> None:
    advice = advise(load_case(path, bundled_rules), bundled_rules)
    s = score(case_id(path), [r.program for r in advice.recommendations], KEYS[case_id(path)],
              existing_programs(path))
    assert not s.never_named, f"wrong here: {s.never_named}"
    assert not s.existing_as_new, f"already running, recommended as new: {s.existing_as_new}"


def test_bench_scores_each_set_and_pools_them() -> None:
    scores = run()
    res = result(scores)
    by_set, overall = res["by_set"], res["overall"]
    assert isinstance(by_set, dict) and isinstance(overall, dict)
    assert set(by_set) == {"internal", "published"}
    assert by_set["published"]["cases"] == len(PUBLISHED)
    assert overall["cases"] == sum(s["cases"] for s in by_set.values())
    must = {g: sum(len(s.must_hits) + len(s.must_missed) for x, s in scores if x == g) for g in by_set}
    pooled = sum(by_set[g]["recall"] * must[g] for g in by_set) / sum(must.values())
    assert overall["recall"] == pytest.approx(pooled, abs=2e-3)
    assert result(run("published"))["by_set"] == {"published": by_set["published"]}
