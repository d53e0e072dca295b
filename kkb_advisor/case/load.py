"""Case files (YAML or JSON) -> a checked Case model. Every mistake becomes a located Problem in a CaseError."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import CaseError, InputError, Problem
from ..io.documents import Document, as_mapping, parse_text, read_document
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
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def load_case(path: Path | str, rules: RuleSet | None = None) -> Case:
    """Read and check a case file (YAML, JSON or an XLSX case workbook, by its extension). ``rules`` gives the
    taxonomy and catalogue (default: the bundled rule set)."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        from .workbook_read import read_workbook

        return _from_document(read_workbook(_workbook_bytes(Path(path)), str(path)), rules)
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
    if isinstance(text, Mapping):
        doc = Document(name, "", dict(text), is_yaml=False)
    else:
        try:
            doc = parse_text(text, name=name, is_json=is_json, max_bytes=MAX_CASE_BYTES)
        except CaseError:
            raise
        except InputError as exc:
            raise CaseError(exc.problems) from None
    return _from_document(doc, rules)


def _workbook_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise CaseError(Problem(name, "", "is a folder, not a file", "give the path of a .xlsx case workbook"))
        size = path.stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            raise CaseError(Problem(name, "", f"the workbook is {size / 1048576:.1f} MB; the limit is "
                                    f"{MAX_WORKBOOK_BYTES // 1048576} MB", "a case workbook is some 30 kB"))
        with path.open("rb") as handle:  # bounded even if the file grows (or is a device) while it is read
            raw = handle.read(MAX_WORKBOOK_BYTES + 1)
    except FileNotFoundError:
        raise CaseError(Problem(name, "", "no such file", "check the path")) from None
    except PermissionError:
        raise CaseError(Problem(name, "", "permission denied", "check the file's permissions")) from None
    except OSError as exc:
        raise CaseError(Problem(name, "", f"cannot read the file ({exc.strerror})", "check the path")) from None
    if len(raw) > MAX_WORKBOOK_BYTES:
        raise CaseError(Problem(name, "", f"the workbook is larger than {MAX_WORKBOOK_BYTES // 1048576} MB",
                                "a case workbook is some 30 kB"))
    return raw


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
        raise CaseError(_in_order(doc, model_problems(doc, exc, Case))) from None
    if rules is None:
        from ..rules.load import load_rules  # the bundled rule set, loaded only when none is given

        rules = load_rules()
    problems = check_case(case, doc, rules)
    if problems:
        raise CaseError(_in_order(doc, problems))
    return case


def _in_order(doc: Document, problems: list[Problem]) -> list[Problem]:
    """A workbook's problems sheet by sheet, row by row (a YAML file's are already in the order of its lines)."""
    from .workbook_read import WorkbookDocument

    return doc.in_order(problems) if isinstance(doc, WorkbookDocument) else problems


def _size_problems(doc: Document, data: Mapping[str, Any]) -> list[Problem]:
    out = []
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
