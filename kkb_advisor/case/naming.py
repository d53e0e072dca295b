"""The id a case is given when its facilitator gives none: the place and the year of the FGD, as the wizard
proposes it and as a case workbook with an empty case id gets it (`KADIPIRO-2024`)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

__all__ = ["case_id_of", "slug"]


def slug(text: str) -> str:
    """Plain upper-case letters, digits and dashes, at most 40: 'Kadipiro Wétan' -> 'KADIPIRO-WETAN' ('' if none)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").upper()[:40].strip("-")


def case_id_of(metadata: Any) -> str | None:
    """The case id made from a case mapping's metadata: its kelurahan/desa and the year of its FGD date; None when
    either is missing or unusable (the case then needs an id written)."""
    if not isinstance(metadata, dict):
        return None
    place, date = metadata.get("kelurahan_or_desa"), metadata.get("date")
    name = slug(place) if isinstance(place, str) else ""
    if isinstance(date, dt.date):
        year = str(date.year)
    elif isinstance(date, str) and re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", date.strip()):
        year = date.strip()[:4]
    else:
        return None
    return f"{name}-{year}" if name else None
