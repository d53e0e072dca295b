"""Per-case cost against the size of the cause graph: advise cases of 25, 50, 100 and 200 nodes.

    python bench/graphsize.py            # 3 cases a size, each advised 3 times; the median time a size
    python bench/graphsize.py --reps 5

Cases are generated (tests/casegen.py style, fixed seed): half problems, half causes, about 1.5 links a node, each
cause linked towards the problems (so the reach facts - cause x problem paths - are as many as such a graph makes).
Prints milliseconds a case, the facts asserted, and the growth factor at each doubling (2.0 is linear). 200 nodes
is the largest case the format accepts (problems and causes together; an FGD names a few dozen), so 400 is not run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kkb_advisor.advice.advisor import Advisor  # noqa: E402
from kkb_advisor.advice.facts import case_facts  # noqa: E402
from kkb_advisor.advice.graph import analyse, build_graph  # noqa: E402
from kkb_advisor.case.load import parse_case  # noqa: E402
from kkb_advisor.rules.load import load_rules  # noqa: E402
from tests.casegen import random_case  # noqa: E402


def sized_case(rng: random.Random, rules: Any, nodes: int) -> dict[str, Any]:
    data = random_case(rng, rules, max_nodes=2)  # the metadata, groups and assets of an ordinary case
    problems = sorted(rules.taxonomy.problems)
    causes = sorted(rules.taxonomy.causes)
    n_p, n_c = nodes // 2, nodes - nodes // 2
    data["problems"] = [{"id": f"P{i}", "label_id": f"Masalah {i}", "category": rng.choice(problems),
                         "severity": rng.randint(1, 5)} for i in range(1, n_p + 1)]
    data["causes"] = [{"id": f"C{i}", "label_id": f"Penyebab {i}", "category": rng.choice(causes)}
                      for i in range(1, n_c + 1)]
    links, seen = [], set()
    while len(links) < int(1.5 * nodes):
        c = rng.randint(1, n_c)
        target = f"P{rng.randint(1, n_p)}" if rng.random() < 0.6 else f"C{rng.randint(1, n_c)}"
        if target == f"C{c}" or (c, target) in seen:
            continue
        seen.add((c, target))
        links.append({"from": f"C{c}", "to": target, "strength": rng.randint(1, 3)})
    data["links"] = links
    data.pop("opd_responses", None)
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sizes", default="25,50,100,200")
    args = ap.parse_args()
    rules = load_rules()
    rng = random.Random(5)
    previous = None
    print(f"{'nodes':>6} {'ms/case':>9} {'facts':>7} {'growth':>7}")
    with Advisor(rules) as advisor:
        for size in (int(s) for s in args.sizes.split(",")):
            cases = [parse_case(sized_case(rng, rules, size), name=f"size-{size}", rules=rules) for _ in range(3)]
            facts = statistics.median(len(case_facts(c, analyse(build_graph(c)), rules)) for c in cases)
            times = []
            for _ in range(args.reps):
                for case in cases:
                    t = time.perf_counter()
                    advisor.advise(case).model_dump_json()
                    times.append(time.perf_counter() - t)
            ms = statistics.median(times) * 1000
            growth = f"{ms / previous:.2f}x" if previous else "-"
            print(f"{size:>6} {ms:>9.1f} {facts:>7.0f} {growth:>7}", flush=True)
            previous = ms
    return 0


if __name__ == "__main__":
    sys.exit(main())
