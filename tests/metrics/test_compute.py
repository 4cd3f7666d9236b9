"""Stored figures and the rows behind them come from one computation (aggregate values as the example)."""

import pandas as pd

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


def test_a_month_with_nothing_or_zero_over_zero_is_a_gap():
    inputs = Inputs(indicator_values=values(("2025-03", "supervision_in_timescale", 0, 0, None, 1, 2)))
    figures = indicator_figures(inputs, ["2025-02", "2025-03"], catalogue())
    assert figures[figures["code"] == "supervision_in_timescale"].empty


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
