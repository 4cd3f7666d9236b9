"""SPC (XmR, Making Data Count rules as NHSRplotthedots 0.2.2 applies them), checked against hand sums."""

import math

import pandas as pd
import pytest

from metrics.spc import (
    SHORT_WARNING,
    assurance_icon,
    bounds_of,
    near_limit,
    outside_limits,
    pooled_rolling,
    run_on_one_side,
    short_segment_warning,
    trend,
    two_in_three,
    variation_icon,
    xmr,
)


def monthly(values, start="2023-01"):
    months = pd.period_range(start, periods=len(values), freq="M").strftime("%Y-%m")
    return pd.Series(values, index=months, dtype="float64")


def flags(series):
    return series.tolist()


SMALL = monthly([10, 12, 11, 13, 12])  # mean 11.6; moving ranges 2,1,2,1 (mean 1.5); limits 11.6 +/- 3.99
SPIKE = monthly([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 20])  # mean 120/11; MR nine 2s and a 9: mean 2.7
SPIKE_UPPER = 120 / 11 + 2.66 * 2.7  # 18.09: the 20 is above it


def test_limits_on_a_small_series_by_hand():
    chart = xmr(SMALL, "higher")
    assert chart["mean"].tolist() == pytest.approx([11.6] * 5)
    assert flags(chart["moving_range"].isna()) == [True, False, False, False, False]
    assert chart["moving_range"].iloc[1:].tolist() == [2, 1, 2, 1]
    assert chart["lower_limit"].iloc[0] == pytest.approx(11.6 - 3.99)
    assert chart["upper_limit"].iloc[0] == pytest.approx(11.6 + 3.99)
    assert not chart["special_cause"].any()
    assert set(chart["variation"]) == {"common"}
    assert variation_icon(chart, "higher") == "common cause"


def test_a_point_above_the_upper_limit_is_improvement_or_concern_by_polarity():
    higher = xmr(SPIKE, "higher")
    assert higher["upper_limit"].iloc[0] == pytest.approx(SPIKE_UPPER)
    assert flags(higher["special_cause"]) == [False] * 10 + [True]
    assert higher["rule"].iloc[-1] == "outside the limits"
    assert higher["variation"].iloc[-1] == "improvement"
    assert xmr(SPIKE, "lower")["variation"].iloc[-1] == "concern"
    assert xmr(SPIKE, "neither")["variation"].iloc[-1] == "neither"


def test_variation_icons_name_the_latest_point():
    assert variation_icon(xmr(SPIKE, "higher"), "higher") == "special cause improvement (high)"
    assert variation_icon(xmr(SPIKE, "lower"), "lower") == "special cause concern (high)"
    assert variation_icon(xmr(SPIKE, "neither"), "neither") == "special cause neither (high)"
    dip = monthly([11, 13, 11, 13, 11, 13, 11, 13, 11, 13, 2])  # mirror image of SPIKE: 2 below the lower limit
    assert variation_icon(xmr(dip, "lower"), "lower") == "special cause improvement (low)"
    assert variation_icon(xmr(dip, "higher"), "higher") == "special cause concern (low)"
    assert variation_icon(xmr(dip, "neither"), "neither") == "special cause neither (low)"


def test_outside_means_strictly_beyond_a_limit():
    assert flags(outside_limits(pd.Series([7.0, 3.0, 8.0, 2.0]), lower=3.0, upper=7.0)) == [False, False, True, True]


def test_seven_points_on_one_side_are_a_run_six_are_not():
    assert flags(run_on_one_side(pd.Series([1.0] * 7), mean=0.0)) == [True] * 7
    assert flags(run_on_one_side(pd.Series([-1.0] * 7), mean=0.0)) == [True] * 7
    assert not run_on_one_side(pd.Series([1.0] * 6), mean=0.0).any()
    assert flags(run_on_one_side(pd.Series([1.0] * 6), mean=0.0, run_length=6)) == [True] * 6  # configurable


def test_a_point_on_the_mean_breaks_the_run():
    assert not run_on_one_side(pd.Series([1.0, 1, 1, 0, 1, 1, 1, 1]), mean=0.0).any()
    assert not run_on_one_side(pd.Series([0.0] * 7), mean=0.0).any()  # seven on the mean are no run
    assert flags(run_on_one_side(pd.Series([-1.0, 1, 1, 1, 1, 1, 1, 1]), mean=0.0)) == [False] + [True] * 7


def test_seven_rising_or_falling_are_a_trend_six_are_not_and_a_tie_breaks_it():
    assert flags(trend(pd.Series([1.0, 2, 3, 4, 5, 6, 7]))) == [True] * 7
    assert flags(trend(pd.Series([7.0, 6, 5, 4, 3, 2, 1]))) == [True] * 7
    assert not trend(pd.Series([1.0, 2, 3, 4, 5, 6])).any()
    assert not trend(pd.Series([1.0, 2, 3, 3, 4, 5, 6, 7])).any()  # 1-3 then 3-7: 3 and 5 points
    assert not trend(pd.Series([5.0] * 7)).any()  # seven equal values are no trend
    assert flags(trend(pd.Series([9.0, 1, 2, 3, 4, 5, 6, 7]))) == [False] + [True] * 7


