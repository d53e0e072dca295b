"""A comparison of two FGDs (compare.py) as text, Markdown, HTML and JSON.

Text, Markdown and HTML show the same sections, read from one list (``sections``): the indicators (what got worse
first, then better, unchanged, the village's own counts, and those recorded at one FGD only), the problems, the
programs. JSON is the documented contract (docs/facilitator-tools.md): both languages, keys sorted, lists in the
order shown here; the same two files, the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from html import escape

from .compare import Comparison, IndicatorChange, ProblemChange, ProgramChange
from .labels import number

__all__ = ["COMPARE_FORMATS", "WORDS", "indicator_rows", "render_compare", "render_compare_html",
           "render_compare_json", "render_compare_markdown", "render_compare_text", "sections"]

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Perbandingan dua FGD", "Two FGDs compared"),
    "old": ("FGD lama", "Earlier FGD"), "new": ("FGD baru", "Later FGD"),
    "indicators": ("Indikator", "Indicators"), "problems": ("Masalah", "Problems"), "programs": ("Program", "Programs"),
    "worse": ("memburuk", "worse"), "better": ("membaik", "better"), "unchanged": ("tetap", "unchanged"),
    "context": ("gambaran wilayah (bukan baik/buruk)", "describes the village (neither better nor worse)"),
    "unknown": ("tanpa penilaian arah", "direction not judged"),
    "only_one": ("dicatat di satu FGD saja", "recorded at one FGD only"),
    "resolved": ("Teratasi (tidak diangkat lagi)", "Resolved (no longer raised)"), "p_new": ("Baru", "New"),
    "p_worse": ("Memburuk", "Worse"), "p_better": ("Membaik", "Better"), "p_same": ("Tetap", "The same"),
    "severity": ("keparahan", "severity"),
    "started": ("Dimulai sejak FGD lama", "Started since the earlier FGD"),
    "continued": ("Berlanjut", "Continued"), "ended": ("Tidak dicatat lagi", "No longer recorded"),
    "still_missing": ("Masih belum ada (direkomendasikan di kedua FGD)", "Still missing (recommended at both FGDs)"),
    "newly_recommended": ("Baru direkomendasikan", "Newly recommended"),
    "active": ("aktif", "active"), "completed": ("selesai", "completed"), "in_process": ("dalam proses", "in process"),
    "recommended": ("direkomendasikan", "recommended"), "also_possible": ("juga mungkin", "also possible"),
    "absent": ("tidak ada", "not there"), "none": ("Tidak ada.", "None."),
    "indicator": ("Indikator", "Indicator"), "change": ("Perubahan", "Change"), "reading": ("Penilaian", "Reading"),
    "not_recorded": ("tidak dicatat", "not recorded"),
    "generated": ("Dibuat dengan kkb-advisor compare", "Made with kkb-advisor compare"),
}
_ARROW = {"up": "↑", "down": "↓", "same": "=", "not_comparable": "·"}
_IND_ORDER = ("worse", "better", "unchanged", "context", "unknown")


def _w(key: str, lang: str) -> str:
    return WORDS[key][1 if lang == "en" else 0]


def _value(value: float | int | None, lang: str) -> str:
    return _w("not_recorded", lang) if value is None else number(value, lang)


def _delta(ind: IndicatorChange, lang: str) -> str:
    if ind.old is None or ind.new is None:
        return ""
    diff = ind.new - ind.old
    diff = round(diff, 4) if isinstance(diff, float) else diff
    return ("+" if diff > 0 else "-" if diff < 0 else "±") + number(abs(diff), lang)


def _reading(ind: IndicatorChange, lang: str) -> str:
    if ind.direction == "not_comparable":
        return _w("only_one", lang)
    return _w(ind.judgement, lang)


def indicator_rows(comparison: Comparison, lang: str) -> list[list[str]]:
    """[arrow, indicator, old, new, change, reading] per indicator: worse first, then better, unchanged, the
    village's own counts, undirected ones; those recorded at one FGD only last."""
    inds = sorted(comparison.indicators, key=lambda i: (i.direction == "not_comparable",
                                                        _IND_ORDER.index(i.judgement)))
    return [[_ARROW[i.direction], i.label.get(lang), _value(i.old, lang), _value(i.new, lang), _delta(i, lang),
             _reading(i, lang)] for i in inds]


def _problem(change: ProblemChange, lang: str) -> str:
    sev = _w("severity", lang)
    ref = change.new_label or change.old_label
    node = change.new or change.old
    head = f"{node} {ref.get(lang) if ref else ''} ({change.category}"
    if change.status == "resolved":
        return f"{head}, {sev} {change.old_severity})"
    if change.status == "new":
        return f"{head}, {sev} {change.new_severity})"
    renamed = f"; {_w('old', lang)}: {change.old}" if change.old != change.new else ""
    return f"{head}, {sev} {change.old_severity} → {change.new_severity}{renamed})"


def _state(state: str, lang: str) -> str:
    return _w(state or "absent", lang)


def _program(change: ProgramChange, lang: str) -> str:
    return (f"{change.program} {change.name.get(lang)} ({_state(change.old_state, lang)} → "
            f"{_state(change.new_state, lang)})")


