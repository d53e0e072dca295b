"""Conditions in plain words (rules/wording.py): exact sentences in Indonesian and English for each kind of fact,
and a word for every field a rule can test."""

from __future__ import annotations

from typing import get_args

import pytest

from kkb_advisor.model.case import Criterion
from kkb_advisor.model.ruleset import AllOf, AnyOf, Pattern, RuleSet
from kkb_advisor.model.ruleset import Test as T
from kkb_advisor.rules.fields import FIELDS, PREFIXED
from kkb_advisor.rules.vocabulary import VALUES
from kkb_advisor.rules.wording import Wording


def _p(fact: str, *tests: T) -> Pattern:
    return Pattern(fact, tests)


# (name, pattern, Indonesian, English)
PATTERNS = [
    ("problem-category-severity", _p("problem", T("category", "eq", "ECO.LEGAL"), T("severity", "min", 3)),
     "ada masalah berkategori ECO.LEGAL (Usaha belum legal (NIB, PIRT, halal)) dengan keparahan minimal 3",
     "a problem in ECO.LEGAL (Business lacks legal permits (NIB, PIRT, halal)) with severity at least 3"),
    ("reach-within-steps", _p("reach", T("cause_category", "eq", "CAU.SKILL.SOFT"), T("distance", "max", 2),
                              T("problem_categories", "includes", "ECO.INCOME")),
     "ada penyebab CAU.SKILL.SOFT (Soft skill kurang) yang mencapai masalah ECO.INCOME (Pendapatan keluarga rendah / "
     "tidak tetap) dalam paling banyak 2 langkah",
     "a cause in CAU.SKILL.SOFT (Soft-skill gap) that reaches a problem in ECO.INCOME (Low or irregular household "
     "income) within at most 2 steps"),
    ("food-business-without-pirt", _p("asset", T("food_product", "eq", True), T("has_pirt", "eq", False)),
     "ada usaha (aset) pangan yang belum punya PIRT", "a food business (asset) that has no PIRT yet"),
    ("fgd-year", _p("case", T("year", "min", 2022)), "FGD tahun 2022 atau sesudahnya", "the FGD is in 2022 or later"),
    ("fgd-date", _p("case", T("date", "below", 20220629)), "FGD sebelum tanggal 2022-06-29",
     "the FGD is before 2022-06-29"),
    ("case-fact-and-profile", _p("case", T("facts.flood_prone", "eq", True), T("profile.poor_households", "above", 0)),
     "wilayah rawan banjir dan jumlah keluarga miskin lebih dari 0",
     "the village is flood-prone and the number of poor households is above 0"),
    ("indicator-share-and-criteria", _p("case", T("indicators.stunting_share", "min", 0.2),
                                        T("location_criteria", "includes_any", ("kumuh", "pesisir"))),
     "prevalensi stunting balita minimal 20% dan kriteria lokasi mencakup kumuh atau pesisir",
     "the stunting rate among under-fives is at least 20% and the location criteria include slum or coastal"),
    ("setting-none-of-and-kelurahan", _p("case", T("setting", "none_of", ("upland", "coastal")),
                                         T("is_desa", "eq", False)),
     "jenis wilayah selain dataran tinggi (upland) maupun pesisir (coastal) dan wilayah berstatus kelurahan (bukan "
     "desa)",
     "the setting is other than upland or coastal and the village is a kelurahan (not a desa)"),
    ("root-cause", _p("cause", T("root", "eq", True), T("category", "in", ("CAU.ADMIN", "CAU.KNOW")),
                      T("reach", "min", 2)),
     "ada akar masalah berkategori CAU.ADMIN (Hambatan dokumen, legalitas, prosedur) atau CAU.KNOW (Pengetahuan / "
     "kesadaran rendah) dengan jumlah masalah yang dicapai minimal 2",
     "a root cause in CAU.ADMIN (Documentation, legal or procedural barrier) or CAU.KNOW (Knowledge or awareness "
     "gap) with number of problems reached at least 2"),
    ("reach-direct-family", _p("reach", T("cause_root", "eq", True), T("direct", "eq", True),
                               T("problem_family", "eq", "ECO"), T("strength", "min", 2)),
     "ada akar masalah yang langsung menyebabkan masalah dalam kelompok ECO (Ekonomi dan penghidupan) dengan "
     "kekuatan kaitan minimal 2",
     "a root cause that directly causes a problem in the ECO (Economy and livelihood) family with link strength at "
     "least 2"),
    ("link", _p("link", T("from_category", "eq", "CAU.ADMIN"), T("to_category", "eq", "ECO.LEGAL")),
     "ada kaitan dari CAU.ADMIN (Hambatan dokumen, legalitas, prosedur) ke ECO.LEGAL (Usaha belum legal (NIB, "
     "PIRT, halal))",
     "a link from CAU.ADMIN (Documentation, legal or procedural barrier) to ECO.LEGAL (Business lacks legal permits "
     "(NIB, PIRT, halal))"),
    ("existing-program", _p("existing", T("program", "eq", "OSS-NIB"), T("status", "not", "completed")),
     "program OSS-NIB (NIB lewat OSS) sudah berjalan di kampung dengan status selain selesai (completed)",
     "program OSS-NIB (Business ID through OSS) is already in place with status other than completed"),
    ("recommended-program", _p("recommended", T("program", "eq", "KES-SPPIRT")),
     "program KES-SPPIRT (PIRT) juga direkomendasikan", "program KES-SPPIRT (Home food permit) is also recommended"),
    ("asset-group", _p("asset", T("type", "in", ("group", "poktan")), T("members", "min", 10)),
     "ada kelompok atau poktan (aset) dengan jumlah anggota minimal 10",
     "a group or poktan (asset) with number of members at least 10"),
    ("most-severe-problem", _p("problem", T("top", "eq", True), T("family", "eq", "ECO")),
     "ada masalah dalam kelompok ECO (Ekonomi dan penghidupan) yang termasuk yang paling parah di kasus ini",
     "a problem in the ECO (Economy and livelihood) family that is among the most severe of the case"),
    ("case-fact-recorded", _p("case", T("facts.has_kwt", "exists", True)),
     "keterangan Kelompok Wanita Tani (KWT) tercatat", "the women farmers' group (KWT) fact is recorded"),
]


