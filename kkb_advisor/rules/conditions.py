"""The condition language of rules: which facts and fields exist, and parsing YAML conditions into patterns."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..errors import did_you_mean
from ..io.documents import Document, format_path
from ..io.validation import describe_value, unusable_number
from ..model.ruleset import AllOf, AnyOf, Pattern, Test, UnlessItem, WhenItem
from .fields import FIELDS, field_kind, known_fields

__all__ = ["OPERATORS", "Report", "date_number", "parse_unless", "parse_when"]

OPERATORS = ("min", "max", "above", "below", "not", "any_of", "none_of", "includes", "includes_any", "exists")
_NUMERIC_OPS = {"min", "max", "above", "below"}
_LIST_OPS = {"includes", "includes_any"}


def date_number(value: dt.date) -> int:
    """Dates are compared as numbers YYYYMMDD inside the engine."""
    return value.year * 10000 + value.month * 100 + value.day


class Report(Protocol):
    """Where a parse problem goes: a field path, what is wrong, a hint, and its kind (for lint)."""

    def __call__(self, path: Sequence[Any], message: str, hint: str = "", *, code: str = "") -> None: ...


def _parse_pattern(raw: Any, path: tuple[Any, ...], doc: Document, report: Report,
                   *, allow_recommended: bool) -> Pattern | None:
    if not isinstance(raw, dict) or len(raw) != 1:
        report(path, "a condition names one kind of fact, e.g. `problem: {category: ECO.INCOME}`",
               "kinds of fact: " + ", ".join(FIELDS))
        return None
    (fact, body), = raw.items()
    if fact not in FIELDS:
        report((*path, fact), f"unknown kind of fact '{fact}'",
               did_you_mean(str(fact), list(FIELDS)) or "use one of: " + ", ".join(FIELDS), code="unknown-field")
        return None
    if fact == "recommended" and not allow_recommended:
        report((*path, fact), "`recommended` cannot be used here", "only `when` may look at other recommendations")
        return None
    if body is None:
        body = {}
    if not isinstance(body, dict):
        report((*path, fact), f"expected field tests under '{fact}', got {describe_value(body)}",
               "write e.g. `{category: ECO.INCOME, severity: {min: 3}}`")
        return None
    tests: list[Test] = []
    for name, spec in body.items():
        fpath = (*path, fact, name)
        kind = field_kind(fact, str(name))
        if kind is None:
            report(fpath, f"'{fact}' facts have no field '{name}'",
                   did_you_mean(str(name), known_fields(fact)) or "see the field list in the rule format",
                   code="unknown-field")
            continue
        why = _reserved(fact, str(name))
        if why:
            report(fpath, why, "name attributes and extra facts with letters, digits and `_` (e.g. `has_kiosk`)",
                   code="unknown-field")
            continue
        near = did_you_mean(str(name), known_fields(fact), cutoff=0.8) if kind == "any" else ""
        if near:  # extra asset attributes are allowed, but one this close to a documented one is a typo
            report(fpath, f"unknown asset attribute '{name}'", near)
            continue
        tests.extend(_parse_tests(str(name), kind, spec, fpath, report))
    where = f"{doc.name}: {format_path(path)}"
    return Pattern(fact=str(fact), tests=tuple(tests), where=where)


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ENGINE_NAMES = frozenset({"sid", "id", "t"})  # the engine's own fields of every fact: its session, identity, kind


def _reserved(fact: str, name: str) -> str:
    """Why a field name a rule may choose (an extra asset attribute, or the part after `facts.`, `profile.`,
    `indicators.`) cannot reach the engine: the engine's own fields, operators (`$or`), paths and odd characters."""
    if fact == "asset" and name in ENGINE_NAMES:
        return f"'{name}' is the rule engine's own field of every fact (session, identity or kind), not an attribute"
    if name in FIELDS.get(fact, {}):
        return ""
    free = name if fact == "asset" else name.partition(".")[2]
    if not _PLAIN_NAME.fullmatch(free):
        return (f"'{name}' is not a plain name: rule fields are letters, digits and `_` (a `$` is an operator of the "
                f"rule engine, a `.` a path)")
    return ""


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return date_number(value)
    return value


