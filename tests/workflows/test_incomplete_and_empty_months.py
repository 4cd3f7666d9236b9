"""Issue 14: CONTRACT.md "Incomplete windows" and "Empty and missing months".

A rolling figure (turnover; 3+ social workers in 12 months) with fewer than 12 monthly files is
"incomplete: N of 12 months held", with no SPC limits and no target status; with 12 it is as usual. A
month whose denominator is 0 is "no cases in <month>" where its figure would be, with no target tick,
never the month before's figure.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.check import check_file
from metrics.figure_status import NOT_JUDGED, incomplete_words, no_cases_words
from sample_data.generator import generate
from tests.roles import ANALYST
from views.panel import panel_view
from views.surgery import SERVICE, matrix
from views.themes import indicator_view, read_figures, spc_table, theme_cards
from workflows import la_code, store
from workflows.first_run import load_sample_data
from workflows.uploads import load_checked, plan_load

ROOT = Path(__file__).resolve().parents[2]
ROLLING = ("turnover_rate", "three_plus_social_workers")
TICKS = ("✔", "✘")


def card_row(data, code: str):
    indicator = data.catalogue.indicators[code]
    card = next(c for c in theme_cards(data) if c.code == indicator.theme)
    return card.rows.set_index("Indicator").loc[indicator.title]


def service_cell(data, code: str, month: str):
    cells = matrix(data, month)
    return cells[(cells["code"] == code) & (cells["team"] == SERVICE)].iloc[0]


# --- incomplete windows


@pytest.fixture
def three_months(tmp_path, monkeypatch):
    """A store holding the sample's first 3 months: 3 workforce and 3 allocation files of 12."""
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    load_sample_data(store(), la_code(), months=3)
    yield read_figures(store(), la_code())
    store().dispose()


@pytest.mark.parametrize("code", ROLLING)
def test_three_months_of_files_make_a_rolling_figure_incomplete_with_no_limits_and_no_target_status(three_months, code):
    data, words = three_months, incomplete_words(3, 12)
    whole = data.figures[(data.figures["code"] == code) & (data.figures["breakdown"] == "")].set_index("month")
    assert whole.loc["2023-06", ["months_held", "months_needed"]].tolist() == [3, 12]
    view = indicator_view(data, data.catalogue.indicators[code])
    assert view.spc[["mean", "lower_limit", "upper_limit"]].isna().all().all()  # nothing fed into the limits
    assert view.series["value"].notna().all()  # ... but the figures are still shown, marked
    assert words in view.sentence and "not judged against the target" in view.sentence
    row = card_row(data, code)
    assert row["Status"] == f"{NOT_JUDGED}: {words}" and not any(t in row["Status"] for t in TICKS)
    assert words in row["Latest"]
    assert spc_table(view)["Figure status"].iloc[-1] == words
    cell = service_cell(data, code, "2023-06")
    assert words in cell["text"] and not any(t in cell["text"] for t in TICKS) and not cell["red"]


def test_an_incomplete_figure_on_the_panel_says_so(three_months):
    panel = panel_view(store(), la_code(), three_months, "2023-06")
    item = next(i for _, items in panel.priorities for i in items if i.indicator.code == "three_plus_social_workers")
    assert f"This figure is {incomplete_words(3, 12)}." in item.sentence


@pytest.mark.usefixtures("in_sample_store")
@pytest.mark.parametrize("code", ROLLING)
def test_with_twelve_months_of_files_the_rolling_figure_is_as_usual(code):
    data = read_figures(store(), la_code())  # 15 months: April 2023 to June 2024
    whole = data.figures[(data.figures["code"] == code) & (data.figures["breakdown"] == "")].set_index("month")
    assert whole.loc["2024-06", ["months_held", "months_needed"]].tolist() == [12, 12]
    assert whole.loc["2024-02", "months_held"] == 11  # the first 11 months are incomplete ...
    view = indicator_view(data, data.catalogue.indicators[code])
    assert view.spc.loc[:"2024-02", "value"].isna().all()  # ... and left out of the limits
    assert view.spc.loc["2024-03":, "value"].notna().all()
    assert view.spc.loc["2024-06", ["lower_limit", "upper_limit"]].notna().all()
    row = card_row(data, code)
    assert row["Status"] in ("✔ Meets target", "✘ Misses target")
    assert "incomplete" not in row["Latest"] and row["Latest"].endswith("(Jun 2024)")


# --- an empty latest month


def health_file_without_entrants(month: str = "2024-07") -> tuple[str, bytes]:
    """June's health file re-extracted as July's: the same children looked after, nobody entering in July."""
    june = next(f for f in generate(months=15) if f.dataset == "health_assessments" and f.month == "2024-06")
    return f"health_assessments_{month}_extract_2024-08-06.csv", june.data  # the bytes as exported, renamed


@pytest.fixture
def empty_july(in_fresh_sample_copy):
    result = check_file(*health_file_without_entrants())
    assert result.ready, [i.message for i in result.issues]
    report = load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)
    assert report.level == "loaded", report.message
    return read_figures(store(), la_code())


def test_an_empty_latest_month_is_no_cases_on_the_overview_theme_page_matrix_and_panel(empty_july):
    data, words, code = empty_july, no_cases_words("2024-07"), "iha_within_20_working_days"
    assert words == "no cases in July 2024"
    row = card_row(data, code)
    assert row["Latest"] == words and not any(t in row["Status"] for t in TICKS)  # not June's figure, no tick
    view = indicator_view(data, data.catalogue.indicators[code])
    assert view.sentence.startswith("No cases in July 2024. ")
    assert spc_table(view).set_index("Month").loc["July 2024", "Figure status"] == words
    cell = service_cell(data, code, "2024-07")
    assert cell["text"] == words and not any(t in cell["text"] for t in TICKS) and not cell["red"]
    panel = panel_view(store(), la_code(), data, "2024-07")
    items = [(items, i) for _, items in panel.priorities for i in items if i.indicator.code == code]
    assert items, "the IHA figure is on the panel"
    chosen, item = items[0]
    assert words in item.sentence
    assert panel.table(chosen).set_index("Indicator").loc[item.indicator.panel_title, "July 2024"] == words


def test_the_overview_page_shows_no_cases_for_the_empty_month(empty_july):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=180).run()
    assert not at.exception
    latest = [text.replace("\\", "") for table in at.table for text in table.value["Latest"]]
    assert "no cases in July 2024" in latest
