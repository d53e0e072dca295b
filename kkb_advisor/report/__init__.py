"""Advice -> every output format, from one registry that both ``render()`` and the CLI use.

Each format is a function of the Advice and a language; it returns text, or bytes for a binary format. The
``group`` says which command offers it: `advise` (the advice) or `graph` (the picture of the problem tree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UNVALIDATED, UsageError, check_arg, did_you_mean, refuse_unvalidated
from .labels import LANGS, check_lang

if TYPE_CHECKING:  # the registry is read by --help, which should not pay for importing the models
    from ..model.advice import Advice

__all__ = ["FORMATS", "LANGS", "Format", "formats", "render"]


@dataclass(frozen=True)
class Format:
    name: str
    group: str  # "advice" (kkb-advisor advise) or "graph" (kkb-advisor graph)
    help: str  # one phrase for --help
    binary: bool
    suffix: str  # the usual file name ending
    make: Callable[[Advice, str], str | bytes]


def _text(advice: Advice, lang: str) -> str:
    from .text import render_text

    return render_text(advice, lang)


def _markdown(advice: Advice, lang: str) -> str:
    from .markdown import render_markdown_report

    return render_markdown_report(advice, lang)


def _json(advice: Advice, lang: str) -> str:
    from .text import render_json

    return render_json(advice)


def _html(advice: Advice, lang: str) -> str:
    from .html import render_html

    return render_html(advice, lang)


def _csv(advice: Advice, lang: str) -> str:
    from .plan import render_csv

    return render_csv(advice, lang)


def _xlsx(advice: Advice, lang: str) -> bytes:
    from .plan_xlsx import render_plan_xlsx

    return render_plan_xlsx(advice, lang)


def _picture(writer: str) -> Callable[[Advice, str], str | bytes]:
    def make(advice: Advice, lang: str) -> str | bytes:
        from . import drawing

        render: Callable[[drawing.Picture], str | bytes] = getattr(drawing, f"render_{writer}")
        return render(drawing.picture_of(advice, lang))
    return make


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", "advice", "text (readable)", False, ".txt", _text),
    Format("markdown", "advice", "markdown (the full report, for documents)", False, ".md", _markdown),
    Format("json", "advice", "json (the documented contract)", False, ".json", _json),
    Format("html", "advice", "html (printable report)", False, ".html", _html),
    Format("csv", "advice", "csv (the action plan)", False, ".csv", _csv),
    Format("xlsx", "advice", "xlsx (the action plan as a workbook, with follow-up columns; needs -o)", True,
           ".xlsx", _xlsx),
    Format("svg", "graph", "svg", False, ".svg", _picture("svg")),
    Format("png", "graph", "png (drawn here, no Graphviz needed)", True, ".png", _picture("png")),
    Format("dot", "graph", "dot (Graphviz)", False, ".dot", _picture("dot")),
    Format("mermaid", "graph", "mermaid text", False, ".mmd", _picture("mermaid")),
)}


def formats(group: str) -> list[str]:
    """The names of the formats a command offers, in registry order."""
    return [f.name for f in FORMATS.values() if f.group == group]


def render(advice: Advice, fmt: str = "text", lang: str = "id") -> str | bytes:
    """``advice`` in one of FORMATS (text, but bytes for the binary ones: png, xlsx) in ``lang`` ("id" or "en")."""
    from ..model.advice import Advice

    if not isinstance(advice, Advice):
        raise UsageError(f"render() takes an Advice (from advise()), got {type(advice).__name__}")
    check_arg("render", "fmt", fmt, str, "a format name (" + ", ".join(FORMATS) + ")")
    if fmt not in FORMATS:
        hint = did_you_mean(str(fmt), FORMATS) or "formats: " + ", ".join(FORMATS)
        raise UsageError(f"unknown output format '{fmt}'; {hint}")
    lang = check_lang(lang)
    try:
        return FORMATS[fmt].make(advice, lang)
    except UNVALIDATED as exc:  # an Advice made without validation, or a fault of ours
        refuse_unvalidated("render", advice, "advise() or Advice.model_validate()", exc)
        raise
