"""`demand`: what a set of advised villages adds up to, per program and agency, per area, and what nothing answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from . import main
from .options import PATH, emit, lang_option, load_ruleset, output_options, rules_option

_SUFFIX_FORMAT = {".txt": "text", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json"}


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=PATH, metavar="INPUT...")
@rules_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx", "html", "json"]), default=None,
              help="text tables, csv (UTF-8 with BOM, for Excel), xlsx (a sheet a view), html (a printable page "
                   "with bar charts, nothing fetched) or json (default: from the -o file name, else text).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Worker processes for advising case files (default: the number of cores).")
@output_options
def demand(inputs: tuple[Path, ...], rules_dir: Path | None, lang: str, fmt: str | None, jobs: int | None,
           output: Path | None, force: bool) -> None:
    """Add up the advice of many villages: INPUT is a case file, a folder of them, or a .jsonl from
    `advise --format jsonl`. Shows the demand per program and agency, per kabupaten/kota and kecamatan, the
    problems and root causes no program answers, and villages per target of the national strategy (Inpres 3/2022)
    and per ministry."""
    from ..batch.demand import Villages, numbered_advice_lines
    from ..batch.demand import demand as add_up
    from ..batch.run import Setup, default_jobs, find_cases, outcomes
    from ..batch.tables import render_demand
    from ..errors import CaseError, UsageError

    if fmt is None:
        fmt = _SUFFIX_FORMAT.get(output.suffix.lower(), "text") if output is not None else "text"
    lines = [p for p in inputs if p.suffix.lower() == ".jsonl" and not p.is_dir()]
    others = [p for p in inputs if p not in lines]
    rules = load_ruleset(rules_dir)  # its taxonomy groups the demand by the national strategy and by ministry
    cases = find_cases(others) if others else []  # the files of the folders too: -o must never replace one
    if others and not cases:
        raise UsageError(f"{', '.join(str(p) for p in others)}: no case files (.yaml, .yml, .json, .xlsx) there; "
                         "give case files, folders that hold them, or the .jsonl of `advise --format jsonl`")

    def advices() -> Iterator[Any]:
        seen = Villages()  # a village given twice (two runs, a folder twice) is an error naming both places
        for path in lines:
            for number, advice in numbered_advice_lines(path):
                seen.claim(advice.case_id, str(path), f"line {number}", number)
                yield advice
        if others:
            failed: list[Any] = []
            for out in outcomes(cases, Setup(rules=rules_dir), jobs=jobs or default_jobs(),
                                rules=rules):
                if out.advice is None:
                    failed += out.problems
                else:
                    seen.claim(out.advice.case_id, out.source)
                    yield out.advice
            if failed:
                raise CaseError(failed)

    emit(render_demand(add_up(advices(), rules.taxonomy), fmt, lang), output, force=force, inputs=(*inputs, *cases),
         rules=rules)
