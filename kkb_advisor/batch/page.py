"""A Demand as one printable HTML page: bar charts (plain HTML and CSS, no script, nothing fetched) and the tables.

For a provincial BKKBN office or a Bappeda: how many villages need each program and each agency, where (per
kabupaten/kota and kecamatan), and which problems and root causes no program answers. Same demand, same bytes.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from .demand import Demand
from .tables import demand_tables

__all__ = ["render_demand_html"]

_W = {
    "id": {"title": "Kebutuhan program dari hasil FGD Kampung KB", "cases": "desa/kelurahan dinasihati",
           "programs": "program direkomendasikan", "agencies": "instansi", "gaps": "kategori tanpa program",
           "by_program": "Desa/kelurahan per program", "by_agency": "Desa/kelurahan per instansi",
           "by_gap": "Masalah dan akar masalah tanpa program", "main": "daftar utama", "keep": "lanjutkan",
           "by_target": "Desa/kelurahan per sasaran Inpres 3/2022", "by_ministry": "Desa/kelurahan per kementerian",
           "also": "juga mungkin", "tables": "Tabel", "top": "{n} teratas dari {total}",
           "note": "Satu FGD = satu desa/kelurahan. Daftar utama dan lanjutkan dihitung sebagai kebutuhan; "
                   "'juga mungkin' ditampilkan terpisah.", "none": "Tidak ada.",
           "agency_note": "jumlah desa/kelurahan dengan sedikitnya satu program instansi ini (utama atau lanjutkan)"},
    "en": {"title": "Program demand from Kampung KB FGDs", "cases": "villages advised",
           "programs": "programs recommended", "agencies": "agencies", "gaps": "categories no program answers",
           "by_program": "Villages per program", "by_agency": "Villages per agency",
           "by_gap": "Problems and root causes no program answers", "main": "main list", "keep": "continue",
           "by_target": "Villages per Inpres 3/2022 target", "by_ministry": "Villages per ministry",
           "also": "also possible", "tables": "Tables", "top": "top {n} of {total}",
           "note": "One FGD = one village. Main list and continue count as demand; 'also possible' is shown apart.",
           "none": "None.",
           "agency_note": "villages with at least one of the agency's programs (main list or continue)"},
}
_TOP = 30  # bars per chart; the tables below hold everything

CSS = """
body{font-family:system-ui,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#1d2b36;
 line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.3rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccd}
