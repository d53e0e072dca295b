"""The picture of the problem tree: SVG, PNG, DOT and Mermaid, and the `graph` command."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from kkb_advisor.model.advice import Advice
from kkb_advisor.model.case import Case
from kkb_advisor.report.drawing import picture_of, render_dot, render_mermaid, render_png, render_svg
from kkb_advisor.report.drawing.layout import layout
from kkb_advisor.report.drawing.style import COVERED_STROKE, GAP_STROKE, LOOP

SVG = "{http://www.w3.org/2000/svg}"


def _svg(case: Case, advice: Advice, lang: str = "id") -> ET.Element:
    return ET.fromstring(render_svg(picture_of(advice, lang)).encode("utf-8"))


def test_svg_is_well_formed_escapes_case_text_and_shows_every_node(loop_case: Case, loop_advice: Advice) -> None:
    root = _svg(loop_case, loop_advice)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    for node in ("P1", "P2", "P3", "P4", "C1", "C2", "C3", "C4"):
        assert any(t.startswith(node) for t in texts), node
    assert any("<bunga" in t for t in texts)  # the label "Utang ke rentenir <bunga tinggi>", escaped in the file
    assert "<bunga" not in render_svg(picture_of(loop_advice))


def test_causes_covered_and_uncovered_are_drawn_apart(loop_case: Case, loop_advice: Advice) -> None:
    lay = layout(picture_of(loop_advice))
    covered = {n for r in loop_advice.recommendations for n in r.causes}
    assert covered and set(loop_advice.gaps.root_causes)
    root = _svg(loop_case, loop_advice)
    rects = root.findall(f"{SVG}rect")
    strokes = {}
    for node, box in lay.boxes.items():
        rect = next(r for r in rects if float(r.get("x", -1)) == box.x and float(r.get("y", -1)) == box.y)
        strokes[node] = (rect.get("stroke"), rect.get("stroke-dasharray"))
    for cause in covered:
        assert strokes[cause] == (COVERED_STROKE, None)
    for cause in loop_advice.gaps.root_causes:
        assert strokes[cause] == (GAP_STROKE, "5 3")


def test_vicious_circle_links_are_drawn_in_the_loop_colour(loop_case: Case, loop_advice: Advice) -> None:
    pic = picture_of(loop_advice)
    loops = {(e.source, e.target) for e in pic.edges if e.in_loop}
    assert loops == {("P3", "P4"), ("P4", "P3")}
    paths = _svg(loop_case, loop_advice).findall(f"{SVG}path")
    assert sum(1 for p in paths if p.get("stroke") == LOOP) == 2 + 1  # two links, one legend sample


def test_root_causes_are_left_of_the_problems_they_cause(loop_advice: Advice) -> None:
    lay = layout(picture_of(loop_advice, coverage=False))
    assert lay.boxes["C4"].x < lay.boxes["C3"].x < lay.boxes["P4"].x
    assert lay.boxes["C1"].x < lay.boxes["P2"].x < lay.boxes["P1"].x


def test_a_link_across_layers_does_not_run_through_a_box(loop_advice: Advice) -> None:
    lay = layout(picture_of(loop_advice, coverage=False))
    curve = next(pts for e, pts in lay.curves if (e.source, e.target) == ("C1", "P1"))
    middle = lay.boxes["P2"]  # P2 sits in the column C1 -> P1 crosses
    crossing = [y for x, y in curve if middle.x <= x <= middle.x + middle.w]
    assert crossing and all(not (middle.y <= y <= middle.y + middle.h) for y in crossing)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_labels_follow_the_language(loop_case: Case, loop_advice: Advice, lang: str) -> None:
    text = render_svg(picture_of(loop_advice, lang))
    assert ("Low income" in text) == (lang == "en")
    assert ("Pendapatan rendah" in text) == (lang == "id")
    assert ("severity" in text) == (lang == "en")


def test_png_is_an_image_of_the_layout_size(loop_case: Case, loop_advice: Advice) -> None:
    pic = picture_of(loop_advice)
    data = render_png(pic)
    image = Image.open(io.BytesIO(data))
    lay = layout(pic)
    assert image.format == "PNG"
    assert image.size == (round(lay.width * 2), round(lay.height * 2))
    assert len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 20  # drawn, not blank
    assert render_png(pic) == data


def test_dot_and_mermaid_name_every_link(loop_case: Case, loop_advice: Advice) -> None:
    pic = picture_of(loop_advice)
    dot, mermaid = render_dot(pic), render_mermaid(pic)
    assert dot.startswith("digraph kkb {") and "rankdir=LR" in dot
    assert mermaid.startswith("flowchart LR\n")
    for e in pic.edges:
        assert f'"{e.source}" -> "{e.target}"' in dot
        assert f"n_{e.source} " in mermaid and f" n_{e.target}\n" in mermaid
    assert "#lt;bunga tinggi#gt;" in mermaid
    assert '"P3" -> "P4" [penwidth=3, color="' + LOOP in dot


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("dot", b"digraph"),
                                            ("mermaid", b"flowchart")])
def test_graph_command_writes_each_format(cli, files, tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"tree.{fmt}"
    result = cli("graph", files["loop"], "--rules", files["rules"], "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    again = cli("graph", files["loop"], "--rules", files["rules"], "--format", fmt, "-o", out)
    assert again.exit_code == 2 and "refusing to overwrite" in again.stderr


def test_graph_command_reports_a_bad_case_without_traceback(cli, files, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(files["mini"].read_text(encoding="utf-8").replace("to: P1, type: causes", "to: P9, type: causes"),
                   encoding="utf-8")
    result = cli("graph", bad, "--rules", files["rules"])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {bad}: line 34, column 20 (links[0].to): unknown node 'P9'; "
                             "link ends are problem or cause ids\n")
