"""The picture as SVG text, written by hand (no library): same picture, same bytes."""

from __future__ import annotations

from html import escape

from ..labels import label
from .layout import FONT, layout
from .paint import paint
from .picture import Picture
from .style import EDGE, LOOP

__all__ = ["render_svg"]


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, width: float,
             dashed: bool) -> None:
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="5" fill="{fill}" '
                          f'stroke="{stroke}" stroke-width="{_n(width)}"{dash}/>')

    def curve(self, pts: tuple[tuple[float, float], ...], *, stroke: str, width: float, dashed: bool) -> None:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        marker = "loop" if stroke == LOOP else "edge"
        d = f"M{_n(pts[0][0])},{_n(pts[0][1])}" + "".join(
            " C" + " ".join(f"{_n(x)},{_n(y)}" for x, y in pts[j:j + 3]) for j in range(1, len(pts), 3))
        self.parts.append(f'<path d="{d}" '
                          f'fill="none" stroke="{stroke}" stroke-width="{_n(width)}"{dash} '
                          f'marker-end="url(#kkb-{marker})"/>')

    def text(self, x: float, y: float, text: str, *, fill: str, bold: bool = False) -> None:
        weight = ' font-weight="bold"' if bold else ""
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y)}" fill="{fill}"{weight}>{escape(text)}</text>')


def render_svg(pic: Picture, *, standalone: bool = True) -> str:
    """The picture as SVG text; ``standalone=False`` leaves out the XML declaration (for inline HTML)."""
    lay = layout(pic)
    svg = _Svg()
    paint(lay, pic, svg)
    markers = "".join(
        f'<marker id="kkb-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("edge", EDGE), ("loop", LOOP)))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    title = escape(label("tree", pic.lang))
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" class="kkb-graph" role="img" '
            f'viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" width="{_n(lay.width)}" height="{_n(lay.height)}" '
            f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="{FONT}">'
            f"<title>{title}</title><defs>{markers}</defs>\n" + "\n".join(svg.parts) + "\n</svg>\n")
