"""A wrong type or value through the public API is the project's own error with a sentence, never a TypeError or
AttributeError from deep inside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import kkb_advisor as k
from tests.conftest import MINI_CASE, MINI_RULES


@pytest.fixture(scope="module")
def rules() -> Any:
    return k.load_rules(MINI_RULES)


@pytest.fixture(scope="module")
def case(rules: Any) -> Any:
    return k.load_case(MINI_CASE, rules)


def _with(case: Any, path: tuple[str, str], value: object) -> dict[str, Any]:
    """The case as a mapping (as parse_case takes it) with ``value`` at ``path``."""
    data: dict[str, Any] = case.model_dump(mode="json", exclude_none=True)
    data[path[0]][path[1]] = value
    return data


def _explain() -> Any:
    from kkb_advisor.advice.explain import explain

    return explain


def _batch() -> Any:
    import kkb_advisor.batch

    return kkb_advisor.batch


def _closed(rules: Any) -> Any:
    advisor = k.Advisor(rules)
    advisor.close()
    return advisor


def _deep(depth: int) -> list[Any]:
    top: list[Any] = []
    inner = top
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return top


def _shared(depth: int) -> list[Any]:
    """A list holding one list twice, that one holding another twice... (2 ** depth values, in depth lists)."""
    inner: list[Any] = []
    for _ in range(depth):
        inner = [inner, inner]
    return inner


def _holding_itself(case: Any) -> dict[str, Any]:
    data = _with(case, ("metadata", "kecamatan"), None)
    data["facts"]["itself"] = data  # facts take any value
    return data


CALLS: dict[str, tuple[Callable[[Any, Any], Any], str]] = {
    "advise-dict": (lambda c, r: k.advise({"case_id": "X"}, r), "advise(): case takes a Case"),
    "advise-path": (lambda c, r: k.advise(str(MINI_CASE), r), "advise(): case takes a Case"),
    "advise-none": (lambda c, r: k.advise(None, r), "advise(): case takes a Case"),
    "advise-no-rules": (lambda c, r: k.advise(c, None), "advise(): rules takes a RuleSet"),
    "advise-rules-path": (lambda c, r: k.advise(c, str(MINI_RULES)), "advise(): rules takes a RuleSet"),
    "limit-0": (lambda c, r: k.advise(c, r, limit=0), "limit must be at least 1, got 0"),
    "limit-negative": (lambda c, r: k.advise(c, r, limit=-1), "limit must be at least 1, got -1"),
    "limit-text": (lambda c, r: k.advise(c, r, limit="3"), "limit takes a whole number"),
    "limit-bool": (lambda c, r: k.advise(c, r, limit=True), "limit takes a whole number"),
    "limit-float": (lambda c, r: k.advise(c, r, limit=2.5), "limit takes a whole number"),
    "kinds-text": (lambda c, r: k.advise(c, r, kinds="permit"), "kinds takes a list"),
    "kinds-unknown": (lambda c, r: k.advise(c, r, kinds=["nope"]), "unknown program kind 'nope'"),
    "load-case-none": (lambda c, r: k.load_case(None), "load_case(): path takes the path"),
    "load-case-int": (lambda c, r: k.load_case(12), "load_case(): path takes the path"),
    "load-case-bad-rules": (lambda c, r: k.load_case(MINI_CASE, 5), "load_case(): rules takes a RuleSet"),
    "parse-case-none": (lambda c, r: k.parse_case(None), "parse_case(): text takes YAML/JSON text"),
    "parse-case-int": (lambda c, r: k.parse_case(12), "parse_case(): text takes YAML/JSON text"),
    "load-rules-int": (lambda c, r: k.load_rules(12), "load_rules(): folder takes the path"),
    "advisor-none": (lambda c, r: k.Advisor(None), "Advisor(): rules takes a RuleSet"),
    "advisor-engine": (lambda c, r: k.Advisor(r, engine="x"), "unknown rule engine 'x'"),
    "render-none": (lambda c, r: k.render(None), "render() takes an Advice"),
    "render-format": (lambda c, r: k.render(k.advise(c, r), "pdf"), "unknown output format 'pdf'"),
    "render-lang": (lambda c, r: k.render(k.advise(c, r), "text", "fr"), "unknown language 'fr'"),
    "kinds-unhashable": (lambda c, r: k.advise(c, r, kinds=[["permit"]]), "advise(): kinds takes a list of program "
                         "kinds (text), got a list holding list"),
    "advisor-closed": (lambda c, r: _closed(r).advise(c), "advise(): this Advisor is closed"),
    "parse-deep-mapping": (lambda c, r: k.parse_case(_with(c, ("metadata", "kecamatan"), _deep(100_000)), rules=r),
                           "the document is nested too deeply"),
    "parse-self-holding-mapping": (lambda c, r: k.parse_case(_holding_itself(c), rules=r),
                                   "the document is nested too deeply"),
    "parse-shared-lists": (lambda c, r: k.parse_case(_with(c, ("metadata", "kecamatan"), _shared(40)), rules=r),
                           "the document expands to more than 1,000,000 values"),
    # a mapping given to parse_case: numbers too long for Python to write, nesting deeper than any case
    "kinds-none-inside": (lambda c, r: k.advise(c, r, kinds=[None]), "advise(): kinds takes a list of program "
                          "kinds (text), got a list holding None"),
    "constructed-case": (lambda c, r: k.advise(c.model_copy(update={"problems": None}), r),
                         "advise(): the Case does not pass validation"),
    "constructed-empty-case": (lambda c, r: k.advise(k.Case.model_construct(), r),
                               "advise(): the Case does not pass validation"),
    "render-format-list": (lambda c, r: k.render(k.advise(c, r), ["text"]), "render(): fmt takes a format name"),
    "constructed-advice": (lambda c, r: k.render(k.advise(c, r).model_copy(update={"recommendations": None}), "text"),
                           "render(): the Advice does not pass validation"),
    "explain-no-rules": (lambda c, r: _explain()(c, None, "OSS-NIB"), "explain(): rules takes a RuleSet"),
    "explain-program-int": (lambda c, r: _explain()(c, r, 12), "explain(): program takes a catalogue program id"),
    "explain-case-none": (lambda c, r: _explain()(None, r, "OSS-NIB"), "explain(): case takes a Case"),
    "many-none": (lambda c, r: list(_batch().advise_many(None)), "advise_many(): cases_or_paths takes a list"),
    "many-one-path": (lambda c, r: list(_batch().advise_many(str(MINI_CASE))), "put the one path in a list"),
    "many-object": (lambda c, r: list(_batch().advise_many([object()])), "advise_many(): input 0 takes a case file"),
    "many-jobs-text": (lambda c, r: list(_batch().advise_many([c], jobs="2")), "advise_many(): jobs takes a whole"),
    "many-jobs-bool": (lambda c, r: list(_batch().advise_many([c], jobs=True)), "advise_many(): jobs takes a whole"),
    "many-jobs-million": (lambda c, r: list(_batch().advise_many([c], jobs=10**6)), "jobs must be at most"),
    "many-kinds-none-inside": (lambda c, r: list(_batch().advise_many([c], kinds=[None])),
                               "advise_many(): kinds takes a list of program kinds (text), got a list holding None"),
    "many-kinds-text": (lambda c, r: list(_batch().advise_many([c], kinds="permit")), "kinds takes a list"),
    "many-rules-int": (lambda c, r: list(_batch().advise_many([c], rules=5)), "advise_many(): rules takes a rule-set"),
    "demand-none": (lambda c, r: _batch().demand(None), "demand(): advices takes a list"),
    "demand-ints": (lambda c, r: _batch().demand([1, 2]), "demand(): advices[0] takes an Advice"),
    "demand-taxonomy": (lambda c, r: _batch().demand([], taxonomy=5), "demand(): taxonomy takes a rule set's"),
    "parse-huge-int": (lambda c, r: k.parse_case(_with(c, ("profile", "households"), 10**5000), rules=r),
                       "profile.households: must be at most 10000000, got a number of more than 1,000 digits"),
    "parse-huge-int-text": (lambda c, r: k.parse_case(_with(c, ("metadata", "rw"), 10**5000), rules=r),
                            "metadata.rw: expected text, got a number of more than 1,000 digits"),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_misuse_is_a_usage_error_with_a_sentence(name: str, case: Any, rules: Any) -> None:
    call, message = CALLS[name]
    with pytest.raises(k.KkbError) as caught:
        call(case, rules)
    assert message in str(caught.value)


def test_a_limit_of_one_is_honoured(case: Any, rules: Any) -> None:
    assert len(k.advise(case, rules, limit=1).recommendations) <= 1
