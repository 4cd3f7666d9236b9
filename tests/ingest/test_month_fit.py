"""ingest/month_fit.py and core/dates.py: rows that do not fit the reporting month, and ages at month end.

Ages are completed years at month end; a birthday on the last day counts, and a 29 February birthday is
reached on 1 March in other years (CONTRACT.md "Indicator definitions").
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.dates import ages_at, month_bounds, month_label
from ingest.check import check_file
from ingest.month_fit import PERIODS, month_fit_warnings, wrong_month_warnings
from reference import dataset_specs

SPECS = dataset_specs()
FILE = "extract.csv"


def dates(*values: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), format="%Y-%m-%d"), dtype="datetime64[ns]")


def workforce(start_dates: list[str], end_dates: list[str | None]) -> pd.DataFrame:
    rows = range(2, 2 + len(start_dates))
    return pd.DataFrame(
        {
            "worker_id": pd.Series([f"W{r}" for r in rows], dtype="string"),
            "start_date": dates(*start_dates),
            "end_date": dates(*end_dates),
        }
    ).set_axis(rows)


def care_leavers(births: list[str]) -> pd.DataFrame:
    rows = range(2, 2 + len(births))
    return pd.DataFrame(
        {"child_id": pd.Series([f"C{r}" for r in rows], dtype="string"), "date_of_birth": dates(*births)}
    ).set_axis(rows)


def warned(frame: pd.DataFrame, dataset: str, month: str, headers: dict[str, str] | None = None):
    issues = month_fit_warnings(frame, SPECS[dataset], month, FILE, headers or {})
    return [(i.rule, i.row, i.column, i.value, i.severity) for i in issues]


# core/dates.py


def test_month_bounds():
    assert month_bounds("2025-03") == (pd.Timestamp(2025, 3, 1), pd.Timestamp(2025, 3, 31))
    assert month_bounds("2024-02") == (pd.Timestamp(2024, 2, 1), pd.Timestamp(2024, 2, 29))
    assert month_bounds("2025-02") == (pd.Timestamp(2025, 2, 1), pd.Timestamp(2025, 2, 28))


def test_month_label():
    assert month_label("2025-03") == "March 2025"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2008-03-31", date(2025, 3, 31), 17),  # birthday on the day counts
        ("2008-03-31", date(2025, 3, 30), 16),  # the day before it does not
        ("2008-04-01", date(2025, 3, 31), 16),
        ("2008-01-15", date(2025, 3, 31), 17),
        ("2008-02-29", date(2025, 2, 28), 16),  # 29 February not reached on 28 February ...
        ("2008-02-29", date(2025, 3, 1), 17),  # ... but on 1 March in other years
        ("2008-02-29", date(2024, 2, 29), 16),  # and on the day itself in a leap year
        ("2008-02-29", date(2024, 2, 28), 15),
        ("2003-12-31", date(2025, 12, 31), 22),
        ("2004-01-01", date(2025, 12, 31), 21),
    ],
)
def test_ages_at(born, on, age):
    assert ages_at(dates(born), on).tolist() == [age]


def test_ages_at_accepts_a_timestamp_and_keeps_missing_births_missing():
    ages = ages_at(dates("2008-03-31", None), pd.Timestamp(2025, 3, 31))
    assert str(ages.dtype) == "Int64"
    assert ages.tolist() == [17, pd.NA]


# Dates outside the reporting month (workforce).


def test_start_date_after_month_end_is_a_warning():
    frame = workforce(["2025-03-31", "2025-04-01"], [None, None])
    assert warned(frame, "workforce", "2025-03", {"start_date": "Start Date"}) == [
        ("after_month", 3, "Start Date", "01/04/2025", "warning")
    ]


def test_end_date_before_month_start_is_a_warning():
    frame = workforce(["2020-01-01", "2020-01-01", "2020-01-01"], ["2025-02-28", "2025-03-01", None])
    assert warned(frame, "workforce", "2025-03") == [("before_month", 2, "end_date", "28/02/2025", "warning")]


def test_end_date_after_month_end_is_not_a_warning():
    # end_date has no not_after_month_end rule: a worker who leaves later was in post in the month.
    frame = workforce(["2020-01-01"], ["2025-04-30"])
    assert warned(frame, "workforce", "2025-03") == []


def test_warning_message_names_the_month():
    frame = workforce(["2025-04-01"], [None])
    (issue,) = month_fit_warnings(frame, SPECS["workforce"], "2025-03", FILE, {})
    assert "March 2025" in issue.message


# Care leavers aged 17 to 21 at month end.


def test_care_leavers_outside_the_age_band_are_warnings():
    frame = care_leavers(
        [
            "2008-04-01",  # 16 on 31/03/2025
            "2008-03-31",  # 17 on 31/03/2025, its birthday
            "2003-04-01",  # 21
            "2003-03-31",  # 22 on 31/03/2025, its birthday
            "2003-03-30",  # 22
        ]
    )
    assert warned(frame, "care_leavers", "2025-03", {"date_of_birth": "DOB"}) == [
        ("outside_age_band", 2, "DOB", "01/04/2008", "warning"),
        ("outside_age_band", 5, "DOB", "31/03/2003", "warning"),
        ("outside_age_band", 6, "DOB", "30/03/2003", "warning"),
    ]


def test_age_band_message_gives_the_age():
    (issue,) = month_fit_warnings(care_leavers(["2008-04-01"]), SPECS["care_leavers"], "2025-03", FILE, {})
    assert "is 16 at the end of March 2025" in issue.message


def test_29_february_birthday_is_reached_on_1_march():
    frame = care_leavers(["2008-02-29"])
    assert warned(frame, "care_leavers", "2025-02") == [
        ("outside_age_band", 2, "date_of_birth", "29/02/2008", "warning")
    ]
    assert warned(frame, "care_leavers", "2025-03") == []


def test_missing_date_of_birth_is_not_an_age_warning():
    frame = care_leavers(["2008-03-31", None])
    assert warned(frame, "care_leavers", "2025-03") == []


def test_date_of_birth_after_month_end_is_a_warning():
    frame = care_leavers(["2025-04-02"])
    assert [w[0] for w in warned(frame, "care_leavers", "2025-03")] == ["after_month", "outside_age_band"]


# A file for the wrong month: no record touches the chosen month (issue 16).


def allocations(episodes: list[tuple[str, str | None]]) -> pd.DataFrame:
    rows = range(2, 2 + len(episodes))
    return pd.DataFrame(
        {
            "child_id": pd.Series([f"C{r}" for r in rows], dtype="string"),
            "start_date": dates(*[s for s, _ in episodes]),
            "end_date": dates(*[e for _, e in episodes]),
        }
    ).set_axis(rows)


def test_a_file_whose_records_all_ended_before_the_month_looks_like_the_month_before():
    frame = allocations([("2018-11-01", "2018-11-20"), ("2018-10-02", "2018-11-28")])
    (issue,) = wrong_month_warnings(frame, SPECS["allocations"], "2018-12", FILE)
    assert (issue.rule, issue.row, issue.severity) == ("wrong_month", None, "warning")
    assert "None of the 2 rows was current in December 2018" in issue.message
    assert "had ended before December 2018 began (the latest date is 28/11/2018)" in issue.message
    assert "This looks like the November 2018 extract" in issue.message


def test_one_record_touching_the_month_is_enough():
    frame = allocations([("2018-11-01", "2018-11-20"), ("2018-10-02", "2018-12-01")])
    assert wrong_month_warnings(frame, SPECS["allocations"], "2018-12", FILE) == []
    open_episode = allocations([("2018-11-01", "2018-11-20"), ("2017-01-01", None)])
    assert wrong_month_warnings(open_episode, SPECS["allocations"], "2018-12", FILE) == []


def test_a_file_whose_records_all_start_after_the_month_looks_like_a_later_one():
    frame = workforce(["2019-01-07", "2019-01-14"], [None, None])
    (issue,) = wrong_month_warnings(frame, SPECS["workforce"], "2018-12", FILE)
    assert "every one started after December 2018 ended" in issue.message
    assert "This looks like the January 2019 extract" in issue.message


def test_every_dataset_with_dates_is_checked_and_care_leavers_have_none_to_check():
    assert set(PERIODS) == {"workforce", "allocations", "health_assessments", "placements"}
    for dataset, (start, end) in PERIODS.items():
        names = SPECS[dataset].column_names
        assert start in names and (end is None or end in names)
    frame = care_leavers(["2001-01-01"])
    assert wrong_month_warnings(frame, SPECS["care_leavers"], "2018-12", FILE) == []


def test_the_check_page_rule_reaches_check_file():
    body = "child_id,worker_id,team,cohort,start_date,end_date\nC1,W1,Hub,CIN,01/11/2018,20/11/2018\n"
    result = check_file("allocations_2018-12.csv", body.encode())
    assert [i.rule for i in result.warnings] == ["wrong_month"]
    assert result.ready  # a warning: loadable once the analyst confirms
