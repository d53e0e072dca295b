"""One exception tree. Every error says which file, where in it, what is wrong and how to fix it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CaseError",
    "InputError",
    "KkbError",
    "NotSameVillage",
    "Problem",
    "RuleSetError",
    "Text",
    "UsageError",
    "check_arg",
    "check_kinds",
    "check_limit",
    "did_you_mean",
    "printable",
    "refuse_unvalidated",
    "say",
]


@dataclass(frozen=True)
class Text:
    """A message in both languages: English (``en``) and Indonesian (``id``)."""

    en: str
    id: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    @classmethod
    def of(cls, make: Callable[[str], str]) -> Text:
        """A Text made by one function of the language (for messages that quote another message)."""
        return cls(make("en"), make("id"))


Message = str | Text  # a plain str is English; its Indonesian comes from the catalogue (errors_id/)


def say(message: Message, lang: str = "en") -> str:
    """A message in ``lang``: a Text's own wording, or a plain (English) text through the Indonesian catalogue."""
    if isinstance(message, Text):
        return message.get(lang)
    if lang != "id":
        return message
    from .errors_id import indonesian  # the catalogue is read only when a message is shown in Indonesian

    return indonesian(message)


_WHERE = {"en": ("line", "column"), "id": ("baris", "kolom")}


@dataclass(frozen=True)
class Problem:
    """One mistake in one file: where it is, what is wrong, and a hint.

    ``location`` is the place as English text; when the place is a line, column and field path, those are kept too
    (``column``, ``path``), so that ``text(lang)`` can say it in either language.
    """

    file: str
    location: str
    message: Message
    hint: Message = ""
    line: int = 0  # 1-based; 0 when unknown
    code: str = ""  # what kind of mistake, for tools that sort them (e.g. lint: unknown-category, engine-limit)
    subject: str = ""  # the rule or program id the mistake is in, when there is one
    column: int = 0  # 1-based; 0 when the location is not a line and column
    path: str = ""  # the field path inside the file, e.g. problems[0].category

    def where(self, lang: str = "en") -> str:
        if self.column and self.line:
            line, column = _WHERE["en" if lang == "en" else "id"]
            return f"{line} {self.line}, {column} {self.column}" + (f" ({self.path})" if self.path else "")
        return say(self.location, lang)  # "line 19" reads "baris 19"; a field path or a sheet cell stays as it is

    def text(self, lang: str = "en") -> str:
        """The whole problem on one line: `file: where: what; hint`, in ``lang``."""
        where = self.where(lang)
        head = f"{self.file}: {where}: " if where else f"{self.file}: "
        hint = say(self.hint, lang)
        return head + say(self.message, lang) + (f"; {hint}" if hint else "")

    def __str__(self) -> str:
        return self.text("en")


class KkbError(Exception):
    """Base of every error kkb-advisor raises on purpose."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="", location="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p).lstrip(": ") for p in self.problems))


class InputError(KkbError):
    """A file the user gave cannot be used (syntax, schema or references)."""


class CaseError(InputError):
    """A case file is invalid."""


class NotSameVillage(InputError):
    """Two case files given to be compared are not FGDs of one Kampung KB (or not in the order old, new)."""


class RuleSetError(InputError):
    """A rule set (manifest, catalogue, taxonomy, rules, prerequisites, rule tests) is invalid."""


class UsageError(KkbError):
    """The command or function was called wrongly (bad option, missing file, refused overwrite)."""


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """A 'did you mean ...?' hint, or '' when nothing is close."""
    import difflib  # only on the way to an error message

    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""


# Control characters (C0 but tab, newline and the CR of a CRLF line end, DEL, C1) and the bidirectional overrides
# that reorder what a terminal shows: user text must never drive the terminal (colours, bells, cursor moves).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
                          "|\r(?!\n)")


def printable(text: str) -> str:
    """``text`` safe for a terminal or a text file: control characters shown as ``\\u001b`` escapes (the JSON
    spelling, so that JSON output stays valid JSON and reads back as the same text)."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def check_arg(func: str, name: str, value: object, types: type | tuple[type, ...], what: str) -> None:
    """Refuse a wrong type given to a public function with a UsageError that says what it takes."""
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        ok = False  # True is an int to Python, never a count or a path to us
    else:
        ok = isinstance(value, types)
    if not ok:
        got = "None" if value is None else type(value).__name__
        raise UsageError(f"{func}(): {name} takes {what}, got {got}")


# what a pydantic model made without validation (model_construct, model_copy(update=...)) raises deep inside
UNVALIDATED = (AttributeError, TypeError, KeyError, IndexError, ValueError)


def refuse_unvalidated(func: str, value: Any, make: str, exc: BaseException) -> None:
    """A UsageError when ``value`` (a pydantic model) does not pass its own validation, which pydantic's
    model_construct and model_copy(update=...) skip; nothing when it does: ``exc``, raised while using it, was then
    a fault of ours, for the caller to raise as it is. ``make``: how to make a valid one."""
    try:
        type(value).model_validate(value.model_dump())
    except UNVALIDATED as invalid:
        first = " ".join(x.strip() for x in (str(invalid).splitlines() or [type(invalid).__name__])[:3])
        raise UsageError(f"{func}(): the {type(value).__name__} does not pass validation (was it made with "
                         f"model_construct() or model_copy(update=...), which skip it?): {first[:300]}; make it "
                         f"with {make}") from exc


def check_kinds(func: str, kinds: object) -> None:
    """``kinds``: a list (any sequence but text) of program kinds, each text."""
    if isinstance(kinds, (str, bytes)) or not isinstance(kinds, Sequence):
        raise UsageError(f"{func}(): kinds takes a list of program kinds, got {type(kinds).__name__}")
    odd = [kind for kind in kinds if not isinstance(kind, str)]
    if odd:
        raise UsageError(f"{func}(): kinds takes a list of program kinds (text), got a list holding "
                         + ("None" if odd[0] is None else type(odd[0]).__name__))


def check_limit(func: str, limit: object) -> None:
    """``limit``: None (the rule set's own) or a whole number of at least 1."""
    if limit is None:
        return
    check_arg(func, "limit", limit, int, "a whole number of at least 1 (or None for the rule set's limit)")
    assert isinstance(limit, int)
    if limit < 1:
        raise UsageError(f"{func}(): limit must be at least 1, got {limit}")
