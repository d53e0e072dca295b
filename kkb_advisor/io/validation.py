"""Turn pydantic validation errors into located, friendly Problems (what is wrong, and a hint)."""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import typing
from collections.abc import Sequence
from typing import Any

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import Problem, did_you_mean
from .documents import Document
from .loader import MAX_DIGITS

__all__ = ["MAX_NUMBER", "describe_value", "example", "model_problems", "number_words", "unusable_number"]

MIN_NUMBER = 1e-12  # nor closer to 0 but 0: the engines compare numbers to 12 decimal places (advice/facts.py)
MAX_NUMBER = 1e12  # no value a case can hold is larger: a typo, and past it the engine's numbers lose their meaning


def unusable_number(value: Any) -> str:
    """Why a number (or any number in a list) cannot be used, '' when it can: NaN, an infinity, or beyond
    MAX_NUMBER. Values that are not numbers pass: their type is checked elsewhere."""
    for v in value if isinstance(value, list) else (value,):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            continue
        if isinstance(v, float) and not math.isfinite(v):
            return f"{v} is not a finite number"
        if abs(v) > MAX_NUMBER:
            return f"{v} is too large (the limit is {MAX_NUMBER:.0e})"
        if 0 < abs(v) < MIN_NUMBER:
            return f"{v} is too close to 0 (numbers are compared to 12 decimal places; write 0)"
    return ""


def too_long_to_show(value: int) -> bool:
    """More digits than a message shows (and than Python may turn into text): given as a mapping, not read."""
    return value.bit_length() > MAX_DIGITS * 3.32  # log2(10): MAX_DIGITS decimal digits


def shown(value: Any) -> str:
    """A number as a message says it: its digits, or how long it is."""
    return describe_value(value) if isinstance(value, int) and too_long_to_show(value) else str(value)


