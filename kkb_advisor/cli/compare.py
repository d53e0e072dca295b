"""`compare OLD NEW`: two FGDs of one Kampung KB, a year apart. Glue only."""

from __future__ import annotations

from pathlib import Path

import click

from . import main
from .options import PATH, emit, lang_option, load_ruleset, output_options, rules_option


@main.command()
@click.argument("old", type=PATH)
@click.argument("new", type=PATH)
@rules_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True, help="text (readable), markdown, html (printable) or json (both languages).")
@output_options
def compare(old: Path, new: Path, rules_dir: Path | None, lang: str, fmt: str, output: Path | None,
            force: bool) -> None:
    """What changed between two FGDs of one Kampung KB (OLD before NEW, case files of any kind): indicators
    (which way, and whether better), problems resolved, new, worse or better, programs started, continued, ended
    or still missing. Exit 2 when the two are not the same village."""
    from ..advice.advisor import Advisor
    from ..case.load import load_case
    from ..report.compare import compare_fgds
    from ..report.compare_render import render_compare

    rules = load_ruleset(rules_dir)
    before, after = load_case(old, rules), load_case(new, rules)
    with Advisor(rules) as advisor:  # compiled once, for both FGDs (two villages: NotSameVillage, exit 2)
        comparison = compare_fgds(before, advisor.advise(before), after, advisor.advise(after), rules,
                                  old_file=str(old), new_file=str(new))
    emit(render_compare(comparison, fmt, lang), output, force=force, inputs=(old, new))
