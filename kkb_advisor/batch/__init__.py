"""Many cases at once: advising a province's folder of FGD cases (``run.py``) and the demand it adds up to
(``demand.py``)."""

from __future__ import annotations

from .demand import Demand, demand, read_advice_lines
from .run import Outcome, Setup, advise_many, find_cases

__all__ = ["Demand", "Outcome", "Setup", "advise_many", "demand", "find_cases", "read_advice_lines"]
