"""Score kkb-advisor's main list against the facilitators' answer keys: expected.yaml for the internal cases
(cases/), published-expected.yaml for the cases transcribed from published reports (published/).

Run `python -m tests.quality.metrics` from the repository root for a per-case table over both sets (it calls
`kkb-advisor advise CASE --format json`, the documented contract); bench/quality.py prints the figures per set and
overall; tests/quality/test_quality.py and test_published.py assert what must hold over the same numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.yaml"))
EXPECTED = HERE / "expected.yaml"
# Cases transcribed from published Kampung KB FGD / coordination-meeting reports, keyed before the advice was run.
PUBLISHED_DIR = HERE / "published"
PUBLISHED = sorted(PUBLISHED_DIR.glob("*.yaml"))
PUBLISHED_EXPECTED = HERE / "published-expected.yaml"


def load_expected(path: Path = EXPECTED) -> dict[str, dict[str, list[str]]]:
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def keyed_cases() -> list[tuple[Path, dict[str, list[str]]]]:
    """Every case with its answer key: the internal cases, then the published ones that have a key."""
    out: list[tuple[Path, dict[str, list[str]]]] = []
    for cases, keys in ((CASES, load_expected(EXPECTED)), (PUBLISHED, load_expected(PUBLISHED_EXPECTED))):
        for path in cases:
            cid = case_id(path)
            if cid in keys:
                out.append((path, keys[cid]))
    return out


def set_name(path: Path) -> str:
    """Which keyed set a case file belongs to: `internal` (cases/) or `published` (published/)."""
    return "published" if path.parent == PUBLISHED_DIR else "internal"


def case_id(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["case_id"])


@dataclass(frozen=True)
class Score:
    case_id: str
    main: tuple[str, ...]          # the tool's main list, in rank order
    must_hits: tuple[str, ...]
    must_missed: tuple[str, ...]
    should_hits: tuple[str, ...]
    never_named: tuple[str, ...]   # never-programs anywhere in the main list
    top3_in_first3: tuple[str, ...]
    top3_in_first5: tuple[str, ...]

    must_in_first_n: tuple[str, ...] = ()   # must-programs within the first len(must) places
    noise: tuple[str, ...] = ()            # main-list programs the key names neither must nor should
    existing_as_new: tuple[str, ...] = ()  # programs already running in the village, recommended as new
    leaders_missing: tuple[str, ...] = ()  # the key's leaders (top3) not within the first five places

    @property
    def must_recall(self) -> float:
        return len(self.must_hits) / (len(self.must_hits) + len(self.must_missed))

    @property
    def top_recall(self) -> float:
        """Top-of-list recall: share of the must-programs within the first N places, N = len(must)."""
        return len(self.must_in_first_n) / (len(self.must_hits) + len(self.must_missed))

    @property
    def leaders(self) -> int:
        """How many programs the key says must lead the list (its top3; fewer for a short key)."""
        return len(self.top3_in_first5) + len(self.leaders_missing)

    @property
    def noise_share(self) -> float:
        return len(self.noise) / len(self.main) if self.main else 0.0


def score(cid: str, main: list[str], expected: dict[str, list[str]],
          existing: frozenset[str] = frozenset()) -> Score:
    listed = set(main)
    named = set(expected["must"]) | set(expected.get("should", []))
    first_n = set(main[:len(expected["must"])])
    return Score(
        case_id=cid, main=tuple(main),
        must_hits=tuple(p for p in expected["must"] if p in listed),
        must_missed=tuple(p for p in expected["must"] if p not in listed),
        should_hits=tuple(p for p in expected.get("should", []) if p in listed),
        never_named=tuple(p for p in expected.get("never", []) if p in listed),
        top3_in_first3=tuple(p for p in expected["top3"] if p in main[:3]),
        top3_in_first5=tuple(p for p in expected["top3"] if p in main[:5]),
        must_in_first_n=tuple(p for p in expected["must"] if p in first_n),
        noise=tuple(p for p in main if p not in named),
        existing_as_new=tuple(p for p in main if p in existing),
        leaders_missing=tuple(p for p in expected["top3"] if p not in main[:5]),
    )


def existing_programs(path: Path) -> frozenset[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(str(e["program_id"]) for e in data.get("existing_programs") or [])


def cli_main_list(path: Path) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "kkb_advisor", "advise", str(path), "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return [r["program"] for r in sorted(json.loads(out)["recommendations"], key=lambda r: r["rank"])]


def report() -> str:
    """A per-case table over every keyed case (internal, then published), through the CLI's JSON contract."""
    header = f"{'case':28} {'set':9} {'len':>3} {'must':>9} {'should':>7} {'never':>5} {'top3@3':>6} {'top3@5':>6}"
    lines = [header + "  missed / never"]
    hits = total = 0
    for path, key in keyed_cases():
        cid = case_id(path)
        s = score(cid, cli_main_list(path), key)
        hits += len(s.must_hits)
        total += len(key["must"])
        should = len(key.get("should", []))
        lines.append(f"{cid:28} {set_name(path):9} {len(s.main):>3} {len(s.must_hits):>3}/{len(key['must'])} "
                     f"{s.must_recall:4.2f} {len(s.should_hits):>3}/{should:<3} {len(s.never_named):>5} "
                     f"{len(s.top3_in_first3):>6} {len(s.top3_in_first5):>6}  "
                     f"{' '.join(s.must_missed) or '-'} / {' '.join(s.never_named) or '-'}")
    lines.append(f"overall must-recall {hits}/{total} = {hits / total:.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
