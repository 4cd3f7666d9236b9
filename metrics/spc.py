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

import functools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.api.internals import create_dataframe_from_blocks

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
# (outside_limits and near_limit: an array for an array). xmr() runs them and the numpy cores below on arrays
# (issue 18: one 24-point series in well under a millisecond); tests/metrics/test_spc_matches_reference.py
# holds it to the pandas implementation it replaced.


def outside_limits(values: pd.Series | np.ndarray, lower: float, upper: float) -> pd.Series | np.ndarray:
    """Rule 1: a point strictly above the upper or below the lower limit."""
    return (values > upper) | (values < lower)


def near_limit(values: pd.Series | np.ndarray, mean: float, lower: float, upper: float) -> pd.Series | np.ndarray:
    """Beyond two-thirds of the way from the mean to a limit, but not outside the limits."""
    near_upper = mean + NEAR_FRACTION * (upper - mean)
    near_lower = mean - NEAR_FRACTION * (mean - lower)
    return ((values > near_upper) | (values < near_lower)) & ~outside_limits(values, lower, upper)


def run_on_one_side(values: pd.Series, mean: float, run_length: int = RUN_LENGTH) -> pd.Series:
    """Rule 2: every point of a run of `run_length` or more on one side of the mean; a point on the mean
    breaks the run."""
    side = _sides(np.asarray(values, dtype="float64"), mean)
    return pd.Series(_run(side, run_length), index=values.index, name=values.name)


def trend(values: pd.Series, trend_length: int = TREND_LENGTH) -> pd.Series:
    """Rule 3: every point of `trend_length` or more consecutive points all rising or all falling; equal
    neighbours break the trend."""
    return pd.Series(_trend_directions(np.asarray(values, dtype="float64"), trend_length) != 0, index=values.index)


def two_in_three(values: pd.Series, mean: float, lower: float, upper: float) -> pd.Series:
    """Rule 4: in any 3 consecutive points all on one side of the mean, 2 or more close to that limit;
    the close points of such a window are flagged (not the third)."""
    points = np.asarray(values, dtype="float64")
    flagged = _two_in_three(_sides(points, mean), near_limit(points, mean, lower, upper))
    return pd.Series(flagged, index=values.index)


# --- the numpy cores, on one segment's points as an array


def _sides(points: np.ndarray, mean: float) -> np.ndarray:
    """+1 above the mean, -1 below, 0 on it. An infinite value is refused with the error pandas raises (and
    the pandas XmR raised): its side of the mean is not a number."""
    offsets = points - mean
    if not np.isfinite(offsets).all():
        pd.Series(offsets).astype(int)  # raises pandas.errors.IntCastingNaNError
    return np.sign(offsets).astype(int)


def _block_sizes(keys: np.ndarray) -> np.ndarray:
    """For each element, how many consecutive equal keys its block holds."""
    if not len(keys):
        return np.zeros(0, dtype=int)
    starts = np.empty(len(keys), dtype=bool)
    starts[0] = True
    np.not_equal(keys[1:], keys[:-1], out=starts[1:])
    block = np.cumsum(starts) - 1
    return np.bincount(block)[block]


def _run(side: np.ndarray, run_length: int) -> np.ndarray:
    """Points off the mean in a block of `run_length` or more on the same side."""
    return (side != 0) & (_block_sizes(side) >= run_length)


def _trend_directions(points: np.ndarray, trend_length: int) -> np.ndarray:
    """+1 for points in a rising trend, -1 falling, 0 otherwise; a point ending one trend and starting
    the next (a peak) takes the later one, as NHSRplotthedots does."""
    count = len(points)
    direction = np.zeros(count, dtype=int)
    if count < 2:
        return direction
    steps = np.sign(np.diff(points)).astype(int)
    # a block of k equal steps joins k + 1 points; step p joins points p and p + 1
    writes = (steps != 0) & (_block_sizes(steps) + 1 >= trend_length)
    way = np.where(writes, steps, 0)
    later_writes = np.zeros(count, dtype=bool)
    later_writes[:-1] = writes  # point p's own step starts the later block through it
    later, earlier = np.zeros(count, dtype=int), np.zeros(count, dtype=int)
    later[:-1], earlier[1:] = way, way
    return np.where(later_writes, later, earlier)


