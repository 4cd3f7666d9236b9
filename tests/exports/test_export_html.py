"""The HTML a report becomes: semantic, accessible, escaped and self-contained (no browser needed here)."""

import re
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go

from exports.document import Chart, PageBreak, Paragraph, Report, Section, Table
from exports.html import report_html, stylesheet, table_html
from figures.theme import TEXT_CONTRAST, contrast_ratio
from tests.exports.export_sample import FORMULA_CELL, sample_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16  # only the signature is read


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each heading, caption and th."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag)]

    def handle_data(self, data):
        if self._open:
            self.texts.setdefault(self._open[-1], []).append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def sample_html(report: Report | None = None) -> str:
    report = report or sample_report()
    return report_html(report, images=[PNG] * len(report.charts))


def test_the_page_says_its_language_and_title_and_has_one_h1():
    page = Elements(sample_html())
    assert page.all("html") == [{"lang": "en-GB"}]
    assert page.texts["title"] == ["Front Door Hub North: performance surgery"]
    assert len(page.all("h1")) == 1
    assert {"h2", "h3"} <= {tag for tag, _ in page.tags}


def test_every_image_has_alt_text_and_is_embedded():
    page = Elements(sample_html())
    images = page.all("img")
    assert len(images) == 3
    assert all(image["alt"].strip() for image in images)
    assert all(image["src"].startswith("data:image/png;base64,") for image in images)
    assert "Average caseload per social worker has been below its average" in images[0]["alt"]


def test_every_header_cell_has_a_scope_and_every_table_a_caption():
    html = sample_html()
    page = Elements(html)
    assert page.all("th") and all(th.get("scope") in ("col", "row") for th in page.all("th"))
    assert html.count("<table") == html.count("<caption>") == 1


def test_user_text_is_escaped_not_run():
    html = sample_html()
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"<td>{FORMULA_CELL}</td>" in html  # harmless in HTML and PDF: shown as typed


def test_nothing_is_loaded_from_anywhere():
    page = Elements(sample_html())
    assert not page.all("script") and not page.all("link")
    sources = [attrs.get("src", "") for _, attrs in page.tags] + [attrs.get("href", "") for _, attrs in page.tags]
    assert all(not s or s.startswith(("data:", "#")) for s in sources)
    assert "url(" not in stylesheet() and "@import" not in stylesheet()


def test_a_long_report_gets_a_contents_list_linking_every_section():
    html = sample_html()
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)
    assert [text for _, text in links] == [
        "Summary",
        "Caseloads and workforce",
        "Health assessments",
        "Placements",
        "Actions carried forward",
        "Notes",
        "Sources",
    ]
    assert all(f'id="{anchor}"' in html for anchor, _ in links)
    assert '<li><a href="#section-3">Health assessments</a><ol><li><a href="#section-4">Placements' in html


def test_a_short_report_has_no_contents_list():
    report = Report("Note", [Section("Only", [Paragraph("One section.")])], data_as_at="March 2026")
    assert "Contents" not in sample_html(report)


def test_a_page_break_opening_a_section_comes_before_its_heading():
    html = sample_html()
    assert html.index('class="page-break"') < html.index(">Actions carried forward</h2>")


def test_numbers_and_number_like_text_are_right_aligned_and_gaps_read_no_data():
    frame = pd.DataFrame({"Team": ["A", "B"], "Rate": ["12.5%", "c"], "Count": [1204, None], "Note": ["x", "7 days"]})
    html = table_html(Table(frame, "Numbers", row_headers=True))
    assert '<th scope="row">A</th><td class="num">12.5%</td><td class="num">1,204</td><td>x</td>' in html
    assert '<td class="num">no data</td>' in html


def test_chart_images_must_match_the_charts():
    report = Report("Pack", [Section("A", [Chart(go.Figure(), alt="a chart")])], data_as_at="March 2026")
    try:
        report_html(report, images=[])
    except ValueError as error:
        assert "1 charts but 0 images" in str(error)
    else:
        raise AssertionError("a missing image must be an error")


def test_the_stylesheet_prints_a4_and_its_colours_meet_wcag_aa():
    css = stylesheet()
    assert "size: A4 portrait" in css
    for colour in set(re.findall(r"color: (#[0-9a-f]{6})", css)):
        assert contrast_ratio(colour) >= TEXT_CONTRAST, colour
    assert "Liberation Sans" in css and "DejaVu Sans" in css


def test_page_breaks_print_but_say_nothing():
    html = sample_html(Report("Pack", [Section("A", [Paragraph("x"), PageBreak()])], data_as_at="March 2026"))
    assert '<div class="page-break" aria-hidden="true"></div>' in html
