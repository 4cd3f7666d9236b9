"""The theme pages' filters (months, team, cohort), kept in the URL query string so a surgery invite
can link straight to a view: /workforce?from=2025-04&to=2026-03&team=Child+Protection+1."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.dates import month_label
from views.spc_window import SPC_WINDOW
from views.wording import team_breakdown

WHOLE = "Whole authority"


@dataclass(frozen=True)
class Filters:
    months: tuple[str, str] | None
    breakdown: str  # '' for the whole authority, else 'team: X' or 'cohort: Y'
    note: str | None


def read_filters(months: list[str], teams: list[str], cohorts: list[str]) -> Filters:
    """Widgets seeded from the query string, and the query string updated from the widgets."""
    params = st.query_params
    if not months:
        return Filters(None, "", None)
    start_at = params.get("from") if params.get("from") in months else months[max(0, len(months) - SPC_WINDOW)]
    end_at = params.get("to") if params.get("to") in months else months[-1]
    left, middle, right = st.columns([2, 1, 1])
    start, end = left.select_slider(
        "Months shown", options=months, value=(start_at, end_at), format_func=month_label, key="filter_months"
    )
    team = middle.selectbox("Team", [WHOLE, *teams], index=_index(teams, params.get("team")), key="filter_team")
    cohort = right.selectbox(
        "Cohort", [WHOLE, *cohorts], index=_index(cohorts, params.get("cohort")), key="filter_cohort"
    )
    keep_in_url({"from": start, "to": end, "team": None if team == WHOLE else team})
    keep_in_url({"cohort": None if cohort == WHOLE else cohort})
    note = None
    if team != WHOLE and cohort != WHOLE:
        note = f"Figures are kept by one breakdown at a time: showing {team}. Clear the team to see {cohort}."
    if team != WHOLE:
        return Filters((start, end), team_breakdown(team), note)
    if cohort != WHOLE:
        return Filters((start, end), f"cohort: {cohort}", note)
    return Filters((start, end), "", note)


def _index(options: list[str], wanted: str | None) -> int:
    return options.index(wanted) + 1 if wanted in options else 0


def keep_in_url(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value
