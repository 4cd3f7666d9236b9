"""Warnings for rows that do not fit the reporting month chosen for a file.

These are warnings, not errors: the analyst may have picked the wrong month, or the rows may be
genuinely odd. The Check page asks the analyst to confirm them before the file can be loaded.
"""

from __future__ import annotations

import pandas as pd

from core.dates import ages_at, month_bounds, month_label
from ingest.issues import Issue
from reference import DatasetSpec


def month_fit_warnings(
    frame: pd.DataFrame, spec: DatasetSpec, month: str, file_name: str, headers: dict[str, str]
) -> list[Issue]:
    """Dates after the month, leavers before it, and care leavers outside the age band at month end."""
    start, end = month_bounds(month)
    label = month_label(month)
    warnings: list[Issue] = []
    for column in spec.columns:
        if not column.not_after_month_end or column.name not in frame:
            continue
        shown = headers.get(column.name, column.name)
        for row, value in frame.loc[frame[column.name] > end, column.name].items():
            warnings.append(
                Issue(
                    file_name,
                    int(row),
                    shown,
                    value.strftime("%d/%m/%Y"),
                    "after_month",
                    f"{value:%d/%m/%Y} is after the end of the reporting month ({label}). Check the "
                    "date, or whether the file is for a later month.",
                    "warning",
                )
            )
    if spec.in_month_end_column and spec.in_month_end_column in frame:
        column = spec.in_month_end_column
        shown = headers.get(column, column)
        for row, value in frame.loc[frame[column] < start, column].items():
            warnings.append(
                Issue(
                    file_name,
                    int(row),
                    shown,
                    value.strftime("%d/%m/%Y"),
                    "before_month",
                    f"{value:%d/%m/%Y} is before {label} began, so this row was not current in the "
                    f"month. The file should list only {spec.one_row_per}.",
                    "warning",
                )
            )
    if spec.age_band and "date_of_birth" in frame:
        low, high = spec.age_band
        ages = ages_at(frame["date_of_birth"], end)
        shown = headers.get("date_of_birth", "date_of_birth")
        outside = ages.notna() & ((ages < low) | (ages > high))
        for row in frame.index[outside.fillna(False).to_numpy()]:
            warnings.append(
                Issue(
                    file_name,
                    int(row),
                    shown,
                    frame.at[row, "date_of_birth"].strftime("%d/%m/%Y"),
                    "outside_age_band",
                    f"This young person is {ages.loc[row]} at the end of {label}, outside the {low} to "
                    f"{high} age band of this dataset. Check the date of birth or remove the row.",
                    "warning",
                )
            )
    return warnings