def test_a_trend_is_classified_by_its_direction_not_its_side_of_the_mean():
    chart = xmr(monthly([6, 1, 9, 2, 8, 3, 4, 5, 6, 7, 8, 9, 5]), "lower")  # mean 73/13 = 5.6; 3..9 rise
    assert flags(chart["special_cause"]) == [False] * 5 + [True] * 7 + [False]
    assert chart["value"].iloc[5] == 3 and chart["mean"].iloc[5] > 3  # below the mean but rising
    assert chart["rule"].iloc[5] == "trend of 7 rising or falling"
    assert set(chart["variation"].iloc[5:12]) == {"concern"}  # rising is bad when lower is better
    assert set(xmr(monthly([6, 1, 9, 2, 8, 3, 4, 5, 6, 7, 8, 9, 5]), "higher")["variation"].iloc[5:12]) == {
        "improvement"
    }


def test_a_falling_trend_is_low():
    chart = xmr(monthly([4, 9, 1, 8, 2, 9, 8, 7, 6, 5, 4, 3, 5]), "lower")  # 9 down to 3 falls
    assert flags(chart["special_cause"]) == [False] * 5 + [True] * 7 + [False]
    assert set(chart["direction"].iloc[5:12]) == {"low"}
    assert set(chart["variation"].iloc[5:12]) == {"improvement"}


def test_near_the_limit_is_beyond_two_thirds_of_the_way_but_inside_the_limits():
    # mean 0, limits -3..3: two-thirds of the way is +/-2
    assert flags(near_limit(pd.Series([1.9, 2.1, -2.1, 3.0, 3.1]), 0.0, -3.0, 3.0)) == [False, True, True, True, False]


def test_two_of_three_close_to_the_upper_limit_flag_the_close_points_only():
    values = pd.Series([0.5, 2.5, 1.0, 2.5, -1.0])  # (2.5, 1.0, 2.5) all above the mean, two close
    assert flags(two_in_three(values, 0.0, -3.0, 3.0)) == [False, True, False, True, False]
    assert not two_in_three(pd.Series([0.5, 2.5, 1.0, 1.0, 2.5]), 0.0, -3.0, 3.0).any()  # 2 close, 4 apart
    assert not two_in_three(pd.Series([2.5, -2.5, 2.5]), 0.0, -3.0, 3.0).any()  # opposite sides (issue #143)
    assert not two_in_three(pd.Series([2.5, -0.5, 2.5]), 0.0, -3.0, 3.0).any()  # window must share one side
    assert not two_in_three(pd.Series([2.5, 3.5, 1.0]), 0.0, -3.0, 3.0).any()  # 3.5 is outside, not close


def test_two_of_three_close_to_the_upper_limit_in_a_chart():
    # mean 78/13 = 6; MRs nine 2s, 4, 2, 2: 26/12; upper 6 + 5.763; two-thirds of the way 6 + 3.842 = 9.842
    near = xmr(monthly([4, 6] * 5 + [10, 8, 10]), "higher")
    assert near["upper_limit"].iloc[0] == pytest.approx(6 + 2.66 * 26 / 12)
    assert flags(near["near_limit"]) == [False] * 10 + [True, False, True]
    assert flags(near["special_cause"]) == [False] * 10 + [True, False, True]
    assert near["rule"].iloc[-1] == "two of three close to a limit"
    assert near["variation"].iloc[-1] == "improvement"
    assert xmr(monthly([4, 6] * 5 + [10, 8, 10]), "lower")["variation"].iloc[-1] == "concern"
    # mean 76/13 = 5.846; MRs nine 2s, 3, 1, 1: 23/12; two-thirds of the way 5.846 + 3.399 = 9.245 > 9
    not_near = xmr(monthly([4, 6] * 5 + [9, 8, 9]), "higher")
    assert not not_near["near_limit"].any()
    assert not not_near["special_cause"].any()


def test_a_change_point_restarts_the_limits():
    values = monthly([10, 12, 11, 13, 12, 20, 22, 21, 23, 22])
    chart = xmr(values, "higher", change_points=["2023-06"])
    assert chart["segment"].tolist() == [0] * 5 + [1] * 5
    assert chart["mean"].tolist() == pytest.approx([11.6] * 5 + [21.6] * 5)
    assert chart["upper_limit"].iloc[-1] == pytest.approx(21.6 + 3.99)
    assert math.isnan(chart["moving_range"].iloc[5])  # no moving range across the change point (not 8)
    assert not chart["special_cause"].any()
    unsplit = xmr(values, "higher")
    assert unsplit["mean"].iloc[0] == pytest.approx(16.6)
    assert unsplit["special_cause"].any()  # one segment: 10 and 23 fall outside 16.6 +/- 5.91
    with pytest.raises(ValueError):
        xmr(values, "higher", change_points=["2025-01"])