def describe_value(value: Any) -> str:
    """How a value reads in a message: 'abc' (text), 12 (a number), true (yes/no)."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, int) and too_long_to_show(value):
        return f"a number of more than {MAX_DIGITS:,} digits"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}' (text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"{value.isoformat()} (a date)"
    return type(value).__name__


def _allowed_keys(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The keys a model allows at ``loc`` (for did-you-mean on unknown keys)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def model_problems(doc: Document, exc: ValidationError, model: type[BaseModel],
                   base: Sequence[Any] = ()) -> list[Problem]:
    """One Problem per pydantic error, located in ``doc``; union noise is collapsed to one message a field."""
    problems: dict[tuple[Any, ...], Problem] = {}
    errors = [(_field_loc(model, err["loc"]), err) for err in exc.errors()]
    # a misspelt key also shows up as a missing field: report the typo once, with its did-you-mean
    typos = {(*loc[:-1], hint) for loc, err in errors if err["type"] == "extra_forbidden"
             for hint in _close_keys(model, loc)}
    # pydantic counts only the valid items: a list whose one item is wrong also reads as "too short"
    wrong_items = {loc[:i] for loc, _ in errors for i, part in enumerate(loc) if isinstance(part, int)}
    for loc, err in errors:
        if err["type"] == "missing" and loc in typos:
            continue
        if err["type"] == "too_short" and loc in wrong_items:
            continue
        if err["type"] == "invalid_key" and loc:  # a key that is not text (a date, a number, yes/no)
            loc = _key_loc(doc, tuple(base), tuple(loc[:-1]), err.get("input"))
        path = tuple(base) + loc
        message, hint = number_words(err["type"], err.get("input"), doc.written(path)) or _message(err, model, loc)
        key = path if err["type"] not in {"extra_forbidden", "unexpected_keyword_argument"} else (*path, "extra")
        if key in problems:
            continue
        problems[key] = doc.problem(path, message, hint)
    return sorted(problems.values(), key=lambda p: (p.line, p.location))


def _key_loc(doc: Any, base: tuple[Any, ...], parent: tuple[Any, ...], key: Any) -> tuple[Any, ...]:
    """Where a key that is not text stands: the key as the file spells it where the file can be searched for it
    (1, true, 2018-01-01), else the mapping that holds it."""
    spelt = [key.isoformat() if isinstance(key, (datetime.date, datetime.datetime)) else
             str(key).lower() if isinstance(key, bool) else str(key)]
    for text in spelt:
        if doc.locate((*base, *parent, text)) is not None:
            return (*parent, text)
    return parent


def _close_keys(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    hint = did_you_mean(str(loc[-1]), _allowed_keys(model, loc)) if loc else ""
    return [hint.split("'")[1]] if hint else []


def _field_loc(model: type[BaseModel], loc: Sequence[Any]) -> tuple[Any, ...]:
    """The error location without pydantic's union-member tags ("int", "function-after[...]").

    A part that names a field of the model at that point is always kept (a field may be called `date`).
    """
    out: list[Any] = []
    current: Any = model
    for part in loc:
        fields = getattr(current, "model_fields", None) if current is not None else None
        if isinstance(part, str) and fields is not None:
            by_alias = {f.alias or n: n for n, f in fields.items()}
            name = part if part in fields else by_alias.get(part)
            if name is not None:
                out.append(part)
                current = _inner_model(fields[name].annotation)
                continue
        if _is_union_tag(part):
            continue
        out.append(part)
        if isinstance(part, str):
            current = None
    return tuple(out)


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the union member's type name to the location ("int", "function-after[...]")
    return isinstance(part, str) and (part in {"int", "float", "str", "bool", "none", "constrained-int",
                                               "constrained-float", "constrained-str", "date"}
                                      or part.startswith(("function-", "constrained-", "tagged-union")))


def _message(err: Any, model: type[BaseModel], loc: Sequence[Any]) -> tuple[str, str]:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"missing required field '{name}'", f"add `{name}:`"
    if kind == "invalid_key":
        return (f"the key {describe_value(value)} is not a name",
                "keys are names such as `notes:`; remove it, or check the indentation above it")
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        hint = did_you_mean(str(name), _allowed_keys(model, loc))
        against = "the case format" if model.__module__.endswith("model.case") else "the rule-set format"
        return f"unknown key '{name}'", hint or f"remove it, or check the spelling against {against}"
    quoted = isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.\d+)?", value.strip())
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        digits = re.match(r"\s*(\d+)\b", value) if isinstance(value, str) else None  # '200 KK': e.g. 200
        hint = (f"write the number without quotes: {value.strip()}" if quoted and "." not in value else
                f"write digits only, e.g. {example(model, loc, int(digits[1]) if digits else 12)}")
        return f"expected a whole number, got {describe_value(value)}", hint
    if kind in {"float_type", "float_parsing"}:
        hint = (f"write the number without quotes: {value.strip()}" if quoted else
                f"write a number, e.g. {example(model, loc, 0.4)}")
        return f"expected a number, got {describe_value(value)}", hint
    if kind in {"string_type"}:
        return f"expected text, got {describe_value(value)}", "put the value in quotes, e.g. \"12\""
    if kind in {"bool_type", "bool_parsing"}:
        said = str(value).strip().lower()
        hint = (f"write true for '{value}'" if said in _YES else f"write false for '{value}'" if said in _NO
                else "write true or false")
        return f"expected true or false, got {describe_value(value)}", hint
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in str(expected).replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), choices) or f"use one of: {', '.join(c for c in choices if c)}"
        return f"{describe_value(value)} is not allowed here", hint
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        word = "at least" if kind == "greater_than_equal" else "more than"
        return f"must be {word} {limit}, got {shown(value)}", _range_hint(str(name)) or (
            "counts cannot be negative" if limit in (0, 0.0) and word == "at least" else "write a larger value")
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return f"must be at most {limit}, got {shown(value)}", _range_hint(str(name))
    if kind in {"string_pattern_mismatch", "string_too_short", "string_too_long"} and "short_names" in loc:
        return (f"{describe_value(value)} is not a short name for a program",
                "write 2 to 40 letters or digits, with spaces, '-' or '/' between them, e.g. BKR or SPP-IRT")
    if kind == "string_pattern_mismatch":
        return (f"{describe_value(value)} is not a valid id",
                "use letters, digits, '.', '-' or '_' only, e.g. P1 or SKA-KADIPIRO-2018")
    if kind in {"string_too_long"}:
        most = ctx.get("max_length")
        return "the text is too long", f"keep it to at most {most:,} characters" if isinstance(most, int) else (
            "keep it under 4,000 characters")
    if kind == "finite_number":
        return f"{shown(value)} is not a finite number", "write an ordinary number, e.g. 0.5"
    if kind in {"string_too_short"}:
        return "must not be empty", "write a value"
    if kind in {"too_short"}:
        return "must not be empty", "list at least one item"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, got {describe_value(value)}", "write a list: `[a, b]` or one `- item` per line"
    if kind in {"model_type", "dict_type", "model_attributes_type", "dataclass_type", "dataclass_exact_type"}:
        if _inner_field_names(model, loc) == ["en", "id"]:
            return (f"expected a text in two languages, got {describe_value(value)}",
                    'write `{id: "Indonesian text", en: "English text"}`')
        return f"expected a mapping of keys, got {describe_value(value)}", "write `key: value` pairs under it"
    if kind == "value_error" and "ranking_roles" in str(err.get("msg", "")):
        return ("an answer must weigh at least as much as a supporting measure, and that as much as an enabler",
                "e.g. answer: 1.0, support: 0.55, enabler: 0.3")
    if kind == "value_error" and "ranking_timings" in str(err.get("msg", "")):
        return ("timing_order must name every timing once",
                "list anytime, quota, annual_call and musrenbang, in the order you want")
    if kind == "value_error" and "ranking_repeat" in str(err.get("msg", "")):
        return ("repeat_severe must be at least repeat: a severe problem keeps at least as much of its need",
                "e.g. repeat: 0.5, repeat_severe: 0.8")
    if kind == "value_error" and "date_format" in str(err.get("msg", "")):
        return f"{describe_value(value)} is not a date", "write dates as YYYY-MM-DD, e.g. 2018-10-24"
    if kind == "value_error" and "date_range" in str(err.get("msg", "")):
        return (f"{describe_value(value)} is not a plausible FGD date (years 1970-2100)",
                "check the year; dates are YYYY-MM-DD, e.g. 2018-10-24")
    if kind.startswith("date"):
        return f"{describe_value(value)} is not a date", "write dates as YYYY-MM-DD, e.g. 2018-10-24"
    return str(err.get("msg", kind)), ""


_YES = frozenset({"ya", "y", "benar", "betul", "iya"})  # yes/no as an Indonesian writes them
_NO = frozenset({"tidak", "tdk", "bukan", "salah", "t"})

# numbers as Indonesians write them: a dot between thousands (1.200), a decimal comma (0,4)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[.,]\d{3})+")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_INT_ERRORS = frozenset({"int_type", "int_parsing", "int_from_float"})
_FLOAT_ERRORS = frozenset({"float_type", "float_parsing"})


def number_words(kind: str, value: Any, written: str | None) -> tuple[str, str] | None:
    """(message, hint) for a number written the Indonesian way where the file needs another, else None.

    Nothing is guessed: `1.200` in a count is what YAML and JSON read as the decimal 1.2, and is refused with
    both readings said; `1.200.000` or `1,200` (text) with the digits to write; `0,4` where a decimal is due with
    the point to write.
    """
    if kind in _INT_ERRORS and isinstance(value, float) and written and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", written):
        return (f"{written} reads as the decimal {value:g} here: a dot is the decimal point in case files",
                f"write {written.replace('.', '')}, without the thousands dot")
    text = value.strip() if isinstance(value, str) else ""
    if kind in _INT_ERRORS and written == text and re.fullmatch(r"0\d+", text):  # YAML 1.1's octal: kept as text
        return (f"expected a whole number, got {describe_value(value)}",
                f"write {int(text)}, without the leading zero")
    if kind in _INT_ERRORS and _THOUSANDS.fullmatch(text):
        return (f"expected a whole number, got {describe_value(value)}",
                f"write {re.sub('[.,]', '', text)} without the thousands dots or commas")
    if kind in _FLOAT_ERRORS and _THOUSANDS.fullmatch(text) and text.count(",") == 1 and "." not in text:
        return (f"expected a number, got {describe_value(value)}",
                f"write {text.replace(',', '')} for the whole number, or {text.replace(',', '.')} for the decimal")
    if kind in _FLOAT_ERRORS and _DECIMAL_COMMA.fullmatch(text):
        return (f"expected a number, got {describe_value(value)}",
                f"write the decimal with a point, e.g. {text.replace(',', '.')}")
    return None


def example(model: type[BaseModel], loc: Sequence[Any], default: float = 12) -> str:
    """A value to show after "e.g." for the number field at ``loc``: ``default`` when the field takes it, else
    the first of a few that the field's bounds allow (so "severity, e.g. 4", never "e.g. 12")."""
    low, high = _bounds(_field_info(model, loc))
    for candidate in (default, 4, 2, 1, 0, 2024, 0.4):
        if (low is None or candidate >= low) and (high is None or candidate <= high):
            return f"{candidate:g}"
    return f"{low:g}" if low is not None else f"{default:g}"


