"""The command line: advise end to end, validate, schema, errors, and docs that stay in sync with --help."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
from click.testing import Result

from kkb_advisor.cli import main
from kkb_advisor.model.schemas import json_schema
from kkb_advisor.rules.load import load_rules
from tests.conftest import CASES, MINI_CASE, MINI_RULES, REPO

Cli = Callable[..., Result]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append(full)
        if isinstance(cmd, click.Group):
            out += _commands(cmd, full + " ")
    return out


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in _commands(main):
        assert f"kkb-advisor {command}" in readme, f"`kkb-advisor {command}` is not in the README"
        cmd = main
        for part in command.split():
            cmd = cmd.commands[part]  # type: ignore[attr-defined]
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in {"--help"}:
                    assert opt in readme, f"option {opt} of `kkb-advisor {command}` is not in the README"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, flags=re.S)
    assert "kkb-advisor advise cases/" in blocks[0]
    assert "pytest" in blocks[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in blocks[1].splitlines() if "pytest" in line).strip()
    assert test_command in ci, ".ci/run must call the README's test command"


def test_advise_text_json_markdown(cli: Cli) -> None:
    text = cli("advise", MINI_CASE, "--rules", MINI_RULES)
    assert text.exit_code == 0 and "Rekomendasi program" in text.stdout and "OSS-NIB" in text.stdout
    en = cli("advise", MINI_CASE, "--rules", MINI_RULES, "--lang", "en", "--format", "markdown")
    assert en.stdout.startswith("# Program recommendations")
    data = json.loads(cli("advise", MINI_CASE, "--rules", MINI_RULES, "--format", "json").stdout)
    assert data["case_id"] == "TEST-MINI-2019"
    first = data["recommendations"][0]
    assert {"program", "agency", "status", "rank", "score", "addresses", "because"} <= set(first)


def test_advise_output_file_is_never_overwritten_silently(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "advice.json"
    assert cli("advise", MINI_CASE, "--rules", MINI_RULES, "--format", "json", "-o", out).exit_code == 0
    written = out.read_text(encoding="utf-8")
    again = cli("advise", MINI_CASE, "--rules", MINI_RULES, "-o", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == written
    assert cli("advise", MINI_CASE, "--rules", MINI_RULES, "-o", out, "--force").exit_code == 0
    refused = cli("advise", MINI_CASE, "--rules", MINI_RULES, "-o", MINI_CASE, "--force")
    assert refused.exit_code == 2 and "input file" in refused.stderr


def test_bad_case_gives_a_located_error_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI_CASE.read_text(encoding="utf-8").replace("category: ECO.INCOME", "category: ECO.INCOM"),
                   encoding="utf-8")
    result = cli("advise", bad, "--rules", MINI_RULES)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {bad}: line 28, column 79 (problems[0].category): unknown problem category "
                             "'ECO.INCOM'; did you mean 'ECO.INCOME'?\n")
    assert result.stdout == ""


def test_unknown_kind_is_a_usage_error(cli: Cli) -> None:
    result = cli("advise", MINI_CASE, "--rules", MINI_RULES, "--kind", "permits")
    assert result.exit_code == 2 and "did you mean 'permit'?" in result.stderr


def test_validate(cli: Cli, tmp_path: Path) -> None:
    ok = cli("validate", MINI_CASE, "--rules", MINI_RULES)
    assert ok.exit_code == 0 and ok.stdout == f"ok: {MINI_CASE}\n"
    missing = cli("validate", MINI_CASE, tmp_path / "nope.yaml", "--rules", MINI_RULES)
    assert missing.exit_code == 2 and "nope.yaml: no such file" in missing.stderr
    for lang, word in (("id", "Galat:"), ("en", "Error:")):  # its messages follow --lang like every command's
        result = cli("validate", tmp_path / "nope.yaml", "--rules", MINI_RULES, "--lang", lang)
        assert result.exit_code == 2 and result.stderr.startswith(word), result.stderr


def test_published_schemas_are_in_sync(cli: Cli) -> None:
    for which in ("case", "advice"):
        published = json.loads((REPO / "docs" / f"{which}.schema.json").read_text(encoding="utf-8"))
        fresh = json_schema(which, load_rules())
        assert published == fresh, f"docs/{which}.schema.json is stale: kkb-advisor schema {which}"
        assert json.loads(cli("schema", which).stdout) == published


def test_bundled_cases_validate(cli: Cli) -> None:
    result = cli("validate", *CASES)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("ok: ") == len(CASES)


def test_python_m_entry_point_and_unsupported_python_message() -> None:
    run = subprocess.run([sys.executable, "-m", "kkb_advisor", "--help"], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0 and "advise" in run.stdout
    from kkb_advisor._pyversion import unsupported_message

    assert unsupported_message((3, 12)) is None and unsupported_message((3, 13)) is None
    message = unsupported_message((3, 14))
    assert message is not None and "3.11, 3.12 or 3.13" in message and "3.14" in message


def test_cli_reference_in_readme_is_current() -> None:
    run = subprocess.run([sys.executable, str(REPO / "docs" / "cli_reference.py"), "--check"], check=False)
    assert run.returncode == 0, "README's CLI reference is stale: run `python docs/cli_reference.py`"


def test_markdown_report_has_the_same_content_as_the_printed_one(cli: Cli) -> None:
    md = cli("advise", CASES[0].parent / "kadipiro-sehati-2018.yaml", "--format", "markdown").stdout
    for needed in ("## Kelompok peserta FGD", "## Indikator utama", "```mermaid", "n_C1 ==> n_P2",
                   "## 1. KOP-LATIHWIRAUSAHA", "## Celah"):
        assert needed in md, needed
    plan = md[md.index("## Rencana aksi"):]
    assert plan.index("OSS-NIB") < plan.index("KES-SPPIRT")  # the plan takes the NIB step first
    en = cli("advise", CASES[0].parent / "kadipiro-sehati-2018.yaml", "--format", "markdown", "--lang", "en").stdout
    assert "## FGD groups" in en and "Kelompok peserta" not in en


def test_examples_in_the_docs_show_real_output() -> None:
    run = subprocess.run([sys.executable, str(REPO / "docs" / "refresh_examples.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, f"{run.stdout} -- run `python docs/refresh_examples.py` and review the diff"
