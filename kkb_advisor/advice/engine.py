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

from ..errors import Problem, RuleSetError, UsageError
from ..rules.cache import engine_checked, remember_engine_checked
from ..rules.compiler import CompiledRuleSet, EngineRule
from ..rules.durable import HAS, SENTINEL, engine_json, fields_used, member_key, memberships, to_durable
from ..rules.evaluator import Evaluator
from ..rules.fields import Fact
from ..rules.network import first_failing
from .availability import Availability
from .deferred import deferred_signals
from .isolated import Hung, forkable, isolated
from .refusal import engine_problem, hung_problem

__all__ = ["ENGINES", "Engine", "Firing", "check_engine", "durable_available", "engine_choice"]

CLOSED = "advise(): this Advisor is closed; make a new Advisor, or advise inside its `with` block"

ENGINES = ("durable_rules", "python")
COMPILE_TIMEOUT = 60.0  # seconds a first compile may take in its child (the bundled rule set: ~0.02 s)

_RULE_NAME = re.compile(r'\{"([A-Za-z0-9_]+)":\{')
# a bound fact as the engine echoes it: "a<i>":{"sid": "<sid>", "id": "<id>" (ids never contain quotes)
_BOUND_ID = re.compile(r'"a(\d+)":\{"sid": "[^"]*", "id": "([^"\\]*)"')


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


def check_engine(compiled: CompiledRuleSet, name: str | None = None) -> None:
    """The located RuleSetError `Engine(compiled, name)` would raise if its engine refuses the compiled rule set, or
    nothing (`rules lint`: lint passing means `advise` compiles). A definition known to pass costs nothing; any other
    is compiled in a forked child, as Engine does first."""
    if engine_choice(name) == "durable_rules":
        _Durable(compiled, create=False)


class _Python:
    """The compiled rules as generated Python (rules.evaluator): for Pythons where durable_rules does not run."""

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self._evaluator = Evaluator(compiled)
        self._order = {r.name: i for i, r in enumerate(compiled.rules)}
        self._closed = False

    def run(self, facts: list[Fact]) -> list[Firing]:
        if self._closed:
            raise UsageError(CLOSED)
        return _canonical([Firing(e.rule, e.bound) for e in self._evaluator.evaluate(facts)], self._order)

    def close(self) -> None:
        self._closed = True


