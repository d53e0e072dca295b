"""The files of a rule set, parsed and checked: taxonomy, catalogue, prerequisites and rules -> model objects.

Every mistake is collected (``Collector``) as a located Problem with its kind (``code``) and, in rule files, the id
of the rule it is in, so that one run shows them all and `rules lint` can sort them without reading files again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, did_you_mean
from ..io.documents import Document
from ..io.validation import model_problems
from ..model.ruleset import (
    ANY_PROGRAM,
    AllOf,
    AnyOf,
    Bilingual,
    LocalWording,
    Pattern,
    Prerequisite,
    Program,
    Rule,
    Target,
    Taxonomy,
    TimingWords,
    UnlessItem,
    WhenItem,
)
from .conditions import Report, parse_unless, parse_when
from .fields import CODE_FIELDS, DERIVED, PROGRAM_FACTS, PROGRAM_FIELDS
from .placewords import WORDS, unknown_placeholders

_PLAIN_ID = re.compile(r"[A-Za-z0-9_.\-]+")  # rules/schema.py Id

__all__ = ["Collector", "parse_catalogue", "parse_prerequisites", "parse_rules", "parse_taxonomy"]


class Collector:
    """Collects the Problems of every file of one rule set."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # ids of catalogue entries that are invalid but name their id plainly: known to every reference, so a rule
        # naming one is not refused a second time as "unknown program" (its entry's own problems say what is wrong)
        self.invalid_programs: set[str] = set()

    def program_ids(self, programs: dict[str, Program]) -> list[str]:
        """Every program id a reference may name: the valid entries and the invalid ones whose id is readable."""
        return sorted({*programs, *self.invalid_programs})

    def reporter(self, doc: Document, subject: str = "") -> Report:
        def report(path: Sequence[Any], message: str, hint: str = "", *, code: str = "schema") -> None:
            self.problems.append(doc.problem(path, message, hint, code=code, subject=subject))
        return report

    def validate(self, doc: Document, model: type[BaseModel], data: Any, path: tuple[Any, ...] = (),
                 subject: str = "") -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(replace(p, code="schema", subject=subject)
                                 for p in model_problems(doc, exc, model, path))
            return None


def _bi(data: Any, path: tuple[Any, ...], report: Report) -> Bilingual | None:
    if isinstance(data, dict) and set(data) == {"id", "en"} and all(isinstance(v, str) for v in data.values()):
        return Bilingual(id=data["id"], en=data["en"])
    report(path, "expected a text in both languages: `{id: \"...\", en: \"...\"}`",
           "give exactly the keys id (Indonesian) and en (English)")
    return None


def _labels(data: Any, key: str, report: Report) -> dict[str, Bilingual]:
    """An optional section of code -> {id, en} labels (indicators, kinds)."""
    section = data.get(key) or {}
    if not isinstance(section, dict):
        report((key,), f"'{key}' maps codes to texts in both languages", "see rules/taxonomy.yaml")
        return {}
    return {str(code): bi for code, text in section.items() if (bi := _bi(text, (key, code), report)) is not None}


def _timings(data: Any, report: Report) -> dict[str, TimingWords]:
    out: dict[str, TimingWords] = {}
    section = data.get("timings") or {}
    for code, body in (section.items() if isinstance(section, dict) else ()):
        path = ("timings", code)
        if not isinstance(body, dict) or "label" not in body or "start" not in body:
            report(path, "a timing needs `label` and `start` (and for the Musrenbang `start_kelurahan`)",
                   "see rules/taxonomy.yaml")
            continue
        label, start = _bi(body["label"], (*path, "label"), report), _bi(body["start"], (*path, "start"), report)
        kel = _bi(body["start_kelurahan"], (*path, "start_kelurahan"), report) if "start_kelurahan" in body else None
        if label is not None and start is not None:
            out[str(code)] = TimingWords(label=label, start=start, start_kelurahan=kel)
    return out


def _sizes(data: Any, problems: dict[str, Bilingual], report: Report) -> dict[str, str]:
    """`sizes:` problem category -> the derived share indicator that says how much of the village it affects."""
    section = data.get("sizes") or {}
    shares = sorted(name for name, (how, _, _) in DERIVED.items() if how == "share")
    out: dict[str, str] = {}
    for code, indicator in (section.items() if isinstance(section, dict) else ()):
        if code not in problems:
            report(("sizes", code), f"unknown problem category '{code}'", did_you_mean(str(code), problems),
                   code="unknown-category")
        elif indicator not in shares:
            report(("sizes", code), f"'{indicator}' is not a share indicator",
                   did_you_mean(str(indicator), shares) or "use one of: " + ", ".join(shares))
        else:
            out[str(code)] = str(indicator)
    return out


