"""Why-not sentences: what a case would have to change for a program to be recommended, in plain words.

``WhyNot`` extends the condition wording (rules/wording.py) with the fact a test looked at, the value it found, and
the condition in the conditional ("... if asset A1 had no PIRT yet (now: has a PIRT)").
"""

from __future__ import annotations

from typing import Any

from ..model.ruleset import Pattern, Program, Test
from .wording import SUBJECT, Wording, conditional

__all__ = ["WhyNot"]


class WhyNot(Wording):
    """The sentences of `explain`, in one language, for one rule set."""

    def held_in(self, program: Program) -> str:
        """The FGD dates at which the program is available, as a condition: "the FGD were held in 2022 or later"."""
        a, b = program.available_from, program.available_until
        if a and b:
            return self._w((f"FGD tahun {a} sampai {b}", f"the FGD were held between {a} and {b}"))
        if b:
            return self._w((f"FGD tahun {b} atau sebelumnya", f"the FGD were held in {b} or earlier"))
        return self._w((f"FGD tahun {a} atau sesudahnya", f"the FGD were held in {a} or later"))

    def source(self, source: str) -> str:
        """A rule id, or a prerequisite 'needs:A>B', as the one that would recommend."""
        if source.startswith("needs:"):
            a, _, b = source[len("needs:"):].partition(">")
            return self._w((f"prasyarat ({a} membutuhkan {b})", f"the prerequisite ({a} needs {b})"))
        return self._w(("aturan ", "rule ")) + source

    def subject(self, fact: str, fact_id: str | None, names: dict[str, str]) -> str:
        """The fact a test looked at: "masalah P1 (Pendapatan rendah)", "the path C1 → P1"."""
        if fact_id is None:
            return self._w(("tidak ada", "nothing"))
        if fact == "case":
            return self._w(("kasus", "the case"))
        node = fact_id.split(":", 1)[1]
        if fact in {"reach", "link"}:
            return f"{self._w(SUBJECT[fact])} {node.replace('>', ' → ')}"
        label = names.get(node)
        return f"{self._w(SUBJECT[fact])} {node}" + (f" ({label})" if label else "")

    def actual(self, fact: str, test: Test, actual: Any) -> str:
        """The value a test found, in words."""
        if actual is None:
            return self._w(("tidak tercatat", "not recorded"))
        pred = self._pred(fact, test.field, actual)
        if pred is not None and fact == "case":
            return f"the village {pred}" if self.en else f"wilayah {pred}"
        if pred is not None:
            return pred
        return self.value(fact, test.field, actual)

    def needed(self, pattern: Pattern, test: Test, subject: str | None) -> str:
        """What would have to hold: "aset A1 (Keripik) belum punya PIRT" / "asset A1 (Keripik) had no PIRT yet"."""
        if pattern.fact == "case":
            return self._case_clause(test, would=True)
        pred = self._bool(pattern.fact, test)
        if pred is not None:
            return f"{subject} {conditional(pred) if self.en else pred}"
        noun, rest = self.noun(pattern.fact, test.field), self._rest(pattern.fact, test)
        return f"{subject} had {noun} {rest}" if self.en else f"{noun} {subject} {rest}"

    def missing(self, pattern: Pattern) -> str:
        """A pattern no fact came near: "ada usaha (aset) pangan ..." / "there were a food business (asset) ..."."""
        text = self.pattern(pattern)
        if not self.en:
            return text
        if pattern.fact in {"existing", "recommended", "available", "offered", "named"}:
            return text.replace(" is ", " were ", 1)
        return f"there were {text}"

    def would(self, program: str, source: str, condition: str, now: str | None = None) -> str:
        """ "OSS-NIB akan direkomendasikan oleh aturan X jika ... (sekarang: ...)"."""
        head = self._w((f"{program} akan direkomendasikan oleh {self.source(source)} jika ",
                        f"{program} would be recommended by {self.source(source)} if "))
        return head + condition + (f" ({self._w(('sekarang', 'now'))}: {now})" if now is not None else "")
