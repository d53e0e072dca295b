"""Writing output files without ever losing what was there: atomic replace, no silent overwrite."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError

__all__ = ["write_output"]


def write_output(path: Path | str, data: str | bytes, *, force: bool = False,
                 inputs: Iterable[Path | str] = ()) -> None:
    """Write ``data`` to ``path`` atomically (a crash leaves the old file or none, never half of one).

    Refuses to overwrite one of ``inputs``, or any existing file unless ``force``.
    """
    target = Path(path)
    for source in inputs:
        try:
            if target.exists() and (target.resolve() == Path(source).resolve() or os.path.samefile(target, source)):
                raise UsageError(f"{target}: this is an input file; refusing to overwrite it; "
                                 "choose another output name")
        except OSError:
            continue
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name for the output")
    if target.exists() and not force:
        raise UsageError(f"{target}: the file exists; refusing to overwrite it; add --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{target}: the folder {folder} does not exist; create it first")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
