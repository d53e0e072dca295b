"""The loaded, checked rule set: frozen dataclasses that the compiler, the evaluator and the reports read.

The shapes of the files themselves (pydantic models) are in rules/schema.py, needed only when files are parsed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from pydantic import ConfigDict

__all__ = [
    "KINDS",
    "TIMINGS",
    "AllOf",
    "AnyOf",
    "Bilingual",
    "Pattern",
    "Prerequisite",
    "Program",
    "Rule",
    "RuleSet",
    "Taxonomy",
    "Test",
    "UnlessItem",
    "WhenItem",
]

KINDS = ("soft-skills", "entrepreneurship", "finance", "permit", "environment", "civil-registration", "health",
         "family-planning", "family-resilience", "social-protection", "housing", "planning", "employment",
         "education", "agriculture", "fisheries", "disaster", "security", "data")
TIMINGS = ("anytime", "annual_call", "musrenbang", "quota")



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
    locality: str | None
    procedure: Bilingual
    first_step: Bilingual
    lead: Bilingual
    timing: str
    cost: Bilingual
    sources: tuple[str, ...]
    provenance: str
    confidence: str

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
class Taxonomy:
    """Problem and cause categories: code -> (Indonesian, English); problem code -> family and family function."""

    problems: dict[str, Bilingual]
    problem_family: dict[str, str]
    families: dict[str, Bilingual]
    family_fungsi: dict[str, str]
    causes: dict[str, Bilingual]
    fungsi: dict[str, Bilingual]

    def label(self, code: str, lang: str) -> str:
        text = self.problems.get(code) or self.causes.get(code)
        return text.get(lang) if text else code


@dataclass(frozen=True, eq=False)
class RuleSet:
    """A loaded, checked rule set. Immutable: two rule sets in one process share nothing."""

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
    test_files: tuple[str, ...] = field(default=())
    # per-object runtime (the compiled engine, made on first use) and its lock; never shared between rule sets
    runtime: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def rule(self, rule_id: str) -> Rule | None:
        index = self.runtime.get("rules_by_id")
        if index is None:  # built on first use; a plain dict of this object's own rules
            index = self.runtime["rules_by_id"] = {r.id: r for r in self.rules}
        found: Rule | None = index.get(rule_id)
        return found
