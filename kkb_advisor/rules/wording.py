"""Rule conditions as sentences a policy analyst reads on paper, in Indonesian (``id``) or English (``en``).

``Wording(ruleset, lang)`` describes a field test, a pattern, an ``any``/``all`` group, a rule's ``when`` and
``unless``, a program's requirements and availability, and what a case would have to change for a program to be
recommended. Category codes keep their code and get the rule set's taxonomy label: "ECO.LEGAL (Usaha belum legal)".
The words for fields and values are in rules/vocabulary.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model.ruleset import AllOf, AnyOf, Pattern, Program, Rule, RuleSet, Test
from .fields import CODE_FIELDS, FACTS, FIELDS, PROGRAM_FIELDS, Field
from .vocabulary import SHARES, VALUES

__all__ = ["SUBJECT", "Wording", "conditional"]

_OPS = {  # op -> (id, en) with {v} for the value words
    "eq": ("{v}", "{v}"), "in": ("{v}", "{v}"), "min": ("minimal {v}", "at least {v}"),
    "max": ("paling banyak {v}", "at most {v}"), "above": ("lebih dari {v}", "above {v}"),
    "below": ("kurang dari {v}", "below {v}"), "not": ("selain {v}", "other than {v}"),
    "none_of": ("selain {v}", "other than {v}"), "includes": ("mencakup {v}", "including {v}"),
    "includes_any": ("mencakup {v}", "including {v}"),
}
_WHEN = {  # year/date tests read as a time: "FGD tahun 2022 atau sesudahnya"
    "eq": ("{u} {v}", "{p} {v}"), "in": ("{u} {v}", "{p} {v}"),
    "min": ("{u} {v} atau sesudahnya", "{p} {v} or later"), "max": ("{u} {v} atau sebelumnya", "{p} {v} or earlier"),
    "above": ("sesudah {u} {v}", "after {v}"), "below": ("sebelum {u} {v}", "before {v}"),
    "not": ("selain {u} {v}", "not {p} {v}"), "none_of": ("selain {u} {v}", "not {p} {v}"),
}
_WOULD = {"is": "were", "has": "had", "runs": "ran", "makes": "made", "does": "did", "starts": "started"}
SUBJECT = {"problem": ("masalah", "problem"), "cause": ("penyebab", "cause"), "asset": ("aset", "asset"),
            "reach": ("jalur", "the path"), "link": ("kaitan", "link"),
            "existing": ("program yang sudah ada", "existing program"),
            "recommended": ("program yang direkomendasikan", "recommended program"),
            "available": ("program yang tersedia", "available program"),
            "offered": ("program yang ditawarkan di FGD", "program offered at the FGD"),
            "named": ("program yang disebut dengan namanya di FGD", "program the FGD names in its own words")}


def _join(items: Sequence[str], conj: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conj} " + items[-1]


def conditional(pred: str) -> str:
    """An English predicate in the conditional: "has no PIRT yet" -> "had no PIRT yet"."""
    first, _, rest = pred.partition(" ")
    return f"{_WOULD.get(first, first)} {rest}".strip()


@dataclass(frozen=True)
class Wording:
    """Sentences in one language for one rule set (its taxonomy labels and program names)."""

    ruleset: RuleSet
    lang: str = "id"

    @property
    def en(self) -> bool:
        return self.lang == "en"

    def _w(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.en else pair[0]

    def _or(self) -> str:
        return "or" if self.en else "atau"

    def _and(self) -> str:
        return "and" if self.en else "dan"

    # ------------------------------------------------------------------ values and single tests

    def value(self, fact: str, field: str, value: Any) -> str:
        """One value of a field in words: codes with their label, dates, shares as percentages, coded words."""
        if isinstance(value, (list, tuple)):
            return ", ".join(self.value(fact, field, v) for v in value) if value else "-"
        if isinstance(value, bool):
            return self._w(("ya", "yes") if value else ("tidak", "no"))
        if field == "date" and isinstance(value, int):
            return dt.date(value // 10000, value // 100 % 100, value % 100).isoformat()
        if fact == "case" and field == "places" and isinstance(value, str):
            return value.title()
        if field in SHARES and isinstance(value, (int, float)):
            return f"{value * 100:.4g}%"
        if isinstance(value, float):
            return f"{value:g}"
        text = str(value)
        code = CODE_FIELDS.get((fact, field))
        tax = self.ruleset.taxonomy
        if code == "family" and text in tax.families:
            return f"{text} ({tax.families[text].get(self.lang)})"
        if code and (text in tax.problems or text in tax.causes):
            return f"{text} ({tax.label(text, self.lang)})"
        if (fact, field) in PROGRAM_FIELDS and text in self.ruleset.programs:
            return f"{text} ({self.ruleset.programs[text].name.get(self.lang)})"
        words = VALUES.get("kind" if field.endswith("_kind") else field.rsplit(".", 1)[-1], {}).get(text)
        if words is None:
            return text
        if self.en:
            return words[1]
        return words[0] if words[0].lower().replace(" ", "_") == text else f"{words[0]} ({text})"

    def _values(self, fact: str, test: Test) -> str:
        if isinstance(test.value, tuple):
            conj = self._w(("maupun", "or")) if test.op == "none_of" else self._or()
            return _join([self.value(fact, test.field, v) for v in test.value], conj)
        return self.value(fact, test.field, test.value)

    @staticmethod
    def _field(fact: str, field: str) -> Field | None:
        prefix, _, rest = field.partition(".")
        return FACTS.get(rest) if fact == "case" and prefix == "facts" else FIELDS.get(fact, {}).get(field)

    def noun(self, fact: str, field: str) -> str:
        prefix, _, rest = field.partition(".")
        if fact == "case" and prefix in {"profile", "indicators"} and rest in self.ruleset.taxonomy.indicators:
            return self.ruleset.taxonomy.indicators[rest].get(self.lang)
        spec = self._field(fact, field)
        if spec is None or spec.noun is None:
            return field.rsplit(".", 1)[-1].replace("_", " ")
        return self._w(spec.noun)

    def _pred(self, fact: str, field: str, value: Any) -> str | None:
        """A yes/no field with a value as a predicate ("belum punya PIRT" / "has no PIRT yet"), or None."""
        spec = self._field(fact, field)
        if spec is None or spec.yes is None or spec.no is None or not isinstance(value, bool):
            return None
        return self._w(spec.yes if value else spec.no)

    def _bool(self, fact: str, test: Test) -> str | None:
        """A yes/no test as a predicate, or None when the test is not one."""
        if test.op not in {"eq", "not"} or not isinstance(test.value, bool):
            return None
        return self._pred(fact, test.field, test.value if test.op == "eq" else not test.value)

    def _rest(self, fact: str, test: Test) -> str:
        """The operator and value: "minimal 3" / "at least 3"."""
        if test.op == "exists":
            return self._w(("tercatat", "recorded") if test.value else ("tidak tercatat", "not recorded"))
        if fact == "case" and test.field in {"year", "date"} and test.op in _WHEN:
            unit, prep = ("tahun", "in") if test.field == "year" else ("tanggal", "on")
            return self._w(_WHEN[test.op]).format(u=unit, p=prep, v=self._values(fact, test))
        return self._w(_OPS[test.op]).format(v=self._values(fact, test))

    def test(self, fact: str, test: Test) -> str:
        """One test on its own: "keparahan minimal 3" / "severity at least 3"; "belum punya PIRT"."""
        pred = self._bool(fact, test)
        if pred is not None:
            return self._case_clause(test) if fact == "case" else pred
        if fact == "case":
            return self._case_clause(test)
        return f"{self.noun(fact, test.field)} {self._rest(fact, test)}"

    def _case_clause(self, test: Test, *, would: bool = False) -> str:
        if test.field == "places" and test.op in {"includes", "includes_any"}:  # a program's locality
            values = test.value if isinstance(test.value, tuple) else (test.value,)
            where = _join([str(v).title() for v in values], self._or())
            return f"the village {'were' if would else 'is'} in {where}" if self.en else f"wilayah berada di {where}"
        pred = self._bool("case", test)
        if pred is not None:
            return f"the village {conditional(pred) if would else pred}" if self.en else f"wilayah {pred}"
        noun, rest = self.noun("case", test.field), self._rest("case", test)
        if not self.en:
            return f"{noun} {rest}"
        if test.field in {"year", "date"}:
            return f"the FGD {'were held' if would else 'is'} {rest}"
        if test.op in {"includes", "includes_any"}:
            return f"the {noun} {'included' if would else 'include'} {self._values('case', test)}"
        return f"the {noun} {'were' if would else 'is'} {rest}"

    # ------------------------------------------------------------------ patterns and rules

    def pattern(self, p: Pattern) -> str:
        """A pattern as a phrase: "ada masalah berkategori ECO.LEGAL (...) dengan keparahan minimal 3"."""
        if p.fact == "case":
            return _join([self._case_clause(t) for t in p.tests], self._and()) if p.tests else self._w(
                ("kasus apa pun", "any case"))
        if p.fact in {"existing", "recommended", "available", "offered", "named"}:
            return self._program_pattern(p)
        tests = list(p.tests)
        if p.fact == "reach":
            head = self._reach_head(tests)
        else:
            head = self._head(p.fact, tests)
        preds = [x for t in tests if (x := self._bool(p.fact, t)) is not None]
        attrs = [self.test(p.fact, t) for t in tests if self._bool(p.fact, t) is None]
        text = head
        if preds:
            text += f" {self._w(('yang', 'that'))} " + _join(preds, self._and())
        if attrs:
            text += f" {self._w(('dengan', 'with'))} " + _join(attrs, self._and())
        return text

    def _take(self, tests: list[Test], field: str, ops: set[str]) -> Test | None:
        for t in tests:
            if t.field == field and t.op in ops:
                tests.remove(t)
                return t
        return None

    def _cats(self, fact: str, tests: list[Test], fields: tuple[str, ...]) -> str:
        """Consume a category test and give its values ("ECO.LEGAL (...) atau ECO.MARKET (...)")."""
        for field in fields:
            t = self._take(tests, field, {"eq", "in", "includes", "includes_any"})
            if t is not None:
                return self._values(fact, t)
        return ""

    def _head(self, fact: str, tests: list[Test]) -> str:
        """The noun phrase of a problem, cause, link or asset pattern; consumes the tests it says."""
        en = self.en
        if fact == "asset":
            return self._asset_head(tests)
        node = self._take(tests, "node", {"eq"}) if fact in {"problem", "cause"} else None
        noun = self._w(SUBJECT[fact])
        root = self._take(tests, "root", {"eq"}) if fact == "cause" else None
        if root is not None and root.value is not True:  # only `root: true` reads as a noun
            tests.insert(0, root)
        elif root is not None:
            noun = self._w(("akar masalah", "root cause"))
        words = [noun] + ([str(node.value)] if node else [])
        if fact in {"problem", "cause"}:
            cats = self._cats(fact, tests, ("category", "categories"))
            if cats:
                words.append(f"{'in' if en else 'berkategori'} {cats}")
            fam = self._cats(fact, tests, ("family",))
            if fam:
                words.append(f"in the {fam} family" if en else f"dalam kelompok {fam}")
            reaches = self._cats(fact, tests, ("reaches", "reaches_families"))
            if reaches:
                words.append(f"that reaches a problem in {reaches}" if en else f"yang mencapai masalah {reaches}")
        if fact == "link":
            for end, (id_word, en_word) in (("from", ("dari", "from")), ("to", ("ke", "to"))):
                parts = [self._values(fact, t) for t in [self._take(tests, f"{end}_kind", {"eq", "in"}),
                                                         self._take(tests, end, {"eq", "in"}),
                                                         self._take(tests, f"{end}_category", {"eq", "in"})] if t]
                if parts:
                    words.append(f"{en_word if en else id_word} " + " ".join(parts))
        text = " ".join(words)
        return (("an " if text[0] in "aeiou" else "a ") + text) if en else f"ada {text}"

    def _asset_head(self, tests: list[Test]) -> str:
        kind = self._take(tests, "type", {"eq", "in"})
        business = None if kind else self._take(tests, "has_business", {"eq"})
        if business is not None and business.value is not True:
            tests.insert(0, business)
            business = None
        food = self._take(tests, "food_product", {"eq"})
        if food is not None and food.value is not True:
            tests.insert(0, food)
            food = None
        if kind is not None:
            kinds = kind.value if isinstance(kind.value, tuple) else (kind.value,)
            noun = _join([self._w(VALUES["type"].get(str(k), (str(k), str(k)))) for k in kinds], self._or())
        else:  # a food product is made by a business
            noun = self._w(("usaha", "business") if business or food else ("aset", "asset"))
        node = self._take(tests, "node", {"eq"})
        if noun != self._w(("aset", "asset")):
            noun += self._w((" (aset)", " (asset)"))
        if food:
            noun = f"food {noun}" if self.en else f"{noun} pangan"
        if node:
            noun += f" {node.value}"
        return (("an " if noun[0] in "aeiou" else "a ") + noun) if self.en else f"ada {noun}"

    def _reach_head(self, tests: list[Test]) -> str:
        """"ada penyebab CAU.X (...) yang mencapai masalah ECO.Y (...) dalam paling banyak 2 langkah"."""
        en = self.en
        root = self._take(tests, "cause_root", {"eq"})
        if root is not None and root.value is not True:
            tests.insert(0, root)
            root = None
        cause = [self._w(("akar masalah", "root cause") if root else ("penyebab", "cause"))]
        for t in (self._take(tests, "cause", {"eq", "in"}), self._take(tests, "cause_category", {"eq", "in"})):
            if t is not None:
                cause.append(f"in {self._values('reach', t)}" if en and t.field != "cause"
                             else self._values("reach", t))
        direct = self._take(tests, "direct", {"eq"})
        verb = (("yang langsung menyebabkan", "that directly causes") if direct and direct.value else
                ("yang secara tidak langsung mencapai", "that indirectly reaches") if direct else
                ("yang mencapai", "that reaches"))
        problem = [self._w(("masalah", "a problem"))]
        node = self._take(tests, "problem", {"eq", "in"})
        if node is not None:
            problem.append(self._values("reach", node))
        cats = self._cats("reach", tests, ("problem_category", "problem_categories"))
        if cats:
            problem.append(f"in {cats}" if en else cats)
        fam = self._cats("reach", tests, ("problem_family",))
        if fam:
            problem.append(f"in the {fam} family" if en else f"dalam kelompok {fam}")
        text = " ".join([*cause, self._w(verb), *problem])
        distance = self._take(tests, "distance", {"eq", "min", "max", "above", "below"})
        if distance is not None:
            rest = self._rest("reach", distance)
            text += (f" {'within' if distance.op == 'max' else 'in'} {rest} steps" if en
                     else f" dalam {rest} langkah")
        return f"a {text}" if en else f"ada {text}"

    def _program_pattern(self, p: Pattern) -> str:
        tests = list(p.tests)
        prog = self._take(tests, "program", {"eq", "in"})
        name = self._values(p.fact, prog) if prog else ""
        if not prog:  # a rule for any program: the program it is about
            pair = {"existing": ("programnya sudah berjalan di kampung", "the program is already in place"),
                    "available": ("programnya tersedia pada tanggal FGD", "the program is available at the FGD date"),
                    "offered": ("sebuah instansi menawarkan programnya di FGD",
                                "an agency offered the program at the FGD"),
                    "named": ("masalah atau penyebab yang diangkat FGD menyebut programnya dengan nama",
                              "a problem or cause the FGD raised names the program")}.get(
                p.fact, ("programnya juga direkomendasikan", "the program is also recommended"))
            text = self._w(pair)
        elif p.fact == "existing":
            text = self._w((f"program {name} sudah berjalan di kampung", f"program {name} is already in place"))
        elif p.fact == "available":
            text = self._w((f"program {name} tersedia pada tanggal FGD",
                            f"program {name} is available at the FGD date"))
        elif p.fact == "offered":
            text = self._w((f"instansi menawarkan program {name} di FGD",
                            f"an agency offered program {name} at the FGD"))
        elif p.fact == "named":
            text = self._w((f"masalah atau penyebab yang diangkat FGD menyebut program {name}",
                            f"a problem or cause the FGD raised names program {name}"))
        else:
            text = self._w((f"program {name} juga direkomendasikan", f"program {name} is also recommended"))
        if tests:
            text += f" {self._w(('dengan', 'with'))} " + _join([self.test(p.fact, t) for t in tests], self._and())
        return text

    def item(self, item: Pattern | AnyOf | AllOf) -> str:
        """A `when` or `unless` item on one line; an `any` group reads "salah satu dari: [a] atau [b]"."""
        if isinstance(item, Pattern):
            return self.pattern(item)
        parts = [f"[{self.pattern(p)}]" for p in self.members(item)]
        return f"{self.group(item)}: " + _join(parts, self._or() if isinstance(item, AnyOf) else self._and())

    def group(self, item: AnyOf | AllOf) -> str:
        """The head of a group: "salah satu dari" (any) / "semua ini sekaligus" (all)."""
        return self._w(("salah satu dari", "one of") if isinstance(item, AnyOf) else ("semua ini sekaligus", "all of"))

    @staticmethod
    def members(item: AnyOf | AllOf) -> tuple[Pattern, ...]:
        return item.options if isinstance(item, AnyOf) else item.patterns

    def conditions(self, rule: Rule) -> str:
        """The whole rule on one line: "jika A; dan B; kecuali C; atau D"."""
        text = self._w(("jika ", "when ")) + f"; {self._and()} ".join(self.item(i) for i in rule.when)
        if rule.unless:
            text += self._w(("; kecuali ", "; unless ")) + f"; {self._or()} ".join(self.item(i) for i in rule.unless)
        return text

    def requirements(self, program: Program) -> tuple[str, ...]:
        return tuple(self.item(i) for i in program.requires)

    def locality(self, program: Program) -> str:
        """Where the program runs: "hanya di Kota Surakarta" / "only in Kota Surakarta" ("" when anywhere)."""
        if not program.locality:
            return ""
        return self._w((f"hanya di {program.locality}", f"only in {program.locality}"))

    def availability(self, program: Program) -> str:
        a, b = program.available_from, program.available_until
        if a and b:
            return self._w((f"tersedia {a} sampai {b}", f"available from {a} to {b}"))
        if a:
            return self._w((f"tersedia sejak {a}", f"available from {a}"))
        if b:
            return self._w((f"tersedia sampai {b}", f"available until {b}"))
        return self._w(("selalu tersedia", "always available"))
