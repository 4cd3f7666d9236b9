"""Who is in post and which allocations are open at a month end, as the data contract defines them.

Both definitions share one rule: started on or before the month end, and end date blank or *after* the
month end. A worker who leaves, or an allocation that ends, on the last day of the month is not counted.
"""

from __future__ import annotations

import pandas as pd

from core.dates import month_bounds


def _spans_month_end(frame: pd.DataFrame, month: str) -> pd.Series:
    """Mask of rows whose start_date is on or before the month end and whose end_date is blank or after it."""
    _, month_end = month_bounds(month)
    start = pd.to_datetime(frame["start_date"])
    end = pd.to_datetime(frame["end_date"])
    spans = (start <= month_end) & (end.isna() | (end > month_end))
    return spans.fillna(False).astype(bool)


def in_post_at_month_end(workforce: pd.DataFrame, month: str) -> pd.Series:
    """Mask of workforce rows in post at month end (CONTRACT.md "In post at month end").

    Pass the month's own workforce rows; the mask only reads start_date and end_date, so it is aligned
    with the frame's index and can select from it (`rows[in_post_at_month_end(rows, month)]`).
    """
    return _spans_month_end(workforce, month)


def open_at_month_end(episodes: pd.DataFrame, month: str) -> pd.Series:
    """Mask of allocation episodes open at month end (CONTRACT.md "Open allocation at month end").

    Pass resolved episodes (the latest known copy of each), so a later file's end date is the one used.
    """
    return _spans_month_end(episodes, month)
