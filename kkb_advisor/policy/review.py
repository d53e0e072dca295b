"""Rule sets for people: one line a rule (`rules list`), one rule in full (`rules show`), a review table (`export`).

Conditions are written out in plain words (rules/wording.py), in Indonesian or English.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..errors import UsageError, did_you_mean
from ..io.spreadsheet_csv import excel_csv
from ..model.ruleset import AllOf, AnyOf, Pattern, Rule, RuleSet
from ..rules.wording import Wording

__all__ = ["render_export", "render_list", "render_ranking", "render_rule", "rule_conditions"]

_WORDS = {
    "id": {"rule": "Aturan", "title": "Judul", "program": "Program", "agency": "Instansi", "priority": "Prioritas",
           "conditions": "Kondisi (semua harus berlaku)", "exceptions": "Pengecualian (aturan diam jika salah satu "
           "berlaku)", "requires": "Syarat program (dari katalog, berlaku untuk setiap aturan program ini)",
           "available": "Ketersediaan", "locality": "Wilayah program", "why": "Alasan", "source": "Sumber",
           "file": "Berkas",
           "rules": "aturan", "priority_scale": "dari 5", "col_conditions": "Kondisi", "col_why": "Alasan"},
    "en": {"rule": "Rule", "title": "Title", "program": "Program", "agency": "Agency", "priority": "Priority",
           "conditions": "Conditions (all must hold)", "exceptions": "Exceptions (the rule stays quiet if any "
           "holds)", "requires": "Program requirements (from the catalogue, for every rule on this program)",
           "available": "Availability", "locality": "Where", "why": "Why", "source": "Source",
           "file": "File",
           "rules": "rules", "priority_scale": "of 5", "col_conditions": "Conditions", "col_why": "Why"},
}


def _words(lang: str) -> dict[str, str]:
    return _WORDS["en" if lang == "en" else "id"]


def _file(rule: Rule) -> str:
    """file:line, relative to the working folder when the file is inside it (as users typed the path)."""
    path = rule.file
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        rel = path
    return f"{path if rel.startswith('..') else rel}:{rule.line}"


def rule_conditions(rule: Rule, ruleset: RuleSet, lang: str = "id") -> str:
    """`when` conditions, then `unless` ones, on one line of plain words."""
    return Wording(ruleset, lang).conditions(rule)


def render_list(ruleset: RuleSet, lang: str = "id") -> str:
    """One line a rule: id, program, agency, conditions in words."""
    wording = Wording(ruleset, lang)
    lines = [f"{ruleset.name} {ruleset.version} ({ruleset.hash}): {len(ruleset.rules)} {_words(lang)['rules']}"]
    for r in ruleset.rules:
        agency = _agency(ruleset, r.program)
        lines.append(f"{r.id}  {r.program}  {agency}  {wording.conditions(r)}")
    return "\n".join(lines) + "\n"


def condition_bullets(wording: Wording, items: Sequence[Pattern | AnyOf | AllOf]) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, Pattern):
            out.append(f"  - {wording.pattern(item)}")
        else:  # a group: one member a line
            out.append(f"  - {wording.group(item)}:")
            out += [f"      - {wording.pattern(p)}" for p in wording.members(item)]
    return out


RANKING_WORDS = {
    "answer": ("kekuatan jawaban langsung", "strength of a direct answer"),
    "support": ("kekuatan langkah pendukung", "strength of a supporting measure"),
    "enabler": ("kekuatan sarana (pendanaan, perencanaan, pendataan)",
                "strength of an enabler (funding, planning, data)"),
    "related": ("masalah terkait menurut katalog", "a problem related by the catalogue"),
    "secondary": ("masalah yang cocok hanya lewat kategori tambahan", "a problem matched by a secondary category"),
    "priority_base": ("bobot dasar prioritas aturan", "base weight of a rule's priority"),
    "priority_step": ("tambahan bobot per tingkat prioritas", "weight added per priority step"),
    "voice_base": ("bobot suara dasar", "base weight of the FGD's voice"),
    "voice_share": ("tambahan per bagian kelompok yang mengangkat", "added for the share of groups that raised it"),
    "size_weight": ("tambahan untuk masalah yang mengenai banyak warga", "added for a problem that affects many"),
    "size_reference": ("bagian warga yang dianggap banyak", "the share affected that counts as many"),
    "cause_weight": ("bobot penyebab yang disentuh", "weight of a cause acted on"),
    "non_root": ("bagian untuk penyebab yang bukan akar", "fraction for a cause that is not a root cause"),
    "breadth": ("bagian untuk yang dijawab selain yang terbesar", "fraction for what it answers beyond the largest"),
    "repeat": ("sisa kebutuhan bila sudah dijawab di atas", "need left when already answered above"),
    "repeat_severe": ("sisa kebutuhan masalah keparahan 5 bila sudah dijawab",
                      "need left of a severity-5 problem already answered above"),
    "named": ("tambahan bila FGD menyebut program dengan namanya", "added when the FGD names the program itself"),
    "answered": ("kekuatan minimal untuk dianggap menjawab", "strength that counts as answering"),
    "offered": ("tambahan bila ditawarkan instansi di FGD", "added when an agency offered it at the FGD"),
    "present": ("tambahan bobot bila instansinya hadir di FGD", "weight added when its agency took part in the FGD"),
    "severe": ("keparahan yang selalu mendapat jawaban", "severity that always gets an answer"),
    "min_gain": ("tambahan minimal untuk masuk daftar utama", "least gain to enter the main list"),
    "min_main": ("panjang daftar utama yang diisi selama program masih menambah",
                 "main-list length filled while a program still adds"),
    "timing_order": ("urutan waktu bila sama", "timing order on equal gains"),
}


def render_ranking(ruleset: RuleSet, lang: str = "id") -> str:
    """The rule set's `ranking:` section, one term a line, in words (`rules show ranking`)."""
    en = lang == "en"
    head = (f"Ranking of {ruleset.name} {ruleset.version} (ruleset.yaml, ranking:)" if en
            else f"Pemeringkatan {ruleset.name} {ruleset.version} (ruleset.yaml, ranking:)")
    lines = [head]
    r = ruleset.ranking
    for name, (idn, eng) in RANKING_WORDS.items():
        value = getattr(r, name)
        shown = " > ".join(ruleset.taxonomy.timing(t).label.get(lang) for t in value) if isinstance(
            value, tuple) else f"{value:g}"
        lines.append(f"  {name}: {shown}  ({eng if en else idn})")
    return "\n".join(lines) + "\n"