def _parse_tests(name: str, kind: str, spec: Any, path: tuple[Any, ...], report: Report) -> list[Test]:
    why = unusable_number(spec)
    if why:
        report(path, why, "the engine compares finite numbers; write e.g. `3`", code="out-of-range")
        return []
    if isinstance(spec, list):
        if not spec:
            report(path, "an empty list can never match", "list at least one value")
            return []
        return [Test(name, "in", tuple(_scalar(v) for v in spec))]
    if not isinstance(spec, dict):
        if kind == "list":
            report(path, f"'{name}' is a list; compare it with `includes` or `includes_any`",
                   f"write `{name}: {{includes: {spec}}}`")
            return []
        return [Test(name, "eq", _scalar(spec))]
    out: list[Test] = []
    for op, value in spec.items():
        opath = (*path, op)
        why = unusable_number(value)
        if why:
            report(opath, f"'{op}': {why}", f"the engine compares finite numbers; write e.g. `{op}: 3`",
                   code="out-of-range")
            continue
        if op not in OPERATORS:
            report(opath, f"unknown operator '{op}'", did_you_mean(str(op), OPERATORS) or
                   "use one of: " + ", ".join(OPERATORS))
            continue
        if op in _NUMERIC_OPS and (isinstance(value, bool) or not isinstance(value, (int, float, dt.date))):
            report(opath, f"'{op}' compares numbers or dates, got {describe_value(value)}", f"write e.g. `{op}: 3`")
            continue
        if op in _NUMERIC_OPS and kind in {"text", "bool", "list"}:
            report(opath, f"'{name}' is not a number; '{op}' cannot apply", "compare it with a value instead")
            continue
        if op in _LIST_OPS and kind not in {"list", "any"}:
            report(opath, f"'{name}' is not a list; '{op}' cannot apply", f"write `{name}: value` instead")
            continue
        if op in {"any_of", "none_of", "includes_any"}:
            if not isinstance(value, list) or not value:
                report(opath, f"'{op}' takes a non-empty list", f"write `{op}: [a, b]`")
                continue
            value = tuple(_scalar(v) for v in value)
            if op == "any_of":
                op = "in"
        elif op == "exists":
            if not isinstance(value, bool):
                report(opath, "'exists' takes true or false", "write `exists: true`")
                continue
        else:
            value = _scalar(value)
        out.append(Test(name, op, value))
    return out


def _parse_items(items: Sequence[Any], path: tuple[Any, ...], doc: Document, report: Report, *,
                 group: str, make: Callable[[tuple[Pattern, ...]], AnyOf | AllOf],
                 allow_recommended: bool) -> list[Pattern | AnyOf | AllOf]:
    """Parse a list of conditions: patterns, and groups under ``group`` (`any` in when, `all` in unless)."""
    out: list[Pattern | AnyOf | AllOf] = []
    for i, raw in enumerate(items):
        ipath = (*path, i)
        if isinstance(raw, dict) and list(raw) == [group]:
            members = raw[group]
            if not isinstance(members, list) or len(members) < 2:
                example = "{problem: ...}, {cause: ...}" if group == "any" else "{case: ...}, {asset: ...}"
                report((*ipath, group), f"`{group}` takes a list of at least two conditions",
                       f"write `{group}: [{example}]`")
                continue
            parsed = [_parse_pattern(o, (*ipath, group, j), doc, report, allow_recommended=allow_recommended)
                      for j, o in enumerate(members)]
            if all(p is not None for p in parsed):
                out.append(make(tuple(p for p in parsed if p is not None)))
            continue
        pattern = _parse_pattern(raw, ipath, doc, report, allow_recommended=allow_recommended)
        if pattern is not None:
            out.append(pattern)
    return out


def parse_when(items: Sequence[Any], path: tuple[Any, ...], doc: Document, report: Report) -> tuple[WhenItem, ...]:
    """Parse a `when` list (patterns and `any:` groups)."""
    parsed = _parse_items(items, path, doc, report, group="any", make=AnyOf, allow_recommended=True)
    return tuple(item for item in parsed if isinstance(item, (Pattern, AnyOf)))


def parse_unless(items: Sequence[Any], path: tuple[Any, ...], doc: Document,
                 report: Report) -> tuple[UnlessItem, ...]:
    """Parse an `unless` list (patterns and `all:` groups)."""
    parsed = _parse_items(items, path, doc, report, group="all", make=AllOf, allow_recommended=False)
    return tuple(item for item in parsed if isinstance(item, (Pattern, AllOf)))
