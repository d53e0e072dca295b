"""The cause graph of a case and its analysis. Pure functions of a DiGraph (advice/digraph.py; the same
``nodes``, ``succ`` and ``pred`` mappings as a networkx DiGraph, so these read either).

Node attributes read: ``kind`` ("problem" or "cause"), ``category``, ``severity`` (problems).
Edge attributes read: ``strength`` (1-3), ``type`` ("causes" or "aggravates").
Loops (vicious circles) are allowed: every function here works on a graph with cycles.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ..model.case import Case
from .digraph import DiGraph, condensation, find_cycle

__all__ = ["Analysis", "PathInfo", "analyse", "build_graph", "strongest_paths"]


def build_graph(case: Case) -> DiGraph[str]:
    """Problems and causes as nodes, links as edges (with their type and strength)."""
    g: DiGraph[str] = DiGraph()
    for p in case.problems:
        g.add_node(p.id, kind="problem", category=p.category, severity=p.severity)
    for c in case.causes:
        g.add_node(c.id, kind="cause", category=c.category)
    for link in case.links:
        # problem -> problem is "aggravates" whatever the file says (the schema's meaning of such a link)
        kind = "aggravates" if g.nodes[link.source]["kind"] == "problem" else "causes"
        g.add_edge(link.source, link.target, type=kind, strength=link.strength)
    return g


@dataclass(frozen=True)
class PathInfo:
    """The strongest path from a cause to a problem: weight = product of strength/3, strength = weakest link."""

    nodes: tuple[str, ...]
    weight: float
    strength: int

    @property
    def distance(self) -> int:
        return len(self.nodes) - 1


@dataclass(frozen=True)
class Analysis:
    """Everything the rules and reports need to know about the shape of a case's cause graph."""

    roots: tuple[str, ...]  # root causes (nothing from outside causes them)
    layers: dict[str, int]  # 0 = root, increasing towards the symptoms
    paths: dict[str, dict[str, PathInfo]]  # cause -> problem it reaches -> strongest path
    leverage: dict[str, float]  # cause -> sum of severity x path weight over the problems it reaches
    leverage_rank: dict[str, int]  # cause -> 1 for the highest leverage (ties share a rank)
    loops: tuple[tuple[str, ...], ...]  # each vicious circle, as a closed walk starting at its smallest node
    in_loop: frozenset[str]
    problems_without_cause: tuple[str, ...]
    causes_without_effect: tuple[str, ...]
    root_causes_of: dict[str, tuple[str, ...]]  # problem -> root causes that reach it

    def reached(self, cause: str) -> tuple[str, ...]:
        return tuple(sorted(self.paths.get(cause, {})))


def strongest_paths(g: DiGraph[str], source: str) -> dict[str, PathInfo]:
    """Strongest path from ``source`` to every problem it reaches (ties: fewer links, then node ids)."""
    best: dict[str, PathInfo] = {}
    heap: list[tuple[float, int, tuple[str, ...], int]] = [(-1.0, 0, (source,), 4)]
    settled: set[str] = set()
    while heap:
        neg_w, hops, path, weakest = heapq.heappop(heap)
        node = path[-1]
        if node in settled:
            continue
        settled.add(node)
        if node != source and g.nodes[node]["kind"] == "problem":
            best[node] = PathInfo(nodes=path, weight=-neg_w, strength=weakest)
        for nxt, edge in sorted(g.succ[node].items()):
            if nxt in settled or nxt == source:
                continue
            s = edge["strength"]
            heapq.heappush(heap, (neg_w * s / 3.0, hops + 1, (*path, nxt), min(weakest, s)))
    return best


def analyse(g: DiGraph[str]) -> Analysis:
    """Roots, layers, reach, leverage, loops and dangling nodes of a cause graph."""
    causes = sorted(n for n, d in g.nodes.items() if d["kind"] == "cause")
    problems = sorted(n for n, d in g.nodes.items() if d["kind"] == "problem")
    components = condensation(g.succ)  # topological order
    scc_of = {n: i for i, comp in enumerate(components) for n in comp}
    # layers: longest path from a source component of the condensation (a DAG even when g has loops)
    comp_layer: list[int] = []
    fed: list[bool] = []  # fed from another component
    for i, comp in enumerate(components):
        preds = {scc_of[p] for n in comp for p in g.pred[n]} - {i}
        comp_layer.append(1 + max(comp_layer[p] for p in preds) if preds else 0)
        fed.append(bool(preds))
    layers = {n: comp_layer[scc_of[n]] for n in sorted(g.nodes)}
    roots = tuple(c for c in causes if not fed[scc_of[c]])
    loops: list[tuple[str, ...]] = []
    in_loop: set[str] = set()
    for nodes in sorted(sorted(comp) for comp in components):  # by smallest node: components share none
        if len(nodes) > 1 or nodes[0] in g.succ[nodes[0]]:
            in_loop.update(nodes)
            loops.append(find_cycle(g.succ, nodes[0], frozenset(nodes)))
    paths = {c: strongest_paths(g, c) for c in causes}
    severity = {p: g.nodes[p]["severity"] for p in problems}
    leverage = {c: round(sum(severity[p] * info.weight for p, info in paths[c].items()), 4) for c in causes}
    ordered = sorted(set(leverage.values()), reverse=True)
    leverage_rank = {c: ordered.index(v) + 1 for c, v in leverage.items()}
    root_causes_of = {p: tuple(r for r in roots if p in paths[r]) for p in problems}
    return Analysis(
        roots=roots, layers=layers, paths=paths, leverage=leverage, leverage_rank=leverage_rank,
        loops=tuple(loops), in_loop=frozenset(in_loop),
        problems_without_cause=tuple(p for p in problems if not g.pred[p]),
        causes_without_effect=tuple(c for c in causes if not g.succ[c]),
        root_causes_of=root_causes_of,
    )
