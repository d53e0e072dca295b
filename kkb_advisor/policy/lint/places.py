"""Lint: wording true to the place (rules/placewords.py).

Two mistakes make a report speak of the wrong place:

- **one place's text in the general wording**: a program's general texts (or a rule's, for a program open to every
  place) name a place that has its own wording in the rule set (a `local:` variant or a program's `locality`),
  e.g. "Surakarta: diskon di 57 toko mitra" in the text every city reads;
- **a desa's or a kelurahan's words in a program open to both**: "Musrenbangkel", "LPMK", "Lurah" or a bare
  "kelurahan" where a desa reads it too (and "Musrenbangdes", "Kepala Desa", "Dana Desa"… the other way round),
  instead of the place words ``{musrenbang}``, ``{lpm}``, ``{lurah}``, ``{kelurahan}``, ``{dana}``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ...errors import did_you_mean
from ...model.ruleset import ANY_PROGRAM, Bilingual, LocalWording, Pattern, Program, RuleSet, WhenItem
from ...rules.compiler import CompiledRuleSet
from ...rules.fields import place_key
from ...rules.placewords import names_pattern, place_names
from .findings import Finding

__all__ = ["check_place_names", "check_place_wording"]

# phrases that name both kinds of village on purpose ("desa/kelurahan", "not kelurahan"): not a wrong-place word
_BOTH = re.compile(r"(?i)\bdesa ?/ ?kelurahan\b|\bkelurahan ?/ ?desa\b|\bdesa (atau|dan|or|and) kelurahan\b|"
                   r"\bkelurahan (atau|dan|or|and) desa\b|\b(bukan|not|selain) (a )?(desa|kelurahan)\b|"
                   r"\b(desa|kelurahan) (only|saja)\b|\bhanya untuk (desa|kelurahan)\b")
_KELURAHAN_WORDS = re.compile(r"(?<![\w{])(Musrenbangkel|LPMK|Lurah|[Kk]elurahan)(?![\w}])")
_DESA_WORDS = re.compile(r"(?<![\w{])(Musrenbangdes|Musdes|Kepala Desa|Kades|LPMD|RKPDes|APBDes|Dana Desa)(?![\w}])")
_HINT_UNIT = ("write the place word instead ({kelurahan}, {Kelurahan}, {lurah}, {lpm}, {musrenbang}, {dana}, "
              "{rkp}): each report fills in the case's own word")


def _unit(items: Iterable[WhenItem]) -> bool | None:
    """The is_desa value a program's requirements or a rule's conditions fix, if any."""
    for item in items:
        if isinstance(item, Pattern) and item.fact == "case":
            for t in item.tests:
                if t.field == "is_desa" and t.op == "eq" and isinstance(t.value, bool):
                    return t.value
    return None


def _unit_of_place(where: str | None) -> bool | None:
    """A kota is made of kelurahan: wording for one kota may use a kelurahan's words."""
    return False if where and place_key(where).startswith("kota ") else None


def _texts(items: Iterable[tuple[str, Bilingual | str | None]]) -> Iterable[tuple[str, str]]:
    for key, value in items:
        if isinstance(value, Bilingual):
            yield f"{key}.id", value.id
            yield f"{key}.en", value.en
        elif isinstance(value, str):
            yield key, value


def _program_texts(program: Program) -> list[tuple[str, Bilingual | str | None]]:
    return [("agency_name", program.agency_name), *((k, getattr(program, k)) for k in LocalWording.TEXTS)]


_Places = tuple[re.Pattern[str] | None, frozenset[str]]  # every place name in one pattern; the names allowed here


