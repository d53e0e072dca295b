"""Values a condition compares with that no real case can have: thresholds off their scale, shares written as
percents, words outside the case format's vocabulary (with did-you-mean).

The scales and vocabularies are the case format's own (model/case.py) and the derived indicators' (rules/fields.py):
lint reads them from there, so a change of the format changes what lint accepts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Literal, get_args, get_origin

from ...errors import did_you_mean
from ...model.case import Asset, Link, Metadata
from ...model.ruleset import AnyOf, Pattern, RuleSet, Test, WhenItem
from ...rules.compiler import CompiledRuleSet
from ...rules.fields import DERIVED
from .findings import Finding
from .reasoning import all_patterns, words

__all__ = ["check_values"]

SEVERITY = (1, 5, "the severity scale 1-5")
STRENGTH = (1, 3, "the link strength scale 1-3")
SHARE = (0, 1, "a share (0-1)")
# (fact, field) -> (lowest, highest, what the scale is) of the values a case can have
SCALES: dict[tuple[str, str], tuple[float, float, str]] = {
    ("problem", "severity"): SEVERITY, ("case", "max_severity"): SEVERITY, ("cause", "max_severity"): SEVERITY,
    ("reach", "severity"): SEVERITY, ("reach", "strength"): STRENGTH, ("link", "strength"): STRENGTH,
    ("cause", "max_strength"): STRENGTH, ("case", "month"): (1, 12, "a month (1-12)"),
    ("reach", "distance"): (1, math.inf, "a number of steps (1 for a direct cause)"),
    ("case", "facts.land_legal_share"): SHARE,
    **{("case", f"indicators.{name}"): SHARE for name, (how, _, _) in DERIVED.items() if how == "share"},
}


def _literal(model: Any, name: str) -> tuple[str, ...]:
    """The words of a Literal field of the case format (``Literal[...] | None`` too)."""
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) is not Literal:
        annotation = next(a for a in get_args(annotation) if get_origin(a) is Literal)
    return tuple(str(a) for a in get_args(annotation))


# (fact, field) -> the words a case can write there
VOCABULARY: dict[tuple[str, str], tuple[str, ...]] = {
    ("case", "setting"): _literal(Metadata, "setting"),
    ("case", "unit_level"): _literal(Metadata, "unit_level"),
    ("case", "kampung_kb_class"): _literal(Metadata, "kampung_kb_class"),
    ("asset", "type"): _literal(Asset, "type"),
    ("link", "type"): _literal(Link, "type"),
}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _never_met(test: Test, lo: float, hi: float) -> bool:
    """No value in [lo, hi] passes ``test``."""
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if not all(_number(v) for v in values):
        return False
    v = values[0]
    if test.op in {"eq", "in"}:
        return all(not lo <= x <= hi for x in values)
    return bool({"min": v > hi, "above": v >= hi, "max": v < lo, "below": v <= lo}.get(test.op, False))


def _always_met(test: Test, lo: float, hi: float) -> bool:
    """A bound outside [lo, hi] that every value on the scale passes (`severity: {min: 0}`)."""
    v = test.value
    if not _number(v):
        return False
    return bool({"min": v < lo, "above": v < lo, "max": v > hi, "below": v > hi}.get(test.op, False))


def _value_findings(at: tuple[str, int, str], pattern: Pattern, test: Test) -> list[Finding]:
    """Findings on one field test, located at ``at`` (file, line, rule or program id)."""
    key = (pattern.fact, test.field)
    name = f"{pattern.fact}.{test.field}"
    out = []
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    # NaN, infinities and huge thresholds never get here: the loader refuses them (rules/conditions.py)
    if key in SCALES and test.op != "exists":
        lo, hi, scale = SCALES[key]
        if _never_met(test, lo, hi):
            percent = scale == SHARE[2] and all(_number(v) and 1 < v <= 100 for v in values)
            hint = (f"a share is written 0-1, not as a percent: did you mean "
                    f"{', '.join(f'{round(v / 100, 4)} ({v} %)' for v in values)}?" if percent
                    else f"use a value on {scale}")
            out.append(Finding(*at, "out-of-range", "error",
                               f"no case can meet {pattern.fact}.{words(test)}: outside {scale}", hint))
        elif _always_met(test, lo, hi):
            out.append(Finding(*at, "vacuous-test", "warning",
                               f"every case meets {pattern.fact}.{words(test)}: {test.value} is outside {scale}",
                               f"use a value on {scale}, or drop the test"))
    if key in VOCABULARY and test.op in {"eq", "in", "not", "none_of"}:
        known = VOCABULARY[key]
        for v in values:
            if isinstance(v, str) and v not in known:
                out.append(Finding(*at, "unknown-value", "error",
                                   f"{name}: '{v}' is not a value a case can have (one of {', '.join(known)})",
                                   did_you_mean(v, known) or "use one of the values of the case format"))
    return out


def _patterns(items: Iterable[WhenItem]) -> list[Pattern]:
    return [p for item in items for p in (item.options if isinstance(item, AnyOf) else (item,))]


def check_values(ruleset: RuleSet, compiled: CompiledRuleSet) -> list[Finding]:
    """Rules' conditions, the catalogue's requirements and the prerequisites' `needed_when`, test by test."""
    where: list[tuple[tuple[str, int, str], list[Pattern]]] = [
        ((rule.file, rule.line, rule.id), all_patterns(rule)) for rule in ruleset.rules]
    where += [((p.file, p.line, p.id), _patterns(p.requires)) for p in ruleset.programs.values()]
    where += [((p.file, p.line, f"{p.program}>{p.needs}"), _patterns(p.needed_when)) for p in ruleset.prerequisites]
    return [f for at, patterns in where for p in patterns for t in p.tests for f in _value_findings(at, p, t)]
