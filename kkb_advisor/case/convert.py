"""A case from one file format to another (workbook, YAML, JSON): checked on the way, so what is written loads."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..model.ruleset import RuleSet
from .load import WORKBOOK_SUFFIXES, load_case
from .workbook_write import case_workbook
from .writer import case_yaml

__all__ = ["CASE_SUFFIXES", "convert_case"]

CASE_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def convert_case(source: Path | str, suffix: str, rules: RuleSet, lang: str = "id") -> str | bytes:
    """The case in ``source`` as a file ending in ``suffix``: workbook bytes, or YAML/JSON text."""
    suffix = suffix.lower()
    if suffix not in CASE_SUFFIXES:
        raise UsageError(f"cannot write a case as '{suffix or '(no ending)'}'; the target must end in "
                         + ", ".join(CASE_SUFFIXES))
    src = Path(source).suffix.lower()
    if (src in WORKBOOK_SUFFIXES) == (suffix in WORKBOOK_SUFFIXES):
        raise UsageError(f"{source}: convert goes between a workbook (.xlsx) and YAML/JSON; "
                         f"'{src}' to '{suffix}' is the same kind")
    case = load_case(source, rules)
    if suffix == ".xlsx":
        return case_workbook(case, rules, lang)
    if suffix == ".json":
        return case.model_dump_json(by_alias=True, exclude_defaults=True, indent=2) + "\n"
    return case_yaml(case, rules, lang)
