"""Allocation indicators: team attribution, children with 3+ social workers, changes of worker.

Source: the `allocations` dataset as resolved episodes (one row per child, worker and start date, each
field from the copy in the latest reporting month, so a later file can close an episode an earlier one
left open). "Open at month end" is metrics.episodes.open_at_month_end: start_date on or before the month
end and end_date blank or after it.

Each indicator returns *units* (metrics/units.py) with the child's identifying and breakdown columns
(child_id, worker_id, team, cohort) and the provenance (month, batch_id, row_number) of the allocation
episode a row comes from: for a child, the episode that attributes them to a team; for a change, the new
episode.

Whether the month's allocations file is loaded is judged from the resolved episodes alone (see
allocations_loaded); a month judged not loaded gives no units, so it shows as a gap, never 0.
"""

from __future__ import annotations

import pandas as pd

from core.dates import month_bounds, shift_month
from metrics.episodes import open_at_month_end
from metrics.inputs import Inputs
from metrics.units import units_frame

UNALLOCATED = "unallocated"
CHANGE = "change"
CHILD = "child with open allocation"
THREE_PLUS = 3
HANDOVER_DAYS = 14  # a gap or an overlap of up to 14 days is a handover; an overlap of 15+ is a co-worker

PROVENANCE = ["month", "batch_id", "row_number"]
ATTRIBUTION_COLUMNS = ["child_id", "worker_id", "team", "cohort", "start_date", "end_date", *PROVENANCE]
THREE_PLUS_COLUMNS = ["child_id", "worker_id", "team", "cohort", "workers_in_12_months", *PROVENANCE]
CHANGE_COLUMNS = ["child_id", "worker_id", "team", "cohort", "start_date", "previous_worker_ids", *PROVENANCE]


def _empty_units(columns: list[str]) -> pd.DataFrame:
    """No units (the month is a gap), with the columns a non-empty result would have."""
    return units_frame(pd.DataFrame(columns=columns), 0.0)


