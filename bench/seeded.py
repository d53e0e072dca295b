"""Does `rules lint` catch the mistakes a policy team makes? One command:

    python bench/seeded.py                 # every mutation class, a table, the detection rate and lint time
    python bench/seeded.py --only severity-six --show   # one class, with the findings lint gave

Each mutation class (bench/mutations.py) makes a copy of the bundled rule set in a temporary folder with ONE
realistic mistake, then lints the copy as `kkb-advisor rules lint --strict` does (``lint_folder``, no cache). A class
is *detected* when lint gives an error or warning located where the mistake is: in the right file and, when the
mistake sits in a rule, program or test, naming that item or pointing at one of its lines. A harmless edit (a
byte-order mark, Windows line ends) must give no finding at all (*tolerated*).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from mutations import MUTATIONS, Copy, Mutation, Place, Skip  # noqa: E402

from kkb_advisor.policy.lint import Finding, lint_folder  # noqa: E402

SOURCE = REPO / "rules"


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    result: str  # detected | missed | tolerated | false alarm | not applicable
    places: tuple[Place, ...]
    findings: tuple[Finding, ...]
    matched: tuple[Finding, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return self.result in {"detected", "tolerated"}


def _relative(finding: Finding, folder: Path) -> str:
    prefix = str(folder) + "/"
    return finding.file[len(prefix):] if finding.file.startswith(prefix) else finding.file


def located(finding: Finding, place: Place, folder: Path) -> bool:
    """Is the finding about the place: the same file, and the same item (by id or by line) when there is one?"""
    if _relative(finding, folder) != place.file:
        return False
    if not place.item and place.lines == (0, 0):
        return True
    return (bool(place.item) and finding.rule == place.item) or place.lines[0] <= finding.line <= place.lines[1]


def run(mutation: Mutation, *, source: Path = SOURCE) -> Outcome:
    """Copy the rule set, apply the mutation (seeded by its name), lint, and say whether lint found it."""
    with tempfile.TemporaryDirectory(prefix="kkb-seeded-") as tmp:
        folder = Path(tmp) / "rules"
        shutil.copytree(source, folder)
        try:
            places = tuple(mutation.apply(Copy(folder, random.Random(mutation.name))))
        except Skip:
            return Outcome(mutation, "not applicable", (), (), (), 0.0)
        start = time.perf_counter()
        findings = tuple(lint_folder(folder))
        seconds = time.perf_counter() - start
        matched = tuple(f for f in findings if any(located(f, p, folder) for p in places))
        if mutation.harmless:
            result = "tolerated" if not findings else "false alarm"
        else:
            result = "detected" if matched else "missed"
        shown = tuple(f.__class__(**{**f.__dict__, "file": _relative(f, folder)}) for f in findings)
        return Outcome(mutation, result, places, shown, matched, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[], help="run only these classes (repeatable)")
    parser.add_argument("--show", action="store_true", help="print the findings of each class")
    args = parser.parse_args()
    os.environ["KKB_ADVISOR_CACHE"] = "off"  # a policy team lints the set it just edited: no compiled copy to reuse
    chosen = [m for m in MUTATIONS if not args.only or m.name in args.only]
    start = time.perf_counter()
    outcomes = [run(m) for m in chosen]
    total = time.perf_counter() - start
    width = max(len(m.name) for m in chosen)
    for o in outcomes:
        codes = ",".join(sorted({f.code for f in o.matched})) or "-"
        print(f"{o.mutation.name:<{width}}  {o.result:<14} {codes:<28} {o.seconds:5.2f} s  {o.mutation.what}")
        if args.show or o.result in {"missed", "false alarm"}:
            for p in o.places:
                print(f"    mistake at {p.file} {p.item} lines {p.lines[0]}-{p.lines[1]}")
            for f in o.findings[:8]:
                print(f"    {f}")
    counted = [o for o in outcomes if o.result in {"detected", "missed"}]
    detected = sum(o.result == "detected" for o in counted)
    harmless = [o for o in outcomes if o.mutation.harmless]
    lint_time = sum(o.seconds for o in outcomes)
    print(f"\ndetected {detected} of {len(counted)} mistakes ({100 * detected / max(1, len(counted)):.0f} %); "
          f"harmless edits tolerated: {sum(o.result == 'tolerated' for o in harmless)} of {len(harmless)}; "
          f"not applicable: {sum(o.result == 'not applicable' for o in outcomes)}")
    print(f"lint time: {lint_time:.1f} s in all, {lint_time / max(1, len(outcomes)):.2f} s a copy "
          f"(run: {total:.1f} s)")


if __name__ == "__main__":
    main()
