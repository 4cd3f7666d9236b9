"""Reading what metrics compute from: a store's current records as metrics' Inputs, and the catalogue in
force (shipped indicators, local ones and targets). Views read through these; the store's recomputations
(workflows/jobs.py) too."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
from sqlalchemy import Connection

from core.dates import months_between, shift_month
from metrics.catalogue import Catalogue, Indicator, catalogue
from metrics.dependencies import datasets_read
from metrics.inputs import Inputs
from reference import dataset_specs
from store.indicator_settings import local_indicator_rows, targets_in_force
from store.view import StoreView

INPUT_FIELDS = frozenset(f.name for f in fields(Inputs))  # the frames an Inputs holds
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


def inputs_for(view: StoreView, catalogue: Catalogue, indicators: list[Indicator], months: tuple[str, ...]) -> Inputs:
    """What these indicators read for these months, and nothing else: a snapshot dataset only the months
    (and rolling windows) asked for, an episode dataset resolved over every copy, as inputs_from does."""
    needed = set().union(*(datasets_read(indicator, catalogue) for indicator in indicators))
    current = view.batches()
    loaded = {dataset: frozenset(group["reporting_month"].dropna()) for dataset, group in current.groupby("dataset")}
    frames: dict[str, pd.DataFrame] = {}
    for dataset in needed:
        spec = dataset_specs()[dataset]
        if dataset == "indicator_values":
            frames["indicator_values"] = view.indicator_values()
        elif spec.kind == "snapshot":
            reach = max((i.window_months or 1 for i in indicators if i.source == dataset), default=1)
            wanted = months_between(shift_month(min(months), 1 - reach), max(months))
            frames[dataset] = view.monthly(dataset, tuple(wanted))
        elif dataset == "health_assessments":
            frames["health"] = view.monthly(dataset, months)
            frames["health_episodes"] = view.resolved(dataset)
        elif dataset in INPUT_FIELDS:
            frames[dataset] = view.resolved(dataset)
    return Inputs(loaded=loaded, **frames)
