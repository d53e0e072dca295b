"""The YAML loader every file goes through: libyaml when present, safe constructors only, no duplicate keys, and a
bound on how far aliases may expand (alias bombs); and its errors as located Problems."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import Problem

__all__ = [
    "MAX_DIGITS",
    "MAX_NODES",
    "NUMBER_HINT",
    "BaseLoader",
    "DuplicateKey",
    "Refused",
    "StrictLoader",
    "TooLarge",
    "long_number",
    "yaml_problem",
]

MAX_NODES = 1_000_000  # YAML nodes after expanding aliases (alias bombs stop here)
# digits a number in a file may have: far more than any field takes, far fewer than Python refuses to turn into
# text or back (4,300), so a number never fails in the reader or in the message that says it is too large
MAX_DIGITS = 1_000
NUMBER_HINT = "no field takes a number that large; check the value"

BaseLoader: type[yaml.SafeLoader]
try:  # libyaml is ~10x faster; fall back to the pure-Python loader where it is missing
    BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    BaseLoader = yaml.SafeLoader


class DuplicateKey(Exception):
    def __init__(self, key: str, mark: Any, first: Any) -> None:
        super().__init__(key)
        self.key, self.mark, self.first = key, mark, first


class TooLarge(Exception):
    pass


class StrictLoader(BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys and counts nodes (alias bombs)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self.may_alias = "*" in stream  # only a document with aliases can expand beyond its own size

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # `!!map [a, b]`: a tag on the wrong kind of node
            raise _wrong_kind(node, "a mapping")
        # cheap check on the raw key text first; only a suspected duplicate pays for constructing the keys
        raw = [(k.tag, k.value) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"
               and isinstance(k, yaml.ScalarNode)]
        if len(set(raw)) != len(raw):
            self._check_duplicates(node, deep)
        self._nodes += len(node.value)
        if self._nodes > MAX_NODES:
            raise TooLarge()
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def _check_duplicates(self, node: yaml.MappingNode, deep: bool) -> None:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *base` merges; explicit keys override
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # unhashable key: let the base class report it
                return
            if first is not None:
                raise DuplicateKey(str(key), key_node.start_mark, first)
            seen[key] = key_node.start_mark

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self.may_alias:
            _check_expansion(node)
        else:  # most files: built directly, and the standard way only where that meets anything unusual
            try:
                return _plain(self, node)
            except Exception:  # noqa: BLE001 - whatever it was, the standard way says it (or builds it)
                pass
        return self.construct_document(node)

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
        if not isinstance(node, yaml.SequenceNode):  # `!!seq {a: 1}`
            raise _wrong_kind(node, "a list")
        self._nodes += len(node.value)
        if self._nodes > MAX_NODES:
            raise TooLarge()
        sequence: list[Any] = super().construct_sequence(node, deep=deep)
        return sequence

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        if not isinstance(node, yaml.ScalarNode):  # `!!int [1]`, `!!str {a: 1}`
            raise _wrong_kind(node, "a single value")
        return super().construct_scalar(node)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_DEPTH = 64  # deeper than any case or rule file: left to the standard way (and its "nested too deeply")


class _Unusual(Exception):
    """Something _plain leaves to the standard constructor."""


def _plain(loader: StrictLoader, root: yaml.Node) -> Any:
    """The document exactly as ``construct_document`` builds it, for a document without aliases made of mappings,
    lists, text and the scalar types of the safe loader (numbers, yes/no, null, dates: built by the loader's own
    constructors), at most _PLAIN_DEPTH deep and MAX_NODES large, without merge keys or duplicate keys; anything else
    raises, and is then built the standard way, which also raises its located errors. Several times faster than
    the standard constructor's per-node bookkeeping (which serves aliases and recursive structures)."""
    scalars = _SCALAR_CONSTRUCTORS
    scalar, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    count = 0

    def build(node: yaml.Node, depth: int) -> Any:
        nonlocal count
        tag, kind = node.tag, type(node)
        if tag == _STR and kind is scalar:
            return node.value
        if kind is scalar:
            constructor = scalars.get(tag)
            if constructor is None:
                raise _Unusual
            return constructor(loader, node)
        if depth > _PLAIN_DEPTH:
            raise _Unusual
        count += len(node.value)
        if count > MAX_NODES:
            raise _Unusual
        if tag == _MAP and kind is mapping_node:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar:
                    raise _Unusual  # a list or mapping as a key: unhashable, or a merge
                key = build(key_node, depth + 1)
                if key in out:
                    raise _Unusual  # a duplicate (or one to overwrite, as the standard way does)
                out[key] = build(value_node, depth + 1)
            return out
        if tag == _SEQ and kind is sequence_node:
            return [build(item, depth + 1) for item in node.value]
        raise _Unusual

    return build(root, 0)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a node graph whose aliases expand it beyond MAX_NODES values, or that contains itself.

    PyYAML builds each anchored value once and shares it, so an alias bomb loads cheaply, and then explodes in
    whatever walks the data. The expanded size is counted here on the node graph (each node once, memoised).
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_NODES:
                raise TooLarge()
            continue
        if key in sizes:
            continue
        if key in open_nodes:  # an alias inside its own anchor: infinitely deep
            raise TooLarge()
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


