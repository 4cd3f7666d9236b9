"""Stored figures and the rows behind them come from one computation (aggregate values as the example)."""

import pandas as pd
import pytest

from metrics.catalogue import catalogue
from metrics.compute import indicator_figures, rows_behind, units_for
from metrics.inputs import Inputs

SUPERVISION = catalogue().indicators["supervision_in_timescale"]


def values(*rows):
    return pd.DataFrame(
        rows, columns=["period", "indicator_code", "numerator", "denominator", "breakdown", "batch_id", "row_number"]
    )


def test_whole_authority_and_breakdown_rows_are_stored_without_counting_twice():
    inputs = Inputs(
        indicator_values=values(
            ("2025-03", "supervision_in_timescale", 45, 50, None, 7, 2),
            ("2025-03", "supervision_in_timescale", 20, 25, "Hub 1", 7, 3),
            ("2025-03", "supervision_in_timescale", 25, 25, "Hub 2", 7, 4),
            ("2025-03", "strategy_discussions_in_timescale", 8, 10, None, 7, 5),
        )
    )
    figures = indicator_figures(inputs, ["2025-03"], catalogue())
    supervision = figures[figures["code"] == "supervision_in_timescale"].set_index("breakdown")
    assert supervision.loc["", ["numerator", "denominator", "value"]].tolist() == [45, 50, 90.0]
    assert supervision.loc["breakdown: Hub 1", "value"] == 80.0
    assert supervision.loc["", "source_batches"] == "7"
    assert not supervision["provisional"].any()


def test_breakdown_rows_alone_add_up_to_the_whole_authority_figure():
    inputs = Inputs(
        indicator_values=values(
            ("2025-03", "supervision_in_timescale", 20, 25, "Hub 1", 3, 2),
            ("2025-03", "supervision_in_timescale", 25, 25, "Hub 2", 3, 3),
        )
    )
    figures = indicator_figures(inputs, ["2025-03"], catalogue()).set_index("breakdown")
    assert figures.loc["", ["numerator", "denominator", "value"]].tolist() == [45, 50, 90.0]


def test_a_month_with_nothing_is_a_gap_and_zero_over_zero_is_no_cases_never_zero_per_cent():
    inputs = Inputs(indicator_values=values(("2025-03", "supervision_in_timescale", 0, 0, None, 1, 2)))
    figures = indicator_figures(inputs, ["2025-02", "2025-03"], catalogue())
    mine = figures[figures["code"] == "supervision_in_timescale"]
    assert mine["month"].tolist() == ["2025-03"]  # February: no data, no row
    assert mine["denominator"].tolist() == [0.0] and mine["value"].isna().all()  # March: no cases, not 0%


def test_the_rows_behind_a_figure_are_the_rows_it_was_computed_from():
    inputs = Inputs(
        indicator_values=values(
            ("2025-03", "supervision_in_timescale", 45, 50, None, 7, 2),
            ("2025-03", "supervision_in_timescale", 20, 25, "Hub 1", 7, 3),
        )
    )
    units = units_for(inputs, SUPERVISION, "2025-03")
    whole = rows_behind(units, SUPERVISION)
    assert whole["numerator"]["row_number"].tolist() == [2]
    team = rows_behind(units, SUPERVISION, "breakdown: Hub 1")
    assert team["denominator"]["row_number"].tolist() == [3]


def test_a_count_is_zero_in_a_loaded_month_with_none_and_a_gap_in_a_month_not_loaded():
    empty = pd.DataFrame(columns=["child_id", "worker_id", "team", "cohort", "start_date", "end_date"])
    inputs = Inputs(allocations=empty, loaded={"allocations": frozenset({"2025-03"})})
    figures = indicator_figures(inputs, ["2025-02", "2025-03"], catalogue())
    changes = figures[figures["code"] == "worker_changes_in_month"]
    assert changes[["month", "value"]].values.tolist() == [["2025-03", 0.0]]


def placements_at_march_end(*children: tuple[str, bool, float | None, str]) -> Inputs:
    """Children looked after at the end of March 2025: (child, inside the authority, miles, born)."""
    return Inputs(
        placements=pd.DataFrame(
            {
                "child_id": pd.Series([c[0] for c in children], dtype="string"),
                "date_of_birth": pd.to_datetime([c[3] for c in children]).astype("datetime64[ns]"),
                "date_entered_care": pd.to_datetime(["2023-01-09"] * len(children)).astype("datetime64[ns]"),
                "placement_type": pd.Series(["U4"] * len(children), dtype="string"),
                "distance_miles": pd.Series([c[2] for c in children], dtype="Float64"),
                "inside_la": pd.Series([c[1] for c in children], dtype="boolean"),
                "placements_last_12_months": pd.Series([1] * len(children), dtype="Int64"),
                "month": pd.Series(["2025-03"] * len(children), dtype="string"),
                "batch_id": pd.Series([4] * len(children), dtype="Int64"),
                "row_number": pd.Series(range(2, len(children) + 2), dtype="Int64"),
            }
        )
    )


FIVE_CHILDREN = placements_at_march_end(
    ("A", True, 3.0, "2012-06-01"),
    ("B", False, 25.0, "2008-06-01"),
    ("C", False, None, "2012-06-01"),
    ("D", False, 10.0, "2008-06-01"),
    ("E", True, 30.0, "2012-06-01"),
)


def stored(code: str) -> pd.DataFrame:
    figures = indicator_figures(FIVE_CHILDREN, ["2025-03"], catalogue())
    return figures[figures["code"] == code].set_index("breakdown")[["numerator", "denominator", "value"]]


def test_a_split_divides_the_numerator_and_keeps_the_whole_denominator():
    # Outside the authority: B (25 miles), C (not recorded), D (10 miles) of 5 children = 60%.
    outside = stored("placed_outside_la")
    assert outside.loc[""].tolist() == [3, 5, 60.0]
    assert outside.loc["distance_band: more than 20 miles"].tolist() == [1, 5, 20.0]  # the DfE's comparator
    assert outside.loc["distance_band: 20 miles or less"].tolist() == [1, 5, 20.0]
    assert outside.loc["distance_band: distance not recorded"].tolist() == [1, 5, 20.0]
    # More than 20 miles: B (outside) and E (inside) of 5 children, split by where they live.
    far = stored("placed_over_20_miles")
    assert far.loc[""].tolist() == [2, 5, 40.0]
    assert far.loc["inside_la: inside"].tolist() == [1, 5, 20.0]
    assert far.loc["inside_la: outside"].tolist() == [1, 5, 20.0]


def test_a_group_is_its_own_numerator_over_its_own_denominator():
    # Aged 16+: B (25 miles) and D (10 miles); under 16: A, C, E (30 miles).
    far = stored("placed_over_20_miles")
    assert far.loc["age_band: 16+"].tolist() == [1, 2, 50.0]
    assert far.loc["age_band: 10-15"].tolist() == [1, 3, pytest.approx(100 / 3)]


def test_the_rows_behind_a_split_part_are_its_own_over_the_whole_denominator():
    indicator = catalogue().indicators["placed_outside_la"]
    units = units_for(FIVE_CHILDREN, indicator, "2025-03")
    part = rows_behind(units, indicator, "distance_band: more than 20 miles")
    assert part["numerator"]["child_id"].tolist() == ["B"]
    assert sorted(part["denominator"]["child_id"]) == ["A", "B", "C", "D", "E"]
    far = catalogue().indicators["placed_over_20_miles"]
    group = rows_behind(units_for(FIVE_CHILDREN, far, "2025-03"), far, "age_band: 16+")
    assert sorted(group["denominator"]["child_id"]) == ["B", "D"]
