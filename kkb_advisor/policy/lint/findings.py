"""A lint finding, the findings of a rule-set folder (load errors included), and how they read.

Load and compile errors become findings of severity error, each with the kind (`code`) and rule its Problem
carries from where it arose; the checks (policy/lint/checks.py) run only on a set that loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import Problem, RuleSetError, say
from ...model.ruleset import RuleSet
from ...rules.compiler import CompiledRuleSet, compile_ruleset
from ...rules.load import MANIFEST, default_rules_dir, load_rules

__all__ = ["Finding", "lint", "lint_folder", "problem_finding", "render_findings"]


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rule: str  # rule id ('' when the finding is not about one rule)
    code: str
    severity: str  # error | warning
    message: str
    hint: str = ""

    def __str__(self) -> str:
        rule = f" {self.rule}:" if self.rule else ""
        text = f"{self.file}:{self.line}: {self.severity} [{self.code}]{rule} {self.message}"
        return f"{text}; {self.hint}" if self.hint else text



def problem_finding(problem: Problem, code: str = "schema") -> Finding:
    """A load, compile or rule-test Problem as an error finding (``code`` when the problem names none)."""
    message = say(problem.message)
    own = f"rule '{problem.subject}': "
    if problem.subject and message.startswith(own):  # the finding names its rule already
        message = message[len(own):]
    return Finding(problem.file, problem.line, problem.subject, problem.code or code, "error", message,
                   say(problem.hint))


def lint_folder(folder: Path | str | None = None) -> list[Finding]:
    """Lint the rule set in ``folder`` (default: the bundled one). A folder without ruleset.yaml is a usage error."""
    base = Path(folder) if folder is not None else default_rules_dir()
    if not (base / MANIFEST).is_file() and not (base.is_file() and base.name == MANIFEST):
        load_rules(folder)  # raises the usual "no ruleset.yaml" error
    try:
        ruleset = load_rules(folder)
        compiled = compile_ruleset(ruleset)
    except RuleSetError as exc:
        return sorted({problem_finding(p) for p in exc.problems})
    return lint(ruleset, compiled)


def lint(ruleset: RuleSet, compiled: CompiledRuleSet | None = None) -> list[Finding]:
    """Every finding of every check on a loaded rule set, sorted by file, line, rule and code."""
    from .checks import CHECKS

    compiled = compiled or compile_ruleset(ruleset)
    return sorted({f for check in CHECKS for f in check(ruleset, compiled)})


def render_findings(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    lines = [str(f) for f in findings]
    lines.append(f"{errors} errors, {len(findings) - errors} warnings")
    return "\n".join(lines) + "\n"
