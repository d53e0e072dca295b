"""What a case workbook may leave out, filled in the way a YAML case would have written it (the defaulting is the
workbook's alone: a YAML or JSON case keeps every required field):

- an empty `case_id` is made from the kelurahan/desa and the FGD year (`KADIPIRO-2024`, case/naming.py);
- an empty `provenance` is `source` (a real FGD, as the wizard proposes), an empty `schema_version` is 1.0;
- the Penyebab sheet's column `leads_to` ("Menyebabkan masalah": problem ids) becomes one link per id, from the
  cause to the problem, of strength 2 (`LEADS_TO_STRENGTH`), placed after the links of the Hubungan sheet, each
  located at the cell it was written in.
"""

from __future__ import annotations

from typing import Any

from .naming import case_id_of

__all__ = ["DEFAULT_PROVENANCE", "LEADS_TO_STRENGTH", "complete_case"]

DEFAULT_PROVENANCE = "source"
LEADS_TO_STRENGTH = 2  # "2 - sedang": the middle of the scale, for a link written without a strength


def complete_case(data: dict[str, Any], cells: dict[tuple[Any, ...], str]) -> None:
    """Fill ``data`` (the mapping read from a workbook) in place, and record the cell of each link it adds."""
    data.setdefault("schema_version", "1.0")
    data.setdefault("provenance", DEFAULT_PROVENANCE)
    if "case_id" not in data:
        made = case_id_of(data.get("metadata"))
        if made is not None:
            data["case_id"] = made
    causes = data.get("causes")
    if not isinstance(causes, list):
        return
    links: list[dict[str, Any]] = []
    for i, cause in enumerate(causes):
        targets = cause.pop("leads_to", None)
        if not isinstance(targets, list) or not isinstance(cause.get("id"), str):
            continue  # a row without an id is reported for its id; the links wait until it has one
        where = cells.get(("causes", i, "leads_to"), "")
        for target in targets:
            links.append({"from": cause["id"], "to": target, "strength": LEADS_TO_STRENGTH})
            links_at = len(data.get("links") or ()) + len(links) - 1
            cells[("links", links_at)] = where
            cells[("links", links_at, "from")] = cells.get(("causes", i, "id"), where)
            for key in ("to", "strength", "type"):
                cells[("links", links_at, key)] = where
    if links:
        data["links"] = [*(data.get("links") or ()), *links]
