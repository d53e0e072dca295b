"""One registry of output formats: render() and the CLI offer the same formats, and refuse unknown ones."""

from __future__ import annotations

import click
import pytest

from kkb_advisor import UsageError, render
from kkb_advisor.cli import main
from kkb_advisor.model.advice import Advice
from kkb_advisor.report import FORMATS, formats


def _choices(command: str) -> list[str]:
    cmd = main.commands[command]
    option = next(p for p in cmd.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_the_cli_offers_exactly_the_registry() -> None:
    assert _choices("advise") == [*formats("advice"), "jsonl"]  # jsonl: several cases, one advice a line
    assert _choices("graph") == formats("graph")
    assert set(formats("advice")) | set(formats("graph")) == set(FORMATS)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_in_both_languages(fmt: str, loop_advice: Advice) -> None:
    outputs = [render(loop_advice, fmt, lang) for lang in ("id", "en")]
    for out in outputs:
        assert isinstance(out, bytes if FORMATS[fmt].binary else str) and out
    assert render(loop_advice, fmt, "en") == outputs[1]  # same advice, same bytes


def test_unknown_format_language_or_advice_is_the_projects_own_error(loop_advice: Advice) -> None:
    with pytest.raises(UsageError, match="unknown output format 'jsn'; did you mean 'json'"):
        render(loop_advice, "jsn")
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        render(loop_advice, "text", "fr")
    with pytest.raises(UsageError, match="takes an Advice"):
        render({"case_id": "x"}, "text")  # type: ignore[arg-type]
