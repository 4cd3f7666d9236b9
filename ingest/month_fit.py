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


# The dates that place each record in time: (start, end or None). A record touches the month when it had
# started by the month's end and had not ended before the month began. Care leavers (dates of birth
# only) and aggregate values (rows carry their own period) have nothing to check.
PERIODS = {
    "workforce": ("start_date", "end_date"),
    "allocations": ("start_date", "end_date"),
    "health_assessments": ("date_entered_care", None),
    "placements": ("placement_start_date", None),
}


def wrong_month_warnings(frame: pd.DataFrame, spec: DatasetSpec, month: str, file_name: str) -> list[Issue]:
    """One whole-file warning when no record touches the chosen month, naming the month the file
    looks like (that of its latest date): a November extract chosen as December would otherwise load
    as December and replace it."""
    if spec.name not in PERIODS or frame.empty:
        return []
    start_column, end_column = PERIODS[spec.name]
    if start_column not in frame:
        return []
    begin, end = month_bounds(month)
    starts = frame[start_column]
    ends = frame[end_column] if end_column in frame else pd.Series(pd.NaT, index=frame.index)
    started = starts.isna() | (starts <= end)
    not_ended = ends.isna() | (ends >= begin)
    if (started & not_ended).any():
        return []
    latest = pd.concat([starts, ends]).dropna().max()
    if pd.isna(latest):
        return []
    label, guess = month_label(month), month_label(f"{latest:%Y-%m}")
    if not started.any():
        why = f"every one started after {label} ended"
    elif not not_ended.any():
        why = f"every one had ended before {label} began"
    else:
        why = f"each started after {label} ended or had ended before it began"
    rows = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}"
    return [
        Issue(
            file_name,
            None,
            None,
            None,
            "wrong_month",
            f"None of the {rows} was current in {label}: {why} (the latest date is {latest:%d/%m/%Y}). This "
            f"looks like the {guess} extract. Check the reporting month; loading it as {label} would replace "
            f"{label}'s file. Tick the confirmation only if {label} is right.",
            "warning",
        )
    ]
