"""A case that failed its schema, with its mistakes set aside, so that the checks can still run on the rest.

The schema (model/case.py) and the checks (case/checks.py: ids, categories, groups, links, programs, look-alike
keys) are two stages: the checks need a Case, and a file with a wrong severity used to show its unknown category
only once the severity was fixed. Here every value the schema refused is set aside: removed where the field has a
default, replaced by a neutral placeholder where it is required (a synthetic id, severity 3, ...), and a list of
plain values holding a bad one is emptied. The checks then run on the repaired case, and whatever they say about
a field that was set aside (or inside it) is dropped: it would be about the placeholder, not about the file. What
stays is what the file itself gets wrong beyond its schema mistakes, found without guessing.

When that is not possible (the document is not a mapping, a list item is not a mapping, a required field with no
neutral placeholder is missing, the repaired case is still refused), the checks wait for the schema mistakes to be
fixed, as before (docs/errors.md).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ..io.documents import format_path
from ..model.case import Case

__all__ = ["outside", "set_aside"]

_ROUNDS = 4  # a value removed can reveal a required field missing: each round takes one step of that
# neutral values for required fields, by field name: none of them is ever reported (the checks' words on a field
# set aside are dropped), they only let the rest of the case be checked
_NEUTRAL: dict[str, Any] = {
    "schema_version": "1.0", "case_id": "x", "provenance": "seed", "label_id": "x", "name": "x", "severity": 3,
    "strength": 1, "status": "active", "type": "business", "kampung_kb_name": "x", "unit_level": "desa",
    "kelurahan_or_desa": "x", "is_desa": True, "kecamatan": "x", "kab_kota": "x", "province": "x",
    "setting": "rural", "date": "2000-01-01", "org": "x", "role": "x",
}
_IDS = frozenset({"id", "category", "from", "to", "program_id", "agency"})  # a synthetic id, unique


def set_aside(data: Mapping[str, Any], error: ValidationError) -> tuple[Case, tuple[str, ...]] | None:
    """The case with every value the schema refused set aside, and the paths set aside (as Problem.path writes
    them); None when the rest cannot be checked without guessing."""
    repaired = copy.deepcopy(dict(data))
    aside: list[str] = []
    synthetic = (f"kkb.set-aside.{i}" for i in itertools.count(1))
    for _ in range(_ROUNDS):
        for detail in error.errors():
            path = _set_aside(repaired, tuple(detail["loc"]), detail["type"] == "missing", synthetic)
            if path is None:
                return None
            aside.append(path)
        try:
            return Case.model_validate(repaired), tuple(dict.fromkeys(aside))
        except ValidationError as again:
            error = again
    return None


def _set_aside(data: dict[str, Any], loc: tuple[Any, ...], missing: bool, synthetic: Any) -> str | None:
    """Set the value at ``loc`` aside in ``data``; the path set aside, or None if it cannot be."""
    parent: Any = None
    node: Any = data
    depth = 0
    for part in loc:  # as far as the location exists in the data (pydantic adds the names of union members)
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            parent, node = node, node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, node = node, node[part]
        else:
            break
        depth += 1
    if missing and depth == len(loc) - 1 and isinstance(node, dict) and isinstance(loc[-1], str):
        key = loc[-1]
        if key in _IDS:
            node[key] = next(synthetic)
        elif key in _NEUTRAL:
            node[key] = _NEUTRAL[key]
        else:
            return None
        return format_path(loc)
    if depth == 0 or missing:
        return None
    key = loc[depth - 1]
    if isinstance(parent, list):  # a plain value in a list (an id, a text): the whole list goes
        if depth < 2 or isinstance(node, dict):
            return None  # an item of problems, causes, ... that is not a mapping: its index matters
        grand = _at(data, loc[:depth - 2])
        if not isinstance(grand, dict):
            return None
        grand.pop(loc[depth - 2], None)
        return format_path(loc[:depth - 1])
    del parent[key]
    return format_path(loc[:depth])


def _at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def outside(path: str, aside: tuple[str, ...]) -> bool:
    """Is ``path`` (a Problem's) neither a path set aside nor inside one?"""
    return not any(path == a or path.startswith((f"{a}.", f"{a}[")) for a in aside)
