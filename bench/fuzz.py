"""Soak the hostile-values property (tests/hostile.py) far longer than CI does, and print what came out.

    python bench/fuzz.py                      # 5,000 examples, a random seed
    python bench/fuzz.py -n 50000 --seed 7    # more, reproducibly

Every example puts one generated hostile value (NaN, infinities, huge ints, bools, nested lists and mappings, long
and control-character text) at one case field a rule can read, writes the case as YAML or JSON text, and advises on
it with every engine that runs here. The property: advice (the same on both engines) or a KkbError whose every
problem names the file and a location. A violation stops the run with hypothesis' shrunk example (exit 1).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kkb_advisor.rules.load import load_rules  # noqa: E402
from tests.hostile import HOSTILE, PLACES, Engines, base_case  # noqa: E402
from tests.hostile import check as check_one  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    parser.add_argument("--case", type=Path, default=REPO / "cases" / "demak-timbulsloko-2023.yaml")
    args = parser.parse_args()
    rules = load_rules()
    on = Engines(rules)
    base = base_case(args.case)
    counts: collections.Counter[str] = collections.Counter()
    by_place: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(place=st.sampled_from(PLACES), value=HOSTILE, as_json=st.booleans())
    def prop(place: tuple[Any, ...], value: Any, as_json: bool) -> None:
        outcome = check_one(base, place, value, on, as_json=as_json)
        counts[outcome] += 1
        by_place[".".join(map(str, place))][outcome] += 1

    if args.seed is not None:
        prop = seed(args.seed)(prop)
    started = time.perf_counter()
    failed = False
    try:
        prop()
    except AssertionError as exc:
        failed = True
        print(f"PROPERTY VIOLATED: {exc}", file=sys.stderr)
    finally:
        on.close()
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    print(f"engines: {', '.join(on.advisors)}; places: {len(PLACES)}; examples run: {total} "
          f"({counts['advice']} advice, {counts['error']} located errors) in {elapsed:.1f} s "
          f"({elapsed / max(total, 1) * 1000:.1f} ms each)")
    for place, c in sorted(by_place.items(), key=lambda kv: -sum(kv[1].values()))[:10]:
        print(f"  {place:48} {c['advice']:6} advice {c['error']:6} errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
