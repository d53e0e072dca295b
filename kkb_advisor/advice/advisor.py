"""From a case to its Advice: graph analysis, facts, the engine, ranking, assembly.

An ``Advisor`` owns one compiled rule set and its engine: make one, advise on any number of cases, close it (or use
it as a context manager). Its lifetime is the engine's; nothing is cached anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import UsageError, did_you_mean
from ..model.advice import Advice
from ..model.case import Case
from ..model.ruleset import KINDS, RuleSet
from ..rules.compiler import CompiledRuleSet, compile_ruleset
from .engine import Engine
from .facts import case_facts
from .graph import analyse, build_graph
from .outcome import assemble
from .ranking import rank

__all__ = ["Advisor", "advise"]


class Advisor:
    """A rule set compiled into its own engine, ready to advise on any number of cases. Safe across threads."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.compiled: CompiledRuleSet = compile_ruleset(rules)
        self.engine = Engine(self.compiled)

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Advisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advise(self, case: Case, *, kinds: Sequence[str] = (), limit: int | None = None) -> Advice:
        """Ranked recommendations for one case (optionally only programs of some kinds, at most ``limit``)."""
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            hint = did_you_mean(unknown[0], KINDS) or "kinds: " + ", ".join(KINDS)
            raise UsageError(f"unknown program kind '{unknown[0]}'; {hint}")
        analysis = analyse(build_graph(case))
        firings = self.engine.run(case_facts(case, analysis, self.rules))
        ranked = rank(case, analysis, firings, self.rules, kinds=kinds)
        return assemble(case, analysis, firings, ranked, self.rules,
                        limit=limit if limit is not None else self.rules.limit)


def advise(case: Case, rules: RuleSet | Advisor, *, kinds: Sequence[str] = (), limit: int | None = None) -> Advice:
    """Advise on ``case`` with an Advisor, or with a rule set (compiled for this one call: for many cases, make an
    Advisor once)."""
    if isinstance(rules, Advisor):
        return rules.advise(case, kinds=kinds, limit=limit)
    with Advisor(rules) as advisor:
        return advisor.advise(case, kinds=kinds, limit=limit)
