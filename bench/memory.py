"""Steady memory: advise N generated cases in one process; resident memory must not grow after the first 1,000.

    python bench/memory.py                 # 100,000 cases with the mini rule set
    python bench/memory.py --cases 3000 --rules rules

Each case is generated (tests/casegen.py), written as YAML text, parsed and checked, advised, and
rendered as JSON: the whole library path a long-running service would take. Prints the resident set size (RSS)
after the warm-up and at the end, and the growth; exit 1 when it grows by the limit or more.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kkb_advisor.advice.advisor import Advisor  # noqa: E402
from kkb_advisor.case.load import parse_case  # noqa: E402
from kkb_advisor.report.text import render_json  # noqa: E402
from kkb_advisor.rules.load import load_rules  # noqa: E402
from tests.casegen import case_text, random_case  # noqa: E402

WARM_UP = 1000


def rss_mb() -> float:
    """Current resident memory in MB (Linux /proc; elsewhere the peak, which can only overstate growth)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1048576 if sys.platform == "darwin" else 1024)


def run(cases: int, rules_dir: Path, *, seed: int = 1, limit: float = 0.10, report_every: int = 0) -> int:
    rules = load_rules(rules_dir)
    rng = random.Random(seed)
    advisor = Advisor(rules)
    baseline = 0.0
    start = time.perf_counter()
    try:
        for i in range(1, cases + 1):
            case = parse_case(case_text(random_case(rng, rules)), rules=rules)
            render_json(advisor.advise(case))
            if i == WARM_UP:
                gc.collect()
                baseline = rss_mb()
                print(f"RSS after {WARM_UP:,} cases: {baseline:.1f} MB", flush=True)
            elif report_every and i % report_every == 0:
                print(f"  {i:,} cases: {rss_mb():.1f} MB, {time.perf_counter() - start:.0f} s", flush=True)
    finally:
        advisor.close()
    gc.collect()
    final = rss_mb()
    growth = (final - baseline) / baseline
    elapsed = time.perf_counter() - start
    print(f"RSS after {cases:,} cases: {final:.1f} MB")
    print(f"growth after the first {WARM_UP:,}: {growth:+.1%} (limit {limit:.0%}); "
          f"{elapsed:.0f} s, {elapsed / cases * 1000:.2f} ms a case")
    return 0 if growth < limit else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="how many cases (default 100,000)")
    parser.add_argument("--rules", type=Path, default=REPO / "tests" / "data" / "rulesets" / "mini",
                        help="rule-set folder (default: the mini rule set)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=0.10, help="allowed growth (default 0.10 = 10%%)")
    parser.add_argument("--every", type=int, default=0, help="print RSS every N cases")
    args = parser.parse_args()
    if args.cases <= WARM_UP:
        parser.error(f"--cases must be more than {WARM_UP:,}")
    return run(args.cases, args.rules, seed=args.seed, limit=args.limit, report_every=args.every)


if __name__ == "__main__":
    sys.exit(main())
