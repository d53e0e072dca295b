"""One exception tree. Every error says which file, where in it, what is wrong and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CaseError",
    "InputError",
    "KkbError",
    "NotSameVillage",
    "Problem",
    "RuleSetError",
    "Text",
    "UsageError",
    "did_you_mean",
    "say",
]


@dataclass(frozen=True)
class Text:
    """A message in both languages: English (``en``) and Indonesian (``id``)."""

    en: str
    id: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


Message = str | Text  # a plain str reads the same in both languages (English, until it is translated)


def say(message: Message, lang: str = "en") -> str:
    """A message in ``lang`` (a plain text reads the same in both)."""
    return message.get(lang) if isinstance(message, Text) else message


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
        return self.location

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
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""
