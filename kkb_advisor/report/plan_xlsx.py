"""The action plan as a workbook (`advise --format xlsx`): one row per recommended program, in the order to take
them, with when to move it in the planning calendar (RKPDes, Musrenbang, agency calls), what it needs and costs,
its sources, and empty follow-up columns (status, date, notes) for the Pokja to fill in over the year; then the
logframe draft and the objective tree (logframe_render.py). With the case (`advise --with-case`), the case's own
sheets follow in the same file, which then reads back as the case (case/workbook_write.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from ..io.xlsx import add_table, new_workbook, workbook_bytes
from ..model.advice import Advice, Recommendation
from ..model.case import Case
from ..model.ruleset import RuleSet
from .labels import label
from .logframe_render import add_logframe_sheets
from .plan import action_plan

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["FOLLOW_UP", "PLAN_COLUMNS", "render_plan_xlsx"]

# (id, en) of each column; the words around the advice that only this workbook uses
PLAN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Langkah", "Step"), ("Instansi", "Agency"), ("Kode program", "Program code"), ("Program", "Program"),
    ("Menjawab", "What it answers"), ("Langkah pertama", "First step"),
    ("Penggerak di kampung", "Who moves it in the village"), ("Kapan", "When"),
    ("Jalur perencanaan", "Planning route"), ("Setelah langkah", "After step"), ("Status", "Status"),
    ("Persyaratan", "Requirements"), ("Biaya", "Cost"), ("Sumber", "Sources"),
)
FOLLOW_UP: tuple[tuple[str, str], ...] = (
    ("Tindak lanjut: status", "Follow-up: status"), ("Tindak lanjut: tanggal", "Follow-up: date"),
    ("Tindak lanjut: catatan", "Follow-up: notes"),
)
_WIDTHS = (8, 30, 20, 36, 44, 50, 30, 36, 28, 10, 16, 50, 30, 40, 18, 14, 40)


def _w(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _answers(advice: Advice, rec: Recommendation, lang: str) -> str:
    """The problems and causes it answers, each with its words (one a line)."""
    out = []
    for node in rec.addresses:
        info = advice.graph.nodes.get(node)
        out.append(f"{node} {info.label.get(lang)}" if info is not None else node)
    return "\n".join(out)


def _sources(rec: Recommendation, lang: str) -> str:
    mark = f" ({label('secondary_source', lang)})"
    return "\n".join(s + (mark if s in rec.secondary_sources else "") for s in rec.sources)


def render_plan_xlsx(advice: Advice, lang: str = "id", *, case: Case | None = None,
                     rules: RuleSet | None = None) -> bytes:
    """The action plan, the logframe draft and the objective tree, and a sheet saying which case and rule set it
    comes from; with ``case`` (and the ``rules`` it was advised with), the case's sheets after them, so one file
    holds the plan and the case it answers. The same advice, the same bytes."""
    wb = new_workbook()
    _plan_sheets(wb, advice, lang)
    if case is not None:
        from ..case.workbook_write import add_case_sheets

        if rules is None:
            raise UsageError("render_plan_xlsx(case=...) needs the rules the case was advised with (rules=...)")
        add_case_sheets(wb, case, rules, lang)
    return workbook_bytes(wb)


def _plan_sheets(wb: Workbook, advice: Advice, lang: str) -> None:
    by_id = {r.program: r for r in advice.recommendations}
    rows = []
    for step in action_plan(advice, lang):
        rec = by_id[step.program]
        rows.append([step.number, step.agency, step.program, step.name, _answers(advice, rec, lang),
                     step.first_step, step.lead, step.when, rec.timing_label.get(lang),
                     ", ".join(str(n) for n in step.after), step.status, rec.eligibility.get(lang),
                     rec.cost.get(lang), _sources(rec, lang), None, None, None])
    header = [_w(c, lang) for c in (*PLAN_COLUMNS, *FOLLOW_UP)]
    add_table(wb, label("plan", lang), header, rows, widths=_WIDTHS)
    add_logframe_sheets(wb, advice, lang)
    v = advice.village
    place = ", ".join(x for x in (v.kampung_kb_name, v.kelurahan_or_desa, v.kecamatan, v.kab_kota, v.province) if x)
    about: list[list[object]] = [
        [label("case", lang), advice.case_id],
        [_w(("Tempat", "Place"), lang), place],
        [label("fgd_date", lang), v.date],
        [label("rules", lang), f"{advice.ruleset.name} {advice.ruleset.version} ({advice.ruleset.hash})"],
        [_w(("Jumlah langkah", "Steps"), lang), len(rows)],
    ]
    add_table(wb, _w(("Tentang", "About"), lang), [_w(("Isian", "Field"), lang), _w(("Nilai", "Value"), lang)],
              about, widths=[24, 80])
