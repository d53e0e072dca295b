"""The demand page (`demand --format html`): self-contained, both languages, bars that match the counts, escaped
text, the same bytes for the same demand, and laid out in a real browser."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kkb_advisor.batch import advise_many, demand
from kkb_advisor.batch.demand import Demand
from kkb_advisor.batch.page import render_demand_html
from kkb_advisor.model.ruleset import Bilingual
from tests.report.test_browser import FLAGS
from tests.report.test_html import external_refs

from ..conftest import CASES

Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def bundled_demand() -> Demand:
    return demand(a for _, a in advise_many(CASES))


def _bars(page: str, section: str) -> list[tuple[str, str]]:
    part = page.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<td class="label">([^<]*)</td><td>.*?</td><td class="n">([^<]*)</td>', part)


def test_page_holds_every_view_with_bars_that_match_the_counts(bundled_demand: Demand) -> None:
    page = render_demand_html(bundled_demand, "id")
    assert external_refs(page) == [] and "<script" not in page
    assert page == render_demand_html(bundled_demand, "id")
    bars = _bars(page, "by-program")
    assert len(bars) == min(30, len(bundled_demand.programs))
    for (label, n), p in zip(bars, bundled_demand.programs, strict=False):
        assert label.startswith(p.program) and int(n) == p.main + p.keep
    gaps = _bars(page, "by-gap")
    assert [int(n) for _, n in gaps] == [g.villages for g in bundled_demand.gaps][:30]
    agencies = _bars(page, "by-agency")
    assert agencies and all(int(n) <= bundled_demand.cases for _, n in agencies)
    assert f"<b>{bundled_demand.cases}</b>desa/kelurahan dinasihati" in page
    assert page.count('<table class="data">') == 3  # per program, per area, unanswered


def test_page_in_english_and_text_escaped(bundled_demand: Demand) -> None:
    page = render_demand_html(bundled_demand, "en")
    assert "<h1>Program demand from Kampung KB FGDs</h1>" in page and 'lang="en"' in page
    first = bundled_demand.programs[0]
    evil = first.model_copy(update={"name": Bilingual(id=first.name.id, en="<b onclick=x>&")})
    hostile = bundled_demand.model_copy(update={"programs": (evil, *bundled_demand.programs[1:])})
    text = render_demand_html(hostile, "en")
    assert "<b onclick=x>" not in text and "&lt;b onclick=x&gt;&amp;" in text


def test_demand_writes_the_page_by_file_name(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "kebutuhan.html"
    done = cli("demand", *CASES[:3], "-o", out, "-j", "1")
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Kebutuhan program" in page


def test_an_empty_demand_reads_none() -> None:
    page = render_demand_html(demand([]), "en")
    assert page.count('<p class="note">None.</p>') == 3


PROBE = """<script>
document.body.setAttribute("data-probe", JSON.stringify(Array.prototype.map.call(
  document.querySelectorAll(".bar span"), function (s) { var b = s.getBoundingClientRect();
  return [b.width > 0.5, b.height > 5]; })));
</script>"""


def test_bars_are_drawn_in_chromium(chromium: str, bundled_demand: Demand, tmp_path: Path) -> None:
    page = tmp_path / "demand.html"
    page.write_text(render_demand_html(bundled_demand, "id").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, "the probe did not run"
    spans = json.loads(found.group(1).replace("&quot;", '"'))
    assert spans and all(w and h for w, h in spans)


def test_page_shows_the_strategy_targets_and_ministries(bundled_rules) -> None:  # type: ignore[no-untyped-def]
    d = demand((a for _, a in advise_many(CASES)), bundled_rules.taxonomy)
    page = render_demand_html(d, "en")
    bars = _bars(page, "by-target")
    assert [int(n) for _, n in bars] == [t.villages for t in d.targets]
    assert _bars(page, "by-ministry") and page.count('<table class="data">') == 5
