"""metrics/placements.py: distance from home, placed outside the authority, 3+ placements in 12 months.

March 2025 ends on Monday 31 March: a child born on 31 March 2009 is 16 at month end, one born on
1 April 2009 is 15.
"""

from __future__ import annotations

import pandas as pd

from metrics.inputs import Inputs
from metrics.placements import (
    age_band,
    distance_not_recorded,
    placed_outside_la,
    placed_over_20_miles,
    placed_over_20_miles_16_plus,
    placements_3_plus_in_12_months,
)
from metrics.units import summarise

MARCH, APRIL = "2025-03", "2025-04"


def placements(month: str, rows: list[dict]) -> Inputs:
    """The month's rows as the store hands them over; each dict: child, and optionally miles (None =
    not recorded), born (default 1 June 2012), inside (default True), type (default U4), moves (default 1)."""
    frame = pd.DataFrame(
        {
            "child_id": pd.Series([r["child"] for r in rows], dtype="string"),
            "date_of_birth": pd.to_datetime([r.get("born", "2012-06-01") for r in rows]).astype("datetime64[ns]"),
            "date_entered_care": pd.to_datetime(["2023-01-09"] * len(rows)).astype("datetime64[ns]"),
            "placement_start_date": pd.to_datetime(["2024-01-15"] * len(rows)).astype("datetime64[ns]"),
            "placement_type": pd.Series([r.get("type", "U4") for r in rows], dtype="string"),
            "distance_miles": pd.Series([r.get("miles") for r in rows], dtype="Float64"),
            "inside_la": pd.Series([r.get("inside", True) for r in rows], dtype="boolean"),
            "placements_last_12_months": pd.Series([r.get("moves", 1) for r in rows], dtype="Int64"),
            "month": pd.Series([month] * len(rows), dtype="string"),
            "extract_date": pd.to_datetime(["2025-04-03"] * len(rows)).astype("datetime64[ns]"),
            "batch_id": pd.Series([7] * len(rows), dtype="Int64"),
            "row_number": pd.Series(range(1, len(rows) + 1), dtype="Int64"),
        }
    )
    return Inputs(placements=frame)


def whole(units: pd.DataFrame, unit: str = "%") -> tuple[float, float]:
    row = summarise(units, unit).iloc[0]
    return row["numerator"], row["denominator"]


def status_of(units: pd.DataFrame) -> dict[str, str]:
    return dict(zip(units["child_id"], units["status"], strict=True))


CHILDREN = [
    {"child": "A", "miles": 20.0},  # exactly 20 is not more than 20
    {"child": "B", "miles": 20.1, "inside": False, "born": "2009-03-31", "type": "K2"},  # 16 on month end
    {"child": "C", "miles": None},  # not recorded: in the denominator
    {"child": "D", "miles": 3.5, "inside": False, "born": "2009-04-01"},  # 15 at month end
]


def test_exactly_20_miles_is_not_counted_and_20_point_1_is():
    units = placed_over_20_miles(placements(MARCH, CHILDREN), MARCH)
    assert dict(zip(units["child_id"], units["numerator"], strict=True)) == {"A": 0.0, "B": 1.0, "C": 0.0, "D": 0.0}


def test_blank_distance_stays_in_the_denominator_as_not_recorded():
    units = placed_over_20_miles(placements(MARCH, CHILDREN), MARCH)
    assert whole(units) == (1.0, 4.0)
    assert status_of(units)["C"] == "distance not recorded"
    assert units["counted"].all()


def test_distance_breaks_down_by_age_band_location_type_and_band():
    units = placed_over_20_miles(placements(MARCH, CHILDREN), MARCH)
    row = units[units["child_id"] == "B"].iloc[0]
    assert (row["age_band"], row["inside_la"], row["placement_type"], row["distance_band"]) == (
        "16+",
        "outside",
        "K2",
        "more than 20 miles",
    )
    assert dict(zip(units["child_id"], units["distance_band"], strict=True)) == {
        "A": "20 miles or less",
        "B": "more than 20 miles",
        "C": "distance not recorded",
        "D": "20 miles or less",
    }


