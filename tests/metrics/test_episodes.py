"""metrics/episodes.py: in post and open at month end.

Both mean start_date on or before the month end and end_date blank or *after* the month end
(CONTRACT.md "In post at month end", "Open allocation at month end"). March 2025 ends on the 31st.
"""

from __future__ import annotations

import pandas as pd

from metrics.episodes import in_post_at_month_end, open_at_month_end

MONTH = "2025-03"


def spans(starts: list[str], ends: list[str | None], index: list[int] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start_date": pd.Series(pd.to_datetime(starts), dtype="datetime64[ns]"),
            "end_date": pd.Series(pd.to_datetime(ends), dtype="datetime64[ns]"),
        }
    ).set_axis(index or range(len(starts)))


def test_started_on_the_month_end_is_in_post():
    assert in_post_at_month_end(spans(["2025-03-31"], [None]), MONTH).tolist() == [True]


def test_started_the_day_after_the_month_end_is_not_in_post():
    assert in_post_at_month_end(spans(["2025-04-01"], [None]), MONTH).tolist() == [False]


def test_left_on_the_month_end_is_not_in_post():
    assert in_post_at_month_end(spans(["2020-01-06"], ["2025-03-31"]), MONTH).tolist() == [False]


def test_leaving_the_day_after_the_month_end_is_in_post():
    assert in_post_at_month_end(spans(["2020-01-06"], ["2025-04-01"]), MONTH).tolist() == [True]


def test_blank_end_date_is_in_post_and_left_earlier_in_the_month_is_not():
    frame = spans(["2020-01-06", "2020-01-06"], [None, "2025-03-10"])
    assert in_post_at_month_end(frame, MONTH).tolist() == [True, False]


def test_february_of_a_leap_year_ends_on_the_29th():
    frame = spans(["2024-02-29", "2020-01-06", "2020-01-06"], [None, "2024-02-29", "2024-02-28"])
    assert in_post_at_month_end(frame, "2024-02").tolist() == [True, False, False]


def test_open_allocation_uses_the_same_boundaries():
    frame = spans(
        ["2025-03-31", "2025-04-01", "2025-01-01", "2025-01-01", "2025-01-01"],
        [None, None, "2025-03-31", "2025-04-01", None],
    )
    assert open_at_month_end(frame, MONTH).tolist() == [True, False, False, True, True]


def test_mask_keeps_the_callers_index_and_frame():
    frame = spans(["2025-03-31", "2025-04-01"], [None, None], index=[7, 3])
    before = frame.copy()
    mask = open_at_month_end(frame, MONTH)
    assert mask.index.tolist() == [7, 3]
    assert mask.dtype == bool
    assert frame[mask].index.tolist() == [7]
    pd.testing.assert_frame_equal(frame, before)


def test_empty_frame_gives_an_empty_mask():
    assert in_post_at_month_end(spans([], []), MONTH).empty
