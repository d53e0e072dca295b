"""Lint: the words a report shows and the sources behind them.

- **empty-text**: a text blank in one language (a rule's title or rationale, a program's name, eligibility,
  procedure..., a prerequisite's reason, a taxonomy label): the report in that language shows nothing there;
- **unsourced**: a source that is neither a URL nor a document reference (`domain.md 2.3`, `Inpres 3/2022`); a rule
  or prerequisite with no source where most of the set's rules (prerequisites) name one; a catalogue program
  marked `provenance: S` (backed by a stored public page) that lists no source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ...model.ruleset import Bilingual, LocalWording, Program, RuleSet
from ...rules.compiler import CompiledRuleSet
from .findings import Finding

__all__ = ["check_sources", "check_texts"]

_LANGUAGES = (("id", "Indonesian"), ("en", "English"))
# a URL, a document's file name, or a numbered regulation ("Perpres 72/2021", "UU 6/2023")
_REFERENCE = re.compile(r"https?://\S+|\b[\w.-]+\.(?:md|pdf|docx?|xlsx?|html?)\b|\b\d+/\d{4}\b", re.I)


def _blank(at: tuple[str, int, str], texts: Iterable[tuple[str, Bilingual | str | None]]) -> list[Finding]:
    out = []
    for key, text in texts:
        if text is None:
            continue
        parts = [(key, "", text)] if isinstance(text, str) else [(key, lang, getattr(text, code))
                                                                  for code, lang in _LANGUAGES]
        for name, lang, value in parts:
            if not value.strip():
                message = f"{name}: the {lang} text is empty" if lang else f"{name} is empty"
                out.append(Finding(*at, "empty-text", "error", message,
                                   "write the text in both languages (id: Indonesian, en: English)"))
    return out


def _program_texts(program: Program) -> list[tuple[str, Bilingual | str | None]]:
    out: list[tuple[str, Bilingual | str | None]] = [("agency_name", program.agency_name)]
    out += [(k, getattr(program, k)) for k in LocalWording.TEXTS]
    for variant in program.local:
        out += [(f"local ({variant.where}).{k}", getattr(variant, k)) for k in ("agency_name", *LocalWording.TEXTS)]
    return out


def check_texts(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    for rule in ruleset.rules:
        out += _blank((rule.file, rule.line, rule.id), [("title", rule.title), ("rationale", rule.rationale)])
    for program in ruleset.programs.values():
        out += _blank((program.file, program.line, program.id), _program_texts(program))
    for pre in ruleset.prerequisites:
        out += _blank((pre.file, pre.line, f"{pre.program}>{pre.needs}"), [("reason", pre.reason)])
    tax = ruleset.taxonomy
    for labels in (tax.problems, tax.causes):
        for code, label in labels.items():
            out += _blank((tax.file, tax.lines.get(code, 0), code), [("label", label)])
    return out


def _unsourced(at: tuple[str, int, str], sources: Iterable[str], *, required: bool) -> list[Finding]:
    given = [s for s in sources if s.strip()]
    if not given:
        return [Finding(*at, "unsourced", "warning", "names no source",
                        "say where it comes from: a URL, or a document and its section (domain.md 2.3)")] \
            if required else []
    return [Finding(*at, "unsourced", "warning", f"source '{s}' is neither a URL nor a document reference",
                    "give a URL, a document and its section (domain.md 2.3) or a regulation (Perpres 72/2021)")
            for s in given if not _REFERENCE.search(s)]


def _most(items: Sequence[Sequence[str]]) -> bool:
    """Do most of these items name a source? Then the set's own convention is to source each one."""
    return sum(any(s.strip() for s in sources) for sources in items) * 2 > len(items)


def check_sources(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    out = []
    rules_sourced = _most([rule.source for rule in ruleset.rules])
    for rule in ruleset.rules:
        out += _unsourced((rule.file, rule.line, rule.id), rule.source, required=rules_sourced)
    prereqs_sourced = _most([[pre.source] for pre in ruleset.prerequisites])
    for pre in ruleset.prerequisites:
        out += _unsourced((pre.file, pre.line, f"{pre.program}>{pre.needs}"), [pre.source],
                          required=prereqs_sourced)
    for program in ruleset.programs.values():
        out += _unsourced((program.file, program.line, program.id), program.sources,
                          required=program.provenance == "S")
    return out
