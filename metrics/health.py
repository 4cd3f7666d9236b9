"""Health assessments of children looked after: initial assessments on time, and assessments up to date.

Source: the health_assessments dataset. `inputs.health_episodes` holds each period of care (child_id,
date_entered_care) in its latest known state, so a later month's file that completes an earlier month's
initial health assessment (IHA) changes the earlier month's figure; `inputs.health` holds each month's own
rows (point-in-time fields from that month's file, IHA dates from the latest copy).

Working days skip weekends and England's bank holidays (metrics/working_days.py); the day of entry is
day 0. Anything that depends on "today" (overdue or not yet due) is judged at the extract date of the
latest data for the record (the `extract_date` of its latest copy). A month without a health file gives
no units: a gap, never 0 %.

Breakdowns: `placed_outside_la` in words, "outside" or "inside" (the month's own flag for the child),
`distance_band` (from the month's placements file, where the child is in it) and, for assessments up to
date, `age_band`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dates import ages_at, month_bounds
from metrics.figure_status import NOT_MEASURED
from metrics.inputs import Inputs
from metrics.placements import age_band, distance_band, location_words
from metrics.units import NOT_YET_DUE, UNIT_COLUMNS, units_frame
from metrics.working_days import nth_working_day_after

DATASET = "health"
IHA_WORKING_DAYS = 20  # statutory guidance: IHA within 20 working days of entering care
IHA_REQUEST_WORKING_DAYS = 3
UNDER_FIVE_MONTHS = 6  # a child under 5 needs a health assessment every 6 months ...
FIVE_AND_OVER_MONTHS = 12  # ... and every 12 months from 5
FIVE = 5

IN_TIME, LATE, OVERDUE = "in time", "late", "overdue"
COLUMN_ABSENT = "column not in file"
UP_TO_DATE, OUT_OF_DATE, NO_ASSESSMENT = "up to date", "out of date", "no assessment"

TIMELINESS_COLUMNS = [
    "child_id",
    "date_entered_care",
    "deadline",
    "done_date",
    "extract_date",
    "placed_outside_la",
    "distance_band",
    "batch_id",
    "row_number",
]
UP_TO_DATE_COLUMNS = [
    "child_id",
    "date_entered_care",
    "age",
    "age_band",
    "latest_assessment",
    "due_since",
    "placed_outside_la",
    "distance_band",
    "batch_id",
    "row_number",
]


def _empty_units(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in [*columns, *UNIT_COLUMNS]})


def _month_rows(inputs: Inputs, month: str) -> pd.DataFrame:
    return inputs.month_rows(DATASET, month)


def _breakdowns(inputs: Inputs, month: str, records: pd.DataFrame) -> pd.DataFrame:
    """placed_outside_la in words from the month's own health rows (matched on child and date entered care) and
    distance_band from the month's placements rows (matched on child); NA where there is no match."""
    own = _month_rows(inputs, month)
    flags = own.drop_duplicates(["child_id", "date_entered_care"], keep="last").set_index(
        ["child_id", "date_entered_care"]
    )["placed_outside_la"]
    keys = pd.MultiIndex.from_frame(records[["child_id", "date_entered_care"]])
    outside = pd.Series(flags.reindex(keys).to_numpy(), index=records.index, dtype="boolean")
    placements = inputs.month_rows("placements", month)
    if placements.empty:
        bands = pd.Series(pd.NA, index=records.index, dtype="string")
    else:
        distance = placements.drop_duplicates("child_id", keep="last").set_index("child_id")["distance_miles"]
        matched = records["child_id"].isin(distance.index)
        bands = distance_band(pd.Series(distance.reindex(records["child_id"]).to_numpy(), index=records.index))
        bands = bands.where(matched.to_numpy(), pd.NA)
    return pd.DataFrame({"placed_outside_la": location_words(~outside), "distance_band": bands}, index=records.index)


def _entrants(inputs: Inputs, month: str) -> pd.DataFrame:
    """Periods of care that began in the month, in their latest known state (empty if no health file)."""
    episodes = inputs.health_episodes
    if _month_rows(inputs, month).empty or episodes.empty:
        return episodes.iloc[0:0]
    start, end = month_bounds(month)
    entered = pd.to_datetime(episodes["date_entered_care"])
    return episodes[((entered >= start) & (entered <= end)).fillna(False).astype(bool)]