def _window_sums(flags: np.ndarray, window: int) -> np.ndarray:
    """The sum of each `window` consecutive elements, one per window start."""
    totals = np.zeros(len(flags) + 1, dtype=int)
    np.cumsum(flags, out=totals[1:])
    return totals[window:] - totals[:-window]


def _two_in_three(side: np.ndarray, close: np.ndarray) -> np.ndarray:
    needed, window = TWO_IN_THREE
    count = len(side)
    flagged = np.zeros(count, dtype=bool)
    if count < window:
        return flagged
    fires = (np.abs(_window_sums(side, window)) == window) & (_window_sums(close, window) >= needed)
    for offset in range(window):  # every point of a window that fires
        flagged[offset : offset + len(fires)] |= fires
    return flagged & close


def _mean(values: np.ndarray) -> float:
    """The mean of the values that are not NaN, summed exactly as pandas' Series.mean sums them (NaN
    filled with 0, numpy's pairwise sum), so the limits match it to the last bit; NaN when none."""
    gaps = np.isnan(values)
    count = len(values) - int(gaps.sum())
    if not count:
        return np.nan
    return np.where(gaps, 0.0, values).sum() / np.float64(count)


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


_PLAIN_MONTH = re.compile(r"[1-9]\d{3}-(?:0[1-9]|1[0-2])")


def _month_numbers(labels: Sequence, index: pd.Index | None = None) -> np.ndarray:
    """Months since January 1970 (pandas' monthly Period ordinals) of the labels (those of `index` when
    given); plain 'YYYY-MM' labels are read by hand, anything else as pandas reads it (and refuses it).
    Each month may appear once."""
    if all(isinstance(label, str) for label in labels):
        numbers = _plain_month_numbers(tuple(labels))
        if numbers is not None:
            return numbers
    return _months(pd.Index(list(labels)) if index is None else index).asi8


@functools.lru_cache(maxsize=1024)
def _plain_month_numbers(labels: tuple[str, ...]) -> np.ndarray | None:
    """_month_numbers of labels all written 'YYYY-MM' (read-only: shared by every call), else None."""
    if not all(_PLAIN_MONTH.fullmatch(label) for label in labels):
        return None
    if len(set(labels)) < len(labels):
        raise ValueError("each month may appear once")
    numbers = np.array([int(label[:4]) * 12 + int(label[5:]) - 1 - 1970 * 12 for label in labels], dtype=np.int64)
    numbers.flags.writeable = False
    return numbers


