"""metrics/timeline.py: one child's allocations, placements, health assessments and care-leaver states.

The tiny authority below has files for January, February and March 2025 (March's extract dated
Thursday 3 April 2025). Worked by hand:

Child C1's allocations (the 12 months to March 2025 are 1 April 2024 to 31 March 2025):
- W1 10 Jan 2024 to 31 May 2024; W2 from 7 Jun 2024 (a 7-day gap: a change) to 30 Nov 2024;
  W3 from 25 Nov 2024 (overlaps W2 by 5 days: a change), still open; W4 from 6 Jan 2025 while W3 is
  open (overlap to the 3 April extract is 87 days: a co-worker, not a change).
  In the 12 months to March 2025: 4 workers (W1 ended 31 May 2024, after 1 April), 2 changes.
  In the 12 months to May 2024: W1 only, no change.
Placements (month-end snapshots): January U4 5.0 miles inside, from 20 Nov 2024; February and March
K2 23.4 miles outside, from 14 Feb 2025: two episodes, the first ending when the second began.
IHA: entered care Wednesday 20 Nov 2024; the 20th working day is Wednesday 18 Dec; requested Fri 22
Nov (day 2); completed Fri 13 Dec (day 17): in time.
"""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.allocations import three_plus_social_workers, worker_changes_in_month
from metrics.health import iha_within_20_working_days
from metrics.inputs import Inputs
from metrics.timeline import (
    ALLOCATION,
    CARE_LEAVER,
    HEALTH,
    PLACEMENT,
    TIMELINE_COLUMNS,
    changes_of_worker,
    child_timeline,
    placements_seen,
    social_workers_in_12_months,
)
from metrics.working_days import nth_working_day_after, working_days_elapsed

MONTHS = ["2025-01", "2025-02", "2025-03"]
EXTRACTS = {"2025-01": "2025-02-04", "2025-02": "2025-03-04", "2025-03": "2025-04-03"}
LOADED = {d: frozenset(MONTHS) for d in ("allocations", "placements", "health_assessments", "care_leavers")}


