"""How long `rules lint` takes on a large rule set: one command.

    python bench/lint.py                      # 500 programs, 1,000 rules (target: under 10 s)
    python bench/lint.py --programs 100 --rules 200

The large set is the bundled one scaled up: its catalogue copied (ids suffixed) until it has ``--programs``
entries, its rules copied (ids suffixed, each copy pointing at the copy of its program) until there are ``--rules``
rules, its prerequisites copied with the programs. Every copy is a real, compilable rule set: lint does the same
work on it as on a policy team's own catalogue. The run also lints the set at half the size, so the ratio of the
two times shows how lint time grows (about 2 when it grows linearly, 4 when quadratically).
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["KKB_ADVISOR_CACHE"] = "off"  # a policy team lints the set it just edited: no compiled copy to reuse

from kkb_advisor.policy.lint import lint_folder  # noqa: E402

SOURCE = REPO / "rules"


def _load(name: str) -> Any:
    return yaml.safe_load((SOURCE / name).read_text(encoding="utf-8"))


def scaled_rule_set(folder: Path, programs: int, rules: int) -> Path:
    """Write into ``folder`` the bundled rule set scaled to ``programs`` catalogue entries and ``rules`` rules."""
    manifest = _load("ruleset.yaml")
    catalogue = _load("catalogue.yaml")
    base_programs = catalogue["programs"]
    copies = max(1, -(-programs // len(base_programs)))
    out_programs = []
    for k in range(copies):
        for p in base_programs:
            q = copy.deepcopy(p)
            q["id"] = p["id"] if k == 0 else f"{p['id']}-C{k}"
            out_programs.append(q)
    out_programs = out_programs[:programs]
    kept = {p["id"] for p in out_programs}
    (folder / "catalogue.yaml").write_text(yaml.safe_dump({"programs": out_programs}, allow_unicode=True),
                                           encoding="utf-8")
    base_rules = [(name, r) for name in manifest["rules"] for r in (_load(name)["rules"] or [])]
    out_rules: dict[str, list[Any]] = {name: [] for name in manifest["rules"]}
    total, k = 0, 0
    while total < rules:
        for name, r in base_rules:
            if total >= rules:
                break
            if k and r["program"] == "*":
                continue  # a rule for any program (what the room offered) is written once, not per copy
            program = r["program"] if k == 0 else f"{r['program']}-C{k % copies or 1}"
            if program not in kept:
                program = r["program"]
            q = copy.deepcopy(r)
            q["id"] = r["id"] if k == 0 else f"{r['id']}-C{k}"
            q["program"] = program
            out_rules[name].append(q)
            total += 1
        k += 1
    for name, items in out_rules.items():
        (folder / name).write_text(yaml.safe_dump({"rules": items}, allow_unicode=True), encoding="utf-8")
    prereqs = _load("prerequisites.yaml")["prerequisites"]
    out_prereqs = []
    for k in range(copies):
        for p in prereqs:
            q = copy.deepcopy(p)
            if k:
                q["program"], q["needs"] = f"{p['program']}-C{k}", f"{p['needs']}-C{k}"
            if q["program"] in kept and q["needs"] in kept:
                out_prereqs.append(q)
    (folder / "prerequisites.yaml").write_text(yaml.safe_dump({"prerequisites": out_prereqs}, allow_unicode=True),
                                               encoding="utf-8")
    (folder / "taxonomy.yaml").write_text((SOURCE / "taxonomy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    if (SOURCE / "coverage.yaml").is_file() and manifest.get("coverage"):
        (folder / manifest["coverage"]).write_text((SOURCE / manifest["coverage"]).read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    manifest.pop("tests", None)
    (folder / "ruleset.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return folder


def _time_lint(programs: int, rules: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = scaled_rule_set(Path(tmp), programs, rules)
        start = time.perf_counter()
        findings = lint_folder(folder)
        return time.perf_counter() - start, len(findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=500)
    parser.add_argument("--rules", type=int, default=1000)
    args = parser.parse_args()
    half, _ = _time_lint(args.programs // 2, args.rules // 2)
    full, n = _time_lint(args.programs, args.rules)
    print(f"lint {args.programs // 2} programs / {args.rules // 2} rules: {half:.2f} s")
    print(f"lint {args.programs} programs / {args.rules} rules: {full:.2f} s ({n} findings; target < 10 s)")
    print(f"growth when the set doubles: x{full / half:.2f} (2 = linear, 4 = quadratic)")


if __name__ == "__main__":
    main()
