"""advice/digraph.py against networkx (the oracle, used only here) on random graphs: cycles, self loops,
disconnected parts, isolated nodes; and graphs deeper than the recursion limit."""

from __future__ import annotations

import random
import sys

import networkx as nx
import pytest

from kkb_advisor.advice.digraph import DiGraph, condensation, find_cycle


def _random_edges(rng: random.Random) -> tuple[list[int], list[tuple[int, int]]]:
    """Nodes in a random insertion order, and edges among them: sparse or dense, some self loops, often several
    disconnected parts (nodes of different parts are never linked)."""
    count = rng.randint(1, 40)
    nodes = rng.sample(range(1000), count)
    parts = rng.randint(1, 4)
    part = {n: rng.randrange(parts) for n in nodes}
    edges = []
    for _ in range(rng.randint(0, count * rng.choice((1, 2, 4)))):
        a, b = rng.choice(nodes), rng.choice(nodes)
        if part[a] == part[b] and (a != b or rng.random() < 0.3):
            edges.append((a, b))
    return nodes, edges


def _pair(rng: random.Random) -> tuple[DiGraph[int], nx.DiGraph]:
    nodes, edges = _random_edges(rng)
    ours: DiGraph[int] = DiGraph()
    theirs = nx.DiGraph()
    for g in (ours, theirs):
        for n in nodes:
            g.add_node(n)
        for a, b in edges:
            g.add_edge(a, b)
    return ours, theirs


def _induced(g: nx.DiGraph, keep: set[int]) -> nx.DiGraph:
    """The subgraph on ``keep`` as a graph of its own, nodes and each node's edges in insertion order. (A networkx
    subgraph view lists a node's successors in the iteration order of the set ``keep`` when that set is smaller than
    half of them: set order, not the insertion order find_cycle documents.)"""
    h = nx.DiGraph()
    h.add_nodes_from(n for n in g if n in keep)
    h.add_edges_from((a, b) for a, b in g.edges if a in keep and b in keep)
    return h


def _walk(edges: list[tuple[int, int]]) -> tuple[int, ...]:
    return (*(a for a, _ in edges), edges[0][0])


SEEDS = range(300)


@pytest.mark.parametrize("seed", SEEDS)
def test_condensation_matches_networkx(seed: int) -> None:
    ours, theirs = _pair(random.Random(seed))
    components = condensation(ours.succ)
    assert sorted(map(sorted, components)) == sorted(map(sorted, nx.strongly_connected_components(theirs)))
    assert sorted(n for c in components for n in c) == sorted(theirs)  # every node in exactly one
    position = {n: i for i, comp in enumerate(components) for n in comp}
    assert all(position[a] <= position[b] for a, b in theirs.edges)  # topological order
    # the same DAG of components as networkx's condensation
    cond = nx.condensation(theirs)
    theirs_of = cond.graph["mapping"]
    ours_dag = {(position[a], position[b]) for a, b in theirs.edges if position[a] != position[b]}
    as_ours = {(position[next(iter(cond.nodes[x]["members"]))], position[next(iter(cond.nodes[y]["members"]))])
               for x, y in cond.edges}
    assert ours_dag == as_ours
    assert {theirs_of[n] for n in theirs} == set(cond.nodes)


@pytest.mark.parametrize("seed", SEEDS)
def test_find_cycle_matches_networkx_on_each_component(seed: int) -> None:
    ours, theirs = _pair(random.Random(seed))
    for comp in condensation(ours.succ):
        keep = set(comp)
        looped = len(comp) > 1 or comp[0] in ours.succ[comp[0]]
        for source in sorted(comp):
            if not looped:
                with pytest.raises(ValueError):
                    find_cycle(ours.succ, source, keep)
                continue
            expected = _walk(nx.find_cycle(_induced(theirs, keep), source=source))
            assert find_cycle(ours.succ, source, keep) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_find_cycle_matches_networkx_on_the_whole_graph(seed: int) -> None:
    ours, theirs = _pair(random.Random(seed))
    everything = set(theirs)
    for source in theirs:
        try:
            expected = _walk(nx.find_cycle(theirs, source=source))
        except nx.NetworkXNoCycle:
            with pytest.raises(ValueError):
                find_cycle(ours.succ, source, everything)
            continue
        assert find_cycle(ours.succ, source, everything) == expected


def test_string_nodes_follow_insertion_order_not_sorting() -> None:
    g: DiGraph[str] = DiGraph()
    for a, b in (("B", "C"), ("C", "B"), ("C", "A"), ("A", "B")):
        g.add_edge(a, b)
    assert [sorted(c) for c in condensation(g.succ)] == [["A", "B", "C"]]
    assert find_cycle(g.succ, "B", {"A", "B", "C"}) == ("B", "C", "B")  # C's first successor is B
    assert find_cycle(g.succ, "A", {"A", "B", "C"}) == ("B", "C", "B")  # the search closes B-C first


def test_deeper_than_the_recursion_limit() -> None:
    depth = sys.getrecursionlimit() * 3
    g: DiGraph[int] = DiGraph()
    for i in range(depth):
        g.add_edge(i, i + 1)
    components = condensation(g.succ)
    assert components == [(i,) for i in range(depth + 1)]
    g.add_edge(depth, 0)  # now one long loop
    assert condensation(g.succ) == [tuple(range(depth + 1))]
    assert find_cycle(g.succ, 0, set(g)) == (*range(depth + 1), 0)


def test_digraph_shares_edge_attributes_and_updates_them() -> None:
    g: DiGraph[str] = DiGraph()
    g.add_node("a", kind="cause")
    g.add_edge("a", "b", strength=2)
    assert list(g) == ["a", "b"] and len(g) == 2
    assert g.nodes["b"] == {}  # added by its edge
    g.add_edge("a", "b", type="causes")
    assert g.succ["a"]["b"] == {"strength": 2, "type": "causes"}
    assert g.pred["b"]["a"] is g.succ["a"]["b"]
    g.add_node("a", category="X")
    assert g.nodes["a"] == {"kind": "cause", "category": "X"}
    assert g.pred["a"] == {} and g.succ["b"] == {}


def test_find_cycle_searches_each_node_once() -> None:
    """A chain of 60 diamonds has 2**60 paths; a search that walked into finished nodes again would never end."""
    g: DiGraph[int] = DiGraph()
    for i in range(0, 180, 3):
        g.add_edge(i, i + 1)
        g.add_edge(i, i + 2)
        g.add_edge(i + 1, i + 3)
        g.add_edge(i + 2, i + 3)
    g.add_edge(180, 180)  # the only cycle: a self loop at the very end
    assert find_cycle(g.succ, 0, set(g)) == (180, 180)
    with pytest.raises(ValueError):
        find_cycle(g.succ, 0, set(g) - {180})