def _timeliness(inputs: Inputs, month: str, entrants: pd.DataFrame, done_column: str, days: int) -> pd.DataFrame:
    """Units for "done within `days` working days of entering care" on the date column done_column."""
    deadline = nth_working_day_after(entrants["date_entered_care"], days)
    done = pd.to_datetime(entrants[done_column])
    extract = pd.to_datetime(entrants["extract_date"])
    records = pd.DataFrame(
        {
            "child_id": entrants["child_id"],
            "date_entered_care": pd.to_datetime(entrants["date_entered_care"]),
            "deadline": deadline,
            "done_date": done,
            "extract_date": extract,
            "batch_id": entrants["batch_id"],
            "row_number": entrants["row_number"],
        },
        index=entrants.index,
    )
    records = records.join(_breakdowns(inputs, month, records))[TIMELINESS_COLUMNS].reset_index(drop=True)
    done, deadline, extract = records["done_date"], records["deadline"], records["extract_date"]
    in_time = (done.notna() & (done <= deadline)).to_numpy(dtype=bool)
    late = (done.notna() & (done > deadline)).to_numpy(dtype=bool)
    waiting = (done.isna() & (deadline >= extract)).to_numpy(dtype=bool)
    status = np.select([in_time, late, waiting], [IN_TIME, LATE, NOT_YET_DUE], OVERDUE)
    units = units_frame(records, in_time.astype(float), np.where(waiting, 0.0, 1.0))
    units["counted"] = ~waiting
    units["status"] = pd.Series(status, dtype=object)
    return units.rename(columns={"done_date": done_column})


def is_provisional(units: pd.DataFrame) -> bool:
    """A month is provisional while any of its units is not yet due (its figure can still change)."""
    return bool(len(units)) and bool((units["status"] == NOT_YET_DUE).any())


def iha_within_20_working_days(inputs: Inputs, month: str, days: int = IHA_WORKING_DAYS) -> pd.DataFrame:
    """Initial health assessments completed within 20 working days of entering care.

    Definition (CONTRACT.md "IHA within 20 working days"): children who entered care in the month whose
    iha_completed_date is on or before the 20th working day after date_entered_care (day of entry = day
    0) / children who entered care in the month. Numerator: completed on or before the deadline (status
    "in time"). Denominator: periods of care in health_episodes (latest copy) with date_entered_care in
    the month, whether or not the month's own file lists them: completed after the deadline ("late") and
    not completed with the deadline before the extract date of the record's latest copy ("overdue") are
    in the denominator only; not completed with the deadline on or after that extract date are "not yet
    due": counted False, in neither, and the month is provisional (`is_provisional`).
    Silent in the contract, taken from SSDA903 (one record per period of care): a child who enters care
    twice in the month counts once per period of care.
    Polarity: higher is better. Unit: %. Source: health_assessments.
    Breakdowns: placed_outside_la ("outside" / "inside", from the month's own rows), distance_band
    (placements at month end).
    """
    entrants = _entrants(inputs, month)
    if entrants.empty:
        return _empty_units([*TIMELINESS_COLUMNS[:3], "iha_completed_date", *TIMELINESS_COLUMNS[4:]])
    return _timeliness(inputs, month, entrants, "iha_completed_date", days)


def iha_requested_within_3_working_days(
    inputs: Inputs, month: str, days: int = IHA_REQUEST_WORKING_DAYS
) -> pd.DataFrame:
    """Initial health assessments requested within 3 working days of entering care.

    Definition (CONTRACT.md "IHA requested within 3 working days", "likewise on iha_requested_date"):
    children who entered care in the month whose iha_requested_date is on or before the 3rd working day
    after date_entered_care / children who entered care in the month, with "late", "overdue" and "not
    yet due" exactly as in `iha_within_20_working_days`. The threshold is the `days` parameter.
    iha_requested_date is an optional column: when it is absent from every file of the month's entrants
    the month is a gap (no units), never 0 %. It is judged absent when health_episodes has no
    iha_requested_date column or, where the frame carries `columns_present` (the comma-separated columns
    of the file of each record's latest copy, as the store records per batch), when no entrant has a
    requested date and none of their files had the column. An entrant with no requested date whose file
    lacked the column cannot be judged: counted False, status "column not in file".
    Numerator: requested on or before the deadline ("in time"). Denominator: entrants in the month,
    "late" and "overdue" included, "not yet due" and "column not in file" left out (counted False).
    Polarity: higher is better. Unit: %. Source: health_assessments.
    Breakdowns: placed_outside_la, distance_band.
    """
    column = "iha_requested_date"
    columns = [*TIMELINESS_COLUMNS[:3], column, *TIMELINESS_COLUMNS[4:]]
    entrants = _entrants(inputs, month)
    if entrants.empty:
        return _empty_units(columns)
    if column not in entrants:
        return _not_measured(_empty_units(columns))
    requested = pd.to_datetime(entrants[column])
    if "columns_present" in entrants:
        had_column = entrants["columns_present"].fillna("").astype(str).str.split(",").map(lambda c: column in c)
        unknown = (requested.isna() & ~had_column.astype(bool)).to_numpy(dtype=bool)
    else:
        unknown = np.zeros(len(entrants), dtype=bool)
    if unknown.all():
        return _not_measured(_empty_units(columns))
    units = _timeliness(inputs, month, entrants, column, days)
    units.loc[unknown, ["numerator", "denominator"]] = 0.0
    units.loc[unknown, "counted"] = False
    units.loc[unknown, "status"] = COLUMN_ABSENT
    return units


