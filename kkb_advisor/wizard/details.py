"""The optional part of `kkb-advisor new`: what the rules look at to judge which programs fit — businesses and groups
(assets), programs already in place, a few yes/no facts about the area and the key indicators.

Every answer here may be skipped; a skipped answer is left out of the file (unknown), never written as false.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.ruleset import RuleSet
from .questions import Asker, label

__all__ = ["ASSET_TYPES", "FACT_QUESTIONS", "PROFILE_QUESTIONS", "STATUSES", "Details", "WizardAsset",
           "ask_details"]

ASSET_TYPES = ("business", "group", "poktan", "facility", "program", "leadership", "natural")
STATUSES = ("active", "completed", "in_process")
FACT_QUESTIONS = ("has_fishers", "has_farmers", "has_kwt", "women_groups", "slum_area", "kampung_kb_new")
# (indicator, the indicator it cannot exceed)
PROFILE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("households", ""), ("poor_households", "households"), ("dtks_households", "households"), ("pus", ""),
    ("unmet_need", "pus"), ("balita", ""), ("stunting_cases", "balita"), ("children_without_akta", ""),
    ("children_without_kia", ""))
_BUSINESS_KINDS = ("business", "group", "poktan")  # the kinds asked about a business and members


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