def render_rule(ruleset: RuleSet, rule_id: str, lang: str = "id") -> str:
    """One rule in full: title, program and agency, conditions, exceptions, program requirements and
    availability, priority, rationale, source and file:line. ``ranking`` shows the ranking section instead."""
    if rule_id == "ranking":
        return render_ranking(ruleset, lang)
    rule = ruleset.rule(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id, [r.id for r in ruleset.rules]) or "see `kkb-advisor rules list`"
        raise UsageError(f"no rule '{rule_id}' in {ruleset.name} {ruleset.version}; {hint}")
    w, wording = _words(lang), Wording(ruleset, lang)
    program = ruleset.programs.get(rule.program)
    lines = [
        f"{w['rule']} {rule.id}: {rule.title.get(lang)}",
        f"{w['program']}: {program.id} ({program.name.get(lang)})" if program else
        f"{w['program']}: * ({_ANY[lang == 'en']})",
        f"{w['agency']}: {program.agency} ({program.agency_name})" if program else f"{w['agency']}: *",
        f"{w['priority']}: {rule.priority} {w['priority_scale']}",
        f"{w['conditions']}:",
        *condition_bullets(wording, rule.when),
    ]
    if rule.unless:
        lines += [f"{w['exceptions']}:", *condition_bullets(wording, rule.unless)]
    if program is not None and program.requires:  # a rule for any program: each program's own apply
        lines += [f"{w['requires']}:", *condition_bullets(wording, program.requires)]
    if program is not None and program.locality:
        lines.append(f"{w['locality']}: {wording.locality(program)}")
    if program is not None:
        lines.append(f"{w['available']}: {wording.availability(program)}")
    lines.append(f"{w['why']}: {rule.rationale.get(lang)}")
    lines.append(f"{w['source']}: {'; '.join(rule.source) or '-'}")
    lines.append(f"{w['file']}: {_file(rule)}")
    return "\n".join(lines) + "\n"


_ANY = ("program mana pun yang ditawarkan atau sudah ada", "any program offered or already there")


def _agency(ruleset: RuleSet, pid: str) -> str:
    """The program's agency; a rule for any program (`program: "*"`) has none of its own."""
    program = ruleset.programs.get(pid)
    return program.agency if program else "*"


_COLUMNS = ("rule", "title", "program", "agency", "priority", "conditions", "why", "source", "file")


def _rows(ruleset: RuleSet, lang: str) -> list[list[str]]:
    wording = Wording(ruleset, lang)
    return [[r.id, r.title.get(lang), r.program, _agency(ruleset, r.program), str(r.priority),
             wording.conditions(r), r.rationale.get(lang), "; ".join(r.source), _file(r)]
            for r in ruleset.rules]


def render_export(ruleset: RuleSet, fmt: str, lang: str = "id") -> str:
    """The rule set as a review table: markdown (to print) or csv (for a spreadsheet); one row a rule."""
    rows = _rows(ruleset, lang)
    w = _words(lang)
    header = [w.get(f"col_{c}", w.get(c, c)) for c in _COLUMNS]
    if fmt == "csv":  # for a spreadsheet: a BOM, CRLF, the header in ``lang``
        return excel_csv(header, rows)
    if fmt != "markdown":
        raise UsageError(f"unknown export format '{fmt}'; use markdown or csv")

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {ruleset.title.get(lang)}", "", f"{ruleset.name} {ruleset.version} ({ruleset.hash})", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
