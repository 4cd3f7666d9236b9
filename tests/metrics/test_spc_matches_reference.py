"""The numpy XmR (metrics/spc.py, issue 18) gives exactly the frame of the pandas one it replaced
(tests/metrics/spc_reference.py, copied verbatim before the rewrite): same columns, dtypes, index, values to
the last bit, rule words, directions, variation, segments, too_short, clipped limits, and the same errors.

Series are drawn to hit the edges: gaps (NaN and months left out), ties and values on the mean, constant
runs, level shifts at change points, every polarity, short and long series, unsorted and non-plain labels
(Periods, full dates), duplicate months and change points outside the series.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import metrics.spc as fast
import tests.metrics.spc_reference as reference
from metrics.units import POLARITIES

PROPERTIES = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# few distinct values, so ties, equal neighbours and points exactly on the mean are common
COARSE = st.sampled_from([0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 100.0])
FINE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
POINT = st.one_of(COARSE, COARSE, FINE, st.just(math.nan))
BOUNDS = st.sampled_from([(None, None), (0.0, None), (0.0, 100.0), (None, 4.0), (2.0, 3.0)])


@st.composite
def series_and_options(draw):
    count = draw(st.integers(min_value=0, max_value=40))
    shape = draw(st.sampled_from(["points", "constant", "shifts", "rising"]))
    if shape == "points":
        values = draw(st.lists(POINT, min_size=count, max_size=count))
    elif shape == "constant":
        values = [draw(COARSE)] * count
    elif shape == "rising":  # trends, with a few breaks
        step = draw(st.sampled_from([-1.0, 1.0, 0.5]))
        values = [i * step + draw(st.sampled_from([0.0, 0.0, 0.0, 3.0])) for i in range(count)]
    else:  # level shifts: blocks around different levels
        values = []
        while len(values) < count:
            level, noise = draw(COARSE), draw(st.sampled_from([0.0, 0.5, 1.0]))
            length = draw(st.integers(min_value=1, max_value=12))
            values += [level + noise * draw(st.sampled_from([-1, 0, 1])) for _ in range(length)]
        values = values[:count]
    for position in draw(st.lists(st.integers(min_value=0, max_value=max(count - 1, 0)), max_size=4)):
        if count:
            values[position] = math.nan  # gaps
    start = pd.Period(f"{draw(st.integers(min_value=2000, max_value=2030))}-{draw(st.integers(1, 12)):02d}", freq="M")
    months = pd.period_range(start, periods=count, freq="M")
    kept = [i for i in range(count) if not draw(st.booleans()) or draw(st.integers(0, 5))]  # months left out
    months, values = months[kept], [values[i] for i in kept]
    order = draw(st.permutations(range(len(kept)))) if draw(st.integers(0, 4)) == 0 else range(len(kept))
    labels = draw(st.sampled_from(["plain", "plain", "plain", "period", "date"]))
    index = [months[i] for i in order]
    if labels == "plain":
        index = [month.strftime("%Y-%m") for month in index]
    elif labels == "date":
        index = [month.strftime("%Y-%m-01") for month in index]
    if index and draw(st.integers(0, 19)) == 0:
        index[-1] = index[0]  # a month twice
    series = pd.Series([values[i] for i in order], index=pd.Index(index), dtype="float64")

    changes = []
    if count:
        every = pd.period_range(start, periods=count, freq="M").strftime("%Y-%m").tolist()
        changes = draw(st.lists(st.sampled_from(every), max_size=3, unique=True))
        if draw(st.integers(0, 19)) == 0:
            changes.append((start - 1).strftime("%Y-%m"))  # outside the series
    return {
        "values": series,
        "polarity": draw(st.sampled_from(POLARITIES)),
        "change_points": changes,
        "run_length": draw(st.sampled_from([fast.RUN_LENGTH, fast.RUN_LENGTH, 1, 2, 3, 6, 8])),
        "trend_length": draw(st.sampled_from([fast.TREND_LENGTH, fast.TREND_LENGTH, 1, 2, 3, 5, 9])),
        "bounds": draw(BOUNDS),
    }


def outcome(function, arguments):
    try:
        return function(**arguments), None
    except (ValueError, TypeError) as error:
        return None, (type(error), str(error))


@PROPERTIES
@given(series_and_options())
def test_the_numpy_xmr_gives_the_pandas_frame_exactly(arguments):
    expected, expected_error = outcome(reference.xmr, arguments)
    got, got_error = outcome(fast.xmr, arguments)
    assert got_error == expected_error
    if expected is not None:
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


@FEWER
@given(
    st.lists(POINT.filter(lambda v: not math.isnan(v)), max_size=30),
    st.sampled_from([0.0, 1.0, 2.5, 5.0]),
    st.sampled_from([0.0, 0.5, 2.0]),
    st.integers(min_value=1, max_value=9),
)
def test_each_rule_on_its_own_gives_the_pandas_flags(points, mean, spread, length):
    values = pd.Series(points, index=[f"p{i}" for i in range(len(points))], dtype="float64", name="v")
    lower, upper = mean - spread, mean + spread
    pairs = [
        (fast.outside_limits(values, lower, upper), reference.outside_limits(values, lower, upper)),
        (fast.near_limit(values, mean, lower, upper), reference.near_limit(values, mean, lower, upper)),
        (fast.run_on_one_side(values, mean, length), reference.run_on_one_side(values, mean, length)),
        (fast.trend(values, length), reference.trend(values, length)),
        (fast.two_in_three(values, mean, lower, upper), reference.two_in_three(values, mean, lower, upper)),
    ]
    for got, expected in pairs:
        pd.testing.assert_series_equal(got, expected, check_exact=True)


@pytest.mark.parametrize(
    "values",
    [
        [5.0] * 24,  # constant: zero spread, every point on the mean
        [1.0, 2.0, 3.0] * 8,  # the mean is a value
        [math.nan] * 5,  # no points at all
        [7.0],  # one point: no moving range
        [1.0, 2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 1],  # a peak between two trends
    ],
)
def test_edge_series_match(values):
    series = pd.Series(values, index=pd.period_range("2024-01", periods=len(values), freq="M").strftime("%Y-%m"))
    for polarity in POLARITIES:
        pd.testing.assert_frame_equal(
            fast.xmr(series, polarity, bounds=(0.0, 100.0)),
            reference.xmr(series, polarity, bounds=(0.0, 100.0)),
            check_exact=True,
        )


def test_empty_series_and_bad_polarity_match():
    pd.testing.assert_frame_equal(fast.xmr(pd.Series(), "higher"), reference.xmr(pd.Series(), "higher"))
    with pytest.raises(ValueError, match="polarity must be one of"):
        fast.xmr(pd.Series([1.0], index=["2024-01"]), "up")
    np.testing.assert_array_equal(fast.xmr(pd.Series([1.0], index=["2024-01"]), "lower").index, ["2024-01"])


def test_an_infinite_value_is_refused_with_the_same_error():
    months = pd.period_range("2024-01", periods=14, freq="M").strftime("%Y-%m")
    series = pd.Series([1.0] * 13 + [math.inf], index=months)
    errors = []
    for function in (reference.xmr, fast.xmr):
        with pytest.raises(ValueError) as raised:
            function(series, "higher")
        errors.append((type(raised.value), str(raised.value)))
    assert errors[0] == errors[1]
