"""An engine refusal the checks did not foresee, as a located problem: the rule whose addition makes durable_rules
refuse the rule set, or fail on a case (found by advice/engine.py's bisection), with its file and line."""

from __future__ import annotations

from ..errors import Problem, Text
from ..model.ruleset import RuleSet
from ..rules.compiler import EngineRule

__all__ = ["engine_problem", "hung_problem"]

_ENGINE_ERRORS = {
    "303": "one fact passes more of the rule set's tests at once than the rule engine can follow (its matcher keeps "
           "at most 64 pending tests)",
    "304": "one fact matches more rules at once than the rule engine can hold",
}
_ENGINE_ERRORS_ID = {
    "303": "satu fakta lolos lebih banyak uji sekaligus daripada yang dapat diikuti mesin aturan (paling banyak 64 "
           "uji tertunda)",
    "304": "satu fakta cocok dengan lebih banyak aturan sekaligus daripada yang dapat ditampung mesin aturan",
}


def engine_problem(ruleset: RuleSet, rule: EngineRule | None, error: str, on_case: bool) -> Problem:
    """The problem of durable_rules' ``error`` (its message), naming ``rule`` where the bisection found one;
    ``on_case``: the engine failed on a case's facts rather than refusing the rule set."""
    code = error.rsplit(" ", 1)[-1]
    what = _ENGINE_ERRORS.get(code, f"the rule engine failed ({error})")
    file, line, subject = ruleset.folder, 0, ""
    if rule is not None:
        subject = rule.source
        found = ruleset.rule(rule.source)
        pre = next((p for p in ruleset.prerequisites if f"needs:{p.program}>{p.needs}" == rule.source), None)
        file, line = (found.file, found.line) if found else (pre.file, pre.line) if pre else (file, line)
    where = f"rule '{subject}': " if subject else ""
    if on_case:
        message = Text(f"{where}{what} on this case; nothing was advised",
                       f"{where}{_ENGINE_ERRORS_ID.get(code, 'mesin aturan gagal')} pada kasus ini; tidak ada saran")
    else:
        message = Text(f"{where}the rule engine refused the rule set: {what}",
                       f"{where}mesin aturan menolak set aturan: {_ENGINE_ERRORS_ID.get(code, 'galat mesin')}")
    hint = Text("this rule brings the rule set past a limit of durable_rules that kkb-advisor does not check yet: "
                "simplify or split it, and report the rule set to the kkb-advisor maintainers",
                "aturan ini membawa set aturan melewati batas durable_rules yang belum diperiksa kkb-advisor: "
                "sederhanakan atau pecah aturan itu, dan laporkan set aturannya ke pengelola kkb-advisor")
    return Problem(file, f"line {line}" if line else "", message, hint, line, "engine-limit", subject)


def hung_problem(ruleset: RuleSet, seconds: float) -> Problem:
    """durable_rules' compiler did not finish the rule set within ``seconds`` (it was stopped in a child process)."""
    message = Text(f"the rule engine did not finish compiling the rule set within {seconds:g} s and was stopped",
                   f"mesin aturan tidak selesai mengompilasi set aturan dalam {seconds:g} detik dan dihentikan")
    hint = Text("the rule set brings durable_rules' compiler past a limit kkb-advisor does not check yet (it hangs "
                "on, for example, very many different tests after one condition): run `kkb-advisor rules lint`, "
                "remove or split the rules added last to find the one, and report the rule set to the kkb-advisor "
                "maintainers",
                "set aturan membawa kompilator durable_rules melewati batas yang belum diperiksa kkb-advisor (ia "
                "macet, misalnya, pada sangat banyak uji berbeda sesudah satu syarat): jalankan `kkb-advisor rules "
                "lint`, hapus atau pecah aturan yang terakhir ditambahkan untuk menemukannya, dan laporkan set "
                "aturannya ke pengelola kkb-advisor")
    return Problem(ruleset.folder, "", message, hint, 0, "engine-limit", "")
