"""metrics.panel_disclosure.month_states and settled_months without iterrows (issue 18) give exactly what the
iterrows versions gave (tests/metrics/panel_states_reference.py, copied verbatim before the rewrite, rule 1
through suppress_figure): the same frame (values, dtypes, index) or the same error, and the same months.

Series are drawn to hit the edges: figures around the threshold and their complements, no-cases months,
numerators above a percentage's denominator and gaps (both refused), float, whole-number, nullable and
object columns, unsorted months; sign-offs of some months, unchanged, changed by a little or a lot, missing,
recorded before what was shown was kept ('' / None / NaN / no column), hidden, rate only or shown, for
months outside the series, and with a month signed twice.
"""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tests.metrics.panel_states_reference as reference
from metrics.panel_disclosure import _with_shown, month_states, settled_months, share_denominators
from metrics.units import UNITS

PROPERTIES = settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]


@st.composite
def series(draw):
    months = draw(st.lists(st.sampled_from(MONTHS), unique=True, max_size=10))
    if draw(st.booleans()):
        months = sorted(months)
    numerators, denominators = [], []
    for _ in months:
        denominator = draw(st.sampled_from([0, 1, 3, 5, 6, 8, 12, 30, 47, 100, 100]))
        halves = [0, denominator, denominator // 2, denominator // 2, max(denominator - 1, 0)]
        numerator = draw(st.one_of(st.sampled_from(halves), st.integers(min_value=0, max_value=denominator)))
        if draw(st.integers(min_value=0, max_value=40)) == 0:  # now and then something refused
            numerator = draw(st.sampled_from([denominator + 1, math.nan, 2.5]))
        numerators.append(numerator)
        denominators.append(denominator)
    frame = pd.DataFrame(
        {
            "numerator": numerators,
            "denominator": denominators,
            "value": [float(n) for n in numerators],
            "source_batches": ["1,2"] * len(months),
        },
        index=pd.Index(months, name="month"),
    )
    kind = draw(st.sampled_from(["float64", "float64", "int64", "Int64", "object"]))
    try:
        frame = frame.astype({"numerator": kind, "denominator": kind})
    except (TypeError, ValueError):  # NaN or 2.5 as whole numbers: keep floats
        frame = frame.astype({"numerator": "float64", "denominator": "float64"})
    return frame


@st.composite
def published(draw, frame):
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        return None
    months = [m for m in frame.index if draw(st.booleans())] + draw(st.lists(st.sampled_from(MONTHS), max_size=2))
    rows = []
    for month in months:
        n = float(frame.loc[month, "numerator"]) if month in frame.index and draw(st.booleans()) else 0.0
        d = float(frame.loc[month, "denominator"]) if month in frame.index and draw(st.booleans()) else 12.0
        n += draw(st.sampled_from([0.0, 0.0, 0.0, 1e-8, 1e-3, 1.0]))
        if draw(st.integers(min_value=0, max_value=15)) == 0:
            n = math.nan
        shown_value = draw(st.sampled_from(["c", "c", "12.5%", "40.0%", "", None, math.nan]))
        shown_numerator = draw(st.sampled_from(["c", "3", "12"]))
        shown_denominator = draw(st.sampled_from(["c", "30", ""]))
        rows.append((month, n, d, shown_numerator, shown_denominator, shown_value))
    signed = pd.DataFrame(
        rows,
        columns=["month", "numerator", "denominator", "shown_numerator", "shown_denominator", "shown_value"],
    ).set_index("month")
    if draw(st.integers(min_value=0, max_value=10)) == 0:
        signed = signed.drop(columns=["shown_value"])
    return signed


def outcome(function, *args):
    try:
        return ("value", function(*args))
    except Exception as error:  # the same refusal: type and words
        return ("error", type(error), str(error))


def same(a, b):
    assert a[0] == b[0], (a, b)
    if a[0] == "error":
        assert a == b
    elif isinstance(a[1], pd.DataFrame):
        pd.testing.assert_frame_equal(a[1], b[1], check_exact=True)
        pd.testing.assert_index_equal(a[1].index, b[1].index, exact=True)
    else:
        assert a == b


@PROPERTIES
@given(data=st.data(), unit=st.sampled_from(UNITS), threshold=st.integers(min_value=1, max_value=10))
def test_month_states_and_settled_months_match_the_iterrows_versions(data, unit, threshold):
    frame = data.draw(series())
    signed = data.draw(published(frame))
    meeting = data.draw(st.sampled_from([None, *MONTHS[:6], *frame.index]))
    same(
        outcome(month_states, frame, unit, threshold, signed),
        outcome(reference.month_states, frame, unit, threshold, signed),
    )
    same(outcome(settled_months, frame, signed, meeting), outcome(reference.settled_months, frame, signed, meeting))


@PROPERTIES
@given(data=st.data(), unit=st.sampled_from(UNITS))
def test_the_shown_columns_match_the_pandas_version(data, unit):
    """_with_shown, built once from plain lists, gives the frame the Series version gave, for every state
    (as month_states, share_denominators and the quarters hand it over) and empty frames."""
    frame = data.draw(series())
    states = data.draw(
        st.lists(st.sampled_from(["shown", "rate only", "hidden"]), min_size=len(frame), max_size=len(frame))
    )
    frame = frame.assign(state=states)[["numerator", "denominator", "state"]]
    if data.draw(st.booleans()):
        frame = frame.astype({"state": object})
    same(outcome(_with_shown, frame.copy(), unit), outcome(reference._with_shown, frame.copy(), unit))
    if not frame.empty:
        got = _with_shown(frame.copy(), unit)
        assert list(got.columns) == list(reference._with_shown(frame.copy(), unit).columns)
        pd.testing.assert_index_equal(got.columns, reference._with_shown(frame.copy(), unit).columns, exact=True)


def test_withheld_months_share_their_denominator_as_before():
    """share_denominators (which rebuilds the shown columns) on month_states' frames: a month hidden in one
    member withholds the others' counts that month, exactly as the reference's frames say."""
    months = pd.Index(["2025-01", "2025-02", "2025-03"], name="month")
    a = pd.DataFrame({"numerator": [3.0, 20.0, 20.0], "denominator": [40.0, 40.0, 40.0]}, index=months)
    b = pd.DataFrame({"numerator": [30.0, 20.0, 10.0], "denominator": [40.0, 40.0, 40.0]}, index=months)
    from metrics.panel_disclosure import shared_denominators

    group = next(iter(shared_denominators().values()))
    first, second = group[0], group[1]
    states = {first: month_states(a, "%", 5), second: month_states(b, "%", 5)}
    shared = share_denominators(states, {first: "%", second: "%"})
    assert shared[second]["state"].tolist() == ["rate only", "shown", "shown"]
    expected = reference._with_shown(
        reference.month_states(b, "%", 5).assign(state=["rate only", "shown", "shown"])[
            ["numerator", "denominator", "state"]
        ],
        "%",
    )
    pd.testing.assert_frame_equal(shared[second], expected, check_exact=True)


def test_a_signed_off_month_keeps_its_state_and_a_changed_one_does_not():
    """Not only equal to the reference: rule 2 itself."""
    frame = pd.DataFrame(
        {"numerator": [20.0, 20.0], "denominator": [40.0, 40.0]}, index=pd.Index(["2025-01", "2025-02"], name="month")
    )
    signed = pd.DataFrame(
        {
            "numerator": [20.0, 19.0],
            "denominator": [40.0, 40.0],
            "shown_numerator": ["c", "c"],
            "shown_denominator": ["c", "c"],
            "shown_value": ["c", "c"],
        },
        index=pd.Index(["2025-01", "2025-02"], name="month"),
    )
    states = month_states(frame, "%", 5, signed)
    assert states["state"].tolist() == ["hidden", "shown"]
    assert settled_months(frame, signed, "2025-03") == {"2025-01"}
