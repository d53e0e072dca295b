"""Reading YAML and JSON safely: no code, no duplicate keys, bounded size, errors with line and column.

Parsing uses libyaml (``CSafeLoader``) when present. Line numbers for field paths are only computed when an
error needs them (``locate``), so the common path stays as fast as a plain parse.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Message, Problem, printable
from .loader import MAX_NODES, NUMBER_HINT, BaseLoader, DuplicateKey, StrictLoader, TooLarge, long_number, yaml_problem

__all__ = ["LOOP", "MAX_BYTES", "MAX_NODES", "NUL_PATH", "Document", "format_path", "is_loop", "parse_text",
           "read_bounded", "read_document"]

MAX_BYTES = 10 * 1024 * 1024  # a case or rule file larger than this is refused
# paths the system cannot open: a NUL byte (Python refuses it with a ValueError), a symbolic link that leads back to
# itself (ELOOP; Path.resolve raises RuntimeError for it up to Python 3.12)
NUL_PATH = "the path contains a NUL byte"
LOOP = "is a symbolic link that leads back to itself (a loop)"
LOOP_HINT = "point the link at a real file, or give the file's own path"


def is_loop(path: Path | str) -> bool:
    """Whether ``path`` (or a folder on the way to it) is a symbolic link in a loop."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    except ValueError:
        return False
    return False


class Document:
    """A parsed file: its data, and where each field path sits (computed on demand)."""

    def __init__(self, name: str, text: str, data: Any, *, is_yaml: bool, raw: bytes | None = None) -> None:
        self.name = name
        self.text = text
        self.data = data
        self.raw = raw  # the bytes it was read from (None when it was given as text)
        self._is_yaml = is_yaml
        self._marks: dict[tuple[Any, ...], tuple[int, int]] | None = None
        self._scalars: dict[tuple[Any, ...], str] = {}

    def locate(self, path: Sequence[Any]) -> tuple[int, int] | None:
        """(line, column), 1-based, of the value at ``path`` (or of its nearest existing parent)."""
        if self._marks is None:
            self._marks, self._scalars = _marks(self.text)
        key = tuple(path)
        while key:
            if key in self._marks:
                return self._marks[key]
            key = key[:-1]
        return None

    def written(self, path: Sequence[Any]) -> str | None:
        """The value at ``path`` as the file spells it (`1.200`, which YAML reads as 1.2), when it is a plain
        unquoted scalar; None otherwise."""
        self.locate(())
        return self._scalars.get(tuple(path))

    def problem(self, path: Sequence[Any], message: Message, hint: Message = "", *, code: str = "",
                subject: str = "") -> Problem:
        """A Problem at ``path``, located by line and column when the file allows it."""
        field = format_path(path)
        pos = self.locate(path) if path else None
        if pos is None:
            return Problem(self.name, field, message, hint, 0, code, subject, path=field)
        where = f"line {pos[0]}, column {pos[1]}" + (f" ({field})" if field else "")
        return Problem(self.name, where, message, hint, pos[0], code, subject, column=pos[1], path=field)


