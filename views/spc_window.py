"""The SPC of one indicator's series over a window of months, as the pages show it: computed (xmr), or read
as the store computed it on write (spc_points, issue 18). One home for both, so a stored frame and a
computed one cannot differ: workflows/page_tables.py stores `spc_of`, views.themes.indicator_view reads
`stored_spc` and computes `spc_xmr` only when nothing is stored for the window.

`data` is a views.themes.Figures (figures, change_points and, when read from the store, spc).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np
import pandas as pd

from core.dates import shift_month
from metrics.catalogue import Indicator
from metrics.figure_status import STATUS_COLUMNS, FigureStatus, statuses_of
from metrics.spc import bounds_of, xmr
from store.page_tables import SPC_COLUMNS
from store.tables import WHOLE_SERIES

WHOLE = ""  # the whole authority's breakdown
SPC_WINDOW = 24  # months a page's SPC opens on: the theme pages' default and each surgery matrix cell


def series_of(figures: pd.DataFrame, code: str, breakdown: str = WHOLE) -> pd.DataFrame:
    """The monthly series of one indicator and breakdown: numerator, denominator, value, provisional,
    source_batches and the status columns (not_yet_due, months_held, months_needed), indexed 'YYYY-MM'."""
    indexed, rows = _series_rows(figures)
    return indexed.take(rows.get((code, breakdown), _NO_ROWS))


SERIES_COLUMNS = ["numerator", "denominator", "value", "provisional", "source_batches"]
_NO_ROWS = np.zeros(0, dtype=np.intp)
_GROUPED: tuple = (None, None, {})  # (figures, indexed, rows by series): the last figures frame grouped


def _series_rows(figures: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The figures indexed by month (in month order) with series_of's columns, and the positions of each
    (code, breakdown)'s rows: worked out once per figures frame, not filtered again for every series a
    page or a store refresh reads (issue 18)."""
    global _GROUPED
    held = _GROUPED
    if held[0] is figures:
        return held[1], held[2]
    ordered = figures.sort_values("month", kind="stable")
    columns = SERIES_COLUMNS + [c for c in STATUS_COLUMNS if c in figures]
    indexed = ordered.set_index("month")[columns]
    rows = ordered.groupby(["code", "breakdown"], sort=False).indices if len(ordered) else {}
    _GROUPED = (figures, indexed, rows)
    return indexed, rows


def series_statuses(series: pd.DataFrame) -> dict[str, FigureStatus]:
    """Each month's figure_status in a series_of frame (provisional, incomplete, no cases, complete)."""
    return dict(zip(series.index, statuses_of(series, series.index), strict=True))


def window_series(data, indicator: Indicator, breakdown: str, months: tuple[str, str] | None):
    """(breakdown, note, series, marked, points, statuses, judged) of an indicator view: the series in the
    window (the whole authority's when the breakdown has none), the change points marked and those
    inside the window, each month's status and the values the limits are judged on."""
    series, note = series_of(data.figures, indicator.code, breakdown), None
    if breakdown and series.empty:
        column = breakdown.split(":")[0]
        note = f"No figures by {column} for this indicator: showing the whole authority."
        breakdown, series = WHOLE, series_of(data.figures, indicator.code, WHOLE)
    if months is not None and len(series):
        labels = series.index.tolist()  # in month order (series_of)
        series = series.iloc[bisect_left(labels, months[0]) : bisect_right(labels, months[1])]
    marked = data.change_points[data.change_points["code"] == indicator.code] if len(data.change_points) else None
    points = [] if marked is None else [m for m in marked["month"] if len(series) and series.index[0] < m]
    points = [m for m in points if m <= series.index[-1]]
    statuses = series_statuses(series)
    judged = series["value"].where([statuses[m].judged for m in series.index])  # incomplete: not in limits
    return breakdown, note, series, marked, points, statuses, judged


def spc_xmr(indicator: Indicator, series: pd.DataFrame, judged: pd.Series, points: list[str]) -> pd.DataFrame:
    """The XmR frame of a window's judged values, limits restarting at its change points."""
    if not len(series):
        return xmr(pd.Series(), "neither")
    return xmr(judged, indicator.polarity, change_points=points, bounds=bounds_of(indicator.unit))


def spc_of(data, indicator: Indicator, breakdown: str, months: tuple[str, str] | None) -> pd.DataFrame | None:
    """The XmR frame an indicator view shows for this window, computed (what the store keeps on write);
    None when the breakdown has no figures (the view falls back to the whole authority)."""
    used, _, series, _, points, _, judged = window_series(data, indicator, breakdown, months)
    return spc_xmr(indicator, series, judged, points) if used == breakdown else None


def stored_window(months: list[str]) -> tuple[str, str] | None:
    """The window the store keeps SPC for: the SPC_WINDOW months to the latest month with figures, from
    the first month with figures when there are fewer (the same series either way)."""
    if not months:
        return None
    return max(months[0], shift_month(months[-1], 1 - SPC_WINDOW)), months[-1]


def stored_spc(
    data, code: str, breakdown: str, months: tuple[str, str] | None, judged: pd.Series
) -> pd.DataFrame | None:
    """The XmR frame the store computed on write for this series and window, or None when it holds none
    (another window) or holds one for other values (a change stored without its refresh: computed live)."""
    spc = getattr(data, "spc", None)
    if spc is None or spc.empty:
        return None
    first, series = _indexed(spc, data.figures)
    key = (WHOLE_SERIES, WHOLE_SERIES) if months is None else (max(months[0], *first), months[1])
    rows = series.get((code, breakdown, *key))
    if rows is None:
        return None
    frame = rows.set_index("month")[SPC_COLUMNS]
    frame.index = pd.Index(list(frame.index))
    values = frame["value"].astype("float64").to_numpy()
    expected = judged.reindex(frame.index).astype("float64").to_numpy()
    if len(judged.dropna()) != len(frame["value"].dropna()) or not np.allclose(values, expected, equal_nan=True):
        return None
    types = {name: "float64" for name in ("value", "mean", "lower_limit", "upper_limit", "moving_range")}
    return frame.astype({**types, "special_cause": bool, "near_limit": bool, "too_short": bool, "segment": int})


_INDEXED: tuple = (None, None, (), {})  # (spc, figures, first month, series by key): the last pair indexed


def _indexed(spc: pd.DataFrame, figures: pd.DataFrame) -> tuple[tuple[str, ...], dict]:
    """The stored SPC by (code, breakdown, window start, window end), and the first month with figures,
    worked out once per page read rather than scanned for every cell of the surgery matrix."""
    global _INDEXED
    held = _INDEXED
    if held[0] is spc and held[1] is figures:
        return held[2], held[3]
    series = dict(iter(spc.groupby(["code", "breakdown", "window_start", "window_end"], sort=False)))
    first = (str(figures["month"].min()),) if len(figures) else ()
    _INDEXED = (spc, figures, first, series)
    return first, series
