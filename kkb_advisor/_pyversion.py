"""Which Python versions kkb-advisor runs on, and the message for the others."""

from __future__ import annotations

import sys

__all__ = ["SUPPORTED", "unsupported_message"]

SUPPORTED = ((3, 11), (3, 12))


def unsupported_message(version: tuple[int, ...] = tuple(sys.version_info[:2])) -> str | None:
    """None on a supported Python; otherwise a sentence saying why not and what to do."""
    if tuple(version[:2]) in SUPPORTED:
        return None
    return (f"kkb-advisor needs Python 3.11 or 3.12; this is Python {version[0]}.{version[1]}. "
            "Its rule engine, durable_rules, does not import on 3.13 or later and has no release for them. "
            "Create the environment with python3.11 or python3.12 (e.g. `python3.12 -m venv .venv`).")
