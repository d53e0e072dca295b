"""The fact catalogue: every kind of fact a rule condition can look at, its fields, their kinds and their words.

One table (``FIELDS``) says what exists; the condition parser, lint, the wording of conditions, the facts builder
(advice/facts.py, checked against this table by the tests) and docs/rule-format.md ("Facts") all follow it.
Each field has a kind (text, bool, int, number, list, date) and words: a noun, and for yes/no fields a predicate
for each value. English yes/no phrases start with their verb ("has no PIRT yet"), so that a why-not can put them
in the conditional ("had"). The words of indicators (``case.profile.*``, ``case.indicators.*``) are data: the rule
set's taxonomy (``indicators:``), so they read the same in every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.case import ATTRIBUTE_FIELDS, FACT_FIELDS, PROFILE_FIELDS

__all__ = [
    "CODE_FIELDS",
    "DERIVED",
    "FACTS",
    "FIELDS",
    "INDICATORS",
    "PREFIXED",
    "PROGRAM_FACTS",
    "PROGRAM_FIELDS",
    "Fact",
    "Field",
    "field_kind",
    "known_fields",
    "place_key",
    "place_keys",
]

Fact = dict[str, Any]  # a fact as the engine sees it: plain values, an ``id`` (its identity) and ``t`` (its kind)
Pair = tuple[str, str]  # (Indonesian, English)


@dataclass(frozen=True)
class Field:
    kind: str  # text, bool, int, number, list, date
    noun: Pair | None = None
    yes: Pair | None = None  # a yes/no field as a predicate of its fact, when true ...
    no: Pair | None = None  # ... and when false (for `case`, the subject is the area)


F = Field

FIELDS: dict[str, dict[str, Field]] = {
    "case": {
        "case_id": F("text", ('kode kasus', 'case id')),
        "setting": F("text", ('jenis wilayah', 'setting')),
        "unit_level": F("text", ('tingkat wilayah FGD', 'FGD unit level')),
        "is_desa": F("bool",
            ('status desa', 'desa status'),
            yes=('berstatus desa (bukan kelurahan)', 'is a desa (not a kelurahan)'),
            no=('berstatus kelurahan (bukan desa)', 'is a kelurahan (not a desa)')),
        "province": F("text", ('provinsi', 'province')),
        "kab_kota": F("text", ('kabupaten/kota', 'regency/city')),
        "kecamatan": F("text", ('kecamatan', 'kecamatan (district)')),
        "kelurahan_or_desa": F("text", ('kelurahan/desa', 'kelurahan/desa')),
        "year": F("int", ('FGD', 'FGD')),
        "month": F("int", ('bulan FGD', 'FGD month')),
        "date": F("date", ('FGD', 'FGD')),
        "kampung_kb_class": F("text", ('klasifikasi Kampung KB', 'Kampung KB class')),
        "location_criteria": F("list", ('kriteria lokasi', 'location criteria')),
        "agencies_present": F("list", ('instansi yang hadir di FGD', 'agencies present at the FGD')),
        "groups": F("int", ('jumlah kelompok FGD', 'number of FGD groups')),
        "participants": F("int", ('jumlah peserta FGD', 'number of FGD participants')),
        "problems": F("int", ('jumlah masalah', 'number of problems')),
        "causes": F("int", ('jumlah penyebab', 'number of causes')),
        "max_severity": F("int", ('keparahan tertinggi di kasus', 'highest severity in the case')),
        "problem_categories": F("list",
            ('kategori masalah yang diangkat di FGD', 'problem categories raised in the FGD')),
        "cause_categories": F("list", ('kategori penyebab yang diangkat di FGD', 'cause categories raised in the FGD')),
        "business_assets": F("int",
            ('jumlah usaha yang tercatat sebagai aset', 'number of businesses recorded as assets')),
        "places": F("list", ('tempat (kabupaten/kota, provinsi)', 'place (regency/city, province)')),
    },
    "problem": {
        "node": F("text", ('masalah', 'problem')),
        "category": F("text", ('kategori', 'category')),
        "family": F("text", ('kelompok masalah', 'problem family')),
        "categories": F("list", ('kategori (utama atau tambahan)', 'categories (main or secondary)')),
        "fungsi": F("text", ('fungsi keluarga', 'family function')),
        "severity": F("int", ('keparahan', 'severity')),
        "top": F("bool",
            ('paling parah', 'most severe'),
            yes=('termasuk yang paling parah di kasus ini', 'is among the most severe of the case'),
            no=('bukan yang paling parah di kasus ini', 'is not among the most severe')),
        "groups": F("int", ('jumlah kelompok yang mengangkatnya', 'number of groups that raised it')),
        "causes": F("int", ('jumlah penyebab langsung', 'number of direct causes')),
        "strong_causes": F("int", ('jumlah penyebab utama (tautan kekuatan 3)',
                                   'number of main causes (links of strength 3)')),
        "root_causes": F("int", ('jumlah akar masalah', 'number of root causes')),
    },
    "cause": {
        "node": F("text", ('penyebab', 'cause')),
        "category": F("text", ('kategori', 'category')),
        "root": F("bool",
            ('akar masalah', 'root cause'),
            yes=('merupakan akar masalah', 'is a root cause'),
            no=('bukan akar masalah', 'is not a root cause')),
        "reach": F("int", ('jumlah masalah yang dicapai', 'number of problems reached')),
        "reaches": F("list", ('kategori masalah yang dicapai', 'categories of the problems reached')),
        "reaches_families": F("list", ('kelompok masalah yang dicapai', 'families of the problems reached')),
        "leverage": F("number", ('daya ungkit', 'leverage')),
        "leverage_rank": F("int", ('peringkat daya ungkit', 'leverage rank')),
        "max_severity": F("int", ('keparahan tertinggi yang dicapai', 'highest severity reached')),
        "max_strength": F("int", ('kaitan terkuat', 'strongest link')),
        "in_loop": F("bool",
            ('lingkaran sebab', 'loop'),
            yes=('berada dalam lingkaran sebab-akibat', 'is part of a loop'),
            no=('tidak berada dalam lingkaran sebab-akibat', 'is not part of a loop')),
        "layer": F("int", ('lapisan (0 = akar)', 'layer (0 = root)')),
    },
    "reach": {
        "cause": F("text", ('penyebab', 'cause')),
        "problem": F("text", ('masalah', 'problem')),
        "cause_category": F("text", ('kategori penyebab', 'cause category')),
        "cause_root": F("bool",
            ('penyebab akar', 'root cause'),
            yes=('berawal dari akar masalah', 'starts from a root cause'),
            no=('tidak berawal dari akar masalah', 'does not start from a root cause')),
        "problem_category": F("text", ('kategori masalah', 'problem category')),
        "problem_family": F("text", ('kelompok masalah', 'problem family')),
        "problem_categories": F("list",
            ('kategori masalah (utama atau tambahan)', 'problem categories (main or secondary)')),
        "severity": F("int", ('keparahan masalah', 'problem severity')),
        "strength": F("int", ('kekuatan kaitan', 'link strength')),
        "weight": F("number", ('bobot jalur', 'path weight')),
        "distance": F("int", ('jarak (langkah)', 'distance (steps)')),
        "direct": F("bool",
            ('langsung', 'direct'),
            yes=('langsung (satu langkah)', 'is direct (one step)'),
            no=('tidak langsung', 'is indirect')),
    },
    "link": {
        "from": F("text", ('asal', 'source')),
        "to": F("text", ('tujuan', 'target')),
        "type": F("text", ('jenis kaitan', 'link type')),
        "strength": F("int", ('kekuatan', 'strength')),
        "from_kind": F("text", ('jenis asal', 'source kind')),
        "to_kind": F("text", ('jenis tujuan', 'target kind')),
        "from_category": F("text", ('kategori asal', 'source category')),
        "to_category": F("text", ('kategori tujuan', 'target category')),
    },
    "asset": {
        "node": F("text", ('aset', 'asset')),
        "type": F("text", ('jenis aset', 'asset type')),
        "members": F("int", ('jumlah anggota', 'number of members')),
        "has_business": F("bool",
            ('keterangan usaha', 'business information'),
            yes=('punya usaha yang berjalan', 'runs a business'),
            no=('belum punya usaha', 'runs no business yet')),
        "business_age_months": F("int", ('umur usaha (bulan)', 'business age (months)')),
        "food_product": F("bool",
            ('keterangan produk pangan', 'food-product information'),
            yes=('membuat produk pangan', 'makes food products'),
            no=('bukan produk pangan', 'does not make food products')),
        "low_risk_product": F("bool",
            ('keterangan risiko produk', 'product-risk information'),
            yes=('produknya berisiko rendah', 'makes a low-risk product'),
            no=('produknya tidak berisiko rendah', 'does not make a low-risk product')),
        "has_nib": F("bool",
            ('keterangan NIB', 'NIB information'),
            yes=('sudah punya NIB', 'has an NIB'),
            no=('belum punya NIB', 'has no NIB yet')),
        "has_pirt": F("bool",
            ('keterangan PIRT', 'PIRT information'),
            yes=('sudah punya PIRT', 'has a PIRT'),
            no=('belum punya PIRT', 'has no PIRT yet')),
        "has_halal": F("bool",
            ('keterangan sertifikat halal', 'halal-certificate information'),
            yes=('sudah bersertifikat halal', 'is halal-certified'),
            no=('belum bersertifikat halal', 'is not halal-certified yet')),
        "group_formed": F("bool",
            ('keterangan pembentukan kelompok', 'group-formation information'),
            yes=('kelompoknya sudah terbentuk', 'has a formed group'),
            no=('kelompoknya belum terbentuk', 'has no formed group yet')),
        "legal_entity": F("bool",
            ('keterangan badan hukum', 'legal-entity information'),
            yes=('sudah berbadan hukum', 'is a legal entity'),
            no=('belum berbadan hukum', 'is not a legal entity yet')),
        "machines": F("int", ('jumlah mesin', 'number of machines')),
    },
    "existing": {
        "program": F("text", ('program', 'program')),
        "status": F("text", ('status', 'status')),
    },
    "recommended": {
        "program": F("text", ('program', 'program')),
    },
    "available": {
        "program": F("text", ('program', 'program')),
    },
    "offered": {
        "program": F("text", ('program', 'program')),
        "agency": F("text", ('instansi', 'agency')),
    },
    "named": {
        "program": F("text", ('program', 'program')),
        "node": F("text", ('masalah atau penyebab yang menyebutnya', 'problem or cause that names it')),
        "node_kind": F("text", ('jenis simpul (problem, cause)', 'node kind (problem, cause)')),
        "severity": F("int", ('keparahan', 'severity')),
    },
}
assert set(FIELDS["asset"]) == {"node", "type", *ATTRIBUTE_FIELDS}, "asset fields follow the case format"

# `case.facts.<name>`: the case file's `facts` (extra keys are allowed in cases and read as numbers or yes/no)
FACTS: dict[str, Field] = {
    "locality_surakarta": F("bool",
        ('keterangan lokasi di Kota Surakarta', 'Kota Surakarta location fact'),
        yes=('berada di Kota Surakarta', 'is in Kota Surakarta'),
        no=('berada di luar Kota Surakarta', 'is outside Kota Surakarta')),
    "slum_area": F("bool",
        ('keterangan kawasan kumuh', 'slum-area fact'),
        yes=('termasuk kawasan kumuh', 'is a slum area'),
        no=('bukan kawasan kumuh', 'is not a slum area')),
    "coastal": F("bool",
        ('keterangan wilayah pesisir', 'coastal-area fact'),
        yes=('berada di pesisir', 'is coastal'),
        no=('tidak berada di pesisir', 'is not coastal')),
    "flood_prone": F("bool",
        ('keterangan rawan banjir', 'flood-prone fact'),
        yes=('rawan banjir', 'is flood-prone'),
        no=('tidak rawan banjir', 'is not flood-prone')),
    "has_fishers": F("bool",
        ('keterangan warga nelayan', 'fishers fact'),
        yes=('punya warga nelayan', 'has fishers'),
        no=('tidak punya warga nelayan', 'has no fishers')),
    "has_farmers": F("bool",
        ('keterangan warga petani', 'farmers fact'),
        yes=('punya warga petani', 'has farmers'),
        no=('tidak punya warga petani', 'has no farmers')),
    "has_kwt": F("bool",
        ('keterangan Kelompok Wanita Tani (KWT)', "women farmers' group (KWT) fact"),
        yes=('punya Kelompok Wanita Tani (KWT)', "has a women farmers' group (KWT)"),
        no=('tidak punya Kelompok Wanita Tani (KWT)', "has no women farmers' group (KWT)")),
    "women_groups": F("bool",
        ('keterangan kelompok perempuan', "women's groups fact"),
        yes=('punya kelompok perempuan', "has women's groups"),
        no=('tidak punya kelompok perempuan', "has no women's groups")),
    "kampung_kb_new": F("bool",
        ('keterangan Kampung KB baru dibentuk', 'newly formed Kampung KB fact'),
        yes=('Kampung KB-nya baru dibentuk (tahun FGD atau tahun sebelumnya)',
             'has a newly formed Kampung KB (in the FGD year or the year before)'),
        no=('Kampung KB-nya bukan baru dibentuk', 'has a Kampung KB that is not newly formed')),
    "catin_per_year": F("number", ('jumlah calon pengantin per tahun', 'number of couples marrying per year')),
    "land_legal_share": F("number", ('bagian lahan bersertifikat', 'share of land with a legal title')),
}
assert set(FACTS) == set(FACT_FIELDS), "facts follow the case format"

# `case.indicators.<name>`: derived from the profile, present only when their inputs are (rounded to 4 decimals)
#   share: a / b (b > 0); gap: a - b
DERIVED: dict[str, tuple[str, str, str]] = {
    "poor_share": ("share", "poor_households", "households"),
    "poor_not_in_dtks": ("gap", "poor_households", "dtks_households"),
    "kb_prevalence": ("share", "kb_active", "pus"),
    "unmet_need_share": ("share", "unmet_need", "pus"),
    "mkjp_share": ("share", "mkjp_users", "kb_active"),
    "stunting_share": ("share", "stunting_cases", "balita"),
    "akta_gap_share": ("share", "children_without_akta", "balita"),
    "latrine_gap_share": ("share", "households_without_safe_latrine", "households"),
    "rtlh_share": ("share", "rtlh_units", "households"),
}
INDICATORS = tuple(DERIVED)
PREFIXED: dict[str, dict[str, tuple[str, ...]]] = {
    "case": {"facts": FACT_FIELDS, "profile": PROFILE_FIELDS, "indicators": INDICATORS},
}
# fields whose values are category codes (checked against the taxonomy) or program ids (against the catalogue)
CODE_FIELDS = {
    ("case", "problem_categories"): "problem", ("case", "cause_categories"): "cause",
    ("problem", "category"): "problem", ("problem", "categories"): "problem", ("problem", "family"): "family",
    ("cause", "category"): "cause", ("cause", "reaches"): "problem", ("cause", "reaches_families"): "family",
    ("reach", "cause_category"): "cause", ("reach", "problem_category"): "problem",
    ("reach", "problem_categories"): "problem", ("reach", "problem_family"): "family",
    ("link", "from_category"): "any", ("link", "to_category"): "any",
}
PROGRAM_FIELDS = {("existing", "program"), ("recommended", "program"), ("available", "program"),
                  ("offered", "program"), ("named", "program")}
# the facts a rule for any program (`program: "*"`) may name its program by
PROGRAM_FACTS = frozenset({"offered", "existing", "named"})


def field_kind(fact: str, name: str) -> str | None:
    """The kind of a field of a fact (text, bool, int, number, list, date), or None when it does not exist."""
    known = FIELDS.get(fact, {})
    if name in known:
        return known[name].kind
    prefix, _, rest = name.partition(".")
    if rest and prefix in PREFIXED.get(fact, {}):
        if prefix == "facts":
            return FACTS[rest].kind if rest in FACTS else "bool"
        return "number"  # indicators, and extra numeric profile keys (allowed in cases)
    if fact == "asset":
        return "any"  # extra asset attributes are allowed in cases
    return None


def known_fields(fact: str) -> list[str]:
    """Every documented field of a kind of fact, prefixed ones spelt out (for did-you-mean)."""
    names = list(FIELDS.get(fact, {}))
    for prefix, subs in PREFIXED.get(fact, {}).items():
        names += [f"{prefix}.{s}" for s in subs]
    return names


def place_key(name: str) -> str:
    """A place name as rules compare it: 'Kab. Sukoharjo' and 'KABUPATEN  Sukoharjo' -> 'kabupaten sukoharjo'."""
    words = name.casefold().replace(".", ". ").split()
    if words and words[0] in {"kab.", "kab"}:
        words[0] = "kabupaten"
    return " ".join(words)


def place_keys(kab_kota: str, province: str) -> list[str]:
    """The places a case is in, as `case.places` lists them. A kab/kota written without 'Kota' or 'Kabupaten' is
    taken to be either (the case does not say which)."""
    city, prov = place_key(kab_kota), place_key(province)
    keys = {city, prov}
    if city.split(" ", 1)[0] not in {"kota", "kabupaten"}:
        keys |= {f"kota {city}", f"kabupaten {city}"}
    return sorted(k for k in keys if k)
