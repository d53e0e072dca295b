"""Advising many cases: find the case files, advise on them in worker processes, yield results in input order.

Each worker process builds one ``Worker`` (the rule set loaded and compiled once) from a picklable ``Setup``; the
parent hands out small chunks of inputs and yields the outcomes in input order, holding at most a few chunks at a
time, so memory does not grow with the number of cases.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..advice.advisor import Advisor
from ..advice.isolated import forkable
from ..case.convert import CASE_SUFFIXES
from ..case.load import load_case
from ..errors import CaseError, KkbError, Problem, UsageError, check_arg, check_kinds, check_limit
from ..model.advice import Advice
from ..model.case import Case
from ..model.ruleset import RuleSet
from ..rules.load import load_rules

__all__ = ["CASE_SUFFIXES", "Outcome", "Setup", "Worker", "advise_many", "find_cases", "jsonl_line", "run_setup"]

CHUNK = 8  # cases per task sent to a worker: large enough to hide the hand-over, small enough to keep order cheap


def find_cases(inputs: Iterable[Path | str]) -> list[Path]:
    """The case files named by ``inputs``: files as given, folders searched recursively for .yaml/.yml/.json/.xlsx.

    The result is sorted (by path), each file once, so the order of results does not depend on the file system.
    """
    found: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.update(p for p in path.rglob("*")
                         if p.suffix.lower() in CASE_SUFFIXES and p.is_file() and not _hidden(p, path))
        elif path.exists():
            found.add(path)
        else:
            raise UsageError(f"{path}: no such file or folder; give case files or folders of case files")
    return sorted(found)


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


@dataclass(frozen=True)
class Setup:
    """What each worker needs to advise: picklable, so the same setup maps over any executor."""

    rules: Path | str | None = None  # a rule-set folder (default: the bundled rule set)
    kinds: tuple[str, ...] = ()
    limit: int | None = None
    fmt: str | None = None  # render each advice in the worker (an output format name), or None for the Advice
    lang: str = "id"


@dataclass
class Outcome:
    """What became of one input: its Advice (and rendering), or the problems that stopped it."""

    source: str
    case_id: str = ""
    digest: str = ""  # sha256 of the case file's bytes and the rule-set hash ("" for a Case given as an object)
    advice: Advice | None = None
    rendered: str | bytes | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def content_digest(data: bytes, ruleset_hash: str, setup: Setup) -> str:
    """The identity of an output: the case's bytes, the rule set and the options that shape the advice."""
    h = hashlib.sha256()
    for part in (ruleset_hash, "|".join(setup.kinds), str(setup.limit), str(setup.fmt), setup.lang):
        h.update(part.encode("utf-8") + b"\0")
    h.update(data)
    return h.hexdigest()


class Worker:
    """One compiled rule set, advising one input at a time. Built once per worker process."""

    def __init__(self, setup: Setup, rules: RuleSet | None = None) -> None:
        self.setup = setup
        self.rules = rules if rules is not None else load_rules(setup.rules)
        self.advisor = Advisor(self.rules)

    def close(self) -> None:
        self.advisor.close()

    def __call__(self, item: Path | str | Case) -> Outcome:
        source = str(item) if not isinstance(item, Case) else str(getattr(item, "case_id", "<a Case without an id>"))
        out = Outcome(source)
        try:
            if isinstance(item, Case):
                case = item
            else:
                case = load_case(item, self.rules)
                out.digest = content_digest(Path(item).read_bytes(), self.rules.hash, self.setup)
            advice = self.advisor.advise(case, kinds=self.setup.kinds, limit=self.setup.limit)  # checks the Case
            out.case_id = case.case_id
            if self.setup.fmt is None:
                out.advice = advice
            else:
                out.rendered = jsonl_line(advice, source) if self.setup.fmt == "jsonl" else _render(advice, self.setup)
        except KkbError as exc:
            out.problems = list(exc.problems)
        except OSError as exc:
            out.problems = [Problem(source, "", f"cannot read the file: {exc.strerror or exc}")]
        return out


def _render(advice: Advice, setup: Setup) -> str | bytes:
    from ..report import render

    return render(advice, setup.fmt or "json", setup.lang)


def jsonl_line(advice: Advice, source: str) -> str:
    """One line of `--format jsonl`: the JSON contract of ``advice`` with ``source`` (the input path) first."""
    import json

    return '{"source":' + json.dumps(source, ensure_ascii=False) + "," + advice.model_dump_json()[1:] + "\n"


_WORKER: list[Worker] = []  # set only inside a worker process, by its initializer


def _worker_signals() -> None:
    """Ctrl-C is the parent's to handle (it stops the pool); SIGTERM, which the pool sends its workers when it
    stops, ends a worker quietly: a forked worker would otherwise run the parent's handler and print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start_worker(setup: Setup) -> None:
    _worker_signals()
    _WORKER.append(Worker(setup))


def _adopt_worker(worker: Worker) -> None:
    """The initializer of a forked worker: the parent's Worker, copied with the process, not built again."""
    _worker_signals()
    _WORKER.append(worker)


