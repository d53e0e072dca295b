"""The full Markdown report: the same content as the HTML report, for people who paste it into documents.

Village and FGD, groups, key indicators, the problem tree (a Mermaid block), the ranked recommendations, the action
plan and the gaps. Returns a string; never prints.
"""

from __future__ import annotations

from .drawing.picture import picture_of, render_mermaid
from .html import HTML_LABELS, INDICATOR_LABELS
from ..model.case import Case
from ..model.advice import Advice
from .plan import render_plan_markdown
from .text import render_markdown

__all__ = ["render_markdown_report"]


def _t(key: str, lang: str) -> str:
    return HTML_LABELS[key]["en" if lang == "en" else "id"]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown_report(advice: Advice, case: Case, lang: str = "id") -> str:
    """Markdown with everything the printed report has."""
    body = render_markdown(advice, lang).splitlines()
    head, rest = body[:3], body[3:]
    out = [*head]
    m = case.metadata
    out += ["", f"## {_t('groups', lang)}", ""]
    if m.fgd_groups:
        out += [f"| {_t('group', lang)} | {_t('participants', lang)} |", "|---|---:|"]
        for g in m.fgd_groups:
            name = (g.label_en or g.label_id) if lang == "en" else g.label_id
            out.append(f"| {_cell(g.id)}: {_cell(name)} | {'' if g.participants is None else g.participants} |")
    else:
        out.append(_t("no_groups", lang))
    values = case.profile.values()
    out += ["", f"## {_t('indicators', lang)}", ""]
    if values:
        order = list(INDICATOR_LABELS)
        out += [f"| {_t('indicator', lang)} | {_t('value', lang)} |", "|---|---:|"]
        for key, value in sorted(values.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                                 else len(order), kv[0])):
            name = INDICATOR_LABELS[key]["en" if lang == "en" else "id"] if key in INDICATOR_LABELS else key
            out.append(f"| {_cell(name)} | {value} |")
    else:
        out.append(_t("no_indicators", lang))
    out += ["", f"## {_t('tree', lang)}", "", "```mermaid", render_mermaid(picture_of(case, advice, lang)).rstrip(),
            "```", *rest]
    out += ["", render_plan_markdown(advice, lang).rstrip()]
    return "\n".join(out).rstrip() + "\n"