class Refused(yaml.constructor.ConstructorError):
    """A located refusal of the loader's own, with its hint."""

    def __init__(self, message: str, hint: str, node: yaml.Node) -> None:
        super().__init__(None, None, message, node.start_mark)
        self.hint = hint


_KINDS = {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}


def _short_tag(node: yaml.Node) -> str:
    return str(node.tag).replace("tag:yaml.org,2002:", "!!")


def _wrong_kind(node: yaml.Node, wanted: str) -> Refused:
    return Refused(f"the tag {_short_tag(node)} needs {wanted}, found {_KINDS.get(type(node), 'a value')}",
                   "remove the tag: case and rule files need no tags", node)


def _refuse_tag(loader: StrictLoader, node: yaml.Node) -> Any:
    """Only the JSON-compatible types (and dates) are data here: every other tag is a located error."""
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    raise yaml.constructor.ConstructorError(None, None, f"the tag {tag} is not allowed here", node.start_mark)


# Sets, ordered maps, pairs and binary data load as Python objects no case or rule holds: refused with a location.
for _tag in ("tag:yaml.org,2002:set", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs",
             "tag:yaml.org,2002:binary"):
    StrictLoader.add_constructor(_tag, _refuse_tag)
StrictLoader.add_constructor(None, _refuse_tag)  # any unknown tag (!!python/object, !custom, ...)


def _timestamp(loader: StrictLoader, node: yaml.ScalarNode) -> Any:
    _check_written(loader, node)
    # PyYAML raises a bare ValueError for a date that does not exist (2019-02-30): give it a location
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark) from None


def _shown(value: str) -> str:
    value = value.replace("\n", " ").replace("; ", ", ")
    return value if len(value) <= 40 else value[:37] + "..."


# An explicit tag (`!!int "x"`, `!!bool maybe`, `!!int 010`) holds a value only where the value, written without
# the tag, would read as that type by itself: the very rules below for which spellings are numbers, yes/no, empty,
# dates. Anything else is refused with its location, and never read another way (010 as the octal 8).
_WRITTEN = {  # tag: (what the value must be, the hint)
    "tag:yaml.org,2002:int": ("a whole number", "write the number without the tag, in plain digits, e.g. 4"),
    "tag:yaml.org,2002:float": ("a decimal number", "write the number without the tag, e.g. 2.5"),
    "tag:yaml.org,2002:bool": ("yes or no", "write true or false without the tag"),
    "tag:yaml.org,2002:null": ("empty", "remove the tag, and for no value write nothing (or null) after the key"),
    "tag:yaml.org,2002:timestamp": ("a date", "write the date without the tag, as YYYY-MM-DD, e.g. 2018-10-24"),
}


def _check_written(loader: StrictLoader, node: yaml.Node) -> None:
    """Refuse a tagged scalar whose text is no value of its tag (only tags can bring such a pairing about)."""
    if not isinstance(node, yaml.ScalarNode):
        raise _wrong_kind(node, "a single value")
    value = str(node.value)
    spellings = _SPELLINGS[node.tag]
    if not any(rx.match(value) for rx in spellings):
        what, hint = _WRITTEN[node.tag]
        if not value:
            raise Refused(f"the tag {_short_tag(node)} has no value", hint, node)
        raise Refused(f"{_short_tag(node)} '{_shown(value)}' is not {what}", hint, node)


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