def _field_info(model: type[BaseModel], loc: Sequence[Any]) -> FieldInfo | None:
    """The pydantic field at ``loc`` (list indexes skipped), or None when the path leaves the models."""
    current: Any = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None) or {}
        by_alias = {f.alias or n: n for n, f in fields.items()}
        name = part if part in fields else by_alias.get(part)
        if name is None:
            return None
        info = fields[name]
        current = _inner_model(info.annotation)
    return info


def _bounds(info: FieldInfo | None) -> tuple[float | None, float | None]:
    """The lowest and highest value a number field allows (None: no bound), from its metadata or its
    ``Annotated`` type (also inside ``X | None``)."""
    if info is None:
        return None, None
    metadata = list(info.metadata)
    stack = [info.annotation]
    while stack:
        annotation = stack.pop()
        metadata += [m for extra in getattr(annotation, "__metadata__", ())
                     for m in (extra.metadata if isinstance(extra, FieldInfo) else [extra])]
        stack += [a for a in typing.get_args(annotation) if a is not type(None)]
    low = high = None
    for m in metadata:
        bound: Any = getattr(m, "ge", getattr(m, "gt", None))
        if isinstance(m, annotated_types.Ge | annotated_types.Gt) and bound is not None:
            low = float(bound)
        bound = getattr(m, "le", getattr(m, "lt", None))
        if isinstance(m, annotated_types.Le | annotated_types.Lt) and bound is not None:
            high = float(bound)
    return low, high


def _inner_field_names(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The field names of the model (or dataclass) expected at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None) or getattr(current, "__pydantic_fields__", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation) or annotation
    if dataclasses.is_dataclass(current):
        return sorted(f.name for f in dataclasses.fields(current))
    return sorted(getattr(current, "model_fields", None) or {})


def _range_hint(name: str) -> str:
    return {
        "priority": "priority runs from 1 (weak, supplementary) to 5 (strongly indicated)",
        "limit": "the limit runs from 1 to 200 programs",
        "severity": "severity runs from 1 (minor) to 5 (urgent, widespread)",
        "strength": "strength runs from 1 (contributing) to 3 (main driver)",
        "land_legal_share": "a share runs from 0 to 1 (e.g. 0.4 for 40%)",
    }.get(name, "")
