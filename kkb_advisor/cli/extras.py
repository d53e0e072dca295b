"""`graph` (the picture of a case's cause graph) and `new` (a case file from questions, or a blank template)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import main
from .localized import message_lang
from .options import PATH, emit, format_option, lang_option, load_ruleset, output_options, rules_option


@main.command()
@click.argument("case", type=PATH)
@rules_option
@lang_option
@format_option("graph", "svg")
@output_options
def graph(case: Path, rules_dir: Path | None, lang: str, fmt: str, output: Path | None, force: bool) -> None:
    """Draw the problem tree of CASE: root causes to problems, coverage by the recommended programs, loops."""
    from ..advice.advisor import advise as run_advice
    from ..case.load import load_case
    from ..errors import UsageError
    from ..report import render

    if fmt == "png" and output is None and sys.stdout.isatty():
        raise UsageError("--format png: PNG is binary; give -o FILE.png")
    rules = load_ruleset(rules_dir)
    advice = run_advice(load_case(case, rules), rules)
    emit(render(advice, fmt, lang), output, force=force, inputs=(case,), rules=rules)


def _ask(prompt: str) -> str:
    click.echo(prompt, nl=False)
    line = sys.stdin.readline()  # one stream for all questions (a new wrapper each time would lose input)
    if not line:
        click.echo()
        raise EOFError
    return line.rstrip("\r\n")


def _say(text: str) -> None:
    click.echo(text)


@main.command()
@click.argument("file", required=False, type=PATH)
@click.option("--template", is_flag=True, help="Write a commented blank case file to fill in by hand.")
@click.option("--xlsx", "xlsx", type=PATH, default=None, metavar="FILE.xlsx",
              help="Write a blank case workbook to fill in with Excel or LibreOffice (dropdowns, examples).")
@rules_option
@lang_option
def new(file: Path | None, template: bool, xlsx: Path | None, rules_dir: Path | None, lang: str) -> None:
    """Make a new case file by answering questions: the village, groups, problems, causes and links, then (optional)
    businesses and groups, programs already there, facts and key numbers. --template: a commented blank file;
    --xlsx FILE: a blank case workbook. Never replaces a file unasked."""
    from ..errors import UsageError
    from ..io.output import write_output
    from ..wizard.flow import case_text, choose_target, run_wizard, template_text

    rules = load_ruleset(rules_dir)
    if xlsx is not None:
        from ..case.workbook_write import case_workbook

        if template or file is not None:
            raise UsageError("--xlsx FILE writes the workbook; give no other FILE and no --template")
        if xlsx.suffix.lower() != ".xlsx":
            raise UsageError(f"--xlsx {xlsx}: the workbook's name must end in .xlsx")
        target = choose_target(_ask, _say, xlsx, lang=lang)
        write_output(target, case_workbook(None, rules, lang), force=True)
        click.echo(f"{'Ditulis' if lang != 'en' else 'Written'}: {target}")  # the wizard talks in --lang
        return
    if template:
        text = template_text(rules, lang)
        if file is None:
            click.echo(text, nl=False)
            return
        target = choose_target(_ask, _say, file, lang=lang)
    else:
        if file is not None:  # ask before the questions, not after
            file = choose_target(_ask, _say, file, lang=lang)
        answers = run_wizard(_ask, _say, rules, lang=lang, today=dt.date.today())
        text = case_text(answers, rules, lang)
        target = choose_target(_ask, _say, file or Path(f"{answers.case_id.lower()}.yaml"), lang=lang)
    write_output(target, text, force=True)
    click.echo(f"{'Ditulis' if lang != 'en' else 'Written'}: {target}")  # the wizard talks in --lang


@main.command()
@click.argument("source", type=PATH)
@click.argument("target", type=PATH)
@rules_option
@lang_option
@click.option("--force", is_flag=True, help="Replace TARGET if it exists.")
def convert(source: Path, target: Path, rules_dir: Path | None, lang: str, force: bool) -> None:
    """Convert a case between a workbook (.xlsx) and YAML or JSON, by the file endings: kasus.xlsx -> kasus.yaml
    or back. The case is checked first; nothing is lost either way (comments of a YAML file are not kept)."""
    from ..case.convert import convert_case

    rules = load_ruleset(rules_dir)
    emit(convert_case(source, target.suffix, rules, lang), target, force=force, inputs=(source,), rules=rules)
    click.echo(f"{'Written' if message_lang() == 'en' else 'Ditulis'}: {target}")
