"""The SPC figure and its sentence come from one xmr frame; colours meet WCAG contrast; status has shape."""

import pandas as pd

from figures.spc_chart import rolling_figure, rolling_sentence, spc_figure, spc_sentence
from figures.theme import COLOURS, GRAPHIC_CONTRAST, MARKERS, TEXT, TEXT_CONTRAST, contrast_ratio
from metrics.spc import pooled_rolling, xmr
from metrics.units import shown_value

MONTHS = pd.period_range("2025-01", periods=14, freq="M").strftime("%Y-%m")
CASELOADS = pd.Series([16, 17, 16, 17, 16, 17, 16, 17, 16, 17, 16, 17, 16, 25.0], index=MONTHS)


def shown(value, unit):
    return f"{value:.1f}"


def test_every_chart_colour_meets_the_contrast_a_graphic_needs_and_text_meets_4_5():
    assert {"bar", "action", "improvement", "concern"} <= COLOURS.keys()  # the breakdown and annotation colours too
    for name, colour in COLOURS.items():
        assert contrast_ratio(colour) >= GRAPHIC_CONTRAST, name
    assert contrast_ratio(TEXT) >= TEXT_CONTRAST


def test_special_causes_differ_in_shape_as_well_as_colour():
    assert len(set(MARKERS.values())) == len(MARKERS)


def test_the_figure_draws_points_mean_limits_target_and_the_special_cause_from_the_frame():
    frame = xmr(CASELOADS, "lower", change_points=["2025-06"])
    figure = spc_figure(frame, "Caseload", "ratio", target=16, change_reasons={"2025-06": "New front door"})
    names = [trace.name for trace in figure.data]
    assert names[:4] == ["Value", "Mean", "Lower limit", "Upper limit"]
    concern = next(t for t in figure.data if t.name == "Special cause: concern")
    assert 25.0 in list(concern.y) and concern.marker.symbol == MARKERS["concern"]
    assert list(figure.data[0].y) == CASELOADS.tolist()
    assert any(shape.y0 == 16 for shape in figure.layout.shapes)  # the target line
    assert figure.layout.annotations[-1].text == "New front door"
    assert frame.loc["2025-06", "mean"] != frame.loc["2025-05", "mean"]  # the limits restart where it is drawn


def test_a_gap_month_is_drawn_as_a_gap_not_a_zero():
    values = CASELOADS.copy()
    values.iloc[5] = float("nan")
    figure = spc_figure(xmr(values, "lower"), "Caseload", "ratio")
    assert pd.isna(figure.data[0].y[5]) and figure.data[0].connectgaps is False


def test_the_sentence_says_where_the_latest_point_sits_and_names_a_special_cause():
    sentence = spc_sentence(xmr(CASELOADS, "lower"), "Caseload", "ratio", 16, shown)
    assert sentence.startswith("Caseload has been above its average for 1 month; the latest is 25.0 in February 2026")
    assert "against a target of 16.0" in sentence and "special cause concern" in sentence
    steady = pd.Series([20.0] * 7 + [18.0] * 5, index=MONTHS[:12])
    assert "below its average for 5 months" in spc_sentence(xmr(steady, "lower"), "Caseload", "ratio", None, shown)


# --- dated annotations (agreed actions) and the small-cohort rolling view


def test_dated_annotations_point_at_their_months_values_and_months_outside_the_chart_are_left_out():
    frame = xmr(CASELOADS, "lower", change_points=["2025-06"])
    figure = spc_figure(
        frame,
        "Caseload",
        "ratio",
        change_reasons={"2025-06": "New front door"},
        annotations={"2025-03": "Weekly tracker agreed", "2030-01": "Not on this chart"},
    )
    texts = [a.text for a in figure.layout.annotations]
    assert "New front door" in texts and "Not on this chart" not in texts
    action = next(a for a in figure.layout.annotations if a.text == "Weekly tracker agreed")
    assert action.showarrow and action.y == 16 and pd.Timestamp(action.x) == pd.Timestamp("2025-03-01")


NUMERATORS = pd.Series([1, 2, 3, 1, 2, 4], index=pd.period_range("2026-01", periods=6, freq="M").strftime("%Y-%m"))
DENOMINATORS = pd.Series([2, 3, 4, 2, 3, 4], index=NUMERATORS.index)


def test_the_rolling_figure_draws_the_pooled_line_and_target_and_no_mean_or_limits():
    frame = pooled_rolling(NUMERATORS, DENOMINATORS, window=3)
    figure = rolling_figure(frame, "IHA on time", "%", target=90)
    assert [trace.name for trace in figure.data] == ["Rolling 3 months"]
    assert pd.isna(figure.data[0].y[1]) and figure.data[0].y[2] == 6 / 9 * 100  # Jan-Mar: 6 of 9
    assert any(shape.y0 == 90 for shape in figure.layout.shapes)
    assert "no control limits on overlapping windows" in figure.layout.title.subtitle.text
    assert figure.data[0].customdata[-1] == "Apr 2026 to Jun 2026: 77.8% (7 of 9)"


def test_the_rolling_sentence_gives_the_latest_window_the_one_before_and_the_target():
    frame = pooled_rolling(NUMERATORS, DENOMINATORS, window=3)
    assert rolling_sentence(frame, "IHA on time", "%", 90, shown_value) == (
        "Over the 3 months to June 2026, IHA on time was 77.8% (7 of 9); "
        "the 3 months before, 66.7% (6 of 9); against a target of 90.0%."
    )
    assert rolling_sentence(frame.iloc[:2], "IHA on time", "%", None, shown_value) == (
        "IHA on time: not enough months yet for a rolling 3-month figure."
    )


def test_the_time_axis_is_ticked_in_months_named_like_mar_2026_even_for_one_point():
    one_point = spc_figure(xmr(CASELOADS.iloc[:1], "lower"), "Caseload", "ratio").layout.xaxis
    assert one_point.dtick == "M1" and one_point.tickformat == "%b %Y"
    assert pd.Timestamp(one_point.range[1]) - pd.Timestamp(one_point.range[0]) == pd.Timedelta(days=30)
    fourteen = spc_figure(xmr(CASELOADS, "lower"), "Caseload", "ratio").layout.xaxis
    assert fourteen.dtick == "M2" and fourteen.tick0 == "2025-01-01"


def test_the_rolling_figure_is_ticked_in_months_too():
    axis = rolling_figure(pooled_rolling(CASELOADS, CASELOADS, window=3), "Caseload", "%").layout.xaxis
    assert axis.dtick == "M2" and axis.tickformat == "%b %Y"
