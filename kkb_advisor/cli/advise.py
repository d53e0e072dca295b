"""`advise`, `validate` and `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..report import FORMATS, formats
from . import main
from .options import PATH, emit, lang_option, load_ruleset, message_lang_option, output_options, rules_option


@main.command()
@click.argument("cases", nargs=-1, required=True, type=PATH, metavar="CASE...")
@rules_option
@lang_option
@click.option("--format", "fmt", type=click.Choice([*formats("advice"), "jsonl"]), default="text",
              show_default=True, help=", ".join(FORMATS[f].help for f in formats("advice"))
              + ", jsonl (several cases: one JSON advice a line, with its input path).")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only programs of this kind (repeatable), e.g. --kind permit.")
@click.option("--limit", type=click.IntRange(1, 200), default=None,
              help="At most this many programs in the main list (default: the rule set's limit).")
@output_options
@click.option("--out-dir", type=PATH, default=None, metavar="DIR",
              help="Several cases: write one file per case into DIR, named from its case id.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Several cases: worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True,
              help="With --out-dir: skip cases whose output was made from the same file and rule set.")
@click.option("--with-case", is_flag=True,
              help="With --format xlsx: the case's sheets after the plan, in the same file (it reads back as the "
                   "case; the input file is never replaced).")
def advise(cases: tuple[Path, ...], rules_dir: Path | None, lang: str, fmt: str, kinds: tuple[str, ...],
           limit: int | None, output: Path | None, force: bool, out_dir: Path | None, jobs: int | None,
           resume: bool, with_case: bool) -> None:
    """Recommend programs for the FGDs recorded in CASE files (.yaml, .yml, .json or .xlsx) or folders of them."""
    from ..advice.advisor import advise as run_advice
    from ..case.load import load_case
    from ..errors import UsageError
    from ..report import render

    single = len(cases) == 1 and not cases[0].is_dir() and out_dir is None and fmt != "jsonl"
    if with_case and (fmt != "xlsx" or not single):
        raise UsageError("--with-case: the plan and its case in one workbook; give one case, --format xlsx and "
                         "-o FILE.xlsx")
    if single and FORMATS[fmt].binary and output is None:
        raise UsageError(f"--format {fmt}: a workbook is a file; give -o FILE{FORMATS[fmt].suffix}")
    rules = load_ruleset(rules_dir)
    if single:
        if resume or jobs is not None:
            raise UsageError("--resume and --jobs are for several cases (with --out-dir or --format jsonl)")
        case = load_case(cases[0], rules)
        advice = run_advice(case, rules, kinds=kinds, limit=limit)
        if with_case:
            from ..report.plan_xlsx import render_plan_xlsx

            emit(render_plan_xlsx(advice, lang, case=case, rules=rules), output, force=force, inputs=cases,
                 rules=rules)
            return
        emit(render(advice, fmt, lang), output, force=force, inputs=cases, rules=rules)
        return
    from .batch import advise_batch

    advise_batch(cases, rules, rules_dir=rules_dir, lang=lang, fmt=fmt, kinds=kinds, limit=limit, output=output,
                 force=force, out_dir=out_dir, jobs=jobs, resume=resume)


@main.command()
@click.argument("cases", nargs=-1, required=True, type=PATH)
@rules_option
@message_lang_option
def validate(cases: tuple[Path, ...], rules_dir: Path | None, lang: str | None) -> None:
    """Check case files without advising. Prints one line per file; exit 2 if any is invalid."""
    del lang  # the messages' language: read from the command line by the error boundary (cli/__init__.py)
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
