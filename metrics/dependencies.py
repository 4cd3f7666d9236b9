"""Which stored figures follow from a change to one dataset (issue 18: a load recomputes what it changed).

Each indicator reads its `source`; a child-level indicator (its units carry child_id) also reads the
datasets that describe children across sources: allocations (team and cohort at month end, CONTRACT.md
"Team attribution") and any child-level dataset no indicator is computed from. A rolling figure of a
snapshot source reads the `window_months` months to its month end, so a changed month feeds the figures
of the months after it inside that window. Episode datasets feed every later month; for allocations the
first month a changed episode can move is worked out from the dates that changed (a closed episode
changes the months from its end date on, less the 14-day handover of a change of worker).

Pure functions: workflows/jobs.py applies them inside the store's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from core.dates import shift_month
from metrics.allocations import HANDOVER_DAYS
from metrics.catalogue import AGGREGATE_SOURCE, Catalogue, Indicator
from reference import dataset_specs

CHILD_ID = "child_id"
CHANGES_OF_WORKER = ("allocations.worker_changes_in_month", "allocations.worker_changes_per_100_children")
ALSO_READS = {"health_assessments": ("placements",)}  # by source: health's distance band is the month's placement's


def _child_level(dataset: str) -> bool:
    return CHILD_ID in dataset_specs()[dataset].column_names


def describing_children(catalogue: Catalogue) -> frozenset[str]:
    """Datasets every child-level indicator reads besides its own source: allocations, and child-level
    datasets that are no indicator's source (a child's characteristics, say)."""
    sources = {indicator.source for indicator in catalogue.indicators.values()}
    others = {name for name in dataset_specs() if _child_level(name) and name not in sources}
    return frozenset({"allocations", *others})


def datasets_read(indicator: Indicator, catalogue: Catalogue) -> frozenset[str]:
    """The datasets whose changes can move the indicator's figures."""
    if indicator.is_aggregate:
        return frozenset({AGGREGATE_SOURCE})
    reads = frozenset({indicator.source, *ALSO_READS.get(indicator.source, ())})
    if indicator.source != "allocations" and _child_level(indicator.source):
        return reads | describing_children(catalogue)
    return reads


def months_after(indicator: Indicator, dataset: str, month: str) -> str:
    """The last month whose figure of `indicator` reads the snapshot `month` of `dataset`."""
    reach = (indicator.window_months or 1) - 1 if dataset == indicator.source else 0
    return shift_month(month, reach)


def changed_values(before: pd.DataFrame | None, after: pd.DataFrame | None) -> dict[str, set[str]]:
    """Aggregate values in force before and after: indicator code -> periods whose values differ."""
    columns = ["period", "indicator_code", "breakdown", "numerator", "denominator"]

    def rows(frame: pd.DataFrame | None) -> set[tuple]:
        if frame is None or frame.empty:
            return set()
        tidy = frame[columns].assign(breakdown=frame["breakdown"].fillna(""))
        return set(tidy.astype(str).itertuples(index=False, name=None))

    changed: dict[str, set[str]] = {}
    for period, code, *_ in rows(before) ^ rows(after):
        changed.setdefault(code, set()).add(period)
    return changed


def first_allocation_month(
    before: pd.DataFrame | None, after: pd.DataFrame | None, handover_days: int = HANDOVER_DAYS
) -> str | None:
    """The first month whose allocation figures (or team attribution) a change of resolved episodes moves.

    An episode added or removed, or one whose worker's team or the child's cohort changed, moves the
    months from its start. One whose end date changed moves the months from the earlier of the two end
    dates less the handover (a change of worker is judged against episodes ending up to 14 days around
    it; `handover_days=0` for figures that judge no change of worker); before that the episode was open,
    or closed, either way. None: nothing changed.
    """
    spec = dataset_specs()["allocations"]
    key = list(spec.key)
    fields = list(spec.column_names)
    frames = [f[fields] if f is not None and len(f) else pd.DataFrame(columns=fields) for f in (before, after)]
    old, new = (f.astype({"start_date": "datetime64[ns]"}).set_index(key) for f in frames)
    old, new = old[~old.index.duplicated()], new[~new.index.duplicated()]
    both = old.index.intersection(new.index)
    moved: list[pd.Timestamp] = []
    added_or_removed = old.index.symmetric_difference(new.index)
    moved += [pd.Timestamp(start) for start in added_or_removed.get_level_values("start_date")]
    dates = [c for c in fields if c not in key and spec.column(c).type == "date"]
    others = [c for c in fields if c not in key and c not in dates]
    was, now = old.loc[both].reset_index(), new.loc[both].reset_index()
    other_changed = np.zeros(len(both), dtype=bool)
    for column in others:
        other_changed |= (was[column].astype("string").fillna("") != now[column].astype("string").fillna("")).to_numpy()
    moved += [pd.Timestamp(start) for start in was.loc[other_changed, "start_date"]]
    for column in dates:
        a, b = pd.to_datetime(was[column]), pd.to_datetime(now[column])
        differs = ((a != b) & ~(a.isna() & b.isna())).to_numpy()
        earlier = pd.concat([a[differs], b[differs]], axis=1).min(axis=1)
        moved += [day - pd.Timedelta(days=handover_days) for day in earlier.dropna()]
    moved = [day for day in moved if not pd.isna(day)]
    return min(moved).strftime("%Y-%m") if moved else None


def months_to_redo(
    indicator: Indicator,
    catalogue: Catalogue,
    dataset: str,
    month: str | None,
    months: Iterable[str],
    first_allocations: tuple[str | None, str | None] = (None, None),
    values: dict[str, set[str]] | None = None,
) -> list[str]:
    """The months of `indicator` to recompute after `dataset` changed (the store's `months` narrowed).

    `first_allocations`: first_allocation_month without and with the handover of a change of worker."""
    months = list(months)
    if dataset not in datasets_read(indicator, catalogue):
        return []
    kind = dataset_specs()[dataset].kind
    if kind == "keyed":
        return [m for m in months if m in (values or {}).get(indicator.code, set())]
    if kind == "snapshot":
        last = months_after(indicator, dataset, month)
        return [m for m in months if month <= m <= last]
    if dataset == "allocations":
        judged = first_allocations[1] if indicator.function in CHANGES_OF_WORKER else first_allocations[0]
        first = min(m for m in (judged, month) if m)
        return [m for m in months if m >= first]
    return months
