"""Social work workforce indicators: caseload, share over the caseload threshold, agency rate, turnover.

Source: the `workforce` dataset (one row per social worker in post at any time in the month, a complete
snapshot per month). Every indicator reads the month's own rows only, except turnover, which reads the
month's file and the 11 before it (CONTRACT.md "Turnover (rolling 12 months)").

Each indicator returns *units* (metrics/units.py): one row per worker in its denominator, with the
worker's identifying and breakdown columns (worker_id, team) and the provenance of the workforce row it
came from (month, batch_id, row_number). "In post at month end" is metrics.episodes.in_post_at_month_end:
start_date on or before the month end and end_date blank or after it, so a worker leaving on the month
end is not in post and one starting on it is.

Where CONTRACT.md is silent we follow the DfE children's social work workforce census and its statistics
("Children's social work workforce", methodology on explore-education-statistics.service.gov.uk):
figures are full-time equivalent (FTE); caseload is cases held by case-holding workers over their FTE;
the agency rate is agency FTE over all FTE in post; turnover is leavers' FTE in the year over FTE in
post at the year end, permanent (authority-employed) workers only.
"""

from __future__ import annotations

import pandas as pd

from core.dates import month_bounds, shift_month
from metrics.episodes import in_post_at_month_end
from metrics.inputs import Inputs
from metrics.units import units_frame

AGENCY = "agency"
PERMANENT = "permanent"
DEFAULT_CASELOAD_THRESHOLD = 20
LEAVER = "leaver"
IN_POST = "in post"
NOT_RECORDED = "caseload or FTE not recorded"

PROVENANCE = ["month", "batch_id", "row_number"]
CASELOAD_COLUMNS = ["worker_id", "team", "caseload", "fte", *PROVENANCE]
AGENCY_COLUMNS = ["worker_id", "team", "employment_type", "fte", *PROVENANCE]
TURNOVER_COLUMNS = ["worker_id", "team", "employment_type", "fte", "start_date", "end_date", *PROVENANCE]
DISTRIBUTION_COLUMNS = ["worker_id", "team", "caseload", "fte", "caseload_per_fte", *PROVENANCE]


def _empty_units(columns: list[str]) -> pd.DataFrame:
    """No units (the month is a gap), with the columns a non-empty result would have."""
    return units_frame(pd.DataFrame(columns=columns), 0.0)


