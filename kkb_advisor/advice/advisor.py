"""From a case to ranked recommendations: graph analysis, facts, the engine, then merging and ranking.

Recommendations come only from engine firings. This module merges the firings per program, scores them
(docs/rule-format.md, "Ranking"), orders prerequisites first, and lists what nothing covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .engine import Engine, Firing
from .facts import case_facts
from .graph import Analysis, analyse, build_graph
from ..model.case import Case
from ..model.advice import (
    ADVICE_SCHEMA_ID,
    Advice,
    Finding,
    FiringRecord,
    Gaps,
    GraphSummary,
    NodeInfo,
    Reason,
    Recommendation,
    RuleSetRef,
    Village,
    build,
)
from ..rules.compiler import CompiledRuleSet, compile_ruleset
from ..model.ruleset import KINDS, Bilingual, Program, RuleSet

__all__ = ["Advisor", "advise"]

CONTINUE_FACTOR = 0.7
MIN_MAIN_SCORE = 15.0  # below this a program has too little behind it for the main list ("also possible")
TIMING_ORDER = {"anytime": 0, "quota": 1, "annual_call": 2, "musrenbang": 3}  # on equal scores: what can start now
# problems and causes the catalogue links a program to count this much when its rule matched none
RELATED_SEVERITY = 0.5
RELATED_LEVERAGE = 0.5


def priority_weight(priority: int) -> float:
    """A rule's priority (1-5) adjusts, but never outweighs, what the FGD itself says (severity, leverage)."""
    return 0.6 + 0.1 * priority


class Advisor:
    """A rule set compiled into its own engine, ready to advise on any number of cases. Safe across threads."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.compiled: CompiledRuleSet = compile_ruleset(rules)
        self.engine = Engine(self.compiled)

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Advisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advise(self, case: Case, *, kinds: Sequence[str] = (), limit: int | None = None) -> Advice:
        """Ranked recommendations for one case (optionally only programs of some kinds, at most ``limit``)."""
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            from ..errors import UsageError, did_you_mean

            hint = did_you_mean(unknown[0], KINDS) or "kinds: " + ", ".join(KINDS)
            raise UsageError(f"unknown program kind '{unknown[0]}'; {hint}")
        graph = build_graph(case)
        analysis = analyse(graph)
        facts = case_facts(case, analysis, self.rules)
        firings = self.engine.run(facts)
        return _build_advice(case, analysis, firings, self.rules, kinds=kinds,
                             limit=limit if limit is not None else self.rules.limit)


def _advisor_for(rules: RuleSet) -> Advisor:
    """The rule set's own Advisor, made once and kept on the rule-set object (never in a module global)."""
    with rules.lock:
        advisor = rules.runtime.get("advisor")
        if advisor is None:
            advisor = Advisor(rules)
            rules.runtime["advisor"] = advisor
        return advisor


def advise(case: Case, rules: RuleSet | Advisor, *, kinds: Sequence[str] = (), limit: int | None = None) -> Advice:
    """Advise on ``case`` with a rule set (compiled on first use and kept with it) or an Advisor."""
    advisor = rules if isinstance(rules, Advisor) else _advisor_for(rules)
    return advisor.advise(case, kinds=kinds, limit=limit)


# ---------------------------------------------------------------- merging and ranking


@dataclass
class _Draft:
    program: Program
    firings: list[Firing]
    problems: set[str]
    causes: set[str]
    value: float = 0.0
    score: float = 0.0


def _nodes(bound: Iterable[str], kinds: dict[str, str]) -> tuple[set[str], set[str]]:
    problems: set[str] = set()
    causes: set[str] = set()
    for fid in bound:
        kind, _, rest = fid.partition(":")
        ends = rest.split(">") if kind in {"reach", "link"} else [rest] if kind in {"problem", "cause"} else []
        for node in ends:
            (problems if kinds.get(node) == "problem" else causes if kinds.get(node) == "cause" else set()).add(node)
    return problems, causes


