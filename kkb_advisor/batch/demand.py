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

from ..errors import InputError, Problem, Text, UsageError, check_arg, say
from ..model.advice import Advice
from ..model.ruleset import Bilingual, Taxonomy

__all__ = ["AreaDemand", "Demand", "GapDemand", "MinistryDemand", "ProgramDemand", "TargetDemand", "Villages",
           "demand", "numbered_advice_lines", "read_advice_lines"]

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


class TargetDemand(_Out):
    """One target of the national Kampung KB strategy (Inpres 3/2022): the villages needing a program serving it."""

    target: str
    label: Bilingual
    villages: int  # villages with at least one of its programs in the main list or to continue
    programs: dict[str, int]  # program -> villages, most first
    agencies: dict[str, int]  # agency code -> villages, most first


class MinistryDemand(_Out):
    """The national counterpart of local agencies, with the villages needing one of their programs."""

    ministry: Bilingual
    agencies: tuple[str, ...]  # agency codes grouped under it
    villages: int
    programs: dict[str, int]


class Demand(_Out):
    cases: int
    programs: tuple[ProgramDemand, ...]  # most villages (main + continue) first, then by program id
    areas: tuple[AreaDemand, ...]  # by kabupaten/kota, its total first, then its kecamatan
    gaps: tuple[GapDemand, ...]  # most villages first
    targets: tuple[TargetDemand, ...] = ()  # in the rule set's order (empty without a taxonomy that has them)
    ministries: tuple[MinistryDemand, ...] = ()  # most villages first


def demand(advices: Iterable[Advice], taxonomy: Taxonomy | None = None) -> Demand:
    """Add up ``advices`` (one per village: a case id given twice is an InputError, never counted twice). Streams:
    holds counters and the case ids, not the advice. With ``taxonomy`` (a rule
    set's), also per target of the national strategy and per ministry, as that taxonomy groups kinds and agencies."""
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
    if isinstance(advices, (str, bytes, Advice)) or not isinstance(advices, Iterable):
        raise UsageError("demand(): advices takes a list (or any iterable) of Advice, got "
                         + ("None" if advices is None else type(advices).__name__))
    check_arg("demand", "taxonomy", taxonomy, (Taxonomy, type(None)), "a rule set's Taxonomy (rules.taxonomy) or None")
    n = 0
    seen = Villages()
    for advice in advices:
        n += 1
        if not isinstance(advice, Advice):
            raise UsageError(f"demand(): advices[{n - 1}] takes an Advice (from advise()), got "
                             + ("None" if advice is None else type(advice).__name__))
        if not all(hasattr(advice, f) for f in ("case_id", "village", "graph", "recommendations", "gaps")):
            raise UsageError(f"demand(): advices[{n - 1}] is an Advice made without validation (model_construct()); "
                             "make it with advise() or Advice.model_validate()")
        seen.claim(advice.case_id, f"advice {n}")
        nodes = advice.graph.nodes
        place = [(advice.village.kab_kota, ""), (advice.village.kab_kota, advice.village.kecamatan)]
        for key in place:
            area_n[key] += 1
        for where, recs in (("main", advice.recommendations), ("also_possible", advice.also_possible),
                            ("keep", advice.keep)):
            for rec in recs:
                progs.setdefault(rec.program, {"agency": rec.agency, "cost": rec.cost, "kinds": rec.kinds})
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
    kinds = {pid: tuple(str(k) for k in p["kinds"]) for pid, p in progs.items()}  # type: ignore[attr-defined]
    targets, ministries = _strategy(programs, kinds, taxonomy)
    return Demand(targets=targets, ministries=ministries,
        cases=n, programs=tuple(programs),
        areas=tuple(AreaDemand(kab_kota=k, kecamatan=c, villages=area_n[(k, c)],
                               programs=dict(sorted(areas[(k, c)].items(), key=lambda kv: (-kv[1], kv[0]))),
                               uncovered=tuple(sorted(uncovered[(k, c)]))) for k, c in sorted(area_n)),
        gaps=tuple(GapDemand(kind=kind, category=cat, label=gap_labels[(kind, cat)], villages=v)
                   for (kind, cat), v in sorted(gaps.items(), key=lambda kv: (-kv[1], kv[0]))))


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _strategy(programs: list[ProgramDemand], kinds: dict[str, tuple[str, ...]], taxonomy: Taxonomy | None
              ) -> tuple[tuple[TargetDemand, ...], tuple[MinistryDemand, ...]]:
    """Villages per strategy target and per ministry: a village counts once for a target (or ministry) however many
    of its programs it needs."""
    if taxonomy is None:
        return (), ()
    t_villages: dict[str, set[str]] = defaultdict(set)
    t_programs: dict[str, dict[str, int]] = defaultdict(dict)
    t_agencies: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    m_villages: dict[str, set[str]] = defaultdict(set)
    m_programs: dict[str, dict[str, int]] = defaultdict(dict)
    m_agencies: dict[str, set[str]] = defaultdict(set)
    m_words: dict[str, Bilingual] = {}
    for p in programs:
        if not p.villages:
            continue
        tid = taxonomy.target_of(kinds.get(p.program, ()))
        if tid:
            t_villages[tid].update(p.villages)
            t_programs[tid][p.program] = len(p.villages)
            t_agencies[tid][p.agency].update(p.villages)
        named = taxonomy.ministries.get(p.agency)
        ministry = named.id if named is not None else p.agency  # agencies of one ministry are grouped by its name
        m_words.setdefault(ministry, named or Bilingual(id=p.agency, en=p.agency))
        m_villages[ministry].update(p.villages)
        m_programs[ministry][p.program] = len(p.villages)
        m_agencies[ministry].add(p.agency)
    targets = tuple(TargetDemand(target=tid, label=t.label, villages=len(t_villages[tid]),
                                 programs=_by_count(t_programs[tid]),
                                 agencies=_by_count({a: len(v) for a, v in t_agencies[tid].items()}))
                    for tid, t in taxonomy.strategy.items())
    ministries = sorted((MinistryDemand(ministry=m_words[m], agencies=tuple(sorted(m_agencies[m])),
                                        villages=len(m_villages[m]), programs=_by_count(m_programs[m]))
                         for m in m_villages), key=lambda x: (-x.villages, x.ministry.id))
    return targets, tuple(ministries)


