"""metrics/health.py: initial health assessments on time, and health assessments up to date.

Deadlines worked out by hand (day of entry = day 0, weekends and England's bank holidays skipped):
- entered Mon 3 March 2025: 20th working day Mon 31 March; 3rd working day Thu 6 March.
- entered Fri 7 March 2025: 3rd working day Wed 12 March (Mon 10 is day 1).
- entered Thu 27 March 2025: Fri 28 day 1, 31 Mar-4 Apr 2-6, 7-11 Apr 7-11, 14-17 Apr 12-15, Good Friday
  18 and Easter Monday 21 skipped, 22-25 Apr 16-19, Mon 28 April day 20.
- entered Fri 28 March 2025: Mon 31 Mar day 1, 1-4 Apr 2-5, 7-11 Apr 6-10, 14-17 Apr 11-14, 22-25 Apr
  15-18, Mon 28 Apr 19, Tue 29 April day 20.
- entered Mon 31 March 2025: Tue 1 April day 1 ... Wed 30 April day 20.
"""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.health import (
    health_assessments_up_to_date,
    iha_requested_within_3_working_days,
    iha_within_20_working_days,
    is_provisional,
)
from metrics.inputs import Inputs
from metrics.units import summarise

MARCH, APRIL = "2025-03", "2025-04"
DATES = ["date_of_birth", "date_entered_care", "iha_requested_date", "iha_completed_date"]
DATES += ["last_review_health_assessment_date", "extract_date"]


def health_rows(month: str, extract: str, rows: list[dict], batch: int = 1, requested_column: bool = True):
    """Rows as the store hands them over; each dict: child, entered, and optionally completed, requested,
    review, born (default 1 Jan 2015), outside (default False)."""
    frame = pd.DataFrame(
        {
            "child_id": pd.Series([r["child"] for r in rows], dtype="string"),
            "date_of_birth": [r.get("born", "2015-01-01") for r in rows],
            "date_entered_care": [r["entered"] for r in rows],
            "iha_requested_date": [r.get("requested") for r in rows],
            "iha_completed_date": [r.get("completed") for r in rows],
            "last_review_health_assessment_date": [r.get("review") for r in rows],
            "placed_outside_la": pd.Series([r.get("outside", False) for r in rows], dtype="boolean"),
            "month": pd.Series([month] * len(rows), dtype="string"),
            "extract_date": [extract] * len(rows),
            "batch_id": pd.Series([batch] * len(rows), dtype="Int64"),
            "row_number": pd.Series(range(1, len(rows) + 1), dtype="Int64"),
        }
    )
    for column in DATES:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame if requested_column else frame.drop(columns="iha_requested_date")


def one_month(month: str, extract: str, rows: list[dict], **kwargs) -> Inputs:
    """Inputs where the month's file is the only (so the latest) copy of every record."""
    frame = health_rows(month, extract, rows, **kwargs)
    return Inputs(health=frame, health_episodes=frame)


def whole(units: pd.DataFrame, unit: str = "%") -> tuple[float, float]:
    row = summarise(units, unit).iloc[0]
    return row["numerator"], row["denominator"]


def status_of(units: pd.DataFrame) -> dict[str, str]:
    return dict(zip(units["child_id"], units["status"], strict=True))


# IHA within 20 working days


MARCH_ENTRANTS = [
    {"child": "A", "entered": "2025-03-03", "completed": "2025-03-31", "outside": True},  # on the 20th day
    {"child": "B", "entered": "2025-03-03", "completed": "2025-04-01"},  # the 21st: late
    {"child": "C", "entered": "2025-03-03"},  # deadline 31 Mar, before the 5 April extract: overdue
    {"child": "D", "entered": "2025-03-27"},  # deadline 28 April, after the extract: not yet due
    {"child": "E", "entered": "2025-02-28", "completed": "2025-03-03"},  # entered in February
]


def test_iha_in_time_late_overdue_and_not_yet_due():
    units = iha_within_20_working_days(one_month(MARCH, "2025-04-05", MARCH_ENTRANTS), MARCH)
    assert status_of(units) == {"A": "in time", "B": "late", "C": "overdue", "D": "not yet due"}
    assert whole(units) == (1.0, 3.0)
    assert units.loc[units["child_id"] == "D", "counted"].tolist() == [False]
    assert summarise(units, "%").iloc[0]["excluded"] == 1


