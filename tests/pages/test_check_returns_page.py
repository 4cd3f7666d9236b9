"""The Check and load page takes the council's own returns too: read together at one reporting month,
shown as the contract datasets they give, loaded through the same confirm."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ingest.standard.returns import MONTH, annex_a_workbook, csww_xml, ssda903_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))


def _check_page_with(files, monkeypatch) -> AppTest:
    monkeypatch.setattr("sample_data.check_examples.example_files", lambda: files)
    at = AppTest.from_file(str(ROOT / "pages" / "check.py"), default_timeout=60).run()
    at.button[0].click().run()  # "Try the example files", here the returns
    return at


def test_returns_are_checked_at_the_month_given_and_load_through_the_same_confirm(monkeypatch):
    at = _check_page_with([*ssda903_files(), ("csww.xml", csww_xml())], monkeypatch)
    assert "Give the reporting month" in " ".join(m.value for m in at.markdown)
    next(t for t in at.text_input if t.label.startswith("Reporting month of the returns")).input(MONTH).run()
    summary = at.table[0].value
    assert set(summary["Dataset"]) == {
        "Placements of children looked after",
        "Care leavers aged 17 to 21",
        "Social work workforce",
        "Child characteristics",  # from the 903 header
    }
    plan = at.table[-1].value
    assert plan["What happens"].str.contains("nothing is loaded there yet").all()
    next(c for c in at.checkbox if c.label.startswith("I have checked the table above")).check().run()
    next(b for b in at.button if b.label == "Load into the store").click().run()
    assert not at.exception
    assert any("Placements" in s.value or "placements" in s.value for s in at.success)


def test_a_workbook_with_problems_lists_them_by_sheet_and_cell_and_offers_no_load(monkeypatch):
    bad = annex_a_workbook(extra={("children_in_care", 4, "sex"): "Q"})
    at = _check_page_with([("annex_a.xlsx", bad)], monkeypatch)
    next(t for t in at.text_input if t.label.startswith("Reporting month of the returns")).input(MONTH).run()
    problems = at.table[1].value
    shown = {column.replace("\\", "") for column in problems["Column"]}  # st.table cells are escaped Markdown
    assert "'List 8'!B (Gender)" in shown
    assert "No file is ready to load yet" in " ".join(m.value for m in at.markdown)
