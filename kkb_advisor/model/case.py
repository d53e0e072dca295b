"""Pydantic models of the case file (format v1). Data only: no I/O, frozen, unknown keys refused."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator

__all__ = [
    "ATTRIBUTE_FIELDS",
    "BOOLEAN_ATTRIBUTES",
    "FACT_FIELDS",
    "FUNGSI",
    "PROFILE_FIELDS",
    "Asset",
    "AssetAttributes",
    "Case",
    "Cause",
    "ExistingProgram",
    "Facts",
    "FgdGroup",
    "Link",
    "Metadata",
    "OpdResponse",
    "Problem",
    "Profile",
]

Int = Annotated[int, Field(strict=True)]
MAX_COUNT = 10_000_000  # a count of people, households or units in one RW, dusun, desa or kelurahan is far below this
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
FIRST_YEAR, LAST_YEAR = 1970, 2100  # BKKBN was founded in 1970; a later FGD date is a typo
Number = Annotated[float, Field(strict=True)]
Id = Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
Text = Annotated[StrictStr, Field(max_length=4000)]
Src = Literal["seed", "source", "synthetic"]
FUNGSI = ("keagamaan", "sosial_budaya", "cinta_kasih", "perlindungan", "reproduksi",
          "sosialisasi_pendidikan", "ekonomi", "pembinaan_lingkungan")
Fungsi = Literal["keagamaan", "sosial_budaya", "cinta_kasih", "perlindungan", "reproduksi",
                 "sosialisasi_pendidikan", "ekonomi", "pembinaan_lingkungan"]
Criterion = Literal["kumuh", "pesisir", "das", "bantaran_kereta", "miskin_perkotaan", "terpencil", "perbatasan",
                    "kawasan_industri", "kawasan_wisata", "padat_penduduk"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FgdGroup(_Model):
    id: Id
    label_id: Text
    label_en: Text = ""
    participants: Count | None = None


class Person(_Model):
    org: Text
    role: Text
    name: Text | None = None


class Facilitator(_Model):
    org: Text
    role: Text


class Metadata(_Model):
    kampung_kb_name: Text
    unit_level: Literal["rw", "dusun", "desa", "kelurahan"]
    rw: Text | None = None
    dusun: Text | None = None
    kelurahan_or_desa: Text
    is_desa: StrictBool
    kecamatan: Text
    kab_kota: Text
    province: Text
    setting: Literal["urban", "peri_urban", "rural", "coastal", "upland"]
    location_criteria: tuple[Criterion, ...] = ()
    date: dt.date
    fgd_lead: Person | None = None
    facilitator: Facilitator | None = None
    agencies_present: tuple[Id, ...] = ()
    fgd_groups: tuple[FgdGroup, ...] = ()
    kampung_kb_class: Literal["dasar", "berkembang", "mandiri", "berkelanjutan", "paripurna", "unknown"] = "unknown"
    sources: tuple[Text, ...] = ()

    @field_validator("rw", "dusun", mode="before")
    @classmethod
    def _numeral(cls, value: Any) -> Any:
        # "RW 18" is often typed as a bare number: a numeral is a name here, not a quantity.
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return str(value)
            except ValueError:  # more digits than Python writes out: the schema says it is no text
                return value
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError("date_format") from None
        if not isinstance(value, dt.date):
            raise ValueError("date_format")
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError("date_range")
        return value


class Facts(_Model):
    """Flat yes/no and numeric facts. Extra keys are allowed (checked against typos and types on loading)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    locality_surakarta: StrictBool | None = None
    slum_area: StrictBool | None = None
    coastal: StrictBool | None = None
    flood_prone: StrictBool | None = None
    has_fishers: StrictBool | None = None
    has_farmers: StrictBool | None = None
    has_kwt: StrictBool | None = None
    women_groups: StrictBool | None = None
    kampung_kb_new: StrictBool | None = None  # formed or launched in the FGD's year or the year before
    catin_per_year: Count | None = None
    land_legal_share: Annotated[float, Field(strict=True, ge=0, le=1)] | None = None


