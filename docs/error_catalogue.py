"""Regenerate the error catalogue in docs/errors.md: every bad file of tests/data/invalid/, its error in Indonesian
(the default) and in English, as the command writes them.

    python docs/error_catalogue.py          # rewrite the section between the markers in docs/errors.md
    python docs/error_catalogue.py --check  # exit 1 if docs/errors.md is out of date (the tests do the same)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "errors.md"
INVALID = REPO / "tests" / "data" / "invalid"
MINI_RULES = REPO / "tests" / "data" / "rulesets" / "mini"
MINI_CASE = REPO / "tests" / "data" / "valid" / "mini-case.yaml"
START, END = "<!-- error-catalogue:start -->", "<!-- error-catalogue:end -->"


def _run(folder: Path, args: list[str], lang: str) -> str:
    """The stderr of `kkb-advisor ARGS` run from ``folder`` (file names in messages stay short)."""
    sys.path.insert(0, str(REPO))
    from kkb_advisor.cli import _register, main

    _register()
    here = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner(env={"KKB_ADVISOR_LANG": lang, "KKB_ADVISOR_CACHE": "off"}).invoke(main, args)
    finally:
        os.chdir(here)
    return result.stderr


def _cell(text: str) -> str:
    return " <br> ".join(line.replace("|", "\\|") for line in text.strip().splitlines())


def _rows() -> list[str]:
    rows = []
    cases = sorted(p for p in (INVALID / "cases").iterdir() if p.suffix != ".expected")
    for bad in cases:
        args = ["advise", bad.name, "--rules", str(MINI_RULES)]
        rows.append(f"| `{bad.name}` | {_cell(_run(bad.parent, args, 'id'))} | {_cell(_run(bad.parent, args, 'en'))} |")
    for bad in sorted((INVALID / "rules").glob("*.yaml")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "mini"
            shutil.copytree(MINI_RULES, folder)
            (folder / (bad.stem.split("--")[0] + ".yaml")).write_bytes(bad.read_bytes())
            args = ["advise", str(MINI_CASE), "--rules", "mini"]
            said = {lang: _cell(_run(Path(tmp), args, lang)) for lang in ("id", "en")}
        rows.append(f"| `rules/{bad.name}` | {said['id']} | {said['en']} |")
    return rows


def catalogue() -> str:
    head = ("| bad file (tests/data/invalid/) | Indonesian (the default) | English (`--lang en`, "
            "`KKB_ADVISOR_LANG=en`) |\n|---|---|---|\n")
    return head + "\n".join(_rows()) + "\n"


def render(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{catalogue()}{END}{tail}"


def main() -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        return 0 if fresh == current else 1
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
