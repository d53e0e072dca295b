"""A case and its graph analysis as facts: plain dicts, in one canonical order, that rule conditions look at.

The fields are documented in docs/rule-format.md ("Facts"). Every fact has a unique ``id`` (durable_rules uses it
as the fact's identity) and a ``t`` (its kind). Fields without a value are left out: unknown, never false.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..model.case import BOOLEAN_ATTRIBUTES, Case
from ..model.ruleset import RuleSet, Taxonomy
from ..rules.conditions import date_number
from ..rules.fields import DERIVED, Fact, place_keys
from .graph import Analysis

__all__ = ["Fact", "ProgramNames", "case_facts", "indicators"]


def indicators(case: Case) -> dict[str, float | int]:
    """Derived indicators (shares and gaps, rules/fields.py DERIVED), present only when their inputs are."""
    profile = case.profile.model_dump()
    out: dict[str, float | int] = {}
    for name, (how, a, b) in DERIVED.items():
        x, y = profile.get(a), profile.get(b)
        if x is None or y is None:
            continue
        if how == "gap":
            out[name] = x - y
        elif y:
            out[name] = round(x / y, 4)
    return out


def _facts(case: Case) -> dict[str, Any]:
    """The case's facts; those it leaves out are derived where its own metadata settles them (docs/rule-format.md):
    coastal from the setting or the `pesisir` criterion, a slum area from the `kumuh` criterion."""
    out = {k: v for k, v in case.facts.model_dump().items() if v is not None}
    m = case.metadata
    if m.setting == "coastal" or "pesisir" in m.location_criteria:
        out.setdefault("coastal", True)
    if "kumuh" in m.location_criteria:
        out.setdefault("slum_area", True)
    return out


def _case_fact(case: Case) -> Fact:
    m = case.metadata
    return {
        "id": "case", "t": "case", "case_id": case.case_id, "setting": m.setting, "unit_level": m.unit_level,
        "is_desa": m.is_desa, "province": m.province, "kab_kota": m.kab_kota, "kecamatan": m.kecamatan,
        "kelurahan_or_desa": m.kelurahan_or_desa, "year": m.date.year, "month": m.date.month,
        "date": date_number(m.date), "kampung_kb_class": m.kampung_kb_class,
        "location_criteria": sorted(m.location_criteria), "agencies_present": sorted(m.agencies_present),
        "groups": len(m.fgd_groups), "participants": sum(g.participants or 0 for g in m.fgd_groups),
        "problems": len(case.problems), "causes": len(case.causes),
        "max_severity": max(p.severity for p in case.problems),
        "problem_categories": sorted({c for p in case.problems for c in (p.category, *p.secondary_categories)}),
        "cause_categories": sorted({c.category for c in case.causes}),
        "business_assets": sum(1 for a in case.assets if a.attributes.has_business),
        "places": place_keys(m.kab_kota, m.province),
        "facts": _facts(case),
        "profile": case.profile.values(),
        "indicators": indicators(case),
    }


def _problem_facts(case: Case, analysis: Analysis, taxonomy: Taxonomy) -> list[Fact]:
    top = max(p.severity for p in case.problems)
    direct_causes: dict[str, int] = {}
    strong_causes: dict[str, int] = {}  # those linked at the top strength (3: the FGD's main cause of it)
    for link in case.links:
        if link.source in analysis.paths:
            direct_causes[link.target] = direct_causes.get(link.target, 0) + 1
            if link.strength >= 3:
                strong_causes[link.target] = strong_causes.get(link.target, 0) + 1
    out = []
    for p in sorted(case.problems, key=lambda x: x.id):
        family = taxonomy.problem_family.get(p.category, p.category.split(".")[0])
        out.append({
            "id": f"problem:{p.id}", "t": "problem", "node": p.id, "category": p.category, "family": family,
            "categories": [p.category, *sorted(set(p.secondary_categories) - {p.category})],
            "fungsi": p.fungsi_keluarga or taxonomy.family_fungsi.get(family, ""), "severity": p.severity,
            "top": p.severity == top, "groups": len(set(p.raised_by)), "causes": direct_causes.get(p.id, 0),
            "strong_causes": strong_causes.get(p.id, 0),
            "root_causes": len(analysis.root_causes_of.get(p.id, ())),
        })
    return out


def _cause_facts(case: Case, analysis: Analysis, taxonomy: Taxonomy) -> list[Fact]:
    category = {p.id: p.category for p in case.problems}
    severity = {p.id: p.severity for p in case.problems}
    roots = set(analysis.roots)
    out_strength: dict[str, int] = {}
    for link in case.links:
        out_strength[link.source] = max(out_strength.get(link.source, 0), link.strength)
    out = []
    for c in sorted(case.causes, key=lambda x: x.id):
        reached = analysis.paths.get(c.id, {})
        out.append({
            "id": f"cause:{c.id}", "t": "cause", "node": c.id, "category": c.category, "root": c.id in roots,
            "reach": len(reached), "reaches": sorted({category[p] for p in reached}),
            "reaches_families": sorted({taxonomy.problem_family.get(category[p], "") for p in reached} - {""}),
            "leverage": analysis.leverage.get(c.id, 0.0), "leverage_rank": analysis.leverage_rank.get(c.id, 0),
            "max_severity": max((severity[p] for p in reached), default=0),
            "max_strength": out_strength.get(c.id, 0), "in_loop": c.id in analysis.in_loop,
            "layer": analysis.layers.get(c.id, 0),
        })
    return out


def _reach_facts(case: Case, analysis: Analysis, taxonomy: Taxonomy) -> list[Fact]:
    """One fact a cause and a problem it reaches, with the strongest path between them."""
    category = {p.id: p.category for p in case.problems} | {c.id: c.category for c in case.causes}
    severity = {p.id: p.severity for p in case.problems}
    problem_cats = {p.id: [p.category, *sorted(set(p.secondary_categories) - {p.category})] for p in case.problems}
    roots = set(analysis.roots)
    return [{
        "id": f"reach:{cid}>{pid}", "t": "reach", "cause": cid, "problem": pid, "cause_category": category[cid],
        "cause_root": cid in roots, "problem_category": category[pid],
        "problem_family": taxonomy.problem_family.get(category[pid], ""),
        "problem_categories": problem_cats[pid], "severity": severity[pid], "strength": info.strength,
        "weight": round(info.weight, 4), "distance": info.distance, "direct": info.distance == 1,
    } for cid in sorted(analysis.paths) for pid, info in sorted(analysis.paths[cid].items())]


def _link_facts(case: Case) -> list[Fact]:
    category = {p.id: p.category for p in case.problems} | {c.id: c.category for c in case.causes}
    kinds = {p.id: "problem" for p in case.problems} | {c.id: "cause" for c in case.causes}
    return [{
        "id": f"link:{link.source}>{link.target}", "t": "link", "from": link.source, "to": link.target,
        "type": "aggravates" if kinds[link.source] == "problem" else "causes", "strength": link.strength,
        "from_kind": kinds[link.source], "to_kind": kinds[link.target], "from_category": category[link.source],
        "to_category": category[link.target],
    } for link in sorted(case.links, key=lambda x: (x.source, x.target))]


def _asset_facts(case: Case) -> list[Fact]:
    out = []
    for a in sorted(case.assets, key=lambda x: x.id):
        fact: Fact = {"id": f"asset:{a.id}", "t": "asset", "node": a.id, "type": a.type}
        attrs = a.attributes.model_dump()
        for name in BOOLEAN_ATTRIBUTES:  # documented yes/no attributes left out mean "no"
            fact[name] = bool(attrs.get(name) or False)
        for name, value in sorted(attrs.items()):
            if value is not None and name not in fact:
                fact[name] = value
        out.append(fact)
    return out


MAX_NAMED = 8  # a label naming more programs than this is a list of them, not a request for one: none is named
_WORD = r"(?<![0-9A-Za-z])(?:{})(?![0-9A-Za-z])"  # a short name as a whole word (as the ranking's `named` term)


class ProgramNames:
    """Where the FGD's own words name a program: the labels of its problems and causes searched for the
    catalogue's `short_names` (whole words, any case). Built once a rule set (the Advisor keeps one)."""

    def __init__(self, rules: RuleSet) -> None:
        words = {pid: re.compile(_WORD.format("|".join(re.escape(n) for n in p.short_names)), re.I)
                 for pid, p in sorted(rules.programs.items()) if p.short_names}
        names = sorted({n for pid in words for n in rules.programs[pid].short_names}, key=lambda n: (-len(n), n))
        self._any = re.compile(_WORD.format("|".join(re.escape(n) for n in names)), re.I) if names else None
        # a name found -> every program one of whose names it holds as a whole word ("Posyandu Lansia" names
        # KES-LANSIA and KES-POSYANDU), as each program's own search would find it
        self._programs: dict[str, tuple[str, ...]] = {}
        for n in names:
            self._programs.setdefault(n.lower(), tuple(pid for pid, w in words.items() if w.search(n)))
        self._words = words

    def word(self, program: str) -> re.Pattern[str] | None:
        """The program's short names as one pattern of whole words in any case; None when it has none."""
        return self._words.get(program)

    def _named_by(self, found: str) -> tuple[str, ...]:
        """The programs a matched text names. Matching ignores case as Python's re does, which also takes some
        look-alike letters (a long s, a dotted capital I) that .lower() spells otherwise: those are asked of each
        program."""
        known = self._programs.get(found.lower())
        if known is None:
            known = tuple(pid for pid, w in self._words.items() if w.fullmatch(found))
        return known

    def find(self, labels: list[tuple[str, str]]) -> list[set[str]]:
        """For each (node, text) of ``labels``, the programs its text names."""
        out: list[set[str]] = [set() for _ in labels]
        if self._any is None or not labels:
            return out
        starts, at = [], 0
        for _, text in labels:
            starts.append(at)
            at += len(text) + 1
        for m in self._any.finditer("\n".join(text for _, text in labels)):  # one search over all the labels
            out[bisect.bisect_right(starts, m.start()) - 1].update(self._named_by(m.group(0)))
        return out


