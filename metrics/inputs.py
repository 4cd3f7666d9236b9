"""What every indicator function reads: the authority's current data, as the store resolves it.

Built once per recomputation from the store's view (workflows/jobs.py) and passed to every indicator
function with the month, so functions stay pure pandas and are tested with hand-made frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Inputs:
    """Frames with the contract's columns plus `month`, `extract_date`, `batch_id`, `row_number`.

    - workforce, placements, care_leavers: each loaded month's own rows (snapshot datasets).
    - allocations: resolved episodes (one row per child, worker and start date, latest known copy).
    - health: each month's rows of the health file, with IHA dates from the latest copy of the record.
    - health_episodes: resolved periods of care (one row per child and date entered care).
    - indicator_values: uploaded aggregate values in force (period, indicator_code, numerator, ...).
    - referrals, assessments, section_47_enquiries, cp_plans, contacts, cin_plans, cla_reviews, cp_visits:
      resolved records (latest known copy).
    - child_characteristics: each child's sex, ethnicity, date of birth, disability and UASC as the
      latest return gives them (resolved, one row per child).
    A frame may be empty (that dataset not loaded); functions then return no units, and the month is a gap.
    """

    workforce: pd.DataFrame = field(default_factory=pd.DataFrame)
    allocations: pd.DataFrame = field(default_factory=pd.DataFrame)
    health: pd.DataFrame = field(default_factory=pd.DataFrame)
    health_episodes: pd.DataFrame = field(default_factory=pd.DataFrame)
    placements: pd.DataFrame = field(default_factory=pd.DataFrame)
    care_leavers: pd.DataFrame = field(default_factory=pd.DataFrame)
    indicator_values: pd.DataFrame = field(default_factory=pd.DataFrame)
    referrals: pd.DataFrame = field(default_factory=pd.DataFrame)  # resolved records, from the returns
    assessments: pd.DataFrame = field(default_factory=pd.DataFrame)
    section_47_enquiries: pd.DataFrame = field(default_factory=pd.DataFrame)
    cp_plans: pd.DataFrame = field(default_factory=pd.DataFrame)
    child_characteristics: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per child (equalities)
    contacts: pd.DataFrame = field(default_factory=pd.DataFrame)  # resolved records, from the returns
    cin_plans: pd.DataFrame = field(default_factory=pd.DataFrame)
    cla_reviews: pd.DataFrame = field(default_factory=pd.DataFrame)
    cp_visits: pd.DataFrame = field(default_factory=pd.DataFrame)
    loaded: dict[str, frozenset[str]] = field(default_factory=dict)  # dataset -> months with a current batch

    def is_loaded(self, dataset: str, month: str) -> bool:
        """Whether the dataset has a file in force for the month (so an empty count is 0, not a gap)."""
        return month in self.loaded.get(dataset, frozenset())

    def month_rows(self, dataset: str, month: str) -> pd.DataFrame:
        """A snapshot dataset's rows for one month (an empty frame if that month is not loaded)."""
        frame = getattr(self, dataset)
        if frame.empty or "month" not in frame:
            return frame.iloc[0:0]
        return frame[frame["month"] == month]
