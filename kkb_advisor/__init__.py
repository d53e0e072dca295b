"""kkb-advisor: from a Kampung KB FGD case to explained, ranked referrals to government programs.

    from kkb_advisor import load_case, load_rules, advise
    rules = load_rules()                      # the bundled rule set
    advice = advise(load_case("cases/kadipiro-sehati-2018.yaml", rules), rules)
"""

from __future__ import annotations

from typing import Any

from ._pyversion import unsupported_message

__all__ = [
    "Advice",
    "Advisor",
    "Case",
    "CaseError",
    "InputError",
    "KkbError",
    "Recommendation",
    "RuleSet",
    "RuleSetError",
    "UsageError",
    "advise",
    "load_case",
    "load_rules",
    "parse_case",
    "render",
]

_UNSUPPORTED = unsupported_message()

if _UNSUPPORTED is None:
    from .advice.advisor import Advisor, advise
    from .errors import CaseError, InputError, KkbError, RuleSetError, UsageError
    from .case.load import load_case, parse_case
    from .model.case import Case
    from .model.advice import Advice, Recommendation
    from .report.text import render
    from .rules.load import load_rules
    from .model.ruleset import RuleSet
else:
    def __getattr__(name: str) -> Any:
        raise RuntimeError(_UNSUPPORTED)
