"""Writing output files without ever losing what was there: atomic replace, no silent overwrite, no partial file.

- An output that is one of the run's inputs (the case, any file of the rule set) is refused, even with ``force``.
- ``force`` replaces regular files only: a device, FIFO, socket or folder is refused.
- A symbolic link is followed: the rule applies to the file it points to, which is replaced; the link stays.
- A new file gets the permissions of the umask (0644 under umask 022), like any Unix tool; a replaced file keeps
  its own permissions.
- Every OS error (permission, missing folder, name too long, no space, file too large) is a UsageError naming the
  path, and leaves neither a partial output nor a temporary file behind.
- Several files (``write_outputs``) are written all or none: every temporary file first, then the renames.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import Problem, Text, UsageError

__all__ = ["make_folder", "os_reason", "write_output", "write_outputs"]

_WHY = {
    errno.EACCES: Text("permission denied", "izin ditolak"),
    errno.EPERM: Text("permission denied", "izin ditolak"),
    errno.EROFS: Text("the file system is read-only", "sistem berkas hanya-baca"),
    errno.ENAMETOOLONG: Text("the file name is too long", "nama berkas terlalu panjang"),
    errno.ENOSPC: Text("no space left on the disk", "ruang disk habis"),
    errno.EDQUOT: Text("the disk quota is used up", "kuota disk habis"),
    errno.EFBIG: Text("the file would be larger than this system allows", "berkas melebihi batas ukuran sistem"),
    errno.ENOTDIR: Text("a part of the path is a file, not a folder", "sebagian jalur berupa berkas, bukan folder"),
    errno.ENOENT: Text("the folder does not exist", "folder tidak ada"),
    errno.EEXIST: Text("a file or link of that name is in the way",
                       "ada berkas atau tautan bernama itu yang menghalangi"),
    errno.ELOOP: Text("the path has a loop of symbolic links", "jalurnya berisi lingkaran tautan simbolik"),
}
_HINT = Text("nothing was written; choose another output path, or free the space and try again",
             "tidak ada yang ditulis; pilih jalur keluaran lain, atau kosongkan ruang lalu coba lagi")


def _refuse(target: Path, message: Text, hint: Text) -> UsageError:
    return UsageError(Problem(str(target), "", message, hint))


def os_reason(exc: OSError) -> Text:
    """Why an OS error stopped a write, in both languages ("no space left on the disk", ...)."""
    return _WHY.get(exc.errno or 0) or Text(f"cannot write ({exc.strerror or type(exc).__name__})",
                                            f"tidak dapat ditulis ({exc.strerror or type(exc).__name__})")


def _os_error(target: Path, exc: OSError) -> UsageError:
    return _refuse(target, os_reason(exc), _HINT)


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), else read and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def _same_file(target: Path, source: Path | str) -> bool:
    try:
        return target.resolve() == Path(source).resolve() or os.path.samefile(target, source)
    except OSError:
        return False


def make_folder(path: Path) -> None:
    """Create the folder ``path`` (and its parents) unless it is there; an OS error is a UsageError naming it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(path, exc) from None


def write_output(path: Path | str, data: str | bytes, *, force: bool = False,
                 inputs: Iterable[Path | str] = ()) -> None:
    """Write ``data`` to ``path`` atomically (a crash leaves the old file or none, never half of one).

    Refuses one of ``inputs`` (always), any existing file unless ``force``, and anything but a regular file.
    """
    write_outputs([(path, data)], force=force, inputs=inputs)


def write_outputs(files: Sequence[tuple[Path | str, str | bytes]], *, force: bool = False,
                  inputs: Iterable[Path | str] = ()) -> None:
    """Write several files at once, each atomically, and all or none: every file is checked as write_output
    checks it and written to a temporary file beside it (fsynced) first; only when all are written are they put
    in place (a rename each, which needs no space). Any error before that changes nothing and leaves no
    temporary file; the error names the file it concerns."""
    sources = list(inputs)
    checked = [(Path(path), *_check(Path(path), force, sources), data) for path, data in files]
    staged: list[tuple[Path, str, Path]] = []
    try:
        for given, target, mode, data in checked:
            staged.append((given, _stage(given, target, mode, data), target))
        while staged:
            given, tmp, target = staged[0]
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _os_error(given, exc) from None
            staged.pop(0)
    finally:  # an error or Ctrl-C: the temporary files not put in place go
        for _, tmp, _ in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _check(given: Path, force: bool, inputs: Sequence[Path | str]) -> tuple[Path, int]:
    """The file to write for ``given`` (a link's target) and the permissions it gets, or the UsageError refusing it."""
    target = given
    try:
        if stat.S_ISLNK(os.lstat(given).st_mode):  # a link: the rules apply to the file it points to
            target = given.resolve()
        info: os.stat_result | None = os.stat(target)
    except RuntimeError:  # a symbolic link loop (Path.resolve up to Python 3.12)
        raise _os_error(given, OSError(errno.ELOOP, os.strerror(errno.ELOOP))) from None
    except FileNotFoundError:
        info = None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise _refuse(given, Text(f"{target.parent} is a file, not a folder",
                                      f"{target.parent} adalah berkas, bukan folder"),
                          Text("give a path inside an existing folder",
                               "beri jalur di dalam folder yang ada")) from None
        raise _os_error(given, exc) from None
    if info is not None:
        if any(_same_file(target, source) for source in inputs):
            raise _refuse(given, Text("this is an input file of this run (the case or a file of the rule set); "
                                      "refusing to overwrite it, even with --force",
                                      "ini berkas masukan proses ini (berkas kasus atau berkas set aturan); tidak "
                                      "akan ditimpa, juga dengan --force"),
                          Text("choose another output name", "pilih nama keluaran lain"))
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(given, Text("is a folder", "adalah folder"),
                          Text("give a file name for the output", "beri nama berkas untuk keluaran"))
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(given, Text("is not a regular file (a device, pipe or socket); refusing to replace it, "
                                      "even with --force", "bukan berkas biasa (perangkat, pipa atau soket); tidak "
                                      "akan diganti, juga dengan --force"),
                          Text("write to a regular file, or leave out -o to write to standard output",
                               "tulis ke berkas biasa, atau tanpa -o untuk menulis ke keluaran standar"))
        if not force:
            raise _refuse(given, Text("the file exists; refusing to overwrite it", "berkas sudah ada; tidak ditimpa"),
                          Text("add --force to replace it", "tambahkan --force untuk menggantinya"))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        what = (Text(f"{folder} is a file, not a folder", f"{folder} adalah berkas, bukan folder") if folder.exists()
                else Text(f"the folder {folder} does not exist", f"folder {folder} tidak ada"))
        raise _refuse(given, what, Text("create the folder first, or give another path",
                                        "buat foldernya dulu, atau beri jalur lain"))
    return target, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()


def _stage(given: Path, target: Path, mode: int, data: str | bytes) -> str:
    """``data`` in a new temporary file beside ``target`` (its permissions ``mode``), flushed to the disk; its
    path. An OS error is a UsageError naming ``given``, and leaves no temporary file."""
    folder = target.parent if str(target.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kkb-", suffix=".tmp", dir=folder)  # short: the target's name may be long
    except OSError as exc:
        raise _os_error(given, exc) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _os_error(given, exc) from None
        raise
    return tmp
