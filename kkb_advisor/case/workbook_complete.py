"""What a case workbook may leave out, filled in the way a YAML case would have written it (the defaulting is the
workbook's alone: a YAML or JSON case keeps every required field):

- an empty `case_id` is made from the kelurahan/desa and the FGD year (`KADIPIRO-2024`, case/naming.py);
- an empty `provenance` is `source` (a real FGD, as the wizard proposes), an empty `schema_version` is 1.0;
- the Penyebab sheet's column `leads_to` ("Menyebabkan masalah": problem ids) becomes one link per id, from the
  cause to the problem, of strength 2 (`LEADS_TO_STRENGTH`), placed after the links of the Hubungan sheet, each
  located at the cell it was written in;
- a link end written as the words of a problem or cause (its `label_id`, as on the Masalah and Penyebab sheets)
  stands for its id; words that several share are refused at their cell (write the id).
"""

from __future__ import annotations

from typing import Any

from .naming import case_id_of

__all__ = ["DEFAULT_PROVENANCE", "LEADS_TO_STRENGTH", "complete_case"]

DEFAULT_PROVENANCE = "source"
LEADS_TO_STRENGTH = 2  # "2 - sedang": the middle of the scale, for a link written without a strength


Refusal = tuple[str, str, str]  # (cell, message, hint)


def complete_case(data: dict[str, Any], cells: dict[tuple[Any, ...], str]) -> list[Refusal]:
    """Fill ``data`` (the mapping read from a workbook) in place, and record the cell of each link it adds; what
    cannot be filled in is returned, by cell."""
    data.setdefault("schema_version", "1.0")
    data.setdefault("provenance", DEFAULT_PROVENANCE)
    if "case_id" not in data:
        made = case_id_of(data.get("metadata"))
        if made is not None:
            data["case_id"] = made
    named = _ids_by_words(data)
    refused: list[Refusal] = []

    def id_of(end: Any, where: str) -> Any:
        found = named.get(end) if isinstance(end, str) else None
        if found is None and isinstance(end, str):
            found = named.get(_words(end))
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


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _ids_by_words(data: dict[str, Any]) -> dict[str, list[str]]:
    """The words of each problem and cause -> the ids that have them; each id -> itself (an id wins over words)."""
    items = [item for key in ("problems", "causes") for item in data.get(key) or () if isinstance(item, dict)]
    out: dict[str, list[str]] = {}
    for item in items:
        label, id_ = item.get("label_id"), item.get("id")
        if isinstance(label, str) and isinstance(id_, str):
            out.setdefault(_words(label), []).append(id_)
    return {**out, **{item["id"]: [item["id"]] for item in items if isinstance(item.get("id"), str)}}