def _most_read(names: Counter[Any]) -> Any:
    """The name most villages read (local wording differs by place); a tie goes to the first in sort order."""
    return min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def read_advice_lines(path: Path | str) -> Iterator[Advice]:
    """The Advice on each line of a `.jsonl` file from `kkb-advisor advise --format jsonl`, one at a time."""
    for _, advice in numbered_advice_lines(path):
        yield advice


def numbered_advice_lines(path: Path | str) -> Iterator[tuple[int, Advice]]:
    """As read_advice_lines, each Advice with its line number (1-based)."""
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
                data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))  # a BOM, as in YAML
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                data.pop("source", None)
                advice = Advice.model_validate(data)
            except (ValueError, ValidationError, RecursionError) as exc:
                raise InputError([Problem(name, f"line {number}", f"not an advice line: {_why(exc)}",
                                          "give the .jsonl written by `kkb-advisor advise --format jsonl`",
                                          line=number)]) from None
            yield number, advice


def _why(exc: BaseException) -> str:
    """What is wrong with one line, in words the catalogue can translate (not Python's own messages)."""
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "the line"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"{where}: {_pydantic_why(err)}{more}"
    if isinstance(exc, RecursionError):
        return "the JSON is nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON (column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return f"byte 0x{exc.object[exc.start]:02x} is not UTF-8 text"
    text = str(exc)
    if "digits" in text and "integer" in text:
        return "a number of more than 4,300 digits"
    if text == "not a JSON object":
        return text
    return "not JSON"


def _pydantic_why(err: Any) -> str:
    kind = err.get("type", "")
    return {"missing": "a required field is missing", "extra_forbidden": "a field the advice format does not have",
            "string_type": "expected text", "int_type": "expected a whole number", "float_type": "expected a number",
            "bool_type": "expected yes/no", "list_type": "expected a list", "dict_type": "expected a mapping",
            "model_type": "expected a mapping", "literal_error": "not one of the allowed values",
            "finite_number": "expected a finite number"}.get(kind, "not a value the advice format allows")


class Villages:
    """Which input gave each village's advice, so that no village is counted twice: one FGD case is one village,
    and the same case id twice (two runs added up, a folder given twice, a line copied) would count it twice."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str]] = {}

    def claim(self, case_id: str, file: str, location: str = "", line: int = 0) -> None:
        """Note that ``file`` (at ``location``: English text such as "line 3", or "") gave ``case_id``'s advice;
        an InputError if another input gave it already."""
        first = self.owners.setdefault(case_id.casefold(), (file, location))  # KPG-X and kpg-x: one village
        if first == (file, location):
            return
        f, at = first

        def message(lang: str) -> str:
            was = f"{f} ({say(at, lang)})" if at else f
            if lang == "en":
                return f"the case id '{case_id}' is also the id of the advice in {was}: a village is counted once"
            return f"kode kasus '{case_id}' juga kode saran di {was}: satu desa dihitung sekali"

        raise InputError(Problem(file, location, Text.of(message), Text(
            "give each village's advice once (a village advised again: keep only its newer advice)",
            "beri saran setiap desa sekali saja (desa yang disarankan ulang: simpan saran terbarunya saja)"),
            line=line, path="" if line else "case_id"))
