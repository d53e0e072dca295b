"""The objective tree and the logframe draft as the HTML report shows them (one section) and as two sheets of the
`advise --format xlsx` workbook, in the output language."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..model.advice import Advice
from .labels import label
from .logframe import LogRow, logframe
from .objectives import Objective, ObjectiveTree, objective_tree

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["LOGFRAME_COLUMNS", "OBJECTIVE_COLUMNS", "add_logframe_sheets", "logframe_html", "logframe_table",
           "objective_rows"]

LOGFRAME_COLUMNS = ("lf_level", "lf_code", "lf_statement", "lf_indicator", "lf_baseline", "lf_target",
                    "lf_verification", "lf_responsible", "lf_contributes")
OBJECTIVE_COLUMNS = ("lf_level", "lf_code", "objective", "objective_was", "objective_severity", "objective_serves",
                     "program")
_LEVEL = {"goal": "lf_goal", "outcome": "lf_outcome", "output": "lf_output_level"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def logframe_table(advice: Advice, lang: str, *, numbers: bool = False) -> list[list[object]]:
    """The logframe as rows of cells: one row an indicator (a statement with two indicators takes two rows, the
    statement written on the first); the target column is left for the Pokja. ``numbers``: a baseline that is a
    number stays one (for a spreadsheet), else it is written in the language's way (1.260 / 1,260)."""
    out: list[list[object]] = []
    for row in logframe(advice, lang).rows:
        for i, ind in enumerate(row.indicators):
            head = [label(_LEVEL[row.level], lang), row.code, row.statement] if i == 0 else ["", "", ""]
            tail = [row.responsible, ", ".join(row.contributes_to)] if i == 0 else ["", ""]
            base = ind.value if numbers and ind.value is not None else ind.baseline
            out.append([*head, ind.text, base, None if numbers else "", ind.verified_by, *tail])
    return out


# one line of the objective tree: its depth (1 = an end), the objective, and whether it is only a reference to where
# the objective is already shown in full (a means that leads to two ends or means is shown once, then referred to)
_Line = tuple[int, Objective, bool]


def _nested(tree: ObjectiveTree) -> list[_Line]:
    """Every end with its means below it (depth 1 = the end), as the tree reads from the top. Each objective is
    shown in full once, where the walk first reaches it; reached again by another path it is a reference, not
    unfolded again (the lines stay as many as the nodes and links); a vicious circle is shown once round."""
    below: dict[str, list[Objective]] = {}
    for obj in tree.means:  # tree.means_of for every node at once, in the same order
        for node in obj.serves:
            below.setdefault(node, []).append(obj)
    out: list[_Line] = []
    shown: set[str] = set()
    for end in tree.ends:
        out.append((1, end, False))
        shown.add(end.node)
        trail, on_trail = [end.node], {end.node}
        stack = [iter(below.get(end.node, ()))]
        while stack:  # depth first, without recursion: a long chain of causes is no deeper on the call stack
            sub = next(stack[-1], None)
            if sub is None:
                stack.pop()
                on_trail.discard(trail.pop())
            elif sub.node in on_trail:  # a vicious circle is shown once round
                continue
            elif sub.node in shown:
                out.append((len(stack) + 1, sub, True))
            else:
                out.append((len(stack) + 1, sub, False))
                shown.add(sub.node)
                trail.append(sub.node)
                on_trail.add(sub.node)
                stack.append(iter(below.get(sub.node, ())))
    return out


def _see_above(obj: Objective, lang: str) -> str:
    return label("objective_see_above", lang).format(node=obj.node)


def objective_rows(advice: Advice, lang: str) -> list[list[object]]:
    """The objective tree as rows: the goal, then each end followed by its means (indented by level); a means
    already shown above is a row that refers to it."""
    tree = objective_tree(advice, lang)
    rows: list[list[object]] = [[label("goal", lang), "", tree.goal, "", None, "", ""]]
    for depth, obj, ref in _nested(tree):
        kind = label("end" if obj.kind == "end" else "means", lang)
        level = f"{'  ' * (depth - 1)}{depth}. {kind}"
        if ref:
            rows.append([level, obj.node, _see_above(obj, lang), "", None, "", ""])
        else:
            rows.append([level, obj.node, obj.text, obj.was, obj.severity, ", ".join(obj.serves),
                         ", ".join(obj.programs)])
    return rows


