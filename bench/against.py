"""The per-case stages of bench/run.py for this checkout and another one, measured in turns, in the same run.

    python bench/against.py OTHER_CHECKOUT [ROUNDS]     (default 5 rounds)

OTHER_CHECKOUT is a copy of another commit's tree (e.g. `git archive main | tar -x -C /tmp/main`). Each round
runs bench/run.py's stage timing (bench_stages) once for each checkout, each in a fresh process with that
checkout's code first on the path (this checkout's interpreter and dependencies for both); the other checkout goes
first in odd rounds, this one in even rounds. Per stage, the median over the rounds of each side, and how many
times faster this checkout is. The machine is shared: the turns are there so that both sides see the same load.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_WORKER = """
import json, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[1] + "/bench")
import run
print(json.dumps(run.bench_stages(int(sys.argv[2]))))
"""


def _stages(checkout: Path, reps: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _WORKER, str(checkout), str(reps)], check=True,
                          capture_output=True, text=True)
    return dict(json.loads(done.stdout.splitlines()[-1]))


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    other = Path(sys.argv[1]).resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    runs: dict[str, list[dict[str, float]]] = {"other": [], "here": []}
    for n in range(rounds):
        for side in (("other", "here") if n % 2 == 0 else ("here", "other")):
            runs[side].append(_stages(other if side == "other" else REPO, 5))
    stages = list(runs["here"][0])
    median = {side: {k: statistics.median(r[k] for r in values) for k in stages} for side, values in runs.items()}
    print(f"ms a case (median of {rounds} rounds, bench/run.py stages on the bundled cases)")
    print(f"{'stage':10s} {other.name:>12s} {'this':>8s}  faster")
    for k in stages:
        a, b = median["other"][k], median["here"][k]
        print(f"{k:10s} {a:12.2f} {b:8.2f}  {a / b:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
