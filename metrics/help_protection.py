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

from core.dates import month_bounds, shift_month
from metrics.figure_status import NOT_MEASURED
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


def _covered(inputs: Inputs, dataset: str, month: str, census_year: bool = False) -> bool:
    """Whether the month is within what the loaded returns cover: from the earliest month a batch of the
    dataset is loaded for (a yearly census's first batch covers the 11 months before it too). A list
    also names records begun earlier (an open plan), but not every earlier record (plans already
    ended), so a month before the returns begin would show a partial figure: it is a gap instead.
    Hand-made inputs without batches (tests) count as covered."""
    loaded = inputs.loaded.get(dataset)
    if not loaded:
        return True
    first = min(loaded)
    return month >= (shift_month(first, -11) if census_year else first)


def _month_rows(inputs: Inputs, dataset: str, column: str, month: str) -> pd.DataFrame:
    """The dataset's records whose `column` date falls within the month, when the returns cover it."""
    frame = getattr(inputs, dataset)
    return _in_month(frame, column, month) if _covered(inputs, dataset, month) else frame.iloc[0:0]


def _units(rows: pd.DataFrame, columns: list[str], numerator: pd.Series, status: pd.Series) -> pd.DataFrame:
    keep = [c for c in ["child_id", *columns, *PROVENANCE] if c in rows]
    return units_frame(rows[keep], numerator.astype(float).to_numpy(), 1.0, "").assign(status=status.to_numpy())


def _earlier(frame: pd.DataFrame, rows: pd.DataFrame, start: str, since: pd.Series, ended: str | None = None):
    """For each of `rows`, whether the same child has another record starting before it (and, given
    `since`, one that started, or with `ended` one that ended, on or after that row's `since` date)."""
    found = pd.Series(False, index=rows.index)
    if frame.empty or rows.empty:
        return found
    history = frame[["child_id", start] + ([ended] if ended else [])].rename(columns={start: "_earlier_start"})
    asked = pd.DataFrame({"child_id": rows["child_id"], "_start": rows[start], "_row": range(len(rows))})
    if since is not None:
        asked["_since"] = since.to_numpy()
    pairs = asked.merge(history, on="child_id", how="inner")
    pairs = pairs[(pairs["_earlier_start"] < pairs["_start"]).fillna(False)]
    if since is not None:
        when = pairs[ended] if ended else pairs["_earlier_start"]
        pairs = pairs[(when >= pairs["_since"]).fillna(False)]
    hit = pd.Series(False, index=range(len(rows)))
    hit[pairs["_row"].unique()] = True
    found[:] = hit.to_numpy()
    return found


def re_referrals_within_12_months(inputs: Inputs, month: str) -> pd.DataFrame:
    """Referrals in the month that came within 12 months of a previous referral of the same child.

    Definition (DfE, Characteristics of children in need: "re-referrals within 12 months of a previous
    referral"). Numerator: referrals received in the month where the child had another referral in the
    12 months before it (a stored referral, or the list's count of previous referrals in 12 months is 1
    or more). Denominator: referrals received in the month. Polarity: lower. Unit: %. Source: referrals.
    """
    rows = _month_rows(inputs, "referrals", "referral_date", month)
    if rows.empty:
        return _units(rows, ["referral_date"], pd.Series(dtype=float), pd.Series(dtype=object))
    since = rows["referral_date"] - pd.DateOffset(months=RE_REFERRAL_MONTHS)
    stored = _earlier(inputs.referrals, rows, "referral_date", since)
    counted = (rows["previous_referrals_12_months"] >= 1).fillna(False).astype(bool)
    again = stored | counted
    return _units(rows, ["referral_date"], again, again.map({True: "re-referral", False: "first in 12 months"}))


