"""One exception tree. Every error says which file, where in it, what is wrong and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CaseError",
    "InputError",
    "KkbError",
    "Problem",
    "RuleSetError",
    "UsageError",
    "did_you_mean",
]


@dataclass(frozen=True)
class Problem:
    """One mistake in one file: where it is, what is wrong, and a hint."""

    file: str
    location: str
    message: str
    hint: str = ""
    line: int = 0  # 1-based; 0 when unknown (used only for ordering)
    code: str = ""  # what kind of mistake, for tools that sort them (e.g. lint: unknown-category, engine-limit)
    subject: str = ""  # the rule or program id the mistake is in, when there is one

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}: " if self.location else f"{self.file}: "
        text = where + self.message
        return f"{text}; {self.hint}" if self.hint else text


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


class RuleSetError(InputError):
    """A rule set (manifest, catalogue, taxonomy, rules, prerequisites, rule tests) is invalid."""


class UsageError(KkbError):
    """The command or function was called wrongly (bad option, missing file, refused overwrite)."""


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """A 'did you mean ...?' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""
