"""Working days as the data contract counts them: weekends and England's bank holidays skipped.

Bank holidays come from `holidays.country_holidays("GB", subdiv="ENG")` (CONTRACT.md, "Indicator
definitions"): plain "GB" misses Easter Monday and the August bank holiday, which are not bank holidays
in Scotland. Substitute days ("Boxing Day (observed)") and one-off days (a state funeral, a coronation)
are bank holidays too and are skipped. The holiday set is built once per range of years and cached.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays
import numpy as np
import pandas as pd

COUNTRY = "GB"
SUBDIVISION = "ENG"
WEEKMASK = "1111100"  # Monday to Friday


@cache
def bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """England's bank holidays from 1 January of first_year to 31 December of last_year, sorted."""
    days = holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=range(first_year, last_year + 1))
    return tuple(sorted(days))


@cache
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    return np.busdaycalendar(weekmask=WEEKMASK, holidays=np.array(bank_holidays(first_year, last_year), "M8[D]"))


def _years_for(first_year: int, last_year: int, n: int) -> tuple[int, int]:
    """Years of holidays needed to count n working days on from dates in first_year..last_year."""
    return first_year, last_year + 1 + n // 200


def is_working_day(dates: pd.Series) -> pd.Series:
    """Mask of dates that are neither a weekend nor an England bank holiday (NaT gives False)."""
    values = pd.to_datetime(dates)
    known = values.notna()
    out = pd.Series(False, index=dates.index, dtype=bool)
    if known.any():
        calendar = _calendar(*_years_for(int(values[known].dt.year.min()), int(values[known].dt.year.max()), 0))
        out[known] = np.is_busday(values[known].to_numpy().astype("M8[D]"), busdaycal=calendar)
    return out


def nth_working_day_after(dates, n: int):
    """The nth working day after each date, the date itself being day 0.

    A date that falls on a weekend or bank holiday is still day 0, so the 1st working day after a
    Saturday entry is the Monday (or the Tuesday after a bank-holiday Monday). Takes a Series (NaT stays
    NaT, the index is kept, datetime64[ns] returned) or a single date (a Timestamp returned).
    """
    if n < 1:
        raise ValueError(f"n must be 1 or more working days, not {n}")
    if not isinstance(dates, pd.Series):
        return nth_working_day_after(pd.Series([pd.Timestamp(dates)]), n).iloc[0]
    values = pd.to_datetime(dates).dt.normalize()
    known = values.notna()
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    if known.any():
        calendar = _calendar(*_years_for(int(values[known].dt.year.min()), int(values[known].dt.year.max()), n))
        # Rolling a non-working day 0 back to the previous working day, then counting on n, gives the nth
        # working day after the date itself.
        shifted = np.busday_offset(values[known].to_numpy().astype("M8[D]"), n, roll="backward", busdaycal=calendar)
        out[known] = pd.to_datetime(shifted).astype("datetime64[ns]")
    return out


def working_days_elapsed(starts: pd.Series, ends: pd.Series) -> pd.Series:
    """Working days after each start up to and including its end (the start itself is day 0).

    The count nth_working_day_after inverts: an end on the 20th working day after the start has 20
    elapsed. Shown beside initial health assessments in the surgery's exception lists; the in-time
    status itself stays the deadline comparison. A missing start or end gives <NA>.
    """
    begin, end = pd.to_datetime(starts).dt.normalize(), pd.to_datetime(ends).dt.normalize()
    known = begin.notna() & end.notna()
    out = pd.Series(pd.NA, index=starts.index, dtype="Int64")
    if known.any():
        years = (int(begin[known].dt.year.min()), int(end[known].dt.year.max()))
        calendar = _calendar(*years)
        first = (begin[known] + pd.Timedelta(days=1)).to_numpy().astype("M8[D]")
        last = (end[known] + pd.Timedelta(days=1)).to_numpy().astype("M8[D]")
        out[known] = np.busday_count(first, last, busdaycal=calendar)
    return out
