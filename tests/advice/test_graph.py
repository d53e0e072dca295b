"""Cause-graph analysis: roots, reach, leverage, layers, loops, dangling nodes."""

from __future__ import annotations

from kkb_advisor.advice.digraph import DiGraph
from kkb_advisor.advice.graph import analyse


def _graph(edges: list[tuple[str, str, int]], severity: dict[str, int]) -> DiGraph[str]:
    g: DiGraph[str] = DiGraph()
    for node in {n for e in edges for n in e[:2]} | set(severity):
        g.add_node(node, kind="problem" if node.startswith("P") else "cause", category="X",
                   severity=severity.get(node))
    for a, b, s in edges:
        g.add_edge(a, b, strength=s, type="causes")
    return g


def test_roots_layers_reach_and_leverage() -> None:
    g = _graph([("C1", "C2", 3), ("C2", "P1", 3), ("C2", "P2", 1), ("C3", "P2", 2)], {"P1": 5, "P2": 2})
    a = analyse(g)
    assert a.roots == ("C1", "C3")
    assert a.layers == {"C1": 0, "C2": 1, "C3": 0, "P1": 2, "P2": 2}
    assert a.reached("C1") == ("P1", "P2")
    assert a.paths["C1"]["P1"].nodes == ("C1", "C2", "P1")
    assert a.paths["C1"]["P2"].strength == 1
    # leverage = sum of severity x product(strength/3) along the strongest path
    assert a.leverage["C2"] == round(5 * 1 + 2 * (1 / 3), 4)
    assert a.leverage["C1"] == a.leverage["C2"]
    assert a.leverage_rank["C3"] == 2 and a.leverage_rank["C1"] == 1
    assert a.root_causes_of["P2"] == ("C1", "C3")


def test_strongest_path_prefers_strong_links_over_short_ones() -> None:
    g = _graph([("C1", "P1", 1), ("C1", "C2", 3), ("C2", "P1", 3)], {"P1": 3})
    a = analyse(g)
    assert a.paths["C1"]["P1"].nodes == ("C1", "C2", "P1")
    assert a.paths["C1"]["P1"].weight == 1.0


def test_vicious_circle_is_found_and_analysis_still_works() -> None:
    g = _graph([("C1", "C2", 2), ("C2", "C3", 2), ("C3", "C1", 2), ("C3", "P1", 3), ("C4", "C1", 1)], {"P1": 4})
    a = analyse(g)
    assert a.loops == (("C1", "C2", "C3", "C1"),)
    assert a.in_loop == {"C1", "C2", "C3"}
    assert a.roots == ("C4",)  # the loop is fed from outside
    assert a.reached("C2") == ("P1",)


def test_loop_without_outside_cause_is_a_root() -> None:
    g = _graph([("C1", "C2", 2), ("C2", "C1", 2), ("C2", "P1", 3)], {"P1": 4})
    assert analyse(g).roots == ("C1", "C2")


def test_dangling_nodes_are_reported() -> None:
    g = _graph([("C1", "P1", 2)], {"P1": 3, "P2": 2})
    g.add_node("C9", kind="cause", category="X", severity=None)
    a = analyse(g)
    assert a.problems_without_cause == ("P2",)
    assert a.causes_without_effect == ("C9",)
