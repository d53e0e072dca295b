"""Two FGDs of one Kampung KB, a year apart: what changed. Indicators (which way, and whether that is better),
problems (resolved, new, worse, better, the same), programs (started, continued, ended, still missing, newly
recommended).

Problems are matched by their category (the codes of the taxonomy), since ids and words change between two FGDs;
two problems of one category are paired by id first, then in order. Language-neutral: every text is kept in both
languages, and the renderers (compare_render.py) choose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..errors import NotSameVillage, Problem, Text
from ..model.advice import Advice
from ..model.case import Case
from ..model.case import Problem as CaseProblem
from ..model.ruleset import Bilingual, RuleSet
from .indicator_meaning import better_when

__all__ = ["COMPARE_SCHEMA_ID", "Comparison", "FgdRef", "IndicatorChange", "ProblemChange", "ProgramChange",
           "compare_fgds", "same_village"]

COMPARE_SCHEMA_ID = "kkb-advisor/compare/1"
_PLACE = ("province", "kab_kota", "kecamatan", "kelurahan_or_desa", "unit_level", "rw", "dusun")
_FIELD_WORDS = {"province": "provinsi", "kab_kota": "kabupaten/kota", "kecamatan": "kecamatan",
                "kelurahan_or_desa": "desa/kelurahan", "unit_level": "tingkat unit", "rw": "RW", "dusun": "dusun"}


Direction = Literal["up", "down", "same", "not_comparable"]
Judgement = Literal["better", "worse", "unchanged", "context", "unknown"]
ProblemStatus = Literal["resolved", "new", "worse", "better", "same"]
ProgramStatus = Literal["started", "continued", "ended", "still_missing", "newly_recommended"]


@dataclass(frozen=True)
class FgdRef:
    file: str
    case_id: str
    date: str


@dataclass(frozen=True)
class IndicatorChange:
    key: str
    label: Bilingual
    old: float | int | None  # None: not recorded at that FGD
    new: float | int | None
    direction: Direction
    judgement: Judgement


@dataclass(frozen=True)
class ProblemChange:
    category: str
    category_label: Bilingual
    old: str | None  # the problem id at each FGD (None: not raised there)
    new: str | None
    old_label: Bilingual | None
    new_label: Bilingual | None
    old_severity: int | None
    new_severity: int | None
    status: ProblemStatus


@dataclass(frozen=True)
class ProgramChange:
    program: str
    name: Bilingual
    agency_name: str
    status: ProgramStatus
    old_state: str  # active, completed, in_process (already there); recommended, also_possible; or "" (neither)
    new_state: str


@dataclass(frozen=True)
class Comparison:
    schema_id: str
    village: str  # Kampung KB name and place, as the newer FGD records them
    old: FgdRef
    new: FgdRef
    indicators: tuple[IndicatorChange, ...]  # in the newer advice's order, then those only the older one had
    problems: tuple[ProblemChange, ...]  # resolved, new, worse, better, same; each by category
    programs: tuple[ProgramChange, ...]  # started, continued, ended, still missing, newly recommended; by id


def _norm(value: object) -> str:
    text = re.sub(r"[\s.,]+", " ", str(value or "")).strip().casefold()
    return re.sub(r"^(rw|dusun)\s*0*", "", text)


def same_village(old: Case, new: Case, old_file: str = "OLD", new_file: str = "NEW") -> None:
    """Raise NotSameVillage when ``old`` and ``new`` are not FGDs of one place (each differing field located in
    the newer file), or when the older file holds the later FGD."""
    problems = []
    for field in _PLACE:
        a, b = getattr(old.metadata, field), getattr(new.metadata, field)
        if _norm(a) != _norm(b):
            problems.append(Problem(
                file=new_file, location=f"metadata.{field}", path=f"metadata.{field}", code="not-same-village",
                message=Text(en=f"not the same village as {old_file}: {field} is '{b}' here, '{a}' there",
                             id=f"bukan kampung yang sama dengan {old_file}: {_FIELD_WORDS[field]} di sini '{b}', "
                                f"di sana '{a}'"),
                hint=Text(en="compare two FGDs of one Kampung KB (the same place, a year apart)",
                          id="bandingkan dua FGD dari satu Kampung KB (tempat yang sama, berselang setahun)")))
    if not problems and new.metadata.date < old.metadata.date:
        problems.append(Problem(
            file=new_file, location="metadata.date", path="metadata.date", code="not-same-village",
            message=Text(en=f"this FGD ({new.metadata.date}) is older than {old_file} ({old.metadata.date})",
                         id=f"FGD ini ({new.metadata.date}) lebih lama daripada {old_file} ({old.metadata.date})"),
            hint=Text(en="give the older FGD first: kkb-advisor compare OLD NEW",
                      id="sebutkan FGD yang lebih lama dahulu: kkb-advisor compare LAMA BARU")))
    if problems:
        raise NotSameVillage(problems)


def _judge(key: str, old: float | int | None, new: float | int | None) -> tuple[Direction, Judgement]:
    if old is None or new is None:
        return "not_comparable", "unknown"
    if new == old:
        return "same", "unchanged"
    direction: Direction = "up" if new > old else "down"
    way = better_when(key)
    if way == "context" or way == "unknown":
        return direction, way
    return direction, "better" if (direction == "down") == (way == "lower") else "worse"


def _indicators(old: Advice, new: Advice) -> tuple[IndicatorChange, ...]:
    before = {i.key: i for i in old.fgd.indicators}
    after = {i.key: i for i in new.fgd.indicators}
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(key), after.get(key)
        words = (b or a).label  # type: ignore[union-attr]  # one of the two holds the key
        va, vb = (a.value if a else None), (b.value if b else None)
        direction, judgement = _judge(key, va, vb)
        out.append(IndicatorChange(key=key, label=words, old=va, new=vb, direction=direction, judgement=judgement))
    return tuple(out)


def _pairs(old: Case, new: Case) -> list[tuple[str, CaseProblem | None, CaseProblem | None]]:
    """(category, old problem or None, new problem or None): by category, same id first, then in order."""
    out: list[tuple[str, CaseProblem | None, CaseProblem | None]] = []
    for cat in dict.fromkeys([p.category for p in old.problems] + [p.category for p in new.problems]):
        a = [p for p in old.problems if p.category == cat]
        b = [p for p in new.problems if p.category == cat]
        for p in list(a):
            twin = next((q for q in b if q.id == p.id), None)
            if twin is not None:
                out.append((cat, p, twin))
                a.remove(p)
                b.remove(twin)
        out += [(cat, a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(max(len(a), len(b)))]
    return out


_PROBLEM_ORDER = {"resolved": 0, "new": 1, "worse": 2, "better": 3, "same": 4}


def _status(a: CaseProblem | None, b: CaseProblem | None) -> ProblemStatus:
    if a is None:
        return "new"
    if b is None:
        return "resolved"
    return "worse" if b.severity > a.severity else "better" if b.severity < a.severity else "same"


def _label(problem: CaseProblem | None) -> Bilingual | None:
    return None if problem is None else Bilingual(id=problem.label_id, en=problem.label_en or problem.label_id)


def _problems(old: Case, new: Case, rules: RuleSet) -> tuple[ProblemChange, ...]:
    out = [ProblemChange(category=cat, category_label=rules.taxonomy.problems.get(cat, Bilingual(id=cat, en=cat)),
                         old=a.id if a else None, new=b.id if b else None, old_label=_label(a), new_label=_label(b),
                         old_severity=a.severity if a else None, new_severity=b.severity if b else None,
                         status=_status(a, b))
           for cat, a, b in _pairs(old, new)]
    return tuple(sorted(out, key=lambda c: (_PROBLEM_ORDER[c.status], c.category, c.old or "", c.new or "")))


def _states(case: Case, advice: Advice) -> dict[str, str]:
    """Each program's state at one FGD: as the case records it (already there), else where the advice put it."""
    out = {r.program: "recommended" for r in advice.recommendations}
    out.update({r.program: "also_possible" for r in advice.also_possible if r.program not in out})
    out.update({p.program_id: p.status for p in case.existing_programs})
    return out


