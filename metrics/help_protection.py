"""Help and protection: referrals, assessments, section 47 enquiries and child protection plans.

Measures as the DfE defines them in "Characteristics of children in need" (the CIN census guidance
sets the dates each one counts from). Each record is an event in the month it happened: a referral in
the month it was received, an assessment in the month it was authorised, an initial conference in the
month it was held, a plan in the month it started or ended. Sources: the datasets filled from Annex A
lists 3, 4, 5 and 7 (reference/datasets.yaml, `from_returns`), each record in its latest known state,
so a later list that completes an assessment or ends a plan changes that month's figure.

History counts: a child's earlier referral or plan is found among every record stored (any month's
list), and also in the counts the lists carry (previous referrals in 12 months, previous plans), so an
authority that loads only this year's lists still counts children whose earlier plans were years ago.
Working days skip weekends and England's bank holidays (metrics/working_days.py), the start being day 0.
"""

from __future__ import annotations

import pandas as pd

from core.dates import month_bounds
from metrics.inputs import Inputs
from metrics.units import units_frame
from metrics.working_days import nth_working_day_after

ASSESSMENT_WORKING_DAYS = 45  # Working Together to Safeguard Children: assessment within 45 working days
ICPC_WORKING_DAYS = 15  # Working Together: initial conference within 15 working days of the strategy discussion
RE_REFERRAL_MONTHS = 12
PLAN_YEARS = 2
PROVENANCE = ["batch_id", "row_number"]


def _in_month(frame: pd.DataFrame, column: str, month: str) -> pd.DataFrame:
    """The records whose `column` date falls within the month."""
    if frame.empty or column not in frame:
        return frame.iloc[0:0]
    first, last = month_bounds(month)
    dates = pd.to_datetime(frame[column])
    return frame[((dates >= first) & (dates <= last)).fillna(False).to_numpy(dtype=bool)]


def _units(rows: pd.DataFrame, columns: list[str], numerator: pd.Series, status: pd.Series) -> pd.DataFrame:
    keep = [c for c in ["child_id", *columns, *PROVENANCE] if c in rows]
    return units_frame(rows[keep], numerator.astype(float).to_numpy(), 1.0, "").assign(status=status.to_numpy())


def _earlier(frame: pd.DataFrame, rows: pd.DataFrame, start: str, since: pd.Series, ended: str | None = None):
    """For each of `rows`, whether the same child has another record starting before it (and, given
    `since`, one that started, or with `ended` one that ended, on or after that row's `since` date)."""
    found = pd.Series(False, index=rows.index)
    if frame.empty:
        return found
    history = frame[["child_id", start] + ([ended] if ended else [])]
    for index, row in rows.iterrows():
        mine = history[(history["child_id"] == row["child_id"]) & (history[start] < row[start])]
        when = mine[ended] if ended else mine[start]
        found[index] = bool((when >= since[index]).fillna(False).any()) if since is not None else not mine.empty
    return found


def re_referrals_within_12_months(inputs: Inputs, month: str) -> pd.DataFrame:
    """Referrals in the month that came within 12 months of a previous referral of the same child.

    Definition (DfE, Characteristics of children in need: "re-referrals within 12 months of a previous
    referral"). Numerator: referrals received in the month where the child had another referral in the
    12 months before it (a stored referral, or the list's count of previous referrals in 12 months is 1
    or more). Denominator: referrals received in the month. Polarity: lower. Unit: %. Source: referrals.
    """
    rows = _in_month(inputs.referrals, "referral_date", month)
    if rows.empty:
        return _units(rows, ["referral_date"], pd.Series(dtype=float), pd.Series(dtype=object))
    since = rows["referral_date"] - pd.DateOffset(months=RE_REFERRAL_MONTHS)
    stored = _earlier(inputs.referrals, rows, "referral_date", since)
    counted = (rows["previous_referrals_12_months"] >= 1).fillna(False).astype(bool)
    again = stored | counted
    return _units(rows, ["referral_date"], again, again.map({True: "re-referral", False: "first in 12 months"}))


def assessments_within_45_working_days(inputs: Inputs, month: str) -> pd.DataFrame:
    """Assessments authorised in the month that were completed within 45 working days of their start.

    Definition (DfE, Characteristics of children in need: "assessments completed within 45 working
    days", the duration from the assessment's start to its authorisation). Numerator: assessments
    authorised in the month on or before the 45th working day after their start date. Denominator:
    assessments authorised in the month. Polarity: higher. Unit: %. Source: assessments.
    """
    rows = _in_month(inputs.assessments, "assessment_authorised_date", month)
    columns = ["assessment_start_date", "assessment_authorised_date", "deadline"]
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    rows = rows.assign(deadline=nth_working_day_after(rows["assessment_start_date"], ASSESSMENT_WORKING_DAYS))
    in_time = (rows["assessment_authorised_date"] <= rows["deadline"]).fillna(False).astype(bool)
    return _units(rows, columns, in_time, in_time.map({True: "in time", False: "late"}))