def test_iha_deadline_is_the_twentieth_working_day_with_easter_skipped():
    units = iha_within_20_working_days(one_month(MARCH, "2025-04-05", MARCH_ENTRANTS), MARCH)
    deadlines = dict(zip(units["child_id"], units["deadline"], strict=True))
    assert deadlines["A"] == pd.Timestamp("2025-03-31")
    assert deadlines["D"] == pd.Timestamp("2025-04-28")


def test_month_with_a_not_yet_due_child_is_provisional():
    units = iha_within_20_working_days(one_month(MARCH, "2025-04-05", MARCH_ENTRANTS), MARCH)
    assert is_provisional(units)
    settled = iha_within_20_working_days(one_month(MARCH, "2025-04-05", MARCH_ENTRANTS[:3]), MARCH)
    assert not is_provisional(settled)


def test_deadline_on_the_extract_date_is_not_yet_due_and_the_day_before_it_is_overdue():
    rows = [{"child": "C", "entered": "2025-03-03"}]  # deadline Mon 31 March
    on_the_day = iha_within_20_working_days(one_month(MARCH, "2025-03-31", rows), MARCH)
    assert status_of(on_the_day) == {"C": "not yet due"}
    a_day_later = iha_within_20_working_days(one_month(MARCH, "2025-04-01", rows), MARCH)
    assert status_of(a_day_later) == {"C": "overdue"}
    assert whole(a_day_later) == (0.0, 1.0)


def test_only_not_yet_due_children_give_no_figure_not_zero():
    rows = [{"child": "D", "entered": "2025-03-27"}]
    units = iha_within_20_working_days(one_month(MARCH, "2025-03-31", rows), MARCH)
    assert len(units) == 1
    assert pd.isna(summarise(units, "%").iloc[0]["value"])  # a gap, not 0 %


def test_a_later_copy_completing_the_assessment_changes_the_earlier_month():
    entered_march = [{"child": "D", "entered": "2025-03-27"}]
    march = health_rows(MARCH, "2025-04-08", entered_march)
    before = iha_within_20_working_days(Inputs(health=march, health_episodes=march), MARCH)
    assert status_of(before) == {"D": "not yet due"}

    completed = [{"child": "D", "entered": "2025-03-27", "completed": "2025-04-28"}]
    april = health_rows(APRIL, "2025-05-06", completed, batch=2)
    # The store's view: each month's rows carry the latest copy's IHA dates; episodes are the latest copy.
    health = pd.concat([health_rows(MARCH, "2025-04-08", completed), april], ignore_index=True)
    after = iha_within_20_working_days(Inputs(health=health, health_episodes=april), MARCH)
    assert status_of(after) == {"D": "in time"}
    assert whole(after) == (1.0, 1.0)
    assert after["batch_id"].tolist() == [2]  # provenance: the row the completion date came from


def test_overdue_is_judged_at_the_extract_date_of_the_records_latest_copy():
    entered_march = [{"child": "C", "entered": "2025-03-03"}]  # deadline 31 March, never completed
    march = health_rows(MARCH, "2025-03-28", entered_march)
    april = health_rows(APRIL, "2025-05-06", entered_march, batch=2)
    units = iha_within_20_working_days(Inputs(health=pd.concat([march, april]), health_episodes=april), MARCH)
    assert status_of(units) == {"C": "overdue"}


def test_iha_breaks_down_by_placed_inside_or_outside_and_distance():
    inputs = one_month(MARCH, "2025-04-05", MARCH_ENTRANTS)
    placements = pd.DataFrame(
        {
            "child_id": pd.Series(["A", "B"], dtype="string"),
            "distance_miles": pd.Series([25.0, None], dtype="Float64"),
            "month": pd.Series([MARCH, MARCH], dtype="string"),
        }
    )
    inputs = Inputs(health=inputs.health, health_episodes=inputs.health_episodes, placements=placements)
    units = iha_within_20_working_days(inputs, MARCH)
    by_place = summarise(units, "%", by="placed_outside_la").set_index("breakdown")
    assert by_place.loc["outside", ["numerator", "denominator"]].tolist() == [1.0, 1.0]
    assert by_place.loc["inside", ["numerator", "denominator"]].tolist() == [0.0, 2.0]
    bands = dict(zip(units["child_id"], units["distance_band"], strict=True))
    assert bands["A"] == "more than 20 miles"
    assert bands["B"] == "distance not recorded"
    assert pd.isna(bands["C"])  # not in the month's placements file


