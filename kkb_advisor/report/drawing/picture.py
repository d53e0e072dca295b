"""The picture of a case's cause graph: root causes on the left, problems towards the right, in layers.

``picture_of`` gathers what to draw (from the case, its graph analysis and, if given, the advice for coverage);
``layout`` places it; one painter draws the layout on a canvas, written out as SVG by hand or as PNG with Pillow
(bundled scalable font, no system package). DOT and Mermaid text are for people who have those tools.
Everything here is a pure function of its inputs: same case, same bytes.
"""

from __future__ import annotations

import io
import itertools
import re
import textwrap
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol

from ...advice.graph import analyse, build_graph
from ...model.case import Case
from ...model.advice import Advice

__all__ = ["GRAPH_FORMATS", "Layout", "Picture", "layout", "picture_of", "render_dot", "render_graph",
           "render_mermaid", "render_png", "render_svg"]

GRAPH_FORMATS = ("svg", "png", "dot", "mermaid")

DRAW_LABELS: dict[str, dict[str, str]] = {
    "direction": {"id": "akar masalah  →  masalah", "en": "root causes  →  problems"},
    "severity": {"id": "keparahan", "en": "severity"},
    "problem": {"id": "Masalah (warna makin tua = makin parah, 1-5)",
                "en": "Problem (darker = more severe, 1-5)"},
    "covered": {"id": "Penyebab yang dijawab program rekomendasi", "en": "Cause a recommended program covers"},
    "uncovered": {"id": "Belum dijawab program apa pun (celah)", "en": "Nothing recommended covers it (gap)"},
    "cause": {"id": "Penyebab", "en": "Cause"},
    "loop": {"id": "Lingkaran setan ↻", "en": "Vicious circle ↻"},
    "strength": {"id": "Garis tebal = hubungan kuat; putus-putus = memperparah",
                 "en": "Thick line = strong link; dashed = aggravates"},
    "title": {"id": "Pohon masalah", "en": "Problem tree"},
}

SEVERITY_FILL = {1: "#fff3e0", 2: "#ffe0b2", 3: "#ffb74d", 4: "#fb8c00", 5: "#e65100"}
SEVERITY_TEXT = {1: "#222222", 2: "#222222", 3: "#222222", 4: "#111111", 5: "#ffffff"}
COVERED_FILL, COVERED_STROKE = "#dcedc8", "#33691e"
CAUSE_FILL, CAUSE_STROKE = "#eceff1", "#455a64"
GAP_STROKE = "#c62828"
EDGE, LOOP = "#546e7a", "#6a1b9a"
NODE_W, COL_GAP, ROW_GAP, MARGIN, LINE, FONT, WRAP, DUMMY_H = 172, 56, 12, 20, 14, 11, 26, 6


def _lbl(key: str, lang: str) -> str:
    return DRAW_LABELS[key]["en" if lang == "en" else "id"]


