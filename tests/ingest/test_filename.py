"""ingest/filename.py: extract date and reporting month from a file name, as CONTRACT.md "Uploads" says.

A full date (2019-01-25, 25-01-2019, 25.01.2019) is an extract date; a 2018-12 month is the reporting
month, not an extract date; bare digit runs like 01022019 are not guessed.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest.filename import extract_date_from_name, reporting_month_from_name


def read(name: str) -> tuple[date | None, str | None]:
    return extract_date_from_name(name), reporting_month_from_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "placements_2019-01-25.csv",
        "placements_25-01-2019.csv",
        "placements_25.01.2019.csv",
        "2019-01-25 placements.csv",
        "placements 25.01.2019",
    ],
)
def test_full_date_is_the_extract_date(name):
    assert read(name) == (date(2019, 1, 25), None)


def test_year_month_is_the_reporting_month_not_an_extract_date():
    assert read("placements_2018-12.csv") == (None, "2018-12")


def test_year_month_after_a_hyphen():
    assert read("care-leavers-2018-12.csv") == (None, "2018-12")


def test_bare_digit_run_is_not_guessed():
    assert read("placements_01022019.csv") == (None, None)
    assert read("placements_20190125.csv") == (None, None)


def test_two_different_full_dates_give_no_extract_date():
    assert extract_date_from_name("placements_2019-01-25_2019-02-01.csv") is None
    assert extract_date_from_name("placements_25-01-2019_2019-02-01.csv") is None


def test_the_same_date_written_twice_is_one_date():
    assert extract_date_from_name("placements_2019-01-25_25.01.2019.csv") == date(2019, 1, 25)


def test_two_different_months_give_no_reporting_month():
    assert reporting_month_from_name("placements_2025-03_2025-04.csv") is None


def test_month_and_extract_date_in_one_name():
    assert read("workforce_2025-03_extract_2025-04-03.csv") == (date(2025, 4, 3), "2025-03")


@pytest.mark.parametrize(
    "name", ["placements March 2025.txt", "placements_mar_2025.csv", "placements-MARCH2025.csv", "Mar 2025.csv"]
)
def test_month_name_and_year_is_the_reporting_month(name):
    assert read(name) == (None, "2025-03")


def test_invalid_full_date_is_ignored():
    assert read("placements_31-02-2019.csv") == (None, None)
    assert read("placements_2019-02-31.csv") == (None, None)


def test_month_13_is_not_a_month():
    assert reporting_month_from_name("placements_2025-13.csv") is None


def test_financial_year_is_not_a_month():
    assert read("placements 2024-25.csv") == (None, None)


def test_name_without_dates():
    assert read("placements.csv") == (None, None)
