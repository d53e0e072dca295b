"""The loaded, checked rule set: frozen dataclasses that the compiler, the evaluator and the reports read.

The shapes of the files themselves (pydantic models) are in rules/schema.py, needed only when files are parsed.
Closed vocabularies that code depends on (program kinds, timings) are defined here once; their words live in the
rule set's taxonomy file, their order for ranking in the manifest's ``ranking:`` section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from pydantic import ConfigDict

__all__ = [
    "KINDS",
    "TIMINGS",
    "AllOf",
    "AnyOf",
    "Bilingual",
    "Kind",
    "Pattern",
    "Prerequisite",
    "Program",
    "Ranking",
    "Rule",
    "RuleSet",
    "Taxonomy",
    "Test",
    "Timing",
    "TimingWords",
    "UnlessItem",
    "WhenItem",
]

Kind = Literal["soft-skills", "entrepreneurship", "finance", "permit", "environment", "civil-registration",
               "health", "family-planning", "family-resilience", "social-protection", "housing", "planning",
               "employment", "education", "agriculture", "fisheries", "disaster", "security", "data"]
Timing = Literal["anytime", "annual_call", "musrenbang", "quota"]
KINDS: tuple[str, ...] = get_args(Kind)
TIMINGS: tuple[str, ...] = get_args(Timing)


@dataclass(frozen=True)
class Bilingual:
    """A text in Indonesian (``id``) and English (``en``)."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


# ---------------------------------------------------------------- the loaded, checked rule set


@dataclass(frozen=True)
class Test:
    """One field test of a pattern, e.g. severity min 3."""

    field: str
    op: str  # eq, in, min, max, above, below, not, none_of, includes, includes_any, exists
    value: Any


@dataclass(frozen=True)
class Pattern:
    """'Some fact of this kind passes all these tests.' ``where`` is the file and field path it came from."""

    fact: str
    tests: tuple[Test, ...]
    where: str = field(default="", compare=False)  # provenance, not meaning: equal conditions compare equal


@dataclass(frozen=True)
class AnyOf:
    options: tuple[Pattern, ...]


@dataclass(frozen=True)
class AllOf:
    patterns: tuple[Pattern, ...]


WhenItem = Pattern | AnyOf
UnlessItem = Pattern | AllOf


@dataclass(frozen=True)
class Program:
    id: str
    agency: str
    agency_name: str
    name: Bilingual
    kinds: tuple[str, ...]
    addresses_problems: tuple[str, ...]
    addresses_causes: tuple[str, ...]
    eligibility: Bilingual
    requires: tuple[WhenItem, ...]
    available_from: int | None
    available_until: int | None
    locality: str | None  # a kab/kota or province the program is limited to
    procedure: Bilingual
    first_step: Bilingual
    lead: Bilingual
    timing: str
    cost: Bilingual
    sources: tuple[str, ...]
    provenance: str
    confidence: str
    file: str = field(default="", compare=False)  # where it is written (catalogue file, line)
    line: int = field(default=0, compare=False)

    def available_in(self, year: int) -> bool:
        return (self.available_from is None or year >= self.available_from) and (
            self.available_until is None or year <= self.available_until)


@dataclass(frozen=True)
class Rule:
    id: str
    title: Bilingual
    program: str
    priority: int
    when: tuple[WhenItem, ...]
    unless: tuple[UnlessItem, ...]
    rationale: Bilingual
    source: tuple[str, ...]
    file: str
    line: int


@dataclass(frozen=True)
class Prerequisite:
    program: str
    needs: str
    needed_when: tuple[WhenItem, ...]
    reason: Bilingual
    source: str
    file: str
    line: int


@dataclass(frozen=True)
class TimingWords:
    """How a timing reads: its label, and when to start (``start``; for the Musrenbang, one text for a desa and one
    for a kelurahan, with ``{year}`` and ``{budget}`` filled in from the FGD date)."""

    label: Bilingual
    start: Bilingual
    start_kelurahan: Bilingual | None = None


@dataclass(frozen=True)
class Taxonomy:
    """The rule set's vocabulary: problem and cause categories (code -> Indonesian, English), problem families and
    their family function, and the words for indicators, program kinds and timings."""

    problems: dict[str, Bilingual]
    problem_family: dict[str, str]
    families: dict[str, Bilingual]
    family_fungsi: dict[str, str]
    causes: dict[str, Bilingual]
    fungsi: dict[str, Bilingual]
    indicators: dict[str, Bilingual] = field(default_factory=dict)  # profile and derived indicators, in order
    kinds: dict[str, Bilingual] = field(default_factory=dict)
    timings: dict[str, TimingWords] = field(default_factory=dict)
    file: str = field(default="", compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # code -> line in the taxonomy file

    def label(self, code: str, lang: str) -> str:
        text = self.problems.get(code) or self.causes.get(code)
        return text.get(lang) if text else code

    def indicator(self, key: str) -> Bilingual:
        """The words for an indicator; an extra profile key nobody labelled is shown as it is written."""
        return self.indicators.get(key) or Bilingual(id=key, en=key)

    def timing(self, code: str) -> TimingWords:
        words = self.timings.get(code)
        if words is None:
            plain = Bilingual(id=code, en=code)
            return TimingWords(label=plain, start=plain)
        return words


@dataclass(frozen=True)
class Ranking:
    """How firings become a ranked list (docs/rule-format.md, "Ranking"): the manifest's ``ranking:`` section."""

    priority_base: float = 0.6  # a rule's priority p weighs (priority_base + priority_step * p)
    priority_step: float = 0.1
    severity_weight: float = 0.6  # share of the value from the severity of what the firing matched
    leverage_weight: float = 0.4  # ... and from the leverage of the causes it matched
    related_severity: float = 0.5  # what the catalogue links a program to counts this much when its rule matched none
    related_leverage: float = 0.5
    breadth_per_problem: float = 2.0  # points per further problem addressed
    breadth_max: float = 10.0
    continue_factor: float = 0.7  # programs already in place
    min_main_score: float = 15.0  # below this a program goes to "also possible"
    timing_order: tuple[str, ...] = ("anytime", "quota", "annual_call", "musrenbang")  # on equal scores

    def priority_weight(self, priority: int) -> float:
        """A rule's priority (1-5) adjusts, but never outweighs, what the FGD itself says (severity, leverage)."""
        return self.priority_base + self.priority_step * priority


@dataclass(frozen=True, eq=False)
class RuleSet:
    """A loaded, checked rule set. Immutable and self-contained: two rule sets in one process share nothing."""

    name: str
    version: str
    title: Bilingual
    hash: str
    folder: str
    limit: int
    programs: dict[str, Program]
    taxonomy: Taxonomy
    rules: tuple[Rule, ...]
    prerequisites: tuple[Prerequisite, ...]
    test_files: tuple[str, ...] = ()
    ranking: Ranking = field(default_factory=Ranking)
    files: dict[str, str] = field(default_factory=dict)  # manifest, catalogue, taxonomy, prerequisites -> shown path
    _by_id: dict[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rules})

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)
