"""A content-addressed cache of checked rule sets, so a command does not re-parse ~300 KB of YAML at every start.

The key is a SHA-256 of kkb-advisor's version, the folder as shown in messages, and the rule set's content hash
(the bytes of every file the manifest names): any edit to any rule file is a new key. The cache holds plain JSON
(never pickle: nothing in it can run code) of the RuleSet's frozen dataclasses. Set KKB_ADVISOR_CACHE=off to
disable it, or to a folder to move it. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .._version import __version__
from ..model.ruleset import (
    AllOf,
    AnyOf,
    Bilingual,
    Pattern,
    Prerequisite,
    Program,
    Ranking,
    Rule,
    RuleSet,
    Taxonomy,
    Test,
    TimingWords,
)

__all__ = ["cache_folder", "cache_key", "read_cached", "write_cached"]

_FORMAT = "2"
_TYPES: dict[str, type[Any]] = {t.__name__: t for t in (AllOf, AnyOf, Bilingual, Pattern, Prerequisite, Program,
                                                         Ranking, Rule, RuleSet, Taxonomy, Test, TimingWords)}


def cache_folder() -> Path | None:
    setting = os.environ.get("KKB_ADVISOR_CACHE", "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kkb-advisor"


def cache_key(shown: str, content_hash: str) -> str:
    """The cache entry of a rule set: its content hash (every file's bytes), the folder as messages show it, and
    the versions of kkb-advisor and of this format."""
    return hashlib.sha256(f"{_FORMAT}\0{__version__}\0{shown}\0{content_hash}".encode()).hexdigest()


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"__dc": type(value).__name__, "f": fields}
    if isinstance(value, tuple):
        return {"__t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"__d": [[k, _encode(v)] for k, v in value.items()]}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__dc" in value:
            cls = _TYPES[value["__dc"]]
            return cls(**{k: _decode(v) for k, v in value["f"].items()})
        if "__t" in value:
            return tuple(_decode(v) for v in value["__t"])
        if "__d" in value:
            return {k: _decode(v) for k, v in value["__d"]}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def read_cached(key: str) -> RuleSet | None:
    folder = cache_folder()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        ruleset = _decode(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return ruleset if isinstance(ruleset, RuleSet) else None


def write_cached(key: str, ruleset: RuleSet) -> None:
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".rules.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(_encode(ruleset), handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        return
