"""Advice -> one self-contained, printable (A4) HTML report: inline CSS and SVG, nothing fetched from anywhere.

Sections: the village and the FGD, the groups, key indicators, the problem tree, the ranked recommendations, the
action plan, the objective tree and the logframe draft, the gaps and findings. All case and catalogue text is
escaped. Same advice, same bytes.
"""

from __future__ import annotations

from html import escape

from ..model.advice import Advice, Indicator, Recommendation
from ..rules.vocabulary import VALUES
from .drawing import picture_of, render_svg
from .labels import label, number
from .logframe_render import logframe_html
from .plan import action_plan
from .text import more_sections, offered_line, step_lines

__all__ = ["indicator_name", "indicator_value", "render_html"]

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #1b1b1b;
       line-height: 1.35; margin: 0 auto; max-width: 186mm; padding: 6mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; color: #0d47a1; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #0d47a1; color: #0d47a1;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 0 0 1.5mm; }
p { margin: 1mm 0; }
.meta { color: #37474f; margin: 0; }
.grid { display: flex; gap: 6mm; flex-wrap: wrap; }
.grid > section { flex: 1 1 80mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 1px solid #b0bec5; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eceff1; }
thead { display: table-header-group; }
tr, .rec, figure { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; max-height: 245mm; }
.rec { border: 1px solid #cfd8dc; border-left: 4px solid #0d47a1; border-radius: 2mm; padding: 2mm 3mm;
       margin: 0 0 3mm; }
.rec dl { display: grid; grid-template-columns: 40mm 1fr; gap: 0.6mm 3mm; margin: 1.5mm 0 0; }
.rec dt { font-weight: bold; color: #37474f; }
.rec dd { margin: 0; }
.rec ul { margin: 0; padding-left: 5mm; }
.offered { color: #1b5e20; font-weight: bold; }
.status { font-size: 9pt; background: #e3f2fd; border-radius: 1mm; padding: 0 1.5mm; margin-left: 1mm; }
.muted { color: #607d8b; font-size: 9pt; }
.gap { color: #b71c1c; }
ul.objectives, ul.objectives ul { padding-left: 5mm; margin: 0.5mm 0; }
tr.lf-goal td { background: #e3f2fd; }
tr.lf-outcome td:first-child { font-weight: bold; }
footer { margin-top: 6mm; color: #607d8b; font-size: 8.5pt; }
@page wide { size: A4 landscape; margin: 12mm; }
@media print { body { padding: 0; max-width: none; } #tree { page: wide; } figure svg { max-height: 170mm; }
               a { color: inherit; text-decoration: none; } }
"""


def _t(key: str, lang: str) -> str:
    return label(key, lang)


def indicator_name(ind: Indicator, lang: str) -> str:
    """An indicator's name as a table row starts: the rule set's words, capitalised."""
    text = ind.label.get(lang)
    return text[:1].upper() + text[1:]


def indicator_value(ind: Indicator, lang: str) -> str:
    """A count with the language's thousands separator (1.480 / 1,480); shares and other numbers as written."""
    return number(ind.value, lang)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _name(advice: Advice, node: str, lang: str) -> str:
    info = advice.graph.nodes.get(node)
    return f"{node} “{info.label.get(lang)}”" if info else node


def _heading(advice: Advice, lang: str) -> list[str]:
    v = advice.village
    unit = ""
    if v.rw:
        unit = f"{_t('unit_rw', lang)} {v.rw}, "
    elif v.dusun:
        unit = f"{_t('unit_dusun', lang)} {v.dusun}, "
    place = f"{unit}{v.kelurahan_or_desa}, {_t('kecamatan', lang)} {v.kecamatan}, {v.kab_kota}, {v.province}"
    out = [f"<header><h1>{_e(_t('report', lang))}: {_e(v.kampung_kb_name)}</h1>",
           f'<p class="meta"><b>{_e(_t("location", lang))}:</b> {_e(place)} '
           f"({_e(_setting(v.setting, lang))})</p>",
           f'<p class="meta"><b>{_e(label("fgd_date", lang))}:</b> {_e(v.date)} · '
           f"<b>{_e(label('case', lang))}:</b> {_e(advice.case_id)}"]
    if advice.fgd.lead:
        out[-1] += f" · <b>{_e(_t('fgd_lead', lang))}:</b> {_e(advice.fgd.lead)}"
    out[-1] += "</p></header>"
    return out


def _setting(code: str, lang: str) -> str:
    words = VALUES["setting"].get(code)
    return (words[1] if lang == "en" else words[0]) if words else code


def _groups_and_indicators(advice: Advice, lang: str) -> list[str]:
    out = ['<div class="grid">', f"<section><h2>{_e(_t('groups', lang))}</h2>"]
    if advice.fgd.groups:
        out.append(f"<table><thead><tr><th>{_e(_t('group', lang))}</th><th>{_e(_t('participants', lang))}</th>"
                   "</tr></thead><tbody>")
        for g in advice.fgd.groups:
            count = "" if g.participants is None else str(g.participants)
            out.append(f"<tr><td>{_e(g.id)}: {_e(g.label.get(lang))}</td><td class=\"num\">{_e(count)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f"<p class=\"muted\">{_e(_t('no_groups', lang))}</p>")
    out += ["</section>", f"<section><h2>{_e(_t('indicators', lang))}</h2>"]
    if advice.fgd.indicators:
        out.append(f"<table><thead><tr><th>{_e(_t('indicator', lang))}</th><th>{_e(_t('value', lang))}</th>"
                   "</tr></thead><tbody>")
        for ind in advice.fgd.indicators:
            out.append(f"<tr><td>{_e(indicator_name(ind, lang))}</td>"
                       f"<td class=\"num\">{_e(indicator_value(ind, lang))}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f"<p class=\"muted\">{_e(_t('no_indicators', lang))}</p>")
    return [*out, "</section>", "</div>"]


def _why(rec: Recommendation, advice: Advice, lang: str) -> str:
    """The reason in words: which problems and causes of this FGD the program answers."""
    def names(nodes: tuple[str, ...]) -> str:
        parts = [_name(advice, n, lang) for n in nodes]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {_t('and', lang)} " + parts[-1]

    if rec.problems and rec.causes:
        return f"{_t('answers_problems', lang)} {names(rec.problems)} {_t('answers_causes', lang)} " \
               f"{names(rec.causes)}."
    if rec.problems:
        return f"{_t('answers_problems', lang)} {names(rec.problems)}."
    if rec.causes:
        return f"{_t('answers_causes_only', lang)} {names(rec.causes)}."
    return ""


def _recommendation(rec: Recommendation, advice: Advice, lang: str) -> list[str]:
    out = [f'<article class="rec" id="rec-{_e(rec.program)}">',
           f"<h3>{rec.rank}. {_e(rec.name.get(lang))} <span class=\"muted\">({_e(rec.program)})</span>"
           f"<span class=\"status\">{_e(label('status_' + rec.status, lang))}</span></h3>"]
    why = _why(rec, advice, lang)
    if why:
        out.append(f"<p>{_e(why)}</p>")
    if rec.offered is not None:
        out.append(f'<p class="offered">{_e(offered_line(rec, lang))}</p>')
    rows: list[tuple[str, str]] = [(label("agency", lang), _e(rec.agency_name))]
    reasons = "".join(f"<li>{_e(r.title.get(lang))}: {_e(r.rationale.get(lang))} "
                      f"<span class=\"muted\">[{_e(label('rule', lang))} {_e(r.rule)}]</span></li>"
                      for r in rec.because)
    rows.append((label("why", lang), f"<ul>{reasons}</ul>"))
    if rec.paths:
        rows.append((label("path", lang), "<br>".join(_e(" → ".join(p)) for p in rec.paths)))
    rows.append((label("first_step", lang), _e(rec.first_step.get(lang))))
    rows.append((label("lead", lang), _e(rec.lead.get(lang))))
    rows.append((label("timing", lang), _e(rec.timing_label.get(lang))))
    if rec.prerequisites:
        rows.append((label("prerequisites", lang), _e(", ".join(rec.prerequisites))))
    if rec.needed_by:
        rows.append((label("needed_by", lang), _e(", ".join(rec.needed_by))))
    if rec.steps:
        rows.append((label("step", lang), "<br>".join(_e(s) for s in step_lines(rec, lang))))
    rows.append((label("eligibility", lang), _e(rec.eligibility.get(lang))))
    rows.append((label("procedure", lang), _e(rec.procedure.get(lang))))
    rows.append((label("cost", lang), _e(rec.cost.get(lang))))
    if rec.sources:
        note = f' <span class="secondary">({_e(label("secondary_source", lang))})</span>'
        rows.append((label("sources", lang), "<br>".join(_e(s) + (note if s in rec.secondary_sources else "")
                                                         for s in rec.sources)))
    out.append("<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
    return [*out, "</article>"]


def _plan(advice: Advice, lang: str) -> list[str]:
    steps = action_plan(advice, lang)
    out = [f'<section id="plan"><h2>{_e(label("plan", lang))}</h2>']
    if not steps:
        return [*out, f"<p>{_e(label('no_steps', lang))}</p></section>"]
    heads = [label("step", lang), label("program", lang), label("agency", lang), label("first_step", lang),
             label("lead", lang), label("timing", lang), label("after", lang)]
    out.append("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr></thead><tbody>")
    for s in steps:
        cells = [str(s.number), f"{s.name} ({s.program})", s.agency, s.first_step, s.lead, s.when,
                 ", ".join(str(n) for n in s.after)]
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    return [*out, "</tbody></table></section>"]


def _gaps(advice: Advice, lang: str) -> list[str]:
    out = [f'<section id="gaps"><h2>{_e(label("gaps", lang))}</h2>']
    gaps = advice.gaps
    if not (gaps.problems or gaps.root_causes):
        out.append(f"<p>{_e(label('no_gaps', lang))}</p>")
    for key, nodes in (("gap_problems", gaps.problems), ("gap_roots", gaps.root_causes)):
        if nodes:
            items = "".join(f'<li class="gap">{_e(_name(advice, n, lang))}</li>' for n in nodes)
            out.append(f"<h3>{_e(label(key, lang))}</h3><ul>{items}</ul>")
    if advice.findings:
        items = "".join(f"<li>{_e(f.message.get(lang))}</li>" for f in advice.findings)
        out.append(f"<h3>{_e(label('findings', lang))}</h3><ul>{items}</ul>")
    return [*out, "</section>"]


def render_html(advice: Advice, lang: str = "id") -> str:
    """The printable report of ``advice`` in ``lang`` ("id" or "en") as one HTML document."""
    lang = "en" if lang == "en" else "id"
    title = f"{_t('report', lang)}: {advice.village.kampung_kb_name} ({advice.village.date})"
    svg = render_svg(picture_of(advice, lang), standalone=False)
    body = _heading(advice, lang) + _groups_and_indicators(advice, lang)
    body += [f'<section id="tree"><h2>{_e(_t("tree", lang))}</h2>',
             f"<p class=\"muted\">{_e(_t('tree_note', lang))}</p>", f"<figure>{svg}</figure></section>"]
    body.append(f'<section id="recommendations"><h2>{_e(_t("recommendations", lang))}</h2>')
    if not advice.recommendations:
        body.append(f"<p>{_e(label('none', lang))}</p>")
    for rec in advice.recommendations:
        body += _recommendation(rec, advice, lang)
    for heading, lines in more_sections(advice, lang, ""):
        items = "".join(f"<li>{_e(line.strip())}</li>" for line in lines)
        body.append(f"<h3>{_e(heading)}</h3><ul>{items}</ul>")
    body.append("</section>")
    body += _plan(advice, lang) + logframe_html(advice, lang) + _gaps(advice, lang)
    rs = advice.ruleset
    body.append(f"<footer>{_e(_t('generated', lang))} · {_e(label('rules', lang))}: {_e(rs.name)} "
                f"{_e(rs.version)} ({_e(rs.hash)}; {_e(label('engine', lang))} {_e(advice.engine)})</footer>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
