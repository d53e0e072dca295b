"""The demand a set of advice adds up to: per program and agency, per kabupaten/kota and kecamatan, and the
problems and root causes no program answers. Everything is counted in villages (one FGD case = one village)."""

from __future__ import annotations

import json
import os
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InputError, Problem
from ..model.advice import Advice
from ..model.ruleset import Bilingual

__all__ = ["AreaDemand", "Demand", "GapDemand", "ProgramDemand", "demand", "read_advice_lines"]

MAX_ADVICE_LINE = 8 * 1048576  # one advice is some 30 kB of JSON


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProgramDemand(_Out):
    program: str
    agency: str
    agency_name: str
    name: Bilingual
    main: int  # villages where it is in the main list
    also_possible: int
    keep: int  # villages where it runs already and should continue
    villages: tuple[str, ...]  # case ids where it is recommended (main or continue), sorted
    problems: dict[str, int]  # problem category -> villages where it would answer one
    root_causes: dict[str, int]  # cause category -> villages
    cost: Bilingual  # the catalogue's estimate ("" when it gives none)


class AreaDemand(_Out):
    kab_kota: str
    kecamatan: str  # "" for the kabupaten/kota total
    villages: int
    programs: dict[str, int]  # program -> villages where it is recommended (main or continue)
    uncovered: tuple[str, ...]  # case ids with a problem or root cause no program answers


class GapDemand(_Out):
    kind: str  # "problem" or "root_cause"
    category: str
    label: Bilingual
    villages: int


class Demand(_Out):
    cases: int
    programs: tuple[ProgramDemand, ...]  # most villages (main + continue) first, then by program id
    areas: tuple[AreaDemand, ...]  # by kabupaten/kota, its total first, then its kecamatan
    gaps: tuple[GapDemand, ...]  # most villages first


def demand(advices: Iterable[Advice]) -> Demand:
    """Add up ``advices`` (one per village). Streams: holds counters, not the advice."""
    progs: dict[str, dict[str, object]] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    villages: dict[str, set[str]] = defaultdict(set)
    answers: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    areas: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    area_n: Counter[tuple[str, str]] = Counter()
    uncovered: dict[tuple[str, str], set[str]] = defaultdict(set)
    gaps: Counter[tuple[str, str]] = Counter()
    gap_labels: dict[tuple[str, str], Bilingual] = {}
    # a program and its agency are named as most villages read them (the wording follows each village's place)
    agency_names: dict[str, Counter[str]] = defaultdict(Counter)
    program_names: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    n = 0
    for advice in advices:
        n += 1
        nodes = advice.graph.nodes
        place = [(advice.village.kab_kota, ""), (advice.village.kab_kota, advice.village.kecamatan)]
        for key in place:
            area_n[key] += 1
        for where, recs in (("main", advice.recommendations), ("also_possible", advice.also_possible),
                            ("keep", advice.keep)):
            for rec in recs:
                progs.setdefault(rec.program, {"agency": rec.agency, "cost": rec.cost})
                agency_names[rec.program][rec.agency_name] += 1
                program_names[rec.program][(rec.name.id, rec.name.en)] += 1
                counts[rec.program][where] += 1
                if where == "also_possible":
                    continue
                villages[rec.program].add(advice.case_id)
                for key in place:
                    areas[key][rec.program] += 1
                for kind, ids in (("problems", rec.problems), ("root_causes", rec.causes)):
                    for cat in sorted({nodes[i].category for i in ids if i in nodes}):
                        answers[(rec.program, kind)][cat] += 1
        for kind, ids in (("problem", advice.gaps.problems), ("root_cause", advice.gaps.root_causes)):
            for cat in sorted({nodes[i].category for i in ids if i in nodes}):
                gaps[(kind, cat)] += 1
                gap_labels.setdefault((kind, cat), next(nodes[i].category_label for i in ids
                                                        if i in nodes and nodes[i].category == cat))
        if advice.gaps.problems or advice.gaps.root_causes:
            for key in place:
                uncovered[key].add(advice.case_id)
    programs = [ProgramDemand(program=pid, agency=str(p["agency"]), agency_name=_most_read(agency_names[pid]),
                              name=Bilingual(*_most_read(program_names[pid])), cost=p["cost"],
                              main=counts[pid]["main"], also_possible=counts[pid]["also_possible"],
                              keep=counts[pid]["keep"], villages=tuple(sorted(villages[pid])),
                              problems=dict(sorted(answers[(pid, "problems")].items())),
                              root_causes=dict(sorted(answers[(pid, "root_causes")].items())))
                for pid, p in progs.items()]
    programs.sort(key=lambda p: (-(p.main + p.keep), -p.also_possible, p.program))
    return Demand(
        cases=n, programs=tuple(programs),
        areas=tuple(AreaDemand(kab_kota=k, kecamatan=c, villages=area_n[(k, c)],
                               programs=dict(sorted(areas[(k, c)].items(), key=lambda kv: (-kv[1], kv[0]))),
                               uncovered=tuple(sorted(uncovered[(k, c)]))) for k, c in sorted(area_n)),
        gaps=tuple(GapDemand(kind=kind, category=cat, label=gap_labels[(kind, cat)], villages=v)
                   for (kind, cat), v in sorted(gaps.items(), key=lambda kv: (-kv[1], kv[0]))))


def _most_read(names: Counter[Any]) -> Any:
    """The name most villages read (local wording differs by place); a tie goes to the first in sort order."""
    return min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def read_advice_lines(path: Path | str) -> Iterator[Advice]:
    """The Advice on each line of a `.jsonl` file from `kkb-advisor advise --format jsonl`, one at a time."""
    name = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Problem(name, "", "is a folder, not a file" if stat.S_ISDIR(info.st_mode)
                                     else "is not a regular file (a pipe, device or socket)",
                                     "give the .jsonl written by `kkb-advisor advise --format jsonl`"))
        handle = open(path, "rb")
    except OSError as exc:
        why = "no such file" if isinstance(exc, FileNotFoundError) else f"cannot read the file ({exc.strerror})"
        raise InputError(Problem(name, "", why, "check the path")) from None
    with handle:
        number = 0
        while True:
            raw = handle.readline(MAX_ADVICE_LINE + 1)
            if not raw:
                break
            number += 1
            if len(raw) > MAX_ADVICE_LINE:
                raise InputError(Problem(name, f"line {number}", f"the line is longer than "
                                         f"{MAX_ADVICE_LINE // 1048576} MB: not an advice line",
                                         "give the .jsonl written by `kkb-advisor advise --format jsonl`",
                                         line=number))
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                data.pop("source", None)
                yield Advice.model_validate(data)
            except (ValueError, ValidationError, RecursionError) as exc:
                first = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
                raise InputError([Problem(name, f"line {number}", f"not an advice line: {first}",
                                          "give the .jsonl written by `kkb-advisor advise --format jsonl`",
                                          line=number)]) from None
