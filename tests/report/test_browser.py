"""The HTML report in a real browser (headless Chromium): the problem tree, the recommendations and the action plan
are laid out and visible, and the page asks the network for nothing.

How "nothing fetched" is checked, twice over:
1. the page is parsed for any resource reference (src, href, url(), @import) that is not a #fragment;
2. Chromium runs with every host name mapped to NOTFOUND and writes a net log (--log-net-log); the log must hold no
   request for an http(s)/ws(s) URL started by the page. Chromium's own services (update checks, time, accounts)
   still call out despite the flags; their requests carry the initiator "not an origin", while everything a page
   asks for carries the page's origin ("null" for a file), so the two are told apart by that field.
   test_the_network_check_would_see_a_fetch proves the check sees a page's fetch.
Visibility is measured inside the page: a probe script appended to a copy of the report (never to the report
itself) records the size and computed style of each part, and --dump-dom hands the result back.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from kkb_advisor.advice.advisor import advise
from kkb_advisor.case.load import load_case
from kkb_advisor.model.advice import Advice
from kkb_advisor.report.html import render_html
from kkb_advisor.report.logframe import logframe
from kkb_advisor.rules.load import load_rules
from tests.report.test_html import external_refs

BUNDLED = ["kadipiro-sehati-2018", "demak-timbulsloko-2023"]

PROBE = """<script>
(function () {
  function seen(sel) {
    var els = document.querySelectorAll(sel), out = [];
    for (var i = 0; i < els.length; i++) {
      var b = els[i].getBoundingClientRect(), c = getComputedStyle(els[i]);
      out.push(b.width > 20 && b.height > 10 && c.display !== "none" && c.visibility === "visible");
    }
    return out;
  }
  var svg = document.querySelector("#tree svg");
  document.body.setAttribute("data-probe", JSON.stringify({
    svg: seen("#tree svg"), svgText: svg ? svg.querySelectorAll("text").length : 0,
    recs: seen("#recommendations article.rec"), plan: seen("#plan table"),
    planRows: document.querySelectorAll("#plan tbody tr").length,
    logframe: seen("#logframe table"), logframeRows: document.querySelectorAll("#logframe tbody tr").length,
    ends: seen("#logframe ul.objectives > li"),
    resources: performance.getEntriesByType("resource").map(function (e) { return e.name; })
  }));
})();
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND"]


def _run(chromium: str, page: Path, tmp: Path) -> tuple[dict[str, object], set[str]]:
    profile = tmp / "profile"
    netlog = tmp / "net.json"
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}",
                           "--net-log-capture-mode=Default", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")) if found else {}
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = {str(e["params"].get("url", "")) for e in log.get("events", [])
            if e.get("type") == start and e.get("params", {}).get("initiator") != "not an origin"}
    return probe, {u for u in urls if re.match(r"(https?|wss?)://", u)}


def _check(chromium: str, advice: Advice, lang: str, tmp_path: Path) -> None:
    page_text, recs = render_html(advice, lang), len(advice.recommendations)
    assert external_refs(page_text) == []
    assert "<script" not in page_text
    page = tmp_path / "probe.html"
    page.write_text(page_text.replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    probe, fetched = _run(chromium, page, tmp_path)
    assert probe, "the probe script did not run"
    assert fetched == set()
    assert probe["svg"] == [True] and int(probe["svgText"]) > 5  # type: ignore[call-overload]
    assert probe["recs"] == [True] * recs
    assert probe["plan"] == ([True] if recs else [])
    assert probe["planRows"] == recs
    assert probe["logframe"] == [True]  # the objective tree and the logframe draft
    assert probe["logframeRows"] == sum(len(r.indicators) for r in logframe(advice, lang).rows)
    assert probe["ends"] == [True] * sum(1 for n in advice.graph.nodes.values() if n.kind == "problem")
    assert [r for r in probe["resources"] if not str(r).startswith("file:")] == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_case_report_in_chromium(chromium: str, files, tmp_path: Path, name: str) -> None:
    rules = load_rules()
    case = load_case(files["repo"] / "cases" / f"{name}.yaml", rules)
    advice = advise(case, rules)
    assert advice.recommendations, "a bundled case should get recommendations"
    _check(chromium, advice, "id", tmp_path)


def test_loop_case_report_in_chromium_in_english(chromium: str, loop_case, loop_advice, tmp_path: Path) -> None:
    _check(chromium, loop_advice, "en", tmp_path)


def test_the_network_check_would_see_a_fetch(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "fetch.html"
    page.write_text('<!DOCTYPE html><html><body><img src="https://example.invalid/x.png"></body></html>',
                    encoding="utf-8")
    _, fetched = _run(chromium, page, tmp_path)
    assert "https://example.invalid/x.png" in fetched
