"""The action plan and its CSV: order, prerequisites, timing words, Excel-friendly bytes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kkb_advisor.model.advice import Advice
from kkb_advisor.report.plan import action_plan, render_csv, render_plan_markdown


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_prerequisite_comes_first_and_is_named_as_the_step_to_wait_for(mini_advice: Advice) -> None:
    steps = action_plan(mini_advice)
    order = [s.program for s in steps]
    assert order.index("OSS-NIB") < order.index("KES-SPPIRT")
    sppirt = steps[order.index("KES-SPPIRT")]
    assert sppirt.after == (steps[order.index("OSS-NIB")].number,)
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))


def test_musrenbang_step_names_the_january_cycle_after_the_fgd(loop_advice: Advice) -> None:
    by_program = {s.program: s for s in action_plan(loop_advice, "id")}
    assert by_program["DES-DANADESA"].when == "usulan Musrenbang desa Januari 2021 (anggaran 2022)"
    en = {s.program: s for s in action_plan(loop_advice, "en")}
    assert en["DES-DANADESA"].when == "village (desa) Musrenbang proposal, January 2021 (budget 2022)"
    assert en["KOP-LATIHWIRAUSAHA"].when == "now (any time)"


@pytest.mark.parametrize(("lang", "header"), [
    ("id", ["Langkah", "Kode program", "Nama program", "Instansi", "Langkah pertama", "Penggerak di kampung",
            "Waktu", "Setelah langkah", "Menjawab", "Status"]),
    ("en", ["Step", "Program code", "Program name", "Agency", "First step", "Lead in the village", "When",
            "After step", "Addresses", "Status"]),
])
def test_csv_has_bom_crlf_header_in_language_and_one_row_a_step(mini_advice: Advice, lang: str,
                                                                header: list[str]) -> None:
    text = render_csv(mini_advice, lang)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = _rows(text)
    assert rows[0] == header
    assert len(rows) == 1 + len(mini_advice.recommendations)
    assert {r[1] for r in rows[1:]} == {r.program for r in mini_advice.recommendations}


def test_csv_from_the_cli_is_utf8_with_bom_and_keeps_indonesian_text(cli, files, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = cli("advise", files["mini"], "--rules", files["rules"], "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data.decode("utf-8"))
    assert ["Kumpulkan KTP", "Seksi Ekonomi"] == rows[1][4:6]


def test_csv_is_the_same_bytes_every_time(cli, files, tmp_path: Path) -> None:
    outs = []
    for name in ("a.csv", "b.csv"):
        cli("advise", files["loop"], "--rules", files["rules"], "--format", "csv", "-o", tmp_path / name)
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


def test_plan_markdown_table(mini_advice: Advice) -> None:
    text = render_plan_markdown(mini_advice, "en")
    assert text.startswith("## Action plan\n")
    assert "| Step | Program code |" in text
    assert text.count("\n| ") == 1 + 1 + len(mini_advice.recommendations) - 1