.summary{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.summary div{border:1px solid #ccd;border-radius:.4rem;padding:.5rem .8rem;min-width:8rem}
.summary b{display:block;font-size:1.4rem}
.chart{width:100%;border-collapse:collapse;margin:.5rem 0}
.chart td{padding:.15rem .3rem;vertical-align:middle;font-size:.85rem}
.chart td.label{width:38%;text-align:right}.chart td.n{width:4rem;text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;height:1rem;background:#eef1f4;border-radius:.2rem;overflow:hidden}
.bar span{display:block;height:100%;min-width:1px}
.s-main{background:#2a6f97}.s-keep{background:#61a5c2}.s-also{background:#c9d6df}.s-gap{background:#c44536}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
table.data{width:100%;border-collapse:collapse;font-size:.8rem;margin:.5rem 0 1.5rem}
table.data th,table.data td{border:1px solid #ccd;padding:.2rem .35rem;text-align:left;vertical-align:top}
table.data th{background:#eef1f4}
.note{color:#55606a;font-size:.85rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.chart tr,table.data tr{break-inside:avoid}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _bar(parts: Sequence[tuple[str, int]], scale: int) -> str:
    spans = "".join(f'<span class="s-{cls}" style="width:{100 * n / scale:.2f}%" title="{n}"></span>'
                    for cls, n in parts if n)
    return f'<div class="bar">{spans}</div>'


def _chart(rows: Sequence[tuple[str, Sequence[tuple[str, int]], str]], total: int, w: dict[str, str]) -> str:
    if not rows:
        return f'<p class="note">{_e(w["none"])}</p>'
    scale = max(1, max(sum(n for _, n in parts) for _, parts, _ in rows))
    shown = rows[:_TOP]
    head = f'<p class="note">{_e(w["top"].format(n=len(shown), total=total))}</p>' if len(rows) > _TOP else ""
    body = "".join(f'<tr><td class="label">{_e(label)}</td><td>{_bar(parts, scale)}</td>'
                   f'<td class="n">{_e(value)}</td></tr>' for label, parts, value in shown)
    return f'{head}<table class="chart"><tbody>{body}</tbody></table>'


def _legend(w: dict[str, str], keys: Sequence[str]) -> str:
    return '<p class="legend">' + "".join(f'<span class="s-{k}"></span>{_e(w[k])}' for k in keys) + "</p>"


def _agencies(d: Demand) -> list[tuple[str, int]]:
    """Villages per agency: villages with at least one of its programs in the main list or to continue."""
    villages: dict[str, set[str]] = {}
    names: dict[str, Counter[str]] = {}
    for p in d.programs:
        villages.setdefault(p.agency, set()).update(p.villages)
        names.setdefault(p.agency, Counter())[p.agency_name or p.agency] += len(p.villages)
    label = {a: f"{a} ({c.most_common(1)[0][0]})" if c.most_common(1)[0][0] != a else a for a, c in names.items()}
    return sorted(((label[a], len(v)) for a, v in villages.items()), key=lambda x: (-x[1], x[0]))


def render_demand_html(d: Demand, lang: str = "id") -> str:
    w = _W["en" if lang == "en" else "id"]
    programs = [(f"{p.program} {getattr(p.name, lang)}", (("main", p.main), ("keep", p.keep), ("also",
                 p.also_possible)), f"{p.main + p.keep}") for p in d.programs]
    agencies = _agencies(d)
    agency_rows = [(name, (("main", n),), str(n)) for name, n in agencies]
    gap_rows = [(f"{g.category} {getattr(g.label, lang)}", (("gap", g.villages),), str(g.villages)) for g in d.gaps]
    target_rows = [(f"{t.target} {getattr(t.label, lang)}", (("main", t.villages),), str(t.villages))
                   for t in d.targets]
    ministry_rows = [(getattr(m.ministry, lang), (("keep", m.villages),), str(m.villages)) for m in d.ministries]
    strategy = (f'<section id="by-target"><h2>{_e(w["by_target"])}</h2>{_chart(target_rows, len(target_rows), w)}'
                f'</section>\n<section id="by-ministry"><h2>{_e(w["by_ministry"])}</h2>'
                f"{_chart(ministry_rows, len(ministry_rows), w)}</section>\n") if d.targets else ""
    summary = "".join(f"<div><b>{_e(n)}</b>{_e(w[k])}</div>" for k, n in (
        ("cases", d.cases), ("programs", len(d.programs)), ("agencies", len(agencies)), ("gaps", len(d.gaps))))
    tables = []
    for title, header, rows in demand_tables(d, lang):
        head = "".join(f"<th>{_e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
        tables.append(f"<h3>{_e(title)}</h3><table class=\"data\"><thead><tr>{head}</tr></thead>"
                      f"<tbody>{body}</tbody></table>")
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(w["title"])}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<h1>{_e(w['title'])}</h1>\n"
            f'<p class="note">{_e(w["note"])}</p>\n<section class="summary" id="summary">{summary}</section>\n'
            f'<section id="by-program"><h2>{_e(w["by_program"])}</h2>{_legend(w, ("main", "keep", "also"))}'
            f"{_chart(programs, len(programs), w)}</section>\n"
            f'<section id="by-agency"><h2>{_e(w["by_agency"])}</h2><p class="note">{_e(w["agency_note"])}</p>'
            f"{_chart(agency_rows, len(agency_rows), w)}</section>\n"
            f"{strategy}"
            f'<section id="by-gap"><h2>{_e(w["by_gap"])}</h2>{_chart(gap_rows, len(gap_rows), w)}</section>\n'
            f'<section id="tables"><h2>{_e(w["tables"])}</h2>{"".join(tables)}</section>\n</body>\n</html>\n')