@pytest.mark.parametrize(("pattern", "idn", "en"), [p[1:] for p in PATTERNS], ids=[p[0] for p in PATTERNS])
def test_a_pattern_reads_as_a_sentence(mini_rules: RuleSet, pattern: Pattern, idn: str, en: str) -> None:
    assert Wording(mini_rules, "id").pattern(pattern) == idn
    assert Wording(mini_rules, "en").pattern(pattern) == en


def test_groups_read_as_one_of_and_all_of(mini_rules: RuleSet) -> None:
    year, food = PATTERNS[3][1], PATTERNS[2][1]
    assert Wording(mini_rules, "id").item(AnyOf((year, food))) == (
        "salah satu dari: [FGD tahun 2022 atau sesudahnya] atau [ada usaha (aset) pangan yang belum punya PIRT]")
    assert Wording(mini_rules, "en").item(AllOf((year, food))) == (
        "all of: [the FGD is in 2022 or later] and [a food business (asset) that has no PIRT yet]")


def test_program_requirements_and_availability(mini_rules: RuleSet) -> None:
    fund = mini_rules.programs["DES-DANADESA"]
    assert Wording(mini_rules, "id").requirements(fund) == ("wilayah berstatus desa (bukan kelurahan)",)
    assert Wording(mini_rules, "en").requirements(fund) == ("the village is a desa (not a kelurahan)",)
    assert Wording(mini_rules, "id").availability(fund) == "tersedia sejak 2015"
    assert Wording(mini_rules, "en").availability(fund) == "available from 2015"


def _all_fields() -> list[tuple[str, str]]:
    out = [(fact, name) for fact, names in FIELDS.items() for name in names]
    out += [(fact, f"{prefix}.{sub}") for fact, prefixes in PREFIXED.items()
            for prefix, subs in prefixes.items() for sub in subs]
    return out


@pytest.mark.parametrize(("fact", "field"), _all_fields(), ids=[f"{a}.{b}" for a, b in _all_fields()])
def test_every_field_has_words(fact: str, field: str, bundled_rules: RuleSet) -> None:
    """A field without words would show its raw name to an analyst (indicators: the taxonomy's words)."""
    wording = Wording(bundled_rules, "id"), Wording(bundled_rules, "en")
    idn, en = (w.noun(fact, field) for w in wording)
    assert idn and en and "_" not in idn + en
    assert idn != en or field in {"year", "date"} or idn.startswith(("program", "status", "kelurahan", "FGD")), (
        "the two languages should differ")


@pytest.mark.parametrize("criterion", get_args(Criterion))
def test_every_location_criterion_has_words(criterion: str) -> None:
    assert criterion in VALUES["location_criteria"]
