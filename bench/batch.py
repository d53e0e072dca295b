"""Batch advising: cases/second at -j1 and -jN against the fastest honest alternative, one Advisor in a loop.

    python bench/batch.py [N]      (default 300 generated cases, written to a temporary folder, not committed)

Also times merely parsing the same files with libyaml's CSafeLoader, the floor the issue compares against, and one
`kkb-advisor advise FOLDER --format jsonl` command over the same files, start-up included (the issue's own measure).
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kkb_advisor.advice.advisor import Advisor
from kkb_advisor.batch.run import Setup, default_jobs, outcomes
from kkb_advisor.case.load import load_case
from kkb_advisor.errors import KkbError
from kkb_advisor.rules.load import load_rules
from tests.casegen import case_text, random_case


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rules = load_rules()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(n):
            path = Path(tmp) / f"case-{i:05d}.yaml"
            path.write_text(case_text(random_case(rng, rules, max_nodes=rng.choice((4, 6, 8)))), encoding="utf-8")
            paths.append(path)
        t = time.perf_counter()
        for p in paths:
            yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
        parse = time.perf_counter() - t
        t = time.perf_counter()
        with Advisor(rules) as advisor:
            for p in paths:
                try:
                    advisor.advise(load_case(p, rules)).model_dump_json()
                except KkbError:
                    pass  # counted as a failure in the batch run as well
        loop = time.perf_counter() - t
        timings = {}
        for jobs in sorted({1, default_jobs()}):
            t = time.perf_counter()
            done = sum(1 for o in outcomes(paths, Setup(fmt="jsonl"), jobs=jobs, rules=rules if jobs == 1 else None))
            timings[jobs] = time.perf_counter() - t
            assert done == n
        # the issue's own measure: one `advise --format jsonl` command over the folder, as a user runs it
        # (interpreter start, imports and the rule set included), output to /dev/null
        command = [sys.executable, "-m", "kkb_advisor", "advise", tmp, "--format", "jsonl", "-j", str(default_jobs())]
        t = time.perf_counter()
        ran = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        cli = time.perf_counter() - t
        assert ran.returncode in (0, 2), ran.stderr[-800:]  # 2: some generated case was refused (counted above)
    print(f"{n} cases; parse only (CSafeLoader): {n / parse:.0f} cases/s")
    print(f"baseline, one Advisor in a loop: {n / loop:.1f} cases/s")
    for jobs, secs in timings.items():
        print(f"batch -j{jobs}: {n / secs:.1f} cases/s  ({loop / secs:.2f}x the loop, {secs / parse:.1f}x parse only)")
    print(f"one `advise --format jsonl -j{default_jobs()}` command: {cli:.2f} s, {n / cli:.1f} cases/s"
          f"  ({cli / parse:.1f}x parse only)")
    best = min(timings.values()) / n
    print(f"83,000 cases at the best rate: {83000 * best / 60:.1f} min;"
          f" peak RSS (this process) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
