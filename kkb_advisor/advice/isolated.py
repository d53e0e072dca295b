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
the same answer, with the leak. A child given a ``timeout`` that has not answered by then is killed and `Hung` is
raised instead: what hung in the child would hang here too (durable_rules' compiler hangs on some rule sets).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["Hung", "forkable", "isolated"]


class Hung(Exception):
    """The child computing an `isolated` answer ran past its timeout and was killed."""


def forkable() -> bool:
    """Can a computation run in a forked child here and now (fork exists, no other thread runs)?"""
    return hasattr(os, "fork") and threading.active_count() == 1


def isolated(compute: Callable[[], Any], *, timeout: float | None = None) -> Any:
    """``compute()``, run in a forked child when that is safe, else here. Its answer must survive a JSON round trip
    (numbers, text, lists, dicts: a tuple comes back as a list). ``timeout`` (seconds): a child still computing
    then is killed and `Hung` raised (only a child can be stopped: here, the computation runs to its end)."""
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
        got = _answer(read, None if timeout is None else time.monotonic() + timeout)
        if got is None:
            raise Hung(f"no answer within {timeout:g} s")
        answer = got
        _, status = os.waitpid(pid, 0)
    except BaseException:  # past the timeout, or Ctrl-C or SIGTERM while waiting: the child goes too
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


def _answer(read: int, deadline: float | None) -> bytes | None:
    """All the child writes to the pipe until it closes it; None when the deadline passes first."""
    chunks: list[bytes] = []
    with os.fdopen(read, "rb", buffering=0) as pipe:
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([pipe], [], [], left)[0]:
                    return None
            chunk = pipe.read(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
