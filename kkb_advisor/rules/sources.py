"""Which program sources a government reader trusts: official sites (ministries, agencies, local governments,
regulation databases, BKKBN — Indonesia's government domain ``.go.id``) come first; the rest (news, blogs,
document-sharing sites) are *secondary* and marked so in the advice and the reports."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["OFFICIAL_DOMAINS", "is_official", "ordered"]

OFFICIAL_DOMAINS = ("go.id",)  # a host that is one of these or ends with "." + one of them


def is_official(source: str) -> bool:
    try:
        host = (urlsplit(source.strip()).hostname or "").casefold().rstrip(".")
    except ValueError:
        return False
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def ordered(sources: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every source, official ones first; the secondary ones), each in catalogue order."""
    official = tuple(s for s in sources if is_official(s))
    secondary = tuple(s for s in sources if not is_official(s))
    return official + secondary, secondary
