"""AppTest: the Indicators page lists the catalogue, shows the rows behind a figure, and records targets."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.check import check_file
from sample_data.check_examples import example_files
from tests.roles import ANALYST
from tests.shown import seen
from workflows import la_code, store
from workflows.uploads import load_checked, plan_load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def loaded_store(tmp_path, monkeypatch):
    """A store holding the three valid example files (workforce, placements, care leavers for March 2025)."""
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    for name, data in example_files():
        result = check_file(name, data)
        if result.ready:
            load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)


def page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "indicators.py"), default_timeout=60).run()


def test_the_catalogue_shows_latest_values_computed_from_loaded_files():
    at = page()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Code")
    # Example workforce: case-holding in post at 31/03/2025 are W0001 (24, 1 FTE), W0002 (19, 1), W0003 (11, 0.6).
    # W0004 holds no cases; W0005 left on 28/03/2025. 54 children / 2.6 FTE = 20.77 -> 20.8.
    assert table.loc["caseload_per_fte", "Latest"] == "20.8"
    assert table.loc["caseload_over_threshold", "Latest"] == "33.3%"  # W0001 only: 24 > 20
    # Placements: 23.4 miles, 3.1 miles and one not recorded (in the denominator): 1 of 3.
    assert table.loc["placed_over_20_miles", "Latest"] == "33.3%"
    assert table.loc["iha_within_20_working_days", "Latest"] == "no data"  # no health file loaded


def test_the_rows_behind_a_figure_are_listed_with_pseudonymous_ids():
    at = page()
    at.selectbox[0].set_value("placed_over_20_miles").run()
    assert not at.exception
    figure = next(m.value for m in at.markdown if "numerator" in m.value and "denominator 3" in m.value)
    assert seen(figure).startswith("**33.3%** in March 2025")
    numerator, denominator = at.dataframe[1].value, at.dataframe[2].value
    assert numerator["child_id"].tolist() == ["C100234"]
    assert sorted(denominator["child_id"]) == ["C100234", "C100245", "C100251"]


def test_a_target_change_is_recorded_with_who_and_why():
    at = page()
    at.selectbox[-4].set_value("caseload_per_fte")  # the Targets form's indicator
    at.number_input[0].set_value(15.0)
    at.text_input[0].input("Agreed at the improvement board")
    next(b for b in at.button if b.label == "Set target").click().run()
    assert not at.exception
    assert "Target for caseload_per_fte set to 15" in seen(at.success[0].value)
    table = at.dataframe[0].value.set_index("Code")
    assert table.loc["caseload_per_fte", "Target"] == "15.0"


def test_target_changes_are_audit_logged():
    from store.view import StoreView

    at = page()
    at.selectbox[-4].set_value("agency_rate")
    at.number_input[0].set_value(12.0)
    next(b for b in at.button if b.label == "Set target").click().run()
    with store().connect() as conn:
        entry = StoreView(conn, la_code()).audit().iloc[0]
    assert (entry["action"], entry["who"], entry["details"]) == (
        "set_target",
        "test analyst",  # the signed-in user (tests/conftest.py)
        "agency_rate: target 12",
    )
