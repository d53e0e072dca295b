"""The full Markdown report: the same content as the HTML report, for people who paste it into documents.

Village and FGD, groups, key indicators, the problem tree (a Mermaid block), the ranked recommendations, the action
plan and the gaps. Returns a string; never prints.
"""

from __future__ import annotations

from ..model.advice import Advice
from .drawing import picture_of, render_mermaid
from .html import indicator_name
from .labels import label
from .plan import render_plan_markdown
from .text import render_markdown

__all__ = ["render_markdown_report"]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown_report(advice: Advice, lang: str = "id") -> str:
    """Markdown with everything the printed report has."""
    body = render_markdown(advice, lang).splitlines()
    head, rest = body[:3], body[3:]
    out = [*head, "", f"## {label('groups', lang)}", ""]
    if advice.fgd.groups:
        out += [f"| {label('group', lang)} | {label('participants', lang)} |", "|---|---:|"]
        for g in advice.fgd.groups:
            out.append(f"| {_cell(g.id)}: {_cell(g.label.get(lang))} | "
                       f"{'' if g.participants is None else g.participants} |")
    else:
        out.append(label("no_groups", lang))
    out += ["", f"## {label('indicators', lang)}", ""]
    if advice.fgd.indicators:
        out += [f"| {label('indicator', lang)} | {label('value', lang)} |", "|---|---:|"]
        out += [f"| {_cell(indicator_name(ind, lang))} | {ind.value} |" for ind in advice.fgd.indicators]
    else:
        out.append(label("no_indicators", lang))
    out += ["", f"## {label('tree', lang)}", "", "```mermaid", render_mermaid(picture_of(advice, lang)).rstrip(),
            "```", *rest]
    out += ["", render_plan_markdown(advice, lang).rstrip()]
    return "\n".join(out).rstrip() + "\n"
