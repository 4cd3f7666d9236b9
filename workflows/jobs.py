"""The per-month figures the store recomputes inside every load, revert and withdrawal.

The store never imports metrics; it is handed this list. Each job reads the store's view on the open
transaction and returns figures for exactly the months it is given.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from metrics.catalogue import Catalogue, Indicator, catalogue
from metrics.compute import indicator_figures
from metrics.data_quality import data_quality_figures
from metrics.inputs import Inputs
from reference import dataset_specs
from store.batches import Recomputation
from store.indicator_settings import local_indicator_rows, targets_in_force
from store.view import StoreView

RETURNS_ONLY = tuple(name for name, spec in dataset_specs().items() if spec.from_returns)  # Inputs fields too


def inputs_from(view: StoreView) -> Inputs:
    """The frames every indicator reads, as the store resolves them (see metrics.inputs)."""
    current = view.batches()
    loaded = {dataset: frozenset(group["reporting_month"].dropna()) for dataset, group in current.groupby("dataset")}
    return Inputs(
        loaded=loaded,
        workforce=view.monthly("workforce"),
        allocations=view.resolved("allocations"),
        health=view.monthly("health_assessments"),
        health_episodes=view.resolved("health_assessments"),
        placements=view.monthly("placements"),
        care_leavers=view.monthly("care_leavers"),
        indicator_values=view.indicator_values(),
        **{dataset: view.resolved(dataset) for dataset in RETURNS_ONLY},
    )


def catalogue_for(conn: Connection, la_code: str) -> Catalogue:
    """The built-in catalogue with this authority's local indicators and targets."""
    local = [
        Indicator(
            code=row["code"],
            title=row["title"],
            theme=row["theme"],
            polarity=row["polarity"],
            unit=row["unit"],
            definition=row["definition"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            source="indicator_values",
            target=row["target"],
            local=True,
        )
        for row in local_indicator_rows(conn, la_code)
    ]
    return catalogue().with_local(local, targets_in_force(conn, la_code))


def data_quality_job(view: StoreView, months: list[str]) -> pd.DataFrame:
    return data_quality_figures(view.batches(), view.monthly("workforce"), view.resolved("allocations"), months)


def indicators_job(view: StoreView, months: list[str]) -> pd.DataFrame:
    return indicator_figures(inputs_from(view), months, catalogue_for(view.conn, view.la_code))


RECOMPUTATIONS: tuple[Recomputation, ...] = (
    Recomputation("data_quality", data_quality_job),
    Recomputation("indicators", indicators_job),
)
