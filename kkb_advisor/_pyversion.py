"""Which Python versions kkb-advisor runs on, and the message for the others."""

from __future__ import annotations

import sys

__all__ = ["SUPPORTED", "unsupported_message"]

SUPPORTED = ((3, 11), (3, 12), (3, 13))


def unsupported_message(version: tuple[int, ...] = tuple(sys.version_info[:2])) -> str | None:
    """None on a supported Python; otherwise a sentence saying why not and what to do."""
    if tuple(version[:2]) in SUPPORTED:
        return None
    return (f"kkb-advisor needs Python 3.11, 3.12 or 3.13; this is Python {version[0]}.{version[1]}. "
            "Create the environment with one of those (e.g. `python3.13 -m venv .venv`).")
