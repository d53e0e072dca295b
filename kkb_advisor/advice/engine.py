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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, RuleSetError, Text, UsageError
from ..model.ruleset import RuleSet
from ..rules.compiler import CompiledRuleSet, EngineRule
from ..rules.durable import HAS, SENTINEL, engine_json, fields_used, member_key, memberships, to_durable
from ..rules.evaluator import Evaluator
from ..rules.fields import Fact
from ..rules.network import first_failing
from .deferred import deferred_signals
from .isolated import isolated

__all__ = ["ENGINES", "Engine", "Firing", "durable_available", "engine_choice"]

ENGINES = ("durable_rules", "python")

_RULE_NAME = re.compile(r'\{"([A-Za-z0-9_]+)":\{')
# a bound fact as the engine echoes it: "a<i>":{"sid": "<sid>", "id": "<id>" (ids never contain quotes)
_BOUND_ID = re.compile(r'"a(\d+)":\{"sid": "[^"]*", "id": "([^"\\]*)"')
_ENGINE_ERRORS = {
    "303": "one fact passes more of the rule set's tests at once than the rule engine can follow (its matcher keeps "
           "at most 64 pending tests)",
    "304": "one fact matches more rules at once than the rule engine can hold",
}
_ENGINE_ERRORS_ID = {
    "303": "satu fakta lolos lebih banyak uji sekaligus daripada yang dapat diikuti mesin aturan (paling banyak 64 "
           "uji tertunda)",
    "304": "satu fakta cocok dengan lebih banyak aturan sekaligus daripada yang dapat ditampung mesin aturan",
}


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
    """Owns one durable_rules ruleset handle (of all the compiled rules, or of ``only`` those: a probe that locates
    an engine refusal, advice/engine.py _locate)."""

    def __init__(self, compiled: CompiledRuleSet, only: Sequence[EngineRule] | None = None) -> None:
        self.compiled = compiled
        self._dre = _dre()
        rules = compiled.rules if only is None else tuple(only)
        self._rules = rules
        self._probe = only is not None
        self._order = {r.name: i for i, r in enumerate(rules)}
        self._by_name = {r.name: r for r in rules}
        self._used = fields_used(rules)
        self._members = memberships(rules)
        self._lock = threading.Lock()
        self._sessions = itertools.count(1)
        # the compiler made the definition of all the rules already; a probe's subset is made here
        self._definition = compiled.durable if only is None and compiled.durable else engine_json(
            to_durable(rules), sort_keys=True)
        self._handle: int | None = self._create()

    def _create(self) -> int:
        try:
            with deferred_signals():
                handle: int = self._dre.create_ruleset(f"kkb_{uuid.uuid4().hex}", self._definition)
        except self._dre.error as exc:
            if self._probe:
                raise _Refused(str(exc)) from None
            # rules/durable.py checks every limit we know of before this point: an engine that still refuses is
            # located by trying prefixes of the compiled rules
            raise RuleSetError(self._located(str(exc), None)) from None
        return handle

    def _located(self, error: str, facts: list[Fact] | None) -> Problem:
        """The engine's refusal (``error``) as a problem naming the rule whose addition makes the engine refuse the
        rule set (``facts`` None) or fail on this case's facts."""
        def fails(prefix: Sequence[str]) -> bool:
            try:
                probe = _Durable(self.compiled, [self._by_name[n] for n in prefix])
            except _Refused:
                return True
            if facts is None:
                probe.close()
                return False
            try:
                probe.run(facts)
            except _Refused:
                return True  # the probe's session is abandoned with its handle, as after any engine error
            probe.close()
            return False

        names = [r.name for r in self._rules]
        # the probes run in a child process: the memory of every probe the engine refuses goes with it
        rule = self._by_name[names[isolated(lambda: first_failing(names, fails))]] if names else None
        return _engine_problem(self.compiled.ruleset, rule, error, facts is not None)

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                with deferred_signals():
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
        """Only the fields some rule tests go into the engine: smaller facts, smaller firing messages. A list tested
        for members becomes its members object (``places:has``: {member_key: true} for the members rules name)."""
        kind = fact["t"]
        used = self._used.get(kind, {})
        out: Fact = {"sid": sid, "id": fact["id"], "t": kind}
        for name, subs in used.items():
            if name not in fact:
                continue
            value = fact[name]
            if subs is not None and isinstance(value, dict):
                value = {k: v for k, v in value.items() if k in subs}
            out[name] = value
        for name, wanted in self._members.get(kind, {}).items():
            value = fact.get(name)
            if isinstance(value, list):
                present = {member_key(v) for v in value if isinstance(v, (str, int, float, bool))} & wanted
                out[f"{name}{HAS}"] = dict.fromkeys(sorted(present), True)
        return out

    def run(self, facts: list[Fact]) -> list[Firing]:
        with self._lock, deferred_signals():
            if self._handle is None:
                raise RuntimeError("the engine is closed")
            handle = self._handle
            sid = f"s{next(self._sessions)}"
            # facts of a kind that no rule looks at stay out of the engine
            batch = [self._project(f, sid) for f in facts if f["t"] in self._used or f["t"] in self._members]
            batch.append({"sid": sid, "id": SENTINEL, "t": SENTINEL})
            blocked: set[str] = set()
            recommended: set[str] = set()
            seen: set[tuple[str, tuple[str, ...]]] = set()
            firings: list[Firing] = []
            failed = False
            try:
                result = self._dre.assert_facts(handle, engine_json(batch))
                state = result[1]
                step: Any = self._dre.start_action_for_state(handle, state)
                while step:
                    name, bound = self._binding(step[1] if isinstance(step, tuple) else step)
                    if name != SENTINEL:
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
                self._handle = None
                if self._probe:
                    raise _Refused(str(exc)) from None
                self._handle = self._create()
                raise RuleSetError(self._located(str(exc), facts)) from None
            finally:
                if not failed:
                    try:
                        self._dre.delete_state(handle, sid)
                    except self._dre.error:  # no session was created
                        pass
            return _canonical(firings, self._order)


