"""What the case's indicators mean for a plan: which way is better, which problems they measure, and where a
Pokja reads them again a year later (the means of verification).

Counts of people (population, balita, PUS, ...) describe the village and are neither better nor worse when they
change ("context"). An indicator this table does not know (an extra key of a case) is reported without judging
its direction.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["BETTER", "MEASURES", "VERIFIED_BY", "Better", "better_when", "indicators_for", "verified_by"]

Better = Literal["lower", "higher", "context", "unknown"]

BETTER: dict[str, Better] = {
    "population": "context", "households": "context", "pus": "context", "balita": "context",
    "pregnant_women": "context", "lansia": "context", "remaja_10_24": "context",
    # more of the poor households registered: the social registry reaches further
    "dtks_households": "higher", "kb_active": "higher", "mkjp_users": "higher", "kb_prevalence": "higher",
    "mkjp_share": "higher",
    "poor_households": "lower", "unmet_need": "lower", "stunting_cases": "lower", "children_without_akta": "lower",
    "children_without_kia": "lower", "rtlh_units": "lower", "households_without_safe_latrine": "lower",
    "unemployed_working_age": "lower", "school_dropouts": "lower", "child_marriages_last_year": "lower",
    "poor_share": "lower", "poor_not_in_dtks": "lower", "unmet_need_share": "lower", "stunting_share": "lower",
    "akta_gap_share": "lower", "latrine_gap_share": "lower", "rtlh_share": "lower",
}

# problem category -> the indicators of the case that measure it, most direct first
MEASURES: dict[str, tuple[str, ...]] = {
    "ECO.INCOME": ("poor_households",), "ECO.FOODSEC": ("poor_households",),
    "ECO.UNEMP": ("unemployed_working_age",), "SKL.EDU": ("school_dropouts",),
    "ADM.AKTA": ("children_without_akta",), "ADM.KIA": ("children_without_kia",),
    "SPR.DTKS": ("dtks_households", "poor_households"),
    "HLT.STUNTING": ("stunting_cases",),
    "KB.UNMET": ("unmet_need", "kb_active"), "KB.MKJP": ("mkjp_users",),
    "KB.CHILDMAR": ("child_marriages_last_year",), "KB.TEENPREG": ("child_marriages_last_year",),
    "ENV.SANITATION": ("households_without_safe_latrine",), "ENV.RTLH": ("rtlh_units",),
    "ENV.SLUM": ("rtlh_units", "households_without_safe_latrine"),
}

# indicator -> (id, en) where it is read again; "{unit}" is desa or kelurahan
VERIFIED_BY: dict[str, tuple[str, str]] = {
    "stunting_cases": ("e-PPGBM (hasil penimbangan Posyandu)", "e-PPGBM (Posyandu weighing records)"),
    "kb_active": ("Pendataan Keluarga BKKBN dan kartu data Kampung KB (SIGA)",
                  "BKKBN family data and the Kampung KB data card (SIGA)"),
    "children_without_akta": ("Data SIAK Disdukcapil", "Civil-registry (SIAK) data of Disdukcapil"),
    "poor_households": ("DTSEN / SIKS-NG (Dinas Sosial)", "DTSEN / SIKS-NG social registry (Dinas Sosial)"),
    "rtlh_units": ("Data RTLH Disperkim dan profil {unit}", "Disperkim RTLH data and the {unit} profile"),
    "households_without_safe_latrine": ("Data STBM Puskesmas", "Puskesmas STBM (sanitation) data"),
    "unemployed_working_age": ("Profil {unit} dan data Disnaker", "The {unit} profile and Disnaker data"),
    "school_dropouts": ("Dapodik dan data Dinas Pendidikan", "Dapodik and education-office data"),
    "child_marriages_last_year": ("Data KUA dan dispensasi kawin Pengadilan Agama",
                                  "KUA records and religious-court marriage dispensations"),
}
for _same, _as in (("mkjp_users", "kb_active"), ("unmet_need", "kb_active"), ("pus", "kb_active"),
                   ("children_without_kia", "children_without_akta"), ("dtks_households", "poor_households")):
    VERIFIED_BY[_same] = VERIFIED_BY[_as]
_DEFAULT = ("Kartu data Kampung KB (SIGA)", "The Kampung KB data card (SIGA)")


def better_when(key: str) -> Better:
    """Which way of ``key`` is better: lower, higher, context (a description of the village) or unknown."""
    return BETTER.get(key, "unknown")


def indicators_for(categories: tuple[str, ...], present: set[str]) -> tuple[str, ...]:
    """The indicators of the case (``present``) that measure problems of ``categories``, without repeats."""
    out: list[str] = []
    for category in categories:
        out += [k for k in MEASURES.get(category, ()) if k in present and k not in out]
    return tuple(out)


def verified_by(key: str, is_desa: bool, lang: str) -> str:
    """Where ``key`` is read again, in ``lang``."""
    pair = VERIFIED_BY.get(key, _DEFAULT)
    return (pair[1] if lang == "en" else pair[0]).format(unit="desa" if is_desa else "kelurahan")
