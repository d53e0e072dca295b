"""From engine firings to a ranked list of programs: merge the firings per program, score, order.

Recommendations come only from engine firings. The score follows the rule set's ``ranking:`` section
(docs/rule-format.md, "Ranking"): what the firing matched in the FGD (severity, cause leverage) leads, the rule's
priority adjusts; a prerequisite is as urgent as what needs it and always comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model.case import Case
from ..model.ruleset import Program, Ranking, RuleSet
from .engine import Firing
from .graph import Analysis

__all__ = ["Draft", "Ranked", "rank"]


@dataclass
class Draft:
    """A program on its way to a recommendation: the firings behind it and what they address."""

    program: Program
    firings: list[Firing] = field(default_factory=list)
    problems: set[str] = field(default_factory=set)
    causes: set[str] = field(default_factory=set)
    value: float = 0.0
    score: float = 0.0


@dataclass(frozen=True)
class Ranked:
    drafts: dict[str, Draft]  # program id -> its draft (only programs of the asked-for kinds)
    order: list[str]  # program ids, best first, every prerequisite before what needs it
    needs: dict[str, set[str]]  # program -> programs it needs (from prerequisite firings)


def nodes_of(bound: Iterable[str], kinds: dict[str, str]) -> tuple[set[str], set[str]]:
    """The problem and cause nodes named by the facts a firing bound (both ends of a reach or link)."""
    problems: set[str] = set()
    causes: set[str] = set()
    for fid in bound:
        kind, _, rest = fid.partition(":")
        ends = rest.split(">") if kind in {"reach", "link"} else [rest] if kind in {"problem", "cause"} else []
        for node in ends:
            (problems if kinds.get(node) == "problem" else causes if kinds.get(node) == "cause" else set()).add(node)
    return problems, causes


def _merge(firings: Sequence[Firing], rules: RuleSet) -> tuple[dict[str, Draft], dict[str, set[str]]]:
    drafts: dict[str, Draft] = {}
    needs: dict[str, set[str]] = {}
    for f in firings:
        prog = rules.programs[f.rule.program]
        drafts.setdefault(prog.id, Draft(prog)).firings.append(f)
        if f.rule.role == "prereq":
            dependent = f.rule.source.split(":", 1)[1].split(">")[0]
            needs.setdefault(dependent, set()).add(prog.id)
    return drafts, needs


@dataclass(frozen=True)
class _Scoring:
    """What scoring needs to know about the case, worked out once."""

    case: Case
    analysis: Analysis
    ranking: Ranking
    existing: set[str]
    node_kind: dict[str, str]
    severity: dict[str, int]
    top_leverage: float

    @classmethod
    def of(cls, case: Case, analysis: Analysis, ranking: Ranking) -> _Scoring:
        return cls(case, analysis, ranking, {e.program_id for e in case.existing_programs},
                   {p.id: "problem" for p in case.problems} | {c.id: "cause" for c in case.causes},
                   {p.id: p.severity for p in case.problems}, max(analysis.leverage.values(), default=0.0) or 1.0)


def _score(d: Draft, sc: _Scoring) -> None:
    case, analysis, ranking, severity = sc.case, sc.analysis, sc.ranking, sc.severity
    related_p = {p.id for p in case.problems
                 if {p.category, *p.secondary_categories} & set(d.program.addresses_problems)}
    nodes = [nodes_of(f.bound, sc.node_kind) for f in d.firings]
    bound_p = {p for bp, _ in nodes for p in bp}
    # a cause of a kind the program acts on counts only where it leads to a problem the program addresses
    related_c = {c.id for c in case.causes if c.category in d.program.addresses_causes
                 and any(p in analysis.paths.get(c.id, {}) for p in related_p | bound_p)}
    for f, (bp, bc) in zip(d.firings, nodes, strict=True):
        d.problems |= bp
        d.causes |= bc
        if f.rule.role == "rule":
            # what the rule itself matched counts fully; what the catalogue links the program to, in part
            s = (max(severity[p] for p in bp) if bp else
                 ranking.related_severity * max((severity[p] for p in related_p), default=0)) / 5
            lev = (max(analysis.leverage.get(c, 0.0) for c in bc) if bc else
                   ranking.related_leverage * max((analysis.leverage.get(c, 0.0) for c in related_c), default=0.0))
            value = ranking.priority_weight(f.rule.priority) * (
                ranking.severity_weight * s + ranking.leverage_weight * lev / sc.top_leverage)
            d.value = max(d.value, value)
    d.problems |= related_p
    d.causes |= related_c
    breadth = min(ranking.breadth_max, ranking.breadth_per_problem * max(0, len(d.problems) - 1))
    d.score = (100 * d.value + breadth) * (ranking.continue_factor if d.program.id in sc.existing else 1.0)


def _order(drafts: dict[str, Draft], needs: dict[str, set[str]], ranking: Ranking) -> list[str]:
    """By score, except that a program never comes before what it needs. Ties: what can start sooner (timing),
    then more problems addressed, then id."""
    timing = {t: i for i, t in enumerate(ranking.timing_order)}

    def key(pid: str) -> tuple[float, int, int, str]:
        d = drafts[pid]
        return -round(d.score, 1), timing.get(d.program.timing, len(timing)), -len(d.problems), pid

    placed: list[str] = []
    remaining = sorted(drafts, key=key)
    while remaining:
        for pid in remaining:
            if all(req in placed or req not in drafts for req in needs.get(pid, ())):
                placed.append(pid)
                remaining.remove(pid)
                break
        else:  # unreachable: prerequisite cycles are refused when the rule set loads
            placed.extend(remaining)
            break
    return placed


def rank(case: Case, analysis: Analysis, firings: Sequence[Firing], rules: RuleSet, *,
         kinds: Sequence[str] = ()) -> Ranked:
    """Merge, score and order the programs the firings recommend (only those of ``kinds``, when given)."""
    drafts, needs = _merge(firings, rules)
    scoring = _Scoring.of(case, analysis, rules.ranking)
    for d in drafts.values():
        _score(d, scoring)
    # a prerequisite is as urgent as the most urgent program that needs it
    changed = True
    while changed:
        changed = False
        for dependent, required in needs.items():
            for req in required:
                if dependent in drafts and drafts[req].score < drafts[dependent].score:
                    drafts[req].score = drafts[dependent].score
                    changed = True
    if kinds:
        drafts = {pid: d for pid, d in drafts.items() if set(d.program.kinds) & set(kinds)}
    return Ranked(drafts=drafts, order=_order(drafts, needs, rules.ranking), needs=needs)
