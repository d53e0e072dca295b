"""Words true to the place: place words ({kelurahan}, {lurah}, {kota}…) and a program's `local:` wording.

The bundled cases, moved to villages in several provinces (desa and kelurahan, kabupaten and kota), must read the
general national wording wherever the catalogue has none for their place, the local wording where it has, and
never a desa's words in a kelurahan (or the other way round), a place word left unfilled, or another city's name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kkb_advisor import RuleSetError, load_case, load_rules
from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.model.advice import Advice
from kkb_advisor.model.case import Case
from kkb_advisor.model.ruleset import Bilingual, LocalWording, RuleSet
from kkb_advisor.policy.lint import lint_folder
from kkb_advisor.rules.placewords import WORDS, Place
from tests.conftest import CASES, REPO

QUALITY = sorted((REPO / "tests" / "quality" / "cases").glob("*.yaml"))

# (province, kab/kota, desa?) — places across the country; Kota Surakarta has local wording in the catalogue
PLACES = [
    ("Jawa Tengah", "Kota Surakarta", False),
    ("Jawa Tengah", "Kabupaten Sukoharjo", True),
    ("Nusa Tenggara Timur", "Kabupaten Kupang", True),
    ("Kalimantan Barat", "Kota Pontianak", False),
    ("Sumatera Selatan", "Kabupaten Musi Banyuasin", False),
    ("Papua", "Kabupaten Jayapura", True),
    ("Sulawesi Utara", "Bitung", False),  # written without Kota/Kabupaten
]
# one city's words: none may reach a case elsewhere (the catalogue keeps them in `local:` variants)
CITY_WORDS = {
    "kota surakarta": ["Surakarta", "Solo", "Kadipiro", "UNS", "Tawangpraja", "Ngarsopuro", "Sultanikah", "PTPAS",
                       "DPK", "Renstra Masyarakat", "RW Modelling", "Kampung KB Sehati"],
    "kabupaten kudus": ["Kudus"],
}
_BOTH = re.compile(r"(?i)\bdesa ?/ ?kelurahan\b|\bkelurahan ?/ ?desa\b|\b(desa|kelurahan) (atau|dan|or|and) "
                   r"(desa|kelurahan)\b|\b(bukan|not) (a )?(desa|kelurahan)\b|\bhanya untuk (desa|kelurahan)\b|"
                   r"\b(desa|kelurahan) only\b|\(desa memakai Dana Desa\)|\(a desa uses the Village Fund\)")
KELURAHAN_WORDS = re.compile(r"(?<!\w)(Musrenbangkel|LPMK|Lurah|[Kk]elurahan)(?!\w)")
DESA_WORDS = re.compile(r"(?<!\w)(Musrenbangdes|Musdes|Kepala Desa|LPMD|RKPDes|APBDes|Dana Desa)(?!\w)")


def _moved(case: Case, province: str, kab_kota: str, is_desa: bool) -> Case:
    meta = case.metadata.model_copy(update={"province": province, "kab_kota": kab_kota, "is_desa": is_desa,
                                            "unit_level": case.metadata.unit_level if case.metadata.unit_level
                                            in {"rw", "dusun"} else ("desa" if is_desa else "kelurahan")})
    return case.model_copy(update={"metadata": meta})


def _catalogue_texts(advice: Advice) -> list[tuple[str, str, str]]:
    """(program, field, text) of every catalogue- or rule-written text in the advice."""
    out: list[tuple[str, str, str]] = []
    for rec in (*advice.recommendations, *advice.also_possible, *advice.keep):
        out.append((rec.program, "agency_name", rec.agency_name))
        for key in LocalWording.TEXTS:
            value: Bilingual = getattr(rec, key)
            out += [(rec.program, f"{key}.id", value.id), (rec.program, f"{key}.en", value.en)]
        for reason in rec.because:
            for part in (reason.title, reason.rationale):
                out += [(rec.program, reason.rule, part.id), (rec.program, reason.rule, part.en)]
            out += [(rec.program, f"{reason.rule}.source", src) for src in reason.source]
        out += [(rec.program, "sources", src) for src in rec.sources]
        for step in rec.steps:
            out += [(step.program, "step.agency_name", step.agency_name),
                    (step.program, "step.first_step", step.first_step.id)]
    return out


@pytest.fixture(scope="module")
def moved_advice(bundled_rules: RuleSet) -> list[tuple[str, tuple[str, str, bool], Advice]]:
    # the python engine: wording does not depend on the engine (tests/advice/test_engines.py holds them equal)
    advisor = Advisor(bundled_rules, engine="python")
    out = []
    for path in [*CASES, *QUALITY]:
        case = load_case(path)
        for place in PLACES:
            out.append((path.name, place, advisor.advise(_moved(case, *place))))
    return out


def test_no_place_word_is_left_unfilled(moved_advice: list[tuple[str, tuple[str, str, bool], Advice]]) -> None:
    for name, place, advice in moved_advice:
        text = advice.model_dump_json()
        left = sorted({w for w in WORDS if "{" + w + "}" in text})
        assert not left, (name, place, left)


def test_no_other_citys_words(moved_advice: list[tuple[str, tuple[str, str, bool], Advice]]) -> None:
    for name, (_, kab_kota, _), advice in moved_advice:
        key = Place.of(advice.village).places
        banned = [w for city, words in CITY_WORDS.items() if city not in key for w in words]
        pattern = re.compile(r"(?i)(?<![^\W_])(" + "|".join(re.escape(w).replace(r"\ ", r"[\s_-]+") for w in banned)
                             + r")(?![^\W_])")
        for program, field, text in _catalogue_texts(advice):
            hit = pattern.search(text)
            assert hit is None, (name, kab_kota, program, field, text)


def test_a_desa_reads_desa_words_and_a_kelurahan_kelurahan_words(
        moved_advice: list[tuple[str, tuple[str, str, bool], Advice]]) -> None:
    seen = {True: 0, False: 0}
    for name, (_, kab_kota, is_desa), advice in moved_advice:
        wrong = KELURAHAN_WORDS if is_desa else DESA_WORDS
        for program, field, text in _catalogue_texts(advice):
            plain = _BOTH.sub(" ", text)
            if program in {"KEL-DANAKEL", "DES-DANADESA"} and field.startswith("eligibility"):
                continue  # says who it is not for
            if field.endswith(("source", "sources")):
                continue  # a citation, not the village's words
            hit = wrong.search(plain)
            assert hit is None, (name, kab_kota, is_desa, program, field, text)
        seen[is_desa] += len(advice.recommendations)
    assert seen[True] and seen[False]


def test_surakarta_reads_its_own_agencies_and_others_the_national_ones(bundled_advisor: Advisor) -> None:
    case = load_case(REPO / "cases" / "kadipiro-sehati-2018.yaml")
    here = bundled_advisor.advise(case)
    elsewhere = bundled_advisor.advise(_moved(case, "Jawa Timur", "Kota Malang", False))
    agencies_here = {r.program: r.agency_name for r in (*here.recommendations, *here.also_possible)}
    agencies_there = {r.program: r.agency_name for r in (*elsewhere.recommendations, *elsewhere.also_possible)}
    assert agencies_here["KOP-LATIHWIRAUSAHA"] == "Dinas Koperasi UKM dan Perindustrian Kota Surakarta"
    assert agencies_there["KOP-LATIHWIRAUSAHA"] == "Dinas Koperasi dan UMKM Kota"
    assert "BAP-RWMODEL" in agencies_here and "BAP-RWMODEL" not in agencies_there  # a Surakarta-only program


def test_kabupaten_kota_and_unknown_region_words() -> None:
    class Meta:
        def __init__(self, kab_kota: str, is_desa: bool) -> None:
            self.kab_kota, self.province, self.is_desa = kab_kota, "Jawa Tengah", is_desa

    text = Bilingual(id="Bappeda {Kota}, {musrenbang}, {lurah}, {dana}", en="{kota} planning, {musrenbang}")
    assert Place.of(Meta("Kab. Klaten", True)).text(text) == Bilingual(
        id="Bappeda Kabupaten, Musrenbangdes, Kepala Desa, Dana Desa",
        en="regency planning, village Musrenbang (Musrenbangdes)")
    assert Place.of(Meta("Kota Semarang", False)).text(text).id == "Bappeda Kota, Musrenbangkel, Lurah, Dana Kelurahan"
    assert Place.of(Meta("Bitung", False)).text(text).id.startswith("Bappeda Kabupaten/Kota,")
    plain = Bilingual(id="tanpa kata tempat", en="no place words")
    assert Place.of(Meta("Bitung", False)).text(plain) is plain


def test_local_wording_is_chosen_by_kab_kota_or_province(bundled_rules: RuleSet) -> None:
    class Meta:
        def __init__(self, kab_kota: str, province: str) -> None:
            self.kab_kota, self.province, self.is_desa = kab_kota, province, False

    program = bundled_rules.programs["DUK-KIA"]
    assert program.local and "Surakarta" not in program.name.id
    assert "Surakarta" in Place.of(Meta("Surakarta", "Jawa Tengah")).program(program).name.id
    assert Place.of(Meta("Kota Magelang", "Jawa Tengah")).program(program).name == program.name


def test_places_without_wording_of_their_own_share_one_view_and_read_as_if_each_had_its_own(
        bundled_rules: RuleSet) -> None:
    """The index keeps a program as the cases of a place read it per desa/kelurahan, kabupaten/kota and the places
    with wording of their own a case is in: kabupaten without any share one view, which is what each would read."""
    from kkb_advisor.rules.placewords import PlaceIndex

    class Meta:
        def __init__(self, kab_kota: str, province: str, is_desa: bool) -> None:
            self.kab_kota, self.province, self.is_desa = kab_kota, province, is_desa

    index = PlaceIndex(bundled_rules)
    metas = [Meta(k, p, d) for p, k, d in PLACES] + [Meta(f"Kabupaten Contoh {i}", "Provinsi Contoh", i % 2 == 0)
                                                       for i in range(300)]
    for meta in metas:
        place, alone = index.place(meta), Place.of(meta, bundled_rules)
        for program in bundled_rules.programs.values():
            assert place.program(program) == alone.program(program), (meta.kab_kota, program.id)
    assert len(index._views) <= len(PLACES) + 2 * 3  # the 300 kabupaten without wording of their own: two views
    surakarta, elsewhere = (index.place(Meta(k, "Jawa Tengah", False)) for k in ("Kota Surakarta", "Kota Magelang"))
    program = bundled_rules.programs["DUK-KIA"]
    assert surakarta.program(program).name != elsewhere.program(program).name


def _catalogue_with(mini_copy: Path, old: str, new: str) -> Path:
    cat = mini_copy / "catalogue.yaml"
    text = cat.read_text(encoding="utf-8")
    assert old in text
    cat.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mini_copy


def test_an_unknown_place_word_is_refused_where_it_is_written(mini_copy: Path) -> None:
    text = (mini_copy / "catalogue.yaml").read_text(encoding="utf-8")
    first = re.search(r'procedure: \{id: "([^"]*)"', text) or re.search(r'\n      id: "([^"]*)"', text)
    assert first is not None
    folder = _catalogue_with(mini_copy, first.group(0), first.group(0).replace(first.group(1),
                                                                               "Lewat {kelurahn}", 1))
    with pytest.raises(RuleSetError) as err:
        load_rules(folder)
    message = str(err.value)
    assert "catalogue.yaml: line" in message and "unknown place word '{kelurahn}'" in message, message
    assert "did you mean 'kelurahan'" in message, message


def test_local_wording_that_changes_nothing_is_refused(mini_copy: Path) -> None:
    folder = _catalogue_with(mini_copy, "    provenance:", "    local:\n      - where: Kota Surakarta\n"
                             "    provenance:")
    with pytest.raises(RuleSetError) as err:
        load_rules(folder)
    assert "local wording for 'Kota Surakarta' changes nothing" in str(err.value)


def test_lint_finds_one_citys_text_and_a_kelurahan_word_in_general_wording(mini_copy: Path) -> None:
    cat = mini_copy / "catalogue.yaml"
    text = cat.read_text(encoding="utf-8")
    head, sep, rest = text.partition("    provenance:")
    local = ('    local:\n      - where: "Kota Surakarta"\n'
             '        agency_name: "Dinas Koperasi UKM dan Perindustrian Kota Surakarta"\n')
    cat.write_text(head + local + sep + rest, encoding="utf-8")
    clean = {f.code for f in lint_folder(mini_copy)}
    assert "place-wording" not in clean
    text = cat.read_text(encoding="utf-8")
    general = re.search(r'first_step: \{id: "([^"]*)"', text)
    assert general is not None
    cat.write_text(text.replace(general.group(0), general.group(0).replace(
        general.group(1), "Di Surakarta: serahkan ke Lurah", 1), 1), encoding="utf-8")
    found = [f for f in lint_folder(mini_copy) if f.code == "place-wording"]
    messages = " | ".join(f.message for f in found)
    assert "names Surakarta" in messages and "'Lurah' is a kelurahan's word" in messages, messages
    tax = mini_copy / "taxonomy.yaml"
    tax.write_text(tax.read_text(encoding="utf-8") + "place_names:\n  Kota Surakarta: [Solo]\n", encoding="utf-8")
    text = cat.read_text(encoding="utf-8").replace("Di Surakarta: serahkan", "Di Solo: serahkan")
    cat.write_text(text, encoding="utf-8")
    messages = " | ".join(f.message for f in lint_folder(mini_copy) if f.code == "place-wording")
    assert "names Solo" in messages, messages  # another name of a place with wording of its own
    assert all(f.file.endswith("catalogue.yaml") and f.line > 0 for f in found)


def test_the_bundled_rule_set_has_no_place_wording_findings(bundled_rules: RuleSet) -> None:
    findings = [f for f in lint_folder(None) if f.code == "place-wording"]
    assert not findings, "\n".join(map(str, findings))


def test_json_advice_keeps_no_braces_of_place_words_on_cli(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("advise", REPO / "cases" / "kupang-oepoli-2023.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert not any("{" + w + "}" in json.dumps(data) for w in WORDS)


def test_a_citys_sources_are_shown_only_to_that_city(bundled_advisor: Advisor) -> None:
    """DLH-PROKLIM cites Solo's and Kadipiro's climate-village news: shown in Surakarta, not in Semarang."""
    case = load_case(REPO / "cases" / "kadipiro-sehati-2018.yaml")
    here = bundled_advisor.advise(case)
    there = bundled_advisor.advise(_moved(case, "Jawa Tengah", "Kota Semarang", False))
    def sources(advice: Advice, pid: str) -> tuple[str, ...]:
        return next(r.sources for r in (*advice.recommendations, *advice.also_possible, *advice.keep)
                    if r.program == pid)
    solo = [s for s in sources(here, "DLH-PROKLIM") if "solo" in s or "kadipiro" in s]
    assert solo and not [s for s in sources(there, "DLH-PROKLIM") if s in solo]
    assert set(sources(there, "DLH-PROKLIM")) < set(sources(here, "DLH-PROKLIM"))