def _place_names(data: Any, report: Report) -> dict[str, tuple[str, ...]]:
    """`place_names:` a place (as `where`/`locality` write it) -> the other names texts and sources use for it."""
    section = data.get("place_names") or {}
    if not isinstance(section, dict):
        report(("place_names",), "expected a mapping of a place to a list of its other names",
               "e.g. `Kota Surakarta: [Solo]`")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for place, names in section.items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            report(("place_names", place), "expected a list of names", "e.g. `Kota Surakarta: [Solo]`")
            continue
        out[str(place)] = tuple(n.strip() for n in names)
    return out


def _strategy(data: Any, kinds: dict[str, Bilingual], report: Report) -> dict[str, Target]:
    """`strategy:` target id -> {label: {id, en}, kinds: [...]}; each kind in at most one target."""
    section = data.get("strategy") or {}
    if not isinstance(section, dict):
        report(("strategy",), "expected a mapping of target ids", "see rules/taxonomy.yaml")
        return {}
    out: dict[str, Target] = {}
    owner: dict[str, str] = {}
    for tid, body in section.items():
        path = ("strategy", tid)
        if not isinstance(body, dict) or set(body) != {"label", "kinds"} or not isinstance(body["kinds"], list):
            report(path, "a target needs exactly `label: {id, en}` and `kinds: [...]`", "see rules/taxonomy.yaml")
            continue
        label = _bi(body["label"], (*path, "label"), report)
        for j, kind in enumerate(body["kinds"]):
            if not isinstance(kind, str):
                report((*path, "kinds", j), "a kind is a text, e.g. health", "write the kind's name")
            elif kinds and kind not in kinds:
                report((*path, "kinds", j), f"unknown program kind '{kind}'", did_you_mean(str(kind), kinds),
                       code="unknown-value")
            elif kind in owner:
                report((*path, "kinds", j), f"kind '{kind}' is already in target {owner[kind]}",
                       "put each kind in one target")
            else:
                owner[str(kind)] = str(tid)
        if label is not None:
            out[str(tid)] = Target(label=label, kinds=tuple(str(k) for k in body["kinds"]))
    return out


