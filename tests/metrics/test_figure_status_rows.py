"""statuses() and statuses_of() (issue 18: plain values instead of a Series per row) give exactly what
figure_status gives each row that iterrows yields, whatever the columns' types, gaps and missing columns."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.figure_status import STATUS_COLUMNS, figure_status, statuses, statuses_of

PROPERTIES = settings(max_examples=200, deadline=None, derandomize=True)
NUMBER = st.one_of(st.none(), st.just(math.nan), st.integers(0, 14).map(float), st.floats(0, 100, allow_nan=False))


@st.composite
def figures(draw):
    count = draw(st.integers(0, 12))
    months = [f"2025-{m:02d}" for m in range(1, count + 1)]
    frame = pd.DataFrame({"month": months, "code": ["x"] * count, "source_batches": ["1,2"] * count})
    for name in ("value", *STATUS_COLUMNS):
        if draw(st.integers(0, 4)):  # sometimes the column is absent
            column = pd.Series(draw(st.lists(NUMBER, min_size=count, max_size=count)), dtype="float64")
            kind = draw(st.sampled_from(["float64", "Int64", "object"]))
            if kind == "Int64":
                column = column.round().astype("Int64")
            elif kind == "object":
                column = column.astype(object).where(column.notna(), None)
            frame[name] = column.to_numpy() if kind != "Int64" else column.array
    return frame


@PROPERTIES
@given(figures())
def test_statuses_equal_figure_status_row_by_row(frame):
    expected = [figure_status(row, row["month"]) for _, row in frame.iterrows()]
    assert statuses(frame) == expected
    series = frame.set_index("month")
    assert statuses_of(series, series.index) == [figure_status(row, month) for month, row in series.iterrows()]
