"""Case files (YAML or JSON) -> a checked Case model. Every mistake becomes a located Problem in a CaseError."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import CaseError, InputError, Problem, check_arg
from ..io.documents import MAX_NODES, Document, as_mapping, parse_text, read_bounded, read_document
from ..io.validation import model_problems
from ..model.case import Case
from ..model.ruleset import RuleSet
from .checks import check_case

__all__ = ["MAX_CASE_BYTES", "MAX_CASE_LINKS", "MAX_CASE_NODES", "MAX_WORKBOOK_BYTES", "WORKBOOK_SUFFIXES",
           "load_case", "parse_case"]

MAX_CASE_NODES = 200  # problems + causes: an FGD names a few dozen at most (the engine holds causes x problems facts)
MAX_CASE_LINKS = 2000
MAX_CASE_BYTES = 1024 * 1024  # a real case is a few kilobytes; this bounds the time spent parsing a wrong file
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024  # a filled case workbook is some 30 kB
MAX_DEPTH = 64  # levels of a mapping given directly: a case needs six
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def load_case(path: Path | str, rules: RuleSet | None = None) -> Case:
    """Read and check a case file (YAML, JSON or an XLSX case workbook, by its extension). ``rules`` gives the
    taxonomy and catalogue (default: the bundled rule set)."""
    check_arg("load_case", "path", path, (str, os.PathLike), "the path of a case file (str or Path)")
    _check_rules("load_case", rules)
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        from .workbook_check import workbook_case  # every mistake of a workbook in one round, by cell
        from .workbook_read import read_workbook

        return workbook_case(read_workbook(_workbook_bytes(Path(path)), str(path)), rules)
    try:
        doc = read_document(path, max_bytes=MAX_CASE_BYTES)
    except CaseError:
        raise
    except InputError as exc:
        raise CaseError(exc.problems) from None
    return _from_document(doc, rules)


def parse_case(text: str | bytes | Mapping[str, Any], *, name: str = "<case>", rules: RuleSet | None = None,
               is_json: bool = False) -> Case:
    """Check a case given as text (YAML/JSON) or as an already-parsed mapping."""
    check_arg("parse_case", "text", text, (str, bytes, Mapping), "YAML/JSON text (str or bytes) or a mapping")
    _check_rules("parse_case", rules)
    if isinstance(text, Mapping):
        _check_depth(text, name)
        doc = Document(name, "", dict(text), is_yaml=False)
    else:
        try:
            doc = parse_text(text, name=name, is_json=is_json, max_bytes=MAX_CASE_BYTES)
        except CaseError:
            raise
        except InputError as exc:
            raise CaseError(exc.problems) from None
    return _from_document(doc, rules)


def _check_depth(data: Mapping[str, Any], name: str) -> None:
    """A mapping given directly is held to what a file may be: a few levels deep, never holding itself (the checks
    after this walk it recursively)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:  # the same list or mapping held in many places: an alias bomb made in Python
            raise CaseError(Problem(name, "", f"the document expands to more than {MAX_NODES:,} values (YAML aliases?)",
                                    "write the data out plainly; anchors and aliases that multiply data are refused"))
        if depth > MAX_DEPTH:
            raise CaseError(Problem(name, "", "the document is nested too deeply",
                                    "a case or rule file needs only a few levels of nesting"))
        if isinstance(value, Mapping):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend((item, depth + 1) for item in value)


def _check_rules(func: str, rules: object) -> None:
    if rules is not None:
        check_arg(func, "rules", rules, RuleSet, "a RuleSet (from load_rules()) or None for the bundled one")


def _workbook_bytes(path: Path) -> bytes:
    try:
        return read_bounded(path, max_bytes=MAX_WORKBOOK_BYTES, kind="a case workbook is some 30 kB",
                            what="a .xlsx case workbook")
    except InputError as exc:
        raise CaseError(exc.problems) from None


