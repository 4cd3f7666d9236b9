"""views/timeline.py on a store holding 15 months of the synthetic authority (April 2023 to June 2024).

The drill-down opens a child's timeline from an exception list, so the timeline must agree with the
stored figures: a child counted in "3 or more social workers" shows 3 or more workers in the 12
months of its timeline, and the changes and IHA statuses are the indicators' own.
"""

import re

import pandas as pd
import pytest

from core.access import NotAllowed
from ingest.issues import csv_download, excel_download
from metrics.allocations import three_plus_social_workers, worker_changes_in_month
from metrics.catalogue import catalogue
from metrics.health import iha_within_20_working_days
from metrics.timeline import ALLOCATION, HEALTH, changes_of_worker, child_timeline, social_workers_in_12_months
from store.view import StoreView
from tests.roles import ANALYST, PANEL_MEMBER, team_manager
from views.indicators import figure_rows, stored_figures
from views.inputs import inputs_from
from views.timeline import ONGOING, TABLE_COLUMNS, children_in_store, timeline_for, timeline_table
from workflows import la_code, store

FIRST, LATEST = "2023-04", "2024-06"
SAMPLED = 20  # children checked one by one (every nth of the list, so the test stays quick)


pytestmark = pytest.mark.usefixtures("in_sample_store")


@pytest.fixture(scope="module")
def inputs(sample_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSC_STORE_PATH", str(sample_store))
        with store().connect() as conn:
            return inputs_from(StoreView(conn, la_code()))


def every_nth(ids, n: int = SAMPLED) -> list[str]:
    ids = sorted(ids)
    return ids[:: max(len(ids) // n, 1)][:n]


def three_plus_rows():
    indicator = catalogue().indicators["three_plus_social_workers"]
    return figure_rows(store(), la_code(), indicator, LATEST, user=ANALYST).numerator


def test_a_child_with_3_or_more_social_workers_in_the_stored_figure_shows_3_or_more_on_the_timeline():
    stored = stored_figures(store(), la_code()).query("code == 'three_plus_social_workers' and breakdown == ''")
    numerator = three_plus_rows()
    assert stored.set_index("month").loc[LATEST, "numerator"] == len(numerator) > 0  # the rows behind the figure
    child = numerator["child_id"].iloc[0]
    shown = timeline_for(store(), la_code(), child, ANALYST)
    workers = shown.frame[shown.frame["kind"] == ALLOCATION]
    window_start = pd.Timestamp("2023-07-01")
    in_window = workers[workers["end"].isna() | (workers["end"] >= window_start)]
    assert in_window["worker_id"].nunique() >= 3
    assert social_workers_in_12_months(shown.frame, LATEST) == numerator["workers_in_12_months"].iloc[0]
    assert shown.months == (FIRST, LATEST)
    assert shown.sentence.startswith(f"Child {child} has had ")
    assert "in the 12 months to June 2024" in shown.sentence
    assert shown.figure.layout.title.text == f"Timeline of child {child}"


def test_workers_and_changes_agree_with_the_indicators_for_children_across_the_authority(inputs):
    units = three_plus_social_workers(inputs, LATEST).set_index("child_id")
    months = [str(p) for p in pd.period_range("2023-07", LATEST, freq="M")]  # all 12 are loaded
    changes = pd.concat([worker_changes_in_month(inputs, m) for m in months])["child_id"].value_counts()
    flagged = every_nth(units.index[units["workers_in_12_months"] >= 3], SAMPLED // 2)
    others = every_nth(units.index[units["workers_in_12_months"] < 3], SAMPLED // 2)
    for child in flagged + others:
        timeline = child_timeline(inputs, child)
        assert social_workers_in_12_months(timeline, LATEST) == units.loc[child, "workers_in_12_months"], child
        assert changes_of_worker(timeline, LATEST) == changes.get(child, 0), child


def test_initial_health_assessments_carry_the_indicators_status_and_deadline(inputs):
    judged = pd.concat(iha_within_20_working_days(inputs, m) for m in (FIRST, "2024-01", LATEST))
    for _, unit in judged.head(SAMPLED).iterrows():
        timeline = child_timeline(inputs, unit["child_id"])
        iha = timeline[(timeline["kind"] == HEALTH) & (timeline["date_entered_care"] == unit["date_entered_care"])]
        iha = iha[~iha["point"].astype(bool)].iloc[0]
        assert (iha["iha_status"], iha["iha_deadline"]) == (unit["status"], unit["deadline"])


def test_children_in_store_lists_every_child_once_for_the_picker(inputs):
    children = children_in_store(store(), la_code(), ANALYST)
    assert children == sorted(set(children))
    assert set(three_plus_rows()["child_id"]) <= set(children)
    assert set(inputs.care_leavers["child_id"]) <= set(children)
    assert all(re.fullmatch(r"C\d+", child) for child in children)  # pseudonymous ids only


def test_a_team_manager_picks_only_children_ever_allocated_to_their_team(inputs):
    team = sorted(inputs.allocations["team"].dropna().unique())[0]
    ours = set(inputs.allocations.loc[inputs.allocations["team"] == team, "child_id"].astype(str))
    children = children_in_store(store(), la_code(), team_manager(team))
    assert children and set(children) <= ours
    with pytest.raises(NotAllowed):
        children_in_store(store(), la_code(), PANEL_MEMBER)


def test_the_table_shows_dates_as_dd_mm_yyyy_open_ends_as_ongoing_and_downloads_safely():
    child = three_plus_rows()["child_id"].iloc[0]
    shown = timeline_for(store(), la_code(), child, ANALYST)
    table = timeline_table(shown.frame)
    assert list(table.columns) == list(TABLE_COLUMNS.values())
    assert len(table) == len(shown.frame)
    assert table["From"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    assert set(table.loc[shown.frame["end"].isna().to_numpy(), "To"]) <= {ONGOING}
    assert table["What"].iloc[0][0].isupper()
    assert csv_download(table).startswith("\ufeff".encode()) and excel_download(table, "Timeline")[:2] == b"PK"


def test_an_unknown_child_gets_an_empty_timeline_and_says_so():
    shown = timeline_for(store(), la_code(), " C000000 ", ANALYST)
    assert shown.child_id == "C000000" and shown.frame.empty
    assert shown.sentence == "Child C000000 has no records in the months loaded."
    assert timeline_table(shown.frame).empty
