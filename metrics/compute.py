"""Every catalogue indicator for a set of months: the figures the store keeps, and the rows behind one.

Called by the store's recomputation hook (workflows/jobs.py) inside each load, revert or withdrawal,
and by the drill-down. Both go through `units_for`, so a stored figure and the rows listed behind it
always come from one computation.
"""

from __future__ import annotations

import pandas as pd

from metrics.allocations import with_team
from metrics.catalogue import Catalogue, Indicator, function_of
from metrics.inputs import Inputs
from metrics.units import NOT_YET_DUE, WHOLE, summarise

FIGURE_COLUMNS = ["month", "code", "breakdown", "numerator", "denominator", "value", "provisional", "source_batches"]
AGGREGATE_BREAKDOWN = "breakdown"  # the column of uploaded aggregate values that holds their breakdown


def breakdown_label(column: str, value: str) -> str:
    """How a breakdown is stored and shown: 'team: Assessment Hub 1'."""
    return f"{column}: {value}"


def units_for(inputs: Inputs, indicator: Indicator, month: str) -> pd.DataFrame:
    """The units (rows in the denominator, with their contributions) of one indicator and month.

    Child-level units without a team get the team and cohort of the child's allocated worker at month
    end (CONTRACT.md "Team attribution"), when that month's allocations are loaded.
    """
    units = function_of(indicator)(inputs, month)
    if "child_id" in units and "team" not in units and inputs.is_loaded("allocations", month):
        units = with_team(units, inputs.allocations, month)
    return units


def indicator_figures(inputs: Inputs, months: list[str], catalogue: Catalogue) -> pd.DataFrame:
    """Whole-authority and breakdown figures of every indicator for every month asked for.

    A month whose units are empty (dataset not loaded, nobody in the denominator) gives no row: a gap,
    never 0%. `provisional` is true when rows were left out for now (an IHA not yet due);
    `source_batches` lists the batches the rows came from.
    """
    rows = []
    for indicator in catalogue.indicators.values():
        for month in months:
            units = units_for(inputs, indicator, month)
            if not units.empty:
                rows += _figures(indicator, month, units)
            elif indicator.unit == "count" and inputs.is_loaded(indicator.source, month):
                rows.append((month, indicator.code, WHOLE, 0.0, 0.0, 0.0, False, ""))  # none this month
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def _figures(indicator: Indicator, month: str, units: pd.DataFrame) -> list[tuple]:
    if indicator.is_aggregate:
        whole_units = units[units["in_whole"]]
        groups = [(WHOLE, whole_units)] + [
            (breakdown_label(AGGREGATE_BREAKDOWN, key), group)
            for key, group in units[units["breakdown"] != ""].groupby("breakdown", sort=True)
        ]
    else:
        groups = [(WHOLE, units)] + [
            (breakdown_label(column, key), group)
            for column in indicator.breakdowns
            if column in units
            for key, group in units.assign(_k=units[column].astype("string").fillna("not recorded")).groupby(
                "_k", sort=True
            )
        ]
    out = []
    for label, group in groups:
        summary = summarise(group, indicator.unit).iloc[0]
        if indicator.unit != "count" and summary["denominator"] == 0:
            continue  # 0/0 is a gap
        out.append(
            (
                month,
                indicator.code,
                label,
                float(summary["numerator"]),
                float(summary["denominator"]),
                float(summary["value"]),
                bool((group["status"] == NOT_YET_DUE).any()),
                _batches(group),
            )
        )
    return out


def _batches(units: pd.DataFrame) -> str:
    if "batch_id" not in units:
        return ""
    ids = pd.to_numeric(units["batch_id"], errors="coerce").dropna().astype(int).unique()
    return ",".join(str(i) for i in sorted(ids))


def rows_behind(units: pd.DataFrame, indicator: Indicator, breakdown: str = WHOLE) -> dict[str, pd.DataFrame]:
    """The rows behind one stored figure: numerator rows, denominator rows, and rows left out for now."""
    if breakdown and ": " in breakdown:
        column, value = breakdown.split(": ", 1)
        source = AGGREGATE_BREAKDOWN if indicator.is_aggregate else column
        units = units[units[source].astype("string").fillna("not recorded") == value]
    elif indicator.is_aggregate:
        units = units[units["in_whole"]]
    counted = units[units["counted"]]
    return {
        "numerator": counted[counted["numerator"] > 0],
        "denominator": counted[counted["denominator"] > 0],
        "excluded": units[~units["counted"]],
    }