def _item_head(obj: Objective, ref: bool, anchored: bool, lang: str) -> str:
    kind = label("end" if obj.kind == "end" else "means", lang)
    head = f"<b>{_e(kind)} {_e(obj.node)}:</b>"
    if ref:
        return f'<li>{head} <a class="muted" href="#obj-{_e(obj.node)}">{_e(_see_above(obj, lang))}</a>'
    programs = f' <span class="muted">→ {_e(", ".join(obj.programs))}</span>' if obj.programs else ""
    anchor = f' id="obj-{_e(obj.node)}"' if anchored else ""
    return (f"<li{anchor}>{head} {_e(obj.text)} <span class=\"muted\">"
            f"({_e(label('was', lang))}: “{_e(obj.was)}”)</span>{programs}")


def _tree_html(tree: ObjectiveTree, lang: str) -> list[str]:
    """The goal, then each end with its means nested below it (a vicious circle shown once round; a means shown
    above is a link to it)."""
    lines = _nested(tree)
    referred = {obj.node for _, obj, ref in lines if ref}
    items: list[str] = []
    parts: list[str] = []
    for i, (depth, obj, ref) in enumerate(lines):
        parts.append(_item_head(obj, ref, obj.node in referred, lang))
        after = lines[i + 1][0] if i + 1 < len(lines) else 1  # the next line's depth (1: the next end)
        if after > depth:
            parts.append("<ul>")
        else:
            parts.append("</li>" + "</ul></li>" * (depth - after))
        if after == 1:
            items.append("".join(parts))
            parts = []
    return [f'<p><b>{_e(label("goal", lang))}:</b> {_e(tree.goal)}</p>', '<ul class="objectives">', *items, "</ul>"]


def logframe_html(advice: Advice, lang: str) -> list[str]:
    """The section of the HTML report: the objective tree as nested lists, the logframe as a table."""
    tree = objective_tree(advice, lang)
    out = [f'<section id="logframe"><h2>{_e(label("objectives", lang))}</h2>',
           f'<p class="muted">{_e(label("objectives_note", lang))}</p>', *_tree_html(tree, lang),
           f'<h2>{_e(label("logframe", lang))}</h2>', f'<p class="muted">{_e(label("logframe_note", lang))}</p>',
           "<table><thead><tr>" + "".join(f"<th>{_e(label(c, lang))}</th>" for c in LOGFRAME_COLUMNS)
           + "</tr></thead><tbody>"]
    for row in logframe(advice, lang).rows:
        out += _row_html(row, lang)
    return [*out, "</tbody></table></section>"]


def _row_html(row: LogRow, lang: str) -> list[str]:
    span = f' rowspan="{len(row.indicators)}"' if len(row.indicators) > 1 else ""
    out = []
    for i, ind in enumerate(row.indicators):
        cells = ""
        if i == 0:
            cells += "".join(f"<td{span}>{_e(c)}</td>" for c in (label(_LEVEL[row.level], lang), row.code,
                                                                 row.statement))
        cells += f"<td>{_e(ind.text)}</td><td class=\"num\">{_e(ind.baseline)}</td><td></td>" \
                 f"<td>{_e(ind.verified_by)}</td>"
        if i == 0:
            cells += f"<td{span}>{_e(row.responsible)}</td><td{span}>{_e(', '.join(row.contributes_to))}</td>"
        out.append(f'<tr class="lf-{row.level}">{cells}</tr>')
    return out


def add_logframe_sheets(wb: Workbook, advice: Advice, lang: str) -> None:
    """Two sheets: the logframe draft (one row an indicator) and the objective tree."""
    from ..io.xlsx import add_table

    add_table(wb, label("logframe", lang), [label(c, lang) for c in LOGFRAME_COLUMNS],
              logframe_table(advice, lang, numbers=True), widths=[16, 14, 60, 44, 16, 14, 44, 50, 18])
    add_table(wb, label("objectives", lang), [label(c, lang) for c in OBJECTIVE_COLUMNS],
              objective_rows(advice, lang), widths=[22, 8, 60, 50, 10, 16, 40])
