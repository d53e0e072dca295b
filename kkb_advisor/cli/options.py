"""Options shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import UsageError, printable
from ..io.output import write_output

__all__ = ["PATH", "F", "emit", "format_option", "lang_option", "load_ruleset", "message_lang_option", "output_options",
           "rules_option"]

F = TypeVar("F", bound=Callable[..., Any])


class _Path(click.Path):
    """A path argument or option: "" is refused (pathlib reads it as the current folder, so an unset shell
    variable would advise, or write into, whatever folder the command runs in)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value == "":
            self.fail("an empty path (is a shell variable unset?)", param, ctx)
        if isinstance(value, str) and "\0" in value:  # no shell passes one; a program calling us may
            self.fail("the path contains a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


PATH = _Path(path_type=Path)  # the type of every path the commands take


def rules_option(func: F) -> F:
    return click.option("--rules", "rules_dir", type=PATH, default=None, metavar="DIR",
                        help="Rule-set folder (holds ruleset.yaml). Default: the bundled rule set.")(func)


def lang_option(func: F) -> F:
    return click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
                        help="Language of the output and of the messages: Indonesian or English.")(func)


def message_lang_option(func: F) -> F:
    """`--lang` of a command whose output is messages (lint findings, test results): without it, they follow
    KKB_ADVISOR_LANG like the errors do, else Indonesian."""
    return click.option("--lang", type=click.Choice(["id", "en"]), default=None,
                        help="Language of the output and of the messages: Indonesian or English (default: "
                             "KKB_ADVISOR_LANG, else id).")(func)


def format_option(group: str, default: str) -> Callable[[F], F]:
    """`--format` with the formats the registry lists for ``group`` (report/__init__.py), each with its help."""
    from ..report import FORMATS, formats

    names = formats(group)
    return click.option("--format", "fmt", type=click.Choice(names), default=default, show_default=True,
                        help=", ".join(FORMATS[f].help for f in names) + ".")


def output_options(func: F) -> F:
    func = click.option("--force", is_flag=True, help="Replace the output file if it exists.")(func)
    return click.option("-o", "--output", type=PATH, default=None, metavar="FILE",
                        help="Write to FILE (atomically) instead of standard output.")(func)


def load_ruleset(rules_dir: Path | None) -> Any:
    from ..rules.load import load_rules

    return load_rules(rules_dir)


def emit(text: str | bytes, output: Path | None, *, force: bool, inputs: tuple[Path, ...] = (),
         rules: Any = None) -> None:
    """Echo to stdout, or write the output file atomically; never onto an input (the cases, ``rules``' files).

    Text has its control characters escaped (`\\u001b`): user text never drives the terminal, and JSON stays JSON.
    """
    if isinstance(text, str):
        text = printable(text)
    if rules is not None:
        inputs = (*inputs, *rules.source_files())
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            click.echo(text, nl=False)
        return
    if str(output) == "-":
        raise UsageError("-o -: write to standard output by leaving out -o")
    write_output(output, text, force=force, inputs=inputs)
