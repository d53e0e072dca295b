"""The picture as PNG, drawn with Pillow and its bundled scalable font (no Graphviz, no system fonts)."""

from __future__ import annotations

import io
import itertools

from .layout import FONT, layout
from .paint import paint
from .picture import Picture

__all__ = ["render_png"]


def _bezier(pts: tuple[tuple[float, float], ...], steps: int = 24) -> list[tuple[float, float]]:
    """Points along a chain of cubic bezier segments (3k+1 control points)."""
    out = [pts[0]]
    for j in range(0, len(pts) - 1, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[j:j + 4]
        for i in range(1, steps + 1):
            t = i / steps
            u = 1 - t
            out.append((u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3))
    return out


class _Png:
    def __init__(self, width: float, height: float, scale: float) -> None:
        from PIL import Image, ImageDraw, ImageFont

        self.s = scale
        self.image = Image.new("RGB", (round(width * scale), round(height * scale)), "#ffffff")
        self.draw = ImageDraw.Draw(self.image)
        self.font = ImageFont.load_default(size=FONT * scale)

    def _dashes(self, points: list[tuple[float, float]], fill: str, width: int, on: float, off: float) -> None:
        carry, drawing = 0.0, True
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            seg = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
            pos = 0.0
            while pos < seg:
                step = min((on if drawing else off) - carry, seg - pos)
                if drawing and seg:
                    a, b = pos / seg, (pos + step) / seg
                    self.draw.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                                    (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)], fill=fill, width=width)
                pos += step
                carry += step
                if carry >= (on if drawing else off) - 1e-9:
                    carry, drawing = 0.0, not drawing

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, width: float,
             dashed: bool) -> None:
        s = self.s
        box = (x * s, y * s, (x + w) * s, (y + h) * s)
        px = max(1, round(width * s))
        if dashed:
            self.draw.rounded_rectangle(box, radius=5 * s, fill=fill)
            x0, y0, x1, y1 = box
            self._dashes([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], stroke, px, 5 * s, 3 * s)
        else:
            self.draw.rounded_rectangle(box, radius=5 * s, fill=fill, outline=stroke, width=px)

    def curve(self, pts: tuple[tuple[float, float], ...], *, stroke: str, width: float, dashed: bool) -> None:
        s = self.s
        points = [(x * s, y * s) for x, y in _bezier(pts)]
        px = max(1, round(width * s))
        if dashed:
            self._dashes(points, stroke, px, 6 * s, 4 * s)
        else:
            self.draw.line(points, fill=stroke, width=px, joint="curve")
        (xa, ya), (xb, yb) = points[-2], points[-1]
        length = max(((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5, 1e-9)
        dx, dy = (xb - xa) / length, (yb - ya) / length
        size = (5 + width) * s
        self.draw.polygon([(xb, yb), (xb - dx * size - dy * size / 2, yb - dy * size + dx * size / 2),
                           (xb - dx * size + dy * size / 2, yb - dy * size - dx * size / 2)], fill=stroke)

    def text(self, x: float, y: float, text: str, *, fill: str, bold: bool = False) -> None:
        s = self.s
        text = text.translate(PNG_GLYPHS)  # the bundled font has no arrows
        self.draw.text((x * s, y * s), text, fill=fill, font=self.font, anchor="ls",
                       stroke_width=1 if bold else 0, stroke_fill=fill)


PNG_GLYPHS = str.maketrans({"→": "->", "↻": "(o)", "…": "..."})


def render_png(pic: Picture, *, scale: float = 2.0) -> bytes:
    """The picture as PNG bytes, drawn with Pillow and its bundled font (no Graphviz, no system fonts)."""
    lay = layout(pic)
    canvas = _Png(lay.width, lay.height, scale)
    paint(lay, pic, canvas)
    out = io.BytesIO()
    canvas.image.save(out, format="PNG", optimize=False)
    return out.getvalue()
