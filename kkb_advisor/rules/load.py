"""Load a rule-set folder (manifest, taxonomy, catalogue, prerequisites, rules) into a checked RuleSet."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem, RuleSetError, did_you_mean
from ..io.validation import model_problems
from ..io.documents import Document, parse_text, read_document
from .cache import cache_key, read_cached, write_cached
from .conditions import CODE_FIELDS, PROGRAM_FIELDS, parse_unless, parse_when
from ..model.ruleset import (
    AllOf,
    AnyOf,
    Bilingual,
    Pattern,
    Prerequisite,
    Program,
    Rule,
    RuleSet,
    Taxonomy,
    UnlessItem,
    WhenItem,
)

__all__ = ["MANIFEST", "default_rules_dir", "load_rules"]

MANIFEST = "ruleset.yaml"


def default_rules_dir() -> Path:
    """The bundled rule set: inside the installed package, or the checkout's top-level ``rules/``."""
    packaged = resources.files("kkb_advisor").joinpath("default_rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent.parent / "rules"


class _Collector:
    """Collects Problems across the files of one rule set."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def reporter(self, doc: Document) -> Any:
        def report(path: Sequence[Any], message: str, hint: str = "") -> None:
            self.problems.append(doc.problem(path, message, hint))
        return report

    def validate(self, doc: Document, model: type[BaseModel], data: Any, path: tuple[Any, ...] = ()) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(model_problems(doc, exc, model, path))
            return None


def _read(folder: Path, name: str, shown: str, col: _Collector) -> Document | None:
    try:
        return read_document(folder / name)
    except InputError as exc:
        col.problems.extend(Problem(f"{shown}/{name}" if not p.file.startswith(shown) else p.file,
                                    p.location, p.message, p.hint, p.line) for p in exc.problems)
        return None


def load_rules(folder: Path | str | None = None) -> RuleSet:
    """Load and check the rule set in ``folder`` (default: the bundled one).

    Raises RuleSetError listing every mistake. A rule set whose files are unchanged since it last loaded cleanly
    comes from the cache (rules/cache.py)."""
    base = Path(folder) if folder is not None else default_rules_dir()
    if base.is_file() and base.name == MANIFEST:
        base = base.parent
    shown = str(folder) if folder is not None else _relative(base)
    if not (base / MANIFEST).is_file():
        hint = "give the folder that holds ruleset.yaml (the default rule set is used when you give none)"
        raise RuleSetError(Problem(shown, "", f"no {MANIFEST} in this folder" if base.is_dir()
                                   else "no such folder", hint))
    col = _Collector()
    mdoc = _read(base, MANIFEST, shown, col)
    if mdoc is None:
        raise RuleSetError(col.problems)
    mdoc.name = f"{shown}/{MANIFEST}"
    cached = _cached(base, shown, mdoc)
    if cached is not None:
        return cached
    from .schema import ManifestFile  # the file shapes are needed only when the files are parsed

    manifest = col.validate(mdoc, ManifestFile, mdoc.data)
    if manifest is None:
        raise RuleSetError(col.problems)
    names = _file_names(manifest.taxonomy, manifest.catalogue, manifest.prerequisites, manifest.rules)
    raw: dict[str, bytes] = {}
    inside = base.resolve()
    for name in [*names, *manifest.tests]:
        target = (base / name).resolve()
        if Path(name).is_absolute() or (target != inside and inside not in target.parents):
            col.problems.append(mdoc.problem(_manifest_path(mdoc, name), f"'{name}' is outside the rule-set folder",
                                             "a rule set may only name files inside its own folder"))
    if col.problems:
        raise RuleSetError(col.problems)
    for name in names:
        try:
            raw[name] = (base / name).read_bytes()
        except OSError as exc:
            reason = "no such file" if isinstance(exc, FileNotFoundError) else f"cannot read it ({exc.strerror})"
            col.problems.append(mdoc.problem(_manifest_path(mdoc, name), f"'{name}': {reason}",
                                             "check the file names listed in ruleset.yaml"))
    if col.problems:
        raise RuleSetError(col.problems)
    manifest_bytes = (base / MANIFEST).read_bytes()
    key = cache_key(shown, [(MANIFEST, manifest_bytes), *raw.items()])
    digest = hashlib.sha256()
    for name, data in [(MANIFEST, manifest_bytes), *raw.items()]:
        digest.update(name.encode() + b"\0" + data + b"\0")
    docs: dict[str, Document] = {}
    for name in names:
        try:
            docs[name] = parse_text(raw[name], name=f"{shown}/{name}", is_json=name.endswith(".json"))
        except InputError as exc:
            col.problems.extend(exc.problems)
    if col.problems:
        raise RuleSetError(col.problems)
    taxonomy = _taxonomy(docs[manifest.taxonomy], col)
    if taxonomy is None:
        raise RuleSetError(col.problems)
    programs = _catalogue(docs[manifest.catalogue], taxonomy, col)
    prereqs = (_prerequisites(docs[manifest.prerequisites], programs, taxonomy, col)
               if manifest.prerequisites else ())
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name in manifest.rules:
        for rule in _rules(docs[name], programs, taxonomy, col):
            if rule.id in seen:
                col.problems.append(Problem(rule.file, f"line {rule.line}", f"duplicate rule id '{rule.id}'",
                                            f"first defined in {seen[rule.id]}; give each rule its own id",
                                            rule.line))
                continue
            seen[rule.id] = f"{rule.file} line {rule.line}"
            rules.append(rule)
    if col.problems:
        raise RuleSetError(sorted(col.problems, key=lambda p: (p.file, p.line, p.location)))
    ruleset = RuleSet(
        name=manifest.name, version=manifest.version, title=manifest.title, hash=digest.hexdigest()[:16],
        folder=str(base), limit=manifest.limit, programs=programs, taxonomy=taxonomy, rules=tuple(rules),
        prerequisites=tuple(prereqs), test_files=tuple(f"{shown}/{t}" for t in manifest.tests),
    )
    write_cached(key, ruleset)
    return ruleset


def _relative(path: Path) -> str:
    """The path as the user would type it from here: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _file_names(taxonomy: Any, catalogue: Any, prerequisites: Any, rules: Any) -> list[str]:
    return list(dict.fromkeys(n for n in [taxonomy, catalogue, prerequisites, *rules] if n is not None))


def _cached(base: Path, shown: str, mdoc: Document) -> RuleSet | None:
    """The cached rule set for exactly these file bytes, if any. A cache entry exists only for files that loaded
    and checked cleanly, so the manifest's names are read here without validating it again."""
    data = mdoc.data if isinstance(mdoc.data, dict) else {}
    rules = data.get("rules")
    names = _file_names(data.get("taxonomy", "taxonomy.yaml"), data.get("catalogue", "catalogue.yaml"),
                        data.get("prerequisites", "prerequisites.yaml"), rules if isinstance(rules, list) else [])
    if not all(isinstance(n, str) and not Path(n).is_absolute() and ".." not in Path(n).parts for n in names):
        return None
    try:
        files = [(MANIFEST, (base / MANIFEST).read_bytes()), *((n, (base / n).read_bytes()) for n in names)]
    except OSError:
        return None
    return read_cached(cache_key(shown, files))


def _manifest_path(mdoc: Document, name: str) -> tuple[Any, ...]:
    data = mdoc.data if isinstance(mdoc.data, dict) else {}
    for key, value in data.items():
        if value == name:
            return (key,)
        if isinstance(value, list) and name in value:
            return (key, value.index(name))
    return ()


def _bi(doc: Document, data: Any, path: tuple[Any, ...], col: _Collector) -> Bilingual | None:
    if isinstance(data, dict) and set(data) == {"id", "en"} and all(isinstance(v, str) for v in data.values()):
        return Bilingual(id=data["id"], en=data["en"])
    col.reporter(doc)(path, "expected a text in both languages: `{id: \"...\", en: \"...\"}`",
                      "give exactly the keys id (Indonesian) and en (English)")
    return None


def _taxonomy(doc: Document, col: _Collector) -> Taxonomy | None:
    report = col.reporter(doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in ("problem_categories", "cause_categories"):
        if not isinstance(data.get(key), dict):
            report((key,) if key in data else (), f"missing or malformed '{key}'", "see rules/taxonomy.yaml")
            return None
    problems: dict[str, Bilingual] = {}
    family_of: dict[str, str] = {}
    families: dict[str, Bilingual] = {}
    family_fungsi: dict[str, str] = {}
    for fam, body in data["problem_categories"].items():
        path = ("problem_categories", fam)
        if not isinstance(body, dict) or not isinstance(body.get("codes"), dict):
            report(path, "a family needs label_id, label_en, fungsi_keluarga and codes", "")
            continue
        families[fam] = Bilingual(id=str(body.get("label_id", fam)), en=str(body.get("label_en", fam)))
        family_fungsi[fam] = str(body.get("fungsi_keluarga", ""))
        for code, label in body["codes"].items():
            bi = _bi(doc, label, (*path, "codes", code), col)
            if bi is not None:
                problems[code] = bi
                family_of[code] = fam
    causes: dict[str, Bilingual] = {}
    for code, label in data["cause_categories"].items():
        bi = _bi(doc, label, ("cause_categories", code), col)
        if bi is not None:
            causes[code] = bi
    fungsi = {k: Bilingual(id=str(v.get("seksi", k)), en=str(v.get("en", k)))
              for k, v in (data.get("fungsi_keluarga") or {}).items() if isinstance(v, dict)}
    return Taxonomy(problems=problems, problem_family=family_of, families=families, family_fungsi=family_fungsi,
                    causes=causes, fungsi=fungsi)


def _check_codes(items: Sequence[WhenItem | UnlessItem], doc: Document, path: tuple[Any, ...],
                 taxonomy: Taxonomy, program_ids: Sequence[str], col: _Collector) -> None:
    """Category codes and program ids named in conditions must exist."""
    report = col.reporter(doc)
    known = {"problem": set(taxonomy.problems), "cause": set(taxonomy.causes), "family": set(taxonomy.families)}
    known["any"] = known["problem"] | known["cause"]
    patterns: list[Pattern] = []
    for item in items:
        if isinstance(item, AnyOf):
            patterns.extend(item.options)
        elif isinstance(item, AllOf):
            patterns.extend(item.patterns)
        else:
            patterns.append(item)
    for pattern in patterns:
        for test in pattern.tests:
            kind = CODE_FIELDS.get((pattern.fact, test.field))
            choices = known.get(kind or "") if kind else (
                set(program_ids) if (pattern.fact, test.field) in PROGRAM_FIELDS else None)
            if choices is None or test.op == "exists":
                continue
            values = test.value if isinstance(test.value, tuple) else (test.value,)
            for value in values:
                if value not in choices:
                    what = "program" if kind is None else f"{kind} category" if kind != "any" else "category"
                    where = pattern.where.split(": ", 1)[1] if ": " in pattern.where else ""
                    report(path if not where else _path_of(where), f"unknown {what} '{value}'",
                           did_you_mean(str(value), choices) or "check the code against the taxonomy/catalogue")


def _path_of(where: str) -> tuple[Any, ...]:
    out: list[Any] = []
    for part in where.replace("]", "").split("."):
        name, *idx = part.split("[")
        if name:
            out.append(name)
        out.extend(int(i) for i in idx)
    return tuple(out)


def _catalogue(doc: Document, taxonomy: Taxonomy, col: _Collector) -> dict[str, Program]:
    from .schema import CatalogueFile, ProgramFile

    top = col.validate(doc, CatalogueFile, {"programs": doc.data.get("programs")} if isinstance(doc.data, dict)
                       else doc.data)
    if top is None:
        return {}
    report = col.reporter(doc)
    raw_programs: list[tuple[int, ProgramFile]] = []
    seen: set[str] = set()
    for i, raw in enumerate(top.programs):
        pf = col.validate(doc, ProgramFile, raw, ("programs", i))
        if pf is None:
            continue
        if pf.id in seen:
            report(("programs", i, "id"), f"duplicate program id '{pf.id}'", "give each program its own id")
            continue
        seen.add(pf.id)
        raw_programs.append((i, pf))
    ids = sorted(seen)
    programs: dict[str, Program] = {}
    for i, pf in raw_programs:
        path = ("programs", i)
        for j, code in enumerate(pf.addresses.problems):
            if code not in taxonomy.problems:
                report((*path, "addresses", "problems", j), f"unknown problem category '{code}'",
                       did_you_mean(code, taxonomy.problems))
        for j, code in enumerate(pf.addresses.causes):
            if code not in taxonomy.causes:
                report((*path, "addresses", "causes", j), f"unknown cause category '{code}'",
                       did_you_mean(code, taxonomy.causes))
        requires = parse_when(pf.requires, (*path, "requires"), doc, report)
        _check_codes(requires, doc, (*path, "requires"), taxonomy, ids, col)
        if any((isinstance(r, Pattern) and r.fact == "recommended") or (isinstance(r, AnyOf) and any(
                o.fact == "recommended" for o in r.options)) for r in requires):
            report((*path, "requires"), "requirements cannot look at other recommendations",
                   "use prerequisites.yaml for 'program A needs program B'")
        fr, un = pf.available.from_, pf.available.until
        if fr is not None and un is not None and un < fr:
            report((*path, "available"), f"available until {un}, before it starts ({fr})", "swap the years")
        programs[pf.id] = Program(
            id=pf.id, agency=pf.agency, agency_name=pf.agency_name, name=pf.name, kinds=pf.kinds,
            addresses_problems=pf.addresses.problems, addresses_causes=pf.addresses.causes,
            eligibility=pf.eligibility, requires=requires, available_from=fr, available_until=un,
            locality=pf.locality, procedure=pf.procedure, first_step=pf.first_step, lead=pf.lead,
            timing=pf.timing, cost=pf.cost, sources=pf.sources, provenance=pf.provenance,
            confidence=pf.confidence)
    return programs


def _prerequisites(doc: Document, programs: dict[str, Program], taxonomy: Taxonomy,
                   col: _Collector) -> list[Prerequisite]:
    from .schema import PrerequisiteFile, PrerequisitesFile

    top = col.validate(doc, PrerequisitesFile, doc.data if doc.data is not None else {})
    if top is None:
        return []
    report = col.reporter(doc)
    out: list[Prerequisite] = []
    for i, raw in enumerate(top.prerequisites):
        path = ("prerequisites", i)
        pf = col.validate(doc, PrerequisiteFile, raw, path)
        if pf is None:
            continue
        for key in ("program", "needs"):
            value = getattr(pf, key)
            if value not in programs:
                report((*path, key), f"unknown program '{value}'", did_you_mean(value, programs))
        if pf.program == pf.needs:
            report((*path, "needs"), "a program cannot need itself", "name another program")
        needed = parse_when(pf.needed_when, (*path, "needed_when"), doc, report)
        _check_codes(needed, doc, (*path, "needed_when"), taxonomy, sorted(programs), col)
        line = (doc.locate(path) or (0, 0))[0]
        out.append(Prerequisite(program=pf.program, needs=pf.needs, needed_when=needed, reason=pf.reason,
                                source=pf.source, file=doc.name, line=line))
    _check_cycles(out, doc, col)
    return out


def _check_cycles(prereqs: Sequence[Prerequisite], doc: Document, col: _Collector) -> None:
    needs: dict[str, list[str]] = {}
    for p in prereqs:
        needs.setdefault(p.program, []).append(p.needs)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(needs.get(node, [])):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt]
                col.problems.append(Problem(doc.name, "prerequisites",
                                            "prerequisites form a cycle: " + " -> ".join(cycle),
                                            "a program cannot (indirectly) need itself; remove one of these"))
            elif state.get(nxt) is None:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(needs):
        if start not in state:
            visit(start, [start])


def _rules(doc: Document, programs: dict[str, Program], taxonomy: Taxonomy, col: _Collector) -> list[Rule]:
    from .schema import RuleFile, RulesFile

    top = col.validate(doc, RulesFile, doc.data if doc.data is not None else {})
    if top is None:
        return []
    report = col.reporter(doc)
    out: list[Rule] = []
    for i, raw in enumerate(top.rules):
        path = ("rules", i)
        rf = col.validate(doc, RuleFile, raw, path)
        if rf is None:
            continue
        if rf.program not in programs:
            report((*path, "program"), f"unknown program '{rf.program}'",
                   did_you_mean(rf.program, programs) or "use a program id from the catalogue")
        when = parse_when(rf.when, (*path, "when"), doc, report)
        unless = parse_unless(rf.unless, (*path, "unless"), doc, report)
        _check_codes(when, doc, (*path, "when"), taxonomy, sorted(programs), col)
        _check_codes(unless, doc, (*path, "unless"), taxonomy, sorted(programs), col)
        line = (doc.locate(path) or (0, 0))[0]
        source = (rf.source,) if isinstance(rf.source, str) else rf.source
        out.append(Rule(id=rf.id, title=rf.title, program=rf.program, priority=rf.priority, when=when,
                        unless=unless, rationale=rf.rationale, source=tuple(s for s in source if s),
                        file=doc.name, line=line))
    return out
