"""metrics/allocations.py: team attribution, 3+ social workers in 12 months, changes of worker.

March 2025 ends on Monday 31 March. Open at month end = start_date on or before 31 March and end_date
blank or after it. The 12 months to the end of March 2025 are 1 April 2024 to 31 March 2025.
A change (CONTRACT.md): with d = (the earlier episode's end date, or its extract date if still open) minus
the new start date in days, -14 <= d <= 14 is a handover; d = -15 is a gap, d = 15 a co-worker.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.allocations import (
    allocations_loaded,
    child_team_at_month_end,
    three_plus_social_workers,
    with_team,
    worker_changes_in_month,
    worker_changes_per_100_children,
)
from metrics.inputs import Inputs
from metrics.units import summarise
from reference import DTYPES, dataset_specs

MONTH = "2025-03"
EXTRACT = "2025-04-03"
SPEC = dataset_specs()["allocations"]


def episodes(*rows: tuple) -> pd.DataFrame:
    """Resolved episodes: (child_id, worker_id, start_date, end_date[, overrides dict]).

    The latest copy is the March 2025 file (extract date 3 April 2025) unless overridden.
    """
    records = []
    for number, row in enumerate(rows, start=1):
        child, worker, start, end, *rest = row
        record = {
            "child_id": child,
            "worker_id": worker,
            "team": "Team A",
            "cohort": "CIN",
            "start_date": start,
            "end_date": end,
            "month": MONTH,
            "first_month": MONTH,
            "extract_date": EXTRACT,
            "batch_id": 7,
            "row_number": number,
            **(rest[0] if rest else {}),
        }
        records.append(record)
    columns = [*SPEC.column_names, "month", "extract_date", "batch_id", "row_number", "first_month"]
    frame = pd.DataFrame(records, columns=columns)
    dtypes = {c.name: DTYPES[c.type] for c in SPEC.columns}
    return frame.astype(
        {
            **dtypes,
            "month": "string",
            "first_month": "string",
            "extract_date": "datetime64[ns]",
            "batch_id": "Int64",
            "row_number": "Int64",
        }
    )


def changes(*rows: tuple) -> list[tuple[str, str]]:
    units = worker_changes_in_month(Inputs(allocations=episodes(*rows)), MONTH)
    return sorted(zip(units["child_id"], units["worker_id"], strict=True))


# Team attribution


def test_team_is_that_of_the_latest_starting_open_episode():
    frame = episodes(
        ("C1", "W1", "2024-01-10", None, {"team": "Team A", "cohort": "CIN"}),
        ("C1", "W2", "2025-02-01", None, {"team": "Team B", "cohort": "CP"}),
        ("C1", "W3", "2025-03-20", "2025-03-31", {"team": "Team C"}),  # ended on the month end: not open
        ("C1", "W4", "2025-04-01", None, {"team": "Team D"}),  # starts after the month end
    )
    attribution = child_team_at_month_end(frame, MONTH)
    assert attribution[["child_id", "worker_id", "team", "cohort"]].values.tolist() == [["C1", "W2", "Team B", "CP"]]


def test_team_attribution_tie_is_broken_by_the_lowest_worker_id():
    frame = episodes(
        ("C1", "W7", "2025-02-01", None, {"team": "Team B", "cohort": "CP"}),
        ("C1", "W3", "2025-02-01", None, {"team": "Team A", "cohort": "CLA"}),
        ("C1", "W5", "2025-02-01", None, {"team": "Team C"}),
    )
    attribution = child_team_at_month_end(frame, MONTH)
    assert attribution[["worker_id", "team", "cohort", "row_number"]].values.tolist() == [["W3", "Team A", "CLA", 2]]


def test_child_with_no_open_allocation_is_unallocated():
    frame = episodes(
        ("C1", "W1", "2024-01-10", "2025-03-15"),
        ("C2", "W2", "2024-01-10", None, {"team": "Team B", "cohort": "CP"}),
    )
    assert child_team_at_month_end(frame, MONTH)["child_id"].tolist() == ["C2"]
    children = pd.DataFrame({"child_id": ["C2", "C1", "C9"]}, index=[5, 6, 7]).astype("string")
    attributed = with_team(children, frame, MONTH)
    assert attributed.index.tolist() == [5, 6, 7]
    assert attributed["team"].tolist() == ["Team B", "unallocated", "unallocated"]
    assert attributed["cohort"].tolist() == ["CP", "unallocated", "unallocated"]
    assert with_team(children, episodes(), MONTH)["team"].tolist() == ["unallocated"] * 3


# 3+ social workers in 12 months


def test_three_distinct_workers_in_the_12_months_counts():
    frame = episodes(
        ("C1", "W1", "2024-02-01", "2024-06-01"),
        ("C1", "W2", "2024-06-01", "2025-01-10"),
        ("C1", "W3", "2025-01-10", None),
        ("C2", "W1", "2024-02-01", "2024-09-01"),
        ("C2", "W2", "2024-09-01", None),
    )
    units = three_plus_social_workers(Inputs(allocations=frame), MONTH)
    assert units.set_index("child_id")[["workers_in_12_months", "numerator", "denominator"]].to_dict("index") == {
        "C1": {"workers_in_12_months": 3, "numerator": 1.0, "denominator": 1.0},
        "C2": {"workers_in_12_months": 2, "numerator": 0.0, "denominator": 1.0},
    }
    assert summarise(units, "%").iloc[0]["value"] == 50.0


def test_co_workers_count_and_the_same_worker_twice_counts_once():
    frame = episodes(
        ("C1", "W1", "2023-05-01", None),
        ("C1", "W2", "2025-01-06", None),  # co-worker
        ("C1", "W3", "2025-02-03", None),  # co-worker
        ("C2", "W1", "2024-05-01", "2024-08-01"),
        ("C2", "W1", "2024-10-01", None),  # W1 again
        ("C2", "W2", "2024-08-01", "2024-10-01"),
    )
    units = three_plus_social_workers(Inputs(allocations=frame), MONTH)
    assert units.set_index("child_id")["workers_in_12_months"].to_dict() == {"C1": 3, "C2": 2}


def test_episode_ending_before_the_12_months_does_not_count_and_one_ending_on_their_first_day_does():
    frame = episodes(
        ("C1", "W1", "2023-06-01", "2024-03-31"),  # ended on 31 March 2024, the day before the 12 months
        ("C1", "W2", "2024-03-31", "2024-10-01"),
        ("C1", "W3", "2024-10-01", None),
        ("C2", "W1", "2023-06-01", "2024-04-01"),  # ended on 1 April 2024, the first day of the 12 months
        ("C2", "W2", "2024-04-01", "2024-10-01"),
        ("C2", "W3", "2024-10-01", None),
    )
    units = three_plus_social_workers(Inputs(allocations=frame), MONTH)
    assert units.set_index("child_id")["numerator"].to_dict() == {"C1": 0.0, "C2": 1.0}


def test_only_children_open_at_month_end_are_in_the_denominator_and_later_episodes_are_ignored():
    frame = episodes(
        ("C1", "W1", "2024-06-01", "2025-03-31"),  # closed on the month end: not in the denominator
        ("C1", "W2", "2024-07-01", "2025-03-31"),
        ("C1", "W3", "2024-08-01", "2025-03-31"),
        ("C2", "W1", "2024-06-01", None),
        ("C2", "W2", "2024-07-01", None),
        ("C2", "W3", "2025-04-01", None),  # starts after the month end
    )
    units = three_plus_social_workers(Inputs(allocations=frame), MONTH)
    assert units[["child_id", "workers_in_12_months", "numerator"]].values.tolist() == [["C2", 2, 0.0]]


def test_three_plus_is_broken_down_by_attributed_cohort_and_team():
    frame = episodes(
        ("C1", "W1", "2024-05-01", "2024-08-01", {"cohort": "CIN", "team": "Team A"}),
        ("C1", "W2", "2024-08-01", "2024-12-01", {"cohort": "CP", "team": "Team A"}),
        ("C1", "W3", "2024-12-01", None, {"cohort": "CLA", "team": "Team B"}),
        ("C2", "W4", "2024-05-01", None, {"cohort": "CLA", "team": "Team B"}),
        ("C3", "W5", "2024-05-01", None, {"cohort": "CP", "team": "Team A"}),
    )
    units = three_plus_social_workers(Inputs(allocations=frame), MONTH)
    by_cohort = summarise(units, "%", by="cohort")
    assert dict(zip(by_cohort["breakdown"], by_cohort["value"], strict=True)) == {"CLA": 50.0, "CP": 0.0}
    by_team = summarise(units, "%", by="team")
    assert dict(zip(by_team["breakdown"], by_team["value"], strict=True)) == {"Team A": 0.0, "Team B": 50.0}
    assert units.set_index("child_id").loc["C1", ["worker_id", "row_number"]].tolist() == ["W3", 3]


# Changes of worker in the month


def test_handover_after_a_14_day_gap_is_a_change_and_after_15_days_is_not():
    assert changes(
        ("C1", "W1", "2024-06-01", "2025-03-01"),
        ("C1", "W2", "2025-03-15", None),  # 15 March - 1 March = 14 days
        ("C2", "W1", "2024-06-01", "2025-02-28"),
        ("C2", "W2", "2025-03-15", None),  # 15 March - 28 February = 15 days
    ) == [("C1", "W2")]


def test_overlap_of_14_days_is_a_change_and_15_days_is_a_co_worker():
    assert changes(
        ("C1", "W1", "2024-06-01", "2025-03-24"),
        ("C1", "W2", "2025-03-10", None),  # 24 March - 10 March = 14 days of overlap
        ("C2", "W1", "2024-06-01", "2025-03-25"),
        ("C2", "W2", "2025-03-10", None),  # 15 days of overlap: a co-worker
    ) == [("C1", "W2")]


def test_handover_on_the_same_day_is_a_change():
    assert changes(("C1", "W1", "2024-06-01", "2025-03-10"), ("C1", "W2", "2025-03-10", None)) == [("C1", "W2")]


def test_open_earlier_episode_is_measured_to_its_extract_date():
    assert changes(
        ("C1", "W1", "2024-06-01", None, {"extract_date": "2025-03-24"}),
        ("C1", "W2", "2025-03-10", None),  # 24 March (extract) - 10 March = 14 days: a change
        ("C2", "W1", "2024-06-01", None, {"extract_date": "2025-03-25"}),
        ("C2", "W2", "2025-03-10", None),  # 15 days: a co-worker
    ) == [("C1", "W2")]


def test_one_worker_handing_over_to_two_is_two_changes():
    units = worker_changes_in_month(
        Inputs(
            allocations=episodes(
                ("C1", "W1", "2024-06-01", "2025-03-10"),
                ("C1", "W2", "2025-03-10", None, {"team": "Team B"}),
                ("C1", "W3", "2025-03-10", None, {"team": "Team C"}),
            )
        ),
        MONTH,
    )
    assert units[["worker_id", "team", "previous_worker_ids", "status"]].values.tolist() == [
        ["W2", "Team B", "W1", "change"],
        ["W3", "Team C", "W1", "change"],
    ]
    assert summarise(units, "count").iloc[0]["value"] == 2.0
    table = summarise(units, "count", by="team")
    assert dict(zip(table["breakdown"], table["value"], strict=True)) == {"Team B": 1.0, "Team C": 1.0}


def test_first_episode_and_same_worker_again_are_not_changes():
    assert (
        changes(
            ("C1", "W1", "2025-03-05", None),  # the child's first episode
            ("C2", "W1", "2024-06-01", "2025-03-01"),
            ("C2", "W1", "2025-03-08", None),  # the same worker again
            ("C3", "W1", "2025-03-12", None),  # two workers allocated on the same day, nobody before
            ("C3", "W2", "2025-03-12", None),
            ("C4", "W1", "2025-03-12", "2025-03-20"),  # allocated together; W1 leaves after 8 days:
            ("C4", "W2", "2025-03-12", None),  # W2 was already there, so not a handover to W2
        )
        == []
    )


def test_only_episodes_starting_in_the_month_are_counted_with_the_new_episodes_team_and_cohort():
    units = worker_changes_in_month(
        Inputs(
            allocations=episodes(
                ("C1", "W1", "2024-06-01", "2025-02-28", {"team": "Team A", "cohort": "CIN"}),
                ("C1", "W2", "2025-02-28", "2025-03-01", {"team": "Team B"}),  # a February change
                ("C1", "W3", "2025-03-01", "2025-03-31", {"team": "Team C", "cohort": "CP"}),
                ("C1", "W4", "2025-04-01", None, {"team": "Team D"}),  # an April change
            )
        ),
        MONTH,
    )
    assert units[["child_id", "worker_id", "team", "cohort", "row_number"]].values.tolist() == [
        ["C1", "W3", "Team C", "CP", 3]
    ]
    assert (units["numerator"].tolist(), units["denominator"].tolist()) == ([1.0], [0.0])


def test_changes_per_100_children_open_at_month_end():
    # 2 changes (C1, C2) over 4 children with an open allocation at month end = 0.5, i.e. 50 per 100.
    inputs = Inputs(
        allocations=episodes(
            ("C1", "W1", "2024-06-01", "2025-03-03"),
            ("C1", "W2", "2025-03-03", None, {"team": "Team B"}),
            ("C2", "W1", "2024-06-01", "2025-03-20"),
            ("C2", "W3", "2025-03-20", "2025-03-31"),  # a change, but closed on the month end
            ("C3", "W1", "2024-06-01", None),
            ("C4", "W4", "2024-06-01", None, {"team": "Team B"}),
            ("C5", "W5", "2025-03-10", None, {"team": "Team B"}),  # first episode: not a change
        )
    )
    units = worker_changes_per_100_children(inputs, MONTH)
    assert (units["status"] == "change").sum() == 2
    assert sorted(units.loc[units["status"] == "child with open allocation", "child_id"]) == ["C1", "C3", "C4", "C5"]
    row = summarise(units, "ratio").iloc[0]
    assert (row["numerator"], row["denominator"], row["value"]) == (2.0, 4.0, 0.5)
    table = summarise(units, "ratio", by="team")
    # Team A: C2's change / C3; Team B: C1's change / C1, C4, C5.
    assert dict(zip(table["breakdown"], table["value"], strict=True)) == {"Team A": 1.0, "Team B": pytest.approx(1 / 3)}


# Gaps and purity

FUNCTIONS = [three_plus_social_workers, worker_changes_in_month, worker_changes_per_100_children]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_month_with_no_allocations_file_is_a_gap_not_zero(function):
    february_only = episodes(("C1", "W1", "2025-02-03", None, {"month": "2025-02", "first_month": "2025-02"}))
    for inputs in (Inputs(), Inputs(allocations=february_only)):
        units = function(inputs, MONTH)
        assert units.empty
        assert {"numerator", "denominator", "counted", "status", "team", "cohort"} <= set(units.columns)
        assert math.isnan(summarise(units, "%").iloc[0]["value"])


def test_month_is_loaded_if_an_episode_first_or_last_appeared_in_it():
    frame = episodes(
        ("C1", "W1", "2024-06-01", None, {"first_month": "2025-01", "month": "2025-04"}),
        ("C2", "W1", "2025-03-03", None, {"first_month": "2025-03", "month": "2025-04"}),
        ("C3", "W1", "2024-06-01", "2025-02-10", {"first_month": "2025-01", "month": "2025-02"}),
    )
    assert [allocations_loaded(frame, m) for m in ("2024-12", "2025-01", "2025-02", "2025-03", "2025-04")] == [
        False,
        True,
        True,
        True,
        True,
    ]
    assert not allocations_loaded(episodes(), MONTH)


def test_inputs_are_not_modified():
    frame = episodes(
        ("C1", "W1", "2024-06-01", "2025-03-10"),
        ("C1", "W2", "2025-03-10", None),
        ("C1", "W3", "2025-03-12", None, {"extract_date": "2025-03-31"}),
    )
    before = frame.copy()
    inputs = Inputs(allocations=frame)
    for function in FUNCTIONS:
        function(inputs, MONTH)
    child_team_at_month_end(frame, MONTH)
    pd.testing.assert_frame_equal(frame, before)