FACT_FIELDS = tuple(Facts.model_fields)


class Profile(_Model):
    """Indicators at the FGD unit level. Extra numeric keys are allowed (checked against typos on loading)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    population: Count | None = None
    households: Count | None = None
    poor_households: Count | None = None
    dtks_households: Count | None = None
    pus: Count | None = None
    kb_active: Count | None = None
    mkjp_users: Count | None = None
    unmet_need: Count | None = None
    balita: Count | None = None
    stunting_cases: Count | None = None
    pregnant_women: Count | None = None
    lansia: Count | None = None
    remaja_10_24: Count | None = None
    children_without_akta: Count | None = None
    children_without_kia: Count | None = None
    rtlh_units: Count | None = None
    households_without_safe_latrine: Count | None = None
    unemployed_working_age: Count | None = None
    school_dropouts: Count | None = None
    child_marriages_last_year: Count | None = None

    def values(self) -> dict[str, float | int]:
        """Every indicator that has a value, documented and extra, by name."""
        out = {k: v for k, v in self.model_dump().items() if v is not None}
        return dict(sorted(out.items()))


PROFILE_FIELDS = tuple(Profile.model_fields)


class AssetAttributes(_Model):
    model_config = ConfigDict(extra="allow", frozen=True)

    members: Count | None = None
    has_business: StrictBool | None = None
    business_age_months: Count | None = None
    food_product: StrictBool | None = None
    low_risk_product: StrictBool | None = None
    has_nib: StrictBool | None = None
    has_pirt: StrictBool | None = None
    has_halal: StrictBool | None = None
    group_formed: StrictBool | None = None
    legal_entity: StrictBool | None = None
    machines: Count | None = None


ATTRIBUTE_FIELDS = tuple(AssetAttributes.model_fields)
BOOLEAN_ATTRIBUTES = ("has_business", "food_product", "low_risk_product", "has_nib", "has_pirt", "has_halal",
                      "group_formed", "legal_entity")


class Asset(_Model):
    id: Id
    type: Literal["business", "group", "poktan", "facility", "program", "leadership", "natural"]
    name: Text
    description: Text = ""
    attributes: AssetAttributes = AssetAttributes()
    src: Src | None = None


class ExistingProgram(_Model):
    program_id: Id
    status: Literal["active", "completed", "in_process"]
    note: Text = ""


class OpdResponse(_Model):
    agency: Id
    response_id: Text = ""
    response_en: Text = ""
    program_ids: tuple[Id, ...] = ()
    src: Src | None = None


class Problem(_Model):
    id: Id
    label_id: Text
    label_en: Text = ""
    category: Id
    secondary_categories: tuple[Id, ...] = ()
    fungsi_keluarga: Fungsi | None = None
    severity: Annotated[int, Field(strict=True, ge=1, le=5)]
    raised_by: tuple[Id, ...] = ()
    affected: Text = ""
    src: Src | None = None


class Cause(_Model):
    id: Id
    label_id: Text
    label_en: Text = ""
    category: Id
    src: Src | None = None


class Link(_Model):
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    type: Literal["causes", "aggravates"] | None = None
    strength: Annotated[int, Field(strict=True, ge=1, le=3)]


class Case(_Model):
    schema_version: Literal["1.0"]
    case_id: Id
    provenance: Literal["seed", "source", "synthetic"]
    metadata: Metadata
    facts: Facts = Facts()
    profile: Profile = Profile()
    assets: tuple[Asset, ...] = ()
    existing_programs: tuple[ExistingProgram, ...] = ()
    opd_responses: tuple[OpdResponse, ...] = ()
    problems: tuple[Problem, ...] = Field(min_length=1)
    causes: tuple[Cause, ...] = ()
    links: tuple[Link, ...] = ()
    notes: Text = ""

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        # `schema_version: 1.0` (a YAML float) is what people type; it means the same thing.
        return "1.0" if value == 1.0 and not isinstance(value, bool) else value
