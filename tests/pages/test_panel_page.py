"""AppTest: the panel page and the easy-read page on 15 months of the synthetic authority."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.shown import seen, seen_table

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
