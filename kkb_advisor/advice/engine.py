"""Run a compiled rule set on a case's facts: with durable_rules where it runs, in generated Python elsewhere.

Two engines, one contract (`Engine.run` -> firings, each a compiled rule and the ids of the facts it matched):

- ``durable_rules`` (CPython 3.11 and 3.12): the C rule engine, driven directly (no Host, no threads, no I/O).
  One C ruleset per engine, created under a unique name and deleted on close; one session per run, deleted after
  it (unless the engine reported an error: that handle is then abandoned untouched and a fresh one compiled,
  because deleting a failed session frees memory durable_rules does not own). Facts are asserted in one batch; the
  agenda is then driven synchronously. `unless` rules run first (lower salience): a rule whose `unless` fired is
  recorded as blocked. When a rule recommends a program, a `recommended` fact is asserted, which can trigger
  prerequisite rules (forward chaining). A lock serialises runs: the C code holds the GIL anyway, and a ruleset's
  sessions must not interleave.
- ``python`` (every Python, the only one on 3.13+ where durable_rules does not import): the same compiled rules
  evaluated by rules.evaluator.Evaluator, generated once per rule set from the parsed conditions, with the same
  semantics (one fact per pattern, unless first, forward chaining through `recommended`). docs/engine.md says why.

Both return firings in one canonical order (compiled rule order, then matched ids), so the advice cannot depend on
which engine ran; tests/advice/test_engines.py holds them to identical advice on every bundled and generated case.
`KKB_ADVISOR_ENGINE=python|durable_rules` (or ``Advisor(rules, engine=...)``) chooses one; the default is
durable_rules where it imports.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, RuleSetError, UsageError
from ..rules.compiler import CompiledRuleSet, EngineRule, to_durable
from ..rules.evaluator import Evaluator
from ..rules.fields import Fact

__all__ = ["ENGINES", "Engine", "Firing", "durable_available", "engine_choice"]

ENGINES = ("durable_rules", "python")

_RULE_NAME = re.compile(r'\{"([A-Za-z0-9_]+)":\{')
# a bound fact as the engine echoes it: "a<i>":{"sid": "<sid>", "id": "<id>" (ids never contain quotes)
_BOUND_ID = re.compile(r'"a(\d+)":\{"sid": "[^"]*", "id": "([^"\\]*)"')
_ENGINE_ERRORS = {
    "303": "one fact of this case passes more of the rule set's tests at once than the rule engine can follow (its "
           "matcher keeps at most 64 pending tests)",
    "304": "one fact of this case matches more rules at once than the rule engine can hold",
}
_SENTINEL = "kkb_sentinel"  # never a compiled rule's name (r0, r1, ...) nor a fact kind


@dataclass(frozen=True)
class Firing:
    """A rule that fired: the engine rule and the ids of the facts bound to its patterns, in pattern order."""

    rule: EngineRule
    bound: tuple[str, ...]


def _dre() -> Any:
    """The durable_rules C extension (no type stubs), imported on first use: a command that never advises, or a
    Python where it does not import, never pays for it."""
    import durable_rules_engine

    return durable_rules_engine


@functools.cache  # a fact about this interpreter, fixed for the process
def durable_available() -> bool:
    """Does durable_rules import on this Python? (It builds on 3.13 but does not import: PyEval_CallObject.)"""
    try:
        _dre()
    except ImportError:
        return False
    return True


def engine_choice(name: str | None = None) -> str:
    """The engine to use: ``name``, else $KKB_ADVISOR_ENGINE, else durable_rules where it imports, else python."""
    name = name or os.environ.get("KKB_ADVISOR_ENGINE") or None
    if name is None:
        return "durable_rules" if durable_available() else "python"
    if name not in ENGINES:
        raise UsageError(f"unknown rule engine '{name}'; engines: {', '.join(ENGINES)} (KKB_ADVISOR_ENGINE)")
    if name == "durable_rules" and not durable_available():
        raise UsageError("the durable_rules engine does not import on this Python; use the python engine "
                         "(unset KKB_ADVISOR_ENGINE), or Python 3.11/3.12 with durable-rules installed")
    return name


def _canonical(firings: list[Firing], order: dict[str, int]) -> list[Firing]:
    return sorted(firings, key=lambda f: (order[f.rule.name], f.bound))


class Engine:
    """A compiled rule set ready to run cases, on the engine ``engine_choice(name)`` picks. ``name`` says which.
    Use as a context manager, or call close()."""

    def __init__(self, compiled: CompiledRuleSet, name: str | None = None) -> None:
        self.compiled = compiled
        self.name = engine_choice(name)
        self._impl: _Durable | _Python = _Durable(compiled) if self.name == "durable_rules" else _Python(compiled)

    def run(self, facts: list[Fact]) -> list[Firing]:
        """All firings for one case, blocked rules left out, deduplicated, in compiled rule order."""
        return self._impl.run(facts)

    def close(self) -> None:
        self._impl.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Python:
    """The compiled rules as generated Python (rules.evaluator): for Pythons where durable_rules does not run."""

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self._evaluator = Evaluator(compiled)
        self._order = {r.name: i for i, r in enumerate(compiled.rules)}
        self._closed = False

    def run(self, facts: list[Fact]) -> list[Firing]:
        if self._closed:
            raise RuntimeError("the engine is closed")
        return _canonical([Firing(e.rule, e.bound) for e in self._evaluator.evaluate(facts)], self._order)

    def close(self) -> None:
        self._closed = True


class _Durable:
    """Owns one durable_rules ruleset handle."""

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self.compiled = compiled
        self._dre = _dre()
        self._order = {r.name: i for i, r in enumerate(compiled.rules)}
        self._by_name = compiled.by_name()
        self._used = compiled.fields_used()
        self._lock = threading.Lock()
        self._sessions = itertools.count(1)
        rules = to_durable(compiled)
        # durable_rules 2.0.28 corrupts memory in delete_state() when no rule fired in the session (segfault or
        # abort, depending on the heap): a sentinel rule that always fires keeps every session safe to delete.
        rules[_SENTINEL] = {"all": [{"a0": {"t": _SENTINEL}}], "pri": 1000}
        self._definition = json.dumps(rules, ensure_ascii=False, sort_keys=True)
        self._handle: int | None = self._create()

    def _create(self) -> int:
        try:
            handle: int = self._dre.create_ruleset(f"kkb_{uuid.uuid4().hex}", self._definition)
        except self._dre.error as exc:
            folder = self.compiled.ruleset.folder
            raise RuleSetError(f"{folder}: the rule engine refused the rule set ({exc})") from None
        return handle

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._dre.delete_ruleset(self._handle)
                self._handle = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown: nothing sensible left to do
            pass

    def _binding(self, message: str) -> tuple[str, tuple[str, ...]]:
        """The rule name and the ids of the facts bound to its patterns (a0, a1, ...), from a firing message.

        The engine echoes each fact's JSON as it was asserted, so the ids are read straight from the text (the
        whole message is ~1 KB, mostly the case fact, and parsing it was most of the agenda's time); anything
        unexpected falls back to a full JSON parse.
        """
        head = _RULE_NAME.match(message)
        if head is not None:
            name = head.group(1)
            rule = self._by_name.get(name)
            want = len(rule.patterns) if rule is not None else 1
            found = {int(i): fid for i, fid in _BOUND_ID.findall(message, head.end())}
            if len(found) == want and all(i in found for i in range(want)):
                return name, tuple(found[i] for i in range(want))
        parsed = json.loads(message)
        (name, bindings), = parsed.items()
        return name, tuple(bindings[f"a{i}"]["id"] for i in range(len(bindings)))

    def _project(self, fact: Fact, sid: str) -> Fact:
        """Only the fields some rule tests go into the engine: smaller facts, smaller firing messages."""
        used = self._used.get(fact["t"], {})
        out: Fact = {"sid": sid, "id": fact["id"], "t": fact["t"]}
        for name, subs in used.items():
            if name not in fact:
                continue
            value = fact[name]
            if subs is not None and isinstance(value, dict):
                value = {k: v for k, v in value.items() if k in subs}
            out[name] = value
        return out

    def run(self, facts: list[Fact]) -> list[Firing]:
        with self._lock:
            if self._handle is None:
                raise RuntimeError("the engine is closed")
            handle = self._handle
            sid = f"s{next(self._sessions)}"
            # facts of a kind that no rule looks at stay out of the engine
            batch = [self._project(f, sid) for f in facts if f["t"] in self._used]
            batch.append({"sid": sid, "id": _SENTINEL, "t": _SENTINEL})
            blocked: set[str] = set()
            recommended: set[str] = set()
            seen: set[tuple[str, tuple[str, ...]]] = set()
            firings: list[Firing] = []
            failed = False
            try:
                result = self._dre.assert_facts(handle, json.dumps(batch, ensure_ascii=False))
                state = result[1]
                step: Any = self._dre.start_action_for_state(handle, state)
                while step:
                    name, bound = self._binding(step[1] if isinstance(step, tuple) else step)
                    if name != _SENTINEL:
                        rule = self._by_name[name]
                        if rule.role == "unless":
                            blocked.add(rule.source)
                        elif rule.source not in blocked and (name, bound) not in seen:
                            seen.add((name, bound))
                            firings.append(Firing(rule, bound))
                            if rule.program not in recommended:
                                recommended.add(rule.program)
                                self._dre.assert_fact(handle, json.dumps(
                                    {"sid": sid, "id": f"recommended:{rule.program}", "t": "recommended",
                                     "program": rule.program}))
                    step = self._dre.complete_and_start_action(handle, state)
            except self._dre.error as exc:
                # After an engine error the session is corrupt: deleting it frees memory durable_rules does not own
                # (the process aborts). Abandon this ruleset handle untouched and compile a fresh one for what follows.
                failed = True
                self._handle = self._create()
                raise RuleSetError(_engine_problem(self.compiled.ruleset.folder, str(exc))) from None
            finally:
                if not failed:
                    try:
                        self._dre.delete_state(handle, sid)
                    except self._dre.error:  # no session was created
                        pass
            return _canonical(firings, self._order)


def _engine_problem(folder: str, error: str) -> Problem:
    code = error.rsplit(" ", 1)[-1]
    what = _ENGINE_ERRORS.get(code, f"the rule engine failed on this case ({error})")
    return Problem(folder, "", f"{what}; nothing was advised",
                   "the rule set has too many similar conditions on one field (e.g. thresholds on the same value): "
                   "merge those rules, and report this case to the rule set's maintainers")
