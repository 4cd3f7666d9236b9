"""Placements of children looked after at month end: distance from home, location and stability.

Source: the placements dataset, each month's own rows (a snapshot of every child looked after at month
end, one row per child). Every function returns units (metrics/units.py): one row per child in the
denominator, with the breakdown columns

- `age_band`: age in completed years at month end (core.dates.ages_at) as "under 5", "5-9", "10-15" or
  "16+" (the DfE's "Children looked after in England" age groups, with under 1 and 1 to 4 joined);
- `inside_la`: "inside" or "outside" the authority's boundary (SSDA903 PL_LOCATION);
- `placement_type`: the SSDA903 PLACE code;
- `distance_band`: "more than 20 miles", "20 miles or less" or "distance not recorded";

plus child_id and the provenance of the row (batch_id, row_number). A month with no placements file
gives no units: a gap, never 0 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dates import ages_at, month_bounds
from metrics.inputs import Inputs
from metrics.units import UNIT_COLUMNS, units_frame

DATASET = "placements"
MILES = 20.0  # "more than 20 miles from home" (exactly 20.0 is not more)
OLDER_AGE = 16  # the DfE's oldest age group, 16 and over
PLACEMENTS = 3  # "3 or more placements in the last 12 months"

AGE_BANDS = ((0, "under 5"), (5, "5-9"), (10, "10-15"), (16, "16+"))  # (lowest age, label)
INSIDE, OUTSIDE = "inside", "outside"
NOT_RECORDED = "not recorded"
DISTANCE_NOT_RECORDED = "distance not recorded"

CHILD_COLUMNS = [
    "child_id",
    "age",
    "age_band",
    "inside_la",
    "placement_type",
    "distance_miles",
    "distance_band",
    "placements_last_12_months",
    "batch_id",
    "row_number",
]


def age_band(ages: pd.Series) -> pd.Series:
    """Ages in completed years as the bands of AGE_BANDS ("under 5", "5-9", "10-15", "16+"); NA stays NA."""
    ages = pd.Series(ages, dtype="Float64")
    out = pd.Series(pd.NA, index=ages.index, dtype="string")
    for lowest, label in AGE_BANDS:
        out[(ages >= lowest).fillna(False).astype(bool)] = label
    return out


def location_words(inside: pd.Series) -> pd.Series:
    """A yes/no inside-the-authority flag as "inside" / "outside" (blank stays NA)."""
    flag = pd.Series(inside, dtype="boolean")
    words = pd.Series(pd.NA, index=flag.index, dtype="string")
    words[flag.fillna(False).astype(bool)] = INSIDE
    words[(~flag).fillna(False).astype(bool)] = OUTSIDE
    return words


def distance_band(distance_miles: pd.Series, miles: float = MILES) -> pd.Series:
    """Distances as f"more than {miles} miles" / f"{miles} miles or less" / "distance not recorded" (blank),
    the bands the DfE publishes placement location in."""
    distance = pd.Series(distance_miles, dtype="Float64")
    far = (distance > miles).fillna(False).astype(bool)
    near = (distance <= miles).fillna(False).astype(bool)
    labels = np.select([far, near], [f"more than {miles:g} miles", f"{miles:g} miles or less"], DISTANCE_NOT_RECORDED)
    return pd.Series(labels, index=distance.index, dtype="string")


def _children_at_month_end(inputs: Inputs, month: str, miles: float = MILES) -> pd.DataFrame:
    """The month's placements rows with age, bands and words; an empty frame when the month is not loaded."""
    rows = inputs.month_rows(DATASET, month)
    if rows.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in CHILD_COLUMNS})
    _, month_end = month_bounds(month)
    ages = ages_at(rows["date_of_birth"], month_end)
    distance = rows["distance_miles"].astype("Float64")
    frame = pd.DataFrame(
        {
            "child_id": rows["child_id"],
            "age": ages,
            "age_band": age_band(ages),
            "inside_la": location_words(rows["inside_la"]),
            "placement_type": rows["placement_type"],
            "distance_miles": distance,
            "distance_band": distance_band(distance, miles),
            "placements_last_12_months": rows["placements_last_12_months"].astype("Int64"),
            "batch_id": rows["batch_id"],
            "row_number": rows["row_number"],
        },
        index=rows.index,
    )
    return frame.reset_index(drop=True)


def _empty_units(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in [*columns, *UNIT_COLUMNS]})


def _share_over(children: pd.DataFrame, miles: float) -> pd.DataFrame:
    distance = children["distance_miles"]
    over = (distance > miles).fillna(False).astype(bool)
    return units_frame(children, over.astype(float)).assign(status=children["distance_band"].astype(object))


