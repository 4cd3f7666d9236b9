"""Every catalogue indicator for a set of months: the figures the store keeps, and the rows behind one.

Called by the store's recomputation hook (workflows/jobs.py) inside each load, revert or withdrawal,
and by the drill-down. Both go through `units_for`, so a stored figure and the rows listed behind it
always come from one computation.
"""

from __future__ import annotations

import pandas as pd

from metrics.allocations import with_team
from metrics.catalogue import SPLIT, Catalogue, Indicator, function_of
from metrics.equalities import CHARACTERISTIC_COLUMNS, with_characteristics
from metrics.figure_status import NOT_MEASURED, STATUS_COLUMNS, window_months_held
from metrics.inputs import Inputs
from metrics.units import NOT_YET_DUE, WHOLE, value_of

FIGURE_COLUMNS = ["month", "code", "breakdown", "numerator", "denominator", "value", "provisional", "source_batches"]
FIGURE_COLUMNS += STATUS_COLUMNS  # not yet due, months held and needed: what the figure is (metrics.figure_status)
AGGREGATE_BREAKDOWN = "breakdown"  # the column of uploaded aggregate values that holds their breakdown
NOT_RECORDED = "not recorded"  # the part of a breakdown whose column is blank


def breakdown_label(column: str, value: str) -> str:
    """How a breakdown is stored and shown: 'team: Assessment Hub 1'."""
    return f"{column}: {value}"


def units_for(inputs: Inputs, indicator: Indicator, month: str) -> pd.DataFrame:
    """The units (rows in the denominator, with their contributions) of one indicator and month.

    Child-level units without a team get the team and cohort of the child's allocated worker at month
    end (CONTRACT.md "Team attribution"), when that month's allocations are loaded. An indicator with
    equality breakdowns gets each child's characteristics from the returns (metrics.equalities).
    """
    units = function_of(indicator)(inputs, month)
    if not units.empty and "child_id" in units and "team" not in units and inputs.is_loaded("allocations", month):
        units = with_team(units, inputs.allocations, month)
    if set(indicator.breakdowns) & set(CHARACTERISTIC_COLUMNS):  # equalities: the child's characteristics
        units = with_characteristics(units, inputs.child_characteristics, month)
    return units


def indicator_figures(inputs: Inputs, months: list[str], catalogue: Catalogue) -> pd.DataFrame:
    """Whole-authority and breakdown figures of every indicator for every month asked for.

    A month with no file gives no row ("no data for <month>"). A month whose file is loaded but whose
    whole denominator is 0 gives a whole-authority row with no value ("no cases in <month>", never 0%);
    a count is 0. `provisional` is true when rows were left out for now (an IHA not yet due), and
    `not_yet_due` counts them; `source_batches` lists the batches the rows came from. A rolling figure
    (catalogue `window_months`) carries `months_held` of `months_needed`: fewer is incomplete.
    """
    rows = []
    for indicator in catalogue.indicators.values():
        for month in months:
            window = _window(inputs, indicator, month)
            units = units_for(inputs, indicator, month)
            if not units.empty:
                rows += [(*row, *window) for row in _figures(indicator, month, units)]
            elif inputs.is_loaded(indicator.source, month) and not units.attrs.get(NOT_MEASURED):
                value = 0.0 if indicator.unit == "count" else float("nan")  # none this month, or no cases
                rows.append((month, indicator.code, WHOLE, 0.0, 0.0, value, False, "", 0, *window))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def _window(inputs: Inputs, indicator: Indicator, month: str) -> tuple[int | None, int | None]:
    """(months held, months needed) of a rolling figure's window of monthly files; (None, None) otherwise."""
    needed = indicator.window_months
    if not needed:
        return None, None
    return window_months_held(inputs.loaded.get(indicator.source, frozenset()), month, needed), needed


def part_keys(units: pd.DataFrame, indicator: Indicator, column: str) -> pd.Series:
    """Each unit's part of the breakdown by `column`: its value there, "not recorded" when blank.

    In a split a unit outside the numerator with a blank value belongs to no part (NA): it only sits in
    the whole denominator that every part shares, so no "not recorded" part of 0 appears for it.
    """
    keys = units[column].astype("string")
    if indicator.breakdown_kind(column) == SPLIT:
        return keys.mask(keys.isna() & (units["numerator"] > 0).to_numpy(), NOT_RECORDED)
    return keys.fillna(NOT_RECORDED)


def _parts(indicator: Indicator, units: pd.DataFrame) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """(label, units of its numerator, units of its denominator) for the whole and each breakdown part.

    CONTRACT.md "Breakdowns": a group is its own numerator over its own denominator; a split part is
    its numerator over the whole denominator, so the parts of a split add up to the whole figure.
    """
    if indicator.is_aggregate:
        whole_units = units[units["in_whole"]]
        return [(WHOLE, whole_units, whole_units)] + [
            (breakdown_label(AGGREGATE_BREAKDOWN, key), group, group)
            for key, group in units[units["breakdown"] != ""].groupby("breakdown", sort=True)
        ]
    parts = [(WHOLE, units, units)]
    for column in indicator.breakdowns:
        if column not in units:
            continue
        split = indicator.breakdown_kind(column) == SPLIT
        for key, group in units.groupby(part_keys(units, indicator, column), sort=True):  # NA: in no part
            parts.append((breakdown_label(column, key), group, units if split else group))
    return parts


def _figures(indicator: Indicator, month: str, units: pd.DataFrame) -> list[tuple]:
    out = []
    for label, group, over in _parts(indicator, units):
        numerator = float(group.loc[group["counted"], "numerator"].sum())
        denominator = float(over.loc[over["counted"], "denominator"].sum())
        if indicator.unit != "count" and denominator == 0 and label != WHOLE:
            continue  # 0/0 is a gap; the whole authority's is kept as "no cases" (or all not yet due)
        out.append(
            (
                month,
                indicator.code,
                label,
                numerator,
                denominator,
                value_of(numerator, denominator, indicator.unit),
                bool((over["status"] == NOT_YET_DUE).any()),
                _batches(over),
                int((over["status"] == NOT_YET_DUE).sum()),
            )
        )
    return out


def _batches(units: pd.DataFrame) -> str:
    if "batch_id" not in units:
        return ""
    ids = pd.to_numeric(units["batch_id"], errors="coerce").dropna().astype(int).unique()
    return ",".join(str(i) for i in sorted(ids))


def rows_behind(units: pd.DataFrame, indicator: Indicator, breakdown: str = WHOLE) -> dict[str, pd.DataFrame]:
    """The rows behind one stored figure: numerator rows, denominator rows, and rows left out for now.

    A split part's numerator rows are its own; its denominator (and rows left out) are the whole's.
    """
    over = units
    if breakdown and ": " in breakdown:
        column, value = breakdown.split(": ", 1)
        if indicator.is_aggregate:
            units = over = units[units[AGGREGATE_BREAKDOWN].astype("string").fillna(NOT_RECORDED) == value]
        else:
            units = units[(part_keys(units, indicator, column) == value).fillna(False).to_numpy()]
            over = over if indicator.breakdown_kind(column) == SPLIT else units
    elif indicator.is_aggregate:
        units = over = units[units["in_whole"]]
    counted, counted_over = units[units["counted"]], over[over["counted"]]
    return {
        "numerator": counted[counted["numerator"] > 0],
        "denominator": counted_over[counted_over["denominator"] > 0],
        "excluded": over[~over["counted"]],
    }
