"""kkb-advisor benchmarks: one command, every ratio measured in the same run, on this Python and on 3.13.

    python bench/run.py            # full run (a few minutes; then the same on Python 3.13 if it is on the machine)
    python bench/run.py --quick    # fewer repetitions (a smoke test; figures are noisier)
    python bench/run.py --here     # this interpreter only

1. engine  - the engine step (Engine.run on one case's facts) against the honest floor: the same compiled
             conditions as specialised Python closures made once per rule set, with equality tests answered from a
             per-case index (rules.evaluator.Evaluator, which is also the python engine). Printed as how many times
             the floor's time the durable_rules step takes. Target <= 8x (goal <= 3x).
2. stages  - time per case of each step of `advise` on the bundled cases: parse (libyaml), validate (the rest of
             load_case), graph, facts, engine, ranking (needs, ranking, ask-next, offers, assembly), output (JSON).
3. advise  - load_case + advise + JSON rendering from the case files, against parsing the same files with PyYAML's
             libyaml loader alone.
4. startup - `kkb-advisor advise CASE --format json` as a fresh process, against bare
             `python -c "import pydantic, networkx, click, yaml, durable_rules_engine"` (without the last where
             durable_rules does not import). Target: within 1.3x. Measured with the rule-set cache and the bytecode
             warm (their normal state after the first run) and, for information, with the cache turned off.

For the 3.13 run the bench uses (and on first use creates) the venv .venv-3.13 in the repository.

Blocks of each side alternate, and the median block is reported, because this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
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
from kkb_advisor.advice.engine import Engine, durable_available  # noqa: E402
from kkb_advisor.advice.facts import case_facts  # noqa: E402
from kkb_advisor.advice.graph import analyse, build_graph  # noqa: E402
from kkb_advisor.report.text import render_json  # noqa: E402
from kkb_advisor.rules.compiler import compile_ruleset  # noqa: E402

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


def bench_engine(blocks: int, reps: int) -> tuple[float | None, float, int, int]:
    """Cases/s of the durable_rules step (None where it does not import) and of the floor; firings and facts a case."""
    rules = load_rules()
    compiled = compile_ruleset(rules)
    facts = []
    for path in CASES:
        case = load_case(path, rules)
        facts.append(case_facts(case, analyse(build_graph(case)), rules))
    sides: dict[str, Callable[[], int]] = {}
    engines = [Engine(compiled, "python")]
    if durable_available():
        engines.append(Engine(compiled, "durable_rules"))
    try:
        answers = [[engine.run(f) for f in facts] for engine in engines]
        assert all(a == answers[0] for a in answers), "the engines disagree"  # before timing anything
        for name, engine in zip(("floor", "engine"), engines, strict=False):
            def block(engine: Engine = engine) -> int:
                for _ in range(reps):
                    for f in facts:
                        engine.run(f)
                return reps * len(facts)
            sides[name] = block
        rates = _alternate(sides, blocks)
    finally:
        for engine in engines:
            engine.close()
    n = len(facts)
    return rates.get("engine"), rates["floor"], sum(map(len, answers[0])) // n, sum(map(len, facts)) // n


def bench_stages(reps: int) -> dict[str, float]:
    """Median milliseconds per case of each step of `advise`, over the bundled cases."""
    rules = load_rules()
    times: dict[str, list[float]] = {k: [] for k in ("parse", "validate", "graph", "facts", "engine", "ranking",
                                                      "output")}
    with Advisor(rules) as advisor:
        for _ in range(reps):
            for path in CASES:
                t0 = time.perf_counter()
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
                t1 = time.perf_counter()
                case = load_case(path, rules)
                t2 = time.perf_counter()
                analysis = analyse(build_graph(case))
                t3 = time.perf_counter()
                facts = case_facts(case, analysis, rules)
                t4 = time.perf_counter()
                advisor.engine.run(facts)
                t5 = time.perf_counter()
                advice = advisor.advise(case)  # graph, facts and engine again: subtracted below
                t6 = time.perf_counter()
                render_json(advice)
                t7 = time.perf_counter()
                parse = t1 - t0
                for name, value in (("parse", parse), ("validate", t2 - t1 - parse), ("graph", t3 - t2),
                                    ("facts", t4 - t3), ("engine", t5 - t4), ("ranking", (t6 - t5) - (t5 - t2)),
                                    ("output", t7 - t6)):
                    times[name].append(value * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


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
    modules = "pydantic, networkx, click, yaml" + (", durable_rules_engine" if durable_available() else "")
    bare = [sys.executable, "-c", f"import {modules}"]
    cli = [sys.executable, "-m", "kkb_advisor", "advise", case, "--format", "json"]
    warm_env = dict(os.environ)
    cold_env = dict(os.environ, KKB_ADVISOR_CACHE="off")
    # the first run fills the rule-set cache and writes kkb_advisor's bytecode, as any first run does (pip writes
    # it at install; a checkout whose environment sets PYTHONDONTWRITEBYTECODE would otherwise compile every module
    # of ours from source at every start, while the dependencies' bytecode was written when they were installed)
    _process_seconds(cli, {k: v for k, v in warm_env.items() if k != "PYTHONDONTWRITEBYTECODE"})
    times: dict[str, list[float]] = {"bare": [], "cli": [], "nocache": []}
    for _ in range(runs):
        times["bare"].append(_process_seconds(bare, warm_env))
        times["cli"].append(_process_seconds(cli, warm_env))
        times["nocache"].append(_process_seconds(cli, cold_env))
    return tuple(statistics.median(times[k]) for k in ("cli", "bare", "nocache"))  # type: ignore[return-value]


def _python313() -> Path | None:
    """The venv .venv-3.13 (made on first use from a Python 3.13 on this machine), or None without one."""
    venv = REPO / ".venv-3.13"
    if (venv / "bin" / "python").exists():
        return venv / "bin" / "python"
    found = [shutil.which("python3.13"), *sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.13.*/bin/python")))]
    check = "import sys; sys.exit(sys.version_info[:2] != (3, 13))"
    interpreter = next((p for p in found if p and subprocess.run([p, "-c", check], capture_output=True,
                                                                   check=False).returncode == 0), None)
    if interpreter is None:
        return None
    print(f"(creating {venv.name} from {interpreter} for the 3.13 run)", flush=True)
    subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-e", str(REPO)], check=True)
    return venv / "bin" / "python"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--here", action="store_true", help="this interpreter only (no 3.13 run)")
    args = parser.parse_args()
    blocks, reps, runs = (3, 3, 5) if args.quick else (7, 20, 21)
    print(f"kkb-advisor benchmarks ({len(CASES)} bundled cases; Python {sys.version.split()[0]})", flush=True)
    engine, floor, firings, nfacts = bench_engine(blocks, reps)
    if engine is None:
        print(f"engine : python engine (the floor itself; durable_rules does not import here) {floor:8.0f} cases/s | "
              f"{nfacts} facts, {firings} firings a case")
    else:
        slow = floor / engine
        verdict = "ok" if slow <= 8 else "MISSED"
        print(f"engine : durable_rules {engine:8.0f} cases/s | honest floor (generated closures) {floor:8.0f} cases/s"
              f" | engine takes {slow:.1f}x the floor's time (target <= 8, goal <= 3) | {verdict} | "
              f"{nfacts} facts, {firings} firings a case")
    stages = bench_stages(max(1, reps // 4))
    print("stages : ms a case (median): " + " | ".join(f"{k} {v:.2f}" for k, v in stages.items()) +
          f" | total {sum(stages.values()):.2f}")
    adv, parse = bench_advise(blocks, max(1, reps // 4))
    print(f"advise : end to end {adv:8.0f} cases/s | libyaml parse {parse:8.0f} files/s | {parse / adv:.2f}x the parse")
    cli, bare, nocache = bench_startup(runs)
    start_ratio = cli / bare
    print(f"startup: kkb-advisor advise {cli * 1000:6.0f} ms | bare imports {bare * 1000:6.0f} ms | "
          f"{start_ratio:.2f}x (target <= 1.3) | {'ok' if start_ratio <= 1.3 else 'MISSED'} | "
          f"rule-set cache off: {nocache * 1000:.0f} ms ({nocache / bare:.2f}x)", flush=True)
    if not args.here and sys.version_info[:2] != (3, 13):
        other = _python313()
        if other is None:
            print("python 3.13: not on this machine; skipped")
        else:
            print(flush=True)
            argv = [str(other), str(Path(__file__).resolve()), "--here", *(["--quick"] if args.quick else [])]
            return subprocess.run(argv, check=False).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