def _build_advice(case: Case, analysis: Analysis, firings: list[Firing], rules: RuleSet, *,
                  kinds: Sequence[str], limit: int) -> Advice:
    node_kind = {p.id: "problem" for p in case.problems} | {c.id: "cause" for c in case.causes}
    severity = {p.id: p.severity for p in case.problems}
    top_leverage = max(analysis.leverage.values(), default=0.0) or 1.0
    existing = {e.program_id for e in case.existing_programs}
    drafts: dict[str, _Draft] = {}
    needs: dict[str, set[str]] = {}  # program -> programs it needs (from prerequisite firings)
    for f in firings:
        prog = rules.programs[f.rule.program]
        d = drafts.setdefault(prog.id, _Draft(prog, [], set(), set()))
        d.firings.append(f)
        if f.rule.role == "prereq":
            dependent = f.rule.source.split(":", 1)[1].split(">")[0]
            needs.setdefault(dependent, set()).add(prog.id)
    for d in drafts.values():
        related_p = {p.id for p in case.problems
                     if {p.category, *p.secondary_categories} & set(d.program.addresses_problems)}
        nodes = [_nodes(f.bound, node_kind) for f in d.firings]
        bound_p = {p for bp, _ in nodes for p in bp}
        # a cause of a kind the program acts on counts only where it leads to a problem the program addresses
        related_c = {c.id for c in case.causes if c.category in d.program.addresses_causes
                     and any(p in analysis.paths.get(c.id, {}) for p in related_p | bound_p)}
        for f, (bp, bc) in zip(d.firings, nodes, strict=True):
            d.problems |= bp
            d.causes |= bc
            if f.rule.role == "rule":
                # what the rule itself matched counts fully; what the catalogue links the program to, half
                s = (max(severity[p] for p in bp) if bp else
                     RELATED_SEVERITY * max((severity[p] for p in related_p), default=0)) / 5
                lev = (max(analysis.leverage.get(c, 0.0) for c in bc) if bc else
                       RELATED_LEVERAGE * max((analysis.leverage.get(c, 0.0) for c in related_c), default=0.0))
                d.value = max(d.value, priority_weight(f.rule.priority) * (0.6 * s + 0.4 * lev / top_leverage))
        d.problems |= related_p
        d.causes |= related_c
        breadth = min(10.0, 2.0 * max(0, len(d.problems) - 1))
        d.score = (100 * d.value + breadth) * (CONTINUE_FACTOR if d.program.id in existing else 1.0)
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
    ordered = _order(drafts, needs)
    recs = [_recommendation(i + 1, drafts[pid], case, analysis, rules, needs, ordered, existing)
            for i, pid in enumerate(ordered)]
    main = 0
    while main < min(limit, len(recs)) and recs[main].score >= MIN_MAIN_SCORE:
        main += 1
    covered_p = {n for r in recs for n in r.problems}
    covered_c = {n for r in recs for n in r.causes}
    m = case.metadata
    return build(Advice,
        schema_id=ADVICE_SCHEMA_ID, case_id=case.case_id,
        village=build(Village, kampung_kb_name=m.kampung_kb_name, kelurahan_or_desa=m.kelurahan_or_desa,
                        is_desa=m.is_desa, kecamatan=m.kecamatan, kab_kota=m.kab_kota, province=m.province,
                        setting=m.setting, date=m.date.isoformat()),
        ruleset=build(RuleSetRef, name=rules.name, version=rules.version, hash=rules.hash),
        recommendations=tuple(recs[:main]),
        also_possible=tuple(recs[main:]),
        gaps=build(Gaps, problems=tuple(sorted(set(severity) - covered_p, key=lambda p: (-severity[p], p))),
                  root_causes=tuple(r for r in analysis.roots if r not in covered_c)),
        findings=_findings(analysis),
        graph=build(GraphSummary,
            nodes=_node_info(case, analysis, rules), roots=analysis.roots, layers=analysis.layers,
            leverage=analysis.leverage, reach={c: analysis.reached(c) for c in sorted(analysis.paths)}),
        firings=tuple(sorted(
            (build(FiringRecord, rule=f.rule.source, role="prereq" if f.rule.role == "prereq" else "rule",
                                          program=f.rule.program, matched=f.bound) for f in firings),
            key=lambda r: (r.rule, r.program, r.matched))),
    )


def _order(drafts: dict[str, _Draft], needs: dict[str, set[str]]) -> list[str]:
    """By score, except that a program never comes before what it needs. Ties: what can start now (timing), then
    more problems addressed, then id."""
    def key(pid: str) -> tuple[float, int, int, str]:
        d = drafts[pid]
        return -round(d.score, 1), TIMING_ORDER.get(d.program.timing, 9), -len(d.problems), pid

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


