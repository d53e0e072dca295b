"""How much each problem of a case needs an answer: its severity, how many of the FGD's groups raised it, and how
much of the village it affects (from its `affected` text when that holds a number and a unit, else from the
profile indicator the taxonomy ties to its category).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.case import Case, Problem
from ..model.ruleset import Ranking, Taxonomy
from .facts import indicators

__all__ = ["Need", "affected_share", "needs", "parse_affected"]

# the unit words of an `affected` text -> the profile count they are a share of
_UNITS: tuple[tuple[str, str], ...] = (
    (r"kk|keluarga|rumah ?tangga|rt|households?|families|family|rumah|houses?|homes?", "households"),
    (r"balita|bayi|anak|under-?fives?|toddlers?|children", "balita"),  # children: compared with the under-fives
    (r"pus|pasangan|couples?", "pus"),
    (r"lansia|older people|elderly", "lansia"),
    (r"remaja|pemuda|youths?|young people|adolescents?", "remaja_10_24"),
    (r"orang|jiwa|warga|penduduk|people|persons?|residents?|nelayan|fishers?|petani|farmers?|ibu|women|"
     r"pekerja|workers?", "population"),
)
_NUMBER = r"(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)"
_COUNT = re.compile(_NUMBER + r"\s*(" + "|".join(u for u, _ in _UNITS) + r")\b", re.I)
_PERCENT = re.compile(_NUMBER + r"\s*(%|persen|percent)", re.I)
_WORDS = ((re.compile(r"\b(semua|seluruh|all|every)\b", re.I), 1.0),
          (re.compile(r"\b(sebagian besar|mayoritas|most|majority)\b", re.I), 0.6),
          (re.compile(r"\b(separuh|setengah|half)\b", re.I), 0.5))


def _number(text: str) -> float:
    """'1.200' and '1,200' are twelve hundred (thousands separators); '2,5' and '2.5' two and a half."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    return float(text.replace(",", "."))


def parse_affected(text: str) -> tuple[float, str] | None:
    """(number, what it counts) or (share, "share") from an `affected` text such as "~60 KK", "25 balita", "30%",
    "sebagian besar warga"; None when the text says nothing countable."""
    m = _PERCENT.search(text)
    if m:
        return min(_number(m.group(1)), 100.0) / 100, "share"
    m = _COUNT.search(text)
    if m:
        word = m.group(2).lower()
        unit = next(key for pattern, key in _UNITS if re.fullmatch(pattern, word, re.I))
        return _number(m.group(1)), unit
    for pattern, share in _WORDS:
        if pattern.search(text):
            return share, "share"
    return None


def affected_share(problem: Problem, case: Case, taxonomy: Taxonomy) -> float | None:
    """The share of the village a problem affects, or None when neither its text nor the profile says."""
    parsed = parse_affected(problem.affected) if problem.affected else None
    profile = case.profile.values()
    if parsed is not None:
        value, unit = parsed
        if unit == "share":
            return value
        base = profile.get(unit) or (profile.get("population") if unit != "population" else None)
        if base:
            return min(1.0, value / base)
    indicator = taxonomy.sizes.get(problem.category)
    if indicator is not None:
        share = indicators(case).get(indicator)
        if share is not None:
            return min(1.0, float(share))
    return None


@dataclass(frozen=True)
class Need:
    """How much a problem needs an answer, and why: need = severity/5 x voice x size."""

    problem: str
    severity: int
    groups: int  # groups that raised it
    of_groups: int  # groups in the FGD (0: not recorded)
    share: float | None  # share of the village affected, when known
    voice: float
    size: float

    @property
    def value(self) -> float:
        return self.severity / 5 * self.voice * self.size


def needs(case: Case, taxonomy: Taxonomy, ranking: Ranking) -> dict[str, Need]:
    """The need of every problem of the case."""
    groups = len(case.metadata.fgd_groups)
    out = {}
    for p in case.problems:
        raised = len(set(p.raised_by))
        voice = ranking.voice_base + ranking.voice_share * (raised / groups) if groups and raised else 1.0
        share = affected_share(p, case, taxonomy)
        size = 1.0 if share is None else 1 + ranking.size_weight * min(1.0, share / ranking.size_reference)
        out[p.id] = Need(p.id, p.severity, raised, groups, share, round(voice, 4), round(size, 4))
    return out
