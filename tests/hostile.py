"""Hostile values at every case field a rule can read: the property behind tests/advice/test_hostile_values.py (a
bounded, seeded run in CI) and bench/fuzz.py (a long soak).

``TARGETS`` maps every field of every fact kind in rules/fields.py (and `case.facts.*`, `case.profile.*`) to the
case-file places it is made from; a test holds it to the fact catalogue, so a new rule-readable field without a
place here fails. ``check(case, path, value)`` writes the case with the value at that place as a YAML file's text,
reads it back and advises on it with every engine that runs here: the outcome is advice (identical on both
engines) or a KkbError whose every problem names the file and where in it — never anything else.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.advice.engine import ENGINES, durable_available
from kkb_advisor.case.load import parse_case
from kkb_advisor.errors import KkbError
from kkb_advisor.model.case import ATTRIBUTE_FIELDS, FACT_FIELDS, PROFILE_FIELDS
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.report.text import render_json

Path_ = tuple[str | int, ...]
M = ("metadata",)
P0, C0, L0, A0 = ("problems", 0), ("causes", 0), ("links", 0), ("assets", 0)
E0, O0 = ("existing_programs", 0), ("opd_responses", 0)

# fact field -> the case-file places it is made from (derived fields: the inputs of the derivation)
TARGETS: dict[tuple[str, str], tuple[Path_, ...]] = {
    ("case", "case_id"): (("case_id",),),
    **{("case", f): ((*M, f),) for f in ("setting", "unit_level", "is_desa", "province", "kab_kota", "kecamatan",
                                        "kelurahan_or_desa", "kampung_kb_class", "location_criteria",
                                        "agencies_present")},
    ("case", "year"): ((*M, "date"),), ("case", "month"): ((*M, "date"),), ("case", "date"): ((*M, "date"),),
    ("case", "groups"): ((*M, "fgd_groups"),),
    ("case", "participants"): ((*M, "fgd_groups", 0, "participants"),),
    ("case", "problems"): (("problems",),), ("case", "causes"): (("causes",),),
    ("case", "max_severity"): ((*P0, "severity"),),
    ("case", "problem_categories"): ((*P0, "category"), (*P0, "secondary_categories")),
    ("case", "cause_categories"): ((*C0, "category"),),
    ("case", "business_assets"): ((*A0, "attributes", "has_business"),),
    ("case", "places"): ((*M, "kab_kota"), (*M, "province")),
    **{("problem", f): ((*P0, k),) for f, k in (("node", "id"), ("category", "category"), ("family", "category"),
                                               ("categories", "secondary_categories"), ("fungsi", "fungsi_keluarga"),
                                               ("severity", "severity"), ("top", "severity"),
                                               ("groups", "raised_by"))},
    ("problem", "causes"): ((*L0, "to"), (*L0, "from")), ("problem", "root_causes"): ((*L0, "from"),),
    ("problem", "strong_causes"): ((*L0, "to"), (*L0, "from"), (*L0, "strength")),
    **{("cause", f): ((*C0, "category"),) for f in ("category", "reaches", "reaches_families")},
    **{("cause", f): ((*C0, "id"), (*L0, "strength"), (*L0, "to")) for f in (
        "node", "root", "reach", "leverage", "leverage_rank", "max_severity", "max_strength", "in_loop", "layer")},
    **{("reach", f): ((*L0, "from"), (*L0, "to"), (*L0, "strength"), (*L0, "type")) for f in (
        "cause", "problem", "cause_root", "strength", "weight", "distance", "direct")},
    **{("reach", f): ((*C0, "category"),) for f in ("cause_category",)},
    **{("reach", f): ((*P0, "category"), (*P0, "secondary_categories"), (*P0, "severity")) for f in (
        "problem_category", "problem_family", "problem_categories", "severity")},
    **{("link", f): ((*L0, k),) for f, k in (("from", "from"), ("to", "to"), ("type", "type"),
                                            ("strength", "strength"), ("from_kind", "from"), ("to_kind", "to"),
                                            ("from_category", "from"), ("to_category", "to"))},
    ("asset", "node"): ((*A0, "id"),), ("asset", "type"): ((*A0, "type"),),
    **{("asset", f): ((*A0, "attributes", f),) for f in ATTRIBUTE_FIELDS},
    ("existing", "program"): ((*E0, "program_id"),), ("existing", "status"): ((*E0, "status"),),
    ("offered", "program"): ((*O0, "program_ids", 0),), ("offered", "agency"): ((*O0, "agency"),),
    **{("named", f): ((*P0, "label_id"), (*P0, "label_en"), (*C0, "label_id"), (*C0, "label_en"))
       for f in ("program", "node", "node_kind")},
    ("named", "severity"): ((*P0, "label_id"), (*P0, "severity"), (*C0, "label_en"), (*L0, "to")),
    ("available", "program"): ((*M, "date"),), ("recommended", "program"): ((*P0, "category"),),
    **{("case", f"facts.{f}"): (("facts", f),) for f in FACT_FIELDS},
    **{("case", f"profile.{f}"): (("profile", f),) for f in PROFILE_FIELDS},
    ("case", "facts.*"): (("facts", "extra_fact"),), ("case", "profile.*"): (("profile", "extra_indicator"),),
    ("asset", "*"): ((*A0, "attributes", "extra_attribute"),),
}
PLACES: tuple[Path_, ...] = tuple(sorted({p for paths in TARGETS.values() for p in paths}, key=repr))

_CONTROL = "".join(map(chr, [*range(0, 32), 127, 0x85, 0x9b, 0x202e, 0x2028]))
_scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -0.0, 5e-324]),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([2**63, -(2**63) - 1, 10**12 + 1, 10**7 + 1, -1, 0]),
    st.booleans(),
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(_CONTROL), max_size=40),
    st.text(alphabet=st.sampled_from("ab\x1b\x07\x00 .:$"), min_size=4000, max_size=5000),
    st.sampled_from(["$or", "sid", "id", "t", "ECO.INCOME", "2019-02-30", "9999-01-01", "", " ", "yes", "null"]),
)
# values that pass the checks but sit at their edges: these reach the engines
_edges = st.one_of(
    st.integers(min_value=0, max_value=10_000_000),
    st.sampled_from([0, 1, 5, 10_000_000, 0.0, 1.0, 0.5, 1e-9, True, False]),
    st.floats(min_value=0, max_value=1),
    st.sampled_from(["ECO.INCOME", "ECO.LEGAL", "CAU.ENV", "ENV.FLOOD", "KB.CHILDMAR", "P1", "C1", "G1", "A1",
                     "KB-TPK", "causes", "aggravates", "urban", "coastal", "desa", "active", "Kota Semarang",
                     "Jawa Tengah", "2023-01-01", "2100-12-31", "1970-01-01"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=200),
)
HOSTILE = _edges | st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["$or", "sid", "id", "t", "a", "0", "x.y"]) | st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


def put(case: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    """A copy of ``case`` with ``value`` at ``path`` (missing mappings and list items are created)."""
    out = copy.deepcopy(case)
    node: Any = out
    for i, key in enumerate(path[:-1]):
        nxt: Any = {} if isinstance(path[i + 1], str) else []
        if isinstance(node, list):
            while len(node) <= int(key):
                node.append(nxt)
            node = node[int(key)]
        else:
            node = node.setdefault(key, nxt)
    last = path[-1]
    if isinstance(node, list):
        while len(node) <= int(last):
            node.append(None)
        node[int(last)] = value
    else:
        node[last] = value
    return out


def engines() -> tuple[str, ...]:
    return ENGINES if durable_available() else ("python",)


class Engines:
    """A rule set and an Advisor on it for every engine that runs here (short repr: hypothesis prints it)."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.advisors = {engine: Advisor(rules, engine=engine) for engine in engines()}

    def close(self) -> None:
        for advisor in self.advisors.values():
            advisor.close()

    def __repr__(self) -> str:
        return f"Engines({self.rules.name}: {', '.join(self.advisors)})"


def check(base: dict[str, Any], path: Path_, value: Any, on: Engines, *, as_json: bool = False) -> str:
    """The property, on one value at one place: returns 'advice' or 'error' and raises AssertionError otherwise."""
    rules, advisors = on.rules, on.advisors
    data = put(base, path, value)
    name = "hostile.json" if as_json else "hostile.yaml"
    text = json.dumps(data, ensure_ascii=False) if as_json else yaml.safe_dump(data, allow_unicode=True)
    try:
        case = parse_case(text, name=name, rules=rules, is_json=as_json)
        outputs = {engine: render_json(advisor.advise(case)) for engine, advisor in advisors.items()}
    except KkbError as exc:
        assert exc.problems, exc
        for problem in exc.problems:
            assert problem.file == name, str(problem)
            assert problem.where() or problem.path, f"no location: {problem}"
        return "error"
    shown = {json.dumps({k: v for k, v in json.loads(o).items() if k != "engine"}) for o in outputs.values()}
    assert len(shown) == 1, f"the engines disagree at {path}"
    return "advice"


def base_case(path: Path) -> dict[str, Any]:
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))  # dates as text
    assert isinstance(data, dict)
    return data
