"""Case files (YAML or JSON) -> a checked Case model. Every mistake becomes a located Problem in a CaseError."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import CaseError, InputError, Problem, did_you_mean
from ..io.documents import Document, as_mapping, parse_text, read_document
from ..io.validation import describe_value, model_problems
from ..model.case import ATTRIBUTE_FIELDS, FACT_FIELDS, PROFILE_FIELDS, Case
from ..model.ruleset import RuleSet

__all__ = ["MAX_CASE_BYTES", "MAX_CASE_LINKS", "MAX_CASE_NODES", "check_case", "load_case", "parse_case"]

MAX_CASE_NODES = 200  # problems + causes: an FGD names a few dozen at most (the engine holds causes x problems facts)
MAX_CASE_LINKS = 2000
MAX_CASE_BYTES = 1024 * 1024  # a real case is a few kilobytes; this bounds the time spent parsing a wrong file


def load_case(path: Path | str, rules: RuleSet | None = None) -> Case:
    """Read and check a case file. ``rules`` gives the taxonomy and catalogue (default: the bundled rule set)."""
    try:
        doc = read_document(path, max_bytes=MAX_CASE_BYTES)
    except CaseError:
        raise
    except InputError as exc:
        raise CaseError(exc.problems) from None
    return _from_document(doc, rules)


def parse_case(text: str | bytes | Mapping[str, Any], *, name: str = "<case>", rules: RuleSet | None = None,
               is_json: bool = False) -> Case:
    """Check a case given as text (YAML/JSON) or as an already-parsed mapping."""
    if isinstance(text, Mapping):
        doc = Document(name, "", dict(text), is_yaml=False)
    else:
        try:
            doc = parse_text(text, name=name, is_json=is_json, max_bytes=MAX_CASE_BYTES)
        except CaseError:
            raise
        except InputError as exc:
            raise CaseError(exc.problems) from None
    return _from_document(doc, rules)


def _from_document(doc: Document, rules: RuleSet | None) -> Case:
    try:
        data = as_mapping(doc)
    except InputError as exc:
        raise CaseError(exc.problems) from None
    problems = _size_problems(doc, data)
    if problems:
        raise CaseError(problems)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(model_problems(doc, exc, Case)) from None
    if rules is None:
        from ..rules.load import load_rules  # the bundled rule set, loaded only when none is given

        rules = load_rules()
    problems = check_case(case, doc, rules)
    if problems:
        raise CaseError(problems)
    return case


def _size_problems(doc: Document, data: Mapping[str, Any]) -> list[Problem]:
    out = []
    nodes = sum(len(data.get(k) or []) if isinstance(data.get(k), list) else 0 for k in ("problems", "causes"))
    if nodes > MAX_CASE_NODES:
        out.append(doc.problem((), f"the case has {nodes} problems and causes; the limit is {MAX_CASE_NODES}",
                               "an FGD case names a few dozen; split the file or check how it was generated"))
    links = data.get("links")
    if isinstance(links, list) and len(links) > MAX_CASE_LINKS:
        # no line lookup here: locating would parse the whole (huge) file a second time
        out.append(Problem(doc.name, "links", f"the case has {len(links)} links; the limit is {MAX_CASE_LINKS}",
                           "check how the file was generated"))
    return out


def _close_to_known(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
    return close[0] if close else ""


def check_case(case: Case, doc: Document, rules: RuleSet) -> list[Problem]:
    """Checks beyond the schema: unique ids, link ends, categories, programs, groups, typos in extra keys."""
    out: list[Problem] = []

    def bad(path: tuple[Any, ...], message: str, hint: str = "") -> None:
        out.append(doc.problem(path, message, hint))

    tax = rules.taxonomy
    seen: dict[str, tuple[Any, ...]] = {}
    ids_by_kind: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("problems", tuple(x.id for x in case.problems)), ("causes", tuple(x.id for x in case.causes)),
        ("assets", tuple(x.id for x in case.assets)),
        ("metadata.fgd_groups", tuple(x.id for x in case.metadata.fgd_groups)))
    for kind, item_ids in ids_by_kind:
        for i, item_id in enumerate(item_ids):
            path: tuple[Any, ...] = (*kind.split("."), i, "id")
            if item_id in seen:
                bad(path, f"duplicate id '{item_id}' (already used at {_fmt(seen[item_id])})",
                    "ids must be unique across problems, causes, assets and groups, e.g. P1, C1, A1, G1")
            else:
                seen[item_id] = path[:-1]
    groups = {g.id for g in case.metadata.fgd_groups}
    for i, p in enumerate(case.problems):
        if p.category not in tax.problems:
            bad(("problems", i, "category"), f"unknown problem category '{p.category}'",
                did_you_mean(p.category, tax.problems) or _family_hint(p.category, tax.problems))
        for j, code in enumerate(p.secondary_categories):
            if code not in tax.problems:
                bad(("problems", i, "secondary_categories", j), f"unknown problem category '{code}'",
                    did_you_mean(code, tax.problems) or _family_hint(code, tax.problems))
        for j, g in enumerate(p.raised_by):
            if g not in groups:
                bad(("problems", i, "raised_by", j), f"unknown group '{g}'",
                    did_you_mean(g, groups) or "list the group under metadata.fgd_groups")
    for i, c in enumerate(case.causes):
        if c.category not in tax.causes:
            bad(("causes", i, "category"), f"unknown cause category '{c.category}'",
                did_you_mean(c.category, tax.causes) or _family_hint(c.category, tax.causes))
    kinds = {p.id: "problem" for p in case.problems} | {c.id: "cause" for c in case.causes}
    seen_links: dict[tuple[str, str], int] = {}
    for i, link in enumerate(case.links):
        ends_ok = True
        for end, key in ((link.source, "from"), (link.target, "to")):
            if end not in kinds:
                ends_ok = False
                hint = did_you_mean(end, kinds)
                if end in {a.id for a in case.assets}:
                    hint = "assets are not part of the cause graph; link problems and causes only"
                bad(("links", i, key), f"unknown node '{end}'", hint or "link ends are problem or cause ids")
        if not ends_ok:
            continue
        pair = (link.source, link.target)
        if link.source == link.target:
            bad(("links", i, "to"), f"'{link.source}' is linked to itself", "a link joins two different nodes")
        elif pair in seen_links:
            bad(("links", i), f"duplicate link {link.source} -> {link.target} (also links[{seen_links[pair]}])",
                "keep one link and give it the strength you mean")
        seen_links.setdefault(pair, i)
        src, dst = kinds[link.source], kinds[link.target]
        if src == "problem" and dst == "cause":
            bad(("links", i), f"a problem ({link.source}) cannot cause a cause ({link.target})",
                "turn it around (cause -> problem), or record the problem as a cause too")
        elif link.type == "aggravates" and (src, dst) != ("problem", "problem"):
            bad(("links", i, "type"), "`aggravates` joins two problems",
                "use `type: causes` for a link from a cause")
    for i, e in enumerate(case.existing_programs):
        if e.program_id not in rules.programs:
            bad(("existing_programs", i, "program_id"), f"unknown program '{e.program_id}'",
                did_you_mean(e.program_id, rules.programs) or "use a program id from the catalogue")
    dup_existing: set[str] = set()
    for i, e in enumerate(case.existing_programs):
        if e.program_id in dup_existing:
            bad(("existing_programs", i, "program_id"), f"'{e.program_id}' is listed twice",
                "keep one entry per program")
        dup_existing.add(e.program_id)
    for i, r in enumerate(case.opd_responses):
        for j, pid in enumerate(r.program_ids):
            if pid not in rules.programs:
                bad(("opd_responses", i, "program_ids", j), f"unknown program '{pid}'",
                    did_you_mean(pid, rules.programs) or "use a program id from the catalogue")
    for key, value in sorted((case.facts.model_extra or {}).items()):
        near = _close_to_known(key, FACT_FIELDS)
        if near:
            bad(("facts", key), f"unknown fact '{key}'", f"did you mean '{near}'?")
        elif not isinstance(value, (bool, int, float)):
            bad(("facts", key), f"facts are yes/no or numbers, got {describe_value(value)}",
                "write true/false or a number")
    extras = case.profile.model_extra or {}
    for key, value in sorted(extras.items()):
        near = _close_to_known(key, PROFILE_FIELDS)
        if near:
            bad(("profile", key), f"unknown indicator '{key}'", f"did you mean '{near}'?")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            bad(("profile", key), f"extra indicators must be numbers, got {describe_value(value)}",
                "write a count or a share, e.g. 12 or 0.4")
        elif value < 0:
            bad(("profile", key), f"must be at least 0, got {value}", "counts cannot be negative")
    if len(extras) > 100:
        bad(("profile",), f"{len(extras)} extra indicators; the limit is 100", "keep the indicators you use")
    for i, asset in enumerate(case.assets):
        for key, value in sorted((asset.attributes.model_extra or {}).items()):
            near = _close_to_known(key, ATTRIBUTE_FIELDS)
            if near:
                bad(("assets", i, "attributes", key), f"unknown attribute '{key}'", f"did you mean '{near}'?")
            elif not isinstance(value, (bool, int, float, str)):
                bad(("assets", i, "attributes", key), f"attributes hold a single value, got {describe_value(value)}",
                    "write true/false, a number or a short text")
    return sorted(out, key=lambda p: (p.line, p.location))


def _fmt(path: tuple[Any, ...]) -> str:
    from ..io.documents import format_path

    return format_path(path)


def _family_hint(code: str, known: Mapping[str, Any]) -> str:
    family = code.split(".")[0].upper()
    same = sorted(k for k in known if k.startswith(family + "."))
    return ("codes in " + family + ": " + ", ".join(same)) if same else "see rules/taxonomy.yaml for the codes"
