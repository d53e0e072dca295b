"""The `rules` group: list, show, export, lint, test and diff a rule set. Glue only."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import printable
from . import main
from .localized import default_lang, message_lang
from .options import PATH, F, emit, lang_option, load_ruleset, message_lang_option, output_options


class CheckFailed(click.exceptions.Exit):
    """Exit 1: a check ran and found something (a failed test, a lint error, a changed advice)."""

    def __init__(self) -> None:
        super().__init__(1)


def _rules_argument(func: F) -> F:
    return click.argument("rules_dir", metavar="[RULES]", required=False, type=PATH)(func)


def _case_files(cases_dir: Path | None) -> list[Path]:
    from ..errors import UsageError

    folder = cases_dir if cases_dir is not None else Path("cases")
    if not folder.is_dir():
        if cases_dir is None:
            return []
        raise UsageError(f"--cases {folder}: no such folder")
    return sorted(folder.glob("*.yaml"))


@main.group()
def rules() -> None:
    """Read, check, test and compare rule sets (RULES: a folder holding ruleset.yaml; default: the bundled set)."""


@rules.command("test")
@_rules_argument
@click.option("--coverage", "with_coverage", is_flag=True,
              help="Also report which rules fired across the tests and the cases, and which never did.")
@click.option("--cases", "cases_dir", type=PATH, default=None, metavar="DIR",
              help="Case files counted for --coverage (default: ./cases when it exists).")
@message_lang_option
def test_command(rules_dir: Path | None, with_coverage: bool, cases_dir: Path | None, lang: str | None) -> None:
    """Run the rule tests listed in the manifest's `tests:`. Exit 1 when a test fails."""
    from ..policy.ruletest import coverage, render_coverage, render_results, run_rule_tests

    lang = lang or default_lang()
    ruleset = load_ruleset(rules_dir)
    results = run_rule_tests(ruleset)
    text = render_results(results, lang)
    if with_coverage:
        text += render_coverage(coverage(ruleset, results, _case_files(cases_dir)), ruleset, lang)
    click.echo(text, nl=False)
    if any(not r.passed for r in results):
        raise CheckFailed()


@rules.command("lint")
@_rules_argument
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@message_lang_option
def lint_command(rules_dir: Path | None, strict: bool, lang: str | None) -> None:
    """Check a rule set for mistakes: each finding with file, line, rule, what and a hint. Exit 1 on errors."""
    from ..policy.lint import lint_folder, render_findings

    findings = lint_folder(rules_dir)
    click.echo(printable(render_findings(findings, lang or default_lang())), nl=False)
    if any(f.severity == "error" or strict for f in findings):
        raise CheckFailed()


@rules.command("coverage")
@_rules_argument
@lang_option
def coverage_command(rules_dir: Path | None, lang: str) -> None:
    """For every problem and cause category, the programs a rule can recommend from it, beside what the catalogue
    says each program addresses. Exit 1 when a hole is neither closed by a rule nor marked intentional."""
    from ..policy.coverage import coverage, render_coverage_matrix

    ruleset = load_ruleset(rules_dir)
    cov = coverage(ruleset, lang)
    click.echo(printable(render_coverage_matrix(ruleset, cov, lang)), nl=False)
    if cov.holes:
        raise CheckFailed()


@rules.command("list")
@_rules_argument
@lang_option
def list_command(rules_dir: Path | None, lang: str) -> None:
    """Every rule on one line: id, program, agency, its conditions in plain words."""
    from ..policy.review import render_list

    click.echo(printable(render_list(load_ruleset(rules_dir), lang)), nl=False)


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rules_dir", type=PATH, default=None, metavar="DIR",
              help="Rule-set folder (holds ruleset.yaml). Default: the bundled rule set.")
@lang_option
def show_command(rule_id: str, rules_dir: Path | None, lang: str) -> None:
    """One rule in full: title, program, conditions, exceptions, rationale and source. `rules show ranking`: the
    rule set's ranking terms and weights."""
    from ..policy.review import render_rule

    click.echo(printable(render_rule(load_ruleset(rules_dir), rule_id, lang)), nl=False)


