"""The advice: what `advise` returns, and the documented JSON contract (`--format json`, docs/advice.schema.json)."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from .ruleset import Bilingual

__all__ = [
    "ADVICE_SCHEMA_ID",
    "Advice",
    "Answer",
    "Edge",
    "Fgd",
    "Finding",
    "FiringRecord",
    "Gaps",
    "GraphSummary",
    "Group",
    "Indicator",
    "NodeInfo",
    "Offer",
    "OfferOutcome",
    "Question",
    "Reason",
    "Recommendation",
    "RuleSetRef",
    "Step",
    "Term",
    "Village",
]

ADVICE_SCHEMA_ID = "kkb-advisor/advice/2"  # docs/advice-format.md: what each version added
_M = TypeVar("_M", bound=BaseModel)


_set = object.__setattr__


def build(cls: type[_M], **values: Any) -> _M:
    """Make an output model from already-typed values, every field given: what ``model_construct`` does, without
    its per-field Python loop (advice holds ~120 objects a case). Guarded by a JSON round-trip test."""
    fields = getattr(cls, _FIELDS)  # the class's own dict of fields
    if values.keys() != fields.keys():
        raise TypeError(f"{cls.__name__}: give every field; missing {sorted(fields.keys() - values.keys())}, "
                        f"unknown {sorted(values.keys() - fields.keys())}")
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class _Out(BaseModel):
    # Built from already-typed values (model_construct); the validation schema is built only if someone validates
    # advice from outside (e.g. Advice.model_validate_json), so a text run never pays for it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# where a model class keeps its fields as a plain dict: since pydantic 2.10 `model_fields` is a property around
# `__pydantic_fields__` (a third of build's time); before, `model_fields` itself is that dict
_FIELDS = "__pydantic_fields__" if isinstance(_Out.__dict__.get("__pydantic_fields__"), dict) else "model_fields"


class Reason(_Out):
    """One rule that argued for the program, and the facts it matched."""

    rule: str  # rule id, or "needs:A>B" for a prerequisite
    title: Bilingual
    rationale: Bilingual
    matched: tuple[str, ...]  # fact ids: "problem:P1", "cause:C2", "reach:C1>P2", "asset:A1", "case", ...
    source: tuple[str, ...] = ()


class Term(_Out):
    """One term of a program's gain, in words: "offered by DUKCAPIL at the FGD +0.60"."""

    kind: Literal["offered", "named", "present", "answers", "supports", "enables", "related", "cause", "already"]
    node: str  # the problem or cause it is about ("" for the offer)
    value: float  # its part of the gain (negative: what was already answered above)
    text: Bilingual


class Offer(_Out):
    """What an agency said at the FGD about a program it offered."""

    agency: str
    words: Bilingual  # the agency's own words, as the case records them ("" when not recorded)


class Step(_Out):
    """A program to take first or alongside, as a step of the one it serves: a prerequisite, or an enabler (funding,
    planning, registration)."""

    program: str
    kind: Literal["prerequisite", "enabler"]
    agency: str
    agency_name: str
    name: Bilingual
    first_step: Bilingual


class Recommendation(_Out):
    rank: int
    program: str
    agency: str
    agency_name: str
    name: Bilingual
    kinds: tuple[str, ...]
    status: Literal["new", "continue"]
    role: Literal["answer", "support", "enabler", "prerequisite"]  # what it is to this FGD's problems
    offered: Offer | None  # an agency offered it at the FGD
    score: float  # 100 x its gain when it was placed (the sum of its terms)
    terms: tuple[Term, ...]  # why it stands where it stands, term by term
    note: Bilingual  # one line on why it is where it is (e.g. why "also possible" and not in the main list)
    addresses: tuple[str, ...]  # case node ids (problems, then causes)
    problems: tuple[str, ...]
    causes: tuple[str, ...]
    because: tuple[Reason, ...]
    paths: tuple[tuple[str, ...], ...]  # root cause ... problem, strongest first
    prerequisites: tuple[str, ...]  # programs recommended here that must come first
    needed_by: tuple[str, ...]  # recommended programs that need this one
    steps: tuple[Step, ...]  # prerequisites and enablers to take for it
    eligibility: Bilingual
    procedure: Bilingual
    first_step: Bilingual
    lead: Bilingual
    timing: str
    timing_label: Bilingual  # how the timing reads (the rule set's taxonomy)
    start: Bilingual  # when to start, from the FGD date: e.g. the next January Musrenbang of this desa
    cost: Bilingual
    sources: tuple[str, ...]  # official sites (.go.id) first
    secondary_sources: tuple[str, ...] = ()  # those of `sources` that are not official: news, blogs, shared files


