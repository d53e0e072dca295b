"""`advise`, `validate` and `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import main
from .options import emit, format_option, lang_option, load_ruleset, output_options, rules_option


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@rules_option
@lang_option
@format_option("advice", "text")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only programs of this kind (repeatable), e.g. --kind permit.")
@click.option("--limit", type=click.IntRange(1, 200), default=None,
              help="At most this many programs in the main list (default: the rule set's limit).")
@output_options
def advise(case: Path, rules_dir: Path | None, lang: str, fmt: str, kinds: tuple[str, ...], limit: int | None,
           output: Path | None, force: bool) -> None:
    """Recommend programs for the FGD recorded in CASE (a .yaml, .json or .xlsx case file)."""
    from ..advice.advisor import advise as run_advice
    from ..case.load import load_case
    from ..errors import UsageError
    from ..report import FORMATS, render

    if FORMATS[fmt].binary and output is None:
        raise UsageError(f"--format {fmt}: a workbook is a file; give -o FILE{FORMATS[fmt].suffix}")
    rules = load_ruleset(rules_dir)
    advice = run_advice(load_case(case, rules), rules, kinds=kinds, limit=limit)
    emit(render(advice, fmt, lang), output, force=force, inputs=(case,))


@main.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
def validate(cases: tuple[Path, ...], rules_dir: Path | None) -> None:
    """Check case files without advising. Prints one line per file; exit 2 if any is invalid."""
    from ..case.load import load_case
    from ..errors import CaseError, KkbError

    rules = load_ruleset(rules_dir)
    failed: list[CaseError] = []
    for path in cases:
        try:
            load_case(path, rules)
        except CaseError as exc:
            failed.append(exc)
            continue
        click.echo(f"ok: {path}")
    if failed:
        raise KkbError([p for exc in failed for p in exc.problems])


@main.command()
@click.argument("which", type=click.Choice(["case", "advice"]))
@output_options
def schema(which: str, output: Path | None, force: bool) -> None:
    """Print the JSON Schema of the case-file format or of the advice JSON."""
    from ..model.schemas import json_schema

    rules = load_ruleset(None) if which == "case" else None
    emit(json.dumps(json_schema(which, rules), indent=2, sort_keys=True, ensure_ascii=False) + "\n", output,
         force=force)
