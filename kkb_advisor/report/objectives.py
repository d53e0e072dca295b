"""The objective tree: the problem tree turned over. Each problem of the FGD becomes the condition to reach (an
end), each cause the means to it; the links stay as they were (a means serves the ends and means its cause led
to), and each objective names the recommended programs that work on it.

Read from the advice alone (its cause graph and recommendations), so every report can show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model.advice import Advice
from .objective_words import condition, means

__all__ = ["Objective", "ObjectiveTree", "goal_text", "objective_tree", "place_text"]


@dataclass(frozen=True)
class Objective:
    """One objective: ``node`` is the problem or cause it restates (its words in ``was``)."""

    node: str
    kind: Literal["end", "means"]
    text: str  # the condition to reach
    was: str  # the case's own label of the problem or cause
    severity: int | None  # problems: how severe the FGD found it (1-5)
    serves: tuple[str, ...]  # the objectives (node ids) this one leads to
    programs: tuple[str, ...]  # recommended programs (main list) that work on it, in rank order


@dataclass(frozen=True)
class ObjectiveTree:
    goal: str
    ends: tuple[Objective, ...]  # most severe problem first
    means: tuple[Objective, ...]  # root causes first (by layer), then by id

    def by_node(self) -> dict[str, Objective]:
        return {o.node: o for o in (*self.ends, *self.means)}

    def means_of(self, node: str) -> tuple[Objective, ...]:
        """The means that lead straight to ``node``."""
        return tuple(o for o in self.means if node in o.serves)


def place_text(advice: Advice, lang: str) -> str:
    """Where the FGD was, as a goal names it: 'RW 12, Kelurahan Semanggi' / 'Desa Dagen'."""
    v = advice.village
    unit = ("Desa " if v.is_desa else "Kelurahan ") + v.kelurahan_or_desa
    if v.rw:
        return f"RW {v.rw}, {unit}"
    if v.dusun:
        return f"Dusun {v.dusun}, {unit}"
    return unit


def goal_text(advice: Advice, lang: str) -> str:
    """The goal every objective serves, named for this Kampung KB and its place."""
    name, place = advice.village.kampung_kb_name, place_text(advice, lang)
    if lang == "en":
        return f"Families in {name} ({place}) live with more welfare and resilience"
    return f"Keluarga di {name} ({place}) makin sejahtera dan berketahanan"


def objective_tree(advice: Advice, lang: str = "id") -> ObjectiveTree:
    """The objective tree of ``advice`` in ``lang`` ("id" or "en")."""
    graph, is_desa = advice.graph, advice.village.is_desa
    serves: dict[str, list[str]] = {}
    for edge in graph.edges:
        serves.setdefault(edge.source, []).append(edge.target)
    working: dict[str, list[str]] = {}
    for rec in advice.recommendations:
        for node in rec.addresses:
            working.setdefault(node, []).append(rec.program)
    ends: list[Objective] = []
    means_: list[Objective] = []
    for node, info in graph.nodes.items():
        cat_label = info.category_label.get(lang)
        is_end = info.kind == "problem"
        text = condition(info.category, cat_label, is_desa, lang) if is_end else means(info.category, cat_label, lang)
        obj = Objective(node=node, kind="end" if is_end else "means", text=text, was=info.label.get(lang),
                        severity=info.severity, serves=tuple(sorted(serves.get(node, ()))),
                        programs=tuple(working.get(node, ())))
        (ends if is_end else means_).append(obj)
    ends.sort(key=lambda o: (-(o.severity or 0), o.node))
    layer = graph.layers
    means_.sort(key=lambda o: (layer.get(o.node, 0), o.node))
    return ObjectiveTree(goal=goal_text(advice, lang), ends=tuple(ends), means=tuple(means_))