def _keep(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The listed columns that the frame has, as a copy (the caller's frame is never modified)."""
    return frame[[c for c in columns if c in frame.columns]].copy()


def _in_post(inputs: Inputs, month: str) -> pd.DataFrame:
    """The month's own workforce rows for workers in post at month end."""
    rows = inputs.month_rows("workforce", month)
    if rows.empty:
        return rows
    return rows[in_post_at_month_end(rows, month).to_numpy()]


def _case_holders_in_post(inputs: Inputs, month: str) -> pd.DataFrame:
    """Case-holding workers in post at month end (case_holding blank is read as not case-holding)."""
    rows = _in_post(inputs, month)
    if rows.empty:
        return rows
    return rows[rows["case_holding"].fillna(False).astype(bool).to_numpy()]


def _fte(frame: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(frame["fte"], errors="coerce").astype("float64")


def caseload_per_fte(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Caseload per case-holding FTE at month end (CONTRACT.md "Caseload per case-holding FTE").

    Definition: children allocated to case-holding social workers in post at month end, per full-time
    equivalent of those workers (the DfE workforce census "caseload per case-holding FTE").
    Units: one row per case-holding worker in post at month end (case_holding = yes; start_date on or
    before the month end, end_date blank or after it).
    Numerator: the worker's caseload. Denominator: the worker's FTE, so a 0.5 FTE worker with 10 cases
    weighs as one full-time worker with 20.
    Unit: ratio. Polarity: lower is better (more time per child). Breakdown: team.
    Source: workforce, the month's own file; provenance is the worker's row in it.
    A worker whose caseload or FTE is blank (the schema should prevent it) stays in the frame with
    counted False, rather than adding FTE without cases or cases without FTE.
    An average can hide a minority of workers with far too many cases: see caseload_distribution.
    """
    rows = _case_holders_in_post(inputs, month)
    if rows.empty:
        return _empty_units(CASELOAD_COLUMNS)
    units = _keep(rows, CASELOAD_COLUMNS)
    caseload = pd.to_numeric(rows["caseload"], errors="coerce").astype("float64")
    fte = _fte(rows)
    units = units_frame(units, caseload.to_numpy(), fte.to_numpy())
    missing = (caseload.isna() | fte.isna()).to_numpy()
    units.loc[missing, "counted"] = False
    units.loc[missing, "status"] = NOT_RECORDED
    units.loc[missing, ["numerator", "denominator"]] = 0.0
    return units


def caseload_over_threshold(
    inputs: Inputs, month: str, threshold: float = DEFAULT_CASELOAD_THRESHOLD, **parameters
) -> pd.DataFrame:
    """Share of case-holding workers over the caseload threshold (CONTRACT.md "Share over caseload threshold").

    Definition: case-holding workers in post at month end whose caseload is more than `threshold`
    (default 20) as a percentage of case-holding workers in post at month end. Exactly the threshold is
    not over (20 is not over 20; 21 is).
    Units: one row per case-holding worker in post at month end (as caseload_per_fte).
    Numerator: 1 if caseload > threshold, else 0. Denominator: 1 (workers are counted by head, not FTE,
    because the threshold is about the cases one person holds).
    Unit: %. Polarity: lower is better. Breakdown: team.
    Source: workforce, the month's own file; provenance is the worker's row in it.
    A blank caseload (the schema should prevent it) is kept with counted False.
    """
    rows = _case_holders_in_post(inputs, month)
    if rows.empty:
        return _empty_units(CASELOAD_COLUMNS)
    units = _keep(rows, CASELOAD_COLUMNS)
    caseload = pd.to_numeric(rows["caseload"], errors="coerce").astype("float64")
    over = (caseload > float(threshold)).astype("float64")
    units = units_frame(units, over.to_numpy(), 1.0)
    missing = caseload.isna().to_numpy()
    units.loc[missing, "counted"] = False
    units.loc[missing, "status"] = NOT_RECORDED
    units.loc[missing, ["numerator", "denominator"]] = 0.0
    return units


def caseload_distribution(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Each case-holding worker's caseload at month end, for the per-team distribution chart.

    A view, not an indicator: there is no single value and no numerator or denominator. It lists the
    same workers as caseload_per_fte (case-holding, in post at month end) so the chart and the figure
    agree; an average caseload hides a minority of workers whose caseload is too high, which the
    distribution shows.
    Columns: worker_id, team, caseload, fte, caseload_per_fte (caseload / fte, blank when either is
    blank), and the provenance of the worker's row (month, batch_id, row_number). Ordered by team, then
    caseload from highest, then worker_id. Polarity of the underlying measure: lower is better.
    Source: workforce, the month's own file. An unloaded month gives an empty frame.
    """
    rows = _case_holders_in_post(inputs, month)
    if rows.empty:
        return pd.DataFrame(columns=DISTRIBUTION_COLUMNS)
    view = _keep(rows, CASELOAD_COLUMNS)
    view["caseload_per_fte"] = pd.to_numeric(rows["caseload"], errors="coerce").astype("float64") / _fte(rows)
    view = view[[c for c in DISTRIBUTION_COLUMNS if c in view.columns]]
    return view.sort_values(["team", "caseload", "worker_id"], ascending=[True, False, True]).reset_index(drop=True)


def agency_rate(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Agency rate at month end (CONTRACT.md "Agency rate"): agency FTE as a share of all FTE in post.

    Definition: FTE of agency workers in post at month end as a percentage of the FTE of all workers
    in post at month end, case-holding or not (the DfE census agency rate: agency FTE over agency plus
    authority-employed FTE).
    Units: one row per worker in post at month end.
    Numerator: the worker's FTE if employment_type is agency, else 0. Denominator: the worker's FTE.
    Unit: %. Polarity: lower is better (a stable, employed workforce). Breakdown: team.
    Source: workforce, the month's own file; provenance is the worker's row in it.
    """
    rows = _in_post(inputs, month)
    if rows.empty:
        return _empty_units(AGENCY_COLUMNS)
    units = _keep(rows, AGENCY_COLUMNS)
    fte = _fte(rows)
    agency = rows["employment_type"].astype("string").str.strip().str.lower().eq(AGENCY).fillna(False)
    numerator = fte.where(agency.to_numpy(), 0.0)
    units = units_frame(units, numerator.to_numpy(), fte.to_numpy())
    missing = fte.isna().to_numpy()
    units.loc[missing, "counted"] = False
    units.loc[missing, "status"] = NOT_RECORDED
    units.loc[missing, ["numerator", "denominator"]] = 0.0
    return units


def _is_permanent(frame: pd.DataFrame) -> pd.Series:
    return frame["employment_type"].astype("string").str.strip().str.lower().eq(PERMANENT).fillna(False).astype(bool)


def turnover_rate(inputs: Inputs, month: str, **parameters) -> pd.DataFrame:
    """Turnover, rolling 12 months (CONTRACT.md "Turnover (rolling 12 months)"; the DfE definition).

    Definition: FTE of permanent workers who left in the 12 months to month end as a percentage of
    permanent FTE in post at month end. Agency workers are excluded from both.
    The 12 months are the reporting month and the 11 before it, whole months: for March 2025, 1 April
    2024 to 31 March 2025, both days included (a leaver on the month end counts; one on 31 March 2024,
    12 months and a day before, does not). This is the month end minus 12 months, exclusive, to the
    month end, inclusive, except that a February month end never reaches back into the previous February
    (DfE's years ending 30 September and 31 March are likewise whole months).
    Leavers are read from that month's workforce file and the previous 11 months' files: each worker is
    judged on the latest of those files that lists them, so a later file's corrected end date, FTE,
    employment type and team win, and each leaver is counted once. A worker is a leaver when that row
    is permanent with an end_date in the window. (A worker who left and rejoined within the window is
    listed in post by the latest file and is therefore not counted as a leaver; a month whose file is
    not loaded contributes no leavers of its own.)
    Units: leaver rows (numerator = FTE, denominator 0, status "leaver"; provenance: the latest file's
    row that lists them) plus in-post rows (numerator 0, denominator = FTE, status "in post"; provenance:
    the worker's row in the month's own file).
    Unit: %. Polarity: lower is better. Breakdown: team.
    Source: workforce. If the month's own file is not loaded, the month is a gap (no units).
    """
    own = inputs.month_rows("workforce", month)
    if own.empty:
        return _empty_units(TURNOVER_COLUMNS)
    first_month = shift_month(month, -11)
    window_start, _ = month_bounds(first_month)
    _, month_end = month_bounds(month)

    in_post = own[(in_post_at_month_end(own, month) & _is_permanent(own)).to_numpy()]
    in_post_units = units_frame(_keep(in_post, TURNOVER_COLUMNS), 0.0, _fte(in_post).to_numpy(), status=IN_POST)

    workforce = inputs.workforce
    files = workforce[workforce["month"].astype("string").between(first_month, month).fillna(False).to_numpy()]
    latest = files.sort_values(["month", "batch_id", "row_number"]).drop_duplicates("worker_id", keep="last")
    end = pd.to_datetime(latest["end_date"])
    left = (end >= window_start) & (end <= month_end)
    leavers = latest[(left.fillna(False) & _is_permanent(latest)).to_numpy()]
    leaver_units = units_frame(_keep(leavers, TURNOVER_COLUMNS), _fte(leavers).to_numpy(), 0.0, status=LEAVER)

    parts = [part for part in (leaver_units, in_post_units) if len(part)]
    if not parts:
        return _empty_units(TURNOVER_COLUMNS)
    units = pd.concat(parts, ignore_index=True)
    missing = (units["numerator"].isna() | units["denominator"].isna()).to_numpy()
    units.loc[missing, "counted"] = False
    units.loc[missing, "status"] = NOT_RECORDED
    units.loc[missing, ["numerator", "denominator"]] = 0.0
    return units.astype({"counted": bool})
