"""metrics/data_quality.py: loaded months, and where the workforce and allocation files disagree.

Frames are built with the dtypes the store hands over (string ids, boolean flags, Int64 counts, Float64
FTE, datetime64[ns] dates, tz-aware loaded_at). February 2025 ends on the 28th.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.data_quality import (
    LOADED,
    MONTHLY_DATASETS,
    NO_UPLOAD,
    NOT_CASE_HOLDING,
    NOT_IN_POST,
    allocated_children_by_worker,
    caseload_cross_check,
    data_quality_figures,
    loaded_months,
    months_with_no_upload,
    workers_missing_from_workforce,
    workforce_loaded,
)

FEB = "2025-02"


def dates(values) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)), dtype="datetime64[ns]")


def batches(*loads: tuple[str, str | None, int]) -> pd.DataFrame:
    """One current batch per (dataset, reporting_month, rows)."""
    n = len(loads)
    return pd.DataFrame(
        {
            "id": range(1, n + 1),
            "dataset": [d for d, _, _ in loads],
            "reporting_month": [m for _, m, _ in loads],
            "rows": pd.Series([r for _, _, r in loads], dtype="int64"),
            "extract_date": dates(f"{m or '2025-01'}-27" for _, m, _ in loads),
            "loaded_at": pd.Series(pd.to_datetime(["2025-03-03 09:00"] * n, utc=True)),
            "loaded_by": ["analyst"] * n,
            "file_name": [f"{d}_{m}.csv" for d, m, _ in loads],
        }
    )


def workforce(month: str, *workers: tuple) -> pd.DataFrame:
    """Rows of (worker_id, team, case_holding, start_date, end_date, caseload)."""
    return pd.DataFrame(
        {
            "month": pd.Series([month] * len(workers), dtype="string"),
            "worker_id": pd.Series([w[0] for w in workers], dtype="string"),
            "team": pd.Series([w[1] for w in workers], dtype="string"),
            "role": pd.Series(["Social worker"] * len(workers), dtype="string"),
            "case_holding": pd.Series([w[2] for w in workers], dtype="boolean"),
            "employment_type": pd.Series(["permanent"] * len(workers), dtype="string"),
            "fte": pd.Series([1.0] * len(workers), dtype="Float64"),
            "start_date": dates(w[3] for w in workers),
            "end_date": dates(w[4] for w in workers),
            "caseload": pd.Series([w[5] for w in workers], dtype="Int64"),
        }
    )


def allocations(*episodes: tuple) -> pd.DataFrame:
    """Resolved episodes of (child_id, worker_id, team, start_date, end_date)."""
    return pd.DataFrame(
        {
            "child_id": pd.Series([e[0] for e in episodes], dtype="string"),
            "worker_id": pd.Series([e[1] for e in episodes], dtype="string"),
            "team": pd.Series([e[2] for e in episodes], dtype="string"),
            "cohort": pd.Series(["CIN"] * len(episodes), dtype="string"),
            "start_date": dates(e[3] for e in episodes),
            "end_date": dates(e[4] for e in episodes),
            "month": [FEB] * len(episodes),
            "extract_date": dates(["2025-03-03"] * len(episodes)),
        }
    )


# February: W1 and W3 ordinary case holders, W2 started on the month end, W4 not case-holding,
# W5 left on the month end, W6 not case-holding with no children, W7 left mid-month.
STAFF = pd.concat(
    [
        workforce("2025-01", ("W1", "Team A", True, "2020-01-06", None, 5)),
        workforce(
            FEB,
            ("W1", "Team A", True, "2020-01-06", None, 2),
            ("W2", "Team A", True, "2025-02-28", None, 3),
            ("W3", "Team B", True, "2021-05-04", None, 0),
            ("W4", "Team B", False, "2021-05-04", None, 0),
            ("W5", "Team B", True, "2021-05-04", "2025-02-28", 4),
            ("W6", "Team B", False, "2021-05-04", None, 0),
            ("W7", "Team A", True, "2021-05-04", "2025-02-10", 0),
        ),
    ],
    ignore_index=True,
)
EPISODES = allocations(
    ("C1", "W1", "Team A", "2024-06-01", None),
    ("C1", "W1", "Team A", "2024-12-01", None),  # a second episode for the same child and worker
    ("C2", "W1", "Team A", "2025-01-15", "2025-03-05"),  # ended after the month end: open
    ("C3", "W1", "Team A", "2025-01-01", "2025-02-28"),  # ended on the month end: not open
    ("C1", "W2", "Team A", "2025-02-28", None),  # co-worked with W1, started on the month end
    ("C4", "W4", "Team B", "2025-01-01", None),
    ("C5", "W5", "Team B", "2025-01-01", None),
    ("C6", "W9", "Team A", "2025-01-01", None),  # W9 is in no workforce file
    ("C7", "W9", "Team C", "2025-02-01", None),
    ("C8", "W8", "Team B", "2025-01-01", "2025-02-28"),  # W8 absent too, but closed on the month end
    ("C9", "W8", "Team B", "2025-03-01", None),  # starts after the month end
)


# loaded_months


def test_a_month_with_no_workforce_file_is_no_upload():
    loads = batches(("workforce", "2025-01", 10), ("allocations", "2025-02", 30), ("workforce", "2025-03", 12))
    table = loaded_months(loads, ["workforce", "allocations"])
    statuses = dict(zip(zip(table["dataset"], table["month"], strict=True), table["status"], strict=True))
    assert statuses == {
        ("workforce", "2025-01"): LOADED,
        ("workforce", "2025-02"): NO_UPLOAD,
        ("workforce", "2025-03"): LOADED,
        ("allocations", "2025-01"): NO_UPLOAD,
        ("allocations", "2025-02"): LOADED,
        ("allocations", "2025-03"): NO_UPLOAD,
    }
    assert table["dataset"].tolist() == ["workforce"] * 3 + ["allocations"] * 3


def test_a_dataset_never_loaded_is_no_upload_every_month():
    table = loaded_months(batches(("workforce", "2025-01", 10), ("workforce", "2025-02", 10)))
    placements = table[table["dataset"] == "placements"]
    assert placements["month"].tolist() == ["2025-01", "2025-02"]
    assert placements["status"].tolist() == [NO_UPLOAD, NO_UPLOAD]
    assert placements["rows"].isna().all()


def test_every_monthly_dataset_is_listed_and_indicator_values_is_not():
    table = loaded_months(batches(("workforce", "2025-01", 10), ("indicator_values", None, 40)))
    assert set(table["dataset"]) == set(MONTHLY_DATASETS)
    assert set(MONTHLY_DATASETS) == {"workforce", "allocations", "health_assessments", "placements", "care_leavers"}
    assert table["month"].unique().tolist() == ["2025-01"]


def test_change_in_rows_is_on_the_previous_month_and_blank_for_the_first():
    loads = batches(("workforce", "2025-01", 100), ("workforce", "2025-02", 110), ("workforce", "2025-03", 99))
    table = loaded_months(loads, ["workforce"])
    assert table["rows"].tolist() == [100, 110, 99]
    assert table["rows_change"].isna().tolist() == [True, False, False]
    assert table["rows_change"].tolist()[1:] == [10, -11]
    assert table["rows_change_pct"].isna().tolist() == [True, False, False]
    assert table["rows_change_pct"].tolist()[1:] == pytest.approx([10.0, -10.0])


def test_change_is_never_taken_from_another_dataset():
    loads = batches(("workforce", "2025-01", 10), ("workforce", "2025-02", 20), ("placements", "2025-01", 5))
    placements = loaded_months(loads, ["workforce", "placements"]).query("dataset == 'placements'")
    assert placements["rows_change"].isna().tolist() == [True, True]


def test_change_is_blank_after_a_gap_and_for_the_gap_itself():
    loads = batches(("workforce", "2025-01", 100), ("workforce", "2025-03", 90))
    table = loaded_months(loads, ["workforce"])
    assert table["status"].tolist() == [LOADED, NO_UPLOAD, LOADED]
    assert table["rows_change"].isna().all()
    assert table["rows_change_pct"].isna().all()


def test_percentage_change_on_a_month_of_zero_rows_is_blank_but_the_change_is_shown():
    table = loaded_months(batches(("care_leavers", "2025-01", 0), ("care_leavers", "2025-02", 5)), ["care_leavers"])
    assert table["rows_change"].tolist()[1] == 5
    assert pd.isna(table["rows_change_pct"].iloc[1])


def test_through_month_extends_the_range_with_no_upload_months():
    table = loaded_months(batches(("workforce", "2025-01", 10)), ["workforce"], through_month="2025-03")
    assert table["month"].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert table["status"].tolist() == [LOADED, NO_UPLOAD, NO_UPLOAD]


def test_the_loaded_file_is_described():
    row = loaded_months(batches(("workforce", "2025-01", 10)), ["workforce"]).iloc[0]
    assert (row["file_name"], row["loaded_by"], row["batch_id"], row["rows"]) == (
        "workforce_2025-01.csv",
        "analyst",
        1,
        10,
    )
    assert row["extract_date"] == pd.Timestamp("2025-01-27")
    assert row["loaded_at"] == pd.Timestamp("2025-03-03 09:00", tz="UTC")


def test_no_batches_gives_an_empty_table_with_the_columns():
    table = loaded_months(batches(), ["workforce"])
    assert table.empty
    assert "status" in table.columns and "rows_change_pct" in table.columns


def test_months_with_no_upload_lists_the_gaps():
    loads = batches(("workforce", "2025-01", 10), ("workforce", "2025-03", 10), ("placements", "2025-02", 4))
    gaps = months_with_no_upload(loaded_months(loads, ["workforce", "placements"]))
    assert list(zip(gaps["dataset"], gaps["month"], strict=True)) == [
        ("workforce", "2025-02"),
        ("placements", "2025-01"),
        ("placements", "2025-03"),
    ]


# workers_missing_from_workforce


def test_a_worker_with_open_allocations_and_no_workforce_row_is_listed_once():
    missing = workers_missing_from_workforce(EPISODES, STAFF, FEB)
    assert missing["worker_id"].tolist() == ["W9"]
    assert missing["teams"].tolist() == ["Team A; Team C"]
    assert missing["children"].tolist() == [2]


def test_a_worker_whose_allocations_are_not_open_at_month_end_is_not_listed():
    missing = workers_missing_from_workforce(EPISODES, STAFF, FEB)
    assert "W8" not in missing["worker_id"].tolist()


def test_a_worker_in_the_file_who_has_left_is_not_missing_from_it():
    missing = workers_missing_from_workforce(EPISODES, STAFF, FEB)
    assert "W5" not in missing["worker_id"].tolist()


def test_a_month_without_workforce_rows_lists_nobody_and_says_so():
    assert workforce_loaded(STAFF, FEB)
    assert not workforce_loaded(STAFF, "2025-03")
    missing = workers_missing_from_workforce(EPISODES, STAFF, "2025-03")
    assert missing.empty
    assert missing.columns.tolist() == ["worker_id", "teams", "children"]


def test_only_that_months_workforce_rows_count():
    # January's file lists only W1, so in January W2 (allocated from 2025-01-01 here) is missing.
    january = allocations(("C1", "W2", "Team A", "2025-01-01", None), ("C2", "W1", "Team A", "2025-01-01", None))
    assert workers_missing_from_workforce(january, STAFF, "2025-01")["worker_id"].tolist() == ["W2"]


# caseload_cross_check


def cross_check() -> pd.DataFrame:
    return caseload_cross_check(EPISODES, STAFF, FEB).set_index("worker_id")


def test_a_co_worked_child_counts_once_for_each_worker():
    counted = allocated_children_by_worker(EPISODES, FEB)
    assert counted["W1"] == 2  # C1 (two episodes, counted once) and C2; C3 ended on the month end
    assert counted["W2"] == 1  # C1, co-worked with W1


def test_stated_caseload_beside_children_counted():
    table = cross_check()
    assert table.loc["W1", ["stated_caseload", "allocated_children", "difference", "differs"]].tolist() == [
        2,
        2,
        0,
        False,
    ]
    assert table.loc["W2", ["stated_caseload", "allocated_children", "difference", "differs"]].tolist() == [
        3,
        1,
        2,
        True,
    ]


def test_a_case_holder_with_no_allocations_is_counted_as_zero_children():
    assert cross_check().loc["W3", ["allocated_children", "difference", "differs"]].tolist() == [0, 0, False]


def test_workers_outside_the_caseload_figures_are_shown_only_with_open_allocations():
    table = cross_check()
    assert table.index.tolist() == ["W2", "W4", "W5", "W1", "W3"]  # differing first
    assert table["in_caseload_figures"].to_dict() == {"W2": True, "W4": False, "W5": False, "W1": True, "W3": True}
    assert table.loc["W4", "note"] == NOT_CASE_HOLDING
    assert table.loc["W5", "note"] == NOT_IN_POST  # left on the month end
    assert table.loc["W5", ["stated_caseload", "allocated_children", "difference"]].tolist() == [4, 1, 3]
    assert table.loc["W1", "note"] == ""


def test_other_months_rows_are_not_read():
    assert cross_check().loc["W1", "stated_caseload"] == 2  # January's file says 5


def test_inputs_are_not_modified():
    staff, episodes = STAFF.copy(), EPISODES.copy()
    caseload_cross_check(EPISODES, STAFF, FEB)
    workers_missing_from_workforce(EPISODES, STAFF, FEB)
    data_quality_figures(batches(("workforce", FEB, 7)), STAFF, EPISODES, [FEB])
    pd.testing.assert_frame_equal(STAFF, staff)
    pd.testing.assert_frame_equal(EPISODES, episodes)


# data_quality_figures

LOADS = batches(
    ("workforce", "2025-01", 1),
    ("placements", "2025-01", 40),
    ("workforce", FEB, 7),
    ("allocations", FEB, 11),
    ("indicator_values", None, 12),
)


def figures(months: list[str]) -> dict[tuple[str, str], tuple[float, float, float]]:
    table = data_quality_figures(LOADS, STAFF, EPISODES, months)
    assert table.columns.tolist() == ["month", "code", "breakdown", "numerator", "denominator", "value"]
    assert (table["breakdown"] == "").all()
    return {
        (m, c): (n, d, v)
        for m, c, n, d, v in zip(
            table["month"], table["code"], table["numerator"], table["denominator"], table["value"], strict=True
        )
    }


def same(got: tuple[float, float, float], expected: tuple[float, float, float]) -> bool:
    return all((math.isnan(g) and math.isnan(e)) or g == e for g, e in zip(got, expected, strict=True))


NAN = float("nan")


def test_month_with_workforce_and_allocations_has_every_figure():
    got = figures([FEB])
    assert set(got) == {
        (FEB, "rows_workforce"),
        (FEB, "rows_allocations"),
        (FEB, "stated_caseload_total"),
        (FEB, "allocated_children_counted"),
        (FEB, "workers_missing_from_workforce"),
        (FEB, "caseload_mismatch_workers"),
    }
    assert same(got[(FEB, "rows_workforce")], (NAN, NAN, 7))
    assert same(got[(FEB, "rows_allocations")], (NAN, NAN, 11))
    # case-holding in post at 28 February: W1 (2), W2 (3), W3 (0); W5 left on the month end
    assert same(got[(FEB, "stated_caseload_total")], (NAN, NAN, 5))
    assert same(got[(FEB, "allocated_children_counted")], (NAN, NAN, 3))
    # only W2 differs, out of W1, W2, W3
    assert same(got[(FEB, "caseload_mismatch_workers")], (1, 3, 1))
    # W9 is missing, out of W1, W2, W4, W5, W9 with open allocations
    assert same(got[(FEB, "workers_missing_from_workforce")], (1, 5, 1))


def test_month_without_an_allocations_file_has_no_allocation_figures():
    got = figures(["2025-01"])
    assert set(got) == {
        ("2025-01", "rows_workforce"),
        ("2025-01", "rows_placements"),
        ("2025-01", "stated_caseload_total"),
    }
    assert same(got[("2025-01", "stated_caseload_total")], (NAN, NAN, 5))


def test_month_with_nothing_loaded_returns_no_rows_and_only_the_months_asked_for():
    assert figures(["2025-03"]) == {}
    assert {m for m, _ in figures(["2025-01", "2025-03"])} == {"2025-01"}


def test_figures_are_floats():
    table = data_quality_figures(LOADS, STAFF, EPISODES, [FEB])
    assert table[["numerator", "denominator", "value"]].dtypes.tolist() == ["float64"] * 3
    empty = data_quality_figures(LOADS, STAFF, EPISODES, [])
    assert empty.empty and empty.columns.tolist() == ["month", "code", "breakdown", "numerator", "denominator", "value"]
