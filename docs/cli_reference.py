"""Regenerate the README's CLI reference from the commands' own --help texts.

    python docs/cli_reference.py          # rewrite the section between the markers in README.md
    python docs/cli_reference.py --check  # exit 1 if README.md is out of date (the tests do the same)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
    out = []
    for name in sorted(group.commands):
        out.append([*prefix, name])
        cmd = group.commands[name]
        if isinstance(cmd, click.Group):
            out += _walk(cmd, [*prefix, name])
    return out


def reference() -> str:
    sys.path.insert(0, str(REPO))
    from kkb_advisor.cli import _register, main

    _register()
    runner = CliRunner(env={"KKB_ADVISOR_LANG": "en"})  # the README's reference is in English
    parts = []
    for path in [[], *_walk(main, [])]:
        result = runner.invoke(main, [*path, "--help"], prog_name="kkb-advisor", terminal_width=100)
        title = " ".join(["kkb-advisor", *path])
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def render(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{reference()}{END}{tail}"


def main() -> int:
    path = REPO / "README.md"
    current = path.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        return 0 if fresh == current else 1
    path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