def _findings(texts: Iterable[tuple[str, str]], places: _Places, unit: bool | None,
              file: str, line: int, subject: str) -> list[Finding]:
    out: list[Finding] = []
    names_of_places, allowed = places
    for key, text in texts:
        found = {re.sub(r"[\s_-]+", " ", m.group(1)).casefold() for m in names_of_places.finditer(text)} \
            if names_of_places else set()
        named = sorted(found - allowed)
        for name in (n.title() for n in named):
            out.append(Finding(file, line, subject, "place-wording", "warning",
                               f"{key}: the general wording names {name}, a place with wording of its own",
                               f"move what is true only in {name} into a `local:` variant for it; keep the "
                               "general text true for every place"))
        plain = _BOTH.sub(" ", text)
        if unit is not None and key.startswith(("eligibility", "local.eligibility")):
            # who the program is for may say who it is not for: "kelurahan only (a desa uses the Village Fund)"
            plain = (_DESA_WORDS if unit is False else _KELURAHAN_WORDS).sub(" ", plain)
        checks = [(p, kind) for p, kind, skip in ((_KELURAHAN_WORDS, "kelurahan", False), (_DESA_WORDS, "desa", True))
                  if unit is not skip]
        for pattern, kind in checks:
            hit = pattern.search(plain)
            if hit:
                other = "desa" if kind == "kelurahan" else "kelurahan"
                out.append(Finding(file, line, subject, "place-wording", "warning",
                                   f"{key}: '{hit.group(1)}' is a {kind}'s word, but a {other} reads this text too",
                                   _HINT_UNIT))
    return out


def check_place_wording(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    names = place_names(ruleset)  # name (casefolded) -> the key of its place
    every: _Places = (names_pattern(names), frozenset())
    nowhere: _Places = (None, frozenset())
    out: list[Finding] = []
    for program in ruleset.programs.values():
        places = nowhere if program.locality else every
        unit = _unit(program.requires)
        if unit is None:
            unit = _unit_of_place(program.locality)
        out += _findings(_texts(_program_texts(program)), places, unit, program.file, program.line, program.id)
        for variant in program.local:  # a local text may name its own place, and only its own
            own = place_key(variant.where)
            others: _Places = (every[0], frozenset(n for n, key in names.items() if key == own))
            texts = _texts([("local." + k, getattr(variant, k)) for k in ("agency_name", *LocalWording.TEXTS)])
            local_unit = unit if unit is not None else _unit_of_place(variant.where)
            out += _findings(texts, others, local_unit, program.file, program.line, program.id)
    for rule in ruleset.rules:
        of = ruleset.programs.get(rule.program) if rule.program != ANY_PROGRAM else None
        places = nowhere if of is not None and of.locality else every
        unit = _unit(rule.when)
        if unit is None and of is not None:
            unit = _unit(of.requires)
            if unit is None:
                unit = _unit_of_place(of.locality)
        out += _findings(_texts([("title", rule.title), ("rationale", rule.rationale)]), places, unit,
                         rule.file, rule.line, rule.id)
    for pre in ruleset.prerequisites:
        needing = ruleset.programs.get(pre.program)
        unit = _unit(needing.requires) if needing is not None else None
        out += _findings(_texts([("reason", pre.reason)]), every, unit, pre.file, pre.line,
                         f"{pre.program}>{pre.needs}")
    return out


def check_place_names(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """A program's `locality` or a `local:` place written once, one slip away from a place the rule set knows
    (the taxonomy's `place_names`, another program's place): no case is in 'Kota Surakrta', so the program or its
    wording never reaches the city that was meant."""
    written: list[tuple[str, Program]] = [(where, p) for p in ruleset.programs.values()
                                          for where in (p.locality, *(v.where for v in p.local)) if where]
    counts = Counter(place_key(where) for where, _ in written)
    known = {place_key(name): name for name in ruleset.taxonomy.place_names}
    for where, _ in written:
        known.setdefault(place_key(where), where)
    out = []
    for where, program in written:
        key = place_key(where)
        if counts[key] > 1 or key in {place_key(n) for n in ruleset.taxonomy.place_names}:
            continue
        near = did_you_mean(key, [k for k in known if k != key], cutoff=0.85)
        if near:
            meant = known[near.split("'")[1]]
            out.append(Finding(program.file, program.line, program.id, "unknown-place", "warning",
                               f"'{where}' is no place the rule set knows: only this program names it",
                               f"did you mean '{meant}'?"))
    return out
