"""From a case to its Advice: graph analysis, facts, the engine, ranking, assembly.

An ``Advisor`` owns one compiled rule set and its engine: make one, advise on any number of cases, close it (or use
it as a context manager). Its lifetime is the engine's; nothing is cached anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import UNVALIDATED, UsageError, check_arg, check_kinds, check_limit, did_you_mean, refuse_unvalidated
from ..model.advice import Advice, OfferOutcome, build
from ..model.case import Case
from ..model.ruleset import KINDS, Bilingual, RuleSet
from ..rules.compiler import CompiledRuleSet, compile_ruleset
from ..rules.fields import Fact
from .asknext import Asker, ask_next
from .engine import Engine
from .facts import case_facts
from .graph import analyse, build_graph
from .need import needs
from .outcome import assemble, offer_words
from .ranking import Ranked, rank
from .tables import Tables
from .whynot import check

__all__ = ["Advisor", "advise"]


class Advisor:
    """A rule set compiled into its own engine, ready to advise on any number of cases. Safe across threads."""

    def __init__(self, rules: RuleSet, *, engine: str | None = None) -> None:
        """``engine``: durable_rules or python (advice/engine.py); by default durable_rules where it imports."""
        check_arg("Advisor", "rules", rules, RuleSet, "a RuleSet (from load_rules())")
        self.rules = rules
        self.compiled: CompiledRuleSet = compile_ruleset(rules)
        self.engine = Engine(self.compiled, engine)
        self.asker = Asker(self.compiled)  # the same rules in Python, for trying the answers of "ask next"
        self.tables = Tables(rules, self.compiled.rules)  # what ranking and assembly ask of the rule set, once

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Advisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advise(self, case: Case, *, kinds: Sequence[str] = (), limit: int | None = None) -> Advice:
        """Ranked recommendations for one case (optionally only programs of some kinds, at most ``limit``)."""
        check_arg("advise", "case", case, Case, "a Case (from load_case() or parse_case())")
        check_kinds("advise", kinds)
        check_limit("advise", limit)
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            hint = did_you_mean(unknown[0], KINDS) or "kinds: " + ", ".join(KINDS)
            raise UsageError(f"unknown program kind '{unknown[0]}'; {hint}")
        try:
            return self._advise(case, kinds, limit)
        except UNVALIDATED as exc:
            refuse_unvalidated("advise", case, "parse_case(), load_case() or Case.model_validate()", exc)
            raise

    def _advise(self, case: Case, kinds: Sequence[str], limit: int | None) -> Advice:
        rules = self.rules
        analysis = analyse(build_graph(case))
        facts = case_facts(case, analysis, rules, self.tables.names)
        firings = self.engine.run(facts)
        need = needs(case, rules.taxonomy, rules.ranking)
        ranked = rank(case, analysis, firings, rules, need, kinds=kinds,
                      limit=limit if limit is not None else rules.limit, tables=self.tables)
        return assemble(case, analysis, firings, ranked, rules, needs=need, engine=self.engine.name, tables=self.tables,
                        offered=self._offered(case, facts, ranked),
                        ask_next=ask_next(case, facts, self.asker, frozenset(f.rule.program for f in firings)))

    def _offered(self, case: Case, facts: list[Fact], ranked: Ranked) -> list[OfferOutcome]:
        """Each program an agency offered at the FGD: where it stands, or why this case cannot take it."""
        where = {**dict.fromkeys(ranked.also, "also_possible"), **dict.fromkeys(ranked.keep, "keep"),
                 **dict.fromkeys(ranked.main, "main")}
        out = []
        offers = sorted({(r.agency, pid) for r in case.opd_responses for pid in r.program_ids})
        for agency, pid in offers:
            outcome = where.get(pid, "not_possible")
            reason = Bilingual(id="", en="")
            if outcome == "not_possible":
                texts = [check(case, self.compiled, facts, where, pid, lang)[1] for lang in ("id", "en")]
                reason = Bilingual(id="; ".join(texts[0]), en="; ".join(texts[1]))
            out.append(build(OfferOutcome, agency=agency, program=pid, words=offer_words(case, agency, pid),
                             outcome=outcome, reason=reason))
        return out


def advise(case: Case, rules: RuleSet | Advisor, *, kinds: Sequence[str] = (), limit: int | None = None) -> Advice:
    """Advise on ``case`` with an Advisor, or with a rule set (compiled for this one call: for many cases, make an
    Advisor once)."""
    check_arg("advise", "rules", rules, (RuleSet, Advisor), "a RuleSet (from load_rules()) or an Advisor")
    if isinstance(rules, Advisor):
        return rules.advise(case, kinds=kinds, limit=limit)
    with Advisor(rules) as advisor:
        return advisor.advise(case, kinds=kinds, limit=limit)
