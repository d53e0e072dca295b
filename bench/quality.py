"""Score kkb-advisor's main list against the facilitators' answer keys, per case, per set and over all sets.

    python bench/quality.py                     # table: every keyed case, then the figures per set and overall
    python bench/quality.py --set published     # only one set (internal | published)
    python bench/quality.py --json              # the same figures as JSON

Keyed sets: `internal` = tests/quality/cases with expected.yaml (synthetic FGDs keyed blind); `published` =
tests/quality/published with published-expected.yaml (transcribed from published Kampung KB reports, each key
committed before the advice was run). Measures, per case (scoring in tests/quality/metrics.py, shared with the
quality tests; see docs/quality.md):
  recall      must-programs anywhere in the main list / must-programs
  top         must-programs within the first N places, N = len(must) / must-programs
  lead5       the key's leaders (top3) within the first five places / leaders
  noise       main-list programs the key names neither must nor should / main-list length
  never       main-list programs the key says not to recommend (count)
  exist       programs already running in the village recommended as new (count)
  len         main-list length
Figures per set and overall pool the counts over the cases (micro averages); list length is the mean.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kkb_advisor import advise, load_case, load_rules  # noqa: E402
from tests.quality.metrics import Score, existing_programs, keyed_cases, score, set_name  # noqa: E402

SETS = ("internal", "published")


def run(only: str | None = None) -> list[tuple[str, Score]]:
    """(set name, score) for every keyed case, internal cases first; `only` keeps one set."""
    rules = load_rules()
    out = []
    for path, key in keyed_cases():
        group = set_name(path)
        if only and group != only:
            continue
        case = load_case(path, rules)
        main = [r.program for r in advise(case, rules).recommendations]
        out.append((group, score(case.case_id, main, key, existing_programs(path))))
    return out


def summary(scores: list[tuple[str, Score]]) -> dict[str, float | int]:
    ss = [s for _, s in scores]
    must = sum(len(s.must_hits) + len(s.must_missed) for s in ss)
    leaders = sum(s.leaders for s in ss)
    listed = sum(len(s.main) for s in ss)
    return {
        "cases": len(ss),
        "recall": round(sum(len(s.must_hits) for s in ss) / must, 3) if must else 0.0,
        "top_recall": round(sum(len(s.must_in_first_n) for s in ss) / must, 3) if must else 0.0,
        "leaders_in_first5": round(sum(len(s.top3_in_first5) for s in ss) / leaders, 3) if leaders else 0.0,
        "noise": round(sum(len(s.noise) for s in ss) / listed, 3) if listed else 0.0,
        "never": sum(len(s.never_named) for s in ss),
        "existing_as_new": sum(len(s.existing_as_new) for s in ss),
        "mean_length": round(listed / len(ss), 1) if ss else 0.0,
    }


def per_case(group: str, s: Score) -> dict[str, object]:
    return {"case": s.case_id, "set": group, "length": len(s.main), "recall": round(s.must_recall, 3),
            "top_recall": round(s.top_recall, 3), "leaders_in_first5": len(s.top3_in_first5),
            "noise": round(s.noise_share, 3), "missed": list(s.must_missed), "never": list(s.never_named),
            "existing_as_new": list(s.existing_as_new), "noise_programs": list(s.noise), "main": list(s.main)}


def result(scores: list[tuple[str, Score]]) -> dict[str, object]:
    groups = [g for g in SETS if any(x[0] == g for x in scores)]
    return {"overall": summary(scores),
            "by_set": {g: summary([x for x in scores if x[0] == g]) for g in groups},
            "cases": [per_case(g, s) for g, s in scores]}


def table(scores: list[tuple[str, Score]], res: dict[str, object]) -> str:
    lines = [f"{'case':30} {'set':9} {'len':>3} {'recall':>6} {'top':>5} {'lead5':>5} {'noise':>5} {'never':>5} "
             f"{'exist':>5}  missed"]
    for g, s in scores:
        lines.append(f"{s.case_id:30} {g:9} {len(s.main):>3} {s.must_recall:6.2f} {s.top_recall:5.2f} "
                     f"{len(s.top3_in_first5):>2}/{s.leaders:<2} {s.noise_share:5.2f} {len(s.never_named):>5} "
                     f"{len(s.existing_as_new):>5}  {' '.join(s.must_missed) or '-'}")
    by_set = res["by_set"]
    assert isinstance(by_set, dict)
    for name, summ in [*by_set.items(), ("overall", res["overall"])]:
        lines.append(f"{name:10} " + " ".join(f"{k}={v}" for k, v in summ.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--set", choices=SETS, help="score only this set")
    args = ap.parse_args(argv)
    scores = run(args.set)
    res = result(scores)
    print(json.dumps(res, indent=2, sort_keys=True, ensure_ascii=False) if args.json else table(scores, res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
