"""The Data quality page's tables: what is loaded per dataset and month, and cross-file checks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require, team_scope
from core.dates import month_label
from metrics.data_quality import (
    MONTHLY_DATASETS,
    caseload_cross_check,
    loaded_months,
    months_with_no_upload,
    workers_missing_from_workforce,
    workforce_loaded,
)
from reference import dataset_specs
from store.read import reading
from store.view import StoreView
from views.wording import QUALITY_FIGURE_WORDS, signed_count, signed_percent


@dataclass(frozen=True)
class Coverage:
    loaded: pd.DataFrame  # one row per dataset-month (metrics.data_quality.loaded_months)
    figures: pd.DataFrame  # the stored per-month data quality figures


def coverage(engine: Engine, la_code: str, user: User) -> Coverage:
    """What is loaded per dataset and month (counts and file names, no child or worker): every role that
    sees the dashboard's figures."""
    require(user, "see_aggregates")
    with reading(engine) as conn:
        view = StoreView(conn, la_code)
        return Coverage(loaded_months(view.batches(), MONTHLY_DATASETS), view.month_figures("data_quality"))


def coverage_grid(loaded: pd.DataFrame) -> pd.DataFrame:
    """Months down, datasets across: rows loaded, or 'no upload' in words (never colour alone)."""
    if loaded.empty:
        return pd.DataFrame()
    shown = loaded.assign(
        cell=[
            f"{int(rows):,} rows" if status == "loaded" else "No upload"
            for status, rows in zip(loaded["status"], loaded["rows"], strict=True)
        ]
    )
    grid = shown.pivot(index="month", columns="dataset", values="cell")
    grid = grid[[d for d in MONTHLY_DATASETS if d in grid.columns]]
    grid = grid.rename(columns=lambda d: dataset_specs()[d].short_title).sort_index(ascending=False)
    grid.index = [month_label(m) for m in grid.index]
    return grid.rename_axis("Month").reset_index()


def changes_table(loaded: pd.DataFrame) -> pd.DataFrame:
    """Rows loaded per dataset-month with the change on the month before, newest first."""
    rows = loaded[loaded["status"] == "loaded"].sort_values(["month", "dataset"], ascending=[False, True])
    return pd.DataFrame(
        {
            "Month": rows["month"].map(month_label),
            "Dataset": rows["dataset"].map(lambda d: dataset_specs()[d].short_title),
            "Rows": rows["rows"].astype("Int64"),
            "Change on previous month": rows["rows_change"].map(signed_count),
            "Change (%)": rows["rows_change_pct"].map(signed_percent),
            "File": rows["file_name"],
            "Extract date": pd.to_datetime(rows["extract_date"]).dt.strftime("%d/%m/%Y"),
        }
    )


def gaps_table(loaded: pd.DataFrame) -> pd.DataFrame:
    gaps = months_with_no_upload(loaded)
    return pd.DataFrame(
        {
            "Dataset": gaps["dataset"].map(lambda d: dataset_specs()[d].short_title),
            "Month": gaps["month"].map(month_label),
        }
    )


def cross_file_trend(figures: pd.DataFrame) -> pd.DataFrame:
    """The stored cross-file figures, months down: computed at load time, so always in step."""
    wanted = figures[figures["code"].isin(QUALITY_FIGURE_WORDS) & (figures["breakdown"] == "")]
    if wanted.empty:
        return pd.DataFrame()
    grid = wanted.pivot(index="month", columns="code", values="value")
    grid = grid[[c for c in QUALITY_FIGURE_WORDS if c in grid.columns]].sort_index(ascending=False)
    grid = grid.astype("Int64").rename(columns=QUALITY_FIGURE_WORDS)
    grid.index = [month_label(m) for m in grid.index]
    return grid.rename_axis("Month").reset_index()


@dataclass(frozen=True)
class CrossFile:
    month: str
    workforce_loaded: bool
    allocations_loaded: bool
    missing_workers: pd.DataFrame
    caseloads: pd.DataFrame


def cross_file(engine: Engine, la_code: str, month: str, user: User) -> CrossFile:
    """Workforce and allocations compared for a month, worker by worker. A team manager gets their own
    team(s)' workers only (and, of workers missing from the workforce file, only their teams' allocations);
    a role that may see no worker (the panel) is refused."""
    scope = team_scope(user)
    with reading(engine) as conn:
        view = StoreView(conn, la_code)
        workforce = view.monthly("workforce")
        allocations = view.resolved("allocations")
        allocation_months = set(view.batches().query("dataset == 'allocations'")["reporting_month"])
    ours = allocations if scope is None or allocations.empty else allocations[allocations["team"].isin(scope)]
    caseloads = caseload_cross_check(allocations, workforce, month)
    if scope is not None:
        caseloads = caseloads[caseloads["team"].isin(scope)].reset_index(drop=True)
    return CrossFile(
        month,
        workforce_loaded(workforce, month),
        month in allocation_months,
        workers_missing_from_workforce(ours, workforce, month),
        caseloads,
    )


def caseload_table(caseloads: pd.DataFrame, only_differences: bool) -> pd.DataFrame:
    rows = caseloads[caseloads["differs"]] if only_differences else caseloads
    return pd.DataFrame(
        {
            "Worker": rows["worker_id"],
            "Team": rows["team"],
            "Stated caseload": rows["stated_caseload"],
            "Children allocated (counted)": rows["allocated_children"],
            "Difference": rows["difference"].map(signed_count),
            "Note": rows["note"].fillna(""),
        }
    )


def missing_workers_table(missing: pd.DataFrame) -> pd.DataFrame:
    return missing.rename(columns={"worker_id": "Worker", "teams": "Teams", "children": "Children allocated"})


def loaded_month_choices(loaded: pd.DataFrame) -> list[str]:
    return sorted(set(loaded.loc[loaded["status"] == "loaded", "month"]), reverse=True)
