"""The picture as text for other tools: Graphviz DOT and Mermaid (renders on GitHub and in Markdown editors)."""

from __future__ import annotations

import re

from .layout import box_lines
from .picture import Picture
from .style import (
    CAUSE_FILL,
    CAUSE_STROKE,
    COVERED_FILL,
    COVERED_STROKE,
    EDGE,
    GAP_STROKE,
    LOOP,
    SEVERITY_FILL,
    SEVERITY_TEXT,
    node_style,
)

__all__ = ["render_dot", "render_mermaid"]


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_dot(pic: Picture) -> str:
    """Graphviz DOT: `dot -Tsvg case.dot > case.svg`."""
    out = ["digraph kkb {", "  rankdir=LR;",
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];']
    for n in pic.nodes:
        fill, stroke, ink, dashed = node_style(n.covered, n.kind, n.severity)
        style = '"rounded,filled,dashed"' if dashed else '"rounded,filled"'
        text = "\\n".join(_dot_text(line) for line in box_lines(n, pic.lang))
        out.append(f'  "{_dot_text(n.id)}" [label="{text}", fillcolor="{fill}", color="{stroke}", '
                   f'fontcolor="{ink}", style={style}];')
    ranks: dict[int, list[str]] = {}
    for n in pic.nodes:
        ranks.setdefault(n.layer, []).append(f'"{_dot_text(n.id)}"')
    for layer in sorted(ranks):
        out.append(f"  {{ rank=same; {'; '.join(ranks[layer])}; }}")
    for e in pic.edges:
        extra = ", style=dashed" if e.aggravates else ""
        out.append(f'  "{_dot_text(e.source)}" -> "{_dot_text(e.target)}" [penwidth={e.strength}, '
                   f'color="{LOOP if e.in_loop else EDGE}"{extra}];')
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", " "))


def _mermaid_id(node: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", node)


def render_mermaid(pic: Picture) -> str:
    """Mermaid flowchart text (renders on GitHub and in many Markdown editors)."""
    out = ["flowchart LR"]
    for n in pic.nodes:
        lines = box_lines(n, pic.lang)
        text = "<br/>".join(_mermaid_text(line) for line in (lines[0], " ".join(lines[1:])))
        cls = ("gap" if n.covered is False else "covered" if n.covered else "cause") if n.kind == "cause" else (
            f"sev{n.severity or 1}gap" if n.covered is False else f"sev{n.severity or 1}")
        out.append(f'  {_mermaid_id(n.id)}["{text}"]:::{cls}')
    for e in pic.edges:
        arrow = "-.->" if e.aggravates else ("==>" if e.strength == 3 else "-->")
        out.append(f"  {_mermaid_id(e.source)} {arrow} {_mermaid_id(e.target)}")
    for sev, fill in SEVERITY_FILL.items():
        out.append(f"  classDef sev{sev} fill:{fill},stroke:#bf360c,color:{SEVERITY_TEXT[sev]}")
        out.append(f"  classDef sev{sev}gap fill:{fill},stroke:{GAP_STROKE},stroke-width:3px,"
                   f"stroke-dasharray:5 3,color:{SEVERITY_TEXT[sev]}")
    out.append(f"  classDef covered fill:{COVERED_FILL},stroke:{COVERED_STROKE}")
    out.append(f"  classDef gap fill:#ffffff,stroke:{GAP_STROKE},stroke-width:3px,stroke-dasharray:5 3")
    out.append(f"  classDef cause fill:{CAUSE_FILL},stroke:{CAUSE_STROKE}")
    return "\n".join(out) + "\n"