def _named_facts(case: Case, reached: dict[str, int], names: ProgramNames) -> list[Fact]:
    """One fact a program and a problem or cause whose label (either language) names it: the FGD asked for it in
    its own words. ``severity``: the problem's, or for a cause the highest of the problems it reaches (``reached``:
    the cause facts' max_severity)."""
    nodes = [(p.id, "problem", p.severity, p.label_id, p.label_en or "") for p in sorted(case.problems,
                                                                                         key=lambda x: x.id)]
    nodes += [(c.id, "cause", reached[c.id], c.label_id, c.label_en or "") for c in sorted(case.causes,
                                                                                          key=lambda x: x.id)]
    found = names.find([(n[0], f"{n[3]}\n{n[4]}") for n in nodes])
    return [{"id": f"named:{node}:{pid}", "t": "named", "program": pid, "node": node, "node_kind": kind,
             "severity": sev} for (node, kind, sev, _, _), programs in zip(nodes, found, strict=True)
            if len(programs) <= MAX_NAMED for pid in sorted(programs)]


def case_facts(case: Case, analysis: Analysis, rules: RuleSet, names: ProgramNames | None = None) -> list[Fact]:
    """All facts of a case, in canonical order: case, problems, causes, reach, links, assets, existing programs,
    programs the agencies offered at the FGD, programs the FGD's words name, and the programs available at the FGD
    date. ``names``: the rule set's ProgramNames, when the caller keeps one (else made here)."""
    tax = rules.taxonomy
    facts = [_case_fact(case), *_problem_facts(case, analysis, tax), *_cause_facts(case, analysis, tax),
             *_reach_facts(case, analysis, tax), *_link_facts(case), *_asset_facts(case)]
    facts += [{"id": f"existing:{e.program_id}", "t": "existing", "program": e.program_id, "status": e.status}
              for e in sorted(case.existing_programs, key=lambda x: x.program_id)]
    offered = {(r.agency, pid) for r in case.opd_responses for pid in r.program_ids}
    facts += [{"id": f"offered:{agency}:{pid}", "t": "offered", "program": pid, "agency": agency}
              for agency, pid in sorted(offered)]
    reached = {f["node"]: f["max_severity"] for f in facts if f["t"] == "cause"}
    facts += _named_facts(case, reached, names if names is not None else ProgramNames(rules))
    # one fact a program: the engine then tests availability with a single hashed equality, instead of one
    # year test per start year on the case fact (a recent FGD passed them all, overflowing durable_rules' stack)
    year = case.metadata.date.year
    facts += [{"id": f"available:{pid}", "t": "available", "program": pid}
              for pid, program in sorted(rules.programs.items()) if program.available_in(year)]
    for fact in facts:
        _plain_numbers(fact)
    return facts


def _plain_numbers(fact: dict[str, Any]) -> None:
    """Floats to 12 decimal places (and -0.0 as 0.0), in place: both engines compare the same numbers, and none is
    too small for durable_rules' parser to read (rules/durable.py engine_json)."""
    for key, value in fact.items():
        if type(value) is float:
            fact[key] = round(value, 12) + 0.0
        elif isinstance(value, dict):
            _plain_numbers(value)