class OfferOutcome(_Out):
    """Each program an agency offered at the FGD, and what became of it."""

    agency: str
    program: str
    words: Bilingual
    outcome: Literal["main", "also_possible", "keep", "not_possible"]
    reason: Bilingual  # for not_possible: why not here (e.g. not available at the FGD date); else ""


class Answer(_Out):
    value: str  # the answer, as a case file would record it ("true", "false", "12")
    adds: tuple[str, ...]  # programs this answer would add to the advice
    removes: tuple[str, ...]  # programs it would take away


class Question(_Out):
    """A question to ask next: a fact the case leaves out that decides some programs."""

    about: str  # the fact and field, e.g. "asset:A1.has_nib", "case.profile.balita"
    text: Bilingual
    answers: tuple[Answer, ...]


class Gaps(_Out):
    problems: tuple[str, ...]
    root_causes: tuple[str, ...]


class Finding(_Out):
    kind: Literal["vicious_circle", "problem_without_cause", "cause_without_effect"]
    nodes: tuple[str, ...]
    message: Bilingual


class RuleSetRef(_Out):
    name: str
    version: str
    hash: str


class Village(_Out):
    kampung_kb_name: str
    unit_level: str  # rw, dusun, desa or kelurahan: the FGD's unit
    rw: str | None
    dusun: str | None
    kelurahan_or_desa: str
    is_desa: bool
    kecamatan: str
    kab_kota: str
    province: str
    setting: str
    date: str


class NodeInfo(_Out):
    kind: Literal["problem", "cause"]
    category: str
    category_label: Bilingual
    label: Bilingual
    severity: int | None = None  # problems only
    leverage: float | None = None  # causes only


class Edge(_Out):
    source: str
    target: str
    type: Literal["causes", "aggravates"]
    strength: int


class GraphSummary(_Out):
    """The cause graph as the reports draw it: nodes, links, roots, layers, loops, leverage and reach."""

    nodes: dict[str, NodeInfo]
    edges: tuple[Edge, ...]  # sorted by source, target
    roots: tuple[str, ...]
    layers: dict[str, int]
    loops: tuple[tuple[str, ...], ...]  # each vicious circle as a closed walk from its smallest node
    in_loop: tuple[str, ...]  # every node on a vicious circle (the whole knot, not only the walk shown)
    leverage: dict[str, float]
    reach: dict[str, tuple[str, ...]]


class Group(_Out):
    id: str
    label: Bilingual
    participants: int | None


class Indicator(_Out):
    key: str
    label: Bilingual  # the rule set's words for it (or the key, for an extra one nobody labelled)
    value: float | int


class Fgd(_Out):
    """Who met, and the village's indicators as recorded: what a report shows besides the advice."""

    lead: str | None  # "role, organisation" of whoever led the FGD
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]  # in the taxonomy's order, extra ones after, by key


class FiringRecord(_Out):
    rule: str
    role: Literal["rule", "prereq"]
    program: str
    matched: tuple[str, ...]


class Advice(_Out):
    schema_id: str = ADVICE_SCHEMA_ID
    case_id: str
    village: Village
    fgd: Fgd
    ruleset: RuleSetRef
    engine: Literal["durable_rules", "python"]  # the rule engine that ran the rule set (advice/engine.py)
    recommendations: tuple[Recommendation, ...]  # the main list: new programs, best first
    also_possible: tuple[Recommendation, ...]  # fitting, but not what this FGD needs first (each says why)
    keep: tuple[Recommendation, ...]  # programs already in place to keep and strengthen (status continue)
    offered: tuple[OfferOutcome, ...]  # what the agencies offered at the FGD, and what became of it
    ask_next: tuple[Question, ...]  # the fewest questions that settle the most undecided programs
    gaps: Gaps
    findings: tuple[Finding, ...]
    graph: GraphSummary
    firings: tuple[FiringRecord, ...]
