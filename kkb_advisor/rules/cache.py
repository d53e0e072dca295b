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
    LocalWording,
    Pattern,
    Prerequisite,
    Program,
    Ranking,
    Rule,
    RuleSet,
    Target,
    Taxonomy,
    Test,
    TimingWords,
)

__all__ = ["cache_folder", "cache_key", "read_cached", "write_cached"]

# 9: catalogue short_names, ranking repeat_severe and named; 8: engine-internal names refused, list membership
# tests (wave2-harden3); 7: place_names
_FORMAT = "9"
_TYPES: dict[str, type[Any]] = {t.__name__: t for t in (AllOf, AnyOf, Bilingual, LocalWording, Pattern, Prerequisite,
                                                         Program, Ranking, Rule, RuleSet, Target, Taxonomy, Test,
                                                         TimingWords)}


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


# Every container is a JSON array led by an int tag, so nothing a rule author writes can pass for one: a dataclass is
# [0, type, field values in declaration order...], a tuple [1, items...], a list [2, items...], a dict
# [3, key, value, key, value...]. Positional and tagged: half the bytes of named fields, and a flat decode.
_DATACLASS, _TUPLE, _LIST, _DICT = range(4)
_ORDER = tuple(sorted(_TYPES))


def _init_fields(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


_FIELDS = {name: _init_fields(_TYPES[name]) for name in _ORDER}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        return [_DATACLASS, _ORDER.index(name), *(_encode(getattr(value, f)) for f in _FIELDS[name])]
    if isinstance(value, tuple):
        return [_TUPLE, *(_encode(v) for v in value)]
    if isinstance(value, list):
        return [_LIST, *(_encode(v) for v in value)]
    if isinstance(value, dict):
        out: list[Any] = [_DICT]
        for k, v in value.items():
            out += [k, _encode(v)]
        return out
    return value


class _Decoder:
    """Rebuilds the dataclasses. A frozen dataclass's __init__ sets each field through object.__setattr__; for the
    classes with neither init=False fields nor __post_init__, filling __dict__ directly builds the same object."""

    def __init__(self) -> None:
        self._make: list[Any] = []
        for name in _ORDER:
            cls = _TYPES[name]
            plain = len(_FIELDS[name]) == len(dataclasses.fields(cls)) and not hasattr(cls, "__post_init__")
            self._make.append((cls, _FIELDS[name], plain))

    def __call__(self, value: Any) -> Any:
        if type(value) is not list:
            return value
        tag = value[0]
        if tag == _DATACLASS:
            cls, names, plain = self._make[value[1]]
            args = [self(v) for v in value[2:]]
            if len(args) != len(names):
                raise ValueError("cache entry does not fit the rule-set classes")
            if not plain:
                return cls(*args)
            obj = object.__new__(cls)
            obj.__dict__.update(zip(names, args, strict=True))
            return obj
        if tag == _TUPLE:
            return tuple([self(v) for v in value[1:]])
        if tag == _LIST:
            return [self(v) for v in value[1:]]
        if tag == _DICT:
            return {value[i]: self(value[i + 1]) for i in range(1, len(value), 2)}
        raise ValueError(f"unknown cache tag {tag!r}")


def _decode(value: Any) -> Any:
    return _Decoder()(value)


def read_cached(key: str) -> RuleSet | None:
    folder = cache_folder()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        ruleset = _decode(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
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
        _prune(folder, keep=f"{key}.json")
    except OSError:
        return


KEEP = 32  # cache entries kept: one a rule-set version; a policy team editing rules makes a new one each save


def _prune(folder: Path, keep: str) -> None:
    """Drop the oldest entries beyond KEEP (only this cache's own files: 64 hex digits and .json)."""
    entries = []
    for path in folder.iterdir():
        name = path.name
        if len(name) == 69 and name.endswith(".json") and all(c in "0123456789abcdef" for c in name[:64]):
            try:
                entries.append((path.stat().st_mtime_ns, name, path))
            except OSError:
                continue
    entries.sort(reverse=True)
    for _, name, path in entries[KEEP:]:
        if name != keep:
            try:
                path.unlink()
            except OSError:
                pass
