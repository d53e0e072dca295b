"""Placing the picture: columns by layer (root causes left), boxes stacked and ordered to keep links short."""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass

from ..labels import label
from .picture import DrawEdge, DrawNode, Picture, natural

__all__ = ["FONT", "LINE", "MARGIN", "Box", "Layout", "box_lines", "layout"]

NODE_W, COL_GAP, ROW_GAP, MARGIN, LINE, FONT, WRAP, DUMMY_H = 172, 56, 12, 20, 14, 11, 26, 6


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


def box_lines(node: DrawNode, lang: str) -> tuple[str, ...]:
    head = node.id + (f" · {label('severity', lang)} {node.severity}" if node.severity is not None else "")
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
                return _centre(n, neighbours, pos, here), natural(n)
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
    heights = {n.id: 10 + LINE * len(box_lines(n, pic.lang)) for n in pic.nodes}
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
                boxes[n] = Box(by_id[n], col_x[k], y, NODE_W, heights[n], box_lines(by_id[n], pic.lang))
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