def frame(rows: list[dict], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows with provenance: each dict's `month` (default March) sets extract date; batch per month."""
    out = pd.DataFrame(rows)
    out["month"] = out.get("month", pd.Series("2025-03", index=out.index)).fillna("2025-03")
    out["extract_date"] = pd.to_datetime(out["month"].map(EXTRACTS))
    out["batch_id"] = out["month"].map({m: n for n, m in enumerate(MONTHS, start=1)}).astype("Int64")
    out["row_number"] = pd.Series(range(2, len(out) + 2), dtype="Int64")
    for column in dates:
        out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
    for column in ("child_id", "worker_id", "team", "cohort", "placement_type", "in_touch", "activity"):
        if column in out:
            out[column] = out[column].astype("string")
    return out


def allocation(child, worker, start, end=None, team="Team A", cohort="CLA"):
    return {
        "child_id": child,
        "worker_id": worker,
        "team": team,
        "cohort": cohort,
        "start_date": start,
        "end_date": end,
    }


ALLOCATIONS = frame(
    [
        allocation("C1", "W1", "2024-01-10", "2024-05-31", cohort="CIN"),
        allocation("C1", "W2", "2024-06-07", "2024-11-30", cohort="CP"),
        allocation("C1", "W3", "2024-11-25", None, team="Team B"),
        allocation("C1", "W4", "2025-01-06", None, team="Team B"),
        allocation("C2", "W9", "2024-02-01", None),
    ],
    ("start_date", "end_date"),
)


def placement(child, month, start, kind, miles, inside, entered="2024-11-20", count=1):
    return {
        "child_id": child,
        "month": month,
        "date_of_birth": "2012-05-01",
        "date_entered_care": entered,
        "placement_start_date": start,
        "placement_type": kind,
        "distance_miles": miles,
        "inside_la": inside,
        "placements_last_12_months": count,
    }


PLACEMENTS = frame(
    [
        placement("C1", "2025-01", "2024-11-20", "U4", 5.0, True),
        placement("C1", "2025-02", "2025-02-14", "K2", 23.4, False, count=2),
        placement("C1", "2025-03", "2025-02-14", "K2", 23.4, False, count=2),
        placement("C3", "2025-01", "2023-06-01", "U1", 2.0, True, entered="2023-06-01"),  # not in February
        placement("C3", "2025-03", "2023-06-01", "U1", 2.0, True, entered="2023-06-01"),
        placement("C2", "2025-02", "2024-02-01", "U1", None, pd.NA, entered="2024-02-01"),
    ],
    ("date_of_birth", "date_entered_care", "placement_start_date"),
).astype({"distance_miles": "Float64", "inside_la": "boolean", "placements_last_12_months": "Int64"})


def health(child, month, entered, requested=None, completed=None, review=None):
    return {
        "child_id": child,
        "month": month,
        "date_of_birth": "2012-05-01",
        "date_entered_care": entered,
        "iha_requested_date": requested,
        "iha_completed_date": completed,
        "last_review_health_assessment_date": review,
        "placed_outside_la": False,
    }


HEALTH_DATES = ("date_of_birth", "date_entered_care", "iha_requested_date", "iha_completed_date")
HEALTH_DATES += ("last_review_health_assessment_date",)
C1_IHA = {"entered": "2024-11-20", "requested": "2024-11-22", "completed": "2024-12-13"}
HEALTH_MONTHLY = frame(
    [
        health("C1", "2025-01", *C1_IHA.values()),
        health("C1", "2025-02", *C1_IHA.values(), review="2025-02-10"),
        health("C1", "2025-03", *C1_IHA.values(), review="2025-02-10"),
        health("C4", "2025-03", "2025-03-03"),  # deadline Mon 31 March, not done by the 3 April extract
        health("C5", "2025-03", "2025-03-27"),  # deadline Mon 28 April: not yet due
        health("C6", "2025-01", "2024-12-02"),  # deadline Thu 2 Jan 2025; not in the later files
    ],
    HEALTH_DATES,
).astype({"placed_outside_la": "boolean"})
# Resolved periods of care: the latest copy of each (C1's from March, C6's from January).
HEALTH_EPISODES = HEALTH_MONTHLY.drop_duplicates(["child_id", "date_entered_care"], keep="last").reset_index(drop=True)

CARE_LEAVERS = frame(
    [
        {"child_id": "C7", "month": "2025-01", "in_touch": "YES", "activity": "F2", "accommodation": "B1"},
        {"child_id": "C7", "month": "2025-02", "in_touch": "YES", "activity": "F2", "accommodation": "B1"},
        {"child_id": "C7", "month": "2025-03", "in_touch": "YES", "activity": "G4", "accommodation": "B1"},
    ]
)
WORKFORCE = frame([{"worker_id": "W1", "role": "Social worker", "month": "2025-03"}])

INPUTS = Inputs(
    workforce=WORKFORCE,
    allocations=ALLOCATIONS,
    health=HEALTH_MONTHLY,
    health_episodes=HEALTH_EPISODES,
    placements=PLACEMENTS,
    care_leavers=CARE_LEAVERS,
    loaded=LOADED,
)


def rows(timeline: pd.DataFrame, kind: str) -> pd.DataFrame:
    return timeline[timeline["kind"] == kind].reset_index(drop=True)


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- the frame


def test_the_timeline_has_one_row_per_episode_sorted_by_start_with_the_declared_columns():
    timeline = child_timeline(INPUTS, "C1")
    assert list(timeline.columns) == list(TIMELINE_COLUMNS)
    assert timeline["start"].is_monotonic_increasing
    assert timeline["kind"].value_counts().to_dict() == {ALLOCATION: 4, PLACEMENT: 2, HEALTH: 2}
    assert set(timeline["child_id"]) == {"C1"} and set(timeline["as_at_month"]) == {"2025-03"}


def test_a_child_with_no_records_gives_an_empty_frame_with_the_columns():
    timeline = child_timeline(INPUTS, "nobody")
    assert timeline.empty and list(timeline.columns) == list(TIMELINE_COLUMNS)
    assert child_timeline(Inputs(), "C1").empty


def test_the_inputs_are_not_modified():
    before = {name: getattr(INPUTS, name).copy() for name in ("allocations", "placements", "health_episodes")}
    child_timeline(INPUTS, "C1")
    for name, copy in before.items():
        pd.testing.assert_frame_equal(getattr(INPUTS, name), copy)


def test_each_allocation_episode_is_a_row_with_worker_team_cohort_role_and_provenance():
    episodes = rows(child_timeline(INPUTS, "C1"), ALLOCATION)
    assert episodes["worker_id"].tolist() == ["W1", "W2", "W3", "W4"]
    assert episodes["label"].tolist() == ["W1", "W2", "W3", "W4"]
    assert episodes.loc[0, "role"] == "Social worker" and pd.isna(episodes.loc[1, "role"])
    assert episodes.loc[0, "end"] == day("2024-05-31")
    assert pd.isna(episodes.loc[2, "end"])  # still open: ongoing
    assert episodes.loc[0, "detail"] == ("W1 (Social worker), Team A, cohort CIN: allocated 10 Jan 2024 to 31 May 2024")
    assert episodes.loc[2, "detail"] == "W3, Team B, cohort CLA: allocated 25 Nov 2024, still open"
    assert episodes["row_number"].tolist() == [2, 3, 4, 5]  # the file rows they came from
    assert set(episodes["batch_id"]) == {3}


# --- social workers in 12 months and changes of worker


def test_workers_in_12_months_count_every_worker_overlapping_the_window_co_workers_included():
    timeline = child_timeline(INPUTS, "C1")
    assert social_workers_in_12_months(timeline, "2025-03") == 4
    assert social_workers_in_12_months(timeline, "2024-05") == 1
    assert social_workers_in_12_months(timeline, "2026-01") == 2  # W3 and W4, still open


def test_workers_in_12_months_agree_with_the_three_plus_indicator():
    units = three_plus_social_workers(INPUTS, "2025-03").set_index("child_id")
    for child in ("C1", "C2"):
        timeline = child_timeline(INPUTS, child)
        assert social_workers_in_12_months(timeline, "2025-03") == units.loc[child, "workers_in_12_months"]


def test_changes_of_worker_count_handovers_within_14_days_but_not_a_co_worker():
    timeline = child_timeline(INPUTS, "C1")
    assert changes_of_worker(timeline, "2025-03") == 2  # W1 -> W2 (7-day gap), W2 -> W3 (5-day overlap)
    assert changes_of_worker(timeline, "2024-05") == 0
    assert changes_of_worker(timeline, "2024-11") == 2  # June and November are in the 12 months to Nov
    # What the monthly indicator counts when every month is loaded (no `month` column: all taken as loaded).
    every_month = Inputs(allocations=ALLOCATIONS.drop(columns="month"))
    months = pd.period_range("2024-04", "2025-03", freq="M").strftime("%Y-%m")
    assert changes_of_worker(timeline, "2025-03") == sum(len(worker_changes_in_month(every_month, m)) for m in months)


def test_a_child_with_no_allocation_has_no_workers_and_no_changes():
    timeline = child_timeline(INPUTS, "C7")
    assert social_workers_in_12_months(timeline, "2025-03") == 0
    assert changes_of_worker(timeline, "2025-03") == 0


# --- placements


def test_consecutive_months_in_the_same_placement_collapse_into_one_episode():
    placements = rows(child_timeline(INPUTS, "C1"), PLACEMENT)
    assert placements[["first_month", "last_month"]].values.tolist() == [
        ["2025-01", "2025-01"],
        ["2025-02", "2025-03"],
    ]
    assert placements["start"].tolist() == [day("2024-11-20"), day("2025-02-14")]
    assert placements.loc[0, "end"] == day("2025-02-14")  # ended when the next placement began
    assert pd.isna(placements.loc[1, "end"])  # in the latest file: ongoing
    assert placements["label"].tolist() == ["U4, 5.0 miles", "K2, 23.4 miles"]
    assert placements["over_20_miles"].tolist() == [False, True]
    assert placements["inside_la"].tolist() == ["inside", "outside"]
    assert placements.loc[1, "detail"].startswith(
        "Children's homes subject to Children's Homes Regulations (K2); 23.4 miles from home, more than 20 miles;"
        " outside the authority. Placement started 14 Feb 2025; 2 placements in the 12 months to March 2025."
    )
    assert placements.loc[1, "row_number"] == 4  # the March row, the latest of the run
    assert placements_seen(child_timeline(INPUTS, "C1")) == 2


def test_a_loaded_month_without_the_child_splits_the_placement_and_ends_it_at_the_last_month_seen():
    placements = rows(child_timeline(INPUTS, "C3"), PLACEMENT)
    assert len(placements) == 2
    assert placements.loc[0, "end"] == day("2025-01-31")  # not in the February file
    assert placements.loc[1, "start"] == day("2025-03-01")  # the same placement, listed again
    assert placements_seen(child_timeline(INPUTS, "C3")) == 1


def test_a_distance_not_recorded_is_said_and_is_not_over_20_miles():
    placement = rows(child_timeline(INPUTS, "C2"), PLACEMENT).iloc[0]
    assert placement["label"] == "U1, distance not recorded"
    assert pd.isna(placement["over_20_miles"]) and pd.isna(placement["inside_la"])
    assert placement["end"] == day("2025-02-28")  # not in the March file


# --- health assessments


def test_working_days_elapsed_count_from_entry_as_day_0_like_the_iha_deadline():
    entered = pd.Series(pd.to_datetime(["2024-11-20", "2025-03-03", "2025-03-27", "2024-12-02", "2025-03-08"]))
    done = pd.Series(pd.to_datetime(["2024-12-13", "2025-04-03", "2025-04-03", "2025-02-04", "2025-03-10"]))
    # 17; 23 (31 Mar is day 20); 5; 43 (25, 26 Dec and 1 Jan skipped); Saturday entry, Monday is day 1.
    assert working_days_elapsed(entered, done).tolist() == [17, 23, 5, 43, 1]
    starts = pd.Series(pd.date_range("2025-04-01", "2025-05-10", freq="D"))  # Easter and May Day
    for n in (1, 3, 20):
        assert (working_days_elapsed(starts, nth_working_day_after(starts, n)) == n).all()
    assert working_days_elapsed(entered.iloc[:1], pd.Series([pd.NaT])).isna().all()


def test_an_initial_health_assessment_row_has_requested_completed_deadline_working_days_and_status():
    iha = rows(child_timeline(INPUTS, "C1"), HEALTH).iloc[0]
    assert (iha["start"], iha["end"]) == (day("2024-11-20"), day("2024-12-13"))
    assert iha["iha_deadline"] == day("2024-12-18")
    assert (iha["working_days_elapsed"], iha["iha_status"]) == (17, "in time")
    assert iha["label"] == "IHA in time (17 working days)"
    assert iha["detail"] == (
        "Entered care 20 Nov 2024; IHA requested 22 Nov 2024, 2 working days after entering care; completed"
        " 13 Dec 2024, 17 working days after entering care (deadline 18 Dec 2024, the 20th working day): in time."
    )


def test_an_iha_not_completed_counts_working_days_to_the_extract_date_and_is_overdue_or_not_yet_due():
    overdue = rows(child_timeline(INPUTS, "C4"), HEALTH).iloc[0]
    assert (overdue["iha_status"], overdue["working_days_elapsed"]) == ("overdue", 23)
    assert overdue["label"] == "IHA overdue (23 working days so far)" and pd.isna(overdue["end"])
    waiting = rows(child_timeline(INPUTS, "C5"), HEALTH).iloc[0]
    assert (waiting["iha_status"], waiting["working_days_elapsed"]) == ("not yet due", 5)


def test_iha_status_is_the_indicators_own_judgement():
    units = iha_within_20_working_days(INPUTS, "2025-03").set_index("child_id")
    for child in ("C4", "C5"):
        iha = rows(child_timeline(INPUTS, child), HEALTH).iloc[0]
        assert iha["iha_status"] == units.loc[child, "status"]
        assert iha["iha_deadline"] == units.loc[child, "deadline"]


def test_an_iha_the_files_stop_listing_ends_at_its_last_month_not_ongoing():
    iha = rows(child_timeline(INPUTS, "C6"), HEALTH).iloc[0]
    assert iha["end"] == day("2025-01-31")
    assert (iha["iha_status"], iha["working_days_elapsed"]) == ("overdue", 43)  # at the 4 Feb extract
    assert iha["detail"].endswith("Not listed after the January 2025 file.")


def test_a_review_health_assessment_is_one_point_event_however_many_files_repeat_it():
    reviews = rows(child_timeline(INPUTS, "C1"), HEALTH).query("point")
    assert len(reviews) == 1
    review = reviews.iloc[0]
    assert review["start"] == review["end"] == day("2025-02-10")
    assert (review["first_month"], review["last_month"]) == ("2025-02", "2025-03")
    assert review["detail"] == "Review health assessment on 10 Feb 2025 (first listed in the February 2025 file)."


# --- care leavers


def test_care_leaver_months_in_the_same_state_collapse_and_a_change_starts_a_new_row():
    states = rows(child_timeline(INPUTS, "C7"), CARE_LEAVER)
    assert states["label"].tolist() == ["F2 EET, B1 suitable", "G4 NEET, B1 suitable"]
    assert states["start"].tolist() == [day("2025-01-01"), day("2025-03-01")]
    assert states.loc[0, "end"] == day("2025-02-28") and pd.isna(states.loc[1, "end"])
    assert states.loc[1, "detail"].startswith("In touch: Yes - in touch (YES); activity: Young person not in")


@pytest.mark.parametrize("child", ["C1", "C3", "C7"])
def test_months_are_taken_from_the_frames_when_loaded_is_not_given(child):
    without = Inputs(**{**INPUTS.__dict__, "loaded": {}})
    pd.testing.assert_frame_equal(child_timeline(without, child), child_timeline(INPUTS, child))