def _keep(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The listed columns that the frame has, as a copy (the caller's frame is never modified)."""
    return frame[[c for c in columns if c in frame.columns]].copy()


def allocations_loaded(allocations: pd.DataFrame, month: str) -> bool:
    """Whether the month's allocations file looks loaded, judged from resolved episodes alone.

    Resolved episodes carry the month of their latest copy (`month`) and, from the store, the month they
    first appeared (`first_month`). A loaded month's file leaves a trace as one or the other (an episode
    that started in it, or one it was the last file to list); a month with no file leaves neither. A frame
    without a `month` column (hand-made) is taken as loaded. The store's batch list is the exact answer;
    this is the fallback for functions that only see the episodes.
    """
    if allocations.empty:
        return False
    if "month" not in allocations.columns:
        return True
    seen = allocations["month"].astype("string") == month
    if "first_month" in allocations.columns:
        seen = seen | (allocations["first_month"].astype("string") == month)
    return bool(seen.fillna(False).any())


def child_team_at_month_end(allocations: pd.DataFrame, month: str) -> pd.DataFrame:
    """Each child's team and cohort at month end (CONTRACT.md "Team attribution").

    One row per child with an allocation episode open at month end: the latest-starting open episode;
    if several start on the same day, the one with the lowest worker_id (text order, as ids are text:
    "W10" comes before "W9"). A child's cohort is that of the same episode. Children with no open
    allocation are not listed: callers show them as "unallocated" (see with_team).
    Columns: child_id, worker_id, team, cohort, start_date, end_date and the episode's provenance
    (month, batch_id, row_number). Reads the frame it is given as is (no check that the month is loaded).
    """
    if allocations.empty:
        return pd.DataFrame(columns=ATTRIBUTION_COLUMNS)
    open_now = allocations[open_at_month_end(allocations, month).to_numpy()]
    ordered = open_now.assign(_start=pd.to_datetime(open_now["start_date"]), _worker=open_now["worker_id"])
    ordered = ordered.sort_values(["child_id", "_start", "_worker"], ascending=[True, False, True], kind="stable")
    chosen = ordered.drop_duplicates("child_id", keep="first")
    return _keep(chosen, ATTRIBUTION_COLUMNS).reset_index(drop=True)


def with_team(frame: pd.DataFrame, allocations: pd.DataFrame, month: str) -> pd.DataFrame:
    """A copy of a child-level frame (with child_id) with `team` and `cohort` from child_team_at_month_end.

    Children with no open allocation at month end get "unallocated" for both (CONTRACT.md: "A child with
    no open allocation is 'unallocated'"). Existing team or cohort columns are replaced. Row order and
    index are kept.
    """
    attribution = child_team_at_month_end(allocations, month).set_index("child_id")
    out = frame.drop(columns=[c for c in ("team", "cohort") if c in frame.columns])
    for column in ("team", "cohort"):
        values = out["child_id"].map(attribution[column]) if len(attribution) else pd.NA
        out[column] = pd.Series(values, index=out.index, dtype="string").fillna(UNALLOCATED)
    return out


def _window(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The 12 months to month end: the first day of the month 11 months earlier to the month end."""
    window_start, _ = month_bounds(shift_month(month, -11))
    _, month_end = month_bounds(month)
    return window_start, month_end


def three_plus_social_workers(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Children with 3 or more social workers in 12 months (CONTRACT.md "3+ social workers in 12 months").

    Definition: children with an open allocation at month end who had 3 or more distinct workers on
    allocation episodes overlapping the 12 months to month end, as a percentage of children with an
    open allocation at month end. Co-workers count (every distinct worker_id, the current ones included).
    The 12 months (CONTRACT.md is silent on the boundary; we follow the DfE's "Stability measures for
    children looked after in England", which counts children looked after on 31 March "with 3 or more
    social workers during the year", the SSDA903 year of 1 April to 31 March, i.e. whole months): the
    reporting month and the 11 before it, both ends included; for March 2025, 1 April 2024 to 31 March
    2025. The DfE figure covers looked-after children only; this one covers every child with an open
    allocation, with the CLA cohort as its comparable breakdown. An episode overlaps
    them if it started on or before the month end and its end_date is blank or on or after the first
    day: one that ended on 1 April 2024 counts (the worker was allocated that day), one that ended on
    31 March 2024 does not (it was not open at that month end, as metrics.episodes defines it).
    Units: one row per child with an open allocation at month end, attributed to team and cohort per
    CONTRACT.md "Team attribution"; provenance: the attributing episode; `workers_in_12_months` is the
    count of distinct workers.
    Numerator: 1 if workers_in_12_months >= 3, else 0. Denominator: 1.
    Unit: %. Polarity: lower is better (stable relationships). Breakdowns: cohort, team.
    Source: allocations (resolved episodes).
    """
    allocations = inputs.allocations
    if not allocations_loaded(allocations, month):
        return _empty_units(THREE_PLUS_COLUMNS)
    children = child_team_at_month_end(allocations, month)
    if children.empty:
        return _empty_units(THREE_PLUS_COLUMNS)
    window_start, month_end = _window(month)
    start = pd.to_datetime(allocations["start_date"])
    end = pd.to_datetime(allocations["end_date"])
    overlaps = ((start <= month_end) & (end.isna() | (end >= window_start))).fillna(False).to_numpy()
    episodes = allocations[overlaps & allocations["child_id"].isin(children["child_id"]).to_numpy()]
    workers = episodes.dropna(subset=["worker_id"]).groupby("child_id")["worker_id"].nunique()
    units = _keep(children, THREE_PLUS_COLUMNS)
    units["workers_in_12_months"] = units["child_id"].map(workers).fillna(0).astype("int64")
    units = units[[c for c in THREE_PLUS_COLUMNS if c in units.columns]]
    return units_frame(units, (units["workers_in_12_months"] >= THREE_PLUS).astype("float64").to_numpy(), 1.0)


def _changes(allocations: pd.DataFrame, month: str) -> pd.DataFrame:
    """The new episodes of the month that are a change of worker, with who they took over from."""
    month_start, month_end = month_bounds(month)
    episodes = allocations.assign(
        _start=pd.to_datetime(allocations["start_date"]),
        _end=pd.to_datetime(allocations["end_date"]),
        _extract=pd.to_datetime(allocations["extract_date"]) if "extract_date" in allocations else pd.NaT,
    )
    new = episodes[((episodes["_start"] >= month_start) & (episodes["_start"] <= month_end)).fillna(False)]
    if new.empty:
        return new
    new = new.assign(_new=range(len(new)))
    earlier = episodes[["child_id", "worker_id", "_start", "_end", "_extract"]].rename(
        columns={
            "worker_id": "worker_id_prev",
            "_start": "_start_prev",
            "_end": "_end_prev",
            "_extract": "_extract_prev",
        }
    )
    pairs = new[["_new", "child_id", "worker_id", "_start", "_extract"]].merge(earlier, on="child_id")
    pairs = pairs[
        (pairs["worker_id_prev"] != pairs["worker_id"]).fillna(False) & (pairs["_start_prev"] < pairs["_start"])
    ]
    reach = pairs["_end_prev"].fillna(pairs["_extract_prev"]).fillna(pairs["_extract"])
    days = (reach - pairs["_start"]).dt.days
    handover = pairs[((days >= -HANDOVER_DAYS) & (days <= HANDOVER_DAYS)).fillna(False)]
    previous = handover.groupby("_new")["worker_id_prev"].agg(lambda ids: ", ".join(sorted(set(ids))))
    changed = new[new["_new"].isin(previous.index)]
    out = _keep(changed, CHANGE_COLUMNS)
    out["previous_worker_ids"] = changed["_new"].map(previous).astype("string")
    return out[[c for c in CHANGE_COLUMNS if c in out.columns]]


def worker_changes_in_month(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Changes of social worker in the month, as a count (CONTRACT.md "Changes of worker in the month").

    Definition: allocation episodes starting in the month (start_date from the first to the last day)
    where another worker's earlier-starting episode for the same child ended no more than 14 days before
    the new start, or overlaps it by no more than 14 days. With d = (the earlier episode's end_date, or
    its extract date if it is still open) minus the new start date, in days, the pair is a handover when
    -14 <= d <= 14: ended 14 days before (d = -14) is a change, 15 days before is not (a gap); an overlap
    of 14 days is a change, 15 or more makes the new worker a co-worker of that episode. Decisions where
    CONTRACT.md is silent (the DfE publishes no count of changes to follow):
    - "Earlier" means started strictly before the new episode, so workers allocated on the same day are
      not compared with each other: when one worker hands over to two at once, each new worker is a change.
    - A new episode is a change if any other worker's earlier episode is a handover to it; an episode
      overlapping it by 15+ days (a long-standing co-worker) neither makes nor undoes a change. Several
      handovers to one new episode are one change (previous_worker_ids lists them).
    - The extract date of an open earlier episode is that of its latest copy (the latest data for that
      record), falling back to the new episode's; if that date is before the new start, d is negative and
      is read as a gap.
    - Earlier episodes of the same worker are not "another worker's", so re-allocating a child to the
      same worker is not a change.
    A child's first episode, or one after a gap of more than 14 days, is not a change.
    Units: one row per change (numerator 1, denominator 0, status "change"), with the new episode's
    child_id, worker_id, team, cohort and provenance. Unit: count (the value is the numerator).
    Polarity: lower is better. Breakdowns: team (of the new episode), cohort.
    Source: allocations (resolved episodes).
    """
    allocations = inputs.allocations
    if not allocations_loaded(allocations, month):
        return _empty_units(CHANGE_COLUMNS)
    changes = _changes(allocations, month)
    if changes.empty:
        return _empty_units(CHANGE_COLUMNS)
    return units_frame(changes, 1.0, 0.0, status=CHANGE).reset_index(drop=True)


def worker_changes_per_100_children(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Changes of social worker in the month per 100 children with an open allocation at month end.

    Definition: the changes of worker_changes_in_month over the children with an open allocation at
    month end (CONTRACT.md "Changes of worker in the month": "shown ... per 100 children with an open
    allocation at month end").
    Units: the change rows (numerator 1, denominator 0, status "change", team and cohort of the new
    episode) plus one row per child with an open allocation at month end (numerator 0, denominator 1,
    status "child with open allocation", team and cohort per CONTRACT.md "Team attribution"). The sums
    give changes / children; the catalogue shows it per 100 (unit "per 100"). A team's figure is the
    changes into its new episodes over the children it holds at month end.
    Polarity: lower is better. Breakdowns: team, cohort. Source: allocations (resolved episodes).
    """
    allocations = inputs.allocations
    if not allocations_loaded(allocations, month):
        return _empty_units(CHANGE_COLUMNS)
    changes = units_frame(_changes(allocations, month), 1.0, 0.0, status=CHANGE)
    children = _keep(child_team_at_month_end(allocations, month), CHANGE_COLUMNS)
    children["previous_worker_ids"] = pd.Series(pd.NA, index=children.index, dtype="string")
    children = units_frame(children, 0.0, 1.0, status=CHILD)
    parts = [part for part in (changes, children) if len(part)]
    if not parts:
        return _empty_units(CHANGE_COLUMNS)
    units = pd.concat(parts, ignore_index=True)
    return units[[c for c in CHANGE_COLUMNS if c in units.columns] + ["numerator", "denominator", "counted", "status"]]
