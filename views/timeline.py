"""One child's timeline for the surgery's drill-down: the frame, its chart, its sentence and its table.

A manager clicks a child in an exception list and sees the history behind that row across every
month loaded. Everything comes from one child_timeline frame, so chart, sentence and table cannot
disagree. Nothing here imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from core.access import NotAllowed, User, team_scope
from figures.timeline_chart import timeline_figure, timeline_sentence
from metrics.timeline import child_timeline
from store.read import reading
from store.view import StoreView
from views.inputs import inputs_from

CHILD_DATASETS = ("allocations", "placements", "health_assessments", "care_leavers")
DATE_FORMAT = "%d/%m/%Y"  # dd/mm/yyyy, as analysts type and read dates
ONGOING = "ongoing"
TABLE_COLUMNS = {  # timeline column -> heading in the table and its CSV
    "kind": "What",
    "start": "From",
    "end": "To",
    "label": "Summary",
    "detail": "Details",
    "first_month": "First file",
    "last_month": "Last file",
    "batch_id": "Batch",
    "row_number": "Row in file",
}


@dataclass(frozen=True)
class ChildTimeline:
    child_id: str
    frame: pd.DataFrame  # metrics.timeline.child_timeline
    figure: go.Figure
    sentence: str
    months: tuple[str, str] | None  # first and last month loaded (the chart's window)


def timeline_for(engine: Engine, la_code: str, child_id: str, user: User) -> ChildTimeline:
    """The child's timeline from the store, drawn over every month loaded for the authority.

    A team manager sees only a child one of whose allocations was with their team(s).
    """
    scope = team_scope(user)
    child_id = child_id.strip()
    with reading(engine) as conn:
        view = StoreView(conn, la_code)
        inputs = inputs_from(view)
        loaded = view.loaded_month_range()
    frame = child_timeline(inputs, child_id)
    if scope is not None and not ("team" in frame and frame["team"].isin(scope).any()):
        raise NotAllowed(user, "see_team_rows", f"see the timeline of a child never allocated to {', '.join(scope)}")
    months = (loaded[0], loaded[-1]) if loaded else None
    figure = timeline_figure(frame, child_id, months)
    return ChildTimeline(child_id, frame, figure, timeline_sentence(frame, child_id), months)


def children_in_store(engine: Engine, la_code: str, user: User) -> list[str]:
    """Every pseudonymous child id in the current child-level data the user may see, sorted, for a picker:
    for a team manager, the children one of whose allocations was with their team(s), as timeline_for."""
    scope = team_scope(user)
    ids: set[str] = set()
    with reading(engine) as conn:
        view = StoreView(conn, la_code)
        for dataset in CHILD_DATASETS:
            copies = view.copies(dataset)
            if len(copies):
                ids |= set(copies["child_id"].dropna().astype(str))
        if scope is not None:
            allocations = view.copies("allocations")
            ids &= set(allocations.loc[allocations["team"].isin(scope), "child_id"].dropna().astype(str))
    return sorted(ids)


def timeline_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The timeline as a table to read or download: plain headings, dates as dd/mm/yyyy, "ongoing"
    for an open end, months as YYYY-MM and provenance (batch and row in the file) last."""
    table = frame[list(TABLE_COLUMNS)].copy()
    table["start"] = table["start"].dt.strftime(DATE_FORMAT).fillna("")
    single_day = frame["point"].fillna(False).astype(bool)
    ends = table["end"].dt.strftime(DATE_FORMAT)
    table["end"] = ends.where(table["end"].notna(), ONGOING).where(~single_day, "")
    table["kind"] = table["kind"].str.capitalize()
    for column in ("label", "detail", "first_month", "last_month"):
        table[column] = table[column].fillna("")
    return table.rename(columns=TABLE_COLUMNS).reset_index(drop=True)
