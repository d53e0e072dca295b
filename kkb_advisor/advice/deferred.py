"""Ctrl-C and SIGTERM held back while durable_rules' C code owns a session, then delivered as usual.

Python runs a signal's handler between two bytecodes, so a KeyboardInterrupt raised while a session is half driven
(an action started, not completed) ends in the cleanup deleting a session the C code is still using: durable_rules
then frees memory twice and the process aborts. Inside ``deferred_signals()`` SIGINT and SIGTERM are only recorded;
on leaving, the previous handlers are put back and each recorded signal is raised again, so it does exactly what
it would have done (the CLI's KeyboardInterrupt -> exit 130, SIGTERM -> exit 143), once the engine is consistent.

Only the main thread receives Python signal handlers; elsewhere this does nothing (and needs to do nothing).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["deferred_signals"]

_SIGNALS: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred_signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def record(signum: int, frame: Any) -> None:
        if signum not in pending:
            pending.append(signum)

    previous: dict[int, Any] = {}
    try:
        for signum in _SIGNALS:
            if signal.getsignal(signum) is not None:  # None: a handler set outside Python, left alone
                previous[signum] = signal.signal(signum, record)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in pending:
            signal.raise_signal(signum)