# YAML 1.1 reads 010 as the octal 8, 1:30 as the sexagesimal 90, 0x1F and 0b11 as hex and binary: an RW written
# 010 would become '8', 12 participants written 012 would be 10. Only plain decimals are numbers here; the other
# spellings stay text, as written (a count written so is then refused, with the number to write).
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_DECIMAL_FLOAT = re.compile(r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, _DECIMAL_INT if tag == _INT_TAG else _DECIMAL_FLOAT if tag == _FLOAT_TAG else rx)
            for tag, rx in resolvers]
    for first, resolvers in BaseLoader.yaml_implicit_resolvers.items()}


def long_number(written: str) -> str | None:
    """The message for a number written with more than MAX_DIGITS digits, else None."""
    digits = sum(c.isdigit() for c in written)
    return f"the number is {digits:,} digits long" if digits > MAX_DIGITS else None


# the spellings each scalar tag takes: those the implicit resolvers read as it (a whole number is a decimal too)
_SPELLINGS: dict[str, list[re.Pattern[str]]] = {}
for _resolvers in StrictLoader.yaml_implicit_resolvers.values():
    for _tag_name, _rx in _resolvers:
        if _tag_name in _WRITTEN and _rx not in _SPELLINGS.setdefault(_tag_name, []):
            _SPELLINGS[_tag_name].append(_rx)
_SPELLINGS[_FLOAT_TAG] = [*_SPELLINGS[_FLOAT_TAG], _DECIMAL_INT]


def _int(loader: StrictLoader, node: yaml.ScalarNode) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise _wrong_kind(node, "a single value")
    too_long = long_number(str(node.value))
    if too_long:
        raise yaml.constructor.ConstructorError(None, None, too_long, node.start_mark)
    _check_written(loader, node)
    return loader.construct_yaml_int(node)


def _float(loader: StrictLoader, node: yaml.ScalarNode) -> Any:
    _check_written(loader, node)
    return loader.construct_yaml_float(node)


def _bool(loader: StrictLoader, node: yaml.ScalarNode) -> Any:
    _check_written(loader, node)
    return loader.construct_yaml_bool(node)


def _null(loader: StrictLoader, node: yaml.ScalarNode) -> Any:
    _check_written(loader, node)
    return None


StrictLoader.add_constructor("tag:yaml.org,2002:int", _int)
StrictLoader.add_constructor("tag:yaml.org,2002:float", _float)
StrictLoader.add_constructor("tag:yaml.org,2002:bool", _bool)
StrictLoader.add_constructor("tag:yaml.org,2002:null", _null)

# the scalar types _plain builds, with the loader's own constructors (the timestamp's is _timestamp)
_SCALAR_CONSTRUCTORS: dict[str, Any] = {tag: StrictLoader.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp")}


def yaml_problem(name: str, text: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow (no mark: a position)
        pos = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return Problem(name, f"line {line}, column {column}", f"the control character U+{code:04X} is not allowed "
                       "in a YAML file", "remove it; inside double quotes it can be written as an escape (\\x07)",
                       line, column=column)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    where = f"line {line}, column {column}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, Refused):
        return Problem(name, where, problem, exc.hint, line, column=column)
    hint = "check the indentation and the ':' after each key"
    lines = text.splitlines()
    bad = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or ("\t" in bad and "tab" not in hint):
        problem, hint = "a tab character is used for indentation", "YAML needs spaces for indentation, not tabs"
    elif problem.startswith("the number is ") and problem.endswith(" digits long"):
        hint = NUMBER_HINT
    elif "is not a real date" in problem:
        hint = "check the day and the month; dates are YYYY-MM-DD, e.g. 2018-10-24"
    elif problem.startswith("the tag ") and problem.endswith(" is not allowed here"):
        hint = "case and rule files hold plain data (text, numbers, yes/no, dates, lists, mappings): remove the tag"
    elif "constructor" in problem and "tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        problem = f"the tag {tag} is not allowed"
        hint = "case and rule files hold plain data; tags that build objects or run code are refused"
    elif "found undefined alias" in problem or "found unknown anchor" in problem:
        hint = "define the anchor (&name) before using the alias (*name), or write the value out"
    elif "expected a single document" in str(exc):
        problem, hint = "the file holds more than one YAML document", "remove the '---' separator: one case a file"
    return Problem(name, where, problem.strip(), hint, line)
