"""The logframe draft: goal, outcomes (the FGD's problems restated), outputs (the recommended programs), each with
its indicators (the case's own, today's value as the baseline), where they are read again and who answers for it.

A draft for the Pokja and the agencies to finish: the targets are theirs to set, so the table leaves them empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model.advice import Advice
from .indicator_meaning import better_when, indicators_for, verified_by
from .labels import label, number
from .objectives import goal_text, objective_tree
from .plan import action_plan

__all__ = ["LogIndicator", "LogRow", "Logframe", "logframe"]


@dataclass(frozen=True)
class LogIndicator:
    text: str  # what is measured, and which way it should go
    baseline: str  # today's value, as the case records it
    verified_by: str  # where it is read again
    value: float | int | None = None  # the baseline as a number, when it is one (a spreadsheet keeps it a number)
    key: str = ""  # the case's indicator it reads ("" for the FGD's own measures: severity, severe problems)


@dataclass(frozen=True)
class LogRow:
    level: Literal["goal", "outcome", "output"]
    code: str  # "" for the goal, the problem id for an outcome, the program id for an output
    statement: str
    indicators: tuple[LogIndicator, ...]
    responsible: str
    contributes_to: tuple[str, ...]  # outputs: the outcomes (problem ids) they work on


@dataclass(frozen=True)
class Logframe:
    rows: tuple[LogRow, ...]  # the goal, then outcomes (most severe first), then outputs (in plan order)

    def level(self, level: str) -> tuple[LogRow, ...]:
        return tuple(r for r in self.rows if r.level == level)


def _way(key: str, lang: str) -> str:
    way = better_when(key)
    return f" ({label('lf_' + way, lang)})" if way in ("lower", "higher") else ""


def _case_indicator(advice: Advice, key: str, lang: str) -> LogIndicator:
    ind = next(i for i in advice.fgd.indicators if i.key == key)
    return LogIndicator(text=ind.label.get(lang) + _way(key, lang), baseline=number(ind.value, lang),
                        verified_by=verified_by(key, advice.village.is_desa, lang), value=ind.value, key=key)


def logframe(advice: Advice, lang: str = "id") -> Logframe:
    """The logframe draft of ``advice`` in ``lang`` ("id" or "en")."""
    tree = objective_tree(advice, lang)
    present = {i.key for i in advice.fgd.indicators}
    next_fgd = label("lf_next_fgd", lang)
    unit = "desa" if advice.village.is_desa else "kelurahan"
    severe = sum(1 for o in tree.ends if (o.severity or 0) >= 4)
    goal_ind = [LogIndicator(label("lf_severe_problems", lang), str(severe), next_fgd, severe)]
    if "poor_households" in present:
        goal_ind.append(_case_indicator(advice, "poor_households", lang))
    rows = [LogRow("goal", "", goal_text(advice, lang), tuple(goal_ind),
                   label("lf_goal_owner", lang).format(unit=unit), ())]
    agencies = {r.program: r.agency_name for r in advice.recommendations}
    for end in tree.ends:
        category = advice.graph.nodes[end.node].category
        inds = [_case_indicator(advice, k, lang) for k in indicators_for((category,), present)]
        inds.append(LogIndicator(label("lf_severity", lang), f"{end.severity}/5", next_fgd, end.severity))
        owners = list(dict.fromkeys(agencies[p] for p in end.programs))
        responsible = "; ".join(owners) if owners else label("lf_no_program", lang)
        rows.append(LogRow("outcome", end.node, f"{end.text} ({end.node}: “{end.was}”)", tuple(inds),
                           responsible, ()))
    by_id = {r.program: r for r in advice.recommendations}
    for step in action_plan(advice, lang):
        rec = by_id[step.program]
        ind = LogIndicator(label("lf_program_running", lang), label(f"lf_baseline_{rec.status}", lang),
                           label("lf_follow_up", lang).format(agency=rec.agency_name))
        rows.append(LogRow("output", rec.program, label("lf_output", lang).format(name=step.name), (ind,),
                           f"{rec.agency_name}; {label('lead', lang).lower()}: {step.lead}", rec.problems))
    return Logframe(rows=tuple(rows))