def _done_within(inputs: Inputs, dataset: str, start: str, done: str, working_days: int, month: str) -> pd.DataFrame:
    """Records `done` in the month, each in time when done on or before the nth working day after `start`."""
    rows = _month_rows(inputs, dataset, done, month)
    columns = [start, done, "deadline"]
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    rows = rows.assign(deadline=nth_working_day_after(rows[start], working_days))
    in_time = (rows[done] <= rows["deadline"]).fillna(False).astype(bool)
    return _units(rows, columns, in_time, in_time.map({True: "in time", False: "late"}))


def assessments_within_45_working_days(inputs: Inputs, month: str) -> pd.DataFrame:
    """Assessments authorised in the month that were completed within 45 working days of their start.

    Definition (DfE, Characteristics of children in need: "assessments completed within 45 working
    days", the duration from the assessment's start to its authorisation). Numerator: assessments
    authorised in the month on or before the 45th working day after their start date. Denominator:
    assessments authorised in the month. Polarity: higher. Unit: %. Source: assessments.
    """
    return _done_within(
        inputs, "assessments", "assessment_start_date", "assessment_authorised_date", ASSESSMENT_WORKING_DAYS, month
    )


def icpc_within_15_working_days(inputs: Inputs, month: str) -> pd.DataFrame:
    """Initial child protection conferences held in the month within 15 working days of the section 47
    enquiry's start.

    Definition (DfE, Characteristics of children in need: "initial child protection conferences held
    within 15 working days of the start of the section 47 enquiry"). Numerator: initial conferences held
    in the month on or before the 15th working day after the enquiry's start (its strategy discussion).
    Denominator: initial conferences held in the month. Polarity: higher. Unit: %. Source:
    section_47_enquiries.
    """
    return _done_within(inputs, "section_47_enquiries", "s47_start_date", "icpc_date", ICPC_WORKING_DAYS, month)


def cp_plans_second_or_later(inputs: Inputs, month: str) -> pd.DataFrame:
    """Children who became the subject of a child protection plan for a second or later time.

    Definition (DfE, Characteristics of children in need: "children who became the subject of a plan
    for a second or subsequent time"). Numerator: plans starting in the month where the child had an
    earlier plan (a stored plan that started before it, or the list's count of previous plans is 1 or
    more). Denominator: plans starting in the month. Polarity: lower. Unit: %. Source: cp_plans.
    """
    rows = _month_rows(inputs, "cp_plans", "cp_plan_start_date", month)
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
    rows = _month_rows(inputs, "cp_plans", "cp_plan_start_date", month)
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
    rows = _month_rows(inputs, "cp_plans", "cp_plan_end_date", month)
    columns = ["cp_plan_start_date", "cp_plan_end_date"]
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    long = (rows["cp_plan_end_date"] >= rows["cp_plan_start_date"] + pd.DateOffset(years=PLAN_YEARS)).fillna(False)
    long = long.astype(bool)
    return _units(rows, columns, long, long.map({True: "2 years or more", False: "under 2 years"}))


# ---------------------------------------------------------------------------------------------------
# Contacts, child in need plans, reviews of children looked after and child protection visits (issue 19)

CONTACT_DECISION_WORKING_DAYS = 1  # Working Together: a decision on the response within one working day
CP_VISIT_WORKING_DAYS = 10  # a common local standard: Working Together leaves the frequency to the plan
FIRST_REVIEW_WORKING_DAYS = 20  # Care Planning Regulations 2010, regulation 33
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


