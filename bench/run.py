"""kkb-advisor benchmarks: one command, three ratios, all measured in the same run.

    python bench/run.py            # full run (about a minute)
    python bench/run.py --quick    # fewer repetitions (a smoke test; figures are noisier)

1. engine  - the durable_rules step (Engine.run) against the floor: the same compiled conditions evaluated by
             plain Python closures (rules.evaluator.Evaluator). Target: engine >= 1/4 of the floor's cases/s.
2. advise  - load_case + advise + JSON rendering from the case files, against parsing the same files with PyYAML's
             libyaml loader alone. Target: within 1.5x of the parse.
3. startup - `kkb-advisor advise CASE` as a fresh process, against bare
             `python -c "import pydantic, networkx, click, yaml, durable_rules_engine"`. Target: within 1.3x.
             Measured with the rule-set cache warm (its normal state after the first run) and, for information,
             with the cache turned off.

Blocks of each side alternate, and the median block is reported, because this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kkb_advisor import Advisor, load_case, load_rules  # noqa: E402
from kkb_advisor.advice.engine import Engine  # noqa: E402
from kkb_advisor.advice.facts import case_facts  # noqa: E402
from kkb_advisor.advice.graph import analyse, build_graph  # noqa: E402
from kkb_advisor.report.text import render_json  # noqa: E402
from kkb_advisor.rules.compiler import compile_ruleset  # noqa: E402
from kkb_advisor.rules.evaluator import Evaluator  # noqa: E402

CASES = sorted((REPO / "cases").glob("*.yaml"))


def _alternate(sides: dict[str, Callable[[], int]], blocks: int) -> dict[str, float]:
    """Run each side's block in turn, ``blocks`` times; per side, the median rate (items per second)."""
    rates: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(blocks):
        for name, block in sides.items():
            start = time.perf_counter()
            items = block()
            rates[name].append(items / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in rates.items()}


def bench_engine(blocks: int, reps: int) -> tuple[float, float, int]:
    rules = load_rules()
    compiled = compile_ruleset(rules)
    facts = []
    for path in CASES:
        case = load_case(path, rules)
        facts.append(case_facts(case, analyse(build_graph(case)), rules))
    floor = Evaluator(compiled)
    firings = 0
    with Engine(compiled) as engine:
        for f in facts:  # same answers on both sides before timing anything
            a = {(x.rule.name, x.bound) for x in engine.run(f)}
            b = {(x.rule.name, x.bound) for x in floor.evaluate(f)}
            assert a == b, "engine and evaluator disagree"
            firings += len(a)

        def run_engine() -> int:
            for _ in range(reps):
                for f in facts:
                    engine.run(f)
            return reps * len(facts)

        def run_floor() -> int:
            for _ in range(reps):
                for f in facts:
                    floor.evaluate(f)
            return reps * len(facts)

        rates = _alternate({"engine": run_engine, "floor": run_floor}, blocks)
    return rates["engine"], rates["floor"], firings // len(facts)


def bench_advise(blocks: int, reps: int) -> tuple[float, float]:
    rules = load_rules()
    advisor = Advisor(rules)  # the engine is compiled once, outside the timing

    def run_parse() -> int:
        for _ in range(reps):
            for path in CASES:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        return reps * len(CASES)

    def run_advise() -> int:
        for _ in range(reps):
            for path in CASES:
                render_json(advisor.advise(load_case(path, rules)))
        return reps * len(CASES)

    rates = _alternate({"parse": run_parse, "advise": run_advise}, blocks)
    return rates["advise"], rates["parse"]


def _process_seconds(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def bench_startup(runs: int) -> tuple[float, float, float]:
    case = str(REPO / "cases" / "kadipiro-sehati-2018.yaml")
    bare = [sys.executable, "-c", "import pydantic, networkx, click, yaml, durable_rules_engine"]
    cli = [sys.executable, "-m", "kkb_advisor", "advise", case]
    warm_env = dict(os.environ)
    cold_env = dict(os.environ, KKB_ADVISOR_CACHE="off")
    _process_seconds(cli, warm_env)  # fills the rule-set cache, as any first run does
    times: dict[str, list[float]] = {"bare": [], "cli": [], "nocache": []}
    for _ in range(runs):
        times["bare"].append(_process_seconds(bare, warm_env))
        times["cli"].append(_process_seconds(cli, warm_env))
        times["nocache"].append(_process_seconds(cli, cold_env))
    return tuple(statistics.median(times[k]) for k in ("cli", "bare", "nocache"))  # type: ignore[return-value]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    blocks, reps, runs = (3, 3, 5) if args.quick else (7, 20, 21)
    print(f"kkb-advisor benchmarks ({len(CASES)} bundled cases; Python {sys.version.split()[0]})")
    engine, floor, firings = bench_engine(blocks, reps)
    ratio = engine / floor
    print(f"engine : durable_rules {engine:8.0f} cases/s | Python floor {floor:8.0f} cases/s | "
          f"ratio {ratio:.2f} (target >= 0.25) | {firings} firings a case | {'ok' if ratio >= 0.25 else 'MISSED'}")
    adv, parse = bench_advise(blocks, max(1, reps // 4))
    slow = parse / adv
    print(f"advise : end to end {adv:8.0f} cases/s | libyaml parse {parse:8.0f} files/s | "
          f"{slow:.2f}x the parse (target <= 1.5) | {'ok' if slow <= 1.5 else 'MISSED'}")
    cli, bare, nocache = bench_startup(runs)
    start_ratio = cli / bare
    print(f"startup: kkb-advisor advise {cli * 1000:6.0f} ms | bare imports {bare * 1000:6.0f} ms | "
          f"{start_ratio:.2f}x (target <= 1.3) | {'ok' if start_ratio <= 1.3 else 'MISSED'} | "
          f"rule-set cache off: {nocache * 1000:.0f} ms ({nocache / bare:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
