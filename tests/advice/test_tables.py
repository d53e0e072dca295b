"""An Advisor's Tables (advice/tables.py): what ranking and assembly ask of the rule set, worked out once per
Advisor. The answers are those of the per-case code they replace, one Advisor's never reach another's, and they do
not grow with the number of cases."""

from __future__ import annotations

import dataclasses
import random
import types

from kkb_advisor.advice.advisor import Advisor, advise
from kkb_advisor.case.load import parse_case
from kkb_advisor.model.ruleset import Bilingual, RuleSet
from kkb_advisor.report.text import render_json
from kkb_advisor.rules import placewords
from kkb_advisor.rules.placewords import Place, PlaceIndex
from kkb_advisor.rules.sources import ordered
from tests.casegen import case_text, random_case
from tests.conftest import MINI_CASE


def _places(rules: RuleSet) -> list[types.SimpleNamespace]:
    """Places of every kind: each place with wording of its own, written with and without its prefix, and others."""
    names = sorted({*placewords.place_names(rules), *placewords.place_names(rules).values()})
    out = [types.SimpleNamespace(kab_kota=n.title(), province="Jawa Tengah", is_desa=d) for n in names
           for d in (True, False)]
    out += [types.SimpleNamespace(kab_kota=k, province=p, is_desa=True) for k, p in
            (("Kab. Bogor", "Jawa Barat"), ("Kota Kupang", "Nusa Tenggara Timur"), ("", ""))]
    return out


def test_the_index_shows_the_sources_and_programs_place_of_shows(bundled_rules: RuleSet) -> None:
    index = PlaceIndex(bundled_rules)
    sources = sorted(index.sources)
    shown_somewhere = 0
    for meta in _places(bundled_rules):
        plain, fast = Place.of(meta, bundled_rules), index.place(meta)
        assert (fast.is_desa, fast.region, fast.places) == (plain.is_desa, plain.region, plain.places)
        assert fast.sources(tuple(sources)) == plain.sources(tuple(sources)), meta
        assert fast.sources(("https://pemkot-solo.example/x", "other")) == plain.sources(
            ("https://pemkot-solo.example/x", "other"))  # a source the rule set does not give: found, not kept
        for program in bundled_rules.programs.values():
            assert fast.program(program) == plain.program(program), (meta, program.id)
        shown_somewhere += len(plain.sources(tuple(sources))) < len(sources)
    assert shown_somewhere  # some place is kept from some source: the comparison is not vacuous


def test_a_program_that_is_not_the_rule_sets_own_is_not_answered_from_its_views(bundled_rules: RuleSet) -> None:
    index = PlaceIndex(bundled_rules)
    place = index.place(types.SimpleNamespace(kab_kota="Kota Semarang", province="Jawa Tengah", is_desa=False))
    program = next(iter(bundled_rules.programs.values()))
    assert place.program(program) is place.program(program)  # kept for this place
    edited = dataclasses.replace(program, name=Bilingual(id="Lain", en="Other"))
    assert place.program(edited).name == Bilingual(id="Lain", en="Other")


def test_the_views_kept_do_not_grow_with_the_number_of_places(bundled_rules: RuleSet) -> None:
    index = PlaceIndex(bundled_rules)
    program = next(iter(bundled_rules.programs.values()))
    for n in range(3 * placewords._VIEWS):
        index.place(types.SimpleNamespace(kab_kota=f"Kabupaten Tempat {n}", province="Jawa Tengah",
                                          is_desa=n % 2 == 0)).program(program)
        assert len(index._views) <= placewords._VIEWS


def test_official_sources_first_as_rules_sources_orders_them(bundled_advisor: Advisor) -> None:
    tables = bundled_advisor.tables
    sources = tuple(sorted(tables.places.sources))
    assert tables.ordered(sources) == ordered(sources)
    assert tables.ordered(("https://x.example", "https://www.kemkes.go.id/a")) == ordered(
        ("https://x.example", "https://www.kemkes.go.id/a"))


def test_two_long_lived_advisors_of_two_rule_sets_give_what_fresh_ones_give(bundled_rules: RuleSet,
                                                                           mini_rules: RuleSet) -> None:
    """Interleaved on the same cases, each Advisor keeps to its own rule set's tables (test_concurrency makes a
    fresh Advisor for every call, so nothing kept there is ever used twice)."""
    rng = random.Random(5)
    cases = [parse_case(MINI_CASE.read_text(encoding="utf-8"), rules=mini_rules)]
    cases += [parse_case(case_text(random_case(rng, mini_rules)), rules=mini_rules) for _ in range(8)]
    with Advisor(bundled_rules) as big, Advisor(mini_rules) as small:
        assert big.tables is not small.tables and big.tables.rules is bundled_rules
        for _ in range(2):  # the second round is answered from what the first kept
            for case in cases:
                assert render_json(big.advise(case)) == render_json(advise(case, bundled_rules))
                assert render_json(small.advise(case)) == render_json(advise(case, mini_rules))
