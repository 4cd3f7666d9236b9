"""AppTest: every page runs, and the Check page reports the example files correctly."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.shown import seen, seen_table

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")


def run_page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=60)
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_an_exception(page):
    at = run_page(page)
    assert not at.exception, at.exception
    assert at.title, f"{page} has no title"


def test_app_router_opens_the_inspection_tracker():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Overview: the inspection tracker"


def test_check_page_asks_for_files_when_none_are_given():
    at = run_page("check.py")
    assert "No files yet" in at.info[0].value


def test_check_page_reports_each_example_file_in_words():
    at = run_page("check.py")
    at.button[0].click().run()
    assert not at.exception
    summary = seen_table(at.table[0].value)
    assert list(summary["Dataset"]) == [
        "Social work workforce",
        "Placements of children looked after",
        "Care leavers aged 17 to 21",
        "Social worker allocations",
    ]
    assert list(summary["Errors"]) == [0, 0, 0, 6]
    assert [a.value.split(":")[0] for a in at.success] == ["Ready to load"] * 3
    assert seen(at.error[0].value).startswith("Not ready: 6 problems to fix")
    problems = [seen_table(t.value) for t in at.table if "Rule" in t.value.columns][-1]  # the last file's problems
    assert set(problems["Rule"]) == {
        "unreadable_date",
        "unknown_code",
        "end_before_start",
        "duplicate_key",
        "blank_cell",
        "ragged_row",
    }
    assert list(problems["Row"]) == [3, 4, 5, 6, 7, 8]


def test_overriding_the_dataset_rechecks_the_file():
    at = run_page("check.py")
    at.button[0].click().run()
    at.selectbox(key="dataset:2:care_leavers_2025-03.csv").set_value("workforce").run()
    assert not at.exception
    row = seen_table(at.table[0].value).set_index("File").loc["care_leavers_2025-03.csv"]
    assert row["Dataset"] == "Social work workforce"
    assert row["Errors"] >= 6  # the workforce columns are missing


def test_dictionary_page_shows_every_column_of_the_chosen_dataset():
    at = run_page("dictionary.py")
    at.selectbox[0].set_value("placements").run()
    columns = list(at.dataframe[0].value["Column"])
    assert columns[0] == "child_id" and "distance_miles" in columns and len(columns) == 8