def parse_taxonomy(doc: Document, col: Collector) -> Taxonomy | None:
    report = col.reporter(doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in ("problem_categories", "cause_categories"):
        if not isinstance(data.get(key), dict):
            report((key,) if key in data else (), f"missing or malformed '{key}'", "see rules/taxonomy.yaml")
            return None
    problems: dict[str, Bilingual] = {}
    family_of: dict[str, str] = {}
    families: dict[str, Bilingual] = {}
    family_fungsi: dict[str, str] = {}
    lines: dict[str, int] = {}
    for fam, body in data["problem_categories"].items():
        path = ("problem_categories", fam)
        if not isinstance(body, dict) or not isinstance(body.get("codes"), dict):
            report(path, "a family needs label_id, label_en, fungsi_keluarga and codes", "")
            continue
        families[fam] = Bilingual(id=str(body.get("label_id", fam)), en=str(body.get("label_en", fam)))
        family_fungsi[fam] = str(body.get("fungsi_keluarga", ""))
        for code, label in body["codes"].items():
            bi = _bi(label, (*path, "codes", code), report)
            if bi is not None:
                problems[code] = bi
                family_of[code] = fam
                lines[code] = (doc.locate((*path, "codes", code)) or (0, 0))[0]
    causes: dict[str, Bilingual] = {}
    for code, label in data["cause_categories"].items():
        bi = _bi(label, ("cause_categories", code), report)
        if bi is not None:
            causes[code] = bi
            lines[code] = (doc.locate(("cause_categories", code)) or (0, 0))[0]
    fungsi = {k: Bilingual(id=str(v.get("seksi", k)), en=str(v.get("en", k)))
              for k, v in (data.get("fungsi_keluarga") or {}).items() if isinstance(v, dict)}
    kinds = _labels(data, "kinds", report)
    return Taxonomy(problems=problems, problem_family=family_of, families=families, family_fungsi=family_fungsi,
                    causes=causes, fungsi=fungsi, indicators=_labels(data, "indicators", report),
                    kinds=kinds, timings=_timings(data, report), sizes=_sizes(data, problems, report),
                    strategy=_strategy(data, kinds, report), ministries=_labels(data, "ministries", report),
                    place_names=_place_names(data, report),
                    file=doc.name, lines=lines)


def _patterns(items: Sequence[WhenItem | UnlessItem]) -> list[Pattern]:
    out: list[Pattern] = []
    for item in items:
        out.extend(item.options if isinstance(item, AnyOf) else item.patterns if isinstance(item, AllOf) else (item,))
    return out


def _check_codes(items: Sequence[WhenItem | UnlessItem], path: tuple[Any, ...], taxonomy: Taxonomy,
                 program_ids: Sequence[str], report: Report) -> None:
    """Category codes and program ids named in conditions must exist."""
    known = {"problem": set(taxonomy.problems), "cause": set(taxonomy.causes), "family": set(taxonomy.families)}
    known["any"] = known["problem"] | known["cause"]
    for pattern in _patterns(items):
        for test in pattern.tests:
            kind = CODE_FIELDS.get((pattern.fact, test.field))
            choices = known.get(kind or "") if kind else (
                set(program_ids) if (pattern.fact, test.field) in PROGRAM_FIELDS else None)
            if choices is None or test.op == "exists":
                continue
            values = test.value if isinstance(test.value, tuple) else (test.value,)
            for value in values:
                if value not in choices:
                    what = "program" if kind is None else f"{kind} category" if kind != "any" else "category"
                    where = pattern.where.split(": ", 1)[1] if ": " in pattern.where else ""
                    at = path if not where else _path_of(where)
                    other = next((k for k in ("problem", "cause", "family") if value in known[k]), None)
                    if kind is not None and other is not None:
                        _misplaced(at, f"{pattern.fact}.{test.field}", str(value), kind, other, taxonomy, report)
                        continue
                    report(at, f"unknown {what} '{value}'",
                           did_you_mean(str(value), choices) or "check the code against the taxonomy/catalogue",
                           code="unknown-program" if kind is None else "unknown-category")


def _misplaced(at: tuple[Any, ...], name: str, value: str, kind: str, other: str, taxonomy: Taxonomy,
               report: Report) -> None:
    """A code of one kind (a cause category, a problem family) where another kind is expected."""
    noun = {"problem": "a problem category", "cause": "a cause category", "family": "a problem family"}
    hints = {("family", "problem"): f"write its family '{taxonomy.problem_family.get(value, '')}', or test "
                                    "a category field instead",
             ("problem", "family"): "test the family field (problem.family, reach.problem_family), or name "
                                    "categories of that family",
             ("problem", "cause"): "a cause is tested by cause.category or reach.cause_category",
             ("cause", "problem"): "a problem is tested by problem.category or reach.problem_category"}
    hint = hints.get((kind, other), f"use {noun[kind]} here, or test the field that takes {noun[other]}")
    report(at, f"'{value}' is {noun[other]}, but {name} takes {noun[kind]}", hint, code="misplaced-category")


def _path_of(where: str) -> tuple[Any, ...]:
    out: list[Any] = []
    for part in where.replace("]", "").split("."):
        name, *idx = part.split("[")
        if name:
            out.append(name)
        out.extend(int(i) for i in idx)
    return tuple(out)


def _check_words(texts: Sequence[tuple[tuple[Any, ...], Bilingual | str | None]], report: Report) -> None:
    """Every ``{name}`` in a text is a place word (rules/placewords.py), or the text is refused."""
    for path, text in texts:
        if text is None:
            continue
        parts = [(path, text)] if isinstance(text, str) else [((*path, "id"), text.id), ((*path, "en"), text.en)]
        for where, value in parts:
            for name in unknown_placeholders(value):
                report(where, f"unknown place word '{{{name}}}' in the text",
                       did_you_mean(name, WORDS) or "place words are " + ", ".join(f"{{{w}}}" for w in WORDS)
                       + "; write braces only around one of them", code="unknown-placeholder")


def _program_texts(pf: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Bilingual | str | None]]:
    fields = ("agency_name", *LocalWording.TEXTS)
    out = [((*path, k), getattr(pf, k)) for k in fields]
    for j, variant in enumerate(pf.local):
        out += [((*path, "local", j, k), getattr(variant, k)) for k in fields]
    return out


def _unknown_codes(codes: Sequence[str], known: dict[str, Bilingual], what: str, path: tuple[Any, ...],
                   report: Report) -> None:
    for j, code in enumerate(codes):
        if code not in known:
            report((*path, j), f"unknown {what} category '{code}'", did_you_mean(code, known),
                   code="unknown-category")


