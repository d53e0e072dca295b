"""A lint finding, the findings of a rule-set folder (load errors included), and how they read.

Load and compile errors become findings of severity error, each with the kind (`code`) and rule its Problem
carries from where it arose; the checks (policy/lint/checks.py) run only on a set that loads.

A finding is written in English, like every message; ``text("id")`` reads it in Indonesian through the catalogue
(errors_id/policy.py), or in the Indonesian its Problem wrote itself (a ``Text``). The code, file, line and rule id
stay as they are in both languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...advice.engine import check_engine
from ...errors import Problem, RuleSetError, Text, say
from ...model.ruleset import RuleSet
from ...rules.compiler import CompiledRuleSet, compile_ruleset
from ...rules.load import MANIFEST, default_rules_dir, load_rules
from ..ruletest import rule_test_file_problems

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
    # the Indonesian of message and hint when the finding's Problem wrote its own ('' : from the catalogue)
    said_id: tuple[str, str] = field(default=("", ""), compare=False, repr=False)

    def text(self, lang: str = "en") -> str:
        """The finding on one line, `file:line: severity [code] rule: what; hint`, in ``lang``."""
        rule = f" {self.rule}:" if self.rule else ""
        message, hint = self.message, self.hint
        if lang == "id":
            message = self.said_id[0] or say(message, "id")
            hint = self.said_id[1] or say(hint, "id")
        text = f"{self.file}:{self.line}: {_SEVERITY[lang == 'id'][self.severity]} [{self.code}]{rule} {message}"
        return f"{text}; {hint}" if hint else text

    def __str__(self) -> str:
        return self.text("en")


_SEVERITY = ({"error": "error", "warning": "warning"}, {"error": "galat", "warning": "peringatan"})


def _own(message: str | Text, prefix: str) -> str:
    """A message without its leading ``prefix`` (the rule the finding names already)."""
    text = message.id if isinstance(message, Text) else message
    return text[len(prefix):] if prefix and text.startswith(prefix) else text


def problem_finding(problem: Problem, code: str = "schema") -> Finding:
    """A load, compile or rule-test Problem as an error finding (``code`` when the problem names none)."""
    # the finding names its rule already: "rule 'R': ..." becomes "..."
    en, id_ = (f"rule '{problem.subject}': ", f"aturan '{problem.subject}': ") if problem.subject else ("", "")
    said_id = (_own(problem.message, id_) if isinstance(problem.message, Text) else "",
               problem.hint.id if isinstance(problem.hint, Text) else "")
    return Finding(problem.file, problem.line, problem.subject, problem.code or code, "error",
                   _own(say(problem.message), en), say(problem.hint), said_id)


def lint_folder(folder: Path | str | None = None) -> list[Finding]:
    """Lint the rule set in ``folder`` (default: the bundled one). A folder without ruleset.yaml is a usage error."""
    base = Path(folder) if folder is not None else default_rules_dir()
    if not (base / MANIFEST).is_file() and not (base.is_file() and base.name == MANIFEST):
        load_rules(folder)  # raises the usual "no ruleset.yaml" error
    try:
        ruleset = load_rules(folder)
        compiled = compile_ruleset(ruleset)
        check_engine(compiled)  # what advise compiles, the engine too: lint passing means advise runs
    except RuleSetError as exc:
        found = {problem_finding(p) for p in exc.problems}
        found |= {problem_finding(p, "rule-test") for p in rule_test_file_problems(_test_files(base, folder))}
        return sorted(found)
    return lint(ruleset, compiled)


def _test_files(base: Path, folder: Path | str | None) -> list[str]:
    """The rule-test files a manifest lists, named as the loader names them, when the rule set did not load (only
    plain names inside the folder: the loader reports the others)."""
    from ...errors import InputError
    from ...io.documents import read_document

    folder_dir = base.parent if base.is_file() else base
    shown = str(folder) if folder is not None else str(folder_dir)
    if base.is_file():
        shown = str(Path(shown).parent)
    try:
        data = read_document(folder_dir / MANIFEST).data
    except InputError:
        return []
    tests = data.get("tests") if isinstance(data, dict) else None
    names = [t for t in tests if isinstance(t, str)] if isinstance(tests, list) else []
    return [f"{shown}/{t}" for t in names if not Path(t).is_absolute() and ".." not in Path(t).parts]


def lint(ruleset: RuleSet, compiled: CompiledRuleSet | None = None) -> list[Finding]:
    """Every finding of every check on a loaded rule set, sorted by file, line, rule and code."""
    from .checks import CHECKS

    compiled = compiled or compile_ruleset(ruleset)
    return sorted({f for check in CHECKS for f in check(ruleset, compiled)})


def render_findings(findings: Sequence[Finding], lang: str = "en") -> str:
    """One line a finding, then the count of errors and warnings, in ``lang``."""
    errors = sum(f.severity == "error" for f in findings)
    lines = [f.text(lang) for f in findings]
    count = "{} galat, {} peringatan" if lang == "id" else "{} errors, {} warnings"
    lines.append(count.format(errors, len(findings) - errors))
    return "\n".join(lines) + "\n"
