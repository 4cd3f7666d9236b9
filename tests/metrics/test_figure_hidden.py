"""metrics.suppression.figure_hidden (issue 18: the panel's rule 1 without building suppress_table's frames)
says exactly what suppress_figure(...).suppressed says, or refuses with the same error, for every input:
whole numbers around the threshold, complements from 0 to past it, gaps, fractions, negative numbers,
infinities, numerators above a percentage's denominator, numpy and Python numbers, flags, text, unknown
units and thresholds below 1.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.suppression import figure_hidden, suppress_figure
from metrics.units import UNITS

PROPERTIES = settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

WHOLE = st.integers(min_value=0, max_value=40)
ODD = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, -0.0, 2.5, 3.0000001, 3.0001, 1e-7, 7.9999999, 1e18])


@st.composite
def numbers(draw):
    """A number in one of the types the store and frames hand over, mostly whole and small."""
    kind = draw(st.sampled_from(["float", "float", "float", "int", "np.float64", "np.int64", "odd", "bool", "text"]))
    if kind == "odd":
        return draw(ODD)
    if kind == "bool":
        return draw(st.booleans())
    value = draw(WHOLE)
    return {"float": float, "int": int, "np.float64": np.float64, "np.int64": np.int64, "text": str}[kind](value)


def outcome(function, *args):
    try:
        return ("value", function(*args))
    except Exception as error:  # the same refusal: type and words
        return ("error", type(error), str(error))


def reference(numerator, denominator, unit, threshold):
    return suppress_figure(numerator, denominator, unit, threshold).suppressed


@PROPERTIES
@given(
    numerator=numbers(),
    denominator=numbers(),
    unit=st.sampled_from([*UNITS, *UNITS, "miles"]),
    threshold=st.one_of(st.integers(min_value=1, max_value=12), st.integers(min_value=-2, max_value=0)),
)
def test_figure_hidden_says_what_suppress_figure_says(numerator, denominator, unit, threshold):
    assert outcome(figure_hidden, numerator, denominator, unit, threshold) == outcome(
        reference, numerator, denominator, unit, threshold
    )


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("threshold", [1, 2, 5, 10])
def test_every_small_pair_agrees(unit, threshold):
    """Every whole numerator and denominator from 0 to 3 past the threshold (the complement too)."""
    top = threshold + 4
    for denominator in range(top + 1):
        for numerator in range(top + 1):
            args = (float(numerator), float(denominator), unit, threshold)
            assert outcome(figure_hidden, *args) == outcome(reference, *args), args


def test_it_hides_what_the_rules_say():
    """Not only equal to the reference: the primary rule itself (a check that cannot pass by both being wrong
    the same way on these)."""
    assert figure_hidden(3.0, 40.0, "%", 5)  # small numerator
    assert figure_hidden(37.0, 40.0, "%", 5)  # small complement
    assert not figure_hidden(0.0, 40.0, "%", 5)  # 0 is shown
    assert not figure_hidden(20.0, 40.0, "%", 5)
    assert figure_hidden(3.0, 1.0, "count", 5)  # a count: its numerator alone
    assert not figure_hidden(6.0, 1.0, "count", 5)
    assert figure_hidden(8.0, 3.0, "per 100", 5)  # small denominator
    with pytest.raises(ValueError, match="whole number"):
        figure_hidden(math.nan, 4.0, "%", 5)