def parse_catalogue(doc: Document, taxonomy: Taxonomy, col: Collector) -> dict[str, Program]:
    from .schema import CatalogueFile, ProgramFile

    top = col.validate(doc, CatalogueFile, {"programs": doc.data.get("programs")} if isinstance(doc.data, dict)
                       else doc.data)
    if top is None:
        return {}
    report = col.reporter(doc)
    raw_programs: list[tuple[int, ProgramFile]] = []
    seen: set[str] = set()
    for i, raw in enumerate(top.programs):
        pf = col.validate(doc, ProgramFile, raw, ("programs", i))
        if pf is None:
            rid = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(rid, str) and _PLAIN_ID.fullmatch(rid) and len(rid) <= 80:
                col.invalid_programs.add(rid)
                seen.add(rid)
            continue
        if pf.id in seen:
            report(("programs", i, "id"), f"duplicate program id '{pf.id}'", "give each program its own id")
            continue
        seen.add(pf.id)
        raw_programs.append((i, pf))
    ids = sorted(seen)
    programs: dict[str, Program] = {}
    for i, pf in raw_programs:
        path = ("programs", i)
        _unknown_codes(pf.addresses.problems, taxonomy.problems, "problem", (*path, "addresses", "problems"), report)
        _unknown_codes(pf.addresses.causes, taxonomy.causes, "cause", (*path, "addresses", "causes"), report)
        requires = parse_when(pf.requires, (*path, "requires"), doc, report)
        _check_codes(requires, (*path, "requires"), taxonomy, ids, report)
        if any(p.fact == "recommended" for p in _patterns(requires)):
            report((*path, "requires"), "requirements cannot look at other recommendations",
                   "use prerequisites.yaml for 'program A needs program B'")
        fr, un = pf.available.from_, pf.available.until
        if fr is not None and un is not None and un < fr:
            col.reporter(doc, pf.id)((*path, "available"), f"available until {un}, before it starts ({fr})",
                                     "swap the years")
        _check_words(_program_texts(pf, path), report)
        local = tuple(LocalWording(where=v.where, agency_name=v.agency_name, name=v.name,
                                   eligibility=v.eligibility, procedure=v.procedure, first_step=v.first_step,
                                   lead=v.lead, cost=v.cost, sources=v.sources) for v in pf.local)
        for j, variant in enumerate(local):
            if not any(getattr(variant, k) is not None for k in ("agency_name", *LocalWording.TEXTS)):
                report((*path, "local", j), f"local wording for '{variant.where}' changes nothing",
                       "give at least one of agency_name, " + ", ".join(LocalWording.TEXTS))
        programs[pf.id] = Program(
            id=pf.id, agency=pf.agency, agency_name=pf.agency_name, name=pf.name, kinds=pf.kinds,
            addresses_problems=pf.addresses.problems, addresses_causes=pf.addresses.causes,
            eligibility=pf.eligibility, requires=requires, available_from=fr, available_until=un,
            locality=pf.locality, procedure=pf.procedure, first_step=pf.first_step, lead=pf.lead,
            timing=pf.timing, cost=pf.cost, sources=pf.sources, provenance=pf.provenance,
            confidence=pf.confidence, local=local, short_names=pf.short_names, file=doc.name,
            line=(doc.locate(path) or (0, 0))[0])
    return programs


def parse_prerequisites(doc: Document, programs: dict[str, Program], taxonomy: Taxonomy,
                        col: Collector) -> list[Prerequisite]:
    from .schema import PrerequisiteFile, PrerequisitesFile

    top = col.validate(doc, PrerequisitesFile, doc.data if doc.data is not None else {})
    if top is None:
        return []
    report = col.reporter(doc)
    out: list[Prerequisite] = []
    for i, raw in enumerate(top.prerequisites):
        path = ("prerequisites", i)
        pf = col.validate(doc, PrerequisiteFile, raw, path)
        if pf is None:
            continue
        known = col.program_ids(programs)
        for key in ("program", "needs"):
            value = getattr(pf, key)
            if value not in known:
                report((*path, key), f"unknown program '{value}'", did_you_mean(value, known),
                       code="unknown-program")
        if pf.program == pf.needs:
            report((*path, "needs"), "a program cannot need itself", "name another program")
        _check_words([((*path, "reason"), pf.reason)], report)
        needed = parse_when(pf.needed_when, (*path, "needed_when"), doc, report)
        _check_codes(needed, (*path, "needed_when"), taxonomy, known, report)
        line = (doc.locate(path) or (0, 0))[0]
        out.append(Prerequisite(program=pf.program, needs=pf.needs, needed_when=needed, reason=pf.reason,
                                source=pf.source, file=doc.name, line=line, listed=pf.listed))
    _check_cycles(out, doc, col)
    return out


