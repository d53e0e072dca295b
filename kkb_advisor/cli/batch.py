"""Glue for `advise` over several cases: where the outputs go, the progress line, errors, summary, exit codes."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO, Any

import click

from ..errors import UsageError, printable
from . import EXIT_TERMINATED, Terminated
from .localized import error_line, message_lang

__all__ = ["advise_batch"]

_SUMMARY = {"id": "{ok} selesai, {failed} gagal", "en": "{ok} advised, {failed} failed"}
_SKIPPED = {"id": ", {n} dilewati (sudah ada)", "en": ", {n} skipped (already done)"}
_STOPPED = {"id": "Dihentikan; setiap berkas yang selesai utuh: ",
            "en": "Interrupted; every finished output is whole: "}
_TERMINATED = {"id": "Dihentikan (SIGTERM); setiap berkas yang selesai utuh: ",
               "en": "Terminated; every finished output is whole: "}


class _Progress:
    """`done/total, rate, time left` on one line of stderr, only while stderr is a terminal."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.on = total > 1 and stream.isatty()
        self.start = self.last = time.monotonic()

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.on or (now - self.last < 0.2 and self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        left = (self.total - self.done) / rate if rate else 0
        self.stream.write(f"\r{self.done}/{self.total}  {rate:.1f}/s  ~{int(left) // 60}:{int(left) % 60:02d} ")
        self.stream.flush()

    def end(self) -> None:
        if self.on:
            self.stream.write("\r\033[K")
            self.stream.flush()


def advise_batch(inputs: tuple[Path, ...], rules: Any, *, rules_dir: Path | None, lang: str, fmt: str,
                 kinds: tuple[str, ...], limit: int | None, output: Path | None, force: bool,
                 out_dir: Path | None, jobs: int | None, resume: bool) -> None:
    from ..batch.outdir import OutDir, not_earlier_outputs
    from ..batch.run import Setup, default_jobs, find_cases, outcomes
    from ..io.output import write_output
    from ..report import FORMATS

    paths = find_cases(inputs)
    if out_dir is not None:  # an out-dir inside an input folder: its outputs are not cases of the next run
        paths = not_earlier_outputs(paths, inputs, out_dir, ".jsonl" if fmt == "jsonl" else FORMATS[fmt].suffix)
    if not paths:
        raise UsageError(f"{', '.join(str(p) for p in inputs)}: no case files (.yaml, .yml, .json, .xlsx) there; "
                         "give case files or folders that hold them")
    if out_dir is None and fmt != "jsonl":
        raise UsageError("several cases: add --format jsonl (one advice a line) or --out-dir DIR (a file a case)")
    if resume and out_dir is None:
        raise UsageError("--resume needs --out-dir: it skips the outputs already in that folder")
    if out_dir is not None and output is not None:
        raise UsageError("-o and --out-dir: choose one (--out-dir writes a file per case)")
    setup = Setup(rules=rules_dir, kinds=kinds, limit=limit, fmt=fmt, lang=lang)
    folder = OutDir(out_dir, ".jsonl" if fmt == "jsonl" else FORMATS[fmt].suffix, force=force or resume,
                    inputs=(*paths, *rules.source_files())) if out_dir is not None else None
    todo = folder.pending(paths, rules.hash, setup) if folder is not None and resume else iter(paths)
    said = message_lang()  # the language of the lines on stderr (the outputs follow --lang)
    lines: list[str] = []  # only with -o: written whole, atomically, at the end
    ok = failed = 0
    progress = _Progress(len(paths), sys.stderr)
    try:
        for out in outcomes(todo, setup, jobs=jobs or default_jobs(), rules=rules):
            problem = None
            if not out.ok:
                problems = out.problems
            elif folder is not None:
                problem = folder.write(out)
                problems = [problem] if problem else []
            else:
                problems = []
                assert isinstance(out.rendered, str)
                if output is None:
                    sys.stdout.write(printable(out.rendered))
                else:
                    lines.append(out.rendered)
            for p in problems:
                progress.end()
                click.echo(error_line(printable(p.text(said)).lstrip(": "), said), err=True)
            failed += bool(problems)
            ok += not problems
            progress.step()
    except (KeyboardInterrupt, Terminated) as exc:  # Ctrl-C, or SIGTERM: what finished is kept, and said
        progress.end()
        sys.stdout.flush()
        stopped = _TERMINATED if isinstance(exc, Terminated) else _STOPPED
        click.echo(stopped[said] + _SUMMARY[said].format(ok=ok, failed=failed), err=True)
        sys.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else 130)
    progress.end()
    sys.stdout.flush()
    if output is not None:
        write_output(output, printable("".join(lines)), force=force, inputs=(*paths, *rules.source_files()))
    skipped = _SKIPPED[said].format(n=folder.skipped) if folder is not None and folder.skipped else ""
    click.echo(_SUMMARY[said].format(ok=ok, failed=failed) + skipped, err=True)
    if failed:
        sys.exit(2)
