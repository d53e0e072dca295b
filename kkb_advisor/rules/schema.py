"""The shapes of rule-set files (pydantic), used only when the files are parsed (not on a cache hit)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, model_validator

from ..model.ruleset import TIMINGS, Bilingual, Kind, Role, Timing

__all__ = [
    "CatalogueFile",
    "ManifestFile",
    "PrerequisiteFile",
    "PrerequisitesFile",
    "ProgramFile",
    "RuleFile",
    "RulesFile",
]

Id = Annotated[StrictStr, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.\-]+$")]
# a word or two a village uses for a program: letters, digits, spaces, '-' and '/', at least 2 characters
ShortName = Annotated[StrictStr, Field(min_length=2, max_length=40,
                                       pattern=r"^[A-Za-z0-9][A-Za-z0-9 /\-]*[A-Za-z0-9]$")]
Year = Annotated[int, Field(strict=True, ge=1945, le=2100)]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Addresses(_File):
    problems: tuple[Id, ...] = ()
    causes: tuple[Id, ...] = ()


class Availability(_File):
    from_: Year | None = Field(default=None, alias="from")
    until: Year | None = None


class LocalWordingFile(_File):
    where: Annotated[StrictStr, Field(min_length=1, max_length=120)]
    agency_name: StrictStr | None = None
    name: Bilingual | None = None
    eligibility: Bilingual | None = None
    procedure: Bilingual | None = None
    first_step: Bilingual | None = None
    lead: Bilingual | None = None
    cost: Bilingual | None = None
    sources: tuple[StrictStr, ...] = ()


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
    timing: Timing
    cost: Bilingual
    sources: tuple[StrictStr, ...] = ()
    provenance: Literal["S", "SEED", "OK"]
    confidence: Literal["high", "medium", "low"]
    local: tuple[LocalWordingFile, ...] = Field(default=(), max_length=50)
    # what an FGD calls the program in its own words (BKR, Posyandu, PIK-R): a problem or cause whose label names
    # it shows the room is talking about this program (ranking term `named`)
    short_names: tuple[ShortName, ...] = Field(default=(), max_length=10)


class CatalogueFile(_File):
    model_config = ConfigDict(extra="forbid", frozen=True)
    programs: tuple[dict[str, Any], ...] = Field(min_length=1)


class PrerequisiteFile(_File):
    program: Id
    needs: Id
    needed_when: tuple[dict[str, Any], ...] = ()
    listed: StrictBool = True
    reason: Bilingual
    source: StrictStr = ""


class PrerequisitesFile(_File):
    prerequisites: tuple[dict[str, Any], ...] = ()


class RuleFile(_File):
    id: Id
    title: Bilingual
    program: Id | Literal["*"]
    role: Role = "answer"
    priority: Annotated[int, Field(strict=True, ge=1, le=5)] = 3
    when: tuple[dict[str, Any], ...] = Field(min_length=1)
    unless: tuple[dict[str, Any], ...] = ()
    rationale: Bilingual
    source: StrictStr | tuple[StrictStr, ...] = ""


class RulesFile(_File):
    rules: tuple[dict[str, Any], ...] = ()


Share = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]


Weight = Annotated[float, Field(strict=True, ge=0, le=2, allow_inf_nan=False)]


class RankingFile(_File):
    """The manifest's `ranking:` section (docs/rule-format.md, "Ranking"); every key optional."""

    answer: Share = 1.0
    support: Share = 0.55
    enabler: Share = 0.3
    related: Share = 0.3
    secondary: Share = 0.5
    priority_base: Share = 0.6
    priority_step: Annotated[float, Field(strict=True, ge=0, le=0.2, allow_inf_nan=False)] = 0.1
    voice_base: Weight = 0.8
    voice_share: Weight = 0.4
    size_weight: Share = 0.3
    size_reference: Annotated[float, Field(strict=True, gt=0, le=1, allow_inf_nan=False)] = 0.25
    cause_weight: Weight = 0.35
    non_root: Share = 0.6
    breadth: Share = 0.35
    repeat: Share = 0.5
    repeat_severe: Share | None = None
    named: Weight = 0.0
    answered: Share = 0.5
    offered: Weight = 0.6
    present: Share = 0.0
    severe: Annotated[int, Field(strict=True, ge=1, le=5)] = 3
    min_gain: Weight = 0.25
    min_main: Annotated[int, Field(strict=True, ge=0, le=20)] = 0
    timing_order: tuple[Timing, ...] = ("anytime", "quota", "annual_call", "musrenbang")

    @model_validator(mode="after")
    def _whole(self) -> RankingFile:
        if not self.answer >= self.support >= self.enabler:
            raise ValueError("ranking_roles")
        if sorted(self.timing_order) != sorted(TIMINGS):
            raise ValueError("ranking_timings")
        if self.repeat_severe is not None and self.repeat_severe < self.repeat:
            raise ValueError("ranking_repeat")
        return self


class IntentionalFile(_File):
    program: Id
    category: Id
    reason: Bilingual


class CoverageFile(_File):
    intentional: tuple[dict[str, Any], ...] = ()


class ManifestFile(_File):
    name: Id
    version: StrictStr
    title: Bilingual
    catalogue: StrictStr = "catalogue.yaml"
    taxonomy: StrictStr = "taxonomy.yaml"
    prerequisites: StrictStr | None = "prerequisites.yaml"
    coverage: StrictStr | None = None
    rules: tuple[StrictStr, ...] = Field(min_length=1)
    tests: tuple[StrictStr, ...] = ()
    limit: Annotated[int, Field(strict=True, ge=1, le=200)] = 20
    ranking: RankingFile = RankingFile()