def _from_document(doc: Document, rules: RuleSet | None) -> Case:
    try:
        data = as_mapping(doc)
    except InputError as exc:
        raise CaseError(exc.problems) from None
    problems = _size_problems(doc, data)
    if problems:
        raise CaseError(problems)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(_in_order(doc, _schema_and_checks(doc, data, exc, rules))) from None
    problems = check_case(case, doc, _rules(rules))
    if problems:
        raise CaseError(_in_order(doc, problems))
    return case


def _rules(rules: RuleSet | None) -> RuleSet:
    if rules is None:
        from ..rules.load import load_rules  # the bundled rule set, loaded only when none is given

        return load_rules()
    return rules


def _schema_and_checks(doc: Document, data: Mapping[str, Any], exc: ValidationError,
                       rules: RuleSet | None) -> list[Problem]:
    """The schema's problems and, where the rest of the case can be checked without them (case/aside.py), the
    checks' problems on that rest: one run shows both stages."""
    from .aside import outside, set_aside

    problems = model_problems(doc, exc, Case)
    rest = set_aside(data, exc)
    if rest is None:
        return problems
    case, aside = rest
    said = {(p.line, p.path) for p in problems}
    more = [p for p in check_case(case, doc, _rules(rules)) if outside(p.path, aside) and (p.line, p.path) not in said]
    return sorted([*problems, *more], key=lambda p: (p.line, p.column, p.location))


def _in_order(doc: Document, problems: list[Problem]) -> list[Problem]:
    """A workbook's problems sheet by sheet, row by row (a YAML file's are already in the order of its lines)."""
    from .workbook_read import WorkbookDocument

    return doc.in_order(problems) if isinstance(doc, WorkbookDocument) else problems


# How many items each list of a case may hold: far above any FGD, low enough that a generated or corrupted file is
# refused before it costs time (the engine's work grows with assets x rules and causes x problems).
MAX_ITEMS: dict[tuple[str, ...], int] = {
    ("assets",): 500, ("existing_programs",): 500, ("opd_responses",): 200, ("metadata", "fgd_groups"): 100,
    ("metadata", "agencies_present"): 100, ("metadata", "location_criteria"): 50, ("metadata", "sources"): 50,
}
MAX_INNER_ITEMS = 100  # any list inside an item (raised_by, program_ids, secondary_categories, ...)


def _list_problems(doc: Document, data: Mapping[str, Any]) -> list[Problem]:
    out = []
    for path, limit in MAX_ITEMS.items():
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list) and len(value) > limit:
            out.append(Problem(doc.name, ".".join(path), f"{len(value)} items; the limit is {limit}",
                               "an FGD case lists far fewer; check how the file was made", path=".".join(path)))
    for key in ("problems", "causes", "links", "assets", "opd_responses", "existing_programs"):
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            for field, value in (item.items() if isinstance(item, dict) else ()):
                if isinstance(value, list) and len(value) > MAX_INNER_ITEMS:
                    where = f"{key}[{i}].{field}"
                    out.append(Problem(doc.name, where, f"{len(value)} items; the limit is {MAX_INNER_ITEMS}",
                                       "check how the file was made", path=where))
    return out


def _size_problems(doc: Document, data: Mapping[str, Any]) -> list[Problem]:
    out = _list_problems(doc, data)
    nodes = sum(len(data.get(k) or []) if isinstance(data.get(k), list) else 0 for k in ("problems", "causes"))
    if nodes > MAX_CASE_NODES:
        out.append(doc.problem((), f"the case has {nodes} problems and causes; the limit is {MAX_CASE_NODES}",
                               "an FGD case names a few dozen; split the file or check how it was generated"))
    links = data.get("links")
    if isinstance(links, list) and len(links) > MAX_CASE_LINKS:
        # no line lookup here: locating would parse the whole (huge) file a second time
        out.append(Problem(doc.name, "links", f"the case has {len(links)} links; the limit is {MAX_CASE_LINKS}",
                           "check how the file was generated"))
    return out