def format_path(path: Sequence[Any]) -> str:
    """('links', 3, 'to') -> 'links[3].to'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _marks(text: str) -> tuple[dict[tuple[Any, ...], tuple[int, int]], dict[tuple[Any, ...], str]]:
    """Map every field path to the (line, column) of its value, and every plain (unquoted) scalar to its text,
    walking the composed node tree."""
    try:
        root = yaml.compose(text, Loader=BaseLoader)
    except yaml.YAMLError:
        return {}, {}
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    scalars: dict[tuple[Any, ...], str] = {}
    stack: list[tuple[tuple[Any, ...], Any]] = [((), root)]
    budget = MAX_NODES
    while stack and budget > 0:
        path, node = stack.pop()
        budget -= 1
        if node is None:
            continue
        marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode) and not node.style:  # plain, unquoted
            scalars[path] = node.value
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                sub = (*path, key_node.value)
                marks[sub] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                stack.append((sub, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append(((*path, i), item))
    return marks, scalars


def _special(path: Path | str) -> bool:
    """Is ``path`` there, and not a regular file or a folder (a socket, a device, a pipe)?"""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def read_bounded(path: Path | str, *, max_bytes: int, kind: str = "a case or rule file is a few kilobytes",
                 what: str = "a .yaml or .json file") -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them, or an InputError that says why not.

    A FIFO, device or socket is refused at once (opened without blocking, so a FIFO with no writer cannot hang
    the run); the size is checked before reading and again while reading (a file that grows, or lies about its
    size, is cut off at the limit and refused).
    """
    name = str(path)
    if "\0" in name:
        raise InputError(Problem(printable(name), "", NUL_PATH, "check the path"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(Problem(name, "", "no such file", "check the path")) from None
    except IsADirectoryError:
        raise InputError(Problem(name, "", "is a folder, not a file", f"give the path of {what}")) from None
    except PermissionError:
        raise InputError(Problem(name, "", "permission denied", "check the file's permissions")) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(Problem(name, "", LOOP, LOOP_HINT)) from None
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP) and _special(path):  # a socket cannot be opened as a file
            raise InputError(Problem(name, "", "is not a regular file (a pipe, device or socket)",
                                     f"give the path of {what} saved on disk")) from None
        raise InputError(Problem(name, "", f"cannot read the file ({exc.strerror})", "check the path")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(Problem(name, "", "is a folder, not a file", f"give the path of {what}"))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Problem(name, "", "is not a regular file (a pipe, device or socket)",
                                     f"give the path of {what} saved on disk"))
        if info.st_size > max_bytes:
            raise InputError(Problem(name, "", f"the file is {info.st_size / 1048576:.1f} MB; the limit is "
                                     f"{_mb(max_bytes)}", f"{kind}; is this the right file?"))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise InputError(Problem(name, "", f"cannot read the file ({exc.strerror})", "check the path")) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise InputError(Problem(name, "", f"the file grew past the limit of {_mb(max_bytes)} while it was read",
                                 f"{kind}; is this the right file?"))
    return raw


def _mb(n: int) -> str:
    return f"{n // 1048576} MB" if n >= 1048576 else f"{n // 1024} kB"


def read_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a YAML or JSON file (by its extension), refusing anything unsafe with a clear error."""
    raw = read_bounded(path, max_bytes=max_bytes)
    return parse_text(raw, name=str(path), is_json=Path(path).suffix.lower() == ".json")


def _wide(raw: bytes) -> str | None:
    """'UTF-32' or 'UTF-16' when the bytes are text in that encoding (by its byte-order mark, or for UTF-16 without
    one, by the NUL byte beside every ASCII character), else None."""
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    sample = raw[:400]
    if len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) * 4 >= len(sample):
        return "UTF-16"
    return None


def _not_utf8(name: str, encoding: str) -> InputError:
    return InputError(Problem(name, "line 1, column 1", f"the file is saved as {encoding}, not UTF-8",
                              "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)", 1))


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")  # a UTF-8 byte-order mark is harmless: drop it
    except UnicodeDecodeError as exc:
        wide = _wide(raw)
        if wide:
            raise _not_utf8(name, wide) from None
        if raw.startswith(b"\xef\xbb\xbf"):  # utf-8-sig counts positions after the byte-order mark
            exc.start += 3
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            Problem(name, f"line {line}, column {column}", f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                    "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)", line)
        ) from None
    if "\x00" in text:
        wide = _wide(raw)
        if wide:
            raise _not_utf8(name, wide)
        raise InputError(Problem(name, "", "the file contains NUL bytes: it is not a text file",
                                 "give a YAML or JSON text file"))
    return text


def parse_text(raw: bytes | str, *, name: str, is_json: bool = False, max_bytes: int = MAX_BYTES) -> Document:
    """Parse YAML (or JSON) text into a Document; every failure is an InputError with a location."""
    if len(raw) > max_bytes:  # text given directly (not from a file) is held to the same limit
        raise InputError(
            Problem(name, "", f"the text is {len(raw) / 1048576:.1f} MB; the limit is {max_bytes // 1048576} MB",
                    "a case or rule file is a few kilobytes; is this the right input?"))
    text = raw if isinstance(raw, str) else _decode(raw, name)
    source = raw if isinstance(raw, bytes) else None
    if not text.strip():
        raise InputError(Problem(name, "", "the file is empty",
                                 "write the data in it (for a new case: `kkb-advisor new --template`)"))
    if is_json:
        return Document(name, text, _parse_json(text, name), is_yaml=False, raw=source)
    loader = StrictLoader(text)
    try:
        data = loader.get_single_data()
    except DuplicateKey as dup:
        line = dup.mark.line + 1
        raise InputError(
            Problem(name, f"line {line}, column {dup.mark.column + 1}",
                    f"duplicate key '{dup.key}' (first at line {dup.first.line + 1})",
                    "each key may appear once in a mapping: merge the two entries, or the first is lost", line)
        ) from None
    except TooLarge:
        raise InputError(
            Problem(name, "", f"the document expands to more than {MAX_NODES:,} values (YAML aliases?)",
                    "write the data out plainly; anchors and aliases that multiply data are refused")
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(yaml_problem(name, text, exc)) from None
    except RecursionError:
        raise InputError(Problem(name, "", "the document is nested too deeply",
                                 "a case or rule file needs only a few levels of nesting")) from None
    finally:
        loader.dispose()
    if data is None:  # only comments and blank lines (checked here, after the parse, to keep the fast path fast)
        raise InputError(Problem(name, "", "the file is empty",
                                 "write the data in it (for a new case: `kkb-advisor new --template`)"))
    return Document(name, text, data, is_yaml=True, raw=source)


class _LongNumber(Exception):
    def __init__(self, written: str, message: str) -> None:
        super().__init__(message)
        self.written, self.message = written, message


def _parse_json(text: str, name: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise DuplicateKey(key, None, None)
            out[key] = value
        return out

    def whole(written: str) -> int:
        too_long = long_number(written)
        if too_long:
            raise _LongNumber(written, too_long)
        return int(written)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=whole)
    except _LongNumber as long:  # the hook has no position: the first spelling of the number is the one
        pos = text.find(long.written)
        line = text.count("\n", 0, pos) + 1
        raise InputError(Problem(name, f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}",
                                 long.message, NUMBER_HINT, line)) from None
    except DuplicateKey as dup:
        where, line = "", 0
        found = [m.start() for m in re.finditer(re.escape(json.dumps(dup.key)) + r"\s*:", text)]
        if len(found) >= 2:  # the object hook has no positions: the second spelling of the key is the duplicate
            line = text.count("\n", 0, found[1]) + 1
            where = f"line {line}, column {found[1] - (text.rfind(chr(10), 0, found[1]) + 1) + 1}"
        raise InputError(Problem(name, where, f"duplicate key '{dup.key}'",
                                 "each key may appear once in an object: the first would be lost", line)) from None
    except RecursionError:
        raise InputError(Problem(name, "", "the document is nested too deeply",
                                 "a case or rule file needs only a few levels of nesting")) from None
    except json.JSONDecodeError as exc:
        hint = "check the JSON syntax (quotes, commas, brackets)"
        looks_yaml = exc.pos == 0 or text.lstrip()[:1] not in "{["
        if looks_yaml:
            hint = "this looks like YAML, not JSON: rename the file to .yaml"
        pos, msg = exc.pos, exc.msg
        before = text[:pos].rstrip()
        after = text[pos:].lstrip()[:1] if text[pos:pos + 1] != "," else text[pos + 1:].lstrip()[:1]
        comma = pos if text[pos:pos + 1] == "," else len(before) - 1 if before.endswith(",") else -1
        if comma >= 0 and after in {"}", "]"}:  # one wording on every Python (3.13 words this one differently)
            pos, msg = comma, "a trailing comma before the closing bracket"
            hint = "remove the comma after the last item"
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise InputError(Problem(name, f"line {line}, column {column}", f"invalid JSON: {msg}", hint,
                                 line)) from None


def as_mapping(doc: Document) -> Mapping[str, Any]:
    """The document's top level as a mapping, or an InputError."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        raise InputError(Problem(doc.name, "line 1", f"expected a mapping of keys at the top level, found {kind}",
                                 "the file starts with keys such as `schema_version:`"))
    return doc.data
