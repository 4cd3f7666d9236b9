"""The per-month figures the store recomputes inside every load, revert and withdrawal.

The store never imports metrics; it is handed this list. Each job reads the store's view on the open
transaction and returns figures for exactly the months it is given. The indicators issue adds its
family here.
"""

from __future__ import annotations

import pandas as pd

from metrics.data_quality import data_quality_figures
from store.batches import Recomputation
from store.view import StoreView


def data_quality_job(view: StoreView, months: list[str]) -> pd.DataFrame:
    return data_quality_figures(view.batches(), view.monthly("workforce"), view.resolved("allocations"), months)


RECOMPUTATIONS: tuple[Recomputation, ...] = (Recomputation("data_quality", data_quality_job),)
