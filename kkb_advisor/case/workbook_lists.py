"""A workbook cell holding several ids, as a secretary types it: "G1, G2", "G1; G2", "G1/G2", "G1 dan G2", "G1 G2",
or the names of the rows meant ("Kelompok PKK dan kader, G3", as on the Kelompok sheet).

A cell is cut into words and the separators between them (, ; / a line break, spaces, the word "dan", & or +).
Where the cell's rows have names (the groups of raised_by, the problems and causes of leads_to), a run of words that
is a name or an id stands for its id, and the cell must be read one way only: a name holding "dan" or a comma is
one name, but words that read as two different lists of ids (groups "Ibu", "PKK" and "Ibu PKK") are refused at the
cell, as is a name that two rows share. Words that are no name are kept as written, for the checks to name
("unknown group 'Kelompok pemuda'"). An id is never a name's words: ids hold no spaces, commas or slashes, so a
cell written by `convert` ("G1, G2") reads back as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["Ambiguous", "names_key", "split_ids"]

_CUT = re.compile(r"(\s*[,;/\n]\s*|\s+)")
_AND = frozenset({"dan", "&", "+", "and"})
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")  # a word that looks like an id ("G9", "DINKES"), not like a name
_MOST = 2  # readings kept per position: two are enough to know a cell reads more than one way


class Ambiguous(ValueError):
    """The cell reads as more than one list of ids: ``args`` = (the words, the readings)."""


def names_key(text: str) -> str:
    """A name as compared: spaces and capitals aside, no spaces around , ; / ("PKK / Kader" = "pkk/kader")."""
    return re.sub(r"\s*([,;/])\s*", r"\1", " ".join(text.split())).casefold()


def split_ids(text: str, names: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The ids in a cell. ``names``: names_key(name or id) -> the ids it stands for (an id -> itself), or None
    when the cell's ids have no names (agency or program codes): every separator then cuts. Raises Ambiguous."""
    parts = _CUT.split(text.strip())
    words, seps = parts[0::2], parts[1::2]
    if names is None:
        return [w for w in words if w and w.casefold() not in _AND]
    readings = _readings(words, seps, names)
    if len(readings) > 1:  # the reading of the fewest (longest) names first
        raise Ambiguous(text.strip(), sorted(readings, key=len))
    if readings:
        return list(readings[0])
    return _as_written(words, seps, names)


def _longest(names: Mapping[str, Sequence[str]]) -> int:
    """The most words a name holds: no run of words longer than that is looked up (a long cell stays quick)."""
    return max((len(_CUT.split(key)[0::2]) for key in names), default=1)


def _span(words: Sequence[str], seps: Sequence[str], i: int, j: int) -> str:
    return names_key("".join(w + (seps[k] if k < j else "") for k, w in enumerate(words[i:j + 1], start=i)))


def _readings(words: Sequence[str], seps: Sequence[str], names: Mapping[str, Sequence[str]]) -> list[tuple[str, ...]]:
    """Up to _MOST different lists of ids the whole cell reads as, each word in a name or an "and"."""
    n, longest = len(words), _longest(names)
    after: list[list[tuple[str, ...]]] = [[] for _ in range(n + 1)]
    after[n] = [()]
    for i in range(n - 1, -1, -1):
        found: list[tuple[str, ...]] = []
        if not words[i] or (words[i].casefold() in _AND and 0 < i < n - 1):
            found += after[i + 1]
        for j in range(i, min(n, i + longest)):
            for id_ in names.get(_span(words, seps, i, j), ()):
                found += [(id_, *rest) for rest in after[j + 1]]
        after[i] = list(dict.fromkeys(found))[:_MOST]
    return after[0]


def _as_written(words: Sequence[str], seps: Sequence[str], names: Mapping[str, Sequence[str]]) -> list[str]:
    """A cell that does not read whole: the names and ids found, longest first, and the other words as written,
    one item per run of words between separators (a run of id-like words, "G9 G10", one item a word)."""
    out: list[str] = []
    run: list[str] = []
    most = _longest(names)

    def close() -> None:
        if run and all(_CODE.match(w) for w in run):
            out.extend(run)
        elif run:
            out.append(" ".join(run))
        run.clear()

    i = 0
    while i < len(words):
        if words[i].casefold() in _AND:
            close()
            i += 1
            continue
        last = min(len(words), i + most) - 1
        longest = next((j for j in range(last, i - 1, -1) if _span(words, seps, i, j) in names), None)
        if longest is not None:
            close()
            ids = names[_span(words, seps, i, longest)]
            if len(ids) > 1:
                raise Ambiguous(" ".join(words[i:longest + 1]), [(id_,) for id_ in ids])
            out.append(ids[0])
            i = longest + 1
            continue
        if words[i]:
            run.append(words[i])
        if i < len(seps) and seps[i].strip():
            close()
        i += 1
    close()
    return out
