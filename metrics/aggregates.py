"""Indicators the case-management extracts cannot compute, read from uploaded aggregate values.

Strategy discussions, return home interviews, private fostering, homeless 16-17-year-olds, plan audits,
supervision and vacancies arrive as numerator and denominator per month (indicator_values), so they
are treated as units like every other indicator: one unit per uploaded row.
"""

from __future__ import annotations

import pandas as pd

from metrics.inputs import Inputs
from metrics.units import units_frame


def aggregate_units(inputs: Inputs, month: str, code: str) -> pd.DataFrame:
    """The uploaded rows for one indicator and month: numerator and denominator as reported.

    The whole-authority row has a blank breakdown; rows with a breakdown (a team, say) are kept in
    column `breakdown` and left out of the whole-authority sums so nothing is counted twice. If only
    breakdown rows were uploaded, the whole-authority figure is their sum.
    """
    values = inputs.indicator_values
    if values.empty:
        return units_frame(pd.DataFrame(columns=["indicator_code", "period", "breakdown"]), [], [])
    rows = values[(values["indicator_code"] == code) & (values["period"] == month)].copy()
    rows["breakdown"] = rows["breakdown"].fillna("").astype(str)
    units = units_frame(rows, rows["numerator"].astype(float), rows["denominator"].astype(float))
    whole = units["breakdown"] == ""
    units["in_whole"] = whole | (not whole.any())
    return units
