"""The `kkb-advisor` command: a thin layer over the library. Glue only: parse options, call, render, echo.

One error boundary (``_Group.invoke`` and ``run``):
- the library's own errors become `Galat: ...` (Indonesian) or `Error: ...` (English) lines on stderr, and exit
  code 2 (1 for a failed check). Messages follow `--lang`; without it, KKB_ADVISOR_LANG (en or id), else
  Indonesian. click's usage errors and `--help` follow the same language (cli/localized.py);
- Ctrl-C exits 130 and SIGTERM 143, each with one short line; an output file is written atomically, so none is left
  half-written;
- a closed pipe (`| head`) ends the command quietly (exit 141, as a process killed by SIGPIPE);
- anything else is a bug: one line says so (exit 2), and `KKB_ADVISOR_DEBUG=1` shows the traceback.
"""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
from importlib import import_module
from typing import Any, NoReturn

import click

from .._pyversion import unsupported_message
from .._version import __version__
from .localized import Localized, error_line, lang_of, localized_error, remember_lang

__all__ = ["main", "run"]

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_PIPE = 141  # 128 + SIGPIPE
GC_EVERY = 100_000  # new objects between two garbage collections in a command-line run (run() says why)
EXIT_BUG = 2  # the input could not be handled: exit 2 like any bad input, with a line that says it is a bug


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (temporary files are removed on the way out)."""


def _interrupted(lang: str, terminated: bool) -> str:
    if terminated:
        return "Dihentikan (SIGTERM); tidak ada yang ditulis." if lang == "id" else "Terminated; nothing was written."
    return "Dibatalkan; tidak ada yang ditulis." if lang == "id" else "Interrupted; nothing was written."


# each top-level command -> the module of this package that defines it, imported only when the command runs (or
# for `--help`, which lists them all): `kkb-advisor advise` does not import the wizard, the workbook reader...
_COMMANDS = {"advise": "advise", "validate": "advise", "schema": "advise", "compare": "compare", "demand": "demand",
             "explain": "explain", "graph": "extras", "new": "extras", "convert": "extras", "rules": "rules"}


class _Group(Localized, click.Group):
    command_class = Localized
    group_class = type  # subgroups (`rules`) are made of this class too
    lazy: dict[str, str] = {}  # noqa: RUF012  (the top group's _COMMANDS; read only)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:  # import the module whose decorators add it to `main`; for an unknown
            # name all of them, so that click's "did you mean" looks among every command
            for module in [self.lazy[cmd_name]] if cmd_name in self.lazy else dict.fromkeys(self.lazy.values()):
                import_module(f"{__name__}.{module}")
        return super().get_command(ctx, cmd_name)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:  # a wrong option of the top level itself
            raise localized_error(exc, lang_of(args)) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        remember_lang(ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import KkbError, printable

        lang = remember_lang(ctx, [])
        try:
            return super().invoke(ctx)
        except KkbError as exc:
            for problem in exc.problems:
                click.echo(error_line(printable(problem.text(lang)).lstrip(": "), lang), err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, Terminated) as exc:
            click.echo(_interrupted(lang, isinstance(exc, Terminated)), err=True)
            ctx.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)
        except BrokenPipeError:
            _quiet_pipe()
        except click.ClickException as exc:
            raise localized_error(exc, lang) from None
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if os.environ.get("KKB_ADVISOR_DEBUG"):
                raise
            said = _output_failed(exc, lang)
            if said is not None:
                click.echo(error_line(said, lang), err=True)
                ctx.exit(2)
            what = f"{type(exc).__name__}: {printable(str(exc))[:200]}"
            click.echo(error_line(f"galat internal ({what}); ini bug di kkb-advisor: mohon laporkan bersama berkas "
                                  "masukannya (KKB_ADVISOR_DEBUG=1 menampilkan rinciannya)" if lang == "id" else
                                  f"internal error ({what}); this is a bug in kkb-advisor: please report it with "
                                  "the input files (KKB_ADVISOR_DEBUG=1 shows the details)", lang), err=True)
            ctx.exit(EXIT_BUG)


_OUTPUT_ERRNOS = {errno.ENOSPC: ("tidak ada ruang tersisa di perangkat", "no space left on the device"),
                  errno.EDQUOT: ("kuota disk habis", "the disk quota is used up"),
                  errno.EFBIG: ("berkas terlalu besar", "the file is too large"),
                  errno.EIO: ("galat masukan/keluaran perangkat", "a device input/output error"),
                  errno.EBADF: ("keluaran standar tertutup", "standard output is closed")}


def _output_failed(exc: BaseException, lang: str, *, command: bool = True) -> str | None:
    """The line for a write to standard output that failed (a full disk behind `> file`, a closed stdout), or None
    for another error. Files the commands write name themselves (io/output.py); an OSError without a file name and
    of one of these kinds can only come from the standard streams."""
    if not isinstance(exc, OSError) or exc.filename is not None or exc.errno not in _OUTPUT_ERRNOS:
        return None
    why = _OUTPUT_ERRNOS[exc.errno][lang == "en"]
    closed = exc.errno == errno.EBADF
    if lang == "en":  # ``command``: a command that may have -o (not --help or --version)
        return (f"standard output: cannot write ({why}); " + ("write to a file with -o FILE, or " if command else "")
                + ("leave standard output open" if closed else "free the space"))
    return (f"keluaran standar: tidak dapat ditulis ({why}); " + ("tulis ke berkas dengan -o FILE, atau " if command
                                                                 else "")
            + ("biarkan keluaran standar terbuka" if closed else "kosongkan ruang"))


class _ClosedStdout:
    """Standing in for a standard output the caller closed (`>&-`): a write is an error the boundary explains."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that what is still buffered for it cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _quiet_pipe() -> NoReturn:
    """The reader of our output went away: stop quietly, without Python's 'Exception ignored' on exit."""
    _drop_stdout()
    sys.exit(EXIT_PIPE)


