"""A case workbook checked in one round: the cells the reader refused, the schema's mistakes and the checks'
(unknown ids, duplicates, links) are all reported by one run, sheet by sheet, row by row, column by column.

A refused or wrong cell reads as empty to what comes after it; so that the rest can still be checked, it is stood in
for by a value the schema takes (``_stand_ins``: a fresh id the workbook does not hold, an empty text, a choice).
What a stand-in touches is never reported: not the schema's "required" at a cell the reader already refused, not a
check of the field or of its row as a whole (a duplicate link whose end is unreadable), and no "unknown" id while an
id those ids could name is unreadable (a link end, while a problem's or cause's id or words are; a group named in
"Disampaikan kelompok", while a group's are). A sheet that could not be read at all (missing, merged cells, no key
row) stops the round after the reader: what follows from a missing sheet would be mistakes of its own. Words written
for a group or a link end that name no row are "unknown" as the checks say it, not "not a valid id".
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import ValidationError

from ..errors import CaseError, Problem
from ..io.documents import format_path
from ..io.validation import model_problems
from ..model.case import Case, Cause, FgdGroup
from ..model.case import Problem as CaseProblem
from ..model.ruleset import RuleSet
from .checks import CHECKS
from .workbook_read import WorkbookDocument

__all__ = ["workbook_case"]

_ROUNDS = 6  # a stand-in list ([{}] for an empty Masalah sheet) takes a round of its own to fill; then none is left


def _stand_ins(data: Any) -> dict[str, Callable[[], Any]]:
    taken = set(_texts(data))
    fresh = (f"_{n}" for n in itertools.count(1) if f"_{n}" not in taken)  # an id no row of the workbook has

    def new_id() -> str:
        return next(fresh)

    def text() -> str:
        return ""

    return {
        **dict.fromkeys(("id", "case_id", "category", "program_id", "agency", "from", "to"), new_id),
        **dict.fromkeys(("raised_by", "secondary_categories", "agencies_present", "program_ids"), new_id),
        **dict.fromkeys(("label_id", "name", "org", "role", "kampung_kb_name", "kelurahan_or_desa", "kecamatan",
                         "kab_kota", "province", "sources"), text),
        "schema_version": lambda: "1.0", "provenance": lambda: "source", "metadata": dict, "problems": lambda: [{}],
        "unit_level": lambda: "rw", "setting": lambda: "urban", "is_desa": lambda: False,
        "date": lambda: dt.date(2000, 1, 1), "severity": lambda: 1, "strength": lambda: 1, "type": lambda: "group",
        "status": lambda: "active", "location_criteria": lambda: "kumuh",
    }


def workbook_case(doc: WorkbookDocument, rules: RuleSet | None) -> Case:
    """The Case in ``doc``, or a CaseError holding every mistake the workbook shows, in the workbook's order."""
    from .load import _size_problems  # the limits of any case file

    if not doc.whole:
        raise CaseError(doc.in_order(list(doc.refused)))
    problems = _size_problems(doc, doc.data)
    if problems:
        raise CaseError(problems)
    refused = {p.location for p in doc.refused}
    touched: set[Where] = set()  # what the checks must not speak of: the refused cells' fields, the schema's
    unsure: set[str] = set()  # the lists whose ids are not all known: "problems" (with causes), "fgd_groups"
    for cell in refused:
        paths = [path for path, at in doc.cells.items() if at == cell]
        fields = [path for path in paths if not any(len(o) > len(path) and o[:len(path)] == path for o in paths)]
        touched.update(fields)
        unsure.update(_unsure(cell.split("!")[0], fields))
    problems = list(doc.refused)
    words: dict[Where, tuple[str, str]] = {}  # a group or link end written as words that name none: (stand-in, words)
    schema: list[Problem] = []  # the schema's problems, all of them
    try:
        case: Case | None = Case.model_validate(doc.data)
    except ValidationError as exc:
        schema = model_problems(doc, exc, Case)
        errors = list(_errors(doc.data, exc))
        written = {loc: text for loc, kind in errors if kind == "string_pattern_mismatch" and _is_reference(loc)
                   and isinstance(text := _at(doc.data, loc), str)}
        wrong = [loc for loc, _ in errors if loc not in written]
        touched.update(wrong)
        unsure.update(kind for loc in wrong for kind in _unsure("", [loc]))
        case, stood = _stood_in(doc.data, exc)
        if case is not None:  # not "not a valid id" for words: the checks say they name no row
            words = {loc: (str(_at(stood, loc)), text) for loc, text in written.items()}
        named = {format_path(loc) for loc in words}
        problems += [p for p in schema if p.location not in refused and p.path not in named]
    if case is not None:
        if rules is None:
            from ..rules.load import load_rules  # the bundled rule set, loaded only when none is given

            rules = load_rules()
        problems += _checked(case, doc, rules, touched, unsure, words)
    if schema and not problems:  # a stand-in case is never returned, nor a case refused without a word of why
        problems = schema
    if problems:
        raise CaseError(doc.in_order(_once(problems)))
    assert case is not None
    return case


Where = tuple[Any, ...]
_NAMING = ("id", "label_id", "label_en")  # what a link end or a group in raised_by may be written as


