"""Page caches keyed on the store's version, so a cached figure is never older than the data.

Aggregate reads (figures, SPC, benchmarks) are keyed on (authority, store version). A read whose rows
depend on who asks (child- and worker-level rows a team manager sees only for their teams) is also keyed
on the viewer's role and teams (`viewer`), so the cache never hands one user's rows to another whose
role or teams differ (tests/pages/test_page_caches.py).
"""

from __future__ import annotations

import streamlit as st

from core.access import User
from views.benchmarks import BenchmarkView, benchmark_sources, benchmark_view, mapped_benchmarks
from views.indicators import Behind, Indicator, figure_rows  # Indicator: the catalogue entry views read
from views.panel import PanelView, panel_view
from views.themes import Figures, caseload_workers, read_figures
from workflows import store


def viewer(user: User) -> tuple[str, tuple[str, ...]]:
    """What a child- or worker-level read depends on: the role and the teams, part of its cache key."""
    return user.role, tuple(sorted(user.teams))


@st.cache_data(max_entries=8, show_spinner=False)
def stored_figures(authority: str, version: int) -> Figures:
    """The authority's stored figures, their SPC and change points: the same for every role."""
    del version  # part of the cache key only
    return read_figures(store(), authority)


@st.cache_data(max_entries=32, show_spinner=False)
def rows_behind_figure(
    authority: str,
    version: int,
    role: str,
    teams: tuple[str, ...],
    code: str,
    month: str,
    breakdown: str,
    _indicator: Indicator,
    _user: User,
) -> Behind:
    """views.indicators.figure_rows, cached per store version and per viewer (role and teams)."""
    del version  # part of the cache key only
    if viewer(_user) != (role, teams) or _indicator.code != code:
        raise ValueError("a cached read is keyed on the viewer's own role and teams and the indicator's code")
    return figure_rows(store(), authority, _indicator, month, breakdown, user=_user)


def rows_behind_for(authority: str, version: int, indicator: Indicator, month: str, breakdown: str, user: User):
    """The rows behind a figure as this user may see them, through the cache."""
    role, teams = viewer(user)
    return rows_behind_figure(authority, version, role, teams, indicator.code, month, breakdown, indicator, user)


@st.cache_data(max_entries=8, show_spinner="Reading the DfE's published figures")
def published_benchmarks(authority: str, version: int) -> dict:
    """The latest published figures of every mapped indicator, by indicator code."""
    del version  # part of the cache key only
    return {benchmark.key: benchmark for benchmark in mapped_benchmarks(store(), authority)}


@st.cache_data(max_entries=64, show_spinner=False)
def benchmark_view_of(authority: str, measure: str, benchmarks: int) -> BenchmarkView | None:
    """views.benchmarks.benchmark_view, cached per benchmark version (the DfE's tables are all it reads)."""
    del benchmarks  # part of the cache key only
    return benchmark_view(store(), authority, measure)


@st.cache_data(max_entries=8, show_spinner=False)
def mapped_benchmarks_of(authority: str, benchmarks: int) -> list:
    """views.benchmarks.mapped_benchmarks, cached per benchmark version."""
    del benchmarks  # part of the cache key only
    return mapped_benchmarks(store(), authority)


@st.cache_data(max_entries=4, show_spinner=False)
def benchmark_sources_of(benchmarks: int):
    """views.benchmarks.benchmark_sources (which file each publication's years come from), per version."""
    del benchmarks  # part of the cache key only
    return benchmark_sources(store())


@st.cache_data(max_entries=16, show_spinner=False)
def caseload_workers_of(authority: str, version: int, role: str, teams: tuple[str, ...], month: str, _user: User):
    """views.themes.caseload_workers (worker-level rows), cached per store version and per viewer."""
    del version  # part of the cache key only
    if viewer(_user) != (role, teams):
        raise ValueError("a cached read is keyed on the viewer's own role and teams")
    return caseload_workers(store(), authority, month, _user)


def caseloads_for(authority: str, version: int, month: str, user: User):
    """Each case-holding worker's caseload at the end of `month`, as this user may see them, through the cache."""
    role, teams = viewer(user)
    return caseload_workers_of(authority, version, role, teams, month, user)


@st.cache_data(max_entries=8, show_spinner=False)
def panel_view_of(authority: str, version: int, month: str, limit: int) -> PanelView:
    """views.panel.panel_view (aggregate figures after suppression, the same for every role), cached per
    store version and suppression threshold."""
    del limit  # part of the cache key only: panel_view reads the threshold in force
    return panel_view(
        store(), authority, stored_figures(authority, version), month, published_benchmarks(authority, version)
    )
