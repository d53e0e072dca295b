"""kkb-advisor: from a Kampung KB FGD case to explained, ranked referrals to government programs.

    from kkb_advisor import Advisor, load_case, load_rules
    rules = load_rules()                      # the bundled rule set
    with Advisor(rules) as advisor:           # compiles the rule set once, for any number of cases
        advice = advisor.advise(load_case("cases/kadipiro-sehati-2018.yaml", rules))

The names below are imported on first use, so that `import kkb_advisor` (and `kkb-advisor --help`) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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

# public name -> the module that defines it
_WHERE = {
    "Advisor": "advice.advisor", "advise": "advice.advisor",
    "CaseError": "errors", "InputError": "errors", "KkbError": "errors", "RuleSetError": "errors",
    "UsageError": "errors",
    "load_case": "case.load", "parse_case": "case.load",
    "Case": "model.case", "Advice": "model.advice", "Recommendation": "model.advice", "RuleSet": "model.ruleset",
    "render": "report", "load_rules": "rules.load",
}

if TYPE_CHECKING:
    from .advice.advisor import Advisor, advise
    from .case.load import load_case, parse_case
    from .errors import CaseError, InputError, KkbError, RuleSetError, UsageError
    from .model.advice import Advice, Recommendation
    from .model.case import Case
    from .model.ruleset import RuleSet
    from .report import render
    from .rules.load import load_rules


if not TYPE_CHECKING:  # hidden from type checkers: for them a misspelt name is an error, not Any
    def __getattr__(name: str) -> Any:
        if name not in _WHERE:
            raise AttributeError(f"module 'kkb_advisor' has no attribute '{name}'")
        message = unsupported_message()
        if message is not None:
            raise RuntimeError(message)
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value  # the module's own namespace: later lookups skip this function
        return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