_THERE = ("active", "completed", "in_process")
_PROGRAM_ORDER = {"started": 0, "continued": 1, "ended": 2, "still_missing": 3, "newly_recommended": 4}


def _program_status(a: str, b: str) -> ProgramStatus | None:
    if b in _THERE:
        return "continued" if a in _THERE else "started"
    if a in _THERE:
        return "ended"
    if b == "recommended":
        return "still_missing" if a == "recommended" else "newly_recommended"
    return None  # in neither FGD's plan, or only among the "also possible"


def _programs(old: Case, old_advice: Advice, new: Case, new_advice: Advice,
              rules: RuleSet) -> tuple[ProgramChange, ...]:
    before, after = _states(old, old_advice), _states(new, new_advice)
    out = []
    for program in sorted({*before, *after}):
        a, b = before.get(program, ""), after.get(program, "")
        status = _program_status(a, b)
        if status is None:
            continue
        entry = rules.programs.get(program)
        name = entry.name if entry else Bilingual(id=program, en=program)
        out.append(ProgramChange(program=program, name=name, agency_name=entry.agency_name if entry else "",
                                 status=status, old_state=a, new_state=b))
    return tuple(sorted(out, key=lambda c: (_PROGRAM_ORDER[c.status], c.program)))


def _place(advice: Advice) -> str:
    v = advice.village
    unit = f"RW {v.rw}, " if v.rw else f"Dusun {v.dusun}, " if v.dusun else ""
    kind = "Desa" if v.is_desa else "Kelurahan"
    return f"{v.kampung_kb_name}: {unit}{kind} {v.kelurahan_or_desa}, {v.kecamatan}, {v.kab_kota}, {v.province}"


def compare_fgds(old: Case, old_advice: Advice, new: Case, new_advice: Advice, rules: RuleSet, *,
                 old_file: str = "OLD", new_file: str = "NEW") -> Comparison:
    """What changed from the FGD ``old`` to the FGD ``new`` of one Kampung KB (each with its advice under
    ``rules``). Raises NotSameVillage when they are not FGDs of one place, or the older file holds the later FGD."""
    same_village(old, new, old_file, new_file)
    return Comparison(
        schema_id=COMPARE_SCHEMA_ID, village=_place(new_advice),
        old=FgdRef(file=old_file, case_id=old.case_id, date=old.metadata.date.isoformat()),
        new=FgdRef(file=new_file, case_id=new.case_id, date=new.metadata.date.isoformat()),
        indicators=_indicators(old_advice, new_advice), problems=_problems(old, new, rules),
        programs=_programs(old, old_advice, new, new_advice, rules))
