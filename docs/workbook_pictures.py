"""Draw docs/screenshots/workbook-*.png: sheets of a case workbook and of the plan workbook (the plan, the logframe),
as a spreadsheet shows them (cells from the real files, drawn as an HTML grid and photographed by headless Chromium).

    python docs/workbook_pictures.py                    # all three; needs chromium on PATH
    python docs/workbook_pictures.py workbook-case      # only the ones named

The case pictures are of the blank workbook `kkb-advisor new --xlsx` writes (the same function), and of
cases/kadipiro-sehati-2018.yaml converted; rerun this script whenever the sheets' headers or columns change.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _grid(ws: object, rows: int, cols: int, title: str) -> str:
    from openpyxl.utils import get_column_letter

    out = [f"<h3>{html.escape(title)}</h3><table><tr><th></th>"]
    out += [f"<th>{get_column_letter(c)}</th>" for c in range(1, cols + 1)]
    out.append("</tr>")
    for r in range(1, rows + 1):
        out.append(f"<tr><th>{r}</th>")
        for c in range(1, cols + 1):
            cell = ws.cell(row=r, column=c)  # type: ignore[attr-defined]
            value = "" if cell.value is None else str(cell.value)
            style = "head" if r <= 2 else "example" if ws.cell(row=r, column=1).value == "CONTOH" else ""  # type: ignore[attr-defined]
            out.append(f"<td class='{style}'>{html.escape(value[:70])}</td>")
        out.append("</tr>")
    return "".join(out) + "</table>"


def main(names: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    import openpyxl

    from kkb_advisor import advise, load_case, load_rules, render
    from kkb_advisor.case.workbook_write import case_workbook

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found", file=sys.stderr)
        return 1
    rules = load_rules()
    blank = openpyxl.load_workbook(io.BytesIO(case_workbook(None, rules)))
    case = load_case(REPO / "cases" / "kadipiro-sehati-2018.yaml", rules)
    filled = openpyxl.load_workbook(io.BytesIO(case_workbook(case, rules)))
    plan_raw = render(advise(case, rules), "xlsx", "id")
    assert isinstance(plan_raw, bytes)
    plan = openpyxl.load_workbook(io.BytesIO(plan_raw))
    css = ("body{font:13px sans-serif;margin:12px} table{border-collapse:collapse} td,th{border:1px solid #ccc;"
           "padding:3px 6px;max-width:260px;vertical-align:top} th{background:#f3f3f3;color:#555}"
           " td.head{background:#eceff1;font-weight:bold} td.example{background:#fff3c4;font-style:italic}")
    pages = {
        "workbook-case": _grid(blank["Tempat"], 8, 4, "kasus.xlsx (kkb-advisor new --xlsx) — lembar Tempat")
        + _grid(blank["Masalah"], 4, 10, "kasus.xlsx — lembar Masalah (kosong, dengan baris CONTOH)")
        + _grid(blank["Penyebab"], 3, 7, "kasus.xlsx — lembar Penyebab: kolom 'Menyebabkan masalah'")
        + _grid(filled["Hubungan"], 6, 5, "kadipiro.xlsx — lembar Hubungan"),
        "workbook-plan": _grid(plan.worksheets[0], 5, 9, "rencana.xlsx — Rencana aksi (kolom A-I)"),
        "workbook-logframe": _grid(plan["Kerangka logis (draf)"], 9, 8, "rencana.xlsx — Kerangka logis (draf)"),
    }
    unknown = sorted(set(names) - set(pages))
    if unknown:
        print(f"no picture {', '.join(unknown)}; pictures: {', '.join(pages)}", file=sys.stderr)
        return 2
    sizes = {"workbook-case": 980}
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in pages.items():
            if names and name not in names:
                continue
            page = Path(tmp) / f"{name}.html"
            page.write_text(f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>",
                            encoding="utf-8")
            target = REPO / "docs" / "screenshots" / f"{name}.png"
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            f"--screenshot={target}", f"--window-size=1500,{sizes.get(name, 700)}",
                            page.as_uri()],
                           check=True, capture_output=True)
            print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
