"""Load a rule-set folder (manifest, taxonomy, catalogue, prerequisites, rules) into a checked RuleSet.

Every file is read once and hashed once: the content hash (recorded in every advice) also keys the cache of
checked rule sets (rules/cache.py), so an unchanged rule set is not parsed again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, RuleSetError, check_arg, printable, say
from ..io.documents import LOOP, MAX_BYTES, NUL_PATH, Document, is_loop, parse_text, read_bounded, read_document
from ..model.ruleset import Ranking, Rule, RuleSet
from .cache import cache_key, read_cached, write_cached
from .parse import Collector, parse_catalogue, parse_coverage, parse_prerequisites, parse_rules, parse_taxonomy

__all__ = ["MANIFEST", "default_rules_dir", "load_rules"]

MANIFEST = "ruleset.yaml"


def default_rules_dir() -> Path:
    """The bundled rule set: inside the installed package, or the checkout's top-level ``rules/``."""
    packaged = resources.files("kkb_advisor").joinpath("default_rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent.parent / "rules"


def _relative(path: Path) -> str:
    """The path as the user would type it from here: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _folder(folder: Path | str | None) -> tuple[Path, str]:
    """The rule-set folder and its name as shown in messages; an error when it holds no manifest."""
    base = Path(folder) if folder is not None else default_rules_dir()
    if base.is_file() and base.name == MANIFEST:
        base = base.parent
    shown = str(folder) if folder is not None else _relative(base)
    hint = "give the folder that holds ruleset.yaml (the default rule set is used when you give none)"
    if "\0" in shown:
        raise RuleSetError(Problem(printable(shown), "", NUL_PATH, hint))
    if is_loop(base):
        raise RuleSetError(Problem(shown, "", LOOP, hint))
    if not (base / MANIFEST).is_file() and not is_loop(base / MANIFEST):  # a looping manifest: read_bounded says so
        raise RuleSetError(Problem(shown, "", f"no {MANIFEST} in this folder" if base.is_dir()
                                   else "no such folder", hint))
    return base, shown


def _file_names(data: dict[str, Any]) -> list[str] | None:
    """The files the manifest names (taxonomy, catalogue, prerequisites, rules), or None if it names them wrongly
    (the manifest's schema check then says how)."""
    rules = data.get("rules")
    names = [data.get("taxonomy", "taxonomy.yaml"), data.get("catalogue", "catalogue.yaml"),
             data.get("prerequisites", "prerequisites.yaml"), data.get("coverage"),
             *(rules if isinstance(rules, list) else [])]
    names = [n for n in names if n is not None]
    if not all(isinstance(n, str) for n in names):
        return None
    return list(dict.fromkeys(names))


def _outside(base: Path, mdoc: Document, names: Sequence[str]) -> list[Problem]:
    """A problem for each name that is outside the folder, or that no file can have (nothing is read then)."""
    inside = base.resolve()
    out = []
    for name in names:
        if "\0" in name:  # the system cannot open it (Python raises ValueError)
            out.append(mdoc.problem(_manifest_path(mdoc, name), f"'{printable(name)}': {NUL_PATH}",
                                    "write the file name without it; check how ruleset.yaml was made"))
            continue
        try:
            target = (base / name).resolve()
            looped = is_loop(base / name)  # Python 3.13 resolves a loop without an error
        except (RuntimeError, OSError):  # a symbolic link loop (RuntimeError up to Python 3.12)
            looped = True
        if looped:
            out.append(mdoc.problem(_manifest_path(mdoc, name), f"'{name}' {LOOP}",
                                    "point the link at a rule file, or list the file itself in ruleset.yaml"))
            continue
        if Path(name).is_absolute() or (target != inside and inside not in target.parents):
            out.append(mdoc.problem(_manifest_path(mdoc, name), f"'{name}' is outside the rule-set folder",
                                    "a rule set may only name files inside its own folder"))
    return out


def _read_all(base: Path, mdoc: Document, names: Sequence[str]) -> tuple[dict[str, bytes], list[Problem]]:
    """The bytes of every file that could be read, and a problem for each that could not."""
    raw: dict[str, bytes] = {}
    problems = []
    for name in names:
        try:
            raw[name] = read_bounded(base / name, max_bytes=MAX_BYTES, kind="a rule file is some kilobytes",
                                     what="a .yaml rule file")
        except InputError as exc:
            reason = say(exc.problems[0].message)  # a loop of links is found before, by _outside
            problems.append(mdoc.problem(_manifest_path(mdoc, name), f"'{name}': {reason}",
                                         "check the file names listed in ruleset.yaml"))
    return raw, problems


def _content_hash(files: Sequence[tuple[str, bytes]]) -> str:
    """SHA-256 of every file's name and bytes, in manifest order (docs/rule-format.md)."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


def load_rules(folder: Path | str | None = None) -> RuleSet:
    """Load and check the rule set in ``folder`` (default: the bundled one).

    Raises RuleSetError listing every mistake. A rule set whose files are unchanged since it last loaded cleanly
    comes from the cache (rules/cache.py)."""
    if folder is not None:
        check_arg("load_rules", "folder", folder, (str, os.PathLike), "the path of a rule-set folder, or None")
    base, shown = _folder(folder)
    try:
        mdoc = read_document(base / MANIFEST)
    except InputError as exc:
        raise RuleSetError([replace(p, file=f"{shown}/{MANIFEST}") if not p.file.startswith(shown) else p
                            for p in exc.problems]) from None
    mdoc.name = f"{shown}/{MANIFEST}"
    data = mdoc.data if isinstance(mdoc.data, dict) else {}
    names = _file_names(data)
    files: list[tuple[str, bytes]] = []
    problems: list[Problem] = []  # files outside the folder: nothing is read
    unread: list[Problem] = []  # files that could not be read
    content = key = ""
    if names is not None:
        tests = data.get("tests")
        problems = _outside(base, mdoc, [*names, *(t for t in (tests if isinstance(tests, list) else [])
                                                   if isinstance(t, str))])
        if not problems:
            raw_files, unread = _read_all(base, mdoc, names)
            files = [(MANIFEST, mdoc.raw or b""), *raw_files.items()]
        if not problems and not unread:  # a cache entry exists only for files that loaded and checked cleanly
            content = _content_hash(files)
            key = cache_key(shown, content)
            cached = read_cached(key)
            if cached is not None:
                return cached
    from .schema import ManifestFile  # the file shapes are needed only when the files are parsed

    col = Collector()
    manifest = col.validate(mdoc, ManifestFile, mdoc.data)
    if manifest is None and names is not None and not problems:
        manifest = _files_part(data)  # the mistakes are in sections no other file depends on: read on
    if manifest is None or names is None or problems:
        raise RuleSetError(_ordered([*col.problems, *problems, *unread]))
    col.problems.extend(unread)
    raw = dict(files[1:])
    docs: dict[str, Document] = {}
    for name in names:
        if name not in raw:
            continue
        try:
            docs[name] = parse_text(raw[name], name=f"{shown}/{name}", is_json=name.endswith(".json"))
        except InputError as exc:
            col.problems.extend(exc.problems)
    # a rule file that cannot be read or parsed leaves the others to check (nothing depends on a rule file); the
    # taxonomy, catalogue, prerequisites and coverage do not: every check after them would be a guess
    if any(name not in docs for name in names if name not in manifest.rules):
        raise RuleSetError(_ordered(col.problems))
    ruleset = _build(manifest, docs, col, base=base, shown=shown, content=content)
    write_cached(key, ruleset)
    return ruleset


def _build(manifest: Any, docs: dict[str, Document], col: Collector, *, base: Path, shown: str,
           content: str) -> RuleSet:
    taxonomy = parse_taxonomy(docs[manifest.taxonomy], col)
    if taxonomy is None:
        raise RuleSetError(_ordered(col.problems))
    programs = parse_catalogue(docs[manifest.catalogue], taxonomy, col)
    prereqs = (parse_prerequisites(docs[manifest.prerequisites], programs, taxonomy, col)
               if manifest.prerequisites else ())
    intentional = parse_coverage(docs[manifest.coverage], programs, taxonomy, col) if manifest.coverage else {}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name in manifest.rules:
        if name not in docs:  # it did not parse: its problems are collected already
            continue
        for rule in parse_rules(docs[name], programs, taxonomy, col):
            if rule.id in seen:
                col.problems.append(Problem(rule.file, f"line {rule.line}", f"duplicate rule id '{rule.id}'",
                                            f"first defined in {seen[rule.id]}; give each rule its own id",
                                            rule.line, "duplicate-id", rule.id))
                continue
            seen[rule.id] = f"{rule.file} line {rule.line}"
            rules.append(rule)
    if col.problems:
        raise RuleSetError(_ordered(col.problems))
    r = manifest.ranking
    ranking = Ranking(**{name: getattr(r, name) for name in type(r).model_fields})
    files = {"manifest": f"{shown}/{MANIFEST}", "taxonomy": f"{shown}/{manifest.taxonomy}",
             "catalogue": f"{shown}/{manifest.catalogue}"}
    if manifest.prerequisites:
        files["prerequisites"] = f"{shown}/{manifest.prerequisites}"
    if manifest.coverage:
        files["coverage"] = f"{shown}/{manifest.coverage}"
    files.update({f"rules:{name}": f"{shown}/{name}" for name in manifest.rules})
    return RuleSet(
        name=manifest.name, version=manifest.version, title=manifest.title, hash=content, folder=str(base),
        limit=manifest.limit, programs=programs, taxonomy=taxonomy, rules=tuple(rules),
        prerequisites=tuple(prereqs), test_files=tuple(f"{shown}/{t}" for t in manifest.tests), ranking=ranking,
        files=files, intentional=intentional)


# what a manifest says beyond the files to read: a mistake there leaves every file to check (placeholders stand in
# for the required ones; a rule set with a manifest mistake is never built)
_INDEPENDENT = {"name": "x", "version": "0", "title": {"id": "x", "en": "x"}, "tests": [], "limit": 20, "ranking": {}}


def _files_part(data: dict[str, Any]) -> Any:
    """The manifest with its independent sections (ranking, limit, tests, name...) left at placeholders, if the rest
    is valid, else None: the files it names can then be checked in the same run as the manifest's mistakes."""
    from pydantic import ValidationError

    from .schema import ManifestFile

    try:
        return ManifestFile.model_validate({**data, **_INDEPENDENT})
    except ValidationError:
        return None


def _ordered(problems: Sequence[Problem]) -> list[Problem]:
    """Problems in a deterministic order: by file, line and location."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.location))


def _manifest_path(mdoc: Document, name: str) -> tuple[Any, ...]:
    data = mdoc.data if isinstance(mdoc.data, dict) else {}
    for key, value in data.items():
        if value == name:
            return (key,)
        if isinstance(value, list) and name in value:
            return (key, value.index(name))
    return ()
