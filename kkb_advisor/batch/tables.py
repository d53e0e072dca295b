"""A Demand as tables (one per view) and those tables as text, CSV, XLSX or JSON. Same demand, same bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..errors import UsageError
from .demand import Demand

__all__ = ["DEMAND_FORMATS", "demand_tables", "render_demand"]

DEMAND_FORMATS = {"text": ".txt", "csv": ".csv", "xlsx": ".xlsx", "html": ".html", "json": ".json"}

_HEAD = {
    "id": {"programs": ("Program", "Nama", "Instansi", "Utama", "Juga mungkin", "Lanjutkan", "Masalah dijawab",
                        "Akar masalah dijawab", "Perkiraan biaya"),
           "areas": ("Kabupaten/kota", "Kecamatan", "Desa/kelurahan", "Program dibutuhkan",
                     "Desa dengan masalah tak terjawab"),
           "gaps": ("Jenis", "Kategori", "Uraian", "Desa/kelurahan"),
           "targets": ("Sasaran", "Uraian", "Desa/kelurahan", "Program", "Instansi"),
           "ministries": ("Kementerian/lembaga", "Instansi daerah", "Desa/kelurahan", "Program")},
    "en": {"programs": ("Program", "Name", "Agency", "Main", "Also possible", "Continue", "Problems answered",
                        "Root causes answered", "Estimated cost"),
           "areas": ("Kabupaten/kota", "Kecamatan", "Villages", "Programs needed", "Villages with uncovered problems"),
           "gaps": ("Kind", "Category", "Description", "Villages"),
           "targets": ("Target", "Description", "Villages", "Programs", "Agencies"),
           "ministries": ("Ministry or national body", "Local agencies", "Villages", "Programs")},
}
_TITLE = {"id": {"programs": "Per program", "areas": "Per wilayah", "gaps": "Tak terjawab",
                 "targets": "Per sasaran Inpres 3-2022", "ministries": "Per kementerian"},
          "en": {"programs": "Per program", "areas": "Per area", "gaps": "Unanswered",
                 "targets": "Per Inpres 3-2022 target", "ministries": "Per ministry"}}
_KIND = {"id": {"problem": "masalah", "root_cause": "akar masalah"}, "en": {"problem": "problem",
                                                                              "root_cause": "root cause"}}
_ALL = {"id": "(semua)", "en": "(all)"}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} ({n})" for key, n in counts.items())


def demand_tables(d: Demand, lang: str) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """(title, header, rows) of each view, in ``lang``."""
    head = _HEAD[lang]
    programs = [[p.program, getattr(p.name, lang), p.agency_name or p.agency, p.main, p.also_possible, p.keep,
                 _counts(p.problems), _counts(p.root_causes), getattr(p.cost, lang)] for p in d.programs]
    areas = [[a.kab_kota, a.kecamatan or _ALL[lang], a.villages, _counts(a.programs), len(a.uncovered)]
             for a in d.areas]
    gaps = [[_KIND[lang][g.kind], g.category, getattr(g.label, lang), g.villages] for g in d.gaps]
    views: list[tuple[str, list[list[Any]]]] = [("programs", programs), ("areas", areas), ("gaps", gaps)]
    if d.targets:  # the national strategy's grouping, where the rule set's taxonomy gives one
        views.append(("targets", [[t.target, getattr(t.label, lang), t.villages, _counts(t.programs),
                                   _counts(t.agencies)] for t in d.targets]))
    if d.ministries:
        views.append(("ministries", [[getattr(m.ministry, lang), ", ".join(m.agencies), m.villages,
                                      _counts(m.programs)] for m in d.ministries]))
    return [(_TITLE[lang][key], head[key], rows) for key, rows in views]


def render_demand(d: Demand, fmt: str, lang: str) -> str | bytes:
    """``d`` as text tables, CSV (UTF-8 with BOM, the views one after another), XLSX (a sheet a view), a
    printable HTML page with bar charts, or JSON."""
    if fmt == "json":
        return d.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        from .page import render_demand_html

        return render_demand_html(d, lang)
    if fmt not in DEMAND_FORMATS:
        raise UsageError(f"unknown demand format '{fmt}'; formats: " + ", ".join(DEMAND_FORMATS))
    tables = demand_tables(d, lang)
    if fmt == "xlsx":
        from ..io.xlsx import add_table, new_workbook, workbook_bytes

        wb = new_workbook()
        for title, header, rows in tables:
            add_table(wb, title, header, rows)
        return workbook_bytes(wb)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for number, (title, header, rows) in enumerate(tables):
            if number:
                writer.writerow([])
            writer.writerow([title])
            writer.writerow(header)
            writer.writerows(rows)
        return "\ufeff" + out.getvalue()
    lines = []
    for title, header, rows in tables:
        lines += [f"== {title} ==", _text_table(header, rows), ""]
    return "\n".join(lines)


def _text_table(header: Sequence[str], rows: list[list[Any]]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [min(40, max(len(r[i]) for r in cells)) for i in range(len(header))]
    out = []
    for number, row in enumerate(cells):
        out.append("  ".join(c[:40].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
