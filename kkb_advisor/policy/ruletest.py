"""Rule tests: cases (optionally edited) and what the rule set must and must not recommend for them.

The format is in docs/rule-format.md ("Rule tests"). A malformed test file, or an edit that makes its case invalid,
is a RuleSetError (bad input, exit 2); an expectation that does not hold is a failed test (exit 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from ..advice.advisor import Advisor
from ..case.load import load_case, parse_case
from ..errors import CaseError, InputError, Message, Problem, RuleSetError, Text, did_you_mean, say
from ..io.documents import Document, read_document
from ..io.validation import model_problems
from ..model.advice import Advice
from ..model.case import Case
from ..model.ruleset import RuleSet
from .edits import apply_edits

__all__ = [
    "Coverage",
    "RuleTest",
    "RuleTestResult",
    "coverage",
    "edited_case",
    "load_rule_tests",
    "render_coverage",
    "render_results",
    "run_rule_test",
    "run_rule_tests",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(_Strict):
    recommended: tuple[StrictStr, ...] = ()
    not_recommended: tuple[StrictStr, ...] = ()
    before: tuple[tuple[StrictStr, StrictStr], ...] = ()
    fired: tuple[StrictStr, ...] = ()
    not_fired: tuple[StrictStr, ...] = ()
    status: dict[StrictStr, Literal["new", "continue"]] = Field(default_factory=dict)


class RuleTestFile(_Strict):
    name: StrictStr = Field(min_length=1)
    case: StrictStr = Field(min_length=1)
    set: dict[StrictStr, Any] = Field(default_factory=dict)
    add: dict[StrictStr, list[Any]] = Field(default_factory=dict)
    remove: dict[StrictStr, list[StrictStr]] = Field(default_factory=dict)
    expect: Expect


class _TestsFile(_Strict):
    tests: tuple[dict[str, Any], ...] = Field(min_length=1)


@dataclass(frozen=True)
class RuleTest:
    """One rule test as written, with where it sits."""

    file: str
    index: int
    line: int
    spec: RuleTestFile
    case_path: Path

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def where(self) -> str:
        return f"line {self.line} (tests[{self.index}] '{self.name}')" if self.line else \
            f"tests[{self.index}] '{self.name}'"


@dataclass(frozen=True)
class RuleTestResult:
    """How one rule test fared: a sentence per failed expectation (empty when it passed)."""

    test: RuleTest
    failures: tuple[str, ...]
    fired: tuple[str, ...] = field(default=())  # rule ids (role rule) that fired for this test's case

    @property
    def passed(self) -> bool:
        return not self.failures


# ---------------------------------------------------------------- loading


def _specs(files: Iterable[Path | str], problems: list[Problem]) -> Iterable[tuple[Document, int, RuleTestFile]]:
    """Every rule test of ``files`` that reads and fits its schema (the others' problems go to ``problems``): what
    can be checked of a rule test without its rule set."""
    for name in files:
        try:
            doc = read_document(name)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        try:
            top = _TestsFile.model_validate(doc.data if doc.data is not None else {})
        except ValidationError as exc:
            problems.extend(model_problems(doc, exc, _TestsFile))
            continue
        for i, raw in enumerate(top.tests):
            try:
                yield doc, i, RuleTestFile.model_validate(raw)
            except ValidationError as exc:
                problems.extend(model_problems(doc, exc, RuleTestFile, ("tests", i)))


def rule_test_file_problems(files: Iterable[Path | str]) -> list[Problem]:
    """The problems of rule-test files that need no rule set (reading, schema): `rules lint` reports them beside
    the errors of a rule set that does not load, so that one run shows both."""
    problems: list[Problem] = []
    for _ in _specs(files, problems):
        pass
    return problems


def load_rule_tests(ruleset: RuleSet, files: Sequence[Path | str] | None = None) -> list[RuleTest]:
    """The rule tests of ``files`` (default: those the manifest lists), checked against the rule set's ids."""
    problems: list[Problem] = []
    out: list[RuleTest] = []
    for doc, i, spec in _specs(files if files is not None else ruleset.test_files, problems):
        line = (doc.locate(("tests", i)) or (0, 0))[0]
        problems.extend(_check_ids(spec, doc, i, ruleset))
        try:
            case_path = (Path(doc.name).parent / spec.case).resolve()
        except (RuntimeError, OSError, ValueError):  # a symbolic link loop, a NUL byte: reading it says which
            case_path = Path(doc.name).parent.resolve() / "case"
        allowed = (Path(ruleset.folder).resolve(), Path(doc.name).parent.resolve())
        if Path(spec.case).is_absolute() or not any(f in case_path.parents for f in allowed):
            problems.append(doc.problem(("tests", i, "case"), f"'{spec.case}' is outside the rule-set folder",
                                        "keep the cases of rule tests inside the rule set (e.g. tests/cases/)"))
            continue
        out.append(RuleTest(file=doc.name, index=i, line=line, spec=spec,
                            case_path=Path(doc.name).parent / spec.case))
    if problems:
        raise RuleSetError(problems)
    return out


def _check_ids(spec: RuleTestFile, doc: Document, i: int, ruleset: RuleSet) -> list[Problem]:
    out: list[Problem] = []
    e = spec.expect
    programs: list[tuple[str, int | str, str]] = [("recommended", j, p) for j, p in enumerate(e.recommended)]
    programs += [("not_recommended", j, p) for j, p in enumerate(e.not_recommended)]
    programs += [("before", j, p) for j, pair in enumerate(e.before) for p in pair]
    programs += [("status", p, p) for p in e.status]
    for key, j, pid in programs:
        if pid not in ruleset.programs:
            out.append(doc.problem(("tests", i, "expect", key, j), f"unknown program '{pid}'",
                                   did_you_mean(pid, ruleset.programs) or "use a program id from the catalogue",
                                   code="rule-test", subject=spec.name))
    rule_ids = [r.id for r in ruleset.rules]
    for key, ids in (("fired", e.fired), ("not_fired", e.not_fired)):
        for j, rid in enumerate(ids):
            if rid not in rule_ids:
                out.append(doc.problem(("tests", i, "expect", key, j), f"unknown rule '{rid}'",
                                       did_you_mean(rid, rule_ids) or "use a rule id of this rule set",
                                       code="rule-test", subject=spec.name))
    out += _check_categories(spec, doc, i, ruleset)
    return out


def _check_categories(spec: RuleTestFile, doc: Document, i: int, ruleset: RuleSet) -> list[Problem]:
    """A category a test's edits write (``set: {causes[C1].category: CAU.X}``, ``add: {problems: [...]}``) must be
    one of the taxonomy's, of the right kind: problems take problem categories, causes cause categories."""
    tax = ruleset.taxonomy
    written: list[tuple[tuple[Any, ...], str, object]] = []
    for key, value in spec.set.items():
        if key.endswith(".category") or key.endswith(".secondary_categories"):
            kind = "cause" if key.startswith("causes") else "problem"
            for v in value if isinstance(value, list) else [value]:
                written.append((("tests", i, "set", key), kind, v))
    for key, items in spec.add.items():
        if key in {"problems", "causes"}:
            for j, item in enumerate(items):
                if isinstance(item, dict) and "category" in item:
                    written.append((("tests", i, "add", key, j, "category"), key[:-1], item["category"]))
    out = []
    for path, kind, value in written:
        known = tax.causes if kind == "cause" else tax.problems
        if isinstance(value, str) and value not in known:
            out.append(doc.problem(path, f"unknown {kind} category '{value}'",
                                   did_you_mean(value, known) or f"use a {kind} category of the taxonomy",
                                   code="rule-test", subject=spec.name))
    return out


# ---------------------------------------------------------------- editing the case

def edited_case(test: RuleTest, ruleset: RuleSet) -> Case:
    """The case of a rule test, edits applied. A case that cannot be read or becomes invalid is a RuleSetError."""
    def fail(message: Message, hint: str = "") -> RuleSetError:
        return RuleSetError(Problem(test.file, test.where, message, hint, test.line))

    spec = test.spec
    if not (spec.set or spec.add or spec.remove):
        try:
            return load_case(test.case_path, ruleset)
        except CaseError as exc:
            bad = exc.problems[0]
            raise fail(Text.of(lambda lang: _quoted("its case is invalid", bad, lang)), "fix the case file") from None
    try:
        doc = read_document(test.case_path)
    except InputError as exc:
        unread = exc.problems[0]
        raise fail(Text.of(lambda lang: _quoted("cannot read its case", unread, lang)),
                   "the case path is relative to the test file") from None
    if not isinstance(doc.data, dict):
        raise fail(f"its case {doc.name} is not a mapping")
    try:
        edited = apply_edits(doc.data, set=spec.set, add=spec.add, remove=spec.remove)
    except ValueError as exc:
        raise fail(f"cannot edit its case: {exc}", "paths look like metadata.date or problems[P1].severity") from None
    try:
        return parse_case(edited, name=f"{doc.name} (edited)", rules=ruleset)
    except CaseError as exc:
        first = exc.problems[0]
        raise fail(Text.of(lambda lang: _quoted("the edits make its case invalid", first, lang)),
                   "change the set/add/remove edits") from None


def _quoted(what: str, problem: Problem, lang: str) -> str:
    """`what: <the case's own problem>`, both in ``lang``."""
    return f"{say(what, lang)}: {problem.text(lang).lstrip(': ')}"


# ---------------------------------------------------------------- running


def _ranks(advice: Advice) -> dict[str, float]:
    """Where each program stands: its rank in the main list or also possible; a program kept from the case's existing
    programs before every new one (rank 0); a step (prerequisite, enabler) just before the first program it serves."""
    placed = (*advice.recommendations, *advice.also_possible)
    ranks: dict[str, float] = {r.program: 0.0 for r in advice.keep}
    ranks.update({r.program: float(r.rank) for r in placed})
    for r in placed:
        for step in r.steps:
            if step.program not in ranks or ranks[step.program] > r.rank - 0.5:
                ranks[step.program] = r.rank - 0.5
    return ranks


def check_expectations(spec: RuleTestFile, advice: Advice) -> tuple[str, ...]:
    """One sentence per expectation that does not hold, in the order they are written. A program counts as
    recommended in the main list, in also possible, as a step of one of them, or kept (status continue)."""
    e = spec.expect
    ranks = _ranks(advice)
    status = {step.program: "new" for r in (*advice.recommendations, *advice.also_possible) for step in r.steps}
    status.update({r.program: r.status for r in (*advice.keep, *advice.recommendations, *advice.also_possible)})
    fired = {f.rule for f in advice.firings if f.role == "rule"}
    out: list[str] = []
    for pid in e.recommended:
        if pid not in ranks:
            out.append(f"expected {pid} to be recommended; it was not")
    for pid in e.not_recommended:
        if pid in ranks:
            out.append(f"expected {pid} not to be recommended; it was, at rank {_shown(ranks[pid])}")
    for first, second in e.before:
        missing = [p for p in (first, second) if p not in ranks]
        if missing:
            out.append(f"expected {first} before {second}; " + " and ".join(missing) +
                       (" were" if len(missing) == 2 else " was") + " not recommended")
        elif ranks[first] >= ranks[second]:
            out.append(f"expected {first} before {second}, got ranks {_shown(ranks[first])} and "
                       f"{_shown(ranks[second])}")
    for rid in e.fired:
        if rid not in fired:
            out.append(f"expected rule {rid} to fire; it did not")
    for rid in e.not_fired:
        if rid in fired:
            out.append(f"expected rule {rid} not to fire; it did")
    for pid, want in sorted(e.status.items()):
        if pid not in status:
            out.append(f"expected {pid} with status {want}; it was not recommended")
        elif status[pid] != want:
            out.append(f"expected {pid} with status {want}, got {status[pid]}")
    return tuple(out)


def _shown(rank: float) -> str:
    return "kept" if rank == 0 else str(int(rank)) if rank == int(rank) else f"a step before {int(rank + 0.5)}"


def run_rule_test(test: RuleTest, advisor: Advisor) -> RuleTestResult:
    """Run one rule test with an Advisor of its rule set."""
    advice = advisor.advise(edited_case(test, advisor.rules))
    fired = tuple(sorted({f.rule for f in advice.firings if f.role == "rule"}))
    return RuleTestResult(test=test, failures=check_expectations(test.spec, advice), fired=fired)


def run_rule_tests(ruleset: RuleSet, files: Sequence[Path | str] | None = None) -> list[RuleTestResult]:
    """Run every rule test (default: the manifest's ``tests:``), in file and test order."""
    tests = load_rule_tests(ruleset, files)
    with Advisor(ruleset) as advisor:
        return [run_rule_test(t, advisor) for t in tests]


# ---------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Coverage:
    """Which rules fired (and how many tests or cases made them fire), and which never did."""

    fired: dict[str, int]
    never: tuple[str, ...]
    tests: int
    cases: tuple[str, ...]


def coverage(ruleset: RuleSet, results: Iterable[RuleTestResult], case_files: Sequence[Path]) -> Coverage:
    """Rule coverage across the test results and the given case files (each advised as it is)."""
    counts = {r.id: 0 for r in ruleset.rules}
    n = 0
    for res in results:
        n += 1
        for rid in res.fired:
            counts[rid] += 1
    if case_files:
        with Advisor(ruleset) as advisor:
            for path in case_files:
                advice = advisor.advise(load_case(path, ruleset))
                for rid in sorted({f.rule for f in advice.firings if f.role == "rule"}):
                    counts[rid] += 1
    return Coverage(fired={k: v for k, v in counts.items() if v}, never=tuple(k for k, v in counts.items() if not v),
                    tests=n, cases=tuple(str(p) for p in case_files))


# ---------------------------------------------------------------- text


_WORDS = {  # the words of the result lines; the failures are messages (errors_id/policy.py)
    "en": ("PASS", "FAIL", "{} tests, {} passed, {} failed",
           "coverage: {} of {} rules fired across {} tests and {} cases", "  fired {:>3}x  ", "  never       "),
    "id": ("LULUS", "GAGAL", "{} uji, {} lulus, {} gagal",
           "cakupan: {} dari {} aturan berlaku di {} uji dan {} kasus", "  berlaku {:>3}x  ", "  tidak pernah  "),
}


def render_results(results: Sequence[RuleTestResult], lang: str = "en") -> str:
    """One line a test (PASS/FAIL, file:line, name), each failure under it, then the count, in ``lang``."""
    passed, failed_word, count = _WORDS["id" if lang == "id" else "en"][:3]
    lines: list[str] = []
    for res in results:
        t = res.test
        lines.append(f"{passed if res.passed else failed_word} {t.file}:{t.line} {t.name}")
        lines.extend(f"     - {say(msg, lang)}" for msg in res.failures)
    failed = sum(not r.passed for r in results)
    lines.append(count.format(len(results), len(results) - failed, failed))
    return "\n".join(lines) + "\n"


def render_coverage(cov: Coverage, ruleset: RuleSet, lang: str = "en") -> str:
    head, fired, never = _WORDS["id" if lang == "id" else "en"][3:]
    total = len(ruleset.rules)
    lines = [head.format(len(cov.fired), total, cov.tests, len(cov.cases))]
    for rule in ruleset.rules:
        if rule.id in cov.fired:
            lines.append(f"{fired.format(cov.fired[rule.id])}{rule.id}")
    for rule in ruleset.rules:
        if rule.id in cov.never:
            lines.append(f"{never}{rule.id}  ({rule.file}:{rule.line})")
    return "\n".join(lines) + "\n"