def test_a_gap_is_not_zero_and_no_moving_range_spans_it():
    chart = xmr(monthly([10, float("nan"), 12, 11, 13, 12]), "higher")
    assert chart["mean"].iloc[0] == pytest.approx(11.6)  # 58 / 5 points, not 58 / 6
    assert flags(chart["moving_range"].isna()) == [True, True, True, False, False, False]
    assert chart["moving_range"].iloc[3:].tolist() == [1, 2, 1]  # mean 4/3
    assert chart["upper_limit"].iloc[0] == pytest.approx(11.6 + 2.66 * 4 / 3)
    assert not chart["special_cause"].iloc[1]


def test_a_month_missing_from_the_index_is_a_gap():
    values = pd.Series([10.0, 12, 11], index=["2023-01", "2023-03", "2023-04"])
    chart = xmr(values, "higher")
    assert chart.index.tolist() == ["2023-01", "2023-02", "2023-03", "2023-04"]
    assert math.isnan(chart["value"].iloc[1])
    assert flags(chart["moving_range"].isna()) == [True, True, True, False]


def test_too_short_at_eleven_points_not_at_twelve():
    eleven = xmr(monthly([10, 12] * 5 + [11]), "higher")
    twelve = xmr(monthly([10, 12] * 6), "higher")
    assert eleven["too_short"].all()
    assert not twelve["too_short"].any()
    assert SHORT_WARNING in short_segment_warning(eleven)
    assert short_segment_warning(twelve) is None
    gappy = xmr(monthly([10, 12] * 6 + [float("nan")]), "higher")  # 13 months but 12 points
    assert not gappy["too_short"].any()


@pytest.mark.parametrize(
    "target, polarity, icon",
    [
        (20, "higher", "fails the target consistently"),  # target above the upper limit 15.59
        (20, "lower", "meets the target consistently"),
        (5, "higher", "meets the target consistently"),  # target below the lower limit 7.61
        (5, "lower", "fails the target consistently"),
        (11, "higher", "may or may not meet the target"),
        (11, "lower", "may or may not meet the target"),
        (None, "higher", "no target"),
    ],
)
def test_assurance_icons(target, polarity, icon):
    assert assurance_icon(xmr(SMALL, polarity), target, polarity) == icon


def test_assurance_uses_the_latest_segment():
    chart = xmr(monthly([10, 12, 11, 13, 12, 20, 22, 21, 23, 22]), "higher", change_points=["2023-06"])
    assert assurance_icon(chart, 16, "higher") == "meets the target consistently"  # below 21.6 - 3.99


def test_an_unknown_polarity_is_refused():
    with pytest.raises(ValueError):
        xmr(SMALL, "up")


def test_pooled_rolling_sums_numerators_and_denominators():
    pooled = pooled_rolling(pd.Series([1, 0, 3, 0]), pd.Series([2, 1, 3, 0]))
    assert math.isnan(pooled["value"].iloc[0]) and math.isnan(pooled["value"].iloc[1])
    assert pooled["numerator"].iloc[:2].isna().all()  # no partial windows
    assert (pooled["numerator"].iloc[2], pooled["denominator"].iloc[2]) == (4, 6)
    assert pooled["value"].iloc[2] == pytest.approx(66.667, abs=1e-3)  # not the mean of 50%, 0%, 100% (50%)
    assert pooled["value"].iloc[3] == pytest.approx(75.0)  # 3/4: a month with denominator 0 still pools


def test_a_window_with_denominator_zero_is_a_gap():
    pooled = pooled_rolling(pd.Series([0, 0, 0, 1]), pd.Series([0, 0, 0, 1]))
    assert math.isnan(pooled["value"].iloc[2])
    assert pooled["value"].iloc[3] == 100.0


def test_limits_are_cut_at_the_values_a_percentage_can_take_but_the_rules_use_the_uncut_ones():
    # mean 50, moving ranges all 40 -> uncut limits 50 +/- 106.4 = -56.4 and 156.4
    values = pd.Series([30.0, 70.0] * 6, index=[str(p) for p in pd.period_range("2024-01", periods=12, freq="M")])
    uncut = xmr(values, "higher")
    cut = xmr(values, "higher", bounds=bounds_of("%"))
    assert uncut["upper_limit"].iloc[0] == pytest.approx(156.4)
    assert uncut["lower_limit"].iloc[0] == pytest.approx(-56.4)
    assert (cut["upper_limit"] == 100.0).all() and (cut["lower_limit"] == 0.0).all()
    assert cut.drop(columns=["lower_limit", "upper_limit"]).equals(uncut.drop(columns=["lower_limit", "upper_limit"]))
    assert bounds_of("ratio") == (0.0, None)
