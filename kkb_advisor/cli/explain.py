"""`explain CASE PROGRAM`: why a program is (not) recommended for a case. Glue only."""

from __future__ import annotations

from pathlib import Path

import click

from . import main
from .options import PATH, emit, lang_option, load_ruleset, output_options, rules_option


@main.command()
@click.argument("case", type=PATH)
@click.argument("program")
@rules_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text (readable) or json (the Explanation model).")
@output_options
def explain(case: Path, program: str, rules_dir: Path | None, lang: str, fmt: str, output: Path | None,
            force: bool) -> None:
    """Why PROGRAM is, or is not, recommended for the FGD in CASE: each rule, condition and fact, and the nearest
    miss with what would have to be different."""
    from ..advice.advisor import Advisor
    from ..advice.explain import explain as run_explain
    from ..advice.explain import render_explanation
    from ..case.load import load_case

    rules = load_ruleset(rules_dir)
    loaded = load_case(case, rules)
    with Advisor(rules) as advisor:  # compiled once, for the advice and for the explanation
        exp = run_explain(loaded, advisor, program, lang=lang)
        text = (exp.model_dump_json(indent=2) + "\n" if fmt == "json"
                else render_explanation(exp, advisor.compiled, loaded))
    emit(text, output, force=force, inputs=(case,), rules=rules)
