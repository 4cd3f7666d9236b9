"""AppTest: the overview and the theme pages on a store holding 15 months of the synthetic authority."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.roles import SERVICE_MANAGER
from tests.shown import seen, seen_table
from views.themes import read_figures
from workflows import la_code, store

ROOT = Path(__file__).resolve().parents[2]
THEME_PAGES = ["workforce", "social_worker_changes", "health_assessments", "placements", "care_leavers", "other_themes"]


pytestmark = pytest.mark.usefixtures("in_sample_store")


def page(name: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_overview_has_a_card_for_every_theme_with_its_key_indicators():
    at = page("overview")
    assert not at.exception
    data = read_figures(store(), la_code())
    assert [seen(s.value) for s in at.subheader] == [t.title for t in data.catalogue.themes.values()]
    workforce = seen_table(at.table[0].value)
    assert list(workforce.columns) == [
        "Latest",
        "Data as at",
        "On last month",
        "On a year ago",
        "Target",
        "Status",
        "SPC signal",
        "Published (DfE)",
    ]
    caseload = workforce.loc["Average caseload per full-time equivalent (FTE) case-holding social worker"]
    assert caseload["Latest"].endswith("(Jun 2024)")  # 15 months from April 2023
    assert caseload["Status"] in ("✔ Meets target", "✘ Misses target")
    # Slough's published 2025 caseload (CSWW, at 30 September), England's and the neighbours' mean
    assert caseload["Published (DfE)"] == "Ours 16.7; England 15.2; neighbours 15.0 (2025)"
    assert any("**Data as at:** extracts dated up to" in seen(m.value) for m in at.markdown)
    assert any("No indicator measures this theme yet" in m.value for m in at.markdown)  # neglect


@pytest.mark.parametrize("name", THEME_PAGES)
def test_every_theme_page_draws_a_chart_sentence_and_table_per_indicator_with_data(name):
    at = page(name)
    assert not at.exception
    data = read_figures(store(), la_code())
    with_data = {i.code for i in data.catalogue.on_page(name.replace("_", "-")) if i.code in set(data.figures["code"])}
    charts = {c.key.removeprefix("chart_") for c in at.get("plotly_chart") if c.key and c.key.startswith("chart_")}
    tables = {b.key.removeprefix("csv_") for b in at.get("download_button") if b.key and b.key.startswith("csv_")}
    assert with_data and charts == with_data and tables == with_data
    shown = [seen(m.value) for m in at.markdown]
    sentences = [m for m in shown if "against a target of" in m or "(no target)" in m]
    assert len(sentences) == len(with_data)


def test_the_team_filter_comes_from_the_url_and_shows_that_teams_figures():
    at = page("workforce", team="Family Support and Protection 1")
    assert not at.exception
    assert at.selectbox(key="filter_team").value == "Family Support and Protection 1"
    assert any("(team: Family Support and Protection 1)" in seen(m.value) for m in at.markdown)
    at.selectbox(key="filter_team").select("Front Door Hub North").run()  # the widget writes the URL back
    assert at.query_params["team"] == "Front Door Hub North"
    assert at.query_params["to"] == "2024-06"  # the last of 15 months from April 2023
    at.selectbox(key="filter_team").select("Whole authority").run()
    assert "team" not in at.query_params


def test_commentary_written_at_a_surgery_shows_with_the_chart():
    from views.surgery import SERVICE
    from workflows.commentary import save_commentary

    assert save_commentary(
        store(), la_code(), "agency_rate", "2024-06", SERVICE, "Two permanent starters.", SERVICE_MANAGER
    )[0]
    at = page("workforce")
    assert any(seen(i.value) == "**Commentary, June 2024:** Two permanent starters." for i in at.info)


def test_a_change_point_marked_with_a_reason_restarts_the_limits_and_is_listed():
    at = page("workforce")
    reason = next(t for t in at.text_input if t.label == "Why (recorded with your name)")
    reason.input("New front door from January")  # a form: the value is sent with the submit
    next(b for b in at.button if b.label == "Mark change point").click().run()
    assert not at.exception
    assert any("Change point marked from" in s.value for s in at.success), [e.value for e in at.error]
    table = at.dataframe[0].value.set_index("Month")
    marked = table[table["Change point"] == "New front door from January"]
    assert list(marked.index) == ["June 2024"]  # the latest month is offered first
    # the limits restart there: a one-month segment whose mean is its own value
    assert marked.loc["June 2024", "Mean"] == marked.loc["June 2024", "Value"]
    # and May's limits are its own segment's (June's one point has its own, or none): the means alone can
    # agree to one decimal place by chance, as the calibrated sample's do (16.8 and 16.8)
    assert table.loc["May 2024", "Upper limit"] != table.loc["June 2024", "Upper limit"]
    assert any("limits are unreliable" in w.value for w in at.warning)
    next(b for b in at.button if b.key == "unmark_caseload_per_fte_2024-06").click().run()
    assert any("removed" in s.value for s in at.success)
    assert (at.dataframe[0].value["Change point"] == "").all()
