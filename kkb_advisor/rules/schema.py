"""The shapes of rule-set files (pydantic), used only when the files are parsed (not on a cache hit)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from ..model.ruleset import Bilingual

__all__ = [
    "CatalogueFile",
    "ManifestFile",
    "PrerequisiteFile",
    "PrerequisitesFile",
    "ProgramFile",
    "RuleFile",
    "RulesFile",
]

Kind = Literal["soft-skills", "entrepreneurship", "finance", "permit", "environment", "civil-registration",
               "health", "family-planning", "family-resilience", "social-protection", "housing", "planning",
               "employment", "education", "agriculture", "fisheries", "disaster", "security", "data"]
Id = Annotated[StrictStr, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.\-]+$")]
Year = Annotated[int, Field(strict=True, ge=1945, le=2100)]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Addresses(_File):
    problems: tuple[Id, ...] = ()
    causes: tuple[Id, ...] = ()


class Availability(_File):
    from_: Year | None = Field(default=None, alias="from")
    until: Year | None = None


class ProgramFile(_File):
    id: Id
    agency: Id
    agency_name: StrictStr
    name: Bilingual
    kinds: tuple[Kind, ...] = Field(min_length=1)
    addresses: Addresses = Addresses()
    eligibility: Bilingual
    requires: tuple[dict[str, Any], ...] = ()
    available: Availability = Availability()
    locality: StrictStr | None = None
    procedure: Bilingual
    first_step: Bilingual
    lead: Bilingual
    timing: Literal["anytime", "annual_call", "musrenbang", "quota"]
    cost: Bilingual
    sources: tuple[StrictStr, ...] = ()
    provenance: Literal["S", "SEED", "OK"]
    confidence: Literal["high", "medium", "low"]


class CatalogueFile(_File):
    model_config = ConfigDict(extra="forbid", frozen=True)
    programs: tuple[dict[str, Any], ...] = Field(min_length=1)


class PrerequisiteFile(_File):
    program: Id
    needs: Id
    needed_when: tuple[dict[str, Any], ...] = ()
    reason: Bilingual
    source: StrictStr = ""


class PrerequisitesFile(_File):
    prerequisites: tuple[dict[str, Any], ...] = ()


class RuleFile(_File):
    id: Id
    title: Bilingual
    program: Id
    priority: Annotated[int, Field(strict=True, ge=1, le=5)] = 3
    when: tuple[dict[str, Any], ...] = Field(min_length=1)
    unless: tuple[dict[str, Any], ...] = ()
    rationale: Bilingual
    source: StrictStr | tuple[StrictStr, ...] = ""


class RulesFile(_File):
    rules: tuple[dict[str, Any], ...] = ()


class ManifestFile(_File):
    name: Id
    version: StrictStr
    title: Bilingual
    catalogue: StrictStr = "catalogue.yaml"
    taxonomy: StrictStr = "taxonomy.yaml"
    prerequisites: StrictStr | None = "prerequisites.yaml"
    rules: tuple[StrictStr, ...] = Field(min_length=1)
    tests: tuple[StrictStr, ...] = ()
    limit: Annotated[int, Field(strict=True, ge=1, le=200)] = 20
