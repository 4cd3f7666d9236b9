"""One child's story across the months loaded: social workers, placements, health assessments, care leaving.

Why: a performance surgery drills down from a figure to a child ("3 or more social workers", "placed
more than 20 miles away", "health assessment overdue"), and a manager then needs the history behind
that one row in a form they can read in a minute. Each row here is one episode or event, in words,
with the file and row it came from, so anything on the timeline can be checked against the upload.

The timeline never judges anything itself. Where an indicator already decides something (the IHA
deadline and whether it was met, more than 20 miles, the 12 months to a month end, a change of worker),
it is asked through the same function or constant the indicator uses, so the drill-down can never
disagree with the figure it was opened from.

Sources (metrics/inputs.py): allocations as resolved episodes (one row each); placements and care
leavers as month-end snapshots, where a run of consecutive loaded months in the same state is one
episode; health_episodes for initial health assessments (one per period of care) and each month's
health rows for review health assessments.
"""

from __future__ import annotations

import pandas as pd

from core.dates import month_bounds, month_label, shift_month
from metrics.allocations import worker_changes_in_month
from metrics.care_leavers import accommodation_suitability, activity_groups
from metrics.health import IHA_WORKING_DAYS, iha_within_20_working_days
from metrics.inputs import Inputs
from metrics.placements import MILES, location_words
from metrics.working_days import working_days_elapsed
from reference import code_list

ALLOCATION, PLACEMENT, HEALTH, CARE_LEAVER = "allocation", "placement", "health assessment", "care leaver"
KINDS = (ALLOCATION, PLACEMENT, HEALTH, CARE_LEAVER)  # also the order of rows that start on the same day
INITIAL, REVIEW = "Initial health assessment", "Review health assessment"
WINDOW_MONTHS = 12  # "the 12 months to month end", as metrics.allocations.three_plus_social_workers counts

TIMELINE_COLUMNS = {
    "child_id": "string",
    "kind": "string",
    "start": "datetime64[ns]",
    "end": "datetime64[ns]",  # NaT: still open (ongoing) at the latest data
    "point": "boolean",  # a single-day event (a review health assessment), drawn as a marker
    "label": "string",
    "detail": "string",
    "worker_id": "string",
    "team": "string",
    "cohort": "string",
    "role": "string",
    "placement_type": "string",
    "placement_start_date": "datetime64[ns]",
    "distance_miles": "Float64",
    "inside_la": "string",  # "inside" / "outside" the authority
    "over_20_miles": "boolean",
    "placements_last_12_months": "Int64",
    "date_entered_care": "datetime64[ns]",
    "iha_requested_date": "datetime64[ns]",
    "iha_completed_date": "datetime64[ns]",
    "iha_deadline": "datetime64[ns]",
    "working_days_elapsed": "Int64",
    "iha_status": "string",
    "in_touch": "string",
    "activity": "string",
    "accommodation": "string",
    "first_month": "string",  # first month whose file listed it
    "last_month": "string",  # last month whose file listed it
    "as_at_month": "string",  # the latest month loaded for the authority: "ongoing" runs to its end
    "extract_date": "datetime64[ns]",
    "batch_id": "Int64",
    "row_number": "Int64",
}
PLACEMENT_STATE = ["date_entered_care", "placement_start_date", "placement_type", "distance_miles", "inside_la"]
CARE_LEAVER_STATE = ["in_touch", "activity", "accommodation"]
TIMELINE_DATASETS = ("workforce", "allocations", "health_assessments", "placements", "care_leavers")


