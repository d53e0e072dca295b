"""Seeded defects (bench/seeded.py): copies of the bundled rule set, each with one mistake a policy team makes;
`rules lint` must report each where it is (file, and the rule, program or test it is in). A subset runs here, one
class for each kind of check (the whole bench: `python bench/seeded.py`); harmless edits must give no finding."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
_spec = importlib.util.spec_from_file_location("kkb_bench_seeded", REPO / "bench" / "seeded.py")
assert _spec is not None and _spec.loader is not None
seeded = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = seeded  # its dataclasses look their module up
_spec.loader.exec_module(seeded)

FAST = ("category-typo", "cause-for-problem", "program-typo-prerequisite", "test-unknown-rule", "test-case-typo",
        "severity-six", "severity-zero", "share-as-percent", "setting-typo", "locality-typo",
        "availability-off-by-one", "locality-never-applies", "requires-contradicts-rule", "cross-form-duplicate",
        "shadowed-rule", "unless-implied-by-when", "contradictory-conditions", "orphan-program",
        "prerequisite-cycle", "expect-emptied", "expect-contradicts-itself", "national-text-names-a-city",
        "empty-rationale", "taxonomy-label-emptied", "source-not-a-reference", "duplicate-key", "tab-indent",
        "distance-zero", "indicator-typo", "category-condition-deleted", "bom")
BY_NAME = {m.name: m for m in seeded.MUTATIONS}


def test_the_bench_has_at_least_forty_classes_and_the_subset_names_real_ones() -> None:
    assert len(seeded.MUTATIONS) >= 40
    assert len(BY_NAME) == len(seeded.MUTATIONS)
    assert set(FAST) <= set(BY_NAME)


def test_the_unmutated_copy_is_lint_clean() -> None:
    clean = seeded.Mutation("none", "no change", lambda copy: [seeded.Place("ruleset.yaml")], harmless=True)
    assert seeded.run(clean).result == "tolerated"


@pytest.mark.parametrize("name", FAST)
def test_lint_reports_the_seeded_mistake_where_it_is(name: str) -> None:
    outcome = seeded.run(BY_NAME[name])
    assert outcome.result == ("tolerated" if BY_NAME[name].harmless else "detected"), (
        [str(f) for f in outcome.findings], outcome.places)
    assert all(f.severity in {"error", "warning"} for f in outcome.matched)
