"""The loaded, checked rule set: frozen dataclasses that the compiler, the evaluator and the reports read.

The shapes of the files themselves (pydantic models) are in rules/schema.py, needed only when files are parsed.
Closed vocabularies that code depends on (program kinds, timings) are defined here once; their words live in the
rule set's taxonomy file, their order for ranking in the manifest's ``ranking:`` section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, get_args

from pydantic import ConfigDict

__all__ = [
    "ANY_PROGRAM",
    "KINDS",
    "ROLES",
    "TIMINGS",
    "AllOf",
    "AnyOf",
    "Bilingual",
    "Kind",
    "LocalWording",
    "Pattern",
    "Prerequisite",
    "Program",
    "Ranking",
    "Role",
    "Rule",
    "RuleSet",
    "Target",
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
Role = Literal["answer", "support", "enabler"]
KINDS: tuple[str, ...] = get_args(Kind)
TIMINGS: tuple[str, ...] = get_args(Timing)
ROLES: tuple[str, ...] = get_args(Role)
ANY_PROGRAM = "*"  # a rule for every program named by the fact it matches (e.g. what an agency offered)


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
class LocalWording:
    """A program's wording in one place (``where``: a kab/kota or province, as a case's metadata writes it). The
    fields given replace the general ones for cases in that place; the rest stay general."""

    where: str
    agency_name: str | None = None
    name: Bilingual | None = None
    eligibility: Bilingual | None = None
    procedure: Bilingual | None = None
    first_step: Bilingual | None = None
    lead: Bilingual | None = None
    cost: Bilingual | None = None
    sources: tuple[str, ...] = ()  # sources of the local wording, shown after the general ones

    TEXTS: ClassVar[tuple[str, ...]] = ("name", "eligibility", "procedure", "first_step", "lead", "cost")


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
    local: tuple[LocalWording, ...] = ()  # wording specific to one place (rules/placewords.py picks it)
    short_names: tuple[str, ...] = ()  # what an FGD calls it (BKR, Posyandu): a label naming it is the room's voice
    file: str = field(default="", compare=False)  # where it is written (catalogue file, line)
    line: int = field(default=0, compare=False)

    def available_in(self, year: int) -> bool:
        return (self.available_from is None or year >= self.available_from) and (
            self.available_until is None or year <= self.available_until)


@dataclass(frozen=True)
class Rule:
    """A rule as written. ``role`` says what its program is to what the rule matched: the answer, a supporting
    measure, or an enabler (the means to get other programs: funding, planning, registration)."""

    id: str
    title: Bilingual
    program: str  # a catalogue id, or ANY_PROGRAM
    priority: int
    when: tuple[WhenItem, ...]
    unless: tuple[UnlessItem, ...]
    rationale: Bilingual
    source: tuple[str, ...]
    file: str
    line: int
    role: str = "answer"


@dataclass(frozen=True)
class Prerequisite:
    """Program ``program`` needs ``needs`` first. ``listed``: the needed program stands in the list right before
    it; otherwise it is a step of it (the means to get it: the planning forum, the registration)."""

    program: str
    needs: str
    needed_when: tuple[WhenItem, ...]
    reason: Bilingual
    source: str
    file: str
    line: int
    listed: bool = True


@dataclass(frozen=True)
class TimingWords:
    """How a timing reads: its label, and when to start (``start``; for the Musrenbang, one text for a desa and one
    for a kelurahan, with ``{year}`` and ``{budget}`` filled in from the FGD date)."""

    label: Bilingual
    start: Bilingual
    start_kelurahan: Bilingual | None = None


@dataclass(frozen=True)
class Target:
    """One target of the national Kampung KB strategy (Inpres 3/2022) and the program kinds that serve it."""

    label: Bilingual
    kinds: tuple[str, ...]


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
    sizes: dict[str, str] = field(default_factory=dict)  # problem category -> the share indicator measuring it
    strategy: dict[str, Target] = field(default_factory=dict)  # Inpres 3/2022 target id -> its words and kinds
    ministries: dict[str, Bilingual] = field(default_factory=dict)  # agency code -> its national counterpart
    place_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # place -> other names texts use for it
    file: str = field(default="", compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # code -> line in the taxonomy file

    def label(self, code: str, lang: str) -> str:
        text = self.problems.get(code) or self.causes.get(code)
        return text.get(lang) if text else code

    def target_of(self, kinds: Sequence[str]) -> str:
        """The strategy target of a program: the target of its first kind that has one ("" when none has)."""
        for kind in kinds:
            for tid, target in self.strategy.items():
                if kind in target.kinds:
                    return tid
        return ""

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
    """How firings become the advice (docs/rule-format.md, "Ranking"): the manifest's ``ranking:`` section.

    A program's gain is what it adds to what the list above it already answers: for each problem it covers, the
    problem's need (severity, how many groups raised it, how many it affects) x how strongly the program covers it
    (its rule's role and priority), less for a problem already answered above; root causes it acts on count by
    their leverage; a program of an agency that took part in the FGD weighs `present` more; an agency's offer at
    the FGD adds its own term.
    """

    answer: float = 1.0  # how strongly a rule's program covers what it matched, by the rule's role
    support: float = 0.55
    enabler: float = 0.3
    related: float = 0.3  # a raised problem the program's catalogue entry addresses, but no rule of it matched
    secondary: float = 0.5  # a problem a rule matched only by one of its secondary categories
    priority_base: float = 0.6  # a rule of priority p weighs priority_base + priority_step x p (0.7 .. 1.1)
    priority_step: float = 0.1
    voice_base: float = 0.8  # a problem raised by a share s of the FGD's groups weighs voice_base + voice_share x s
    voice_share: float = 0.4
    size_weight: float = 0.3  # ... and 1 + size_weight x min(1, affected share / size_reference)
    size_reference: float = 0.25
    cause_weight: float = 0.35  # a cause the program acts on, by its share of the case's highest leverage
    non_root: float = 0.6  # ... less for a cause that is not a root cause
    breadth: float = 0.35  # everything but the largest contribution counts this fraction
    repeat: float = 0.5  # each program above that already answers a problem leaves this fraction of its need
    repeat_severe: float | None = None  # ... rising to this for a problem of the top severity (None: as `repeat`)
    answered: float = 0.5  # a program covering a problem at least this strongly answers it
    offered: float = 0.6  # an agency offered the program at the FGD
    present: float = 0.0  # a program of an agency that took part in the FGD: its contributions weigh 1 + present
    named: float = 0.0  # a problem or cause it covers names it in the FGD's own words (a catalogue short name)
    severe: int = 3  # every problem at least this severe gets its best answer in the main list
    min_gain: float = 0.25  # after that, a program enters the main list only while it adds at least this
    min_main: int = 0  # ... or while the main list is shorter than this and it adds anything
    timing_order: tuple[str, ...] = ("anytime", "quota", "annual_call", "musrenbang")  # on equal gains

    def priority_weight(self, priority: int) -> float:
        """A rule's priority (1-5) adjusts, but never outweighs, what the FGD itself says."""
        return self.priority_base + self.priority_step * priority

    def repeat_for(self, severity: int) -> float:
        """The fraction of a problem's need each answer above leaves: `repeat` up to a `severe` problem, rising
        evenly to `repeat_severe` at severity 5 (a problem the room rated 5 still needs its second answer)."""
        if self.repeat_severe is None or severity <= self.severe or self.severe >= 5:
            return self.repeat
        return self.repeat + (self.repeat_severe - self.repeat) * (severity - self.severe) / (5 - self.severe)

    def role_weight(self, role: str) -> float:
        return {"answer": self.answer, "support": self.support, "enabler": self.enabler}.get(role, self.answer)


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
    # coverage.yaml: "PROGRAM CATEGORY" -> why no rule recommends the program from a category its entry addresses
    intentional: dict[str, Bilingual] = field(default_factory=dict)
    _by_id: dict[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rules})

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def source_files(self) -> tuple[str, ...]:
        """Every file this rule set was read from (manifest, catalogue, taxonomy, rules, prerequisites, tests)."""
        named = {*self.files.values(), *(r.file for r in self.rules), *self.test_files}
        return tuple(sorted(f for f in named if f))