@rules.command("export")
@_rules_argument
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv", "xlsx"]), default="markdown",
              show_default=True, help="markdown (a table to print), csv (for a spreadsheet) or xlsx (a decision "
              "table per rule file, to edit and bring back with `rules import`; needs -o).")
@lang_option
@output_options
def export_command(rules_dir: Path | None, fmt: str, lang: str, output: Path | None, force: bool) -> None:
    """The whole rule set as a review table, one row a rule."""
    from ..errors import UsageError
    from ..policy.review import render_export
    from ..policy.tables import export_rules_xlsx

    if fmt == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
    ruleset = load_ruleset(rules_dir)
    if fmt == "xlsx":
        emit(export_rules_xlsx(ruleset, lang), output, force=force, rules=ruleset)
        return
    emit(render_export(ruleset, fmt, lang), output, force=force, rules=ruleset)


@rules.command("import")
@click.argument("workbook", type=PATH)
@click.argument("rules_dir", metavar="RULES", type=PATH)
@message_lang_option
def import_command(workbook: Path, rules_dir: Path, lang: str | None) -> None:
    """Write the rules of a decision-table WORKBOOK (from `rules export --format xlsx`) back into the rule files of
    the rule set RULES its sheets are named after. The imported set is loaded and linted first; on any error
    (reported by sheet and cell; a cell holding a formula is one: type the value) nothing is written. Only the
    files whose rules change are written, all or none, each atomically; the others are not touched. A rewritten
    file keeps only the comment block at its top: a note says which files lost comments."""
    from ..errors import UsageError
    from ..policy.tables import import_rules_workbook, read_workbook_file

    if not (rules_dir / "ruleset.yaml").is_file():
        raise UsageError(f"{rules_dir}: no ruleset.yaml in this folder; give the rule-set folder to write into")
    done = import_rules_workbook(read_workbook_file(workbook), str(workbook), rules_dir)
    indonesian = (lang or message_lang()) == "id"
    for path in done.written:
        click.echo(f"{path}")
    said = "{} berkas aturan diubah" if indonesian else "{} rule files changed"
    click.echo(said.format(len(done.written)))
    if done.comments_dropped:
        note = ("Catatan: komentar di antara aturan tidak disimpan; {} berkas kehilangan komentarnya (blok komentar "
                "di awal berkas tetap ada): {}" if indonesian else
                "Note: comments among the rules are not kept; {} files lost theirs (the comment block at the top of "
                "a file stays): {}")
        click.echo(note.format(len(done.comments_dropped), ", ".join(p.name for p in done.comments_dropped)), err=True)


@rules.command("diff")
@click.argument("old", type=PATH)
@click.argument("new", type=PATH)
@click.option("--cases", "cases_dir", type=PATH, default=None, metavar="DIR",
              help="Past cases to measure the impact on (default: ./cases when it exists).")
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when the advice for any case changes.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text, markdown (a report to share) or json (for tools).")
@lang_option
def diff_command(old: Path, new: Path, cases_dir: Path | None, fail_on_change: bool, fmt: str, lang: str) -> None:
    """What changed from rule set OLD to NEW (rules, catalogue, prerequisites, taxonomy, ranking, coverage marks),
    and what it does to the advice for past cases (a case that cannot be read is reported and skipped)."""
    from ..policy.diff import diff_rulesets, render_diff, render_diff_json, render_diff_markdown
    from ..rules.load import load_rules

    report = diff_rulesets(load_rules(old), load_rules(new), _case_files(cases_dir), lang=lang)
    render = {"text": render_diff, "markdown": render_diff_markdown, "json": render_diff_json}[fmt]
    click.echo(printable(render(report)), nl=False)
    if fail_on_change and report.advice_changed:
        raise CheckFailed()
