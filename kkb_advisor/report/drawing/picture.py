"""What the picture of a case's cause graph shows: its nodes and links, with everything their look depends on.

``picture_of`` reads it from the Advice alone (the graph, its layers and loops, and which nodes a recommended
program covers); ``layout`` places it (layout.py); svg.py, png.py and text.py draw it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.advice import Advice

__all__ = ["DrawEdge", "DrawNode", "Picture", "natural", "picture_of"]


def natural(node: str) -> tuple[object, ...]:
    """Sort key that puts P2 before P10."""
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


def picture_of(advice: Advice, lang: str = "id", *, coverage: bool = True) -> Picture:
    """The picture of the advice's cause graph; with ``coverage``, nodes a recommended program covers are marked
    apart (and those nothing covers, as gaps)."""
    g = advice.graph
    covered = {n for rec in advice.recommendations for n in rec.addresses}
    nodes = tuple(
        DrawNode(id=n, kind=info.kind, text=info.label.get(lang), severity=info.severity, layer=g.layers[n],
                 covered=(n in covered) if coverage else None, in_loop=n in g.in_loop)
        for n, info in sorted(g.nodes.items(), key=lambda item: natural(item[0])))
    loop_edges = {(w[i], w[i + 1]) for w in g.loops for i in range(len(w) - 1)}
    loop_nodes = set(g.in_loop)
    edges = tuple(
        DrawEdge(source=e.source, target=e.target, strength=e.strength, aggravates=e.type == "aggravates",
                 in_loop=(e.source, e.target) in loop_edges or (e.source in loop_nodes and e.target in loop_nodes
                                                                and g.layers[e.source] == g.layers[e.target]))
        for e in sorted(g.edges, key=lambda e: (natural(e.source), natural(e.target))))
    return Picture(nodes=nodes, edges=edges, lang=lang, coverage=coverage)
