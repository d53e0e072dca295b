"""The Indonesian of every error message and hint: one catalogue of English templates and their translations.

The library writes its messages in English (plain ``str``); ``Problem.text("id")`` asks ``indonesian()`` for the
Indonesian. A template is English text with ``{name}`` holes (any text but "; "); a hole's text goes into the
Indonesian as it was, except in the holes named in ``_INNER`` (``{value}``, ``{what}`` ...), which hold English
fragments themselves ("'high' (text)") and are translated in turn, and in those named in ``_JOINED``
(``{tests}``), which hold a list joined by "and", translated item by item (policy.ITEMS). A message that joins
parts with "; " is translated part by part. A message with no template stays English (tests/test_errors_id.py
and tests/policy/test_policy_id.py keep the corpora covered). The policy tools' sentences (lint findings, rule-test
results) are in errors_id/policy.py.
"""

from __future__ import annotations

import re

from . import case, commands, policy, reading, rules, workbook

__all__ = ["indonesian", "translate"]

_INNER = frozenset({"value", "what", "why", "hint", "kind", "found", "rank", "rank2"})
_JOINED = policy.JOINED

# (English template, Indonesian template), by pipeline stage; the first template that matches the whole text wins
_ENTRIES: tuple[tuple[str, str], ...] = (reading.ENTRIES + case.ENTRIES + rules.ENTRIES + policy.ENTRIES
                                         + commands.ENTRIES + workbook.ENTRIES)

# fragments that only ever stand inside another message (a hole named in _INNER)
_FRAGMENTS: tuple[tuple[str, str], ...] = (
    # how a value reads (io/validation.describe_value), and a kind of YAML node
    ("{v} (text)", "{v} (teks)"),
    ("{v} (a number)", "{v} (angka)"),
    ("a number of more than {n} digits", "angka lebih dari {n} digit"),
    ("{v} (yes/no)", "{v} (ya/tidak)"),
    ("a mapping", "kumpulan `kunci: nilai`"),
    ("a list", "daftar"),
    ("nothing", "kosong"),
    ("list", "daftar"),
    ("str", "teks"),
    ("int", "angka"),
    *policy.FRAGMENTS,
)

_HOLE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _pattern(english: str) -> tuple[str, str, str]:
    """(literal start, literal end, regular expression) of a template. The expression is compiled only when the
    start and end fit a message (re keeps it), so importing the catalogue costs no compiling."""
    parts = _HOLE.split(english)  # literal, name, literal, name, ...
    # a hole never spans "; ": that joins a message and its hint, and each part is translated on its own
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>(?:(?!; ).)+?)" for i, p in enumerate(parts))
    return parts[0], parts[-1] if len(parts) > 1 else "", pattern


_CATALOGUE: tuple[tuple[tuple[str, str, str], str], ...] = tuple((_pattern(en), id_) for en, id_ in _ENTRIES)
_INSIDE = _CATALOGUE + tuple((_pattern(en), id_) for en, id_ in _FRAGMENTS)
_ITEMS: tuple[tuple[tuple[str, str, str], str], ...] = tuple((_pattern(en), id_) for en, id_ in policy.ITEMS)


def translate(text: str, *, inner: bool = False) -> str | None:
    """The Indonesian of an English message, or None when the catalogue has no template for it (``inner``: the
    text stands inside another message, so the fragments count too)."""
    if not text:
        return text
    found = _match(text, _INSIDE if inner else _CATALOGUE)
    if found is not None:
        return found
    if "; " in text:
        parts = [translate(part) for part in text.split("; ")]
        if all(part is not None for part in parts):
            return "; ".join(p for p in parts if p is not None)
    return None


def _match(text: str, catalogue: tuple[tuple[tuple[str, str, str], str], ...]) -> str | None:
    """``text`` filled into the Indonesian of the first template of ``catalogue`` that matches it whole."""
    for (start, end, pattern), template in catalogue:
        if not (text.startswith(start) and text.endswith(end)):
            continue
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found:
            return _fill(template, found.groupdict())
    return None


def _fill(template: str, holes: dict[str, str]) -> str:
    def hole(m: re.Match[str]) -> str:
        name = m[1]
        if name not in holes:
            return m[0]
        if name in _JOINED:
            english, indonesian_ = _JOINED[name]
            return indonesian_.join(_match(item, _ITEMS) or item for item in holes[name].split(english))
        return (translate(holes[name], inner=True) or holes[name]) if name in _INNER else holes[name]

    return _HOLE.sub(hole, template)


def indonesian(text: str) -> str:
    """The Indonesian of an English message; the English itself when no template fits."""
    found = translate(text)
    return text if found is None else found
