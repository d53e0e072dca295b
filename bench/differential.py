"""Differential check of a speed change: advise the same generated cases with two checkouts, compare byte for byte.

    python bench/differential.py OTHER_CHECKOUT [N]     (default 2000 cases)

OTHER_CHECKOUT is a copy of another commit's tree (e.g. `git archive main | tar -x -C /tmp/main`). N cases are
generated with this checkout's tests/casegen.py (seeded, varied sizes) into a temporary folder, plus the bundled
and quality cases; each checkout then advises every case in its own process (one Advisor, as a batch run does) —
once as it is, and for every third case also with a limit and a kind filter — and prints one line of JSON per
advice. The two outputs must be identical; the first differing case is shown.
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_WORKER = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from kkb_advisor import Advisor, load_case, load_rules
from kkb_advisor.errors import KkbError
from kkb_advisor.model.ruleset import KINDS
from kkb_advisor.report.text import render_json
rules = load_rules()
out = sys.stdout
with Advisor(rules) as advisor:
    for n, line in enumerate(Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()):
        try:
            case = load_case(Path(line), rules)
        except KkbError as e:
            out.write(f"{line}\\tERROR {e}\\n")
            continue
        variants = [((), None)]
        if n % 3 == 0:
            variants += [((), 2), ((KINDS[n % len(KINDS)],), None)]
        for kinds, limit in variants:
            text = render_json(advisor.advise(case, kinds=kinds, limit=limit))
            out.write(f"{line}\\t{kinds}\\t{limit}\\t{text!r}\\n")
"""


def _run(checkout: Path, listing: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _WORKER, str(checkout), str(listing)], check=True,
                          capture_output=True, text=True)
    return done.stdout.splitlines()


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    other = Path(sys.argv[1]).resolve()
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    sys.path.insert(0, str(REPO))
    from kkb_advisor.rules.load import load_rules
    from tests.casegen import case_text, random_case

    rules = load_rules()
    rng = random.Random(2011)
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted((REPO / "cases").glob("*.yaml")) + sorted((REPO / "tests" / "quality" / "cases").rglob("*.yaml"))
        for i in range(n):
            path = Path(tmp) / f"case-{i:05d}.yaml"
            size = rng.choice((3, 4, 6, 8, 12))
            path.write_text(case_text(random_case(rng, rules, max_nodes=size)), encoding="utf-8")
            paths.append(path)
        listing = Path(tmp) / "cases.txt"
        listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        ours, theirs = _run(REPO, listing), _run(other, listing)
    failed = sum("\tERROR " in line for line in ours)
    digest = hashlib.sha256("\n".join(ours).encode()).hexdigest()[:16]
    print(f"{len(paths)} cases ({failed} rejected by load_case), {len(ours)} advices; sha256 {digest}")
    if ours == theirs:
        print(f"identical to {other}")
        return 0
    for a, b in zip(ours, theirs, strict=False):
        if a != b:
            print(f"DIFFERENT from {other}, first at {a.split(chr(9))[0]}:\n  ours  : {a[:400]}\n  theirs: {b[:400]}")
            break
    else:
        print(f"DIFFERENT from {other}: {len(ours)} lines against {len(theirs)}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
