"""AppTest: the panel page and the easy-read page on 15 months of the synthetic authority."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.dates import month_label
from metrics.catalogue import catalogue
from tests.shown import seen, seen_table
from views.panel import panel_indicators

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("in_sample_store")


def page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=180).run()


def test_the_panel_shows_six_priorities_with_suppressed_tables_and_data_as_at():
    at = page("panel")
    assert not at.exception
    headers = [seen(h.value) for h in at.header]
    assert [h for h in headers if h[:2] in {f"{n}." for n in range(1, 7)}] == [
        "1. A stable, loving home close to where I belong",
        "2. Relationships with people who stay",
        "3. Being healthy",
        "4. Learning, training and work",
        "5. A safe, suitable place to live after care",
        "6. Staying in touch and being heard",
    ]
    tables = [t.value for t in at.table][:6]
    assert all("Last panel" in t.columns and "England" in t.columns for t in tables)
    assert sum(m.value.startswith("**Data as at:**") for m in at.markdown) == 2  # top and foot
    assert any(seen(m.value).startswith("*c = suppressed") for m in at.markdown)


def test_signing_off_a_month_is_recorded_and_shows_as_the_last_panel():
    at = page("panel")
    next(t for t in at.text_input if t.label == "Panel meeting").input("Corporate parenting panel, 14 July 2024")
    next(b for b in at.button if b.label == "Sign off June 2024").click().run()
    assert not at.exception
    assert any("June 2024" in seen(s.value) for s in at.success)
    first = seen_table(at.table[0].value)
    assert first["Last panel"].str.endswith("(June 2024, Corporate parenting panel, 14 July 2024)").all()


def test_the_easy_read_page_shows_five_big_figures():
    at = page("easy_read")
    assert not at.exception
    assert len(at.metric) == 5 and len(at.subheader) == 5


def test_the_page_its_pack_and_the_easy_read_page_hide_the_same_figures(monkeypatch):
    """Issue 17: a member reading the page, the pack the page makes and the easy-read page sees the same
    figures hidden (at threshold 10, so that this month has some)."""
    monkeypatch.setenv("CSC_SUPPRESSION_THRESHOLD", "10")
    at = page("panel")
    next(b for b in at.button if b.label == "Make the panel pack").click().run()
    assert not at.exception
    month, _, html = at.session_state["panel_pack"]
    packed = _html_tables(html)
    column = month_label(month)
    hidden, page_month = 0, {}
    headers = [seen(h.value) for h in at.header if seen(h.value)[:2] in {f"{n}." for n in range(1, 7)}]
    for header, table in zip(headers, at.table, strict=False):
        shown = seen_table(table.value).reset_index()
        pack = packed[f"{header.split('. ', 1)[1]}: the figures"]
        assert [list(map(str, row)) for row in shown.itertuples(index=False)] == pack[1:], header
        assert list(shown.columns) == pack[0]
        hidden += int((shown[column] == "c").sum())
        page_month |= dict(zip(shown["Indicator"], shown[column], strict=True))
    assert hidden > 0, "no figure is hidden this month: the comparison would prove nothing"
    easy = page("easy_read")
    assert not easy.exception
    titles = {i.panel_field("easy_read"): i.panel_title for i in panel_indicators(catalogue())}
    for title, metric in zip([seen(s.value) for s in easy.subheader], easy.metric, strict=True):
        assert (metric.value == "Not shown") == (page_month[titles[title]].split(" ")[0] == "c"), title


def _html_tables(html: str) -> dict[str, list[list[str]]]:
    """The pack web page's tables: caption -> rows of cell texts, the header row first."""

    class Tables(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.caption, self.rows, self.text = {}, None, [], None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.rows = []
            elif tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th", "caption"):
                self.text = ""

        def handle_data(self, data):
            if self.text is not None:
                self.text += data

        def handle_endtag(self, tag):
            if tag == "caption":
                self.caption, self.text = self.text, None
            elif tag in ("td", "th"):
                self.rows[-1].append(self.text)
                self.text = None
            elif tag == "table":
                self.tables[self.caption] = self.rows

    parser = Tables()
    parser.feed(html)
    return parser.tables
