"""A small directed graph and the two algorithms the cause graph needs: its strongly connected components in
topological order (the condensation) and a cycle through a node.

Written for the cause graph instead of importing networkx, which costs 50-110 ms at every start for the four
functions we used. Deterministic: everything follows insertion order (of nodes, and of each node's edges).
tests/advice/test_digraph.py checks both algorithms against networkx on random graphs. All loops are iterative,
so a graph of any depth works without touching the recursion limit.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["DiGraph", "condensation", "find_cycle"]

N = TypeVar("N", bound=Hashable)


class DiGraph(Generic[N]):
    """Nodes with their attributes, and at most one edge a pair of nodes, with its attributes.

    The same mappings as networkx's DiGraph, so code written against these reads either: ``nodes[n]`` (a node's
    attributes), ``succ[u][v]`` and ``pred[v][u]`` (one edge's attributes, the same dict). Adding an edge adds
    its nodes; adding a node or an edge again updates its attributes.
    """

    __slots__ = ("nodes", "pred", "succ")

    def __init__(self) -> None:
        self.nodes: dict[N, dict[str, Any]] = {}
        self.succ: dict[N, dict[N, dict[str, Any]]] = {}
        self.pred: dict[N, dict[N, dict[str, Any]]] = {}

    def add_node(self, node: N, **attrs: Any) -> None:
        if node not in self.nodes:
            self.nodes[node] = {}
            self.succ[node] = {}
            self.pred[node] = {}
        self.nodes[node].update(attrs)

    def add_edge(self, source: N, target: N, **attrs: Any) -> None:
        self.add_node(source)
        self.add_node(target)
        data = self.succ[source].setdefault(target, {})
        data.update(attrs)
        self.pred[target][source] = data

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[N]:
        return iter(self.nodes)


def condensation(succ: Mapping[N, Iterable[N]]) -> list[tuple[N, ...]]:
    """The strongly connected components of the graph whose successors ``succ`` gives (every node a key), in
    topological order: an edge between two components always points from an earlier one to a later one.

    Tarjan's algorithm, with an explicit stack: it finishes a component only after every component reachable from
    it, so its finishing order reversed is a topological order. Each component lists its nodes in the order the
    search met them."""
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []  # nodes met and not yet in a finished component
    on_stack: set[N] = set()
    finished: list[tuple[N, ...]] = []
    for root in succ:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[N, Iterator[N]]] = [(root, iter(succ[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:  # every successor of node seen
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[N] = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    finished.append(tuple(reversed(component)))
    finished.reverse()
    return finished


def find_cycle(succ: Mapping[N, Iterable[N]], source: N, within: Collection[N]) -> tuple[N, ...]:
    """The first cycle a depth-first search from ``source`` meets, using only nodes of ``within`` and following
    each node's successors in order: a closed walk (its first node again at the end), which starts where the
    search closed it, not necessarily at ``source``. networkx's ``find_cycle(G.subgraph(within), source)`` finds
    the same one when its subgraph follows insertion order. Raises ValueError when there is none."""
    path = [source]
    at = {source: 0}  # node on the path -> its position
    done: set[N] = set()  # nodes whose every successor has been searched
    work = [iter(succ[source])]
    while work:
        for child in work[-1]:
            if child not in within or child in done:
                continue
            if child in at:
                return (*path[at[child]:], child)
            at[child] = len(path)
            path.append(child)
            work.append(iter(succ[child]))
            break
        else:
            work.pop()
            node = path.pop()
            del at[node]
            done.add(node)
    raise ValueError(f"no cycle through {source!r}")
