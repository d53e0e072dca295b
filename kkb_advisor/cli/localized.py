"""`--help` and click's own usage errors in the language of the run (`--lang`, else KKB_ADVISOR_LANG, else id).

One CLI, two languages: the commands keep their English help (docstrings and `help=`, the README's reference);
``Localized`` formats them from cli/help_id.py when the language is Indonesian. The language is read once from the
whole command line by the top group (``remember_lang``) and kept in the context's ``meta``, which every
subcommand's context shares.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any

import click

from .help_id import HELP_ID, WORDS_ID

__all__ = ["LANG_ENV", "Localized", "default_lang", "error_line", "lang_of", "localized_error", "message_lang",
           "remember_lang"]

LANG_ENV = "KKB_ADVISOR_LANG"  # en | id: the language of messages (errors, hints, --help) when --lang is not given
_META = "kkb_advisor.lang"


def default_lang() -> str:
    """The language of messages when the command line gives no `--lang`: KKB_ADVISOR_LANG, else Indonesian."""
    return "en" if os.environ.get(LANG_ENV, "").strip().lower() == "en" else "id"


def lang_of(args: Sequence[str]) -> str:
    """The `--lang` given on the command line (messages follow it), else the default."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "id"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "id"
    return default_lang()


def remember_lang(ctx: click.Context, args: Sequence[str]) -> str:
    """Keep the run's language in the context (the top group sees the whole command line first)."""
    lang: str = ctx.meta.setdefault(_META, lang_of(args))
    return lang


def _lang(ctx: click.Context) -> str:
    return str(ctx.meta.get(_META) or default_lang())


def message_lang() -> str:
    """The language of messages for the command running now (for lines a command writes to stderr itself)."""
    ctx = click.get_current_context(silent=True)
    return _lang(ctx) if ctx is not None else default_lang()


def error_line(text: str, lang: str) -> str:
    """One error line: `Galat: ...` or `Error: ...`."""
    return f"{'Galat' if lang == 'id' else 'Error'}: {text}"


def _path(ctx: click.Context) -> str:
    """The command's words after `kkb-advisor`: '' for the top level, 'rules lint'."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def _bracket(text: str) -> str:
    """click's `[default: id]` and `[required]` in Indonesian."""
    head, sep, tail = text.rpartition("  [")
    if not sep:
        return text
    for en, id_ in (("default: ", f"{WORDS_ID['default']}: "), ("required", WORDS_ID["required"])):
        tail = tail.replace(en, id_)
    return f"{head}  [{tail}"


def _short(text: str, limit: int) -> str:
    """The first sentence of ``text``, cut at a word to fit ``limit`` ("..." when cut), as click shortens help."""
    sentence = text.split(". ", 1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    words, out = sentence.split(), ""
    for word in words:
        if len(out) + len(word) + (1 if out else 0) + 3 > limit:
            break
        out = f"{out} {word}" if out else word
    return out + "..."


class Localized(click.Command):
    """A command whose help is written in the run's language (the English stays in the code)."""

    def help_id(self, ctx: click.Context, name: str = "") -> str | None:
        """The Indonesian of the command's text (``name`` empty) or of its option ``name``, if the table has it."""
        return HELP_ID.get((_path(ctx), name)) or (HELP_ID.get(("*", name)) if name else None)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if _lang(ctx) != "id":
            return pieces
        return [WORDS_ID.get(p, p) for p in pieces]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang(ctx) != "id":
            return super().format_usage(ctx, formatter)
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), WORDS_ID["Usage: "])

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = self.help_id(ctx) if _lang(ctx) == "id" else None
        if text is None:
            return super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang(ctx) != "id":
            return super().format_options(ctx, formatter)
        rows = []
        helper = self.get_help_option(ctx)
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            names, text = record
            own = getattr(param, "help", None) or ""
            translated = self.help_id(ctx, "help" if param is helper else param.name or "")
            if translated and own and text.startswith(own):
                text = translated + text[len(own):]
            rows.append((names, _bracket(text)))
        if rows:
            with formatter.section(WORDS_ID["Options"]):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of subcommands, each with the first sentence of its (translated) help."""
        assert isinstance(self, click.Group)
        if _lang(ctx) != "id":
            return click.Group.format_commands(self, ctx, formatter)
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if not commands:
            return None
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = []
        for name, cmd in commands:
            words = HELP_ID.get((" ".join(filter(None, (_path(ctx), name))), ""))
            rows.append((name, _short(words, limit) if words else cmd.get_short_help_str(limit)))
        with formatter.section(WORDS_ID["Commands"]):
            formatter.write_dl(rows)
        return None


class _IndonesianUsageError(click.UsageError):
    """click's usage error, shown in Indonesian (the usage line, the hint, `Galat:` and the message)."""

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = f"Coba '{ctx.command_path} {ctx.help_option_names[0]}' untuk bantuan.\n"
            click.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=ctx.color)
        click.echo(error_line(_indonesian(self.format_message()), "id"), file=file, err=file is None)


def _indonesian(message: str) -> str:
    from ..errors_id import indonesian  # the catalogue is read only for a message shown in Indonesian

    return indonesian(message)


class _IndonesianError(click.ClickException):
    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(error_line(_indonesian(self.format_message()), "id"), file=file, err=file is None)


def localized_error(exc: click.ClickException, lang: str) -> click.ClickException:
    """``exc`` as it is for English; for Indonesian, the same error shown in Indonesian (the same exit code: 2 for
    a usage error, 1 for the others)."""
    if lang != "id" or isinstance(exc, (_IndonesianUsageError, _IndonesianError)):
        return exc
    out: click.ClickException
    if isinstance(exc, click.UsageError):
        out = _IndonesianUsageError(exc.format_message(), exc.ctx)
    else:
        out = _IndonesianError(exc.format_message())
    return out
