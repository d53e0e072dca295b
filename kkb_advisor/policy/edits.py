"""Edits of case data, as rule tests write them: set a field, add list items, remove items by id."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from ..errors import did_you_mean

__all__ = ["apply_edits"]

_STEP = re.compile(r"^([A-Za-z0-9_]+)(?:\[([^\]]+)\])?$")


def _key_of(list_name: str) -> str:
    return "program_id" if list_name == "existing_programs" else "id"


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    target: Any = data
    steps = dotted.split(".")
    for n, step in enumerate(steps):
        m = _STEP.match(step)
        if m is None:
            raise ValueError(f"cannot read the path '{dotted}' at '{step}'")
        name, selector = m.groups()
        last = n == len(steps) - 1
        if not isinstance(target, dict):
            raise ValueError(f"'{'.'.join(steps[:n])}' is not a mapping")
        if selector is None:
            if last:
                target[name] = value
                return
            target = target.setdefault(name, {})
            continue
        items = target.get(name)
        if not isinstance(items, list):
            raise ValueError(f"'{name}' is not a list in the case")
        key = _key_of(name)
        found = [it for it in items if isinstance(it, dict) and str(it.get(key)) == selector]
        if not found:
            known = [str(it.get(key)) for it in items if isinstance(it, dict)]
            raise ValueError(f"no item '{selector}' in {name}" + (f"; {hint}" if (hint := did_you_mean(
                selector, known)) else ""))
        if last:
            items[items.index(found[0])] = value
            return
        target = found[0]


def apply_edits(data: dict[str, Any], *, set: Mapping[str, Any] | None = None,
                add: Mapping[str, list[Any]] | None = None,
                remove: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """A copy of the case data with ``set`` (field path -> value; list items by id: ``problems[P1].severity``),
    ``add`` (list -> items appended) and ``remove`` (list -> ids) applied. ValueError says what cannot be done."""
    out = copy.deepcopy(data)
    for path, value in (set or {}).items():
        _set(out, path, value)
    for name, items in (add or {}).items():
        current = out.setdefault(name, [])
        if not isinstance(current, list):
            raise ValueError(f"cannot add to '{name}': it is not a list")
        current.extend(copy.deepcopy(items))
    for name, ids in (remove or {}).items():
        current = out.get(name)
        key = _key_of(name)
        if not isinstance(current, list):
            raise ValueError(f"cannot remove from '{name}': the case has no such list")
        present = {str(it.get(key)) for it in current if isinstance(it, dict)}
        for rid in ids:
            if rid not in present:
                raise ValueError(f"no item '{rid}' in {name} to remove")
        out[name] = [it for it in current if not (isinstance(it, dict) and str(it.get(key)) in ids)]
    return out
