"""JSON Schemas generated from the models: the case format (v1) and the advice contract.

The case schema also lists the rule set's category codes and program ids as enums, so an editor can complete and
check them while a facilitator types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .advice import Advice
from .case import Case
from .ruleset import RuleSet

__all__ = ["json_schema"]


def json_schema(which: str, rules: RuleSet | None = None) -> dict[str, Any]:
    """The JSON Schema of "case" (with the rule set's category codes and program ids as enums) or "advice", with a
    title and an $id editors can show."""
    model: type[BaseModel] = Case if which == "case" else Advice
    schema = model.model_json_schema(by_alias=True, mode="validation" if which == "case" else "serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://kkb-advisor.invalid/schemas/{which}.schema.json"
    schema["title"] = {"case": "kkb-advisor case file (format v1)", "advice": "kkb-advisor advice"}[which]
    if which == "case":
        if rules is None:
            raise ValueError("the case schema lists the rule set's codes: give the rule set")
        defs = schema["$defs"]
        problems = sorted(rules.taxonomy.problems)
        defs["Problem"]["properties"]["category"]["enum"] = problems
        defs["Problem"]["properties"]["secondary_categories"]["items"]["enum"] = problems
        defs["Cause"]["properties"]["category"]["enum"] = sorted(rules.taxonomy.causes)
        defs["ExistingProgram"]["properties"]["program_id"]["enum"] = sorted(rules.programs)
    return dict(schema)
