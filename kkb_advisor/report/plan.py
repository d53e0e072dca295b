"""The action plan: one step a recommended program (who does what, when, after which step), and its CSV form.

The plan is read from the advice alone; steps come in an order where every prerequisite comes before the steps
that need it (otherwise in rank order), so a facilitator can work down the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..io.spreadsheet_csv import excel_csv
from ..model.advice import Advice, Recommendation
from .labels import label

__all__ = ["PlanStep", "action_plan", "render_csv", "render_plan_markdown"]


@dataclass(frozen=True)
class PlanStep:
    """One step of the action plan. ``after`` holds the step numbers that must be done first."""

    number: int
    program: str
    name: str
    agency: str
    first_step: str
    lead: str
    when: str
    after: tuple[int, ...]
    addresses: tuple[str, ...]
    status: str


def _ordered(recs: tuple[Recommendation, ...]) -> list[Recommendation]:
    """Rank order, except that a prerequisite always comes before the programs that need it."""
    by_id = {r.program: r for r in recs}
    done: set[str] = set()
    out: list[Recommendation] = []

    def visit(rec: Recommendation, trail: frozenset[str]) -> None:
        if rec.program in done or rec.program in trail:
            return
        for need in sorted(rec.prerequisites, key=lambda p: by_id[p].rank if p in by_id else 0):
            if need in by_id:
                visit(by_id[need], trail | {rec.program})
        done.add(rec.program)
        out.append(rec)

    for rec in sorted(recs, key=lambda r: r.rank):
        visit(rec, frozenset())
    return out


def action_plan(advice: Advice, lang: str = "id") -> tuple[PlanStep, ...]:
    """The steps for the recommended programs (the main list), in the order to take them."""
    ordered = _ordered(advice.recommendations)
    number = {r.program: i for i, r in enumerate(ordered, start=1)}
    return tuple(
        PlanStep(number=number[r.program], program=r.program, name=r.name.get(lang), agency=r.agency_name,
                 first_step=r.first_step.get(lang), lead=r.lead.get(lang),
                 when=r.start.get(lang),
                 after=tuple(sorted(number[p] for p in r.prerequisites if p in number)),
                 addresses=r.addresses, status=label(f"status_{r.status}", lang))
        for r in ordered)


def _columns(lang: str) -> list[str]:
    return [label("step", lang), label("program_id", lang), label("program_name", lang),
            label("agency", lang), label("first_step", lang), label("lead", lang), label("timing", lang),
            label("after", lang), label("addresses", lang), label("status", lang)]


def _row(step: PlanStep) -> list[str]:
    return [str(step.number), step.program, step.name, step.agency, step.first_step, step.lead, step.when,
            ", ".join(str(n) for n in step.after), ", ".join(step.addresses), step.status]


def render_csv(advice: Advice, lang: str = "id") -> str:
    """The action plan as CSV: one row a step, a header in ``lang``, a UTF-8 BOM and CRLF line ends for Excel."""
    return excel_csv(_columns(lang), [_row(step) for step in action_plan(advice, lang)])


def render_plan_markdown(advice: Advice, lang: str = "id") -> str:
    """The action plan as a Markdown table (for `--format markdown`)."""
    steps = action_plan(advice, lang)
    out = [f"## {label('plan', lang)}", ""]
    if not steps:
        return "\n".join([*out, label("no_steps", lang)]) + "\n"
    cols = _columns(lang)[:8]
    out += ["| " + " | ".join(cols) + " |", "|---:|" + "---|" * (len(cols) - 1)]
    for step in steps:
        cells = [c.replace("|", "\\|").replace("\n", " ") for c in _row(step)[:8]]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
