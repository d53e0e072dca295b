"""The questions to ask next: facts the case leaves out that decide some programs, fewest questions first.

For every fact a rule tests and the case does not record (a yes/no attribute of a business or group, a yes/no fact
about the area, an indicator of the profile), each possible answer is tried on the case's facts with the Python
evaluator of the same compiled rules, and the programs it would add or remove are noted. The questions that
settle the most undecided programs, fewest first, are the advice's "ask next".
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model.advice import Answer, Question, build
from ..model.case import BOOLEAN_ATTRIBUTES, Case
from ..model.ruleset import Bilingual
from ..rules.compiler import CompiledRuleSet, EngineRule
from ..rules.evaluator import Evaluator, Matches
from ..rules.fields import FACTS, FIELDS, Fact
from ..rules.wording import Wording

__all__ = ["MAX_QUESTIONS", "Asker", "ask_next"]

MAX_QUESTIONS = 5


@dataclass(frozen=True)
class _Option:
    about: str
    text: Bilingual
    answers: tuple[tuple[str, int, str, object], ...]  # (shown value, fact index, field path, value)



class Asker:
    """Tries answers cheaply: for a question about one field of one kind of fact, only the programs whose rules test
    that field are evaluated again (each such set of rules compiled into an evaluator once, on first use); every
    other program keeps its place. All those evaluators share one table of patterns (the whole rule set's), so a
    case's pattern matches are found once (``base``) and an answer tests again only the patterns on the kind of
    fact it changes. One Asker a compiled rule set, owned by its Advisor."""

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self.compiled = compiled
        self._full: Evaluator | None = None
        self._parts: dict[tuple[tuple[str, str], ...], tuple[Evaluator, frozenset[str]]] = {}
        self._used: dict[str, dict[str, set[str]]] | None = None
        self._cuts: dict[tuple[str, str], list[float]] = {}
        # what is made on first use is made once, under this lock: two threads of one Advisor must share one table
        # of patterns (a base matched by one evaluator is refused by the parts of another)
        self._lock = threading.RLock()

    @functools.cached_property
    def _testing(self) -> dict[tuple[str, str], list[EngineRule]]:
        """(fact kind, field) -> the rules with a pattern that tests it (read once per rule set)."""
        out: dict[tuple[str, str], list[EngineRule]] = {}
        for rule in self.compiled.rules:
            for key in dict.fromkeys((p.fact, t.field) for p in rule.patterns for t in p.tests):
                out.setdefault(key, []).append(rule)
        return out

    @property
    def used(self) -> dict[str, dict[str, set[str]]]:
        """Fact kind -> top-level field -> the sub-fields any rule tests (read once per rule set)."""
        if self._used is None:
            used: dict[str, dict[str, set[str]]] = {}
            for rule in self.compiled.rules:
                for p in rule.patterns:
                    kind = used.setdefault(p.fact, {})
                    for t in p.tests:
                        top, _, sub = t.field.partition(".")
                        subs = kind.setdefault(top, set())
                        if sub:
                            subs.add(sub)
            self._used = used
        return self._used

    def thresholds(self, fact: str, field: str) -> list[float]:
        key = (fact, field)
        if key not in self._cuts:
            self._cuts[key] = _thresholds(self.compiled, fact, field)
        return self._cuts[key]

    def _part(self, *keys: tuple[str, str]) -> tuple[Evaluator, frozenset[str]]:
        """The rules of the programs that read any of the (fact kind, field) ``keys``, as one evaluator."""
        key = tuple(sorted(keys))
        found = self._parts.get(key)
        if found is not None:
            return found
        with self._lock:
            return self._make_part(key)

    def _make_part(self, key: tuple[tuple[str, str], ...]) -> tuple[Evaluator, frozenset[str]]:
        if key not in self._parts:
            rules = self.compiled.rules
            tests = [r for k in key for r in self._testing.get(k, ())]
            blocked = {r.source for r in tests if r.role == "unless"}  # a rule whose exception reads the field
            programs = frozenset({r.program for r in tests if r.program} | {r.program for r in rules if r.program and
                                                                           r.role == "rule" and r.source in blocked})
            sources = {r.source for r in rules if r.role == "rule" and r.program in programs}
            part = [r for r in rules if r.program in programs or (r.role == "unless" and r.source in sources)]
            self._parts[key] = (Evaluator(CompiledRuleSet(ruleset=self.compiled.ruleset, rules=tuple(part)),
                                          like=self._evaluator()), programs)
        return self._parts[key]

    def _evaluator(self) -> Evaluator:
        """The whole rule set as one evaluator (made on first use): its table of patterns is every part's."""
        if self._full is None:
            with self._lock:
                if self._full is None:
                    self._full = Evaluator(self.compiled)
        return self._full

    def base(self, facts: Sequence[Fact]) -> Matches:
        """A case's facts as they are, whose pattern matches every answer tried on the case shares."""
        return self._evaluator().matches(facts)

    def programs(self, kind: str, field: str) -> frozenset[str]:
        """The programs whose rules (or requirements) read one field of one kind of fact."""
        return self._part((kind, field))[1]

    def then(self, base: Matches, changes: dict[int, Fact], kind: str, field: str, now: frozenset[str],
             also: tuple[str, str] | None = None, *, fields: dict[int, tuple[str, ...]] | None = None
             ) -> frozenset[str]:
        """What would be recommended with base's facts changed (``changes``: position -> the changed fact) in one
        field of one kind of fact (and in ``also``, a second (kind, field), when two answers are tried together).
        ``fields``: position -> the only fields in which that changed fact differs (Evaluator.recommends)."""
        evaluator, programs = self._part((kind, field), *((also,) if also else ()))
        others = now - programs
        return others | (evaluator.recommends(base, changes, others, fields=fields) & programs)


def _with(fact: Fact, path: str, value: object) -> Fact:
    """The fact with one field (``path``: a name, or "name.sub" in a nested object) set to ``value``."""
    fact = dict(fact)
    head, _, rest = path.partition(".")
    if rest:
        fact[head] = {**fact.get(head, {}), rest: value}
    else:
        fact[head] = value
    return fact


def _thresholds(compiled: CompiledRuleSet, fact: str, field: str) -> list[float]:
    """The answers that settle the rules comparing a numeric field: for each threshold a value on either side of
    it (`above 0` is settled by 0 and 1, `min 3` by 2 and 3); shares step by 0.01. Never below 0: the fields
    asked about are counts, shares and ages."""
    out: set[float] = set()
    for rule in compiled.rules:
        for p in rule.patterns:
            for t in p.tests:
                if p.fact == fact and t.field == field and t.op in {"min", "max", "above", "below"}:
                    v = float(t.value)
                    step = 1.0 if v.is_integer() else 0.01
                    low, high = (v - step, v) if t.op in {"min", "below"} else (v, v + step)
                    out |= {round(x, 6) for x in (low, high) if x >= 0}
    return sorted(out)


_FOOD_ONLY = {"low_risk_product", "has_pirt", "has_halal"}
_BUSINESS_ONLY = {"food_product", "has_nib", "business_age_months", *_FOOD_ONLY}


def _asks(kind: str, given: dict[str, object], name: str) -> bool:
    """Only what can matter for this asset: permits of a business, food permits of a food business."""
    if name in _FOOD_ONLY:
        return given.get("food_product") is True
    if name in _BUSINESS_ONLY:
        return given.get("has_business") is True or kind == "business"
    return kind in {"business", "group", "poktan"} or name != "has_business"


def _options(case: Case, facts: list[Fact], asker: Asker, words: tuple[Wording, Wording]) -> Iterator[_Option]:
    idn, en = words
    used = asker.used
    index = {f["id"]: i for i, f in enumerate(facts)}
    for asset in case.assets:
        i = index.get(f"asset:{asset.id}")
        if i is None:
            continue
        given = asset.attributes.model_dump()
        for name in BOOLEAN_ATTRIBUTES:
            spec = FIELDS["asset"][name]
            if given.get(name) is not None or name not in used.get("asset", {}) or spec.yes is None:
                continue
            if not _asks(asset.type, given, name):
                continue
            text = Bilingual(id=f"Benarkah {asset.name} {spec.yes[0]}?", en=f"Is it true that {asset.name} "
                             f"{spec.yes[1]}?")
            yield _Option(f"asset:{asset.id}.{name}", text, (("true", i, name, True), ("false", i, name, False)))
        age = given.get("business_age_months")
        if asset.attributes.has_business and age is None and "business_age_months" in used.get("asset", {}):
            cuts = asker.thresholds("asset", "business_age_months")
            if cuts:
                text = Bilingual(id=f"Sudah berapa bulan usaha {asset.name} berjalan?",
                                 en=f"For how many months has {asset.name} been running?")
                yield _Option(f"asset:{asset.id}.business_age_months", text,
                              tuple((f"{int(v)}", i, "business_age_months", int(v)) for v in cuts))
    i = index["case"]
    case_used = used.get("case", {})
    given_facts = case.facts.model_dump()
    for name, spec in FACTS.items():
        if given_facts.get(name) is not None or name not in (case_used.get("facts") or set()):
            continue  # recorded, or no rule reads it
        if name in facts[i].get("facts", {}):
            continue  # the case's metadata settles it
        if spec.kind == "bool" and spec.yes is not None:
            text = Bilingual(id=f"Benarkah wilayah ini {spec.yes[0]}?",
                             en=f"Is it true that the village {spec.yes[1]}?")
            yield _Option(f"case.facts.{name}", text, (("true", i, f"facts.{name}", True),
                                                       ("false", i, f"facts.{name}", False)))
        elif spec.kind in {"int", "number"}:  # a count of the area (couples marrying a year, ...)
            cuts = asker.thresholds("case", f"facts.{name}")
            if cuts:
                noun = spec.noun or (name, name)
                text = Bilingual(id=f"Berapa {noun[0]}?", en=f"What is the {noun[1]}?")
                yield _Option(f"case.facts.{name}", text,
                              tuple((f"{v:g}", i, f"facts.{name}", int(v) if v.is_integer() else v) for v in cuts))
    profile = case.profile.values()
    for name in sorted(case_used.get("profile") or set()):
        cuts = asker.thresholds("case", f"profile.{name}")
        if name in profile or not cuts:
            continue
        text = Bilingual(id=f"Berapa {idn.noun('case', f'profile.{name}')}?",
                         en=f"What is the {en.noun('case', f'profile.{name}')}?")
        yield _Option(f"case.profile.{name}", text,
                      tuple((f"{v:g}", i, f"profile.{name}", v) for v in cuts))


def _pairs(options: Sequence[_Option], base: Matches, asker: Asker, now: frozenset[str],
           single: Sequence[tuple[_Option, list[tuple[str, frozenset[str], frozenset[str]]]]]) -> list[
        tuple[_Option, list[tuple[str, frozenset[str], frozenset[str]]]]]:
    """Two questions asked as one, where only both answers together decide a program (a housing grant needs the
    number of poor households and the share of land with a title): for every two options whose fields some program
    reads both of (one not in the advice, which neither answer decides alone), each pair of answers is tried; kept
    are the pairs of answers that add or remove a program neither answer decides alone."""
    alone = {p for _, answers in single for _, add, drop in answers for p in add | drop}
    facts = base.facts
    keys = [(facts[o.answers[0][1]]["t"], o.answers[0][2]) for o in options]
    reading = [asker.programs(*k) - now - alone for k in keys]  # undecided programs that read the option's field
    out = []
    for a, first in enumerate(options):
        for b in range(a + 1, len(options)):
            second = options[b]
            (_, i1, f1, _), (_, i2, f2, _) = first.answers[0], second.answers[0]
            k1, k2 = keys[a], keys[b]
            if k1 == k2 or not reading[a] & reading[b]:
                continue  # no program outside the advice reads both fields and is left undecided by each alone
            answers = []
            for s1, _, _, v1 in first.answers:
                for s2, _, _, v2 in second.answers:
                    if (v1 is False and f1 in BOOLEAN_ATTRIBUTES) or (v2 is False and f2 in BOOLEAN_ATTRIBUTES):
                        continue  # what the rules assume of a left-out attribute: the other answer alone, tried above
                    changes = {i1: _with(facts[i1], f1, v1)}
                    changes[i2] = _with(changes.get(i2, facts[i2]), f2, v2)
                    fields: dict[int, tuple[str, ...]] = {i1: (f1, f2)} if i1 == i2 else {i1: (f1,), i2: (f2,)}
                    then = asker.then(base, changes, k1[0], f1, now, also=k2, fields=fields)
                    add, drop = (then - now) - alone, (now - then) - alone
                    if add or drop:
                        answers.append((f"{s1} & {s2}", add, drop))
            if answers:
                text = Bilingual(id=f"{first.text.id} Dan {second.text.id[0].lower()}{second.text.id[1:]}",
                                 en=f"{first.text.en} And {second.text.en[0].lower()}{second.text.en[1:]}")
                out.append((_Option(f"{first.about} & {second.about}", text, ()), answers))
    return out


def ask_next(case: Case, facts: list[Fact], asker: Asker, now: frozenset[str]) -> tuple[Question, ...]:
    """The fewest questions (at most MAX_QUESTIONS) that settle the most programs whose advice depends on a fact the
    case leaves out; each with what every answer would add or remove. ``now``: the programs the engine recommends
    for the case as it is."""
    compiled = asker.compiled
    words = (Wording(compiled.ruleset, "id"), Wording(compiled.ruleset, "en"))
    found: list[tuple[_Option, list[tuple[str, frozenset[str], frozenset[str]]]]] = []
    options = list(_options(case, facts, asker, words))
    base = asker.base(facts)
    for option in options:
        answers: list[tuple[str, frozenset[str], frozenset[str]]] = []
        for shown, i, path, value in option.answers:
            if value is False and path in BOOLEAN_ATTRIBUTES:  # what the rules already assume of a left-out one
                answers.append((shown, frozenset(), frozenset()))
                continue
            then = asker.then(base, {i: _with(facts[i], path, value)}, facts[i]["t"], path, now, fields={i: (path,)})
            answers.append((shown, then - now, now - then))
        if any(add or drop for _, add, drop in answers):
            found.append((option, answers))
    found += _pairs(options, base, asker, now, found)
    undecided = {p for _, answers in found for _, add, drop in answers for p in add | drop}
    chosen: list[tuple[_Option, list[tuple[str, frozenset[str], frozenset[str]]]]] = []
    while undecided and found and len(chosen) < MAX_QUESTIONS:  # greedy: the question that settles most
        best = max(found, key=lambda f: (len(undecided & {p for _, a, d in f[1] for p in a | d}), f[0].about))
        settled = undecided & {p for _, a, d in best[1] for p in a | d}
        if not settled:
            break
        chosen.append(best)
        found.remove(best)
        undecided -= settled
    return tuple(build(Question, about=o.about, text=o.text,
                       answers=tuple(build(Answer, value=shown, adds=tuple(sorted(add)), removes=tuple(sorted(drop)))
                                     for shown, add, drop in answers))
                 for o, answers in chosen)