def _run_chunk(items: Sequence[Path | str | Case]) -> list[Outcome]:
    worker = _WORKER[0]
    return [worker(item) for item in items]


def run_setup(setup: Setup) -> None:
    """The initializer to give an executor (``ProcessPoolExecutor(initializer=run_setup, initargs=(setup,))``)."""
    _start_worker(setup)


def advise_chunk(items: Sequence[Path | str | Case]) -> list[Outcome]:
    """Advise a chunk of inputs in a process set up by ``run_setup``: what to map over a standard executor."""
    return _run_chunk(items)


def _inputs(items: object) -> Iterator[Path | str | Case]:
    """The inputs one by one, each a case file path or a Case; a UsageError, at the first wrong one, otherwise (a
    single path given as the whole list would otherwise be read letter by letter)."""
    if isinstance(items, (str, bytes, Path, Case)) or not isinstance(items, Iterable):
        got = "None" if items is None else type(items).__name__
        raise UsageError(f"advise_many(): cases_or_paths takes a list of case files or Cases, got {got}"
                         + ("; put the one path in a list" if isinstance(items, (str, Path)) else ""))
    return _checked(items)


def _checked(items: Iterable[object]) -> Iterator[Path | str | Case]:
    for n, item in enumerate(items):
        if not isinstance(item, (str, Path, Case)):
            raise UsageError(f"advise_many(): input {n} takes a case file path or a Case, got "
                             + ("None" if item is None else type(item).__name__))
        yield item


def _chunks(items: Iterable[Path | str | Case], size: int) -> Iterator[list[Path | str | Case]]:
    chunk: list[Path | str | Case] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def max_jobs() -> int:
    """The most worker processes a run may start: 4 a core (a million would fork a million processes)."""
    return 4 * default_jobs()


def _check_main_importable() -> None:
    """Worker processes start by importing the caller's main script; a script read from standard input
    (``python -``) has none on disk, and a pool would then start, fail and restart its workers forever."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if isinstance(path, str) and not os.path.isfile(path):
        raise UsageError(f"jobs > 1 starts worker processes, which import the main script, and '{path}' is not a "
                         "file; save the script to a file, or use jobs=1")


def outcomes(items: Iterable[Path | str | Case], setup: Setup, *, jobs: int = 1,
             rules: RuleSet | None = None) -> Iterator[Outcome]:
    """Each input's Outcome, in input order, advised in ``jobs`` worker processes (1: in this process)."""
    check_arg("advise_many", "jobs", jobs, int, "a whole number of worker processes (1 or more)")
    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, got {jobs}")
    if jobs > max_jobs():
        raise UsageError(f"jobs must be at most {max_jobs()} here (4 for each of the {default_jobs()} cores), got "
                         f"{jobs}; more processes than that only wait for each other")
    items = _inputs(items)
    if jobs == 1:
        worker = Worker(setup, rules)
        try:
            for item in items:
                yield worker(item)
        finally:
            worker.close()
        return
    parent: Worker | None = None
    if _can_fork():
        # the rule set loaded and compiled once, here; each forked worker starts with a copy of it, in
        # milliseconds, instead of importing the package and building its own (about 0.3-0.5 s a worker)
        parent = Worker(setup, rules)
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_adopt_worker, initargs=(parent,))
    else:
        _check_main_importable()
        context = multiprocessing.get_context("spawn" if os.name != "posix" else "forkserver")
        pool = context.Pool(jobs, initializer=_start_worker, initargs=(setup,))
    pending: deque[multiprocessing.pool.AsyncResult[list[Outcome]]] = deque()
    try:
        for chunk in _chunks(items, CHUNK):
            pending.append(pool.apply_async(_run_chunk, (chunk,)))
            while len(pending) > 4 * jobs:  # a bounded window: memory does not grow with the number of cases
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        if parent is not None:
            parent.close()


def _can_fork() -> bool:
    """Start workers by forking this process? On Linux, when no other thread runs here (a fork copies no thread,
    and a lock one of them held would stay locked in the child). Elsewhere fork is unsafe (macOS) or absent."""
    return sys.platform.startswith("linux") and forkable()


def advise_many(cases_or_paths: Iterable[Path | str | Case], *, rules: Path | str | None = None, jobs: int = 1,
                kinds: Sequence[str] = (), limit: int | None = None) -> Iterator[tuple[str, Advice | CaseError]]:
    """Advise on many cases, lazily, in input order: ``(source, Advice)`` or ``(source, CaseError)`` for each.

    Inputs are case files or ``Case`` objects (folders: expand them with ``find_cases``). ``rules`` is a rule-set
    folder (default: the bundled rule set), loaded and compiled once per worker process.
    """
    check_arg("advise_many", "rules", rules, (str, Path, type(None)), "a rule-set folder (or None: the bundled one)")
    check_kinds("advise_many", kinds)
    check_limit("advise_many", limit)
    setup = Setup(rules=rules, kinds=tuple(kinds), limit=limit)
    for out in outcomes(cases_or_paths, setup, jobs=jobs):
        if out.advice is not None:
            yield out.source, out.advice
        else:
            yield out.source, CaseError(out.problems)
