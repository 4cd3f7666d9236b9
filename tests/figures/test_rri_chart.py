"""The forest plot of relative rate indices: each group's point and interval, numbers as text (never
colour alone), a dashed line at 1 on a log axis, and a group with no rate named, not drawn."""

import math

import pandas as pd

from figures.rri_chart import NO_RATE, rri_figure


def _frame():
    return pd.DataFrame(
        {
            "label": ["Black <b>or</b> Black British", "Asian or Asian British", "Other ethnic groups"],
            "rri": [2.5, 0.52, float("nan")],
            "low": [1.6, 0.35, float("nan")],
            "high": [3.9, 0.76, float("nan")],
        }
    )


def test_each_group_has_its_point_and_interval_with_the_numbers_as_text():
    figure = rri_figure(_frame(), "Children referred")
    lines = [t for t in figure.data if t.mode == "lines"]
    assert [tuple(t.x) for t in lines] == [(0.35, 0.76), (1.6, 3.9)]  # drawn bottom up: first group on top
    points = next(t for t in figure.data if t.mode == "markers+text")
    assert list(points.text) == ["0.52 (95% CI 0.35 to 0.76)", "2.50 (95% CI 1.60 to 3.90)"]
    assert "Black &lt;b&gt;or&lt;/b&gt; Black British" in list(points.y)  # a label is text, not markup


def test_the_axis_is_logarithmic_around_a_dashed_line_at_1_and_a_group_without_a_rate_is_named():
    figure = rri_figure(_frame(), "Children referred")
    assert figure.layout.xaxis.type == "log"
    low, high = figure.layout.xaxis.range
    assert 10**low < 0.35 and 10**high > 3.9
    assert any(shape.x0 == 1 and shape.line.dash == "dash" for shape in figure.layout.shapes)
    assert [a.text for a in figure.layout.annotations if a.text == NO_RATE] == [NO_RATE]
    assert not math.isnan(low)
