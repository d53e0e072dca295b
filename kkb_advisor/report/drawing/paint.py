"""Painting a layout on any canvas (SVG text or a Pillow image): boxes, curves, the title and the legend."""

from __future__ import annotations

from typing import Protocol

from ..labels import label
from .layout import LINE, MARGIN, Layout
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
    node_style,
)

__all__ = ["Canvas", "paint"]


class Canvas(Protocol):
    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, width: float,
             dashed: bool) -> None: ...

    def curve(self, pts: tuple[tuple[float, float], ...], *, stroke: str, width: float, dashed: bool) -> None: ...

    def text(self, x: float, y: float, text: str, *, fill: str, bold: bool = False) -> None: ...



    """fill, stroke, text colour, dashed border."""


def paint(lay: Layout, pic: Picture, canvas: Canvas) -> None:
    canvas.text(MARGIN, MARGIN + 8, f"{label('tree', pic.lang)}: {label('draw_direction', pic.lang)}",
                fill="#37474f", bold=True)
    for edge, pts in lay.curves:
        canvas.curve(pts, stroke=LOOP if edge.in_loop else EDGE, width=0.6 + 0.8 * edge.strength,
                     dashed=edge.aggravates)
    for box in lay.boxes.values():
        fill, stroke, ink, dashed = node_style(box.node.covered, box.node.kind, box.node.severity)
        canvas.rect(box.x, box.y, box.w, box.h, fill=fill, stroke=LOOP if box.node.in_loop and not dashed
                    else stroke, width=2.2 if dashed or box.node.in_loop else 1.2, dashed=dashed)
        for i, line in enumerate(box.lines):
            canvas.text(box.x + 8, box.y + 5 + LINE * (i + 1) - 3, line, fill=ink, bold=i == 0)
    y = lay.legend_y
    items: list[tuple[str, str, bool, str]] = [(SEVERITY_FILL[4], "#bf360c", False, "problem")]
    if pic.coverage:
        items += [(COVERED_FILL, COVERED_STROKE, False, "covered"), ("#ffffff", GAP_STROKE, True, "uncovered")]
    else:
        items.append((CAUSE_FILL, CAUSE_STROKE, False, "cause"))
    for fill, stroke, dashed, key in items:
        canvas.rect(MARGIN, y, 28, 14, fill=fill, stroke=stroke, width=2.0 if dashed else 1.2, dashed=dashed)
        canvas.text(MARGIN + 38, y + 11, label(f"draw_{key}", pic.lang), fill="#263238")
        y += 20
    for stroke, key, dashed in ((LOOP, "loop", False), (EDGE, "strength", True)):
        canvas.curve(((MARGIN, y + 7), (MARGIN + 10, y + 7), (MARGIN + 18, y + 7), (MARGIN + 28, y + 7)),
                     stroke=stroke, width=2.2, dashed=dashed)
        canvas.text(MARGIN + 38, y + 11, label(f"draw_{key}", pic.lang), fill="#263238")
        y += 20
