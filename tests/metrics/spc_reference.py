# The pandas XmR of metrics/spc.py as it stood before the numpy rewrite (issue 18), copied verbatim as the
# oracle tests/metrics/test_spc_matches_reference.py holds the fast one to. Never edit it to match metrics/spc.py.
"""Statistical process control: XmR charts in the NHS "Making Data Count" style.

Follows NHSRplotthedots 0.2.2 (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R,
R/ptd_calculate_assurance_type.R):

- mean of the points; moving range |x_i - x_(i-1)|; limits = mean +/- 2.66 x mean moving range;
- a point is close to a limit when it is beyond two-thirds of the way from the mean to a limit but not
  outside it (points outside are rule 1's);
- rules: a point outside the limits; a run of 7 points on one side of the mean (a point exactly on the
  mean breaks the run); a trend of 7 points all rising or all falling (equal neighbours break it); two of
  three consecutive points close to the same limit, all three on that side of the mean (only the close
  points are flagged). Every point of a run or trend is flagged, not only the 7th;
- when several rules fire, the direction of the point comes from the first of: outside the limits,
  trend (its direction), two in three, run (the side of the mean);
- limits restart at each change point an analyst marks (never found automatically).

Gaps (NaN months, and months missing from the index) are not points: they count towards no mean, no
rule and no run, and no moving range spans one. Runs and trends are read over the points in order, so a
gap neither breaks nor extends them. Never imports streamlit, sqlalchemy or anything above metrics/.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from metrics.units import POLARITIES, value_of

LIMIT_FACTOR = 2.66  # natural process limits = mean +/- 2.66 x mean moving range
NEAR_FRACTION = 2 / 3  # "close to a limit" = beyond two-thirds of the way from the mean to a limit
RUN_LENGTH = 7  # points on one side of the mean
TREND_LENGTH = 7  # points all rising or all falling
TWO_IN_THREE = (2, 3)  # 2 of 3 consecutive points close to the same limit
MIN_POINTS = 12  # fewer points in a segment: limits are unreliable
SHORT_WARNING = f"limits are unreliable with fewer than {MIN_POINTS} points"

COMMON, IMPROVEMENT, CONCERN, NEITHER = "common", "improvement", "concern", "neither"
HIGH, LOW = "high", "low"

RULE_OUTSIDE = "outside the limits"
RULE_TREND = "trend of {n} rising or falling"
RULE_TWO_IN_THREE = "two of three close to a limit"
RULE_RUN = "run of {n} on one side of the mean"
RULE_SEPARATOR = "; "

ICON_COMMON = "common cause"
ICON_SPECIAL = "special cause {variation} ({direction})"
ICON_NO_DATA = "no data"
ASSURANCE_PASS = "meets the target consistently"
ASSURANCE_FAIL = "fails the target consistently"
ASSURANCE_EITHER = "may or may not meet the target"
ASSURANCE_NO_TARGET = "no target"
ASSURANCE_NO_DIRECTION = "no assurance: neither direction is better"

COLUMNS = [
    "value",
    "mean",
    "lower_limit",
    "upper_limit",
    "moving_range",
    "special_cause",
    "variation",
    "direction",
    "rule",
    "near_limit",
    "segment",
    "too_short",
]


# --- the rules: each takes one segment's points (no gaps) and returns a boolean Series aligned with them


def outside_limits(values: pd.Series, lower: float, upper: float) -> pd.Series:
    """Rule 1: a point strictly above the upper or below the lower limit."""
    return (values > upper) | (values < lower)


def near_limit(values: pd.Series, mean: float, lower: float, upper: float) -> pd.Series:
    """Beyond two-thirds of the way from the mean to a limit, but not outside the limits."""
    near_upper = mean + NEAR_FRACTION * (upper - mean)
    near_lower = mean - NEAR_FRACTION * (mean - lower)
    return ((values > near_upper) | (values < near_lower)) & ~outside_limits(values, lower, upper)


def run_on_one_side(values: pd.Series, mean: float, run_length: int = RUN_LENGTH) -> pd.Series:
    """Rule 2: every point of a run of `run_length` or more on one side of the mean; a point on the mean
    breaks the run."""
    side = _side(values, mean)
    return _in_long_block(side, side != 0, run_length)


def trend(values: pd.Series, trend_length: int = TREND_LENGTH) -> pd.Series:
    """Rule 3: every point of `trend_length` or more consecutive points all rising or all falling; equal
    neighbours break the trend."""
    return _trend_direction(values, trend_length) != 0


def two_in_three(values: pd.Series, mean: float, lower: float, upper: float) -> pd.Series:
    """Rule 4: in any 3 consecutive points all on one side of the mean, 2 or more close to that limit;
    the close points of such a window are flagged (not the third)."""
    needed, window = TWO_IN_THREE
    close = near_limit(values, mean, lower, upper).to_numpy()
    side = _side(values, mean).to_numpy()
    flagged = np.zeros(len(values), dtype=bool)
    for start in range(len(values) - window + 1):
        span = slice(start, start + window)
        if abs(side[span].sum()) == window and close[span].sum() >= needed:
            flagged[span] |= close[span]
    return pd.Series(flagged, index=values.index)


# --- helpers


def _side(values: pd.Series, mean: float) -> pd.Series:
    """+1 above the mean, -1 below, 0 on it."""
    return np.sign(values - mean).astype(int)


def _in_long_block(keys: pd.Series, eligible: pd.Series, length: int) -> pd.Series:
    """True for eligible points in a block of `length` or more consecutive equal keys."""
    block = (keys != keys.shift()).cumsum()
    size = block.map(block.value_counts())
    return eligible & (size >= length)


def _trend_direction(values: pd.Series, trend_length: int) -> pd.Series:
    """+1 for points in a rising trend, -1 falling, 0 otherwise; a point ending one trend and starting
    the next (a peak) takes the later one, as NHSRplotthedots does."""
    steps = np.sign(np.diff(values.to_numpy())).astype(int)
    direction = np.zeros(len(values), dtype=int)
    start = 0
    while start < len(steps):
        end = start
        while end + 1 < len(steps) and steps[end + 1] == steps[start]:
            end += 1
        # steps[start..end] join points start..end+1: (end - start + 2) points
        if steps[start] != 0 and end - start + 2 >= trend_length:
            direction[start : end + 2] = steps[start]
        start = end + 1
    return pd.Series(direction, index=values.index)


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, not {polarity!r}")


def _classify(direction: str, polarity: str) -> str:
    """'improvement' / 'concern' from the point's direction and the indicator's polarity."""
    if not direction:
        return COMMON
    if polarity == "neither":
        return NEITHER
    return IMPROVEMENT if (direction == HIGH) == (polarity == "higher") else CONCERN


def _months(index: pd.Index) -> pd.PeriodIndex:
    months = pd.PeriodIndex(index.astype(str), freq="M")
    if months.has_duplicates:
        raise ValueError("each month may appear once")
    return months


# --- the chart


def xmr(
    values: pd.Series,
    polarity: str,
    change_points: Sequence[str] = (),
    run_length: int = RUN_LENGTH,
    trend_length: int = TREND_LENGTH,
    bounds: tuple[float | None, float | None] = (None, None),
) -> pd.DataFrame:
    """XmR chart of a monthly series indexed 'YYYY-MM' (NaN = gap, not zero), one row per month.

    Columns: value, mean, lower_limit, upper_limit, moving_range, special_cause, variation ('common',
    'improvement', 'concern', 'neither'), direction ('high', 'low' or '' for common cause), rule (the
    rules that fired, in words), near_limit, segment (0 before the first change point, then 1, 2, ...),
    too_short (the segment has fewer than 12 points). Months missing from the index are added as gaps.

    `bounds` are the values the measure can take (0 to 100 for a percentage, 0 upwards for a count):
    the reported limits are cut there, as Making Data Count charts draw them, so a table never shows a
    limit of 114.6%. The rules use the uncut limits; no point can lie beyond a bound anyway.
    """
    _check_polarity(polarity)
    if values.empty:
        return pd.DataFrame(columns=COLUMNS)
    series = pd.Series(values.to_numpy(dtype="float64"), index=_months(values.index)).sort_index()
    months = pd.period_range(series.index.min(), series.index.max(), freq="M")
    series = series.reindex(months)
    starts = _months(pd.Index(list(change_points)))
    unknown = [str(month) for month in starts if month not in months]
    if unknown:
        raise ValueError(f"change points outside the series: {unknown}")
    segment = pd.Series(months.isin(starts).cumsum(), index=months)
    segment -= segment.iloc[0]  # the first segment is 0, even when a change point falls on the first month

    parts = []
    for number, seg_values in series.groupby(segment):
        moving_range = seg_values.diff().abs()  # NaN next to a gap and at the segment's first month
        mean = seg_values.mean()
        spread = LIMIT_FACTOR * moving_range.mean()
        lower, upper = mean - spread, mean + spread
        points = seg_values.dropna()
        part = pd.DataFrame(
            {
                "value": seg_values,
                "mean": mean,
                "lower_limit": lower,
                "upper_limit": upper,
                "moving_range": moving_range,
                "segment": number,
                "too_short": len(points) < MIN_POINTS,
            },
            index=seg_values.index,
        )
        if points.empty:
            part["near_limit"], part["rule"], part["direction"] = False, "", ""
        else:
            flags = _flags(points, mean, lower, upper, run_length, trend_length)
            part["near_limit"] = near_limit(points, mean, lower, upper).reindex(part.index, fill_value=False)
            part["rule"] = flags["rule"].reindex(part.index, fill_value="")
            part["direction"] = flags["direction"].reindex(part.index, fill_value="")
        part["special_cause"] = part["direction"] != ""
        part["variation"] = [_classify(d, polarity) for d in part["direction"]]
        parts.append(part)
    out = pd.concat(parts)[COLUMNS]
    out.index = months.strftime("%Y-%m")
    types = {name: "float64" for name in ("value", "mean", "lower_limit", "upper_limit", "moving_range")}
    out = out.astype({**types, "special_cause": bool, "near_limit": bool, "too_short": bool, "segment": int})
    for limit in ("lower_limit", "upper_limit"):
        out[limit] = np.clip(out[limit].to_numpy(), bounds[0], bounds[1])
    return out


def _flags(
    points: pd.Series, mean: float, lower: float, upper: float, run_length: int, trend_length: int
) -> pd.DataFrame:
    """Which rules fired at each point (words) and the point's direction ('high', 'low' or '')."""
    side = _side(points, mean)
    trend_side = _trend_direction(points, trend_length)
    # in order of precedence for the direction: outside, trend (its direction), two in three, run (side)
    fired = [
        (RULE_OUTSIDE, outside_limits(points, lower, upper), side),
        (RULE_TREND.format(n=trend_length), trend_side != 0, trend_side),
        (RULE_TWO_IN_THREE, two_in_three(points, mean, lower, upper), side),
        (RULE_RUN.format(n=run_length), run_on_one_side(points, mean, run_length), side),
    ]
    rules, directions = [], []
    flags = [(name, flag.to_numpy(dtype=bool), way.to_numpy()) for name, flag, way in fired]
    for position in range(len(points)):
        names = [name for name, flag, _ in flags if flag[position]]
        sign = next((int(way[position]) for _, flag, way in flags if flag[position]), 0)
        rules.append(RULE_SEPARATOR.join(names))
        directions.append({1: HIGH, -1: LOW}.get(sign, ""))
    return pd.DataFrame({"rule": rules, "direction": directions}, index=points.index)