def _recommendation(rank: int, d: _Draft, case: Case, analysis: Analysis, rules: RuleSet,
                    needs: dict[str, set[str]], ordered: list[str], existing: set[str]) -> Recommendation:
    reasons: dict[str, tuple[Bilingual, Bilingual, set[str], tuple[str, ...]]] = {}
    for f in d.firings:
        if f.rule.role == "prereq":
            dependent, _, needed = f.rule.source.split(":", 1)[1].partition(">")
            pre = next(p for p in rules.prerequisites if p.program == dependent and p.needs == needed)
            dep_name = rules.programs[dependent].name
            title = Bilingual(id=f"Prasyarat untuk {dependent} ({dep_name.id})",
                              en=f"Prerequisite of {dependent} ({dep_name.en})")
            entry = reasons.setdefault(f.rule.source, (title, pre.reason, set(), (pre.source,) if pre.source else ()))
        else:
            rule = rules.rule(f.rule.source)
            assert rule is not None
            entry = reasons.setdefault(rule.id, (rule.title, rule.rationale, set(), rule.source))
        # what the reader needs: not the trigger of a prerequisite, nor the program's own availability (a given)
        entry[2].update(b for b in f.bound if not b.startswith(("recommended:", "available:")))
    because = tuple(build(Reason, rule=rid, title=t, rationale=r, matched=tuple(sorted(m)), source=s)
                    for rid, (t, r, m, s) in sorted(reasons.items()))
    severity = {p.id: p.severity for p in case.problems}
    problems = tuple(sorted(d.problems, key=lambda p: (-severity[p], p)))
    causes = tuple(sorted(d.causes, key=lambda c: (-analysis.leverage.get(c, 0.0), c)))
    placed = set(ordered)
    return build(Recommendation,
        rank=rank, program=d.program.id, agency=d.program.agency, agency_name=d.program.agency_name,
        name=d.program.name, kinds=d.program.kinds, status="continue" if d.program.id in existing else "new",
        score=round(d.score, 1), addresses=problems + causes, problems=problems, causes=causes, because=because,
        paths=_paths(problems, set(causes), analysis),
        prerequisites=tuple(sorted(p for p in needs.get(d.program.id, ()) if p in placed)),
        needed_by=tuple(sorted(dep for dep, req in needs.items() if d.program.id in req and dep in placed)),
        eligibility=d.program.eligibility, procedure=d.program.procedure, first_step=d.program.first_step,
        lead=d.program.lead, timing=d.program.timing, cost=d.program.cost, sources=d.program.sources,
    )


def _paths(problems: Sequence[str], causes: set[str], analysis: Analysis) -> tuple[tuple[str, ...], ...]:
    """For the most severe problems addressed: the strongest path from a cause it names (else a root cause)."""
    out: list[tuple[float, tuple[str, ...]]] = []
    for p in problems[:3]:
        candidates = [c for c in sorted(causes) if p in analysis.paths.get(c, {})] or list(
            analysis.root_causes_of.get(p, ()))
        if not candidates:
            continue
        best = max(candidates, key=lambda c: (analysis.paths[c][p].weight, -len(analysis.paths[c][p].nodes),
                                              [-ord(ch) for ch in c]))
        info = analysis.paths[best][p]
        out.append((info.weight, info.nodes))
    unique = dict.fromkeys(nodes for _, nodes in sorted(out, key=lambda x: (-x[0], x[1])))
    return tuple(unique)


def _findings(analysis: Analysis) -> tuple[Finding, ...]:
    out = [build(Finding, kind="vicious_circle", nodes=loop,
                   message=Bilingual(id="Lingkaran setan: " + " → ".join(loop),
                                     en="Vicious circle: " + " → ".join(loop))) for loop in analysis.loops]
    out += [build(Finding, kind="problem_without_cause", nodes=(p,),
                    message=Bilingual(id=f"Masalah {p} belum punya penyebab di FGD",
                                      en=f"Problem {p} has no cause recorded in the FGD"))
            for p in analysis.problems_without_cause]
    out += [build(Finding, kind="cause_without_effect", nodes=(c,),
                    message=Bilingual(id=f"Penyebab {c} tidak terhubung ke masalah apa pun",
                                      en=f"Cause {c} is not linked to any problem"))
            for c in analysis.causes_without_effect]
    return tuple(out)


def _node_info(case: Case, analysis: Analysis, rules: RuleSet) -> dict[str, NodeInfo]:
    tax = rules.taxonomy
    out = {p.id: build(NodeInfo, kind="problem", category=p.category,
                          category_label=tax.problems.get(p.category, Bilingual(id=p.category, en=p.category)),
                          label=Bilingual(id=p.label_id, en=p.label_en or p.label_id), severity=p.severity,
                          leverage=None)
           for p in case.problems}
    out |= {c.id: build(NodeInfo, kind="cause", category=c.category,
                           category_label=tax.causes.get(c.category, Bilingual(id=c.category, en=c.category)),
                           label=Bilingual(id=c.label_id, en=c.label_en or c.label_id),
                           severity=None, leverage=analysis.leverage.get(c.id, 0.0))
            for c in case.causes}
    return dict(sorted(out.items()))