def _unsure(sheet: str, fields: list[Where]) -> Iterator[str]:
    """Which lists lose an id (or the words that stand for one) with ``fields``; a refused cell of the Masalah,
    Penyebab or Kelompok sheet that holds no field at all (its row was otherwise empty) may have held one."""
    for where, kind in (("Masalah", "problems"), ("Penyebab", "problems"), ("Kelompok", "fgd_groups")):
        if sheet == where and not fields:
            yield kind
    for path in fields:
        inner = path[1:] if path[:1] == ("metadata",) else path
        if inner[:1] in (("problems",), ("causes",)) and (len(inner) < 3 or inner[2] in _NAMING):
            yield "problems"
        if (inner[:1] == ("fgd_groups",) and (len(inner) < 3 or inner[2] in _NAMING)) or path == ("metadata",):
            yield "fgd_groups"


def _checked(case: Case, doc: WorkbookDocument, rules: RuleSet, touched: set[Where], unsure: set[str],
             words: dict[Where, tuple[str, str]]) -> list[Problem]:
    """The checks' problems, but for those of a field a stand-in touched (or of its row as a whole), and an unknown
    id where the ids it could be are not all known; words that name no group, problem or cause are named unknown
    as they were written."""
    out: list[Problem] = []

    def bad(path: Where, message: str, hint: str = "") -> None:
        if any(path[:len(t)] == t or t[:len(path)] == path for t in touched):
            return
        if ("problems" in unsure and message.startswith("unknown node")) or (
                "fgd_groups" in unsure and message.startswith("unknown group")):
            return
        if path in words:
            if not message.startswith(("unknown node", "unknown group")):
                return
            stand_in, text = words[path]
            message = message.replace(f"'{stand_in}'", f"'{text}'")
            hint = _near(text, names["groups" if message.startswith("unknown group") else "nodes"]) or hint
        out.append(doc.problem(path, message, hint))

    rows: dict[str, tuple[FgdGroup | CaseProblem | Cause, ...]] = {
        "groups": case.metadata.fgd_groups, "nodes": (*case.problems, *case.causes)}
    names = {kind: [name for row in found for name in (row.id, row.label_id, row.label_en) if name]
             for kind, found in rows.items()}

    for check in CHECKS:
        check(case, rules, bad)
    return out


def _errors(data: Any, exc: ValidationError) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(where in ``data``, error type) of each schema error; pydantic's union tags left out of the place, and a list
    "too short" only because its items are wrong (pydantic counts the valid ones) left out."""
    errors = exc.errors()
    inside = {tuple(err["loc"][:i]) for err in errors for i, part in enumerate(err["loc"]) if isinstance(part, int)}
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in inside:
            continue
        at: Any = data
        loc: list[Any] = []
        for i, part in enumerate(err["loc"]):
            last = i == len(err["loc"]) - 1
            if isinstance(at, dict) and (part in at or (last and err["type"] == "missing")):
                loc.append(part)
                at = at.get(part)
            elif isinstance(at, list) and isinstance(part, int) and 0 <= part < len(at):
                loc.append(part)
                at = at[part]
        yield tuple(loc), err["type"]


def _stood_in(data: dict[str, Any], exc: ValidationError) -> tuple[Case | None, dict[str, Any]]:
    """The case with each wrong or missing value stood in for, so that the checks can run over the rest, and the
    mapping it was made of; None when something stands in the way no stand-in fits (the checks are then left for
    the next run)."""
    import copy

    fill = _stand_ins(data)
    data = copy.deepcopy(data)
    for _ in range(_ROUNDS):
        for loc, kind in _errors(data, exc):
            if not loc or not _stand_in(data, loc, kind, fill):
                return None, data
        try:
            return Case.model_validate(data), data
        except ValidationError as again:
            exc = again
    return None, data


def _near(words: str, names: list[str]) -> str:
    """'did you mean ...?' for words a letter or two off a row's id or words (spaces and capitals aside); words of
    another row that merely share a word ("Kelompok pemuda", "Kelompok PKK") are not offered."""
    import difflib

    lowered = {" ".join(name.lower().split()): name for name in names}
    close = difflib.get_close_matches(" ".join(words.lower().split()), sorted(lowered), n=1, cutoff=0.8)
    return f"did you mean '{lowered[close[0]]}'?" if close else ""


def _is_reference(loc: Where) -> bool:
    """A group of "Disampaikan kelompok" or a link end: where the words of a row may stand for its id."""
    return (len(loc) == 4 and loc[0] == "problems" and loc[2] == "raised_by") or (
        len(loc) == 3 and loc[0] == "links" and loc[2] in ("from", "to"))


def _texts(data: Any) -> Iterator[str]:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack += value.values()
        elif isinstance(value, list):
            stack += value


def _at(data: Any, loc: Where) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _stand_in(data: dict[str, Any], loc: tuple[Any, ...], kind: str, fill: dict[str, Callable[[], Any]]) -> bool:
    at: Any = data
    for part in loc[:-1]:
        try:
            at = at[part]
        except (KeyError, IndexError, TypeError):
            return True  # a value around it was stood in for already
    key = loc[-1]
    name = key if isinstance(key, str) else next((p for p in reversed(loc) if isinstance(p, str)), "")
    if isinstance(key, int) or kind == "missing":  # an item of a list, or a required field: a stand-in
        if name not in fill:
            return False
        at[key] = fill[name]()
    elif isinstance(at, dict):
        at.pop(key, None)  # a wrong value: its default, if it has one; else the next round asks for a stand-in
    return True


def _once(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        key = (p.location, str(p.message))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
