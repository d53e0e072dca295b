"""The strict YAML loader builds most documents directly (io/loader.py _plain): always exactly what the standard
constructor builds, type for type, and the standard constructor's very error wherever that raises one."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path
from typing import Any

import pytest

from kkb_advisor.io import loader
from kkb_advisor.io.loader import StrictLoader
from tests.conftest import REPO


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (True is not 1, 1.0 is not 1), keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(map(repr, a)) == list(map(repr, b)) and all(_same(x, y) for x, y in zip(a.values(), b.values(),
                                                                                              strict=True))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _both(text: str) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """(("data", value) or ("error", type and message)) the loader's way, and the standard constructor's."""
    def run(standard: bool) -> tuple[str, Any]:
        one = StrictLoader(text)
        try:
            if standard:
                node = one.get_single_node()
                return "data", None if node is None else one.construct_document(node)
            return "data", one.get_single_data()
        except Exception as exc:  # noqa: BLE001 - the very error is what is compared
            return "error", (type(exc).__name__, str(exc))
        finally:
            one.dispose()

    return run(False), run(True)


def _check(text: str) -> None:
    ours, standard = _both(text)
    assert ours[0] == standard[0], (text, ours, standard)
    if ours[0] == "error":
        assert ours == standard, text
    else:
        assert _same(ours[1], standard[1]), (text, ours, standard)


YAML_FILES = sorted(p for p in REPO.rglob("*.y*ml") if not any(part.startswith((".git", ".venv")) for part in p.parts))


def test_every_yaml_file_of_the_repository_loads_as_the_standard_constructor_builds_it() -> None:
    assert len(YAML_FILES) > 100
    for path in YAML_FILES:
        _check(path.read_text(encoding="utf-8", errors="replace"))


def test_generated_cases_load_as_the_standard_constructor_builds_them(bundled_rules: Any) -> None:
    from tests.casegen import case_text, random_case

    rng = random.Random(5)
    for _ in range(200):
        _check(case_text(random_case(rng, bundled_rules, max_nodes=rng.choice((3, 8, 20)))))


ODD = [
    "a: 1\nb: 01\nc: 0x1F\nd: 0o17\ne: 1_000\nf: 1:30\ng: -0\nh: +5\n",
    "a: 1.5\nb: .inf\nc: -.inf\nd: .nan\ne: 1e3\nf: 6.8523015e+5\ng: 1_0.5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: False\ng: ~\nh: null\ni:\nj: ''\n",
    "d: 2018-10-24\nt: 2018-10-24 10:30:00\nz: 2018-10-24T10:30:00+07:00\nbad: 2019-02-30\n",
    "a: !!str 1\nb: !!int '3'\nc: !!float '2'\nd: !!bool 'yes'\n",
    "a: !!binary aGVsbG8=\n", "a: !!set {x, y}\n", "a: !custom 1\n", "a: !!python/object:os.system x\n",
    "a: !!omap [{x: 1}]\n", "a: !!str [x]\n", "a: !!map [x]\n", "a: !!seq {x: 1}\n",
    "a: 1\na: 2\n", "1: a\n01: b\n", "true: a\nyes: b\n", "1: a\n1.0: b\n", ".nan: a\n.nan: b\n",
    "? [a, b]\n: c\n", "? {a: 1}\n: c\n", "x: {? [a]: 1}\n",
    "base: &b {x: 1, y: 2}\nother:\n  <<: {x: 3}\n  z: 4\n", "a: {<<: [{x: 1}, {y: 2}], x: 0}\n",
    "=: a\n", "a: {=: 1}\n", "- &a 1\n- 2\n", "- a\n- [b, {c: d, e: [1, 2.5, no]}]\n- {}\n- []\n",
    "a: 'quoted: yes'\nb: \"esc \\t \\u00e9\"\nc: |\n  block\n  text\nd: >\n  folded\n  text\n",
    "[" * 70 + "]" * 70, "{a: " * 70 + "1" + "}" * 70, "- " * 30 + "x\n",
    "a: 1\n---\nb: 2\n", "just text", "42", "- 1\n- 2\n",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_documents_load_or_fail_as_the_standard_constructor_has_them(text: str) -> None:
    _check(text)


def test_too_many_values_are_refused_the_standard_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_NODES", 5)
    ours, standard = _both("a: [1, 2, 3]\nb: [4, 5, 6]\n")
    assert ours == standard == ("error", ("TooLarge", ""))
    _check("a: [1, 2]\n")


def test_the_direct_way_is_taken_for_plain_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only equal: a plain case file is built without the standard constructor (the speed-up holds)."""
    def refuse(*args: object) -> None:
        raise AssertionError("the standard constructor was used")

    monkeypatch.setattr(StrictLoader, "construct_document", refuse)
    data = StrictLoader(Path(REPO / "cases" / "kadipiro-sehati-2018.yaml").read_text(encoding="utf-8"))
    try:
        value = data.get_single_data()
    finally:
        data.dispose()
    assert isinstance(value, dict) and isinstance(value["metadata"]["date"], dt.date)


# ---------------------------------------------------------------- the standard tags, written out explicitly

