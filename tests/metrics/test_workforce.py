"""metrics/workforce.py: caseload, share over the threshold, agency rate and turnover, hand-checked.

March 2025 ends on Monday 31 March. In post at month end = start_date on or before 31 March and end_date
blank or after it (CONTRACT.md). Turnover's 12 months for March 2025 are 1 April 2024 to 31 March 2025,
read from the 2024-04 to 2025-03 files.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.inputs import Inputs
from metrics.units import summarise
from metrics.workforce import (
    agency_rate,
    caseload_distribution,
    caseload_over_threshold,
    caseload_per_fte,
    turnover_rate,
)
from reference import DTYPES, dataset_specs

MONTH = "2025-03"
SPEC = dataset_specs()["workforce"]
DEFAULTS = {
    "team": "Team A",
    "role": "Social worker",
    "case_holding": True,
    "employment_type": "permanent",
    "fte": 1.0,
    "start_date": "2020-01-06",
    "end_date": None,
    "caseload": 15,
}


def workforce(*rows: dict) -> pd.DataFrame:
    """Workforce rows as the store hands them over; each dict needs worker_id, the rest defaults.

    `month` defaults to March 2025; each month's file is its own batch (batch_id from the month).
    """
    records = []
    for number, row in enumerate(rows, start=1):
        record = {**DEFAULTS, "month": MONTH, **row}
        record.setdefault("batch_id", int(record["month"].replace("-", "")))
        record.setdefault("row_number", number)
        record.setdefault("extract_date", pd.Timestamp(record["month"] + "-01") + pd.offsets.MonthEnd(0))
        records.append(record)
    frame = pd.DataFrame(records, columns=[*SPEC.column_names, "month", "extract_date", "batch_id", "row_number"])
    dtypes = {c.name: DTYPES[c.type] for c in SPEC.columns}
    return frame.astype(
        {**dtypes, "month": "string", "extract_date": "datetime64[ns]", "batch_id": "Int64", "row_number": "Int64"}
    )


def whole(units: pd.DataFrame, unit: str) -> pd.Series:
    return summarise(units, unit).iloc[0]


def by_team(units: pd.DataFrame, unit: str) -> dict[str, float]:
    table = summarise(units, unit, by="team")
    return dict(zip(table["breakdown"], table["value"], strict=True))


# Caseload per case-holding FTE


def test_caseload_per_fte_is_cases_over_fte_of_case_holders_in_post_at_month_end():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "caseload": 10, "fte": 0.5},
            {"worker_id": "W2", "caseload": 20, "fte": 1.0},
            {"worker_id": "W3", "caseload": 0, "fte": 0.5, "start_date": "2025-03-31"},  # starts on month end: in
            {"worker_id": "W4", "caseload": 30, "end_date": "2025-03-31"},  # leaves on month end: not in post
            {"worker_id": "W5", "caseload": 5, "case_holding": False},  # not case-holding
            {"worker_id": "W6", "caseload": 9, "start_date": "2025-04-01"},  # starts after month end
        )
    )
    units = caseload_per_fte(inputs, MONTH)
    assert sorted(units["worker_id"]) == ["W1", "W2", "W3"]
    row = whole(units, "ratio")
    assert (row["numerator"], row["denominator"]) == (30.0, 2.0)
    assert row["value"] == 15.0


def test_half_time_worker_weighs_half_in_caseload_per_fte():
    # 10 cases at 0.5 FTE is the same load as 20 cases full time: (10 + 20) / (0.5 + 1.0) = 20.
    inputs = Inputs(
        workforce=workforce({"worker_id": "W1", "caseload": 10, "fte": 0.5}, {"worker_id": "W2", "caseload": 20})
    )
    assert whole(caseload_per_fte(inputs, MONTH), "ratio")["value"] == 20.0


def test_caseload_per_fte_by_team_and_provenance():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "caseload": 12, "team": "Team A"},
            {"worker_id": "W2", "caseload": 18, "team": "Team A"},
            {"worker_id": "W3", "caseload": 25, "team": "Team B", "fte": 0.5},
        )
    )
    units = caseload_per_fte(inputs, MONTH)
    assert by_team(units, "ratio") == {"Team A": 15.0, "Team B": 50.0}
    assert units.set_index("worker_id").loc["W3", ["batch_id", "row_number"]].tolist() == [202503, 3]


# Share over the caseload threshold


def test_exactly_20_is_not_over_the_threshold_and_21_is():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "caseload": 20},
            {"worker_id": "W2", "caseload": 21},
            {"worker_id": "W3", "caseload": 19, "fte": 0.5},
            {"worker_id": "W4", "caseload": 40, "case_holding": False},  # not case-holding: not counted
        )
    )
    units = caseload_over_threshold(inputs, MONTH)
    assert units.set_index("worker_id")["numerator"].to_dict() == {"W1": 0.0, "W2": 1.0, "W3": 0.0}
    row = whole(units, "%")
    assert (row["numerator"], row["denominator"]) == (1.0, 3.0)  # counted by head, not FTE
    assert row["value"] == pytest.approx(100 / 3)


def test_threshold_is_a_parameter():
    inputs = Inputs(workforce=workforce({"worker_id": "W1", "caseload": 20}, {"worker_id": "W2", "caseload": 16}))
    assert whole(caseload_over_threshold(inputs, MONTH, threshold=15), "%")["value"] == 100.0
    assert whole(caseload_over_threshold(inputs, MONTH, threshold=16), "%")["value"] == 50.0


def test_share_over_threshold_by_team():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "caseload": 22, "team": "Team A"},
            {"worker_id": "W2", "caseload": 10, "team": "Team A"},
            {"worker_id": "W3", "caseload": 10, "team": "Team B"},
        )
    )
    assert by_team(caseload_over_threshold(inputs, MONTH), "%") == {"Team A": 50.0, "Team B": 0.0}


# Caseload distribution (a view)


def test_distribution_lists_each_case_holder_in_post_by_team_highest_first():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "caseload": 12, "team": "Team B"},
            {"worker_id": "W2", "caseload": 26, "team": "Team B", "fte": 0.5},
            {"worker_id": "W3", "caseload": 18, "team": "Team A"},
            {"worker_id": "W4", "caseload": 30, "team": "Team A", "end_date": "2025-03-31"},  # left on month end
            {"worker_id": "W5", "caseload": 3, "team": "Team A", "case_holding": False},
        )
    )
    view = caseload_distribution(inputs, MONTH)
    assert view["worker_id"].tolist() == ["W3", "W2", "W1"]
    assert view["caseload"].tolist() == [18, 26, 12]
    assert view["caseload_per_fte"].tolist() == [18.0, 52.0, 12.0]
    assert "numerator" not in view.columns


# Agency rate


def test_agency_rate_is_agency_fte_over_all_fte_in_post():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "employment_type": "permanent", "fte": 1.0},
            {"worker_id": "W2", "employment_type": "agency", "fte": 0.5},
            {"worker_id": "W3", "employment_type": "agency", "fte": 1.0, "case_holding": False},  # still counts
            {"worker_id": "W4", "employment_type": "agency", "end_date": "2025-03-31"},  # left on month end
            {"worker_id": "W5", "employment_type": "permanent", "start_date": "2025-03-31", "fte": 0.5},
        )
    )
    units = agency_rate(inputs, MONTH)
    assert sorted(units["worker_id"]) == ["W1", "W2", "W3", "W5"]
    row = whole(units, "%")
    assert (row["numerator"], row["denominator"]) == (1.5, 3.0)
    assert row["value"] == 50.0


def test_agency_rate_by_team():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "team": "Team A", "employment_type": "agency", "fte": 0.5},
            {"worker_id": "W2", "team": "Team A", "employment_type": "permanent", "fte": 1.0},
            {"worker_id": "W3", "team": "Team B", "employment_type": "permanent"},
        )
    )
    assert by_team(agency_rate(inputs, MONTH), "%") == {"Team A": pytest.approx(100 / 3), "Team B": 0.0}


# Turnover (rolling 12 months)


def test_leaver_on_the_month_end_counts_and_is_not_in_post():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "end_date": "2025-03-31", "fte": 0.5},
            {"worker_id": "W2"},
            {"worker_id": "W3"},
        )
    )
    units = turnover_rate(inputs, MONTH)
    assert units.set_index(["worker_id", "status"])[["numerator", "denominator"]].to_dict("index") == {
        ("W1", "leaver"): {"numerator": 0.5, "denominator": 0.0},
        ("W2", "in post"): {"numerator": 0.0, "denominator": 1.0},
        ("W3", "in post"): {"numerator": 0.0, "denominator": 1.0},
    }
    assert whole(units, "%")["value"] == 25.0


def test_leaver_12_months_and_a_day_before_the_month_end_is_excluded():
    # Both rows are in the 2024-04 file (inside the 12 files); only the end date tells them apart.
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "end_date": "2024-03-31", "month": "2024-04"},  # 12 months + 1 day: out
            {"worker_id": "W2", "end_date": "2024-04-01", "month": "2024-04"},  # first day of the 12 months: in
            {"worker_id": "W3"},
            {"worker_id": "W4"},
        )
    )
    units = turnover_rate(inputs, MONTH)
    assert units.loc[units["status"] == "leaver", "worker_id"].tolist() == ["W2"]
    assert whole(units, "%")["value"] == 50.0


def test_files_older_than_the_previous_11_months_are_not_read():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "end_date": "2024-04-02", "month": "2024-03"},  # only in the 13th file back
            {"worker_id": "W2", "end_date": "2025-04-10", "month": "2025-04"},  # a later file: not read
            {"worker_id": "W3"},
        )
    )
    units = turnover_rate(inputs, MONTH)
    assert (units["status"] == "leaver").sum() == 0
    assert whole(units, "%")["value"] == 0.0


def test_leaver_fte_comes_from_the_latest_file_listing_them_and_is_counted_once():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "fte": 1.0, "end_date": "2024-08-16", "month": "2024-06", "team": "Team A"},
            {"worker_id": "W1", "fte": 1.0, "end_date": "2024-08-16", "month": "2024-07", "team": "Team A"},
            {"worker_id": "W1", "fte": 0.6, "end_date": "2024-08-16", "month": "2024-08", "team": "Team B"},
            {"worker_id": "W2", "fte": 1.0},
            {"worker_id": "W3", "fte": 1.0},
        )
    )
    units = turnover_rate(inputs, MONTH)
    leavers = units[units["status"] == "leaver"]
    assert leavers[["worker_id", "fte", "team", "month", "batch_id"]].values.tolist() == [
        ["W1", 0.6, "Team B", "2024-08", 202408]
    ]
    assert leavers["numerator"].tolist() == [0.6]
    assert whole(units, "%")["value"] == pytest.approx(30.0)


def test_agency_leavers_and_agency_workers_in_post_are_excluded():
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "W1", "employment_type": "agency", "end_date": "2024-10-10", "month": "2024-10"},
            {"worker_id": "W2", "employment_type": "permanent", "end_date": "2024-11-29", "month": "2024-11"},
            {"worker_id": "W3", "employment_type": "agency"},
            {"worker_id": "W4", "employment_type": "permanent", "fte": 0.5},
            {"worker_id": "W5", "employment_type": "permanent", "fte": 1.0},
        )
    )
    units = turnover_rate(inputs, MONTH)
    assert sorted(units["worker_id"]) == ["W2", "W4", "W5"]
    row = whole(units, "%")
    assert (row["numerator"], row["denominator"]) == (1.0, 1.5)


def test_turnover_whole_year_hand_checked():
    # Leavers 1.0 (on the month end) + 0.8 (first day) + 0.6 (latest file's FTE) = 2.4 FTE;
    # permanent in post 1.0 + 0.5 + 1.0 + 1.0 + 0.5 = 4.0 FTE; 2.4 / 4.0 = 60 %.
    inputs = Inputs(
        workforce=workforce(
            {"worker_id": "L1", "end_date": "2025-03-31", "team": "Team A"},
            {"worker_id": "L2", "end_date": "2024-04-01", "fte": 0.8, "month": "2024-04", "team": "Team B"},
            {"worker_id": "L3", "end_date": "2024-07-15", "fte": 1.0, "month": "2024-06", "team": "Team A"},
            {"worker_id": "L3", "end_date": "2024-07-15", "fte": 0.6, "month": "2024-07", "team": "Team A"},
            {"worker_id": "L4", "end_date": "2024-03-31", "month": "2024-04"},
            {"worker_id": "L5", "end_date": "2024-10-10", "employment_type": "agency", "month": "2024-10"},
            {"worker_id": "P1", "team": "Team A"},
            {"worker_id": "P2", "fte": 0.5, "team": "Team A"},
            {"worker_id": "P3", "team": "Team B"},
            {"worker_id": "P4", "team": "Team B"},
            {"worker_id": "P5", "fte": 0.5, "team": "Team B"},
            {"worker_id": "A1", "employment_type": "agency", "team": "Team B"},
        )
    )
    units = turnover_rate(inputs, MONTH)
    row = whole(units, "%")
    assert (row["numerator"], row["denominator"]) == (pytest.approx(2.4), 4.0)
    assert row["value"] == pytest.approx(60.0)
    # Team A: (1.0 + 0.6) / (1.0 + 0.5); Team B: 0.8 / 2.5.
    assert by_team(units, "%") == {"Team A": pytest.approx(160 / 1.5), "Team B": pytest.approx(32.0)}


# Gaps and purity


@pytest.mark.parametrize("function", [caseload_per_fte, caseload_over_threshold, agency_rate, turnover_rate])
def test_a_month_with_no_workforce_file_is_a_gap_not_zero(function):
    loaded_february_only = Inputs(
        workforce=workforce({"worker_id": "W1", "month": "2025-02", "end_date": "2025-02-10"})
    )
    for inputs in (Inputs(), loaded_february_only):
        units = function(inputs, MONTH)
        assert units.empty
        assert {"numerator", "denominator", "counted", "status", "team"} <= set(units.columns)
        assert math.isnan(whole(units, "%")["value"])
        assert summarise(units, "%", by="team").empty


def test_distribution_of_an_unloaded_month_is_empty():
    assert caseload_distribution(Inputs(), MONTH).empty


def test_inputs_are_not_modified():
    frame = workforce(
        {"worker_id": "W1", "end_date": "2024-09-30", "month": "2024-09"},
        {"worker_id": "W2", "employment_type": "agency"},
        {"worker_id": "W3", "caseload": 25, "fte": 0.5},
    )
    before = frame.copy()
    inputs = Inputs(workforce=frame)
    for function in (caseload_per_fte, caseload_over_threshold, caseload_distribution, agency_rate, turnover_rate):
        function(inputs, MONTH)
    pd.testing.assert_frame_equal(frame, before)
