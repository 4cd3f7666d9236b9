"""The per-month figures the store recomputes inside every load, revert and withdrawal.

The store never imports metrics; it is handed this list. Each job reads the store's view on the open
transaction and returns figures for exactly the months it is given.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from metrics.compute import FIGURE_COLUMNS, indicator_figures
from metrics.data_quality import FIGURE_COLUMNS as DATA_QUALITY_COLUMNS
from metrics.data_quality import MONTHLY_DATASETS, data_quality_figures
from metrics.dependencies import changed_values, first_allocation_month, months_to_redo
from reference import dataset_specs
from store.batches import Change, Recomputation, Refresh, Scoped
from store.view import StoreView
from views.inputs import catalogue_for as catalogue_for  # the recomputations read the catalogue in force
from views.inputs import inputs_for, inputs_from
from workflows.page_tables import refresh_panel, refresh_spc


def data_quality_job(view: StoreView, months: list[str]) -> pd.DataFrame:
    return data_quality_figures(view.batches(), view.monthly("workforce"), view.resolved("allocations"), months)


def indicators_job(view: StoreView, months: list[str]) -> pd.DataFrame:
    return indicator_figures(inputs_from(view), months, catalogue_for(view.conn, view.la_code))


def indicators_scoped(view: StoreView, change: Change) -> Scoped:
    """Only the indicators that read the changed dataset, only for the months that read its change."""
    catalogue = catalogue_for(view.conn, view.la_code)
    spec = dataset_specs()[change.dataset]
    values = changed_values(change.before, change.after) if spec.kind == "keyed" else None
    first = (None, None)
    if change.dataset == "allocations":
        first = (
            first_allocation_month(change.before, change.after, 0),
            first_allocation_month(change.before, change.after),
        )
    plan = {
        code: months_to_redo(indicator, catalogue, change.dataset, change.month, change.months, first, values)
        for code, indicator in catalogue.indicators.items()
    }
    plan = {code: months for code, months in plan.items() if months}
    groups: dict[tuple[str, ...], dict] = {}
    for code, months in plan.items():
        groups.setdefault(tuple(months), {})[code] = catalogue.indicators[code]
    frames = []
    for months, indicators in groups.items():
        inputs = inputs_for(view, catalogue, list(indicators.values()), months)
        frames.append(indicator_figures(inputs, list(months), replace(catalogue, indicators=indicators)))
    figures = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FIGURE_COLUMNS)
    return Scoped(plan, figures)


def data_quality_scoped(view: StoreView, change: Change) -> Scoped:
    """A monthly file's row count for its month; the cross-file check of the months its workforce or
    allocations change moves. Aggregate values and the returns feed no data quality figure."""
    if change.dataset not in MONTHLY_DATASETS or change.month not in change.months:  # or kept past retention
        return Scoped({}, pd.DataFrame(columns=DATA_QUALITY_COLUMNS))
    if change.dataset == "workforce":
        months = [change.month]
    elif change.dataset == "allocations":
        first = first_allocation_month(change.before, change.after, 0) or change.month
        months = [m for m in change.months if m >= min(first, change.month)]
    else:  # only the file's own row count: rows_<dataset> of its month
        code = f"rows_{change.dataset}"
        nothing = pd.DataFrame(columns=["month"])  # the cross-file check is not what changed
        figures = data_quality_figures(view.batches(), nothing, nothing, [change.month])
        return Scoped({code: [change.month]}, figures[figures["code"] == code])
    months = [m for m in months if m in change.months]
    workforce = view.monthly("workforce", tuple(months))
    return Scoped({None: months}, data_quality_figures(view.batches(), workforce, view.resolved("allocations"), months))


RECOMPUTATIONS: tuple[Recomputation | Refresh, ...] = (
    Recomputation("data_quality", data_quality_job, data_quality_scoped),
    Recomputation("indicators", indicators_job, indicators_scoped),
    Refresh("spc", refresh_spc),  # after the figures: the pages' SPC (workflows/page_tables.py)
    Refresh("panel", refresh_panel),  # the panel's figures after suppression (and after a sign-off)
)
REFRESHES = tuple(job for job in RECOMPUTATIONS if isinstance(job, Refresh))  # after a change point or sign-off