def _stdout_failed(exc: OSError, lang: str, *, command: bool = True) -> NoReturn:
    """End the run over a standard output that cannot be written: one line and exit 2 (``exc`` raised again when
    it is another error)."""
    said = _output_failed(exc, lang, command=command)
    if said is None:
        raise exc
    _drop_stdout()
    click.echo(error_line(said, lang), err=True)
    sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, prog_name="kkb-advisor")
def main() -> None:
    """Turn a Kampung KB FGD case file into explained, ranked referrals to government programs."""


main.lazy = _COMMANDS


def _register() -> None:
    """Import every command module now (the command line does it for the command it runs; tests and the
    documentation scripts want them all in ``main.commands``)."""
    for module in dict.fromkeys(_COMMANDS.values()):
        import_module(f"{__name__}.{module}")


def _on_term(signum: int, frame: object) -> None:
    _stop_listening()
    raise Terminated()


def _on_int(signum: int, frame: object) -> None:
    _stop_listening()
    raise KeyboardInterrupt


def _stop_listening() -> None:
    """One Ctrl-C (or SIGTERM) is enough: more of them would interrupt the clean-up and the one-line goodbye (a
    burst of Ctrl-C otherwise ends with the process killed by the signal instead of exit 130)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def run() -> None:
    """Console entry point: refuse unsupported Pythons with a sentence, not an import error."""
    # A command's start-up (imports, the rule set, its compiled engine) makes objects that live as long as the
    # process: collecting garbage among them frees nothing, and at Python's default (a pass every 700 new objects)
    # took about a tenth of a one-case `advise`. A pass every 100,000 keeps memory bounded just the same.
    gc.set_threshold(GC_EVERY, *gc.get_threshold()[1:])
    lang = lang_of(sys.argv[1:])
    try:
        signal.signal(signal.SIGTERM, _on_term)
        signal.signal(signal.SIGINT, _on_int)
        if sys.stdout is None:  # closed by the caller: a command that writes there says so (an -o file still works)
            sys.stdout = _ClosedStdout()
        message = unsupported_message()
        if message:
            from ..errors_id import indonesian

            click.echo(error_line(indonesian(message) if lang == "id" else message, lang), err=True)
            sys.exit(2)
        main()
    except (KeyboardInterrupt, Terminated) as exc:  # before or after a command ran (start-up, exit)
        click.echo(_interrupted(lang, isinstance(exc, Terminated)), err=True)
        sys.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)
    except BrokenPipeError:
        _quiet_pipe()
    except OSError as exc:  # --help or --version to a full disk: outside any command's boundary
        _stdout_failed(exc, lang, command=False)
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_pipe()
        except OSError as exc:  # what was still buffered for a full disk
            _stdout_failed(exc, lang)
        # The process ends here: the interpreter's final garbage collections would walk every object once more
        # (~40 ms of a one-case `advise`) to free what the module teardown and the OS free anyway. Output files
        # are closed by now (io/output.py writes them atomically) and the engine by its Advisor.
        gc.freeze()
