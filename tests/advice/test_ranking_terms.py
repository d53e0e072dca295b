"""Ranking terms that listen to the FGD, each on a small change to one case: a severe problem keeps more of its need
for a second answer (`repeat_severe`), and a problem or cause that names a program in the room's own words lifts
that program (`named`, from the catalogue's `short_names`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kkb_advisor import RuleSetError, load_case, load_rules
from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.model.advice import Advice
from kkb_advisor.model.ruleset import Ranking, RuleSet

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "tests" / "quality" / "published"


def _advise(rules: RuleSet, case_file: Path) -> Advice:
    with Advisor(rules) as advisor:
        return advisor.advise(load_case(case_file, rules))


def _rules_with(tmp_path: Path, name: str, old: str, new: str, file: str = "ruleset.yaml") -> RuleSet:
    folder = tmp_path / name
    shutil.copytree(ROOT / "rules", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_rules(folder)


@pytest.mark.parametrize(("repeat", "severe_", "severity", "expected"), [
    (0.5, 0.8, 2, 0.5), (0.5, 0.8, 3, 0.5), (0.5, 0.8, 4, 0.65), (0.5, 0.8, 5, 0.8),
    (0.5, None, 5, 0.5), (0.4, 0.4, 5, 0.4),
])
def test_repeat_rises_with_severity(repeat: float, severe_: float | None, severity: int, expected: float) -> None:
    assert Ranking(repeat=repeat, repeat_severe=severe_, severe=3).repeat_for(severity) == pytest.approx(expected)


def test_repeat_at_the_top_severity_only_when_severe_is_five() -> None:
    assert Ranking(repeat=0.5, repeat_severe=0.9, severe=5).repeat_for(5) == 0.5


def test_a_severe_problem_keeps_its_second_answer_higher(tmp_path: Path, bundled_rules: RuleSet) -> None:
    """Teritip: stunting rated 5, answered first by the Posyandu. With `repeat_severe` the toddler-family group
    (its second answer) stands higher than with a flat `repeat`; the first of the list does not move."""
    case = PUBLISHED / "balikpapan-teritip-2019.yaml"
    flat = _rules_with(tmp_path, "flat", "  repeat_severe: 0.8 ", "  repeat_severe: 0.6 ")  # = repeat
    rising, level = _advise(bundled_rules, case), _advise(flat, case)
    order = {name: [r.program for r in a.recommendations] for name, a in (("rising", rising), ("flat", level))}
    assert order["rising"][0] == order["flat"][0]
    assert order["rising"].index("KES-POSYANDU") < order["rising"].index("KB-BKB")
    assert order["rising"].index("KB-BKB") < order["flat"].index("KB-BKB"), order
    bkb = next(r for r in rising.recommendations if r.program == "KB-BKB")
    assert any(t.kind == "already" and t.node == "P1" for t in bkb.terms)


def _sidorejo(tmp_path: Path, label: str) -> Path:
    data = yaml.safe_load((PUBLISHED / "muba-sidorejo-2021.yaml").read_text(encoding="utf-8"))
    data["problems"][0]["label_id"] = label
    data["problems"][0]["label_en"] = label
    path = tmp_path / f"case-{abs(hash(label))}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _bkr(advice: Advice):
    return next(r for r in (*advice.recommendations, *advice.also_possible) if r.program == "KB-BKR")


def test_a_label_naming_the_program_lifts_it(tmp_path: Path, bundled_rules: RuleSet) -> None:
    named = _advise(bundled_rules, _sidorejo(tmp_path, "Kegiatan BKR belum berjalan dengan baik"))
    plain = _advise(bundled_rules, _sidorejo(tmp_path, "Kelompok orang tua remaja belum berjalan dengan baik"))
    term = next(t for t in _bkr(named).terms if t.kind == "named")
    assert term.node == "P1" and term.value > 0 and "named by the FGD itself" in term.text.en
    assert not any(t.kind == "named" for t in _bkr(plain).terms)
    assert _bkr(named).score > _bkr(plain).score and _bkr(named).rank <= _bkr(plain).rank
    # the terms add up to the score, the naming among them
    assert _bkr(named).score == pytest.approx(100 * sum(t.value for t in _bkr(named).terms), abs=0.2)


@pytest.mark.parametrize("label", ["Kegiatan BKRX belum berjalan", "Kegiatan ABKR belum berjalan"])
def test_a_short_name_counts_only_as_a_whole_word(tmp_path: Path, bundled_rules: RuleSet, label: str) -> None:
    advice = _advise(bundled_rules, _sidorejo(tmp_path, label))
    assert not any(t.kind == "named" for t in _bkr(advice).terms)


def test_a_short_name_in_any_case_counts(tmp_path: Path, bundled_rules: RuleSet) -> None:
    advice = _advise(bundled_rules, _sidorejo(tmp_path, "kegiatan bkr belum berjalan"))
    assert any(t.kind == "named" for t in _bkr(advice).terms)


def test_named_weight_zero_switches_the_term_off(tmp_path: Path) -> None:
    rules = _rules_with(tmp_path, "off", "  named: 0.25 ", "  named: 0.0 ")
    advice = _advise(rules, _sidorejo(tmp_path, "Kegiatan BKR belum berjalan dengan baik"))
    assert not any(t.kind == "named" and t.value for t in _bkr(advice).terms)


@pytest.mark.parametrize(("short", "message"), [
    ('["B"]', "short_names"),
    ('["BKR!"]', "short_names"),
    ("[12]", "short_names"),
])
def test_a_bad_short_name_is_refused_with_its_place(tmp_path: Path, short: str, message: str) -> None:
    with pytest.raises(RuleSetError) as err:
        _rules_with(tmp_path, "bad", "    short_names: [BKR]", f"    short_names: {short}", "catalogue.yaml")
    text = str(err.value)
    assert "catalogue.yaml: line" in text and message in text, text


def test_an_enabler_is_a_step_only_of_programs_it_serves(bundled_rules: RuleSet) -> None:
    """Demak: registering the poor (SOS-DTKS, an enabler through the poverty cause) is not a step of the waste bank
    or the healthy kitchen, which share that cause but not its purpose; the planning forum is a step of the
    sanitation works it would fund, once, though it is both a prerequisite and an enabler of them."""
    advice = _advise(bundled_rules, ROOT / "cases" / "demak-timbulsloko-2023.yaml")
    steps = {r.program: [(s.program, s.kind) for s in r.steps] for r in advice.recommendations}
    for pid in ("DLH-BANKSAMPAH", "KB-DASHAT", "KB-PIKR-GENRE"):
        assert "SOS-DTKS" not in {p for p, _ in steps[pid]}, steps[pid]
    sanimas = [p for p, _ in steps["PKP-SANIMAS"]]
    assert sanimas.count("BAP-MUSRENBANG") == 1, steps["PKP-SANIMAS"]


def test_a_prerequisite_chain_is_one_way_to_the_answer() -> None:
    """The programs a listed prerequisite links, directly or through another, do not count as repeats of each
    other; siblings that need the same program, and a prerequisite that is only a step, still do."""
    from kkb_advisor.advice.ranking import _chains

    needs = {"KES-SPPIRT": {"OSS-NIB"}, "HAL-SEHATI": {"OSS-NIB"}, "DUK-KIA": {"DUK-AKTA"},
             "DUK-AKTA": {"DUK-JEMPUTBOLA"}, "SOS-PKH": {"SOS-DTKS"}}
    listed = frozenset({("KES-SPPIRT", "OSS-NIB"), ("HAL-SEHATI", "OSS-NIB"), ("DUK-KIA", "DUK-AKTA"),
                        ("DUK-AKTA", "DUK-JEMPUTBOLA")})
    kin = _chains(needs, listed)
    assert kin["KES-SPPIRT"] == {"OSS-NIB"}
    assert kin["OSS-NIB"] == {"KES-SPPIRT", "HAL-SEHATI"}
    assert "HAL-SEHATI" not in kin["KES-SPPIRT"]  # two permits: two answers
    assert kin["DUK-KIA"] == {"DUK-AKTA", "DUK-JEMPUTBOLA"}  # through the birth certificate
    assert kin.get("SOS-PKH", frozenset()) == frozenset()  # the registry is a step of PKH, not listed


def test_the_permit_after_its_nib_is_not_a_repeat(bundled_rules: RuleSet) -> None:
    """Lingga: sago snacks with no permit at all. The NIB answers the permit problem first; the food permit it
    leads to keeps its full weight there (no "already answered" term from the NIB) and stays in the main list,
    right after the NIB."""
    advice = _advise(bundled_rules, ROOT / "tests" / "quality" / "cases" / "lingga-dabolama-2026.yaml")
    main = [r.program for r in advice.recommendations]
    assert "OSS-NIB" in main and "KES-SPPIRT" in main
    assert main.index("OSS-NIB") < main.index("KES-SPPIRT")
    pirt = next(r for r in advice.recommendations if r.program == "KES-SPPIRT")
    permit = next(p.id for p in load_case(ROOT / "tests" / "quality" / "cases" / "lingga-dabolama-2026.yaml",
                                          bundled_rules).problems if p.category == "ECO.LEGAL")
    assert any(t.node == permit and t.kind == "answers" for t in pirt.terms), pirt.terms


def _kemijen(tmp_path: Path, present: list[str]) -> Path:
    data = yaml.safe_load((ROOT / "cases" / "semarang-kemijen-2024.yaml").read_text(encoding="utf-8"))
    data["metadata"]["agencies_present"] = present
    path = tmp_path / f"kemijen-{len(present)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _rec(advice: Advice, program: str):  # type: ignore[no-untyped-def]
    return next(r for r in (*advice.recommendations, *advice.also_possible) if r.program == program)


def test_a_program_of_an_agency_at_the_fgd_weighs_more_and_says_so(tmp_path: Path, bundled_rules: RuleSet) -> None:
    """The agencies at the table can commit in the room: a program of one of them gains `present` x its
    contributions, shown as its own term; the terms still add up to the score."""
    with_dlh = _advise(bundled_rules, _kemijen(tmp_path, ["OPDKB", "DLH"]))
    without = _advise(bundled_rules, _kemijen(tmp_path, ["OPDKB"]))
    here, away = _rec(with_dlh, "DLH-PROKLIM"), _rec(without, "DLH-PROKLIM")
    term = next(t for t in here.terms if t.kind == "present")
    assert term.node == "" and "DLH" in term.text.en and "hadir di FGD" in term.text.id
    assert not any(t.kind == "present" for t in away.terms)
    assert here.score > away.score
    assert here.score == pytest.approx(100 * sum(t.value for t in here.terms), abs=0.2)
    # the other agency's programs are not lifted: the family-planning office is present in both
    dashat = _rec(with_dlh, "KB-DASHAT"), _rec(without, "KB-DASHAT")
    assert all(any(t.kind == "present" for t in r.terms) for r in dashat)


def test_present_weight_zero_switches_the_term_off(tmp_path: Path) -> None:
    rules = _rules_with(tmp_path, "off", "  present: 0.2 ", "  present: 0.0 ")
    advice = _advise(rules, _kemijen(tmp_path, ["OPDKB", "DLH"]))
    assert not any(t.kind == "present" for r in advice.recommendations for t in r.terms)


def test_a_present_weight_past_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError) as caught:
        _rules_with(tmp_path, "big", "  present: 0.2 ", "  present: 1.5 ")
    assert "present" in str(caught.value)
