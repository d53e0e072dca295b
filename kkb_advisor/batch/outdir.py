"""One output file per case in a folder: named from the case id, never two cases in one file, each written
atomically with a marker of what it was made from, so `--resume` can skip the cases already done."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import Problem, Text, UsageError, printable
from ..io.output import make_folder, write_output
from .run import Outcome, Setup, content_digest

__all__ = ["OutDir", "not_earlier_outputs"]

_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")  # a case id (model/case.py), so a marker names a file in here
MARKERS = ".kkb-advisor"  # beside the outputs: one small file per finished output, named by its content digest


class OutDir:
    """Where a run writes its outputs. ``done(path, digest)`` says whether ``--resume`` may skip a case."""

    def __init__(self, folder: Path, suffix: str, *, force: bool = False, inputs: Iterable[Path | str] = ()) -> None:
        """``inputs``: every file this run reads (its cases, its rule files): none is ever overwritten, not even
        with ``force`` (an output named from one case's id can be another case's file)."""
        if os.path.isfile(folder):  # os.path: False, not an error, for a name too long or a loop of links
            raise UsageError(f"{folder}: is a file; --out-dir needs a folder")
        make_folder(folder)
        make_folder(folder / MARKERS)
        self.folder, self.suffix, self.force = folder, suffix, force
        self.skipped = 0
        self.owners: dict[str, tuple[str, str]] = {}  # case id, case-folded -> (the input file, the id as written)
        self.inputs = {key for p in inputs if (key := _identity(p)) is not None}  # (device, inode), found once

    def _marker(self, digest: str) -> Path:
        return self.folder / MARKERS / digest

    def done(self, source: str, digest: str) -> bool:
        """The output of this exact content (and rule set and options) exists whole: claim its id and skip it."""
        marker = self._marker(digest)
        if not marker.is_file():
            return False
        try:
            case_id = marker.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return False  # a marker that cannot be read names no output: the case is done again
        if not _ID.fullmatch(case_id) or not (self.folder / (case_id + self.suffix)).is_file():
            return False
        return self.claim(source, case_id) is None

    def pending(self, paths: Iterable[Path], ruleset_hash: str, setup: Setup) -> Iterator[Path]:
        """The inputs whose output is not there yet, made from the same bytes, rule set and options."""
        self.skipped = 0
        for path in paths:
            try:
                digest = content_digest(path.read_bytes(), ruleset_hash, setup)
            except OSError:
                yield path  # the worker reports why it cannot be read
                continue
            if self.done(str(path), digest):
                self.skipped += 1
                continue
            yield path

    def claim(self, source: str, case_id: str) -> Problem | None:
        """Note that ``source`` names the output ``case_id``; a Problem if another input named it first. Ids that
        differ only in capitals clash too: on Windows and macOS they name one file."""
        first, was = self.owners.setdefault(case_id.casefold(), (source, case_id))
        if first == source:
            return None
        if was != case_id:
            return Problem(source, "case_id", f"the case id '{case_id}' differs only in capitals from '{was}' of "
                           f"{first}; each output is named from its case id, and some systems ignore capitals in "
                           "file names", "give every case its own case_id", path="case_id")
        return Problem(source, "case_id", f"the case id '{case_id}' is also the id of {first}; "
                       "each output is named from its case id",
                       "give every case its own case_id", path="case_id")

    def write(self, out: Outcome) -> Problem | None:
        """Write one case's output and then its marker (so a marker always names a whole output)."""
        clash = self.claim(out.source, out.case_id)
        if clash is not None:
            return clash
        assert out.rendered is not None
        try:
            rendered = printable(out.rendered) if isinstance(out.rendered, str) else out.rendered
            target = self.folder / (out.case_id + self.suffix)
            if target.is_symlink():  # the output names are this run's own: a link there would write elsewhere
                return Problem(str(target), "", Text(
                    "is a symbolic link; an output of --out-dir is never written through one, even with --force",
                    "adalah tautan simbolik; keluaran --out-dir tidak pernah ditulis melaluinya, juga dengan --force"),
                    Text("remove the link, or choose another --out-dir", "hapus tautannya, atau pilih --out-dir lain"))
            mine = _identity(target)  # an input of this run there: write_output refuses it, even with force
            write_output(target, rendered, force=self.force,
                         inputs=(out.source, target) if mine is not None and mine in self.inputs else (out.source,))
        except UsageError as exc:
            return exc.problems[0]
        if out.digest:
            write_output(self._marker(out.digest), out.case_id + "\n", force=True)
        return None



def _identity(path: Path | str) -> tuple[int, int] | None:
    """The file's (device, inode), following links; None when there is no such file."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def not_earlier_outputs(paths: list[Path], inputs: tuple[Path, ...], out_dir: Path, suffix: str) -> list[Path]:
    """The found case files, less the outputs an earlier run wrote into ``out_dir`` when a folder search reaches it
    (it is, or lies inside, an input folder): those are the files its markers name. A file named itself stays."""
    try:
        out = out_dir.resolve()
        folders = [Path(i).resolve() for i in inputs if Path(i).is_dir()]
        named = {Path(i).resolve() for i in inputs if Path(i).is_file()}
        if not any(out == f or f in out.parents for f in folders):
            return paths
        written = set()
        for marker in sorted((out_dir / MARKERS).glob("*")) if (out_dir / MARKERS).is_dir() else []:
            try:
                written.add(out / (marker.read_text(encoding="utf-8").strip() + suffix))
            except (OSError, UnicodeDecodeError):
                continue
    except (OSError, RuntimeError):
        return paths
    kept = []
    for path in paths:
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            real = path
        if real in named or real not in written:
            kept.append(path)
    return kept
