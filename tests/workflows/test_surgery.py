"""The surgery on 15 months of the synthetic authority: matrix cells and exception lists agree with the
stored figures, and actions carry forward until closed."""

from datetime import date, timedelta

import pandas as pd
import pytest

from metrics.figure_status import NOT_JUDGED
from metrics.units import shown_value
from tests.roles import ANALYST, SERVICE_MANAGER
from views.surgery import (
    SERVICE,
    action_marks,
    commentary_on,
    exception_rows,
    matrix,
    matrix_table,
    surgery_actions,
    teams_in,
)
from views.themes import read_figures
from views.wording import STATUS_MISSES
from workflows import la_code, store
from workflows.actions import agree_action, change_action
from workflows.commentary import save_commentary

MONTH = "2024-06"  # the last of 15 months from April 2023


pytestmark = pytest.mark.usefixtures("in_sample_store")


@pytest.fixture(scope="module")
def cells(sample_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSC_STORE_PATH", str(sample_store))
        return matrix(read_figures(store(), la_code()), MONTH)


def stored(code: str, team: str):
    figures = read_figures(store(), la_code()).figures
    breakdown = "" if team == SERVICE else f"team: {team}"
    return figures[(figures["code"] == code) & (figures["month"] == MONTH) & (figures["breakdown"] == breakdown)].iloc[
        0
    ]


def test_every_matrix_cell_is_the_stored_figure_with_its_status_and_signal(cells):
    data = read_figures(store(), la_code())
    assert len(teams_in(data, MONTH)) >= 6 and set(cells["team"]) == {SERVICE, *teams_in(data, MONTH)}
    for cell in cells.itertuples():
        if cell.status == NOT_JUDGED:  # no number to judge (no cases, not yet due, no data): words, no tick
            assert pd.isna(cell.value) and not cell.red and not any(tick in cell.text for tick in "✔✘")
            continue
        figure = stored(cell.code, cell.team)
        unit = data.catalogue.indicators[cell.code].unit
        assert cell.value == pytest.approx(figure["value"])
        assert cell.text.startswith(shown_value(figure["value"], unit))
        assert cell.word in ("improving", "concern", "steady")
        assert cell.red == (cell.status == STATUS_MISSES or cell.word == "concern")
    table = matrix_table(cells, teams_in(data, MONTH))
    caseload = "Average caseload per full-time equivalent (FTE) case-holding social worker"
    assert table.columns[0] == SERVICE and caseload in table.index


@pytest.mark.parametrize("code", ["placed_over_20_miles", "three_plus_social_workers", "caseload_over_threshold"])
def test_lower_is_better_lists_exactly_the_numerators_records(cells, code):
    data = read_figures(store(), la_code())
    for team in cells.loc[cells["code"] == code, "team"]:
        found = exception_rows(store(), la_code(), data.catalogue.indicators[code], MONTH, team, ANALYST)
        assert len(found.rows) == stored(code, team)["numerator"], (code, team)


@pytest.mark.parametrize("code", ["care_leavers_eet_19_21", "iha_within_20_working_days", "care_leavers_eet_17_18"])
def test_higher_is_better_lists_the_denominators_records_not_in_the_numerator(cells, code):
    data = read_figures(store(), la_code())
    for team in cells.loc[cells["code"] == code, "team"]:
        figure = stored(code, team)
        found = exception_rows(store(), la_code(), data.catalogue.indicators[code], MONTH, team, ANALYST)
        assert len(found.rows) == figure["denominator"] - figure["numerator"], (code, team)
        if "working_days_elapsed" in found.rows:
            assert found.rows["working_days_elapsed"].is_monotonic_decreasing  # longest wait first


def test_placements_list_older_children_first(cells):
    data = read_figures(store(), la_code())
    found = exception_rows(
        store(), la_code(), data.catalogue.indicators["placed_over_20_miles"], MONTH, SERVICE, ANALYST
    )
    assert found.rows["age"].is_monotonic_decreasing and (found.rows["distance_miles"] > 20).all()


def test_an_action_carries_forward_until_closed_and_is_flagged_when_overdue():
    engine, authority, team = store(), la_code(), "Front Door Hub North"
    fields = dict(code="caseload_over_threshold", team=team, subject_kind="worker", subject_id="W0001")
    fields.update(raised_month="2024-05", action="Reallocate four children", owner="Team manager")
    ok, message = agree_action(
        engine, authority, {**fields, "due_date": date.today() - timedelta(days=3)}, SERVICE_MANAGER
    )
    assert ok, message
    ok, _ = agree_action(
        engine, authority, {**fields, "raised_month": "2024-06", "due_date": date.today()}, SERVICE_MANAGER
    )
    may = surgery_actions(engine, authority, team, "2024-05", date.today(), ANALYST)
    june = surgery_actions(engine, authority, team, "2024-06", date.today(), ANALYST)
    assert len(may) == 1 and len(june) == 2  # June's surgery sees May's action carried forward
    assert may["Overdue"].iloc[0] == "⚠ overdue by 3 days" and june["Overdue"].iloc[1] == ""
    assert surgery_actions(
        engine, authority, SERVICE, "2024-06", date.today(), ANALYST
    ).empty  # the team's, not the service's
    assert action_marks(june, "caseload_over_threshold") == {
        "2024-05": f"Action #{june['#'].iloc[0]} (Team manager)",
        "2024-06": f"Action #{june['#'].iloc[1]} (Team manager)",
    }
    first = int(june["#"].iloc[0])
    assert change_action(engine, authority, first, "done", "All reallocated", SERVICE_MANAGER, team)[0]
    july_view = surgery_actions(engine, authority, team, "2024-06", date.today(), ANALYST)
    assert list(july_view["#"]) == [june["#"].iloc[1]]  # closed: no longer carried
    everything = surgery_actions(engine, authority, team, "2024-06", date.today(), ANALYST, show_closed=True)
    assert everything.set_index("#").loc[first, "Status"] == "done"
    assert everything.set_index("#").loc[first, "Overdue"] == ""  # closed actions are never overdue


def test_commentary_is_kept_per_indicator_month_and_team():
    engine, authority = store(), la_code()
    assert save_commentary(engine, authority, "agency_rate", MONTH, SERVICE, "Two starters.", SERVICE_MANAGER)[0]
    assert commentary_on(engine, authority, "agency_rate", MONTH, SERVICE) == "Two starters."
    assert commentary_on(engine, authority, "agency_rate", MONTH, "Front Door Hub North") == ""
