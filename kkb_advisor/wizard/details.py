"""The optional part of `kkb-advisor new`: what the rules look at to judge which programs fit — businesses and groups
(assets), programs already in place, a few yes/no facts about the area and the key indicators.

Every answer here may be skipped; a skipped answer is left out of the file (unknown), never written as false.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..model.ruleset import RuleSet
from .questions import Asker, label

__all__ = ["ASSET_TYPES", "FACT_QUESTIONS", "PROFILE_QUESTIONS", "STATUSES", "Details", "WizardAsset",
           "ask_details", "details_yaml", "quote"]

ASSET_TYPES = ("business", "group", "poktan", "facility", "program", "leadership", "natural")
STATUSES = ("active", "completed", "in_process")
FACT_QUESTIONS = ("locality_surakarta", "has_fishers", "has_farmers", "has_kwt", "women_groups", "slum_area")
# (indicator, the indicator it cannot exceed)
PROFILE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("households", ""), ("poor_households", "households"), ("dtks_households", "households"), ("pus", ""),
    ("unmet_need", "pus"), ("balita", ""), ("stunting_cases", "balita"), ("children_without_akta", ""),
    ("children_without_kia", ""))
_BUSINESS_KINDS = ("business", "group", "poktan")  # the kinds asked about a business and members


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class WizardAsset:
    id: str
    type: str
    name: str
    attributes: dict[str, bool | int] = field(default_factory=dict)


@dataclass
class Details:
    """The optional answers, in the order they were asked."""

    assets: list[WizardAsset] = field(default_factory=list)
    programs: list[tuple[str, str]] = field(default_factory=list)  # (program id, status)
    facts: dict[str, bool | float] = field(default_factory=dict)
    profile: dict[str, int] = field(default_factory=dict)


def ask_details(q: Asker, rules: RuleSet) -> Details:
    """Ask the optional sections. Input that ends here keeps what was complete: nothing here is required."""
    details = Details()
    q.say(label("details", q.lang))
    try:
        _assets(q, details)
        _programs(q, rules, details)
        _facts(q, details)
        _profile(q, details)
    except EOFError:
        pass
    return details


def _assets(q: Asker, d: Details) -> None:
    if not q.yes_no("any_assets"):
        return
    while True:
        aid = f"A{len(d.assets) + 1}"
        name = q.text("asset", required=False, fmt={"id": aid})
        if not name:
            return
        kind = q.choose("asset_type", ASSET_TYPES, "business")
        d.assets.append(WizardAsset(aid, kind, name, _attributes(q, kind)))


def _attributes(q: Asker, kind: str) -> dict[str, bool | int]:
    """Only what matters for this kind: food questions for a food business, group questions for a group."""
    out: dict[str, bool | int] = {}

    def yes_no(name: str) -> bool | None:
        value = q.yes_no(f"a_{name}")
        if value is not None:
            out[name] = value
        return value

    def count(name: str) -> int | None:
        value = q.count(f"a_{name}")
        if value is not None:
            out[name] = value
        return value

    if kind not in _BUSINESS_KINDS:
        return out
    if kind == "business":
        out["has_business"] = True  # written, not assumed: the rules read a missing has_business as false
    else:
        yes_no("has_business")
    if out.get("has_business"):
        if yes_no("food_product"):
            for name in ("low_risk_product", "has_pirt", "has_halal"):
                yes_no(name)
        yes_no("has_nib")
        count("business_age_months")
    members = count("members")
    if kind != "business" or members:
        yes_no("group_formed")
    return out


def _programs(q: Asker, rules: RuleSet, d: Details) -> None:
    q.say(label("programs", q.lang))
    names = {pid: p.name for pid, p in rules.programs.items()}
    shown = [True]  # the catalogue is long: listed on "?" only
    while True:
        pid = q.pick("program", names, shown, missing="no_program", required=False)
        if not pid:
            return
        if any(pid == listed for listed, _ in d.programs):
            q.say(label("listed", q.lang, code=pid))
            continue
        d.programs.append((pid, q.choose("status", STATUSES, "active")))


def _facts(q: Asker, d: Details) -> None:
    if not q.yes_no("any_facts"):
        return
    for name in FACT_QUESTIONS:
        value = q.yes_no(f"f_{name}")
        if value is not None:
            d.facts[name] = value
    share = q.share("f_land_legal_share")
    if share is not None:
        d.facts["land_legal_share"] = share


def _profile(q: Asker, d: Details) -> None:
    if not q.yes_no("any_profile"):
        return
    for name, limit in PROFILE_QUESTIONS:
        high = d.profile.get(limit)
        value = q.count(f"i_{name}", high=high, other=label(f"i_{limit}", q.lang).strip() if limit else "")
        if value is not None:
            d.profile[name] = value


def _scalar(value: bool | int | float) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else repr(value)


def details_yaml(d: Details, rules: RuleSet, lang: str, *, examples: bool = False) -> list[str]:
    """The lines of ``facts``, ``profile``, ``assets`` and ``existing_programs``, each with a comment; ``examples``
    adds a commented example entry under the empty lists (for the blank template)."""
    out = []
    for key, values in (("facts", d.facts), ("profile", d.profile)):
        out.append(f"{key}:" + ("" if values else " {}") + f"  # {label(f'c_{key}', lang)}")
        out += [f"  {name}: {_scalar(value)}" for name, value in values.items()]
    out.append("assets:" + ("" if d.assets else " []") + f"  # {label('c_assets', lang)}")
    for a in d.assets:
        out += [f"  - id: {a.id}", f"    type: {a.type}", f"    name: {quote(a.name)}"]
        if a.attributes:
            out.append("    attributes: {" + ", ".join(f"{k}: {_scalar(v)}" for k, v in a.attributes.items()) + "}")
    if examples and not d.assets:
        out.append('#  - {id: A1, type: business, name: "...", attributes: {has_business: true, food_product: true, '
                   "has_nib: false, has_pirt: false, business_age_months: 12}}")
    out.append("existing_programs:" + ("" if d.programs else " []") + f"  # {label('c_existing', lang)}")
    out += [f"  - {{program_id: {pid}, status: {status}}}  # {rules.programs[pid].name.get(lang)}"
            for pid, status in d.programs]
    if examples and not d.programs and rules.programs:
        out.append(f"#  - {{program_id: {min(rules.programs)}, status: active}}")
    return out
