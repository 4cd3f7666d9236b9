"""Every indicator is computed as *units*: one row per record in its denominator.

An indicator function returns a frame with one row per child, worker or episode it counts, carrying
`numerator` and `denominator` contributions (1/0 and 1 for a share; caseload and FTE for caseload per
FTE; agency FTE and FTE for the agency rate), the columns it can be broken down by (team, cohort,
age_band, ...), identifying columns (child_id or worker_id) and the provenance of the row it came from
(batch_id, row_number). Records left out of both numerator and denominator on purpose (an initial
health assessment not yet due) stay in the frame with `counted` False and a `status` saying why.

So one frame serves every use: the value is sum(numerator) / sum(denominator) over counted rows; a
breakdown is the same sum grouped by a column; pooled periods (quarters, rolling views) sum
numerators and denominators, never average rates; and the rows behind any figure are the frame
itself, filtered. Nothing can disagree because nothing is computed twice.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

UNIT_COLUMNS = ["numerator", "denominator", "counted", "status"]
NOT_YET_DUE = "not yet due"  # status of rows left out until their deadline passes: the figure is provisional
WHOLE = ""  # breakdown value of the whole-authority figure
UNITS = ("%", "ratio", "count", "per 100")  # how an indicator's value is expressed (the one list of them)
PER_HUNDRED = ("%", "per 100")  # units whose value is 100 x numerator / denominator
POLARITIES = ("higher", "lower", "neither")  # which way an indicator is better (the one list of them)
DIRECTED = ("higher", "lower")  # polarities with a better direction: judged against a target, ranked


def units_frame(frame: pd.DataFrame, numerator, denominator=1.0, status: str = "") -> pd.DataFrame:
    """A copy of `frame` with the unit columns added (everything counted unless said otherwise)."""
    out = frame.copy()
    out["numerator"] = pd.Series(numerator, index=frame.index, dtype="float64") if len(frame) else []
    out["denominator"] = pd.Series(denominator, index=frame.index, dtype="float64") if len(frame) else []
    out["counted"] = True
    out["status"] = status
    return out.astype({"numerator": "float64", "denominator": "float64", "counted": bool, "status": object})


def value_of(numerator: float, denominator: float, unit: str) -> float:
    """The figure from its sums: a percentage (0-100) for '%', per 100 for 'per 100', a ratio otherwise;
    NaN (a gap) when the denominator is 0. Counts (unit 'count') are the numerator itself."""
    if unit == "count":
        return float(numerator)
    if not denominator:
        return float("nan")
    ratio = float(numerator) / float(denominator)
    return ratio * 100.0 if unit in PER_HUNDRED else ratio


def summarise(units: pd.DataFrame, unit: str, by: str | None = None) -> pd.DataFrame:
    """Sums and value, for the whole authority (breakdown '') or per value of column `by`.

    Columns: breakdown, numerator, denominator, value, excluded (rows not counted, e.g. not yet due).
    """
    counted = units[units["counted"]] if len(units) else units
    if by is None:
        rows = [(WHOLE, counted["numerator"].sum(), counted["denominator"].sum(), int((~units["counted"]).sum()))]
    else:
        keys = units[by].astype("string").fillna("not recorded")
        groups = units.assign(_key=keys).groupby("_key", sort=True)
        rows = [
            (
                str(key),
                group.loc[group["counted"], "numerator"].sum(),
                group.loc[group["counted"], "denominator"].sum(),
                int((~group["counted"]).sum()),
            )
            for key, group in groups
        ]
    frame = pd.DataFrame(rows, columns=["breakdown", "numerator", "denominator", "excluded"])
    frame["value"] = [value_of(n, d, unit) for n, d in zip(frame["numerator"], frame["denominator"], strict=True)]
    return frame


def round_half_up(value: float, places: int = 1) -> float:
    """31.25 -> 31.3 as CONTRACT.md asks (Python's round gives 31.2); NaN stays NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


UNIT_SUFFIX = {"%": "%", "per 100": " per 100 children"}  # what a figure of each unit is, after its number


def shown_value(value: float | None, unit: str) -> str:
    """A figure as people read it everywhere (pages, charts, sentences, exports): 31.3%, 17.2, 4,
    4.5 per 100 children. The one place a unit is put into words, so no page can leave it off.

    Percentages, rates and ratios rounded half up to one place; counts whole with thousands separators.
    """
    if value is None or pd.isna(value):
        return "no data"
    if unit == "count":
        return f"{value:,.0f}"
    rounded = round_half_up(float(value), 1)
    return f"{rounded:.1f}{UNIT_SUFFIX.get(unit, '')}"


UNIT_TITLES = {"%": "Per cent", "ratio": "Ratio", "count": "Number", "per 100": "Per 100 children"}


def unit_title(unit: str) -> str:
    """What an axis or a column of figures in this unit measures ('Per 100 children')."""
    return UNIT_TITLES.get(unit, unit)


def has_denominator(unit: str) -> bool:
    """A count is a number of records: the sum its units carry as a denominator means nothing, so no
    table or sentence shows one."""
    return unit != "count"
