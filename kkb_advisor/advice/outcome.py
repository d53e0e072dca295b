"""The Advice for one case, assembled from the ranked programs, the graph analysis and the firing log.

The Advice carries everything a report needs (the cause graph's nodes, links, layers and loops, the FGD's groups
and indicators, the words of timings), so every output format is a function of the Advice alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from ..model.advice import (
    ADVICE_SCHEMA_ID,
    Advice,
    Edge,
    Fgd,
    Finding,
    FiringRecord,
    Gaps,
    GraphSummary,
    Group,
    Indicator,
    NodeInfo,
    Offer,
    OfferOutcome,
    Question,
    Reason,
    Recommendation,
    RuleSetRef,
    Step,
    Village,
    build,
)
from ..model.case import Case
from ..model.ruleset import Bilingual, RuleSet, Taxonomy
from ..rules.placewords import Place
from . import reasons
from .engine import Firing
from .graph import Analysis
from .need import Need
from .ranking import Draft, Ranked
from .reasons import NodeWords
from .tables import Tables

__all__ = ["assemble", "offer_words"]


def assemble(case: Case, analysis: Analysis, firings: Sequence[Firing], ranked: Ranked, rules: RuleSet, *,
             needs: dict[str, Need], offered: Sequence[OfferOutcome] = (),
             ask_next: Sequence[Question] = (), engine: str = "durable_rules", tables: Tables | None = None) -> Advice:
    """The Advice: the main list, also possible, what to keep, the agencies' offers, the questions to ask next,
    gaps, findings, the graph and the firing log. ``tables``: the rule set's (its Advisor's; made for this call
    when not given)."""
    words = NodeWords(case, needs)
    order = [*ranked.main, *ranked.also, *ranked.keep]
    listing = _Listing(case, ranked, rules, tables if tables is not None and tables.rules is rules else Tables(rules))
    recs = [_recommendation(i + 1, ranked.drafts[pid], case, analysis, rules, listing, words)
            for i, pid in enumerate(order)]
    main, also = recs[:len(ranked.main)], recs[len(ranked.main):len(ranked.main) + len(ranked.also)]
    severity = {p.id: p.severity for p in case.problems}
    covered_p = {n for r in main for n in r.problems}
    covered_c = {n for r in main for n in r.causes}
    return build(Advice,
        schema_id=ADVICE_SCHEMA_ID, case_id=case.case_id, village=_village(case), fgd=_fgd(case, rules.taxonomy),
        ruleset=build(RuleSetRef, name=rules.name, version=rules.version, hash=rules.hash), engine=engine,
        recommendations=tuple(main), also_possible=tuple(also), keep=tuple(recs[len(main) + len(also):]),
        offered=tuple(offered), ask_next=tuple(ask_next),
        gaps=build(Gaps, problems=tuple(sorted(set(severity) - covered_p, key=lambda p: (-severity[p], p))),
                   root_causes=tuple(r for r in analysis.roots if r not in covered_c)),
        findings=_findings(analysis),
        graph=_graph(case, analysis, rules.taxonomy),
        firings=tuple(sorted(
            (build(FiringRecord, rule=f.rule.source, role="prereq" if f.rule.role == "prereq" else "rule",
                   program=f.rule.program, matched=f.bound) for f in firings),
            key=lambda r: (r.rule, r.program, r.matched))),
    )


def offer_words(case: Case, agency: str, program: str) -> Bilingual:
    """What the agency said at the FGD when it offered the program (its response's text)."""
    for r in case.opd_responses:
        if r.agency == agency and program in r.program_ids:
            return Bilingual(id=r.response_id or r.response_en, en=r.response_en or r.response_id)
    return Bilingual(id="", en="")


def _village(case: Case) -> Village:
    m = case.metadata
    return build(Village, kampung_kb_name=m.kampung_kb_name, unit_level=m.unit_level, rw=m.rw, dusun=m.dusun,
                 kelurahan_or_desa=m.kelurahan_or_desa, is_desa=m.is_desa, kecamatan=m.kecamatan,
                 kab_kota=m.kab_kota, province=m.province, setting=m.setting, date=m.date.isoformat())


def _fgd(case: Case, taxonomy: Taxonomy) -> Fgd:
    m = case.metadata
    order = {key: i for i, key in enumerate(taxonomy.indicators)}
    values = sorted(case.profile.values().items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return build(Fgd,
        lead=f"{m.fgd_lead.role}, {m.fgd_lead.org}" if m.fgd_lead else None,
        groups=tuple(build(Group, id=g.id, label=Bilingual(id=g.label_id, en=g.label_en or g.label_id),
                           participants=g.participants) for g in m.fgd_groups),
        indicators=tuple(build(Indicator, key=k, label=taxonomy.indicator(k), value=v) for k, v in values))


def _start(timing: str, case: Case, taxonomy: Taxonomy) -> Bilingual:
    """When to start: for the Musrenbang (January, for next year's budget), the first cycle after the FGD."""
    words = taxonomy.timing(timing)
    if timing != "musrenbang":
        return words.start
    date: dt.date = case.metadata.date
    year = date.year if date.month == 1 else date.year + 1
    text = words.start if case.metadata.is_desa or words.start_kelurahan is None else words.start_kelurahan
    return Bilingual(id=text.id.format(year=year, budget=year + 1), en=text.en.format(year=year, budget=year + 1))


class _Listing:
    """What every recommendation of one advice reads of the lists: where each program stands, who needs whom."""

    def __init__(self, case: Case, ranked: Ranked, rules: RuleSet, tables: Tables) -> None:
        self.ranked = ranked
        self.tables = tables
        self.place = ranked.place
        self.severity = {p.id: p.severity for p in case.problems}
        self.placed = {*ranked.main, *ranked.also, *ranked.keep}
        self.names = {pid: x.program.name for pid, x in ranked.drafts.items()}
        self.needed_by: dict[str, list[str]] = {}  # program -> the placed programs that need it
        for dep, req in sorted(ranked.needs.items()):
            if dep in self.placed:
                for pid in req:
                    self.needed_by.setdefault(pid, []).append(dep)
        self.served: dict[str, list[str]] = {}  # enabler -> the programs it is a step of, by id
        for pid, steps in sorted(ranked.steps.items()):
            for sid in dict.fromkeys(s for s, kind in steps if kind == "enabler"):
                self.served.setdefault(sid, []).append(pid)
        self.start: dict[str, Bilingual] = {}  # timing -> when to start, for this case


def _reasons(d: Draft, rules: RuleSet, place: Place, tables: Tables) -> tuple[Reason, ...]:
    reasons: dict[str, tuple[Bilingual, Bilingual, set[str], tuple[str, ...]]] = {}
    for f in d.firings:
        entry = reasons.get(f.rule.source)
        if entry is None:  # the rule's words as the place reads them, made once a place
            title, rationale, sources = tables.places.kept(place, ("reason", f.rule.source),
                                                           partial(_reason_words, f, rules, place, tables))
            entry = reasons[f.rule.source] = (title, rationale, set(), sources)
        # what the reader needs: not the trigger of a prerequisite, nor the program's own availability (a given)
        entry[2].update(b for b in f.bound if not b.startswith(("recommended:", "available:")))
    return tuple(build(Reason, rule=rid, title=t, rationale=r, matched=tuple(sorted(m)), source=s)
                 for rid, (t, r, m, s) in sorted(reasons.items()))


def _reason_words(f: Firing, rules: RuleSet, place: Place, tables: Tables) -> tuple[Bilingual, Bilingual,
                                                                                     tuple[str, ...]]:
    """A firing's rule (or prerequisite) in words: its title, rationale and the sources the place is shown."""
    if f.rule.role == "prereq":
        dependent, _, needed = f.rule.source.split(":", 1)[1].partition(">")
        pre = tables.prerequisite(dependent, needed)
        dep_name = place.text(rules.programs[dependent].name)
        title = Bilingual(id=f"Prasyarat untuk {dependent} ({dep_name.id})",
                          en=f"Prerequisite of {dependent} ({dep_name.en})")
        return title, place.text(pre.reason), place.sources((pre.source,) if pre.source else ())
    rule = rules.rule(f.rule.source)
    assert rule is not None
    return place.text(rule.title), place.text(rule.rationale), place.sources(rule.source)


def _recommendation(rank: int, d: Draft, case: Case, analysis: Analysis, rules: RuleSet, listing: _Listing,
                    words: NodeWords) -> Recommendation:
    severity, ranked, placed = listing.severity, listing.ranked, listing.placed
    problems = tuple(sorted(d.problems, key=lambda p: (-severity[p], p)))
    causes = tuple(sorted(d.causes, key=lambda c: (-analysis.leverage.get(c, 0.0), c)))
    program = d.program
    needed_by = tuple(sorted(listing.needed_by.get(program.id, ())))
    served = tuple(listing.served.get(program.id, ()))
    steps = tuple(build(Step, program=s, kind=kind, agency=ranked.drafts[s].program.agency,
                        agency_name=ranked.drafts[s].program.agency_name, name=ranked.drafts[s].program.name,
                        first_step=ranked.drafts[s].program.first_step)
                  for s, kind in ranked.steps.get(program.id, ()))
    terms = reasons.terms(d, rules.ranking, words)
    sources, secondary = listing.tables.ordered(program.sources)
    start = listing.start.get(program.timing)
    if start is None:
        start = listing.start[program.timing] = _start(program.timing, case, rules.taxonomy)
    return build(Recommendation,
        rank=rank, program=program.id, agency=program.agency, agency_name=program.agency_name,
        name=program.name, kinds=program.kinds, status="continue" if d.existing else "new", role=d.role,
        offered=build(Offer, agency=d.offered, words=offer_words(case, d.offered, program.id)) if d.offered else None,
        score=round(sum(t.value for t in terms) * 100, 1), terms=terms,
        note=reasons.note(d, words, listing.names, needed_by, served),
        addresses=problems + causes, problems=problems, causes=causes,
        because=_reasons(d, rules, listing.place, listing.tables), paths=_paths(problems, set(causes), analysis),
        prerequisites=tuple(sorted(p for p in ranked.needs.get(program.id, ()) if p in placed)),
        needed_by=needed_by, steps=steps,
        eligibility=program.eligibility, procedure=program.procedure, first_step=program.first_step,
        lead=program.lead, timing=program.timing, timing_label=rules.taxonomy.timing(program.timing).label,
        start=start, cost=program.cost, sources=sources,
        secondary_sources=secondary,
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


def _graph(case: Case, analysis: Analysis, tax: Taxonomy) -> GraphSummary:
    nodes = {p.id: build(NodeInfo, kind="problem", category=p.category,
                         category_label=tax.problems.get(p.category, Bilingual(id=p.category, en=p.category)),
                         label=Bilingual(id=p.label_id, en=p.label_en or p.label_id), severity=p.severity,
                         leverage=None)
             for p in case.problems}
    nodes |= {c.id: build(NodeInfo, kind="cause", category=c.category,
                          category_label=tax.causes.get(c.category, Bilingual(id=c.category, en=c.category)),
                          label=Bilingual(id=c.label_id, en=c.label_en or c.label_id),
                          severity=None, leverage=analysis.leverage.get(c.id, 0.0))
              for c in case.causes}
    problems = {p.id for p in case.problems}
    edges = sorted((link.source, link.target, link.strength) for link in case.links)
    return build(GraphSummary,
        nodes=dict(sorted(nodes.items())),
        # problem -> problem is "aggravates" whatever the file says (the case format's meaning of such a link)
        edges=tuple(build(Edge, source=a, target=b, type="aggravates" if a in problems else "causes", strength=s)
                    for a, b, s in edges),
        roots=analysis.roots, layers=analysis.layers, loops=analysis.loops,
        in_loop=tuple(sorted(analysis.in_loop)), leverage=analysis.leverage,
        reach={c: analysis.reached(c) for c in sorted(analysis.paths)})
