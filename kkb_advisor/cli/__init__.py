"""The `kkb-advisor` command: a thin layer over the library. Glue only: parse options, call, render, echo.

One error boundary (``Group.invoke``): the library's own errors become `Error: ...` lines on stderr and exit code 2
(1 for a failed check); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .._pyversion import unsupported_message
from .._version import __version__

__all__ = ["main", "run"]


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import KkbError

        try:
            return super().invoke(ctx)
        except KkbError as exc:
            for problem in exc.problems:
                text = str(problem).lstrip(": ")
                click.echo(f"Error: {text}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was written.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, prog_name="kkb-advisor")
def main() -> None:
    """Turn a Kampung KB FGD case file into explained, ranked referrals to government programs."""


def _register() -> None:
    from . import advise  # noqa: F401  (each module adds its commands to `main`)
    for name in ("rules", "explain", "extras", "demand", "compare"):
        try:
            __import__(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a command module not written yet
            if exc.name != f"{__name__}.{name}":
                raise


def run() -> None:
    """Console entry point: refuse unsupported Pythons with a sentence, not an import error."""
    message = unsupported_message()
    if message:
        click.echo(f"Error: {message}", err=True)
        sys.exit(2)
    _register()
    main()
