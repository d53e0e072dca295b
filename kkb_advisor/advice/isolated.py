"""A computation run in a forked child process, so that the memory durable_rules never gives back goes with it.

Locating an engine refusal the checks do not model (advice/engine.py, ``_Durable._located``) compiles, and for a
case also runs, one probe rule set per step of a bisection. Every probe the engine refuses keeps its C memory for
the life of the process (about 1 MB a probe): a ruleset that failed to compile has no handle to free, and one whose
session failed cannot be deleted safely (durable_rules then frees memory it does not own). In a child process that
memory is returned when the child exits; only the answer, a small JSON value, comes back through a pipe. The first
compile of a durable_rules definition not yet known to pass is tried the same way (advice/engine.py
``_Durable._tried``), so a definition the engine refuses never reaches this process, and so is every session of a
ruleset after one has failed (``_Durable._run_isolated``).

Where fork is unavailable, where other threads run (a fork copies no thread, and a lock one of them holds would
never be released in the child), or when the child fails for any reason, the computation runs in this process:
the same answer, with the leak.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["forkable", "isolated"]


def forkable() -> bool:
    """Can a computation run in a forked child here and now (fork exists, no other thread runs)?"""
    return hasattr(os, "fork") and threading.active_count() == 1


def isolated(compute: Callable[[], Any]) -> Any:
    """``compute()``, run in a forked child when that is safe, else here. Its answer must survive a JSON round trip
    (numbers, text, lists, dicts: a tuple comes back as a list)."""
    if not forkable():
        return compute()
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process left to fork (a limit): do it here
        os.close(read)
        os.close(write)
        return compute()
    if pid == 0:  # the child: compute, write the answer, leave without any of the parent's clean-up or output
        status = 1
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent too, which ends the child
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            answer = json.dumps(compute()).encode("utf-8")
            with os.fdopen(write, "wb") as pipe:
                pipe.write(answer)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            answer = pipe.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C or SIGTERM while waiting: the child goes too
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    if status == 0 and answer:
        try:
            return json.loads(answer)
        except ValueError:
            pass
    return compute()
