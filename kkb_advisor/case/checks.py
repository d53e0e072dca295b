"""Checks of a case beyond its schema: unique ids, link ends and directions, codes against the taxonomy, programs
against the catalogue, groups, and typos in the extra keys a case may add. Each check is a function of the case
that reports located Problems; ``check_case`` runs them all (one run shows every mistake).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import Problem, did_you_mean
from ..io.documents import Document, format_path
from ..io.validation import describe_value, unusable_number
from ..model.case import ATTRIBUTE_FIELDS, FACT_FIELDS, PROFILE_FIELDS, Case
from ..model.ruleset import RuleSet
from ..rules.conditions import ENGINE_NAMES

__all__ = ["CHECKS", "PLACEHOLDERS", "check_case"]

PLACEHOLDERS = ("ISI-", "FILL-IN-")  # how `new --template` marks what is still to be written

Bad = Callable[..., None]  # bad(path, message, hint="")


def _close_to_known(name: str, known: tuple[str, ...]) -> str:
    """The documented name ``name`` looks like: the same but for case (`has_NIB`), or a letter or two off."""
    lower = {k.lower(): k for k in known}
    if name.lower() in lower:
        return lower[name.lower()]
    close = difflib.get_close_matches(name.lower(), sorted(lower), n=1, cutoff=0.8)
    return lower[close[0]] if close else ""


MAX_EXTRA_KEYS = 100


def _family_hint(code: str, known: Mapping[str, Any]) -> str:
    family = code.split(".")[0].upper()
    same = sorted(k for k in known if k.startswith(family + "."))
    return ("codes in " + family + ": " + ", ".join(same)) if same else "see rules/taxonomy.yaml for the codes"


def _unknown_code(bad: Bad, path: tuple[Any, ...], kind: str, code: str, known: Mapping[str, Any]) -> None:
    if code not in known:
        bad(path, f"unknown {kind} category '{code}'", did_you_mean(code, known) or _family_hint(code, known))


def check_ids(case: Case, rules: RuleSet, bad: Bad) -> None:
    seen: dict[str, tuple[Any, ...]] = {}
    ids_by_kind: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("problems", tuple(x.id for x in case.problems)), ("causes", tuple(x.id for x in case.causes)),
        ("assets", tuple(x.id for x in case.assets)),
        ("metadata.fgd_groups", tuple(x.id for x in case.metadata.fgd_groups)))
    for kind, item_ids in ids_by_kind:
        for i, item_id in enumerate(item_ids):
            path: tuple[Any, ...] = (*kind.split("."), i, "id")
            if item_id in seen:
                bad(path, f"duplicate id '{item_id}' (already used at {format_path(seen[item_id])})",
                    "ids must be unique across problems, causes, assets and groups, e.g. P1, C1, A1, G1")
            else:
                seen[item_id] = path[:-1]


def check_categories_and_groups(case: Case, rules: RuleSet, bad: Bad) -> None:
    tax = rules.taxonomy
    groups = {g.id for g in case.metadata.fgd_groups}
    for i, p in enumerate(case.problems):
        _unknown_code(bad, ("problems", i, "category"), "problem", p.category, tax.problems)
        for j, code in enumerate(p.secondary_categories):
            _unknown_code(bad, ("problems", i, "secondary_categories", j), "problem", code, tax.problems)
        for j, g in enumerate(p.raised_by):
            if g not in groups:
                bad(("problems", i, "raised_by", j), f"unknown group '{g}'",
                    did_you_mean(g, groups) or "list the group under metadata.fgd_groups")
    for i, c in enumerate(case.causes):
        _unknown_code(bad, ("causes", i, "category"), "cause", c.category, tax.causes)


def check_links(case: Case, rules: RuleSet, bad: Bad) -> None:
    kinds = {p.id: "problem" for p in case.problems} | {c.id: "cause" for c in case.causes}
    assets = {a.id for a in case.assets}
    seen_links: dict[tuple[str, str], int] = {}
    for i, link in enumerate(case.links):
        ends_ok = True
        for end, key in ((link.source, "from"), (link.target, "to")):
            if end not in kinds:
                ends_ok = False
                hint = ("assets are not part of the cause graph; link problems and causes only" if end in assets
                        else did_you_mean(end, kinds))
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
            bad(("links", i, "type"), "`aggravates` joins two problems", "use `type: causes` for a link from a cause")


def check_programs(case: Case, rules: RuleSet, bad: Bad) -> None:
    def known(path: tuple[Any, ...], pid: str) -> None:
        if pid not in rules.programs:
            bad(path, f"unknown program '{pid}'",
                did_you_mean(pid, rules.programs) or "use a program id from the catalogue")

    listed: set[str] = set()
    for i, e in enumerate(case.existing_programs):
        known(("existing_programs", i, "program_id"), e.program_id)
    for i, e in enumerate(case.existing_programs):
        if e.program_id in listed:
            bad(("existing_programs", i, "program_id"), f"'{e.program_id}' is listed twice",
                "keep one entry per program")
        listed.add(e.program_id)
    for i, r in enumerate(case.opd_responses):
        for j, pid in enumerate(r.program_ids):
            known(("opd_responses", i, "program_ids", j), pid)


def check_extra_keys(case: Case, rules: RuleSet, bad: Bad) -> None:
    """Facts, indicators and asset attributes the format does not name are allowed, but not one a letter off."""
    for key, value in sorted((case.facts.model_extra or {}).items()):
        near = _close_to_known(key, FACT_FIELDS)
        if near:
            bad(("facts", key), f"unknown fact '{key}'", f"did you mean '{near}'?")
        elif not isinstance(value, (bool, int, float)):
            bad(("facts", key), f"facts are yes/no or numbers, got {describe_value(value)}",
                "write true/false or a number")
        elif unusable_number(value):
            bad(("facts", key), unusable_number(value), "write a plain number, e.g. 12 or 0.4")
    if len(case.facts.model_extra or {}) > MAX_EXTRA_KEYS:
        bad(("facts",), f"{len(case.facts.model_extra or {})} extra facts; the limit is {MAX_EXTRA_KEYS}",
            "keep the facts you use")
    extras = case.profile.model_extra or {}
    for key, value in sorted(extras.items()):
        near = _close_to_known(key, PROFILE_FIELDS)
        if near:
            bad(("profile", key), f"unknown indicator '{key}'", f"did you mean '{near}'?")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            bad(("profile", key), f"extra indicators must be numbers, got {describe_value(value)}",
                "write a count or a share, e.g. 12 or 0.4")
        elif unusable_number(value):
            bad(("profile", key), unusable_number(value), "write a count or a share, e.g. 12 or 0.4")
        elif value < 0:
            bad(("profile", key), f"must be at least 0, got {value}", "counts cannot be negative")
    if len(extras) > MAX_EXTRA_KEYS:
        bad(("profile",), f"{len(extras)} extra indicators; the limit is {MAX_EXTRA_KEYS}",
            "keep the indicators you use")
    for i, asset in enumerate(case.assets):
        for key, value in sorted((asset.attributes.model_extra or {}).items()):
            near = _close_to_known(key, ATTRIBUTE_FIELDS)
            own = _own_field(key)
            if own:  # the asset's fact has this field already: the attribute would be silently dropped
                bad(("assets", i, "attributes", key), own, f"give the attribute another name, e.g. `{key}_value`")
            elif near:
                bad(("assets", i, "attributes", key), f"unknown attribute '{key}'", f"did you mean '{near}'?")
            elif not isinstance(value, (bool, int, float, str)):
                bad(("assets", i, "attributes", key), f"attributes hold a single value, got {describe_value(value)}",
                    "write true/false, a number or a short text")
            elif unusable_number(value):
                bad(("assets", i, "attributes", key), unusable_number(value), "write a plain number, e.g. 12")
            elif isinstance(value, str) and len(value) > 4000:
                bad(("assets", i, "attributes", key), f"the text is {len(value)} characters; the limit is 4000",
                    "keep attribute values short")
        if len(asset.attributes.model_extra or {}) > MAX_EXTRA_KEYS:
            bad(("assets", i, "attributes"), f"{len(asset.attributes.model_extra or {})} extra attributes; the "
                f"limit is {MAX_EXTRA_KEYS}", "keep the attributes you use")


def _own_field(key: str) -> str:
    """Why an attribute name cannot be used: a field every asset fact carries itself (the engine's, or the
    asset's id and type as the rules see them), or ''."""
    if key in ENGINE_NAMES:
        return f"'{key}' is the rule engine's own field of every fact (session, identity or kind), not an attribute"
    if key in {"node", "type"}:
        return f"'{key}' is the asset's own field as the rules see it (its id or its type), not an attribute"
    return ""


def check_placeholders(case: Case, rules: RuleSet, bad: Bad) -> None:
    """A blank template's placeholders (ISI-..., FILL-IN-...) left in: the case is not written yet."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), case.model_dump(by_alias=True))]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack += [((*path, k), v) for k, v in value.items()]
        elif isinstance(value, (list, tuple)):
            stack += [((*path, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str) and value.startswith(PLACEHOLDERS):
            bad(path, f"still holds the template's placeholder '{value[:40]}'",
                "write what the FGD recorded here (or delete the line if the field is optional)")


CHECKS: tuple[Callable[[Case, RuleSet, Bad], None], ...] = (
    check_ids, check_categories_and_groups, check_links, check_programs, check_extra_keys, check_placeholders)


def check_case(case: Case, doc: Document, rules: RuleSet) -> list[Problem]:
    """Every check on a case that passed its schema: the Problems, in the order of the file."""
    out: list[Problem] = []

    def bad(path: tuple[Any, ...], message: str, hint: str = "") -> None:
        out.append(doc.problem(path, message, hint))

    for check in CHECKS:
        check(case, rules, bad)
    return sorted(out, key=lambda p: (p.line, p.location))
