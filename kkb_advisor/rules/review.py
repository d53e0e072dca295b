"""Rule sets for people: one line a rule (`rules list`), one rule in full (`rules show`), a review table (`export`)."""

from __future__ import annotations

import csv
import io

from ..errors import UsageError, did_you_mean
from .diff import condition_words
from .model import Rule, RuleSet

__all__ = ["render_export", "render_list", "render_rule", "rule_conditions"]

_WORDS = {
    "id": {"when": "jika", "unless": "kecuali", "program": "Program", "agency": "Instansi", "priority": "Prioritas",
           "why": "Alasan", "source": "Sumber", "file": "Berkas", "requires": "Syarat program",
           "available": "Tersedia", "title": "Judul", "rule": "Aturan", "conditions": "Kondisi",
           "exceptions": "Pengecualian"},
    "en": {"when": "when", "unless": "unless", "program": "Program", "agency": "Agency", "priority": "Priority",
           "why": "Why", "source": "Source", "file": "File", "requires": "Program requires",
           "available": "Available", "title": "Title", "rule": "Rule", "conditions": "Conditions",
           "exceptions": "Exceptions"},
}


def rule_conditions(rule: Rule, lang: str = "en") -> str:
    """`when` conditions joined by 'and', then `unless` ones: one line of plain words."""
    w = _WORDS[lang]
    text = f"{w['when']} " + " and ".join(condition_words(i) for i in rule.when)
    if rule.unless:
        text += f"; {w['unless']} " + " or ".join(condition_words(i) for i in rule.unless)
    return text


def render_list(ruleset: RuleSet, lang: str = "id") -> str:
    lines = [f"{ruleset.name} {ruleset.version} ({ruleset.hash}): {len(ruleset.rules)} rules"]
    for r in ruleset.rules:
        agency = ruleset.programs[r.program].agency
        lines.append(f"{r.id}  {r.program}  {agency}  {rule_conditions(r, lang)}")
    return "\n".join(lines) + "\n"


def render_rule(ruleset: RuleSet, rule_id: str, lang: str = "id") -> str:
    rule = ruleset.rule(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id, [r.id for r in ruleset.rules]) or "see `kkb-advisor rules list`"
        raise UsageError(f"no rule '{rule_id}' in {ruleset.name} {ruleset.version}; {hint}")
    w = _WORDS[lang]
    program = ruleset.programs[rule.program]
    lines = [
        f"{w['rule']} {rule.id}: {rule.title.get(lang)}",
        f"{w['program']}: {program.id} ({program.name.get(lang)})",
        f"{w['agency']}: {program.agency} ({program.agency_name})",
        f"{w['priority']}: {rule.priority}",
        f"{w['conditions']}:",
        *(f"  - {condition_words(i)}" for i in rule.when),
    ]
    if rule.unless:
        lines += [f"{w['exceptions']}:", *(f"  - {condition_words(i)}" for i in rule.unless)]
    if program.requires:
        lines += [f"{w['requires']}:", *(f"  - {condition_words(i)}" for i in program.requires)]
    if program.available_from or program.available_until:
        lines.append(f"{w['available']}: " + " ".join(part for part in (
            f"{program.available_from} -" if program.available_from else "- ",
            f"{program.available_until}" if program.available_until else "") if part).strip())
    lines.append(f"{w['why']}: {rule.rationale.get(lang)}")
    lines.append(f"{w['source']}: {'; '.join(rule.source) or '-'}")
    lines.append(f"{w['file']}: {rule.file}:{rule.line}")
    return "\n".join(lines) + "\n"


_COLUMNS = ("rule", "title", "program", "agency", "priority", "conditions", "why", "source", "file")


def _rows(ruleset: RuleSet, lang: str) -> list[list[str]]:
    return [[r.id, r.title.get(lang), r.program, ruleset.programs[r.program].agency, str(r.priority),
             rule_conditions(r, lang), r.rationale.get(lang), "; ".join(r.source), f"{r.file}:{r.line}"]
            for r in ruleset.rules]


def render_export(ruleset: RuleSet, fmt: str, lang: str = "id") -> str:
    """The rule set as a review table: markdown (to print) or csv (for a spreadsheet); one row a rule."""
    w = _WORDS[lang]
    header = [w.get(c, c.capitalize()) if c not in {"conditions", "why"} else w[c] for c in _COLUMNS]
    header = [h if h else c for h, c in zip(header, _COLUMNS, strict=True)]
    rows = _rows(ruleset, lang)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(_COLUMNS)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt != "markdown":
        raise UsageError(f"unknown export format '{fmt}'; use markdown or csv")

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {ruleset.title.get(lang)}", "", f"{ruleset.name} {ruleset.version} ({ruleset.hash})", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
