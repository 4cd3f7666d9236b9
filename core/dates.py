"""Reporting months and ages, counted the way the data contract says."""

from __future__ import annotations

from datetime import date

import pandas as pd


def month_bounds(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a YYYY-MM reporting month."""
    start = pd.Timestamp(f"{month}-01")
    return start, start + pd.offsets.MonthEnd(0)


def month_label(month: str) -> str:
    """'2025-03' as 'March 2025' for messages."""
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


def ages_at(dates_of_birth: pd.Series, on: date | pd.Timestamp) -> pd.Series:
    """Completed years on a day; a birthday on that day counts, 29 February is reached on 1 March."""
    on = pd.Timestamp(on)
    born = pd.to_datetime(dates_of_birth)
    before_birthday = (born.dt.month > on.month) | ((born.dt.month == on.month) & (born.dt.day > on.day))
    return (on.year - born.dt.year - before_birthday.astype("Int64")).astype("Int64")


def shift_month(month: str, by: int) -> str:
    """'2025-03' moved by whole months: shift_month('2025-11', 3) == '2026-02'."""
    return (pd.Period(month, freq="M") + by).strftime("%Y-%m")


def short_month_label(month: str) -> str:
    """'2025-03' as 'Mar 2025' for tables and chart notes."""
    return pd.Timestamp(f"{month}-01").strftime("%b %Y")


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive (empty when last is before first)."""
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")] if first <= last else []
