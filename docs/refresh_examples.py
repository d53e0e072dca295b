"""Re-run every `$ kkb-advisor ...` example in README.md and docs/*.md and put its real output back.

    python docs/refresh_examples.py          # rewrite the examples in place
    python docs/refresh_examples.py --check  # exit 1 if any example is out of date (the tests do the same)

An example is a ```console block: the command line, the output, then `[exit N]`. A line `...` inside the output
elides the middle: the same number of lines before and after it is kept from the real output.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n(\$ kkb-advisor [^\n]*)\n(.*?)\[exit (\d+)\]\n```", re.S)


def _run(command: str) -> tuple[list[str], int]:
    args = command[2:].split()[1:]  # drop "$ kkb-advisor"
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "120", "KKB_ADVISOR_CACHE": "off", "LANG": "C.UTF-8"}
    run = subprocess.run([sys.executable, "-m", "kkb_advisor", *args], cwd=REPO, capture_output=True, text=True,
                         env=env, check=False)
    return (run.stdout + run.stderr).splitlines(), run.returncode


def refresh(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        command, shown = match.group(1), match.group(2).splitlines()
        lines, code = _run(command)
        if "..." in shown:
            cut = shown.index("...")
            head, tail = cut, len(shown) - cut - 1
            lines = [*lines[:head], "...", *(lines[-tail:] if tail else [])]
        body = "\n".join(lines)
        return f"```console\n{command}\n{body}{chr(10) if body else ''}[exit {code}]\n```"

    return BLOCK.sub(replace, text)


def main() -> int:
    stale = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        current = path.read_text(encoding="utf-8")
        fresh = refresh(current)
        if fresh != current:
            stale.append(path.name)
            if "--check" not in sys.argv:
                path.write_text(fresh, encoding="utf-8")
    if stale and "--check" in sys.argv:
        print("out of date: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