def child_timeline(inputs: Inputs, child_id: str) -> pd.DataFrame:
    """Every episode and event of one pseudonymous child in the loaded data, earliest first.

    One row per allocation episode, per placement state (consecutive months collapsed), per period of
    care's initial health assessment, per review health assessment date, and per care-leaver state.
    Columns are TIMELINE_COLUMNS: `kind`, `start`, `end` (NaT = still open), a short `label` and a
    longer `detail` in words, the fields of each kind (blank for other kinds) and provenance
    (first_month, last_month, extract_date, batch_id, row_number of the latest copy). Rows that start on
    the same day keep the order of KINDS. A child with no records gives an empty frame with the columns.
    """
    as_at = _as_at_month(inputs)
    parts = [
        _allocation_rows(inputs, child_id),
        _placement_rows(inputs, child_id),
        _health_rows(inputs, child_id),
        _care_leaver_rows(inputs, child_id),
    ]
    parts = [part for part in parts if len(part)]
    if not parts:
        return _typed(pd.DataFrame(columns=list(TIMELINE_COLUMNS)))
    frame = pd.concat([_typed(part) for part in parts], ignore_index=True)
    frame["child_id"] = child_id
    frame["as_at_month"] = as_at
    frame = frame.assign(_kind=frame["kind"].map({kind: n for n, kind in enumerate(KINDS)}))
    frame = frame.sort_values(["start", "_kind", "end"], na_position="last", kind="stable").drop(columns="_kind")
    return _typed(frame.reset_index(drop=True))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with exactly TIMELINE_COLUMNS, in order and typed (missing columns blank)."""
    out = pd.DataFrame(index=frame.index)
    for column, dtype in TIMELINE_COLUMNS.items():
        values = frame[column] if column in frame else pd.Series(pd.NA, index=frame.index, dtype="object")
        if dtype.startswith("datetime"):
            out[column] = pd.to_datetime(values).astype(dtype)
        elif dtype in ("Int64", "Float64"):
            out[column] = pd.to_numeric(values).astype(dtype)
        else:
            out[column] = values.astype(dtype)
    return out


def _as_at_month(inputs: Inputs) -> str | None:
    """The latest month any of the child-level datasets is loaded for (None if nothing is)."""
    months = [m for dataset in TIMELINE_DATASETS for m in inputs.loaded.get(dataset, ())]
    if not months:
        for name in ("workforce", "allocations", "health", "placements", "care_leavers"):
            frame = getattr(inputs, name)
            if "month" in frame and len(frame):
                months.extend(frame["month"].dropna().astype(str))
    return max(months) if months else None


def _loaded_months(inputs: Inputs, dataset: str, frame: pd.DataFrame) -> list[str]:
    """The months a snapshot dataset is loaded for (from the frame when `loaded` is not given)."""
    months = set(inputs.loaded.get(dataset, ())) or set(frame["month"].dropna().astype(str))
    return sorted(months)


def _rows_of(frame: pd.DataFrame, child_id: str) -> pd.DataFrame:
    if frame.empty or "child_id" not in frame:
        return frame.iloc[0:0]
    return frame[(frame["child_id"] == child_id).fillna(False).to_numpy(dtype=bool)]


def _day(value) -> str:
    """A date in words as a manager reads it: 14 Mar 2025 (no leading zero); blank for no date."""
    if pd.isna(value):
        return ""
    value = pd.Timestamp(value)
    return f"{value.day} {value:%b %Y}"


def _files(first: str, last: str) -> str:
    return (
        f"the {month_label(first)} file"
        if first == last
        else f"the files of {month_label(first)} to {month_label(last)}"
    )


# --- social workers


def _allocation_rows(inputs: Inputs, child_id: str) -> pd.DataFrame:
    """One row per resolved allocation episode, with the worker's role from the latest workforce file
    that lists them (blank when the workforce is not loaded or does not list the worker)."""
    rows = _rows_of(inputs.allocations, child_id)
    if rows.empty:
        return rows
    roles = _roles(inputs.workforce)
    role = rows["worker_id"].map(roles) if len(roles) else pd.Series(pd.NA, index=rows.index)
    start, end = pd.to_datetime(rows["start_date"]), pd.to_datetime(rows["end_date"])
    details = []
    for worker, worker_role, team, cohort, began, ended in zip(
        rows["worker_id"],
        role,
        rows["team"],
        rows.get("cohort", pd.Series(pd.NA, index=rows.index)),
        start,
        end,
        strict=True,
    ):
        who = f"{worker} ({worker_role})" if pd.notna(worker_role) else f"{worker}"
        where = ", ".join(
            str(part) for part in (team, f"cohort {cohort}" if pd.notna(cohort) else None) if pd.notna(part)
        )
        when = (
            f"allocated {_day(began)} to {_day(ended)}" if pd.notna(ended) else f"allocated {_day(began)}, still open"
        )
        details.append(f"{who}, {where}: {when}" if where else f"{who}: {when}")
    return pd.DataFrame(
        {
            "kind": ALLOCATION,
            "start": start,
            "end": end,
            "point": False,
            "label": rows["worker_id"],
            "detail": details,
            "worker_id": rows["worker_id"],
            "team": rows["team"],
            "cohort": rows.get("cohort"),
            "role": role,
            "first_month": rows.get("first_month", rows.get("month")),
            "last_month": rows.get("month"),
            "extract_date": rows.get("extract_date"),
            "batch_id": rows.get("batch_id"),
            "row_number": rows.get("row_number"),
        },
        index=rows.index,
    )


def _roles(workforce: pd.DataFrame) -> pd.Series:
    """worker_id -> role in the latest workforce month that lists the worker."""
    if workforce.empty or "role" not in workforce or "worker_id" not in workforce:
        return pd.Series(dtype="string")
    latest = workforce.sort_values("month", kind="stable") if "month" in workforce else workforce
    return latest.dropna(subset=["role"]).drop_duplicates("worker_id", keep="last").set_index("worker_id")["role"]


def social_workers_in_12_months(timeline: pd.DataFrame, month: str) -> int:
    """Distinct social workers on the child's allocation episodes overlapping the 12 months to month end.

    Why: the surgery list "3 or more social workers in 12 months" comes from
    metrics.allocations.three_plus_social_workers, and the timeline must show the same number. The
    same rule: the reporting month and the 11 before it, both ends included; an episode overlaps if it
    started on or before the month end and its end is blank or on or after the first day; co-workers
    count. (Unlike the indicator, it also answers for a child with no open allocation at month end.)
    """
    episodes = timeline[timeline["kind"] == ALLOCATION]
    window_start, _ = month_bounds(shift_month(month, -(WINDOW_MONTHS - 1)))
    _, month_end = month_bounds(month)
    overlaps = (episodes["start"] <= month_end) & (episodes["end"].isna() | (episodes["end"] >= window_start))
    return int(episodes.loc[overlaps.fillna(False).astype(bool), "worker_id"].dropna().nunique())


def changes_of_worker(timeline: pd.DataFrame, month: str) -> int:
    """Changes of social worker in the 12 months to month end, as the indicator counts them.

    Why: "changes of worker" has one definition in this service (CONTRACT.md, a handover within 14
    days; a longer overlap is a co-worker, not a change), and a manager comparing the child's timeline
    with the "changes of worker in the month" figures must find the same changes. So this asks
    metrics.allocations.worker_changes_in_month itself, month by month over the same 12 months that
    social_workers_in_12_months and three_plus_social_workers use, on the timeline's allocation rows
    (an open episode's overlap is judged at the extract date of its latest copy, as there). One
    difference, on purpose: the indicator leaves a month with no allocations file as a gap, while the
    timeline counts a change in it from the episode dates any later file gave (files may carry history).
    """
    episodes = timeline[timeline["kind"] == ALLOCATION]
    if episodes.empty:
        return 0
    allocations = pd.DataFrame(
        {
            "child_id": episodes["child_id"],
            "worker_id": episodes["worker_id"],
            "team": episodes["team"],
            "cohort": episodes["cohort"],
            "start_date": episodes["start"],
            "end_date": episodes["end"],
            "extract_date": episodes["extract_date"],
            "batch_id": episodes["batch_id"],
            "row_number": episodes["row_number"],
        }
    )
    inputs = Inputs(allocations=allocations)
    months = [shift_month(month, -back) for back in range(WINDOW_MONTHS)]
    return int(sum(worker_changes_in_month(inputs, m)["numerator"].sum() for m in months))


# --- placements


def _runs(rows: pd.DataFrame, state: list[str], months: list[str]) -> pd.Series:
    """A run number per month row: a new run starts when the state changes or a loaded month is missed."""
    position = rows["month"].astype(str).map({m: n for n, m in enumerate(months)})
    identity = rows[state].astype("string").fillna("").agg("|".join, axis=1)
    new_run = identity.ne(identity.shift()) | position.ne(position.shift() + 1)
    return new_run.cumsum()


def _placement_rows(inputs: Inputs, child_id: str) -> pd.DataFrame:
    """One row per run of consecutive loaded months in the same placement state.

    A month-end file says where the child was on that day, so a run of months with the same period of
    care, placement start date, type, distance and location is one episode; a change in any of these, or
    a loaded month without the child, starts a new row. `start` is the placement start date the first
    time a placement is seen, and the first day of the run's first month when the same placement comes
    back with changed details (the change happened in that month). `end` is NaT when the run reaches the
    latest placements file (ongoing); else the next run's start when it follows straight on (the next
    placement's start date), else the last day of the last month the child was seen in it.
    """
    rows = _rows_of(inputs.placements, child_id)
    if rows.empty:
        return rows
    months = _loaded_months(inputs, "placements", inputs.placements)
    rows = rows.sort_values("month", kind="stable").reset_index(drop=True)
    rows = rows.assign(_run=_runs(rows, PLACEMENT_STATE, months))
    position = {m: n for n, m in enumerate(months)}
    meanings = {code.code: code.meaning for code in code_list("placement_types")}
    runs = []
    seen_placements: set[tuple] = set()
    for _, run in rows.groupby("_run", sort=True):
        first, last = run.iloc[0], run.iloc[-1]
        placement = (first["date_entered_care"], first["placement_start_date"])
        start = first["placement_start_date"] if placement not in seen_placements else month_bounds(first["month"])[0]
        seen_placements.add(placement)
        runs.append({"first": first, "last": last, "start": pd.Timestamp(start)})
    out = []
    for number, run in enumerate(runs):
        first, last = run["first"], run["last"]
        following = runs[number + 1] if number + 1 < len(runs) else None
        if last["month"] == months[-1]:
            end = pd.NaT
        elif (
            following is not None
            and position[following["first"]["month"]] == position[last["month"]] + 1
            and following["start"] >= run["start"]
        ):
            end = following["start"]
        else:
            end = month_bounds(last["month"])[1]
        distance = last["distance_miles"]
        over = pd.NA if pd.isna(distance) else bool(distance > MILES)
        where = location_words(pd.Series([last["inside_la"]], dtype="boolean")).iloc[0]
        out.append(
            {
                "kind": PLACEMENT,
                "start": run["start"],
                "end": end,
                "point": False,
                "label": _placement_label(last["placement_type"], distance),
                "detail": _placement_detail(last, run["start"], where, over, meanings, first["month"]),
                "placement_type": last["placement_type"],
                "placement_start_date": last["placement_start_date"],
                "distance_miles": distance,
                "inside_la": where,
                "over_20_miles": over,
                "placements_last_12_months": last.get("placements_last_12_months"),
                "date_entered_care": last["date_entered_care"],
                "first_month": first["month"],
                "last_month": last["month"],
                "extract_date": last.get("extract_date"),
                "batch_id": last.get("batch_id"),
                "row_number": last.get("row_number"),
            }
        )
    return pd.DataFrame(out)


def _placement_label(placement_type, distance) -> str:
    miles = "distance not recorded" if pd.isna(distance) else f"{float(distance):.1f} miles"
    return f"{placement_type}, {miles}"


def _placement_detail(last: pd.Series, start, where, over, meanings: dict[str, str], first_month: str) -> str:
    code = last["placement_type"]
    parts = [f"{meanings.get(code, 'Placement')} ({code})"]
    distance = last["distance_miles"]
    if pd.isna(distance):
        parts.append("distance from home not recorded")
    else:
        far = f", more than {MILES:g} miles" if over else ""
        parts.append(f"{float(distance):.1f} miles from home{far}")
    if pd.notna(where):
        parts.append(f"{where} the authority")
    text = "; ".join(parts) + f". Placement started {_day(last['placement_start_date'])}"
    if _day(start) != _day(last["placement_start_date"]):
        text += f" (recorded as above from {month_label(first_month)})"
    count = last.get("placements_last_12_months")
    if pd.notna(count):
        text += (
            f"; {int(count)} placement{'s' if int(count) != 1 else ''} in the 12 months to {month_label(last['month'])}"
        )
    return text + f". Listed in {_files(first_month, last['month'])}."


# --- health assessments


def _iha_judgements(episodes: pd.DataFrame) -> pd.DataFrame:
    """Deadline and status of each period of care, from iha_within_20_working_days itself.

    The indicator judges entrants of a month whose health file is loaded; the timeline wants every
    period of care the child has, so each is handed to it as the sole entrant of its own entry month
    (with no placements, which only feed breakdowns). The deadline and the "in time", "late",
    "overdue" and "not yet due" words are then the indicator's own, judged at the record's extract date.
    """
    entered = pd.to_datetime(episodes["date_entered_care"])
    own = episodes.assign(month=entered.dt.strftime("%Y-%m"))
    if "placed_outside_la" not in own:
        own["placed_outside_la"] = pd.Series(pd.NA, index=own.index, dtype="boolean")
    inputs = Inputs(health=own, health_episodes=own)
    parts = [iha_within_20_working_days(inputs, month) for month in sorted(own["month"].dropna().unique())]
    parts = [part for part in parts if len(part)]
    if not parts:
        return pd.DataFrame(columns=["deadline", "status"])
    units = pd.concat(parts, ignore_index=True)
    units["date_entered_care"] = pd.to_datetime(units["date_entered_care"])
    return units.drop_duplicates("date_entered_care", keep="last").set_index("date_entered_care")[
        ["deadline", "status"]
    ]


def _health_rows(inputs: Inputs, child_id: str) -> pd.DataFrame:
    """One row per period of care's initial health assessment (IHA), and one per review date.

    An IHA row runs from entering care to completion and carries the working days elapsed: to
    completion, or to the extract date while not completed ("so far"). Not completed, it is open (NaT)
    while the latest health file still lists the period of care; once the files stop listing it (the
    child left care, or the record was dropped) it ends on the last day of the last month that did,
    since nothing is known after that. Review health assessments are point events (start = end), one
    per distinct date any month's file gave.
    """
    parts = []
    episodes = _rows_of(inputs.health_episodes, child_id)
    if len(episodes):
        latest = _loaded_months(inputs, "health_assessments", inputs.health)
        parts.append(_initial_rows(episodes.reset_index(drop=True), latest[-1] if latest else None))
    monthly = _rows_of(inputs.health, child_id)
    if len(monthly) and "last_review_health_assessment_date" in monthly:
        parts.append(_review_rows(monthly))
    parts = [part for part in parts if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _initial_rows(episodes: pd.DataFrame, latest_month: str | None) -> pd.DataFrame:
    judged = _iha_judgements(episodes)
    entered = pd.to_datetime(episodes["date_entered_care"])
    completed = pd.to_datetime(episodes["iha_completed_date"])
    requested = (
        pd.to_datetime(episodes["iha_requested_date"])
        if "iha_requested_date" in episodes
        else pd.Series(pd.NaT, index=episodes.index, dtype="datetime64[ns]")
    )
    extract = pd.to_datetime(episodes["extract_date"])
    deadline = entered.map(judged["deadline"]) if len(judged) else pd.Series(pd.NaT, index=episodes.index)
    status = entered.map(judged["status"]) if len(judged) else pd.Series(pd.NA, index=episodes.index)
    elapsed = working_days_elapsed(entered, completed.fillna(extract))
    last_listed = (
        episodes["month"].astype(str) if "month" in episodes else pd.Series(latest_month, index=episodes.index)
    )
    dropped = completed.isna() & last_listed.notna() & (last_listed != latest_month) & (latest_month is not None)
    end = completed.mask(dropped, last_listed[dropped].map(lambda m: month_bounds(m)[1]))
    to_request = working_days_elapsed(entered, requested)
    labels, details = [], []
    for n in episodes.index:
        labels.append(_iha_label(status[n], elapsed[n], pd.notna(completed[n])))
        details.append(
            _iha_detail(entered[n], requested[n], to_request[n], completed[n], elapsed[n], deadline[n], status[n])
            + (f" Not listed after the {month_label(last_listed[n])} file." if dropped[n] else "")
        )
    return pd.DataFrame(
        {
            "kind": HEALTH,
            "start": entered,
            "end": end,
            "point": False,
            "label": labels,
            "detail": details,
            "date_entered_care": entered,
            "iha_requested_date": requested,
            "iha_completed_date": completed,
            "iha_deadline": pd.to_datetime(deadline),
            "working_days_elapsed": elapsed,
            "iha_status": status,
            "first_month": episodes.get("first_month", episodes.get("month")),
            "last_month": episodes.get("month"),
            "extract_date": extract,
            "batch_id": episodes.get("batch_id"),
            "row_number": episodes.get("row_number"),
        },
        index=episodes.index,
    )


def _days(n) -> str:
    return f"{int(n)} working day{'s' if int(n) != 1 else ''}"


def _iha_label(status, elapsed, completed: bool) -> str:
    words = status if pd.notna(status) else "status unknown"
    if pd.isna(elapsed):
        return f"IHA {words}"
    return f"IHA {words} ({_days(elapsed)}{'' if completed else ' so far'})"


def _iha_detail(entered, requested, to_request, completed, elapsed, deadline, status) -> str:
    text = f"Entered care {_day(entered)}"
    if pd.notna(requested):
        text += f"; IHA requested {_day(requested)}, {_days(to_request)} after entering care"
    if pd.notna(completed):
        text += f"; completed {_day(completed)}, {_days(elapsed)} after entering care"
    elif pd.notna(elapsed):
        text += f"; not completed, {_days(elapsed)} after entering care at the extract date"
    if pd.notna(deadline):
        text += f" (deadline {_day(deadline)}, the {IHA_WORKING_DAYS}th working day)"
    return text + (f": {status}." if pd.notna(status) else ".")


def _review_rows(monthly: pd.DataFrame) -> pd.DataFrame:
    reviews = monthly.dropna(subset=["last_review_health_assessment_date"])
    if reviews.empty:
        return pd.DataFrame()
    reviews = reviews.sort_values("month", kind="stable")
    first = reviews.drop_duplicates("last_review_health_assessment_date", keep="first").reset_index(drop=True)
    last = reviews.drop_duplicates("last_review_health_assessment_date", keep="last").set_index(
        "last_review_health_assessment_date"
    )["month"]
    dates = pd.to_datetime(first["last_review_health_assessment_date"])
    return pd.DataFrame(
        {
            "kind": HEALTH,
            "start": dates,
            "end": dates,
            "point": True,
            "label": REVIEW,
            "detail": [
                f"{REVIEW} on {_day(d)} (first listed in the {month_label(m)} file)."
                for d, m in zip(dates, first["month"], strict=True)
            ],
            "date_entered_care": first["date_entered_care"],
            "first_month": first["month"],
            "last_month": first["last_review_health_assessment_date"].map(last),
            "extract_date": first.get("extract_date"),
            "batch_id": first.get("batch_id"),
            "row_number": first.get("row_number"),
        }
    )


# --- care leavers


def _care_leaver_rows(inputs: Inputs, child_id: str) -> pd.DataFrame:
    """One row per run of consecutive loaded months with the same contact, activity and accommodation.

    A snapshot is the state at month end, so a run is drawn from the first day of its first month to
    the last day of its last month, or left open (NaT) when it reaches the latest care leavers file.
    """
    rows = _rows_of(inputs.care_leavers, child_id)
    if rows.empty:
        return rows
    months = _loaded_months(inputs, "care_leavers", inputs.care_leavers)
    rows = rows.sort_values("month", kind="stable").reset_index(drop=True)
    rows = rows.assign(_run=_runs(rows, CARE_LEAVER_STATE, months))
    groups, suitability = activity_groups(), accommodation_suitability()
    activities = {code.code: code.meaning for code in code_list("care_leaver_activity")}
    homes = {code.code: code.meaning for code in code_list("care_leaver_accommodation")}
    contact = {code.code: code.meaning for code in code_list("care_leaver_in_touch")}
    out = []
    for _, run in rows.groupby("_run", sort=True):
        first, last = run.iloc[0], run.iloc[-1]
        activity, home, touch = last["activity"], last["accommodation"], last["in_touch"]
        label = f"{activity} {groups.get(activity, '')}, {home} {suitability.get(home, '')}".replace(" ,", ",").strip()
        detail = (
            f"In touch: {contact.get(touch, touch)} ({touch}); activity: {activities.get(activity, activity)} "
            f"({activity}, {groups.get(activity, 'unknown')}); accommodation: {homes.get(home, home)} "
            f"({home}, {suitability.get(home, 'unknown')}). Listed in {_files(first['month'], last['month'])}."
        )
        out.append(
            {
                "kind": CARE_LEAVER,
                "start": month_bounds(first["month"])[0],
                "end": pd.NaT if last["month"] == months[-1] else month_bounds(last["month"])[1],
                "point": False,
                "label": label,
                "detail": detail,
                "in_touch": touch,
                "activity": activity,
                "accommodation": home,
                "first_month": first["month"],
                "last_month": last["month"],
                "extract_date": last.get("extract_date"),
                "batch_id": last.get("batch_id"),
                "row_number": last.get("row_number"),
            }
        )
    return pd.DataFrame(out)


# --- summaries the sentence and the table read


def placements_seen(timeline: pd.DataFrame) -> int:
    """Distinct placements (period of care and placement start date) in the placement rows."""
    rows = timeline[timeline["kind"] == PLACEMENT]
    return len(rows[["date_entered_care", "placement_start_date"]].drop_duplicates())
