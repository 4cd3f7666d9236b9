"""The returns mapped onto the contract's datasets where they overlap, as the same typed tables.

A standard file is one more way in: what comes out here is checked by the contract's own schemas and
loaded as that dataset's batch. Each function says which return fields make which contract column;
the rules (which RNE codes start a placement, the census's team) are declared in reference/standard/.
"""

from __future__ import annotations

import pandas as pd

from core.dates import ages_at, month_bounds
from reference import DTYPES, dataset_specs
from reference.standard import csww_census, ssda903, standard_code_lists


def _typed(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """The contract's columns, in order, in the contract's dtypes."""
    spec = dataset_specs()[dataset]
    return pd.DataFrame({c.name: frame[c.name].astype(DTYPES[c.type]) for c in spec.columns}, index=frame.index)


def open_at(start: pd.Series, end: pd.Series, month_end: pd.Timestamp) -> pd.Series:
    """Started on or before month end and not ended by it (the contract's 'open at month end')."""
    return (start <= month_end).fillna(False) & (end.isna() | (end > month_end)).fillna(False)


# --- Annex A ----------------------------------------------------------------------------------


def allocations_from_list(frame: pd.DataFrame, cohort: str, ends_episode: str | None, month: str) -> pd.DataFrame:
    """Open allocations from one Annex A list: rows with an allocated worker and allocation date,
    whose list episode (CIN case, CP plan, period of care) had not ended by month end."""
    _, month_end = month_bounds(month)
    ended = frame[ends_episode] if ends_episode and ends_episode in frame else pd.Series(pd.NaT, index=frame.index)
    keep = frame["allocated_worker"].notna() & (ended.isna() | (ended > month_end)).fillna(False)
    rows = frame[keep]
    out = pd.DataFrame(
        {
            "child_id": rows["child_id"],
            "worker_id": rows["allocated_worker"],
            "team": rows.get("allocated_team", pd.Series(pd.NA, index=rows.index)),
            "cohort": cohort,
            "start_date": rows["allocation_start_date"],
            "end_date": pd.NaT,
        },
        index=rows.index,
    )
    return _typed(out, "allocations")


def placements_from_list_8(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """Children looked after at month end from List 8 (started by month end, not ceased by it)."""
    _, month_end = month_bounds(month)
    ceased = frame.get("date_ceased_care", pd.Series(pd.NaT, index=frame.index))
    rows = frame[open_at(frame["date_entered_care"], ceased, month_end)]
    location = rows.get("placement_location", pd.Series(pd.NA, index=rows.index, dtype="string"))
    out = pd.DataFrame(
        {
            "child_id": rows["child_id"],
            "date_of_birth": rows.get("date_of_birth"),
            "date_entered_care": rows["date_entered_care"],
            "placement_start_date": rows.get("placement_start_date"),
            "placement_type": rows.get("placement_type"),
            "distance_miles": rows.get("distance_miles", pd.Series(pd.NA, index=rows.index, dtype="Float64")),
            "inside_la": location.map({"IN": True, "OUT": False}, na_action="ignore"),
            "placements_last_12_months": rows.get("placements_last_12_months"),
        },
        index=rows.index,
    )
    return _typed(out, "placements")


def care_leavers_from_list(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """Care leavers aged 17 to 21 at month end (the contract's band) from List 9 or OC3."""
    _, month_end = month_bounds(month)
    low, high = dataset_specs()["care_leavers"].age_band
    ages = ages_at(frame["date_of_birth"], month_end)
    rows = frame[(ages >= low).fillna(False) & (ages <= high).fillna(False)]
    out = pd.DataFrame(
        {
            "child_id": rows["child_id"],
            "date_of_birth": rows["date_of_birth"],
            "in_touch": rows["in_touch"],
            "activity": rows["activity"],
            "accommodation": rows["accommodation"],
        },
        index=rows.index,
    )
    return _typed(out, "care_leavers")


# The help-and-protection datasets: which Annex A list fills each, and which of its fields make each
# column (the dataset's first date is the record's start; a record starting after month end is left
# for that later month's load).
FROM_LISTS = {
    "referrals": (
        "referrals",
        {
            "child_id": "child_id",
            "referral_date": "referral_date",
            "referral_nfa": "referral_nfa",
            "previous_referrals_12_months": "referrals_last_12_months",
        },
    ),
    "assessments": (
        "assessments",
        {
            "child_id": "child_id",
            "assessment_start_date": "assessment_start_date",
            "assessment_authorised_date": "assessment_authorised_date",
        },
    ),
    "section_47_enquiries": (
        "section_47",
        {
            "child_id": "child_id",
            "s47_start_date": "s47_start_date",
            "icpc_date": "icpc_date",
            "icpc_not_required": "icpc_not_required",
        },
    ),
    "cp_plans": (
        "child_protection",
        {
            "child_id": "child_id",
            "cp_plan_start_date": "cp_plan_start_date",
            "cp_plan_end_date": "cp_plan_end_date",
            "previous_plans": "previous_plans",
        },
    ),
    "contacts": (
        "contacts",
        {"child_id": "child_id", "contact_date": "contact_date", "contact_source": "contact_source"},
    ),
    # List 7's date of the last statutory visit: each list shows one visit per plan, and the visits
    # accumulate as the months' lists are loaded.
    "cp_visits": (
        "child_protection",
        {
            "child_id": "child_id",
            "visit_date": "last_visit_date",
            "cp_plan_start_date": "cp_plan_start_date",
            "seen_alone": "seen_alone",
        },
    ),
}
# Datasets whose key a return may repeat without it being a mistake: two contacts about a child on one
# day are one contact-day; a child on two plans in a list's year can show the same last visit twice.
ONE_RECORD_PER_KEY = frozenset({"contacts", "cp_visits"})
# The same datasets from the CIN census's records (reference/standard/cin_census.yaml), which carry
# no count of previous referrals (that column stays blank; stored referrals still show re-referrals).
FROM_CIN_CENSUS = {
    "referrals": (
        "referrals",
        {"child_id": "child_id", "referral_date": "referral_date", "referral_nfa": "referral_nfa"},
    ),
    "assessments": (
        "assessments",
        {
            "child_id": "child_id",
            "assessment_start_date": "start_date",
            "assessment_authorised_date": "authorisation_date",
        },
    ),
    "section_47_enquiries": (
        "section_47",
        {
            "child_id": "child_id",
            "s47_start_date": "start_date",
            "icpc_date": "icpc_date",
            "icpc_not_required": "icpc_not_required",
        },
    ),
    "cp_plans": (
        "cp_plans",
        {
            "child_id": "child_id",
            "cp_plan_start_date": "start_date",
            "cp_plan_end_date": "end_date",
            "previous_plans": "previous_plans",
        },
    ),
    "cin_plans": (
        "cin_plans",
        {"child_id": "child_id", "cin_plan_start_date": "start_date", "cin_plan_end_date": "end_date"},
    ),
}
YES_NO = {"Y": True, "N": False}


def records_from(frame: pd.DataFrame, dataset: str, fields: dict[str, str], month: str) -> pd.DataFrame:
    """One help-and-protection dataset from a return's records (`fields`: dataset column -> return
    field): the records started by month end, a field the return leaves out read as blank, yes/no
    codes as flags."""
    _, month_end = month_bounds(month)
    spec = dataset_specs()[dataset]
    rows = frame[(frame[fields[spec.key[1]]] <= month_end).fillna(False)]
    out = {}
    for column in spec.columns:
        field = fields.get(column.name)
        values = rows[field] if field in rows else pd.Series(pd.NA, index=rows.index)
        if column.type == "flag" and not pd.api.types.is_bool_dtype(values):
            values = values.map(YES_NO, na_action="ignore")
        out[column.name] = values
    typed = _typed(pd.DataFrame(out, index=rows.index), dataset)
    if dataset in ONE_RECORD_PER_KEY:
        typed = typed[~typed.duplicated(list(spec.key), keep="first")]
    return typed


# --- SSDA903 ----------------------------------------------------------------------------------


def care_leavers_from_oc3(oc3: pd.DataFrame, month: str) -> pd.DataFrame:
    renamed = oc3.rename(
        columns={
            "CHILD": "child_id",
            "DOB": "date_of_birth",
            "IN_TOUCH": "in_touch",
            "ACTIV": "activity",
            "ACCOM": "accommodation",
        }
    )
    return care_leavers_from_list(renamed, month)


def placements_from_episodes(header: pd.DataFrame, episodes: pd.DataFrame, month: str) -> pd.DataFrame:
    """Children looked after at month end from the 903 episodes: the open episode's placement, the
    start of its placement (the latest episode whose RNE begins a placement) and of its period of
    care (the latest RNE S), and the placements overlapping the 12 months to month end.
    Indexed by the open episode's row in the episodes file."""
    rules = ssda903()
    _, month_end = month_bounds(month)
    window_start = month_end - pd.DateOffset(months=12)
    epi = episodes[episodes["DECOM"] <= month_end].sort_values(["CHILD", "DECOM"], kind="stable")
    starts = epi["RNE"].isin(rules.new_placement_reasons)
    # Each episode belongs to the placement begun by the latest placement-starting episode before it.
    placement = starts.astype(int).groupby(epi["CHILD"]).cumsum()
    span = (
        epi.assign(placement=placement)
        .groupby(["CHILD", "placement"])
        .agg(start=("DECOM", "min"), end=("DEC", lambda s: pd.NaT if s.isna().any() else s.max()))
    )
    span = span[span.index.get_level_values("placement") > 0]
    overlapping = (span["start"] <= month_end) & (span["end"].isna() | (span["end"] > window_start))
    in_window = overlapping.groupby(level="CHILD").sum()
    current = epi[open_at(epi["DECOM"], epi["DEC"], month_end)].drop_duplicates("CHILD", keep="last")
    latest = {}
    for name, reasons in (
        ("placement_start_date", rules.new_placement_reasons),
        ("date_entered_care", rules.new_period_reasons),
    ):
        latest[name] = epi[epi["RNE"].isin(reasons)].groupby("CHILD")["DECOM"].max()
    dob = header.drop_duplicates("CHILD").set_index("CHILD")["DOB"]
    child = current["CHILD"]
    location = current["PL_LOCATION"] if "PL_LOCATION" in current else pd.Series(pd.NA, index=current.index)
    distance = current["PL_DISTANCE"] if "PL_DISTANCE" in current else pd.Series(pd.NA, index=current.index)
    out = pd.DataFrame(
        {
            "child_id": child,
            "date_of_birth": child.map(dob),
            "date_entered_care": child.map(latest["date_entered_care"]),
            "placement_start_date": child.map(latest["placement_start_date"]),
            "placement_type": current["PLACE"],
            "distance_miles": distance,
            "inside_la": location.map({"IN": True, "OUT": False}, na_action="ignore"),
            "placements_last_12_months": child.map(in_window),
        },
        index=current.index,
    )
    return _typed(out, "placements")


def cla_reviews_from_903(reviews: pd.DataFrame, episodes: pd.DataFrame | None, month: str) -> pd.DataFrame:
    """Reviews of children looked after held by month end, each with the start of its period of care:
    the latest episode beginning a period (RNE S) on or before the review, from the episodes table."""
    _, month_end = month_bounds(month)
    rows = reviews[(reviews["REVIEW"] <= month_end).fillna(False)]
    entered = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    if episodes is not None and len(rows):
        starts = episodes[episodes["RNE"].isin(ssda903().new_period_reasons) & episodes["DECOM"].notna()]
        starts = starts[["CHILD", "DECOM"]].astype({"CHILD": "string"}).sort_values("DECOM")
        asked = pd.DataFrame({"CHILD": rows["CHILD"].astype("string"), "REVIEW": rows["REVIEW"], "at": rows.index})
        asked = asked[asked["REVIEW"].notna()].sort_values("REVIEW")
        found = pd.merge_asof(asked, starts, left_on="REVIEW", right_on="DECOM", by="CHILD", direction="backward")
        entered.loc[found["at"].to_numpy()] = found["DECOM"].to_numpy()
    out = pd.DataFrame(
        {"child_id": rows["CHILD"], "review_date": rows["REVIEW"], "date_entered_care": entered}, index=rows.index
    )
    return _typed(out, "cla_reviews")


# --- CSWW census ------------------------------------------------------------------------------


def workforce_from_csww(workers: pd.DataFrame) -> pd.DataFrame:
    """Workforce rows from CSWWWorker records: agency or permanent from AgencyWorker, FTE from the
    first declared FTE field filled, case holding when Cases30 is 1 or more (the DfE's case holder)."""
    spec = csww_census()
    fte = pd.Series(pd.NA, index=workers.index, dtype="Float64")
    for name in spec.fte_fields:
        fte = fte.fillna(workers[name])
    cases = workers["cases_30_sept"].fillna(0)
    roles = {c.code: c.meaning for c in standard_code_lists()["csww_org_role"]}
    out = pd.DataFrame(
        {
            "worker_id": workers["worker_id"],
            "team": spec.team,
            "role": workers["org_role"].map(roles, na_action="ignore").fillna("Not recorded"),
            "case_holding": cases > 0,
            "employment_type": workers["agency_worker"].map({"1": "agency", "0": "permanent"}),
            "fte": fte,
            "start_date": workers["role_start_date"],
            "end_date": workers["role_end_date"],
            "caseload": cases,
        },
        index=workers.index,
    )
    return _typed(out, "workforce")


# --- Child characteristics (issue 19 equalities) ------------------------------------------------

CHARACTERISTICS = ("sex", "ethnicity", "date_of_birth", "disability", "uasc")
NO_DISABILITY = "NONE"  # the CIN census's Disability code for a child with none


def _characteristics(frame: pd.DataFrame, columns: dict[str, pd.Series | None]) -> pd.DataFrame:
    """A characteristics frame from one source: child_id and each characteristic the source gives (a
    characteristic it does not give is blank), first row per child, flags from yes/no codes."""
    out = {"child_id": frame["child_id"]}
    for name in CHARACTERISTICS:
        values = columns.get(name)
        if values is None:
            values = pd.Series(pd.NA, index=frame.index)
        if name in ("disability", "uasc") and not pd.api.types.is_bool_dtype(values):
            values = values.map(YES_NO, na_action="ignore")
        out[name] = values
    result = pd.DataFrame(out, index=frame.index)
    return result[result["child_id"].notna()]


def characteristics_from_list(frame: pd.DataFrame) -> pd.DataFrame:
    """The characteristics an Annex A list carries (Gender, Ethnicity, Date of birth, and on some lists
    Disability and UASC), already read as codes by the list's reader."""
    return _characteristics(frame, {name: frame.get(name) for name in CHARACTERISTICS})


def characteristics_from_903(header: pd.DataFrame, uasc: pd.DataFrame | None) -> pd.DataFrame:
    """SSDA903 header SEX, ETHNIC and DOB; UASC yes for a child in the UASC table, no for any other
    child of the header when the UASC table was given (blank when it was not). The 903 has no disability."""
    children = header.rename(columns={"CHILD": "child_id"})
    flagged = None
    if uasc is not None:
        flagged = children["child_id"].isin(set(uasc["CHILD"].dropna())).astype("boolean")
    found = {"sex": children["SEX"], "ethnicity": children["ETHNIC"], "date_of_birth": children["DOB"]}
    return _characteristics(children, found | {"uasc": flagged})


def characteristics_from_cin(children: pd.DataFrame) -> pd.DataFrame:
    """CIN census GenderCurrent, Ethnicity, PersonBirthDate and Disabilities (any code but NONE: disabled)."""
    codes = children["disability"].astype("string").str.upper()
    disabled = codes.map(lambda v: None if pd.isna(v) else any(c.strip() != NO_DISABILITY for c in v.split(";")))
    found = {name: children.get(name) for name in ("sex", "ethnicity", "date_of_birth")}
    return _characteristics(children, found | {"disability": disabled.astype("boolean")})


def merged_characteristics(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per child from several sources, in order of precedence: each characteristic from the
    first source that gives it for the child. Rows numbered 1.. for storing."""
    columns = ["child_id", *CHARACTERISTICS]
    if not frames:
        return _typed(pd.DataFrame(columns=columns), "child_characteristics")
    stacked = pd.concat([f[columns] for f in frames], ignore_index=True)
    merged = stacked.groupby("child_id", sort=False).first().reset_index()  # first non-blank per column
    merged.index = pd.RangeIndex(1, len(merged) + 1, name="row")
    return _typed(merged, "child_characteristics")