def _check_cycles(prereqs: Sequence[Prerequisite], doc: Document, col: Collector) -> None:
    needs: dict[str, list[str]] = {}
    line: dict[tuple[str, str], int] = {}
    for p in prereqs:
        needs.setdefault(p.program, []).append(p.needs)
        line.setdefault((p.program, p.needs), p.line)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(needs.get(node, [])):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt]
                # located at its first prerequisite, so that lint can point at it
                col.problems.append(Problem(doc.name, "prerequisites",
                                            "prerequisites form a cycle: " + " -> ".join(cycle),
                                            "a program cannot (indirectly) need itself; remove one of these",
                                            line.get((cycle[0], cycle[1]), 0), "prerequisite-cycle"))
            elif state.get(nxt) is None:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(needs):
        if start not in state:
            visit(start, [start])


def parse_coverage(doc: Document, programs: dict[str, Program], taxonomy: Taxonomy,
                   col: Collector) -> dict[str, Bilingual]:
    """coverage.yaml: the categories a program's entry addresses that, on purpose, no rule recommends it from."""
    from .schema import CoverageFile, IntentionalFile

    top = col.validate(doc, CoverageFile, doc.data if doc.data is not None else {})
    if top is None:
        return {}
    report = col.reporter(doc)
    out: dict[str, Bilingual] = {}
    for i, raw in enumerate(top.intentional):
        path = ("intentional", i)
        item = col.validate(doc, IntentionalFile, raw, path)
        if item is None:
            continue
        program = programs.get(item.program)
        if program is None and item.program in col.invalid_programs:
            pass  # its entry is invalid, and says so: what it addresses is not known
        elif program is None:
            report((*path, "program"), f"unknown program '{item.program}'", did_you_mean(item.program, programs),
                   code="unknown-program")
        elif item.category not in (*program.addresses_problems, *program.addresses_causes):
            report((*path, "category"), f"{item.program} does not address '{item.category}' in the catalogue",
                   "list only categories of its `addresses`; a mark for anything else has no effect")
        out[f"{item.program} {item.category}"] = item.reason
    return out


def _check_any_program(when: Sequence[WhenItem], unless: Sequence[UnlessItem], path: tuple[Any, ...],
                       report: Report) -> None:
    """A rule for any program names its program by exactly one `offered`, `named` or `existing` condition."""
    named = [p for p in when if isinstance(p, Pattern) and p.fact in PROGRAM_FACTS]
    if len(named) != 1 or any(t.field == "program" for t in named[0].tests):
        report((*path, "when"), "a rule for any program (`program: \"*\"`) needs one `offered`, `named` or "
               "`existing` condition, without a `program` test: it names the program",
               "write e.g. `when: [{offered: {}}]`, or name the program in `program:`")
    if unless:
        report((*path, "unless"), "a rule for any program cannot have `unless`",
               "put the exception in the catalogue's `requires` of the programs concerned")


def parse_rules(doc: Document, programs: dict[str, Program], taxonomy: Taxonomy, col: Collector) -> list[Rule]:
    from .schema import RuleFile, RulesFile

    top = col.validate(doc, RulesFile, doc.data if doc.data is not None else {})
    if top is None:
        return []
    out: list[Rule] = []
    for i, raw in enumerate(top.rules):
        path = ("rules", i)
        subject = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        report = col.reporter(doc, subject)
        rf = col.validate(doc, RuleFile, raw, path, subject)
        if rf is None:
            continue
        known = col.program_ids(programs)
        if rf.program != ANY_PROGRAM and rf.program not in known:
            report((*path, "program"), f"unknown program '{rf.program}'",
                   did_you_mean(rf.program, known) or "use a program id from the catalogue", code="unknown-program")
        when = parse_when(rf.when, (*path, "when"), doc, report)
        unless = parse_unless(rf.unless, (*path, "unless"), doc, report)
        if rf.program == ANY_PROGRAM:
            _check_any_program(when, unless, path, report)
        _check_codes(when, (*path, "when"), taxonomy, known, report)
        _check_codes(unless, (*path, "unless"), taxonomy, known, report)
        _check_words([((*path, "title"), rf.title), ((*path, "rationale"), rf.rationale)], report)
        line = (doc.locate(path) or (0, 0))[0]
        source = (rf.source,) if isinstance(rf.source, str) else rf.source
        out.append(Rule(id=rf.id, title=rf.title, program=rf.program, priority=rf.priority, when=when,
                        unless=unless, rationale=rf.rationale, source=tuple(s for s in source if s),
                        file=doc.name, line=line, role=rf.role))
    return out
