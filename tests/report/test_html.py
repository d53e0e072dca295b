"""The printable HTML report: content, language, escaping, no external resource, same bytes every time."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kkb_advisor.model.advice import Advice
from kkb_advisor.model.case import Case
from kkb_advisor.report.html import render_html
from kkb_advisor.report.labels import LABELS


class _Refs(HTMLParser):
    """Every resource reference in a page: src/href/xlink:href/srcset/poster attributes, url(...) and @import."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "poster", "data", "action") and value:
                self.refs.append(value)
            if name == "style" and value:
                self.refs += re.findall(r"url\(([^)]*)\)", value)

    def handle_data(self, data: str) -> None:
        if self._style:
            self.refs += re.findall(r"url\(([^)]*)\)", data) + re.findall(r"@import\s+([^;]+)", data)

    def handle_endtag(self, tag: str) -> None:
        self._style = False


def external_refs(page: str) -> list[str]:
    """References that would be fetched from outside the file (anything but #fragments)."""
    parser = _Refs()
    parser.feed(page)
    return [r for r in parser.refs if not r.strip().strip("'\"").startswith("#")]


def test_report_has_every_section(loop_case: Case, loop_advice: Advice) -> None:
    page = render_html(loop_advice, "id")
    for marker in ('<section id="tree">', "<svg ", '<section id="recommendations">', '<section id="plan">',
                   '<section id="gaps">', "Tanggal FGD", "2020-06-15", "Ibu-ibu PKK", "Karang Taruna",
                   "Jumlah keluarga miskin", "Lingkaran setan: P3 → P4 → P3", "@page { size: A4"):
        assert marker in page, marker
    assert page.count('<article class="rec"') == len(loop_advice.recommendations)


def test_why_cites_problems_and_causes_in_words(mini_case: Case, mini_advice: Advice) -> None:
    page = render_html(mini_advice, "en")
    assert ("Addresses the problems P1 “Low income” and the causes C1 “Weak soft skills”.") in page


def test_case_text_is_escaped(loop_case: Case, loop_advice: Advice) -> None:
    page = render_html(loop_advice, "id")
    assert "Kampung KB &lt;Uji &amp; Coba&gt;" in page
    assert "<Uji" not in page and "<bunga" not in page


def test_nothing_is_loaded_from_outside_the_file(loop_case: Case, loop_advice: Advice) -> None:
    page = render_html(loop_advice, "id")
    assert external_refs(page) == []
    parser = _Refs()
    parser.feed(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)


def test_the_reference_check_sees_external_resources() -> None:
    page = ('<img src="https://x.test/a.png"><link href="http://x.test/s.css"><svg><use xlink:href="#m"/></svg>'
            "<style>@import 'http://x.test/f.css'; b { background: url(https://x.test/b.png) }</style>")
    assert sorted(external_refs(page)) == ["'http://x.test/f.css'", "http://x.test/s.css", "https://x.test/a.png",
                                           "https://x.test/b.png"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_label_is_in_the_chosen_language(loop_case: Case, loop_advice: Advice, lang: str) -> None:
    page = render_html(loop_advice, lang)
    other = "id" if lang == "en" else "en"
    for key, text in LABELS.items():
        if text[other] != text[lang] and len(text[other]) > 8 and "{" not in text[other]:
            assert f">{text[other]}<" not in page, key
    assert f'<html lang="{lang}">' in page
    assert (">Action plan<" in page) == (lang == "en")
    assert (">Rencana aksi<" in page) == (lang == "id")


def test_same_bytes_every_time_through_the_cli(cli, files, tmp_path: Path) -> None:
    outs = []
    for name in ("a.html", "b.html"):
        result = cli("advise", files["loop"], "--rules", files["rules"], "--format", "html", "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].startswith(b"<!DOCTYPE html>")