def bounds_of(unit: str) -> tuple[float | None, float | None]:
    """The values an indicator in this unit can take: percentages 0 to 100, everything else 0 upwards."""
    return (0.0, 100.0) if unit == "%" else (0.0, None)


def short_segment_warning(frame: pd.DataFrame) -> str | None:
    """The warning to show when any segment of an xmr() frame has fewer than 12 points, else None."""
    if frame.empty or not frame["too_short"].any():
        return None
    short = sorted(frame.loc[frame["too_short"], "segment"].unique())
    return f"{SHORT_WARNING} (segment {', '.join(str(s) for s in short)})"


# --- icons, in words


def variation_icon(frame: pd.DataFrame, polarity: str) -> str:
    """The Making Data Count variation icon for the latest point of an xmr() frame."""
    _check_polarity(polarity)
    points = frame.dropna(subset=["value"])
    if points.empty:
        return ICON_NO_DATA
    direction = points["direction"].iloc[-1]
    if not direction:
        return ICON_COMMON
    return ICON_SPECIAL.format(variation=_classify(direction, polarity), direction=direction)


def assurance_icon(frame: pd.DataFrame, target: float | None, polarity: str) -> str:
    """The Making Data Count assurance icon from the latest segment's limits: a target beyond the limits
    on the bad side is failed consistently, beyond them on the good side met consistently, between them
    (or on a limit) hit and missed by chance. No assurance without a target or a better direction."""
    _check_polarity(polarity)
    if target is None:
        return ASSURANCE_NO_TARGET
    if polarity == "neither":
        return ASSURANCE_NO_DIRECTION
    latest = frame[frame["segment"] == frame["segment"].max()].iloc[-1]
    if target > latest["upper_limit"]:
        return ASSURANCE_FAIL if polarity == "higher" else ASSURANCE_PASS
    if target < latest["lower_limit"]:
        return ASSURANCE_PASS if polarity == "higher" else ASSURANCE_FAIL
    return ASSURANCE_EITHER


# --- small cohorts


def pooled_rolling(numerators: pd.Series, denominators: pd.Series, window: int = 3, unit: str = "%") -> pd.DataFrame:
    """Rolling view for small cohorts: numerators and denominators summed over `window` months (rates
    are never averaged). Columns numerator, denominator, value; the first window-1 months, any window
    with a missing month, and any window whose denominator sums to 0 are gaps (NaN value)."""
    numerator = numerators.astype("float64").rolling(window, min_periods=window).sum()
    denominator = denominators.astype("float64").rolling(window, min_periods=window).sum()
    out = pd.DataFrame({"numerator": numerator, "denominator": denominator})
    out["value"] = [
        float("nan") if np.isnan(n) or np.isnan(d) else value_of(n, d, unit)
        for n, d in zip(numerator, denominator, strict=True)
    ]
    return out
