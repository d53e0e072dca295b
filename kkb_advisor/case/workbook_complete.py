"""What a case workbook may leave out, filled in the way a YAML case would have written it (the defaulting is the
workbook's alone: a YAML or JSON case keeps every required field):

- an empty `case_id` is made from the kelurahan/desa and the FGD year (`KADIPIRO-2024`, case/naming.py);
- an empty `provenance` is `source` (a real FGD, as the wizard proposes), an empty `schema_version` is 1.0;
- an empty `is_desa` ("Desa?") is known from the unit level desa or kelurahan, or from a name written "Desa
  Sukamaju" / "Kelurahan Kadipiro" (the word then leaves the name); asked for only when neither says (rw, dusun);
  a written one that says otherwise is refused at its cell;
- a cell of several ids (raised_by, leads_to, agencies present ...) is cut into its ids (workbook_lists.py): the
  groups of raised_by and the problems and causes of leads_to may be named by their words;
- the Penyebab sheet's column `leads_to` ("Menyebabkan masalah": problem ids) becomes one link per id, from the
  cause to the problem, of strength 2 (`LEADS_TO_STRENGTH`), placed after the links of the Hubungan sheet, each
  located at the cell it was written in;
- a link end written as the words of a problem or cause (its `label_id`, as on the Masalah and Penyebab sheets)
  stands for its id; words that several share are refused at their cell (write the id).
"""

from __future__ import annotations

import re
from typing import Any

from .naming import case_id_of
from .workbook_lists import Ambiguous, names_key, split_ids

__all__ = ["DEFAULT_PROVENANCE", "LEADS_TO_STRENGTH", "RawList", "complete_case"]

DEFAULT_PROVENANCE = "source"
LEADS_TO_STRENGTH = 2  # "2 - sedang": the middle of the scale, for a link written without a strength


Refusal = tuple[str, str, str]  # (cell, message, hint)
_KIND_WORD = re.compile(r"^(desa|ds\.|kelurahan|kel\.)\s*(\S.*)$", re.IGNORECASE | re.DOTALL)


class RawList(str):
    """A cell of several ids as typed, cut into them once every sheet is read (the names it may hold are known)."""


def complete_case(data: dict[str, Any], cells: dict[tuple[Any, ...], str]) -> list[Refusal]:
    """Fill ``data`` (the mapping read from a workbook) in place, and record the cell of each link it adds; what
    cannot be filled in is returned, by cell."""
    data.setdefault("schema_version", "1.0")
    data.setdefault("provenance", DEFAULT_PROVENANCE)
    refused: list[Refusal] = []
    _unit_kind(data.get("metadata"), cells, refused)
    if "case_id" not in data:
        made = case_id_of(data.get("metadata"))
        if made is not None:
            data["case_id"] = made
    names = _names(data)
    _cut_lists(data, (), cells, refused, names)
    named = names["leads_to"]

    def id_of(end: Any, where: str) -> Any:
        found = named.get(names_key(end)) if isinstance(end, str) else None
        if found is None:
            return end  # as written: the checks name what is wrong with it
        if len(found) > 1:
            refused.append((where, f"'{end}' names more than one problem or cause ({', '.join(found)})",
                            f"write the id, e.g. {found[0]}"))
        return found[0]

    for i, link in enumerate(data.get("links") or ()):
        for end in ("from", "to"):
            if end in link:
                link[end] = id_of(link[end], cells.get(("links", i, end), ""))
    causes = data.get("causes")
    if not isinstance(causes, list):
        return refused
    links: list[dict[str, Any]] = []
    for i, cause in enumerate(causes):
        targets = cause.pop("leads_to", None)
        if not isinstance(targets, list) or not isinstance(cause.get("id"), str):
            continue  # a row without an id is reported for its id; the links wait until it has one
        where = cells.get(("causes", i, "leads_to"), "")
        for target in targets:
            links.append({"from": cause["id"], "to": id_of(target, where), "strength": LEADS_TO_STRENGTH})
            links_at = len(data.get("links") or ()) + len(links) - 1
            cells[("links", links_at)] = where
            cells[("links", links_at, "from")] = cells.get(("causes", i, "id"), where)
            for key in ("to", "strength", "type"):
                cells[("links", links_at, key)] = where
    if links:
        data["links"] = [*(data.get("links") or ()), *links]
    return refused


def _unit_kind(metadata: Any, cells: dict[tuple[Any, ...], str], refused: list[Refusal]) -> None:
    """is_desa, where the unit level or the name's first word says it; a written one that disagrees refused."""
    if not isinstance(metadata, dict):
        return
    level, name = metadata.get("unit_level"), metadata.get("kelurahan_or_desa")
    said = {"desa": True, "kelurahan": False}.get(level) if isinstance(level, str) else None
    word = _KIND_WORD.match(name) if isinstance(name, str) and "is_desa" not in metadata else None
    if word is not None:
        named = word[1].lower().startswith("d")
        if said is not None and named != said:
            refused.append((cells.get(("metadata", "kelurahan_or_desa"), ""),
                            f"'{name}' disagrees with the FGD unit level '{level}'",
                            f"write the name alone, or choose the unit level {'desa' if named else 'kelurahan'}"))
            return
        metadata["kelurahan_or_desa"], said = word[2].strip(), named
    written = metadata.get("is_desa")
    if said is None:
        return
    if "is_desa" not in metadata:
        metadata["is_desa"] = said
    elif isinstance(written, bool) and written != said:
        refused.append((cells.get(("metadata", "is_desa"), ""),
                        f"'{'ya' if written else 'tidak'}' disagrees with the FGD unit level '{level}'",
                        "leave this cell empty: the unit level says it"))


def _names(data: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """For each list key whose ids have names: names_key(name or id) -> the ids (an id wins over words)."""
    def table(*keys: tuple[str, ...]) -> dict[str, list[str]]:
        items = [item for key in keys for item in _at(data, key) or () if isinstance(item, dict)]
        out: dict[str, list[str]] = {}
        for item in items:
            for label in (item.get("label_id"), item.get("label_en")):
                if isinstance(label, str) and isinstance(item.get("id"), str):
                    ids = out.setdefault(names_key(label), [])
                    ids += [] if item["id"] in ids else [item["id"]]
        return {**out, **{names_key(i["id"]): [i["id"]] for i in items if isinstance(i.get("id"), str)}}

    return {"raised_by": table(("metadata", "fgd_groups")), "leads_to": table(("problems",), ("causes",))}


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _cut_lists(value: Any, path: tuple[Any, ...], cells: dict[tuple[Any, ...], str], refused: list[Refusal],
               names: dict[str, dict[str, list[str]]]) -> None:
    """Every RawList under ``value`` replaced by its ids; a cell that reads two ways refused at the cell."""
    pairs = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in list(pairs):
        if isinstance(item, RawList):
            try:
                value[key] = split_ids(item, names.get(str(key)))
            except Ambiguous as exc:
                text, readings = exc.args
                shown = " or ".join(f"[{', '.join(r)}]" for r in readings[:2])
                refused.append((cells.get((*path, key), ""), f"'{text}' reads more than one way: {shown}",
                                f"write the ids, e.g. {', '.join(readings[0])}"))
                value[key] = []
        else:
            _cut_lists(item, (*path, key), cells, refused, names)