def _natural(node: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", node))


@dataclass(frozen=True)
class DrawNode:
    id: str
    kind: str  # "problem" or "cause"
    text: str
    severity: int | None
    layer: int
    covered: bool | None  # None: drawn without advice, coverage unknown
    in_loop: bool


@dataclass(frozen=True)
class DrawEdge:
    source: str
    target: str
    strength: int
    aggravates: bool
    in_loop: bool


@dataclass(frozen=True)
class Picture:
    """What the picture shows: nodes and links, with everything their look depends on."""

    nodes: tuple[DrawNode, ...]
    edges: tuple[DrawEdge, ...]
    lang: str
    coverage: bool


def _node_data(g: Any) -> dict[str, dict[str, Any]]:
    return {n: dict(d) for n, d in g.nodes(data=True)}


def picture_of(case: Case, advice: Advice | None = None, lang: str = "id") -> Picture:
    """The picture of ``case``; with ``advice``, nodes that a recommended program covers are marked apart."""
    g = build_graph(case)
    analysis = analyse(g)
    covered: set[str] = set()
    if advice is not None:
        for rec in advice.recommendations:
            covered.update(rec.addresses)
    texts = {p.id: (p.label_en or p.label_id) if lang == "en" else p.label_id for p in case.problems}
    texts |= {c.id: (c.label_en or c.label_id) if lang == "en" else c.label_id for c in case.causes}
    nodes = tuple(
        DrawNode(id=n, kind=d["kind"], text=texts[n], severity=d.get("severity"), layer=analysis.layers[n],
                 covered=(n in covered) if advice is not None else None, in_loop=n in analysis.in_loop)
        for n, d in sorted(_node_data(g).items(), key=lambda item: _natural(item[0])))
    loop_edges = {(w[i], w[i + 1]) for w in analysis.loops for i in range(len(w) - 1)}
    loop_nodes = analysis.in_loop
    edges = tuple(
        DrawEdge(source=a, target=b, strength=d["strength"], aggravates=d["type"] == "aggravates",
                 in_loop=(a, b) in loop_edges or (a in loop_nodes and b in loop_nodes
                                                  and analysis.layers[a] == analysis.layers[b]))
        for a, b, d in sorted(g.edges(data=True), key=lambda e: (_natural(e[0]), _natural(e[1]))))
    return Picture(nodes=nodes, edges=edges, lang=lang, coverage=advice is not None)


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class Box:
    node: DrawNode
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    curves: tuple[tuple[DrawEdge, tuple[tuple[float, float], ...]], ...]  # edge, cubic bezier points (3k+1)
    width: float
    height: float
    legend_y: float


def _lines(node: DrawNode, lang: str) -> tuple[str, ...]:
    head = node.id + (f" · {_lbl('severity', lang)} {node.severity}" if node.severity is not None else "")
    head += " ↻" if node.in_loop else ""
    body = textwrap.wrap(node.text, WRAP, break_long_words=True) or [""]
    if len(body) > 4:
        body = [*body[:3], body[3][: WRAP - 1] + "…"]
    return (head, *body)


def _dummy(edge: int, layer: int) -> str:
    return f"~{edge}~{layer}"


def _centre(node: str, neighbours: dict[str, list[str]], pos: dict[str, int], here: frozenset[str]) -> float:
    near = [pos[m] for m in neighbours[node] if m not in here]
    return sum(near) / len(near) if near else pos[node]


def _order(pic: Picture) -> dict[int, list[str]]:
    """Nodes of each layer (and a waypoint for each link passing through it), ordered to keep links short:
    barycentre sweeps, ties by id."""
    layers: dict[int, list[str]] = {}
    for n in pic.nodes:
        layers.setdefault(n.layer, []).append(n.id)
    layer_of = {n.id: n.layer for n in pic.nodes}
    preds: dict[str, list[str]] = {n.id: [] for n in pic.nodes}
    succs: dict[str, list[str]] = {n.id: [] for n in pic.nodes}
    for i, e in enumerate(pic.edges):
        chain = [e.source]
        for k in range(layer_of[e.source] + 1, layer_of[e.target]):
            chain.append(_dummy(i, k))
            layers[k].append(chain[-1])
            preds[chain[-1]], succs[chain[-1]] = [], []
        chain.append(e.target)
        for a, b in itertools.pairwise(chain):
            preds[b].append(a)
            succs[a].append(b)
    keys = sorted(layers)

    def sweep(seq: list[int], neighbours: dict[str, list[str]]) -> None:
        pos = {n: i for k in keys for i, n in enumerate(layers[k])}
        for k in seq:
            here = frozenset(layers[k])

            def key(n: str, here: frozenset[str] = here) -> tuple[float, tuple[object, ...]]:
                return _centre(n, neighbours, pos, here), _natural(n)
            layers[k].sort(key=key)
            pos.update({n: i for i, n in enumerate(layers[k])})

    for _ in range(4):
        sweep(keys[1:], preds)
        sweep(list(reversed(keys[:-1])), succs)
    return layers


def layout(pic: Picture) -> Layout:
    """Columns by layer (root causes left), boxes stacked and centred in each column; long links pass between
    the boxes of the columns they cross."""
    by_id = {n.id: n for n in pic.nodes}
    order = _order(pic)
    columns = sorted(order)
    heights = {n.id: 10 + LINE * len(_lines(n, pic.lang)) for n in pic.nodes}
    col_h = {k: sum(heights.get(n, DUMMY_H) for n in order[k]) + ROW_GAP * (len(order[k]) - 1) for k in columns}
    tallest = max(col_h.values(), default=0)
    top = MARGIN + 22
    boxes: dict[str, Box] = {}
    ways: dict[str, tuple[float, float]] = {}
    col_x = {k: MARGIN + i * (NODE_W + COL_GAP) for i, k in enumerate(columns)}
    for k in columns:
        y = top + (tallest - col_h[k]) / 2
        for n in order[k]:
            if n in by_id:
                boxes[n] = Box(by_id[n], col_x[k], y, NODE_W, heights[n], _lines(by_id[n], pic.lang))
                y += heights[n] + ROW_GAP
            else:
                ways[n] = (col_x[k], y + DUMMY_H / 2)
                y += DUMMY_H + ROW_GAP
    curves = []
    for i, e in enumerate(pic.edges):
        a, b = boxes[e.source], boxes[e.target]
        y1, y2 = a.y + a.h / 2, b.y + b.h / 2
        if b.x > a.x:
            stops = [(a.x + a.w, y1)]
            for k in range(a.node.layer + 1, b.node.layer):
                wx, wy = ways[_dummy(i, k)]
                stops += [(wx, wy), (wx + NODE_W, wy)]
            stops.append((b.x, y2))
            pts: list[tuple[float, float]] = [stops[0]]
            for j in range(0, len(stops) - 1):
                (x0, y0), (x3, y3) = stops[j], stops[j + 1]
                mid = (x3 - x0) / 2
                pts += [(x0 + mid, y0), (x3 - mid, y3), (x3, y3)]
            curves.append((e, tuple(pts)))
        else:  # same column (a vicious circle) or backwards: loop round the right-hand side
            bulge = 40.0 if y2 > y1 else 62.0
            x1, x2 = a.x + a.w, b.x + b.w
            curves.append((e, ((x1, y1), (x1 + bulge, y1), (x2 + bulge, y2), (x2 + 2, y2))))
    width = MARGIN * 2 + max(len(columns), 1) * (NODE_W + COL_GAP) - COL_GAP + 70
    legend_y = top + tallest + 24
    return Layout(boxes=boxes, curves=tuple(curves), width=width, height=legend_y + 5 * 20 + MARGIN,
                  legend_y=legend_y)


# ---------------------------------------------------------------- painting


class Canvas(Protocol):
    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, width: float,
             dashed: bool) -> None: ...

    def curve(self, pts: tuple[tuple[float, float], ...], *, stroke: str, width: float, dashed: bool) -> None: ...

    def text(self, x: float, y: float, text: str, *, fill: str, bold: bool = False) -> None: ...