def icpc_within_15_working_days(inputs: Inputs, month: str) -> pd.DataFrame:
    """Initial child protection conferences held in the month within 15 working days of the section 47
    enquiry's start.

    Definition (DfE, Characteristics of children in need: "initial child protection conferences held
    within 15 working days of the start of the section 47 enquiry"). Numerator: initial conferences held
    in the month on or before the 15th working day after the enquiry's start (its strategy discussion).
    Denominator: initial conferences held in the month. Polarity: higher. Unit: %. Source:
    section_47_enquiries.
    """
    rows = _in_month(inputs.section_47_enquiries, "icpc_date", month)
    columns = ["s47_start_date", "icpc_date", "deadline"]
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    rows = rows.assign(deadline=nth_working_day_after(rows["s47_start_date"], ICPC_WORKING_DAYS))
    in_time = (rows["icpc_date"] <= rows["deadline"]).fillna(False).astype(bool)
    return _units(rows, columns, in_time, in_time.map({True: "in time", False: "late"}))


def cp_plans_second_or_later(inputs: Inputs, month: str) -> pd.DataFrame:
    """Children who became the subject of a child protection plan for a second or later time.

    Definition (DfE, Characteristics of children in need: "children who became the subject of a plan
    for a second or subsequent time"). Numerator: plans starting in the month where the child had an
    earlier plan (a stored plan that started before it, or the list's count of previous plans is 1 or
    more). Denominator: plans starting in the month. Polarity: lower. Unit: %. Source: cp_plans.
    """
    rows = _in_month(inputs.cp_plans, "cp_plan_start_date", month)
    if rows.empty:
        return _units(rows, ["cp_plan_start_date"], pd.Series(dtype=float), pd.Series(dtype=object))
    stored = _earlier(inputs.cp_plans, rows, "cp_plan_start_date", None)
    again = stored | (rows["previous_plans"] >= 1).fillna(False).astype(bool)
    return _units(rows, ["cp_plan_start_date"], again, again.map({True: "second or later", False: "first plan"}))


def cp_plans_again_within_2_years(inputs: Inputs, month: str) -> pd.DataFrame:
    """Children who became the subject of a child protection plan within 2 years of a previous plan ending.

    Definition (DfE, Characteristics of children in need: second or subsequent plans, those "within two
    years of the previous plan"). Numerator: plans starting in the month where a stored earlier plan of
    the same child ended in the 2 years before this one started (the lists' count of previous plans has
    no dates, so only stored plans can say). Denominator: plans starting in the month. Polarity: lower.
    Unit: %. Source: cp_plans.
    """
    rows = _in_month(inputs.cp_plans, "cp_plan_start_date", month)
    if rows.empty:
        return _units(rows, ["cp_plan_start_date"], pd.Series(dtype=float), pd.Series(dtype=object))
    since = rows["cp_plan_start_date"] - pd.DateOffset(years=PLAN_YEARS)
    again = _earlier(inputs.cp_plans, rows, "cp_plan_start_date", since, ended="cp_plan_end_date")
    words = {True: "previous plan ended within 2 years", False: "no plan ended in the 2 years before"}
    return _units(rows, ["cp_plan_start_date"], again, again.map(words))


def cp_plans_lasting_2_years(inputs: Inputs, month: str) -> pd.DataFrame:
    """Child protection plans ending in the month that had lasted 2 years or more.

    Definition (DfE, Characteristics of children in need: "child protection plans which ended during the
    year that lasted two years or more"). Numerator: plans ending in the month whose end date is 2 years
    or more after their start date. Denominator: plans ending in the month. Polarity: lower. Unit: %.
    Source: cp_plans.
    """
    rows = _in_month(inputs.cp_plans, "cp_plan_end_date", month)
    columns = ["cp_plan_start_date", "cp_plan_end_date"]
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    long = (rows["cp_plan_end_date"] >= rows["cp_plan_start_date"] + pd.DateOffset(years=PLAN_YEARS)).fillna(False)
    long = long.astype(bool)
    return _units(rows, columns, long, long.map({True: "2 years or more", False: "under 2 years"}))