def placed_over_20_miles(inputs: Inputs, month: str, miles: float = MILES) -> pd.DataFrame:
    """Children looked after placed more than 20 miles from home.

    Definition (CONTRACT.md "Placed more than 20 miles from home"): children looked after at month end
    with distance_miles > 20 (exactly 20.0 is not more) / all children looked after at month end.
    Numerator: distance_miles > `miles`. Denominator: every child in the month's placements file,
    including those whose distance is not recorded (numerator 0, status "distance not recorded"; also
    counted on their own by `distance_not_recorded`).
    Polarity: lower is better. Unit: %. Source: placements (the month's own rows).
    Breakdowns: age_band, placement_type (groups); inside_la (a split: inside or outside and more than
    20 miles, each over all children, as the DfE publishes placement location).
    """
    children = _children_at_month_end(inputs, month, miles)
    if children.empty:
        return _empty_units(CHILD_COLUMNS)
    return _share_over(children, miles)


def placed_over_20_miles_16_plus(
    inputs: Inputs, month: str, miles: float = MILES, min_age: int = OLDER_AGE
) -> pd.DataFrame:
    """Children looked after aged 16 or over placed more than 20 miles from home.

    Definition (CONTRACT.md "Placed more than 20 miles from home ... Also for ages 16+"): as
    `placed_over_20_miles`, for children aged 16 or over in completed years at month end (a 16th
    birthday on the last day of the month counts; a 29 February birthday is reached on 1 March).
    Numerator: those with distance_miles > 20. Denominator: children aged 16+ looked after at month
    end, including distance not recorded. Polarity: lower is better. Unit: %. Source: placements.
    """
    children = _children_at_month_end(inputs, month, miles)
    older = children[(children["age"] >= min_age).fillna(False).astype(bool)] if len(children) else children
    if older.empty:
        return _empty_units(CHILD_COLUMNS)
    return _share_over(older.reset_index(drop=True), miles)


def distance_not_recorded(inputs: Inputs, month: str) -> pd.DataFrame:
    """Children looked after at month end whose distance from home is not recorded.

    Definition (CONTRACT.md: distance not recorded is "shown as its own count"): the number of children
    in the month's placements file with a blank distance_miles. Numerator: blank distance (1 each).
    Denominator: 1 per child looked after at month end (so the count is 0, not a gap, when every
    distance is recorded). Polarity: lower is better. Unit: count. Source: placements.
    """
    children = _children_at_month_end(inputs, month)
    if children.empty:
        return _empty_units(CHILD_COLUMNS)
    blank = children["distance_miles"].isna().to_numpy(dtype=bool)
    units = units_frame(children, blank.astype(float))
    units["status"] = np.where(blank, DISTANCE_NOT_RECORDED, "distance recorded")
    return units.astype({"status": object})


def placed_outside_la(inputs: Inputs, month: str, miles: float = MILES) -> pd.DataFrame:
    """Children looked after placed outside the authority's boundary.

    Definition (CONTRACT.md "Placed outside the authority"): inside_la = no / all children looked
    after at month end (the same denominator as the 20 miles figure). Numerator: inside_la no.
    Denominator: every child in the month's placements file. Breakdown `distance_band`, a split (each
    part over all children, so the parts add up to the figure): outside and "more than 20 miles" (the
    DfE's published comparator, "Children looked after in England": placed outside the council boundary
    and more than 20 miles from home), "20 miles or less" and "distance not recorded".
    Polarity: lower is better. Unit: %. Source: placements.
    """
    children = _children_at_month_end(inputs, month, miles)
    if children.empty:
        return _empty_units(CHILD_COLUMNS)
    outside = (children["inside_la"] == OUTSIDE).fillna(False).astype(bool)
    units = units_frame(children, outside.astype(float))
    status = np.select(
        [children["inside_la"].isna().to_numpy(dtype=bool), outside.to_numpy()],
        ["location not recorded", "placed outside"],
        "placed inside",
    )
    units["status"] = status
    return units.astype({"status": object})


def placements_3_plus_in_12_months(inputs: Inputs, month: str, placements: int = PLACEMENTS) -> pd.DataFrame:
    """Children looked after with 3 or more placements in the last 12 months.

    Definition (CONTRACT.md "3+ placements in 12 months"): placements_last_12_months >= 3 / children
    looked after at month end. Numerator: placements_last_12_months of 3 or more (the current
    placement included). Denominator: every child in the month's placements file. Polarity: lower is
    better. Unit: %. Source: placements. Breakdowns: age_band, inside_la, placement_type.
    """
    children = _children_at_month_end(inputs, month)
    if children.empty:
        return _empty_units(CHILD_COLUMNS)
    count = children["placements_last_12_months"]
    many = (count >= placements).fillna(False).astype(bool)
    units = units_frame(children, many.astype(float))
    units["status"] = np.select(
        [count.isna().to_numpy(dtype=bool), many.to_numpy()],
        ["not recorded", f"{placements} or more placements"],
        f"fewer than {placements} placements",
    )
    return units.astype({"status": object})