def _style(node: DrawNode) -> tuple[str, str, str, bool]:
    """fill, stroke, text colour, dashed border."""
    gap = node.covered is False
    if node.kind == "problem":
        sev = node.severity or 1
        return SEVERITY_FILL[sev], GAP_STROKE if gap else "#bf360c", SEVERITY_TEXT[sev], gap
    if node.covered:
        return COVERED_FILL, COVERED_STROKE, "#1b1b1b", False
    return ("#ffffff" if gap else CAUSE_FILL), (GAP_STROKE if gap else CAUSE_STROKE), "#1b1b1b", gap


def _paint(lay: Layout, pic: Picture, canvas: Canvas) -> None:
    canvas.text(MARGIN, MARGIN + 8, f"{_lbl('title', pic.lang)}: {_lbl('direction', pic.lang)}",
                fill="#37474f", bold=True)
    for edge, pts in lay.curves:
        canvas.curve(pts, stroke=LOOP if edge.in_loop else EDGE, width=0.6 + 0.8 * edge.strength,
                     dashed=edge.aggravates)
    for box in lay.boxes.values():
        fill, stroke, ink, dashed = _style(box.node)
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
        canvas.text(MARGIN + 38, y + 11, _lbl(key, pic.lang), fill="#263238")
        y += 20
    for stroke, key, dashed in ((LOOP, "loop", False), (EDGE, "strength", True)):
        canvas.curve(((MARGIN, y + 7), (MARGIN + 10, y + 7), (MARGIN + 18, y + 7), (MARGIN + 28, y + 7)),
                     stroke=stroke, width=2.2, dashed=dashed)
        canvas.text(MARGIN + 38, y + 11, _lbl(key, pic.lang), fill="#263238")
        y += 20


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
    _paint(lay, pic, svg)
    markers = "".join(
        f'<marker id="kkb-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("edge", EDGE), ("loop", LOOP)))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    title = escape(_lbl("title", pic.lang))
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" class="kkb-graph" role="img" '
            f'viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" width="{_n(lay.width)}" height="{_n(lay.height)}" '
            f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="{FONT}">'
            f"<title>{title}</title><defs>{markers}</defs>\n" + "\n".join(svg.parts) + "\n</svg>\n")


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
    _paint(lay, pic, canvas)
    out = io.BytesIO()
    canvas.image.save(out, format="PNG", optimize=False)
    return out.getvalue()


# ---------------------------------------------------------------- text formats


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_dot(pic: Picture) -> str:
    """Graphviz DOT: `dot -Tsvg case.dot > case.svg`."""
    out = ["digraph kkb {", "  rankdir=LR;",
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];']
    for n in pic.nodes:
        fill, stroke, ink, dashed = _style(n)
        style = '"rounded,filled,dashed"' if dashed else '"rounded,filled"'
        label = "\\n".join(_dot_text(line) for line in _lines(n, pic.lang))
        out.append(f'  "{_dot_text(n.id)}" [label="{label}", fillcolor="{fill}", color="{stroke}", '
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
        lines = _lines(n, pic.lang)
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


def render_graph(pic: Picture, fmt: str) -> str | bytes:
    """The picture in one of GRAPH_FORMATS."""
    if fmt == "png":
        return render_png(pic)
    if fmt == "dot":
        return render_dot(pic)
    if fmt == "mermaid":
        return render_mermaid(pic)
    return render_svg(pic)