class _Refused(Exception):
    """A probe's engine refused (internal to locating an engine refusal)."""


def _engine_problem(ruleset: RuleSet, rule: EngineRule | None, error: str, on_case: bool) -> Problem:
    code = error.rsplit(" ", 1)[-1]
    what = _ENGINE_ERRORS.get(code, f"the rule engine failed ({error})")
    file, line, subject = ruleset.folder, 0, ""
    if rule is not None:
        subject = rule.source
        found = ruleset.rule(rule.source)
        pre = next((p for p in ruleset.prerequisites if f"needs:{p.program}>{p.needs}" == rule.source), None)
        file, line = (found.file, found.line) if found else (pre.file, pre.line) if pre else (file, line)
    where = f"rule '{subject}': " if subject else ""
    if on_case:
        message = Text(f"{where}{what} on this case; nothing was advised",
                       f"{where}{_ENGINE_ERRORS_ID.get(code, 'mesin aturan gagal')} pada kasus ini; tidak ada saran")
    else:
        message = Text(f"{where}the rule engine refused the rule set: {what}",
                       f"{where}mesin aturan menolak set aturan: {_ENGINE_ERRORS_ID.get(code, 'galat mesin')}")
    hint = Text("this rule brings the rule set past a limit of durable_rules that kkb-advisor does not check yet: "
                "simplify or split it, and report the rule set to the kkb-advisor maintainers",
                "aturan ini membawa set aturan melewati batas durable_rules yang belum diperiksa kkb-advisor: "
                "sederhanakan atau pecah aturan itu, dan laporkan set aturannya ke pengelola kkb-advisor")
    return Problem(file, f"line {line}" if line else "", message, hint, line, "engine-limit", subject)
