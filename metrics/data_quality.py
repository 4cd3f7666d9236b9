"""Data quality: which months are loaded, and where the workforce and allocation files disagree.

Cross-file inconsistencies are information, not errors (CONTRACT.md): these functions list them so a
team can correct the source system; nothing here blocks an upload or changes an indicator.

Inputs are frames as the store hands them over: `batches` (one row per current batch), `workforce` (the
current rows of every loaded month, with `month`) and `allocations` (resolved episodes, the latest known
copy of each). Nothing here modifies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from core.dates import months_between
from metrics.episodes import in_post_at_month_end, open_at_month_end
from reference import dataset_specs

LOADED = "loaded"
NO_UPLOAD = "no upload"
MONTHLY_DATASETS = tuple(  # expected every month: the returns-only datasets are not (an authority may send none)
    name for name, spec in dataset_specs().items() if spec.kind != "keyed" and not spec.from_returns
)
NOT_IN_POST = "not in post at month end"
NOT_CASE_HOLDING = "not case-holding"

LOADED_MONTHS_COLUMNS = [
    "dataset",
    "month",
    "status",
    "rows",
    "rows_change",
    "rows_change_pct",
    "file_name",
    "extract_date",
    "loaded_by",
    "loaded_at",
    "batch_id",
]
MISSING_WORKERS_COLUMNS = ["worker_id", "teams", "children"]
CROSS_CHECK_COLUMNS = [
    "worker_id",
    "team",
    "stated_caseload",
    "allocated_children",
    "difference",
    "differs",
    "in_caseload_figures",
    "note",
]
FIGURE_COLUMNS = ["month", "code", "breakdown", "numerator", "denominator", "value"]


def _current_monthly_batches(batches: pd.DataFrame, datasets: Iterable[str]) -> pd.DataFrame:
    """One batch per dataset-month (the latest loaded if the store ever hands over two), monthly datasets only."""
    monthly = batches[batches["dataset"].isin(list(datasets)) & batches["reporting_month"].notna()]
    ordered = monthly.sort_values(["loaded_at", "id"])
    return ordered.drop_duplicates(["dataset", "reporting_month"], keep="last").astype(
        {"dataset": object, "reporting_month": object}
    )


def loaded_months(
    batches: pd.DataFrame,
    monthly_datasets: Sequence[str] = MONTHLY_DATASETS,
    through_month: str | None = None,
) -> pd.DataFrame:
    """Every monthly dataset for every month from the first loaded to the latest (or through_month).

    Gaps show as 'no upload', so a missing file is visible rather than silently absent; a dataset
    never loaded is 'no upload' throughout. rows_change and rows_change_pct compare with the calendar
    month before and are blank when either month is missing (and the percentage when that month had
    0 rows). Ordered by dataset as given, then month.
    """
    datasets = list(monthly_datasets)
    current = _current_monthly_batches(batches, datasets)
    if current.empty:
        months: list[str] = []
    else:
        months = months_between(current["reporting_month"].min(), through_month or current["reporting_month"].max())
    grid = pd.MultiIndex.from_product([datasets, months], names=["dataset", "month"]).to_frame(index=False)
    details = current.rename(columns={"reporting_month": "month", "id": "batch_id"})[
        ["dataset", "month", "rows", "file_name", "extract_date", "loaded_by", "loaded_at", "batch_id"]
    ]
    table = grid.merge(details, on=["dataset", "month"], how="left")
    rows = table["rows"].astype("Int64")
    previous = rows.groupby(table["dataset"]).shift(1)
    change = rows - previous
    pct = (change.astype("Float64") / previous.astype("Float64") * 100).where((previous > 0).fillna(False))
    return table.assign(
        status=table["batch_id"].notna().map({True: LOADED, False: NO_UPLOAD}).astype(object),
        rows=rows,
        rows_change=change,
        rows_change_pct=pct.astype("Float64"),
        batch_id=table["batch_id"].astype("Int64"),
    )[LOADED_MONTHS_COLUMNS]


def months_with_no_upload(loaded: pd.DataFrame) -> pd.DataFrame:
    """The 'no upload' rows of loaded_months(): the files a team still has to send."""
    return loaded.loc[loaded["status"] == NO_UPLOAD, ["dataset", "month"]].reset_index(drop=True)


def _in_month(workforce: pd.DataFrame, month: str) -> pd.Series:
    return (workforce["month"] == month).fillna(False).astype(bool)


def _month_rows(workforce: pd.DataFrame, month: str) -> pd.DataFrame:
    return workforce[_in_month(workforce, month).to_numpy()].reset_index(drop=True)


def _open_episodes(allocations: pd.DataFrame, month: str) -> pd.DataFrame:
    return allocations[open_at_month_end(allocations, month).to_numpy()]


def workforce_loaded(workforce: pd.DataFrame, month: str) -> bool:
    """Whether the month has workforce rows; if not, say "workforce not loaded" rather than list everyone."""
    return bool(_in_month(workforce, month).any())


def allocated_children_by_worker(allocations: pd.DataFrame, month: str) -> pd.Series:
    """Distinct children with an open allocation at month end, per worker_id (a co-worked child counts for each)."""
    open_episodes = _open_episodes(allocations, month)
    counts = open_episodes.groupby("worker_id")["child_id"].nunique()
    return counts.astype("Int64").rename("allocated_children")


def workers_missing_from_workforce(allocations: pd.DataFrame, workforce: pd.DataFrame, month: str) -> pd.DataFrame:
    """Workers with an allocation open at month end who are not in that month's workforce file at all.

    Their children are counted in no caseload, so the list shows who to add or re-allocate. `teams`
    joins the distinct teams of their open allocations; `children` counts distinct children. Empty
    when the month has no workforce rows: check workforce_loaded() first, or every worker would be listed.
    """
    staff = _month_rows(workforce, month)
    if staff.empty:
        return pd.DataFrame(
            {
                "worker_id": pd.Series(dtype="string"),
                "teams": pd.Series(dtype=object),
                "children": pd.Series(dtype="Int64"),
            }
        )
    open_episodes = _open_episodes(allocations, month)
    missing = open_episodes[~open_episodes["worker_id"].isin(staff["worker_id"])]
    grouped = missing.groupby("worker_id", as_index=False).agg(
        teams=("team", lambda teams: "; ".join(sorted(teams.dropna().astype(str).unique()))),
        children=("child_id", "nunique"),
    )
    grouped["children"] = grouped["children"].astype("Int64")
    return grouped.sort_values(["children", "worker_id"], ascending=[False, True]).reset_index(drop=True)[
        MISSING_WORKERS_COLUMNS
    ]


def caseload_cross_check(allocations: pd.DataFrame, workforce: pd.DataFrame, month: str) -> pd.DataFrame:
    """Stated caseload beside the children allocated at month end, per worker in that month's workforce file.

    Rows: every case-holding worker in post at month end (the workers in the caseload indicator,
    `in_caseload_figures` true), plus any other worker in the file who has open allocations (`note`
    says "not case-holding" or "not in post at month end"), because their children are missing from
    the caseload figures. allocated_children counts distinct children with an open episode for the
    worker; difference = stated minus counted; a blank stated caseload counts as differing. Workers
    absent from the file are in workers_missing_from_workforce(). Differing rows first.
    """
    staff = _month_rows(workforce, month)
    counted = allocated_children_by_worker(allocations, month)
    in_post = in_post_at_month_end(staff, month)
    holding = staff["case_holding"].astype("boolean").fillna(False).astype(bool)
    in_figures = in_post & holding
    shown = staff[in_figures | staff["worker_id"].isin(counted.index)]
    allocated = counted.reindex(shown["worker_id"]).fillna(0).astype("Int64").to_numpy()
    stated = shown["caseload"].astype("Int64")
    difference = stated - allocated
    note = pd.Series("", index=shown.index, dtype=object)
    note = note.mask(~holding[shown.index], NOT_CASE_HOLDING).mask(~in_post[shown.index], NOT_IN_POST)
    table = pd.DataFrame(
        {
            "worker_id": shown["worker_id"],
            "team": shown["team"],
            "stated_caseload": stated,
            "allocated_children": pd.array(allocated, dtype="Int64"),
            "difference": difference,
            "differs": difference.ne(0).fillna(True).astype(bool),
            "in_caseload_figures": in_figures[shown.index],
            "note": note,
        },
        index=shown.index,
    )
    return table.sort_values(["differs", "worker_id"], ascending=[False, True]).reset_index(drop=True)[
        CROSS_CHECK_COLUMNS
    ]


def _figure(month: str, code: str, value: float, numerator: float = float("nan"), denominator: float = float("nan")):
    return {
        "month": month,
        "code": code,
        "breakdown": "",
        "numerator": float(numerator),
        "denominator": float(denominator),
        "value": float(value),
    }


def data_quality_figures(
    batches: pd.DataFrame, workforce: pd.DataFrame, allocations: pd.DataFrame, months: Iterable[str]
) -> pd.DataFrame:
    """The data quality figures the store keeps per month, whole authority only (breakdown '').

    - rows_<dataset>: rows in the month's current batch of each monthly dataset loaded.
    - stated_caseload_total: stated caseload summed over case-holding workers in post (workforce loaded).
    When the month has workforce rows and an allocations file for that reporting month:
    - workers_missing_from_workforce: value = numerator = such workers, denominator = workers with an
      open allocation at month end.
    - caseload_mismatch_workers: value = numerator = case-holding workers in post whose stated caseload
      differs from the children counted, denominator = case-holding workers in post.
    - allocated_children_counted: children counted from allocations summed over the same workers (a
      co-worked child counts once per worker, as stated caseloads do).
    A month with nothing loaded returns no rows, so the store's rewrite of that month leaves it empty.
    """
    current = _current_monthly_batches(batches, MONTHLY_DATASETS)
    figures = []
    for month in months:
        month_batches = current[current["reporting_month"] == month]
        for dataset, rows in zip(month_batches["dataset"], month_batches["rows"], strict=True):
            figures.append(_figure(month, f"rows_{dataset}", rows))
        if not workforce_loaded(workforce, month):
            continue
        check = caseload_cross_check(allocations, workforce, month)
        counted = check[check["in_caseload_figures"]]
        figures.append(_figure(month, "stated_caseload_total", counted["stated_caseload"].sum()))
        if not (month_batches["dataset"] == "allocations").any():
            continue
        missing = workers_missing_from_workforce(allocations, workforce, month)
        allocated_workers = len(allocated_children_by_worker(allocations, month))
        figures.append(_figure(month, "workers_missing_from_workforce", len(missing), len(missing), allocated_workers))
        differing = int(counted["differs"].sum())
        figures.append(_figure(month, "caseload_mismatch_workers", differing, differing, len(counted)))
        figures.append(_figure(month, "allocated_children_counted", counted["allocated_children"].sum()))
    table = pd.DataFrame(figures, columns=FIGURE_COLUMNS)
    table[["numerator", "denominator", "value"]] = table[["numerator", "denominator", "value"]].astype(float)
    return table.sort_values(["month", "code"]).reset_index(drop=True)