def test_iha_month_without_a_health_file_is_a_gap():
    inputs = one_month(MARCH, "2025-04-05", MARCH_ENTRANTS)
    assert iha_within_20_working_days(inputs, APRIL).empty
    assert iha_within_20_working_days(Inputs(), MARCH).empty


def test_iha_month_with_no_entrants_is_a_gap():
    rows = [{"child": "E", "entered": "2025-02-28", "completed": "2025-03-03"}]
    units = iha_within_20_working_days(one_month(MARCH, "2025-04-05", rows), MARCH)
    assert units.empty
    assert {"child_id", "numerator", "denominator", "counted", "status"} <= set(units.columns)


def test_inputs_are_not_modified():
    inputs = one_month(MARCH, "2025-04-05", MARCH_ENTRANTS)
    before = inputs.health_episodes.copy()
    iha_within_20_working_days(inputs, MARCH)
    iha_requested_within_3_working_days(inputs, MARCH)
    health_assessments_up_to_date(inputs, MARCH)
    pd.testing.assert_frame_equal(inputs.health_episodes, before)


# IHA requested within 3 working days


def test_requested_on_the_third_working_day_is_in_time_and_the_fourth_is_late():
    rows = [
        {"child": "A", "entered": "2025-03-07", "requested": "2025-03-12"},  # Fri entry, 3rd day Wed 12
        {"child": "B", "entered": "2025-03-07", "requested": "2025-03-13"},
        {"child": "C", "entered": "2025-03-03"},  # deadline Thu 6 March, not requested by the extract
    ]
    units = iha_requested_within_3_working_days(one_month(MARCH, "2025-04-05", rows), MARCH)
    assert status_of(units) == {"A": "in time", "B": "late", "C": "overdue"}
    assert whole(units) == (1.0, 3.0)


def test_threshold_is_configurable():
    rows = [{"child": "B", "entered": "2025-03-07", "requested": "2025-03-13"}]
    units = iha_requested_within_3_working_days(one_month(MARCH, "2025-04-05", rows), MARCH, days=4)
    assert status_of(units) == {"B": "in time"}


def test_requested_column_absent_from_every_file_is_a_gap_not_zero():
    rows = [{"child": "C", "entered": "2025-03-03"}]
    inputs = one_month(MARCH, "2025-04-05", rows, requested_column=False)
    assert iha_requested_within_3_working_days(inputs, MARCH).empty
    # ... while the completed figure for the same month is still there.
    assert whole(iha_within_20_working_days(inputs, MARCH)) == (0.0, 1.0)


def test_requested_column_absent_from_the_records_files_is_a_gap_when_the_frame_says_so():
    rows = [{"child": "C", "entered": "2025-03-03"}]
    frame = health_rows(MARCH, "2025-04-05", rows).assign(
        columns_present="child_id,date_of_birth,date_entered_care,iha_completed_date"
    )
    assert iha_requested_within_3_working_days(Inputs(health=frame, health_episodes=frame), MARCH).empty


def test_record_whose_file_lacked_the_column_is_left_out_when_others_had_it():
    rows = [
        {"child": "A", "entered": "2025-03-07", "requested": "2025-03-12"},
        {"child": "C", "entered": "2025-03-03"},
    ]
    frame = health_rows(MARCH, "2025-04-05", rows)
    frame = frame.assign(columns_present=["child_id,iha_requested_date", "child_id,iha_completed_date"])
    units = iha_requested_within_3_working_days(Inputs(health=frame, health_episodes=frame), MARCH)
    assert status_of(units) == {"A": "in time", "C": "column not in file"}
    assert whole(units) == (1.0, 1.0)


