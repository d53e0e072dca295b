"""`rules lint`: mistakes a rule set can load with, and the ones it cannot (as findings, not as an exception)."""

from .checks import CHECKS
from .findings import Finding, lint, lint_folder, render_findings
from .reasoning import pattern_implies, satisfiable

__all__ = ["CHECKS", "Finding", "lint", "lint_folder", "pattern_implies", "render_findings", "satisfiable"]