def contacts_leading_to_referral(inputs: Inputs, month: str, working_days: int = CONTACT_DECISION_WORKING_DAYS):
    """Contacts received in the month that led to a referral of the same child.

    Definition (Ofsted Annex A lists 1 and 3; Working Together to Safeguard Children: a decision about
    the response within one working day). Numerator: contact-days in the month (a child contacted about
    on a day; more contacts that day are one) where the child was referred on the contact's day or by
    the `working_days`-th working day after it. Denominator: contact-days in the month. Polarity:
    neither (a context measure: the front door's share of contacts that become referrals). Unit: %.
    Source: contacts, with referrals; a month whose referrals are not loaded is a gap, never 0%.
    """
    rows = _month_rows(inputs, "contacts", "contact_date", month)
    columns = ["contact_date", "deadline"]
    if rows.empty or not inputs.is_loaded("referrals", month):
        units = _units(rows.iloc[0:0], columns, pd.Series(dtype=float), pd.Series(dtype=object))
        units.attrs[NOT_MEASURED] = not rows.empty
        return units
    rows = rows.assign(deadline=nth_working_day_after(rows["contact_date"], working_days))
    referred = pd.Series(False, index=rows.index)
    if not inputs.referrals.empty:
        pairs = (
            rows[["child_id", "contact_date", "deadline"]]
            .assign(_row=range(len(rows)))
            .merge(inputs.referrals[["child_id", "referral_date"]], on="child_id", how="inner")
        )
        hit = pairs[
            ((pairs["referral_date"] >= pairs["contact_date"]) & (pairs["referral_date"] <= pairs["deadline"])).fillna(
                False
            )
        ]
        mask = pd.Series(False, index=range(len(rows)))
        mask[hit["_row"].unique()] = True
        referred[:] = mask.to_numpy()
    return _units(rows, columns, referred, referred.map({True: "referred", False: "not referred"}))


def children_on_cin_plans(inputs: Inputs, month: str) -> pd.DataFrame:
    """Children on a child in need plan at month end.

    Definition (DfE, Characteristics of children in need: children in need "on a child in need plan",
    the CIN census's CINPlanDates). Numerator (a count): children with a plan started on or before month
    end and not ended by it (a child with two open plans counts once). Polarity: neither. Unit: count. Source:
    cin_plans. The census is yearly: months after the latest one loaded are gaps, not a falling count.
    """
    plans = inputs.cin_plans
    loaded = inputs.loaded.get("cin_plans", frozenset())
    columns = ["cin_plan_start_date", "cin_plan_end_date"]
    if plans.empty or not loaded or month > max(loaded) or not _covered(inputs, "cin_plans", month, True):
        return _units(plans.iloc[0:0], columns, pd.Series(dtype=float), pd.Series(dtype=object))
    _, last = month_bounds(month)
    start, end = plans["cin_plan_start_date"], plans["cin_plan_end_date"]
    rows = plans[((start <= last) & (end.isna() | (end > last))).fillna(False).to_numpy(dtype=bool)]
    rows = rows.sort_values(["child_id", "cin_plan_start_date"]).drop_duplicates("child_id", keep="last")
    return _units(rows, columns, pd.Series(True, index=rows.index), pd.Series("on a plan", index=rows.index))


def cla_reviews_in_time(inputs: Inputs, month: str, first_working_days: int = FIRST_REVIEW_WORKING_DAYS):
    """Reviews of children looked after held in the month that were held in time.

    Definition (Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33: the
    first review within 20 working days of the child becoming looked after, the second within 3 months
    of the first, each later one within 6 months of the one before; reviews as the SSDA903 records them).
    Numerator: reviews held in the month on or before their deadline. Denominator: reviews held in the
    month whose deadline can be told. A review is left out, and listed, when its deadline cannot be
    told: its period of care is not known, or the period began before the earliest review the store
    holds (the returns loaded are taken as complete from then on) and too few of its earlier reviews are
    held to say whether it is the first, second or a later one. Polarity: higher. Unit: %. Source:
    cla_reviews.
    """
    reviews = inputs.cla_reviews
    columns = ["review_date", "date_entered_care", "deadline"]
    rows = _month_rows(inputs, "cla_reviews", "review_date", month)
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    covered_from = reviews["review_date"].min()
    ordered = reviews.sort_values(["child_id", "date_entered_care", "review_date"])
    period = ordered.groupby(["child_id", "date_entered_care"], dropna=False)["review_date"]
    ordered = ordered.assign(_previous=period.shift(1), _before_previous=period.shift(2))
    rows = rows.join(ordered[["_previous", "_before_previous"]])
    entered, previous = rows["date_entered_care"], rows["_previous"]
    whole_period = (entered >= covered_from).fillna(False)
    deadline = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    first = previous.isna() & whole_period
    deadline[first] = nth_working_day_after(entered[first], first_working_days)
    second = previous.notna() & rows["_before_previous"].isna() & whole_period
    deadline[second] = previous[second] + pd.DateOffset(months=SECOND_REVIEW_MONTHS)
    later = previous.notna() & rows["_before_previous"].notna()
    deadline[later] = previous[later] + pd.DateOffset(months=LATER_REVIEW_MONTHS)
    rows = rows.assign(deadline=deadline)
    known = deadline.notna()
    in_time = (rows["review_date"] <= deadline).fillna(False).astype(bool)
    status = in_time.map({True: "in time", False: "late"})
    status[~known & entered.isna()] = "period of care not known"
    status[~known & entered.notna()] = "review before it not held"
    units = _units(rows, columns, in_time, status)
    units.loc[~known.to_numpy(), ["numerator", "denominator"]] = 0.0
    units.loc[~known.to_numpy(), "counted"] = False
    return units