TAGGED_OK = [
    ("a: !!int '3'\n", 3), ("a: !!int -0\n", 0), ("a: !!int 1_000\n", 1000), ("a: !!float '2'\n", 2.0),
    ("a: !!float 2.5\n", 2.5), ("a: !!float -.inf\n", -math.inf), ("a: !!bool 'yes'\n", True),
    ("a: !!bool False\n", False), ("a: !!null ~\n", None), ("a: !!null\n", None), ("a: !!null ''\n", None),
    ("a: !!str 4\n", "4"), ("a: !!str\n", ""), ("a: !!timestamp '2018-10-24'\n", dt.date(2018, 10, 24)),
    ("a: !!map {b: !!seq [1]}\n", {"b": [1]}), ("!!merge x: {b: 1}\nc: 2\n", {"b": 1, "c": 2}),
]


@pytest.mark.parametrize(("text", "value"), TAGGED_OK, ids=[t for t, _ in TAGGED_OK])
def test_a_standard_tag_on_a_value_it_fits_reads_as_without_it(text: str, value: Any) -> None:
    from kkb_advisor.io.documents import parse_text

    data = parse_text(text, name="t.yaml").data
    assert _same(data, value if text.startswith("!!merge") else {"a": value}), data
    _check(text)


TAGGED_BAD = [  # the value, where it is, what is wrong with it
    ("a: !!int \"x\"\n", "line 1, column 4", "!!int 'x' is not a whole number"),
    # the YAML 1.1 spellings stay refused with a tag as they stay text without one: never octal 8, hex 31, 90
    ("a: !!int 010\n", "line 1, column 4", "!!int '010' is not a whole number"),
    ("a: !!int 0x1F\n", "line 1, column 4", "!!int '0x1F' is not a whole number"),
    ("a: !!int 1:30\n", "line 1, column 4", "!!int '1:30' is not a whole number"),
    ("a: !!int 2.5\n", "line 1, column 4", "!!int '2.5' is not a whole number"),
    ("a: !!int\n", "line 1, column 4", "the tag !!int has no value"),
    ("a: !!bool ''\n", "line 1, column 4", "the tag !!bool has no value"),
    ("a: !!float x\n", "line 1, column 4", "!!float 'x' is not a decimal number"),
    ("a: !!float 1:30.5\n", "line 1, column 4", "!!float '1:30.5' is not a decimal number"),
    ("a: !!float 1e5\n", "line 1, column 4", "!!float '1e5' is not a decimal number"),
    ("a: !!bool maybe\n", "line 1, column 4", "!!bool 'maybe' is not yes or no"),
    ("a: !!bool yEs\n", "line 1, column 4", "!!bool 'yEs' is not yes or no"),
    ("a: !!null x\n", "line 1, column 4", "!!null 'x' is not empty"),
    ("a: !!timestamp x\n", "line 1, column 4", "!!timestamp 'x' is not a date"),
    ("a: !!timestamp 2019-02-30\n", "line 1, column 4",
     "'2019-02-30' is not a real date (day is out of range for month)"),
    ("a:\n  b: !!map [G1, G3]\n", "line 2, column 6", "the tag !!map needs a mapping, found a list"),
    ("a: !!map x\n", "line 1, column 4", "the tag !!map needs a mapping, found a single value"),
    ("a: !!seq {x: 1}\n", "line 1, column 4", "the tag !!seq needs a list, found a mapping"),
    ("a: !!seq x\n", "line 1, column 4", "the tag !!seq needs a list, found a single value"),
    ("a: !!int [1]\n", "line 1, column 4", "the tag !!int needs a single value, found a list"),
    ("a: !!str {x: 1}\n", "line 1, column 4", "the tag !!str needs a single value, found a mapping"),
    ("a: !!bool [x]\n", "line 1, column 4", "the tag !!bool needs a single value, found a list"),
    ("a: !!timestamp {x: 1}\n", "line 1, column 4", "the tag !!timestamp needs a single value, found a mapping"),
    ("!!int x: 1\n", "line 1, column 1", "!!int 'x' is not a whole number"),
    ("a: &x !!bool maybe\nb: *x\n", "line 1, column 4", "!!bool 'maybe' is not yes or no"),
    ("a: !!set {x}\n", "line 1, column 4", "the tag !!set is not allowed here"),
    ("a: !!omap [{x: 1}]\n", "line 1, column 4", "the tag !!omap is not allowed here"),
    ("a: !!pairs [{x: 1}]\n", "line 1, column 4", "the tag !!pairs is not allowed here"),
    ("a: !!binary aGVsbG8=\n", "line 1, column 4", "the tag !!binary is not allowed here"),
    ("a: !!merge x\n", "line 1, column 4", "the tag !!merge is not allowed here"),
]


@pytest.mark.parametrize(("text", "where", "message"), TAGGED_BAD, ids=[t for t, _, _ in TAGGED_BAD])
def test_a_standard_tag_on_a_value_it_does_not_fit_is_a_located_error(text: str, where: str, message: str) -> None:
    from kkb_advisor.errors import InputError
    from kkb_advisor.errors_id import translate
    from kkb_advisor.io.documents import parse_text

    with pytest.raises(InputError) as err:
        parse_text(text, name="t.yaml")
    (problem,) = err.value.problems
    assert (problem.location, problem.message) == (where, message)
    assert problem.hint and "indentation" not in str(problem.hint)
    assert translate(str(problem.message)) is not None and translate(str(problem.hint)) is not None
    _check(text)  # the direct way and the standard way refuse it alike
