"""A content-addressed cache of checked rule sets, so a command does not re-parse ~300 KB of YAML at every start.

The key is a SHA-256 of kkb-advisor's version, the code that reads rule sets (size and modification time of each of
its modules: an edited checkout makes new keys), the folder as shown in messages, and the rule set's content hash
(the bytes of every file the manifest names): any edit to any rule file is a new key. The cache holds plain JSON
(never pickle: nothing in it can run code) of the RuleSet's frozen dataclasses, after a line with the SHA-256 of
the key and that JSON: an entry not written whole by this code (cut short, edited, corrupted, put under another
key) fails the check and is never used; nor is one that does not decode, whatever the reason. The rule set is then
read from its files, as if there were no cache, and the entry written anew. Set KKB_ADVISOR_CACHE=off to disable
it, or to a folder to move it. A cache that cannot be read or written is simply not used.

Beside the entries, empty marker files remember the durable_rules definitions (compiled rule sets) that passed
every engine-limit check (rules/durable.py engine_problems, ~15 ms): named by a hash of the definition's own text,
the limits and the same code stamp, so only that very definition, checked by this very code against the same
limits, skips the check. The engine driver (advice/engine.py) keeps markers of the same kind for the definitions
durable_rules itself accepted, compiled first in a forked child (``limits`` then names the C extension's build).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
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

__all__ = ["cache_folder", "cache_key", "code_stamp", "engine_checked", "read_cached", "remember_engine_checked",
           "write_cached"]

# 10: code stamp in the key, engine-check markers (wave2-cold); 9: catalogue short_names, ranking repeat_severe and
# named; 8: engine-internal names refused, list membership tests (wave2-harden3); 7: place_names
_FORMAT = "11"  # 11: a checksum line before the JSON
_TYPES: dict[str, type[Any]] = {t.__name__: t for t in (AllOf, AnyOf, Bilingual, LocalWording, Pattern, Prerequisite,
                                                         Program, Ranking, Rule, RuleSet, Target, Taxonomy, Test,
                                                         TimingWords)}


def cache_folder() -> Path | None:
    setting = os.environ.get("KKB_ADVISOR_CACHE", "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        return Path(setting)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "kkb-advisor"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no home at all
        return None
    if not home.is_dir():  # a home that does not exist (HOME=/nonexistent, a service account): never create it
        return None
    return home / ".cache" / "kkb-advisor"


_CHECKED = ".engine-ok"  # the suffix of an engine-check marker (entries end in .json)
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE = ("rules", "io", "model/ruleset.py")  # what decides an entry's content: the rule language, reading files


def code_stamp() -> str:
    """Size and modification time of every module of _CODE (~20 stat calls): a changed module, as in a developer's
    checkout, is a new stamp, so no entry made by older code is read."""
    parts = []
    for name in _CODE:
        path = _PACKAGE / name
        try:
            files = sorted(path.glob("*.py")) if path.is_dir() else [path]
            for file in files:
                info = file.stat()
                parts.append(f"{name}/{file.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:?")
    return "\0".join(parts)


def cache_key(shown: str, content_hash: str) -> str:
    """The cache entry of a rule set: its content hash (every file's bytes), the folder as messages show it, and
    the versions of kkb-advisor, of its code and of this format."""
    return hashlib.sha256(f"{_FORMAT}\0{__version__}\0{code_stamp()}\0{shown}\0{content_hash}".encode()).hexdigest()


def _marker(definition: str, limits: str) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{code_stamp()}\0{limits}\0".encode())
    digest.update(definition.encode())
    return folder / f"{digest.hexdigest()}{_CHECKED}"


def engine_checked(definition: str, limits: str) -> bool:
    """Did this durable_rules definition (its JSON text) pass every engine-limit check, against these ``limits``
    (rules/durable.py engine_limits), before?"""
    marker = _marker(definition, limits)
    return marker is not None and marker.is_file()


def remember_engine_checked(definition: str, limits: str) -> None:
    """Record that ``definition`` passed every engine-limit check against ``limits`` (an empty marker file)."""
    marker = _marker(definition, limits)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        _prune(marker.parent, keep=marker.name)
    except OSError:
        return


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


def _decoder() -> Callable[[Any], Any]:
    """Rebuilds the dataclasses. A frozen dataclass's __init__ sets each field through object.__setattr__; for the
    classes with neither init=False fields nor __post_init__, filling __dict__ directly builds the same object.
    Only containers (lists) are decoded further: the ~8,000 plain values of the bundled rule set are taken as
    they are, without a call each."""
    make: list[tuple[type[Any], tuple[str, ...], bool]] = []
    for name in _ORDER:
        cls = _TYPES[name]
        plain = len(_FIELDS[name]) == len(dataclasses.fields(cls)) and not hasattr(cls, "__post_init__")
        make.append((cls, _FIELDS[name], plain))
    new = object.__new__

    def decode(value: list[Any]) -> Any:
        tag = value[0]
        if tag == _DATACLASS:
            cls, names, plain = make[value[1]]
            args = [decode(v) if type(v) is list else v for v in value[2:]]
            if len(args) != len(names):
                raise ValueError("cache entry does not fit the rule-set classes")
            if not plain:
                return cls(*args)
            obj = new(cls)
            obj.__dict__.update(zip(names, args, strict=True))
            return obj
        if tag == _TUPLE:
            return tuple([decode(v) if type(v) is list else v for v in value[1:]])
        if tag == _LIST:
            return [decode(v) if type(v) is list else v for v in value[1:]]
        if tag == _DICT:
            if len(value) % 2 != 1:
                raise ValueError("cache entry has a key without a value")
            items = iter(value)
            next(items)
            return {k: decode(v) if type(v) is list else v for k, v in zip(items, items, strict=True)}
        raise ValueError(f"unknown cache tag {tag!r}")

    return decode


def _decode(value: Any) -> Any:
    return _decoder()(value) if type(value) is list else value


def _checksum(key: str, payload: bytes) -> bytes:
    """The first line of an entry: SHA-256 of its key and its JSON (hex)."""
    digest = hashlib.sha256(key.encode())
    digest.update(b"\0")
    digest.update(payload)
    return digest.hexdigest().encode()


def read_cached(key: str) -> RuleSet | None:
    """The rule set of entry ``key``, or None: no entry, or one this code did not write whole (its checksum does
    not hold), or one that does not decode to a RuleSet for any reason; the caller then reads the rule set from
    its files and writes the entry anew."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        raw = (folder / f"{key}.json").read_bytes()
    except (OSError, ValueError):
        return None
    checksum, _, payload = raw.partition(b"\n")
    if checksum != _checksum(key, payload):
        return None
    try:
        ruleset = _decode(json.loads(payload))
    except Exception:  # noqa: BLE001 - an entry that does not decode is no entry, whatever it raised
        return None
    return ruleset if type(ruleset) is RuleSet else None


def write_cached(key: str, ruleset: RuleSet) -> None:
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(_encode(ruleset), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".rules.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_checksum(key, payload) + b"\n" + payload)
            os.replace(tmp, folder / f"{key}.json")
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _prune(folder, keep=f"{key}.json")
    except (OSError, ValueError):  # a folder that cannot be written, text that cannot be encoded: no entry
        return


KEEP = 32  # cache entries kept: one a rule-set version; a policy team editing rules makes a new one each save


def _prune(folder: Path, keep: str) -> None:
    """Drop the oldest files beyond KEEP of keep's kind (only this cache's own: 64 hex digits and .json, or
    .engine-ok for the markers)."""
    suffix = keep[64:]
    entries = []
    for path in folder.iterdir():
        name = path.name
        if (len(name) == 64 + len(suffix) and name.endswith(suffix)
                and all(c in "0123456789abcdef" for c in name[:64])):
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
