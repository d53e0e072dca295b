"""JSON Schemas generated from the models: the case format (v1) and the advice contract."""

from __future__ import annotations

from typing import Any

from .models import Case
from .outcome import Advice

__all__ = ["json_schema"]


def json_schema(which: str) -> dict[str, Any]:
    """The JSON Schema of "case" or "advice", with a title and an $id editors can show."""
    model = {"case": Case, "advice": Advice}[which]
    schema = model.model_json_schema(by_alias=True, mode="validation" if which == "case" else "serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://kkb-advisor.invalid/schemas/{which}.schema.json"
    schema["title"] = {"case": "kkb-advisor case file (format v1)", "advice": "kkb-advisor advice"}[which]
    return schema
