"""The panel on a store holding one month of three small example files: every figure is either hidden
or absent, and nothing fails for want of a year's history."""

import pytest

from ingest.check import check_file
from metrics.figure_status import no_cases_words, no_data_words
from sample_data.check_examples import example_files
from tests.roles import ANALYST
from views.panel import easy_read, panel_view
from views.themes import read_figures
from workflows import la_code, store
from workflows.uploads import load_checked, plan_load


@pytest.fixture(autouse=True)
def small_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    for name, data in example_files():
        result = check_file(name, data)
        if result.ready:
            load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)


def test_one_small_month_shows_only_hidden_or_absent_figures():
    view = panel_view(store(), la_code(), read_figures(store(), la_code()), "2025-03")
    for _, items in view.priorities:
        table = view.table(items)
        assert set(table["March 2025"]) <= {"c", no_data_words("2025-03"), no_cases_words("2025-03")}
        assert set(table["A year earlier"]) == {"no figure"}
    assert {figure.big for figure in easy_read(view)} <= {"Not shown", "No figure yet"}