def cp_visits_in_time(inputs: Inputs, month: str, working_days: int = CP_VISIT_WORKING_DAYS) -> pd.DataFrame:
    """Children on a child protection plan at month end who had been visited within the timescale.

    Definition (Ofsted Annex A list 7, "date of the last statutory visit"; Working Together to
    Safeguard Children leaves how often to the plan, and 10 working days is the common local standard,
    a parameter here). Numerator: children whose latest statutory visit on or before month end, under
    the plan, was no more than `working_days` working days before month end (month end on or before
    the 10th working day after the visit). Denominator: children on a plan at month end that started
    more than `working_days` working days before it (a newer plan's first visit is not due yet: left out
    and listed). No visit recorded counts as not in time. Polarity: higher. Unit: %. Source: cp_visits,
    with cp_plans; a month whose visits are not loaded is a gap.
    """
    columns = ["cp_plan_start_date", "visit_date", "deadline"]
    plans = inputs.cp_plans
    if plans.empty or not inputs.is_loaded("cp_visits", month):
        return _units(plans.iloc[0:0], columns, pd.Series(dtype=float), pd.Series(dtype=object))
    _, last = month_bounds(month)
    start, end = plans["cp_plan_start_date"], plans["cp_plan_end_date"]
    rows = plans[((start <= last) & (end.isna() | (end > last))).fillna(False).to_numpy(dtype=bool)]
    if rows.empty:
        return _units(rows, columns, pd.Series(dtype=float), pd.Series(dtype=object))
    rows = rows.sort_values(["child_id", "cp_plan_start_date"]).drop_duplicates("child_id", keep="last")
    visits = inputs.cp_visits
    latest = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    if not visits.empty:
        seen = visits[(visits["visit_date"] <= last).fillna(False)]
        pairs = (
            rows[["child_id", "cp_plan_start_date"]]
            .assign(_row=rows.index)
            .merge(seen[["child_id", "visit_date"]], on="child_id")
        )
        pairs = pairs[(pairs["visit_date"] >= pairs["cp_plan_start_date"]).fillna(False)]
        found = pairs.groupby("_row")["visit_date"].max()
        latest[found.index] = found.to_numpy()
    rows = rows.assign(visit_date=latest, deadline=nth_working_day_after(latest, working_days))
    due = (nth_working_day_after(rows["cp_plan_start_date"], working_days) < last).fillna(False)
    in_time = (rows["deadline"] >= last).fillna(False).astype(bool)
    status = in_time.map({True: "visited in time", False: "not visited in time"})
    status[rows["visit_date"].isna()] = "no visit recorded"
    status[~due] = "plan too new for a visit to be due"
    units = _units(rows, columns, in_time & due, status)
    units.loc[~due.to_numpy(), ["numerator", "denominator"]] = 0.0
    units.loc[~due.to_numpy(), "counted"] = False
    return units