def test_sixteenth_birthday_on_the_month_end_counts_as_16_plus():
    units = placed_over_20_miles_16_plus(placements(MARCH, CHILDREN), MARCH)
    assert units["child_id"].tolist() == ["B"]
    assert whole(units) == (1.0, 1.0)


def test_16_plus_keeps_blank_distance_in_the_denominator():
    rows = [{"child": "E", "born": "2008-01-01", "miles": None}, {"child": "F", "born": "2008-01-01", "miles": 40}]
    units = placed_over_20_miles_16_plus(placements(MARCH, rows), MARCH)
    assert whole(units) == (1.0, 2.0)


def test_16_plus_with_nobody_aged_16_is_a_gap():
    assert placed_over_20_miles_16_plus(placements(MARCH, CHILDREN[:1]), MARCH).empty


def test_distance_not_recorded_is_a_count_and_zero_when_all_are_recorded():
    units = distance_not_recorded(placements(MARCH, CHILDREN), MARCH)
    assert summarise(units, "count").iloc[0]["value"] == 1.0
    assert status_of(units)["C"] == "distance not recorded"
    recorded = distance_not_recorded(placements(MARCH, [CHILDREN[0]]), MARCH)
    assert len(recorded) == 1
    assert summarise(recorded, "count").iloc[0]["value"] == 0.0


def test_placed_outside_la_over_all_children_with_the_distance_of_those_outside():
    units = placed_outside_la(placements(MARCH, CHILDREN), MARCH)
    assert whole(units) == (2.0, 4.0)
    outside = units[units["numerator"] > 0]
    assert dict(zip(outside["child_id"], outside["distance_band"], strict=True)) == {
        "B": "more than 20 miles",  # the DfE's comparator: outside and more than 20 miles
        "D": "20 miles or less",
    }


def test_three_placements_in_12_months_count_and_two_do_not():
    rows = [{"child": "A", "moves": 2}, {"child": "B", "moves": 3}, {"child": "C", "moves": 5}, {"child": "D"}]
    units = placements_3_plus_in_12_months(placements(MARCH, rows), MARCH)
    assert dict(zip(units["child_id"], units["numerator"], strict=True)) == {"A": 0.0, "B": 1.0, "C": 1.0, "D": 0.0}
    assert whole(units) == (2.0, 4.0)


def test_units_keep_provenance():
    units = placed_over_20_miles(placements(MARCH, CHILDREN), MARCH)
    assert units["batch_id"].tolist() == [7, 7, 7, 7]
    assert units["row_number"].tolist() == [1, 2, 3, 4]


def test_month_not_loaded_gives_no_units_for_every_indicator():
    inputs = placements(MARCH, CHILDREN)
    for indicator in (
        placed_over_20_miles,
        placed_over_20_miles_16_plus,
        distance_not_recorded,
        placed_outside_la,
        placements_3_plus_in_12_months,
    ):
        assert indicator(inputs, APRIL).empty
        assert indicator(Inputs(), MARCH).empty
        assert {"numerator", "denominator", "counted", "status"} <= set(indicator(Inputs(), MARCH).columns)


def test_inputs_are_not_modified():
    inputs = placements(MARCH, CHILDREN)
    before = inputs.placements.copy()
    placed_over_20_miles(inputs, MARCH)
    placed_outside_la(inputs, MARCH)
    pd.testing.assert_frame_equal(inputs.placements, before)


def test_age_bands():
    ages = pd.Series([0, 4, 5, 9, 10, 15, 16, 17, None], dtype="Int64")
    expected = ["under 5", "under 5", "5-9", "5-9", "10-15", "10-15", "16+", "16+", None]
    assert [None if pd.isna(b) else b for b in age_band(ages)] == expected
