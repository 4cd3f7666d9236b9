"""metrics/working_days.py: the nth working day after a date, England's bank holidays skipped.

Dates checked against a calendar by hand. March 2025 has no bank holidays; 2025's Easter is Good Friday
18 April and Easter Monday 21 April; the August bank holiday is Monday 25 August 2025; Christmas Day 2025
is a Thursday and Boxing Day a Friday; in 2020 Boxing Day was a Saturday, so Monday 28 December was the
substitute bank holiday.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.working_days import bank_holidays, is_working_day, nth_working_day_after, working_days_elapsed


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def test_twentieth_working_day_after_a_monday_with_no_holidays_is_four_weeks_on():
    # Mon 3 March 2025 is day 0; Tue 4 is day 1 ... Fri 28 is day 19, Mon 31 March day 20.
    assert nth_working_day_after(day("2025-03-03"), 20) == day("2025-03-31")


def test_twenty_first_working_day_is_the_day_after_the_twentieth():
    assert nth_working_day_after(day("2025-03-03"), 21) == day("2025-04-01")


def test_entry_on_a_friday_counts_from_the_monday():
    # Fri 7 March is day 0, Mon 10 day 1, Fri 14 day 5, Fri 21 day 10, Fri 28 day 15, Fri 4 April day 20.
    assert nth_working_day_after(day("2025-03-07"), 1) == day("2025-03-10")
    assert nth_working_day_after(day("2025-03-07"), 20) == day("2025-04-04")


def test_entry_on_a_saturday_or_sunday_is_day_zero_too():
    assert nth_working_day_after(day("2025-03-08"), 1) == day("2025-03-10")
    assert nth_working_day_after(day("2025-03-09"), 1) == day("2025-03-10")
    assert nth_working_day_after(day("2025-03-08"), 20) == day("2025-04-04")


def test_good_friday_and_easter_monday_are_skipped():
    # Thu 17 April 2025 is day 0; Fri 18 and Mon 21 are bank holidays, so day 1 is Tue 22 April.
    assert nth_working_day_after(day("2025-04-17"), 1) == day("2025-04-22")
    # 22-25 Apr days 1-4, 28 Apr-2 May 5-9, Mon 5 May (early May bank holiday) skipped, 6-9 May 10-13,
    # 12-16 May 14-18, Mon 19 May 19, Tue 20 May 20.
    assert nth_working_day_after(day("2025-04-17"), 20) == day("2025-05-20")


def test_entry_on_a_bank_holiday_monday_counts_from_the_next_working_day():
    assert nth_working_day_after(day("2025-04-21"), 1) == day("2025-04-22")


def test_august_bank_holiday_in_england_is_skipped():
    # Fri 22 August 2025 is day 0; Mon 25 August is England's summer bank holiday (not Scotland's).
    assert nth_working_day_after(day("2025-08-22"), 1) == day("2025-08-26")


def test_christmas_boxing_day_and_new_year_are_skipped():
    # Wed 24 Dec 2025 day 0; Thu 25 and Fri 26 holidays; Mon 29 day 1, Tue 30 day 2, Wed 31 day 3,
    # Thu 1 Jan holiday, Fri 2 Jan day 4, 5-9 Jan 5-9, 12-16 Jan 10-14, 19-23 Jan 15-19, Mon 26 Jan day 20.
    assert nth_working_day_after(day("2025-12-24"), 1) == day("2025-12-29")
    assert nth_working_day_after(day("2025-12-24"), 20) == day("2026-01-26")


def test_substitute_boxing_day_is_skipped():
    # Thu 24 Dec 2020: Fri 25 Christmas, Sat 26 Boxing Day, Mon 28 the substitute day; day 1 is Tue 29.
    assert nth_working_day_after(day("2020-12-24"), 1) == day("2020-12-29")


def test_bank_holidays_are_englands_not_plain_gb():
    england_2025 = bank_holidays(2025, 2025)
    assert date(2025, 4, 21) in england_2025  # Easter Monday
    assert date(2025, 8, 25) in england_2025  # summer bank holiday
    assert date(2025, 8, 4) not in england_2025  # Scotland's summer bank holiday
    assert date(2025, 1, 2) not in england_2025  # Scotland's 2 January


def test_holiday_set_is_cached_per_year_range():
    assert bank_holidays(2024, 2026) is bank_holidays(2024, 2026)


def test_series_keeps_its_index_and_blank_dates():
    dates = pd.Series(pd.to_datetime(["2025-03-03", None, "2025-12-24"]), index=[7, 3, 9])
    result = nth_working_day_after(dates, 20)
    assert result.index.tolist() == [7, 3, 9]
    assert str(result.dtype) == "datetime64[ns]"
    assert result[7] == day("2025-03-31")
    assert pd.isna(result[3])
    assert result[9] == day("2026-01-26")


def test_series_is_not_modified():
    dates = pd.Series(pd.to_datetime(["2025-03-08"]))
    nth_working_day_after(dates, 20)
    assert dates.iloc[0] == day("2025-03-08")


def test_zero_working_days_is_refused():
    with pytest.raises(ValueError):
        nth_working_day_after(day("2025-03-03"), 0)


def test_is_working_day():
    dates = pd.Series(pd.to_datetime(["2025-04-17", "2025-04-18", "2025-04-19", "2025-04-21", None]))
    assert is_working_day(dates).tolist() == [True, False, False, False, False]


def test_working_days_elapsed_counts_after_the_start_up_to_the_end_and_inverts_the_deadline():
    starts = pd.Series(pd.to_datetime(["2025-04-17", "2025-04-17", "2025-04-19", None]))
    ends = pd.Series(pd.to_datetime(["2025-04-22", "2025-04-17", "2025-04-23", "2025-05-01"]))
    # Thursday 17 April 2025: Good Friday 18th and Easter Monday 21st are bank holidays, so Tuesday the
    # 22nd is the 1st working day after; a Saturday start counts from the Monday after (here Tuesday).
    assert working_days_elapsed(starts, ends).tolist() == [1, 0, 2, pd.NA]
    start = pd.Series(pd.to_datetime(["2025-12-19"]))
    deadline = nth_working_day_after(start, 20)
    assert working_days_elapsed(start, deadline).tolist() == [20]
