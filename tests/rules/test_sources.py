"""Program sources a government reader trusts: which count as official (a `.go.id` host), their order in the
advice, and docs/sources.md kept true to the catalogue it describes (official counts, programs without one)."""

from __future__ import annotations

import re
import types
from urllib.parse import urlsplit

import pytest

from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.placewords import Place
from kkb_advisor.rules.sources import is_official, ordered
from tests.conftest import REPO


@pytest.mark.parametrize(("source", "official"), [
    ("https://peraturan.bpk.go.id/Details/217211/permensos-no-7-tahun-2021", True),
    ("https://kampungkb.bkkbn.go.id/kampung/20228/intervensi/467734/pembinaan-uppka", True),
    ("http://go.id/", True),
    ("  HTTPS://KUR.EKON.GO.ID./kebijakan-kur ", True),  # case, a trailing dot and blanks do not matter
    ("https://go.id.example.com/peraturan", False),  # go.id inside another host
    ("https://notgo.id/", False),
    ("https://id.scribd.com/document/601505003/Surat-DESTANA-Sign", False),
    ("https://example.com/?next=https://oss.go.id/", False),  # only the host counts
    ("domain.md 2.3 rule 1", False),  # a note, not a URL
    ("http://[::1", False),  # unparsable
])
def test_official_is_a_government_host(source: str, official: bool) -> None:
    assert is_official(source) is official


def test_official_sources_come_first_in_catalogue_order() -> None:
    sources = ("https://a.example/1", "https://b.go.id/1", "https://c.example/2", "https://d.go.id/2")
    assert ordered(sources) == (
        ("https://b.go.id/1", "https://d.go.id/2", "https://a.example/1", "https://c.example/2"),
        ("https://a.example/1", "https://c.example/2"))


def test_catalogue_sources_are_web_addresses_listed_once(bundled_rules: RuleSet) -> None:
    for pid, program in bundled_rules.programs.items():
        for source in program.sources:
            parts = urlsplit(source)
            assert parts.scheme in ("http", "https") and parts.hostname, f"{pid}: {source!r} is not a web address"
        assert len(set(program.sources)) == len(program.sources), f"{pid} lists a source twice"


def _documented_programs() -> dict[str, tuple[str, int, int]]:
    """docs/sources.md, table "Programs": program -> (status, official, secondary)."""
    text = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    table = text.split("## Programs", 1)[1].split("###", 1)[0]
    rows = re.findall(r"^\| ([A-Z0-9-]+) \| ([^|]+) \| (\d+) \| (\d+) \|$", table, flags=re.M)
    assert rows, "docs/sources.md has no Programs table"
    return {pid: (status.strip(), int(official), int(secondary)) for pid, status, official, secondary in rows}


def test_sources_page_matches_the_catalogue(bundled_rules: RuleSet) -> None:
    documented = _documented_programs()
    assert sorted(documented) == sorted(bundled_rules.programs), "docs/sources.md lists other programs"
    elsewhere = Place.of(types.SimpleNamespace(kab_kota="Kabupaten Bogor", province="Jawa Barat", is_desa=True),
                         bundled_rules)
    for pid, program in bundled_rules.programs.items():
        status, official, secondary = documented[pid]
        n_official = sum(1 for s in program.sources if is_official(s))
        assert (official, secondary) == (n_official, len(program.sources) - n_official), pid
        assert status.startswith("not found") == (n_official == 0), f"{pid}: status {status!r}"
        shown = [s for s in elsewhere.sources(program.sources) if is_official(s)]
        # a program offered in one place only may cite that place's pages; any other must show one everywhere
        gap = n_official > 0 and not shown and program.locality is None
        assert ("only for Surakarta cases" in status) == gap, f"{pid}: {status!r}"


def test_sources_page_explains_every_program_without_one() -> None:
    text = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    searched = text.split("### Not found, searched", 1)[1].split("##", 1)[0]
    explained = set(re.findall(r"^\| ([A-Z0-9-]+) \| (?!searched)", searched, flags=re.M))
    without = {pid for pid, (status, _, _) in _documented_programs().items()
               if status.startswith("not found") or "only for Surakarta" in status}
    assert explained == without