# Health assessments up to date (April 2025 ends Wed 30 April: 6 months before is 30 October 2024,
# 12 months before 30 April 2024; an IHA deadline is before month end for entries up to 28 March 2025).


def up_to_date_rows(children: list[dict]) -> Inputs:
    rows = [{"entered": "2023-01-09", **child} for child in children]
    return one_month(APRIL, "2025-05-06", rows)


@pytest.mark.parametrize(
    ("born", "review", "status"),
    [
        ("2021-06-01", "2024-10-30", "up to date"),  # under 5: exactly 6 months
        ("2021-06-01", "2024-10-29", "out of date"),  # under 5: a day more
        ("2015-06-01", "2024-04-30", "up to date"),  # 5 or over: exactly 12 months
        ("2015-06-01", "2024-04-29", "out of date"),
        ("2020-04-30", "2024-06-01", "up to date"),  # 5th birthday on 30 April, the month end: 12 months
        ("2020-05-01", "2024-06-01", "out of date"),  # still 4 at month end: 6 months
    ],
)
def test_up_to_date_window_is_six_months_under_five_and_twelve_from_five(born, review, status):
    units = health_assessments_up_to_date(up_to_date_rows([{"child": "X", "born": born, "review": review}]), APRIL)
    assert status_of(units) == {"X": status}
    assert whole(units) == (1.0 if status == "up to date" else 0.0, 1.0)


def test_six_months_before_the_31st_is_the_last_day_of_the_shorter_month():
    # March 2025 ends on the 31st; there is no 31 September, so the window starts on 30 September 2024.
    rows = [
        {"child": "X", "entered": "2023-01-09", "born": "2021-06-01", "review": "2024-09-30"},
        {"child": "Y", "entered": "2023-01-09", "born": "2021-06-01", "review": "2024-09-29"},
    ]
    units = health_assessments_up_to_date(one_month(MARCH, "2025-04-05", rows), MARCH)
    assert status_of(units) == {"X": "up to date", "Y": "out of date"}


def test_only_children_whose_iha_deadline_is_before_month_end_are_counted():
    children = [
        {"child": "F", "entered": "2025-03-28", "completed": "2025-04-15"},  # deadline Tue 29 April
        {"child": "G", "entered": "2025-03-31", "completed": "2025-04-15"},  # deadline Wed 30 April = month end
    ]
    units = health_assessments_up_to_date(up_to_date_rows(children), APRIL)
    assert units["child_id"].tolist() == ["F"]
    assert status_of(units) == {"F": "up to date"}


def test_latest_assessment_is_the_later_of_review_and_iha_and_not_after_month_end():
    children = [
        {"child": "H", "review": "2023-02-01", "completed": "2025-04-01"},  # IHA recent, review old
        {"child": "I", "entered": "2025-03-28", "completed": "2025-05-02"},  # completed after month end
        {"child": "J"},  # no assessment at all
    ]
    units = health_assessments_up_to_date(up_to_date_rows(children), APRIL)
    assert status_of(units) == {"H": "up to date", "I": "no assessment", "J": "no assessment"}
    assert whole(units) == (1.0, 3.0)


def test_up_to_date_breaks_down_by_age_band():
    children = [
        {"child": "K", "born": "2021-06-01", "review": "2025-01-10"},
        {"child": "L", "born": "2008-06-01", "review": "2023-01-10"},
    ]
    units = health_assessments_up_to_date(up_to_date_rows(children), APRIL)
    by_age = summarise(units, "%", by="age_band").set_index("breakdown")
    assert by_age.loc["under 5", "value"] == 100.0
    assert by_age.loc["16+", "value"] == 0.0


def test_a_child_listed_twice_counts_once_on_the_latest_period_of_care():
    children = [
        {"child": "M", "entered": "2023-01-09", "review": "2025-01-10"},
        {"child": "M", "entered": "2025-03-03", "completed": "2025-03-20"},
    ]
    units = health_assessments_up_to_date(up_to_date_rows(children), APRIL)
    assert len(units) == 1
    assert units["date_entered_care"].tolist() == [pd.Timestamp("2025-03-03")]


def test_up_to_date_month_without_a_health_file_is_a_gap():
    assert health_assessments_up_to_date(up_to_date_rows([{"child": "K"}]), MARCH).empty