def _month_labels(first: int, count: int) -> pd.Index:
    """'YYYY-MM' of `count` months from month number `first`, as PeriodIndex.strftime writes them."""
    years = (first // 12 + 1970, (first + count - 1) // 12 + 1970)
    if years[0] < 1000 or years[1] > 9999:
        return pd.period_range(pd.Period(ordinal=first, freq="M"), periods=count, freq="M").strftime("%Y-%m")
    return pd.Index(_label_array(first, count).copy())  # a copy: no two frames share an index's values


@functools.lru_cache(maxsize=1024)
def _label_array(first: int, count: int) -> pd.api.extensions.ExtensionArray:
    return pd.array(
        [f"{number // 12 + 1970}-{number % 12 + 1:02d}" for number in range(first, first + count)], dtype="str"
    )


@functools.cache
def _rule_words(run_length: int, trend_length: int) -> tuple[str, ...]:
    """The rule text of each combination of rules fired (bit 0 outside, 1 trend, 2 two in three, 3 run)."""
    names = [RULE_OUTSIDE, RULE_TREND.format(n=trend_length), RULE_TWO_IN_THREE, RULE_RUN.format(n=run_length)]
    return tuple(RULE_SEPARATOR.join(name for bit, name in enumerate(names) if code >> bit & 1) for code in range(16))


@functools.cache
def _direction_words(polarity: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(direction, variation) of a point whose sign is -1, 0 or +1, indexed by sign + 1."""
    directions = (LOW, "", HIGH)
    return directions, tuple(_classify(direction, polarity) for direction in directions)


def _words(words: tuple[str, ...], codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A column of `words[code]` for each code (pandas' string dtype, as the pandas XmR made them)."""
    return _taken(words, codes.astype(np.intp).tobytes()).copy()  # a copy: no two frames share a column


@functools.lru_cache(maxsize=4096)
def _taken(words: tuple[str, ...], codes: bytes) -> pd.api.extensions.ExtensionArray:
    """Columns of words by pattern: most series repeat a few (every point common cause, say)."""
    return pd.array(words, dtype="str").take(np.frombuffer(codes, dtype=np.intp))


# the frame's blocks: floats, booleans, the segment and the three columns of words, by column position
_FLOATS, _FLAGS, _SEGMENT = np.arange(5), np.array([5, 9, 11]), np.array([10])
_VARIATION, _DIRECTION, _RULE = np.array([6]), np.array([7]), np.array([8])
_COLUMNS = pd.Index(COLUMNS)


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
    given = values.to_numpy(dtype="float64")
    numbers = _month_numbers(values.index.to_numpy(dtype=object), values.index)
    first = int(numbers.min())
    count = int(numbers.max()) - first + 1
    floats = np.full((5, count), np.nan)  # value, mean, lower_limit, upper_limit, moving_range
    value, mean, lower, upper, moving_range = floats  # moving range: NaN next to a gap, at a segment's start
    value[numbers - first] = given
    starts = _month_numbers(list(change_points))
    unknown = [str(pd.Period(ordinal=int(month), freq="M")) for month in starts if not 0 <= month - first < count]
    if unknown:
        raise ValueError(f"change points outside the series: {unknown}")
    opens = np.zeros(count, dtype=bool)
    opens[starts - first] = True
    segment = np.cumsum(opens, dtype=np.int64)
    segment -= segment[0]  # the first segment is 0, even when a change point falls on the first month

    flags = np.zeros((3, count), dtype=bool)  # special_cause, near_limit, too_short
    special_cause, near, too_short = flags
    rules, signs = np.zeros(count, dtype=np.intp), np.zeros(count, dtype=np.intp)
    changes = (np.flatnonzero(np.diff(segment)) + 1).tolist()
    for begin, end in zip([0, *changes], [*changes, count], strict=True):
        part = value[begin:end]
        np.abs(np.diff(part), out=moving_range[begin + 1 : end])
        centre = _mean(part)
        spread = LIMIT_FACTOR * _mean(moving_range[begin:end])
        mean[begin:end], lower[begin:end], upper[begin:end] = centre, centre - spread, centre + spread
        held = np.flatnonzero(~np.isnan(part)) + begin
        too_short[begin:end] = len(held) < MIN_POINTS
        if len(held):
            near[held], rules[held], signs[held] = _flags(
                value[held], centre, centre - spread, centre + spread, run_length, trend_length
            )
    np.clip(lower, bounds[0], bounds[1], out=lower)
    np.clip(upper, bounds[0], bounds[1], out=upper)
    way = signs + 1  # -1, 0, +1 as positions in the words
    np.not_equal(signs, 0, out=special_cause)
    direction, variation = _direction_words(polarity)
    blocks = [(floats, _FLOATS), (flags, _FLAGS), (segment[np.newaxis], _SEGMENT)]
    blocks += [(_words(variation, way), _VARIATION), (_words(direction, way), _DIRECTION)]
    blocks += [(_words(_rule_words(run_length, trend_length), rules), _RULE)]
    return create_dataframe_from_blocks(blocks, index=_month_labels(first, count), columns=_COLUMNS.copy())


def _flags(
    points: np.ndarray, mean: float, lower: float, upper: float, run_length: int, trend_length: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(near a limit, which rules fired as bits of _rule_words, direction as -1, 0 or +1) of each point.
    The direction is the first fired rule's, in order of precedence: outside, trend (its direction), two
    in three, run (the side of the mean)."""
    side = _sides(points, mean)
    trend_side = _trend_directions(points, trend_length)
    close = near_limit(points, mean, lower, upper)
    outside, trending = outside_limits(points, lower, upper), trend_side != 0
    paired, running = _two_in_three(side, close), _run(side, run_length)
    rules = outside * 1 + trending * 2 + paired * 4 + running * 8
    sign = np.where(outside, side, np.where(trending, trend_side, np.where(paired | running, side, 0)))
    return close, rules, sign


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