def sections(comparison: Comparison, lang: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The problems and programs sections: (heading, [(group heading, lines)]), in the order shown."""
    problems = [(_w("resolved" if s == "resolved" else f"p_{s}", lang),
                 [_problem(c, lang) for c in comparison.problems if c.status == s])
                for s in ("resolved", "new", "worse", "better", "same")]
    programs = [(_w(s, lang), [_program(c, lang) for c in comparison.programs if c.status == s])
                for s in ("started", "continued", "ended", "still_missing", "newly_recommended")]
    return [(_w("problems", lang), [g for g in problems if g[1]]),
            (_w("programs", lang), [g for g in programs if g[1]])]


def _header(comparison: Comparison, lang: str) -> list[str]:
    o, n = comparison.old, comparison.new
    return [f"{_w('title', lang)}: {comparison.village}",
            f"{_w('old', lang)}: {o.case_id} ({o.date}, {o.file})",
            f"{_w('new', lang)}: {n.case_id} ({n.date}, {n.file})"]


def render_compare_text(comparison: Comparison, lang: str = "id") -> str:
    head = _header(comparison, lang)
    out = [head[0], *head[1:], "", _w("indicators", lang)]
    for arrow, name, old, new, delta, reading in indicator_rows(comparison, lang):
        change = f" ({delta}, {reading})" if delta else f" ({reading})"
        out.append(f"  {arrow} {name}: {old} → {new}{change}")
    for heading, groups in sections(comparison, lang):
        out += ["", heading]
        if not groups:
            out.append(f"  {_w('none', lang)}")
        for group, lines in groups:
            out += [f"  {group}:", *(f"    - {line}" for line in lines)]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_compare_markdown(comparison: Comparison, lang: str = "id") -> str:
    head = _header(comparison, lang)
    out = [f"# {head[0]}", "", f"- {head[1]}", f"- {head[2]}", "", f"## {_w('indicators', lang)}", "",
           f"| | {_w('indicator', lang)} | {_w('old', lang)} | {_w('new', lang)} | {_w('change', lang)} | "
           f"{_w('reading', lang)} |", "|---|---|---:|---:|---:|---|"]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in indicator_rows(comparison, lang)]
    for heading, groups in sections(comparison, lang):
        out += ["", f"## {heading}", ""]
        if not groups:
            out.append(_w("none", lang))
        for group, lines in groups:
            out += [f"### {group}", "", *(f"- {_md(line)}" for line in lines), ""]
    while out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; max-width: 186mm; margin: 0 auto;
       padding: 6mm 0; color: #1b1b1b; }
h1 { font-size: 16pt; color: #0d47a1; } h2 { font-size: 13pt; color: #0d47a1; border-bottom: 1.5px solid #0d47a1; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #b0bec5; padding: 1mm 1.5mm; }
th { background: #eceff1; text-align: left; } td.num { text-align: right; }
tr.worse td { background: #ffebee; } tr.better td { background: #e8f5e9; }
footer { margin-top: 6mm; color: #607d8b; font-size: 8.5pt; }
"""


def render_compare_html(comparison: Comparison, lang: str = "id") -> str:
    e = escape
    head = _header(comparison, lang)
    body = [f"<h1>{e(head[0])}</h1>", f"<p>{e(head[1])}<br>{e(head[2])}</p>", f"<h2>{e(_w('indicators', lang))}</h2>",
            "<table><thead><tr><th></th>" + "".join(f"<th>{e(_w(k, lang))}</th>" for k in
                                                   ("indicator", "old", "new", "change", "reading"))
            + "</tr></thead><tbody>"]
    judged = sorted(comparison.indicators, key=lambda i: (i.direction == "not_comparable",
                                                          _IND_ORDER.index(i.judgement)))
    for ind, row in zip(judged, indicator_rows(comparison, lang), strict=True):
        cells = "".join(f'<td class="num">{e(c)}</td>' if 2 <= i <= 4 else f"<td>{e(c)}</td>"
                        for i, c in enumerate(row))
        body.append(f'<tr class="{ind.judgement}">{cells}</tr>')
    body.append("</tbody></table>")
    for heading, groups in sections(comparison, lang):
        body.append(f"<h2>{e(heading)}</h2>")
        if not groups:
            body.append(f"<p>{e(_w('none', lang))}</p>")
        for group, lines in groups:
            body.append(f"<h3>{e(group)}</h3><ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>")
    body.append(f"<footer>{e(_w('generated', lang))}</footer>")
    return ("<!DOCTYPE html>\n" f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(head[0])}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n")


def render_compare_json(comparison: Comparison, lang: str = "id") -> str:
    """The comparison as JSON: both languages, keys sorted (``lang`` is not used: the contract holds both)."""
    return json.dumps(dataclasses.asdict(comparison), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


_RENDER = {"text": render_compare_text, "markdown": render_compare_markdown, "html": render_compare_html,
           "json": render_compare_json}
COMPARE_FORMATS = tuple(_RENDER)


def render_compare(comparison: Comparison, fmt: str = "text", lang: str = "id") -> str:
    """``comparison`` in ``fmt`` (text, markdown, html, json) and ``lang`` ("id" or "en")."""
    return _RENDER[fmt](comparison, lang)