def _not_measured(units: pd.DataFrame) -> pd.DataFrame:
    """Mark an empty units frame as a gap (the optional column is absent), so it is not "no cases"."""
    units.attrs[NOT_MEASURED] = True
    return units


def health_assessments_up_to_date(
    inputs: Inputs, month: str, days: int = IHA_WORKING_DAYS, under_five_months: int = UNDER_FIVE_MONTHS
) -> pd.DataFrame:
    """Children looked after whose health assessment is up to date at month end.

    Definition (CONTRACT.md "Health assessment up to date"): children in the month's health file whose
    IHA deadline (20th working day after date_entered_care) is before month end, whose latest
    assessment on or before month end (the later of last_review_health_assessment_date and
    iha_completed_date) is on or after the same day 6 calendar months before month end if under 5 at
    month end, 12 calendar months if 5 or over (age in completed years; a 5th birthday on the last day
    of the month counts as 5). "The same day N months before" is pandas' calendar-month offset: the
    31 March month end looks back to 30 September, and a day that does not exist is the month's last.
    Numerator: status "up to date". Denominator: those children, including "out of date" (an
    assessment, too old) and "no assessment" (none on or before month end).
    Silent in the contract: a child listed more than once in the month's file (two periods of care)
    counts once, on the latest period of care; this follows the DfE's count of children (SSDA903
    OC2 health outcomes are per child).
    Polarity: higher is better. Unit: %. Source: health_assessments (the month's own rows; IHA dates from
    the latest copy). Breakdowns: age_band, placed_outside_la, distance_band.
    """
    rows = _month_rows(inputs, month)
    if rows.empty:
        return _empty_units(UP_TO_DATE_COLUMNS)
    _, month_end = month_bounds(month)
    latest_period = rows.sort_values(["child_id", "date_entered_care"]).drop_duplicates("child_id", keep="last")
    deadline = nth_working_day_after(latest_period["date_entered_care"], days)
    children = latest_period[(deadline < month_end).fillna(False).astype(bool)]
    if children.empty:
        return _empty_units(UP_TO_DATE_COLUMNS)
    review = pd.to_datetime(children["last_review_health_assessment_date"])
    initial = pd.to_datetime(children["iha_completed_date"])
    latest = pd.concat([review.where(review <= month_end), initial.where(initial <= month_end)], axis=1).max(axis=1)
    ages = ages_at(children["date_of_birth"], month_end)
    under_five = (ages < FIVE).fillna(False).astype(bool).to_numpy()
    due_since = pd.Series(
        np.where(
            under_five,
            month_end - pd.DateOffset(months=under_five_months),
            month_end - pd.DateOffset(months=FIVE_AND_OVER_MONTHS),
        ),
        index=children.index,
    ).astype("datetime64[ns]")
    records = pd.DataFrame(
        {
            "child_id": children["child_id"],
            "date_entered_care": pd.to_datetime(children["date_entered_care"]),
            "age": ages,
            "age_band": age_band(ages),
            "latest_assessment": latest.astype("datetime64[ns]"),
            "due_since": due_since,
            "batch_id": children["batch_id"],
            "row_number": children["row_number"],
        },
        index=children.index,
    )
    records = records.join(_breakdowns(inputs, month, records))[UP_TO_DATE_COLUMNS].reset_index(drop=True)
    current = (records["latest_assessment"] >= records["due_since"]).fillna(False).to_numpy(dtype=bool)
    status = np.select(
        [current, records["latest_assessment"].isna().to_numpy()], [UP_TO_DATE, NO_ASSESSMENT], OUT_OF_DATE
    )
    units = units_frame(records, current.astype(float))
    units["status"] = pd.Series(status, dtype=object)
    return units