class _Durable:
    """Owns one durable_rules ruleset handle (of all the compiled rules, or of ``only`` those: a probe that locates
    an engine refusal, advice/engine.py _locate)."""

    def __init__(self, compiled: CompiledRuleSet, only: Sequence[EngineRule] | None = None, *,
                 create: bool = True) -> None:
        self.compiled = compiled
        self._dre = _dre()
        rules = compiled.rules if only is None else tuple(only)
        self._rules = rules
        self._probe = only is not None
        self._order = {r.name: i for i, r in enumerate(rules)}
        self._by_name = {r.name: r for r in rules}
        self._used = fields_used(rules)
        self._members = memberships(rules)
        self._available = Availability(rules)
        self._lock = threading.Lock()
        self._sessions = itertools.count(1)
        self._refused_once = False  # a session failed: the next ones run in a child (_run_isolated)
        # the compiler made the definition of all the rules already; a probe's subset is made here
        self._definition = compiled.durable if only is None and compiled.durable else engine_json(
            to_durable(rules), sort_keys=True)
        self._handle: int | None = None
        stamp = _engine_stamp(self._dre)
        known = self._probe or engine_checked(self._definition, stamp)
        if not known and forkable():
            self._tried()
            remember_engine_checked(self._definition, stamp)
            known = True
        if create or not known:  # without fork the check is a compile here (a refusal then keeps its memory)
            self._handle = self._create()
            if not known:
                remember_engine_checked(self._definition, stamp)
        if not create:
            self.close()

    def _tried(self) -> None:
        """A definition not yet known to pass is compiled first in a forked child, which also locates a refusal:
        a definition the engine refuses never reaches this process, whose memory it would keep (a refused
        ruleset has no handle to free), and one it hangs on is stopped after `COMPILE_TIMEOUT` seconds."""
        def trial() -> list[Any]:
            try:
                handle = self._dre.create_ruleset(f"kkb_{uuid.uuid4().hex}", self._definition)
            except self._dre.error as exc:
                return [str(exc), self._culprit(None)]
            self._dre.delete_ruleset(handle)
            return []

        try:
            verdict = isolated(trial, timeout=COMPILE_TIMEOUT)
        except Hung:  # the compiler hangs on this definition: it must never run here
            raise RuleSetError(hung_problem(self.compiled.ruleset, COMPILE_TIMEOUT)) from None
        if verdict:
            error, index = verdict
            raise RuleSetError(engine_problem(self.compiled.ruleset, self._rules[index] if self._rules else None,
                                               error, False))

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

    def _culprit(self, facts: list[Fact] | None) -> int:
        """The index of the rule whose addition makes the engine refuse the rule set (``facts`` None) or fail on
        this case's facts: a bisection over prefixes of the rules, each compiled (and run) as a probe, here."""
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

        return first_failing([r.name for r in self._rules], fails) if self._rules else -1

    def _located(self, error: str, facts: list[Fact] | None) -> Problem:
        """The engine's refusal (``error``) as a problem naming the rule whose addition makes the engine refuse the
        rule set (``facts`` None) or fail on this case's facts."""
        # the probes run in a child process: the memory of every probe the engine refuses goes with it
        index = isolated(lambda: self._culprit(facts))
        rule = self._rules[index] if self._rules else None
        return engine_problem(self.compiled.ruleset, rule, error, facts is not None)

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
                raise UsageError(CLOSED)
            if self._refused_once and forkable():
                return self._run_isolated(facts)
            try:
                return self._session(facts)
            except _Refused as exc:
                if self._probe:
                    raise
                # this ruleset's sessions can fail again on the next case: from now on each runs in a child
                self._refused_once = True
                self._handle = self._create()
                raise RuleSetError(self._located(str(exc), facts)) from None

    def _run_isolated(self, facts: list[Fact]) -> list[Firing]:
        """One session in a forked child (after a first refusal at run time): a failed session's memory, which
        cannot be freed (its ruleset handle is abandoned), goes with the child, and the child locates the rule."""
        def session() -> Any:
            try:
                return [[f.rule.name, list(f.bound)] for f in self._session(facts)]
            except _Refused as exc:
                return {"error": str(exc), "index": self._culprit(facts)}

        answer = isolated(session)
        if isinstance(answer, dict):
            if self._handle is None:  # the fallback ran the session here and it failed: a fresh handle
                self._handle = self._create()
            rule = self._rules[answer["index"]] if self._rules else None
            raise RuleSetError(engine_problem(self.compiled.ruleset, rule, answer["error"], True))
        return [Firing(self._by_name[name], tuple(bound)) for name, bound in answer]

    def _session(self, facts: list[Fact]) -> list[Firing]:
        """One session on this ruleset: the firings, or _Refused when the engine fails (the handle is then
        abandoned: after an engine error the session is corrupt, and deleting it frees memory durable_rules does
        not own, the process aborts)."""
        assert self._handle is not None
        handle = self._handle
        sid = f"s{next(self._sessions)}"
        # facts of a kind that no rule looks at stay out of the engine, and so does a program's availability where
        # no rule of the program can bind all its facts (advice/availability.py)
        keep = self._available.wanted(facts)
        batch = [self._project(f, sid) for f in facts if (f["t"] in self._used or f["t"] in self._members) and (
            keep is None or f["t"] != "available" or f.get("program") in keep)]
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
            failed = True
            self._handle = None
            raise _Refused(str(exc)) from None
        finally:
            if not failed:
                try:
                    self._dre.delete_state(handle, sid)
                except self._dre.error:  # no session was created
                    pass
        return _canonical(firings, self._order)


def _engine_stamp(dre: Any) -> str:
    """What an engine-accepted marker is keyed by beside the definition: the C extension's file, size and time
    (another build of durable_rules may refuse what this one accepts)."""
    try:
        info = os.stat(dre.__file__)
        return f"accepted by durable_rules_engine\0{dre.__file__}:{info.st_size}:{info.st_mtime_ns}"
    except (OSError, AttributeError, TypeError):
        return "accepted by durable_rules_engine\0?"


class _Refused(Exception):
    """A probe's engine refused (internal to locating an engine refusal)."""
