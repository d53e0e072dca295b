"""Run a compiled rule set on a case's facts with durable_rules, driven directly (no Host, no threads, no I/O).

One C ruleset per Engine, created under a unique name and deleted on close; one session per run, deleted after it
(unless the engine reported an error: that handle is then abandoned untouched and a fresh one compiled, because
deleting a failed session frees memory durable_rules does not own).
Facts are asserted in one batch; the agenda is then driven synchronously. `unless` rules run first (lower
salience): a rule whose `unless` fired is recorded as blocked. When a rule recommends a program, a `recommended`
fact is asserted, which can trigger prerequisite rules (forward chaining). A lock serialises runs: the C code holds
the GIL anyway, and a ruleset's sessions must not interleave.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _dre  # the C extension has no type stubs

from ..errors import Problem, RuleSetError
from ..rules.compiler import CompiledRuleSet, EngineRule, to_durable
from ..rules.fields import Fact

__all__ = ["Engine", "Firing"]

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


class Engine:
    """Owns one durable_rules ruleset handle. Use as a context manager, or call close()."""

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self.compiled = compiled
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
            handle: int = _dre.create_ruleset(f"kkb_{uuid.uuid4().hex}", self._definition)
        except _dre.error as exc:
            folder = self.compiled.ruleset.folder
            raise RuleSetError(f"{folder}: the rule engine refused the rule set ({exc})") from None
        return handle

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                _dre.delete_ruleset(self._handle)
                self._handle = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        """All firings for one case, blocked rules left out, deduplicated, in the order the engine gave them."""
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
                result = _dre.assert_facts(handle, json.dumps(batch, ensure_ascii=False))
                state = result[1]
                step: Any = _dre.start_action_for_state(handle, state)
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
                                _dre.assert_fact(handle, json.dumps(
                                    {"sid": sid, "id": f"recommended:{rule.program}", "t": "recommended",
                                     "program": rule.program}))
                    step = _dre.complete_and_start_action(handle, state)
            except _dre.error as exc:
                # After an engine error the session is corrupt: deleting it frees memory durable_rules does not own
                # (the process aborts). Abandon this ruleset handle untouched and compile a fresh one for what follows.
                failed = True
                self._handle = self._create()
                raise RuleSetError(_engine_problem(self.compiled.ruleset.folder, str(exc))) from None
            finally:
                if not failed:
                    try:
                        _dre.delete_state(handle, sid)
                    except _dre.error:  # no session was created
                        pass
            return firings


def _engine_problem(folder: str, error: str) -> Problem:
    code = error.rsplit(" ", 1)[-1]
    what = _ENGINE_ERRORS.get(code, f"the rule engine failed on this case ({error})")
    return Problem(folder, "", f"{what}; nothing was advised",
                   "the rule set has too many similar conditions on one field (e.g. thresholds on the same value): "
                   "merge those rules, and report this case to the rule set's maintainers")
