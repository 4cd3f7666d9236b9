"""A theme page: filters in the URL, how to read the charts, then each theme's indicators."""

from __future__ import annotations

import streamlit as st

from core.dates import month_label
from core.text import md
from ingest.issues import csv_download
from pages import picked_authority, signed_in_user, use_router
from pages.parts.audited import audited_download, audited_view
from pages.parts.cached import caseloads_for, published_benchmarks, stored_figures
from pages.parts.equalities import show_disproportionality
from pages.parts.filters import read_filters
from pages.parts.indicator_panel import CHART_CONFIG, show_indicator
from pages.parts.stored import show_message
from views import store_version
from views.themes import (
    breakdown_values,
    caseload_chart,
    caseload_table,
    caseload_words,
    months_in,
)
from views.wording import HOW_TO_READ
from workflows import store


def show(slug: str) -> None:
    user = use_router()
    engine, authority = store(), picked_authority()
    version = store_version(engine, authority)
    data = stored_figures(authority, version)  # read once per store version
    page = data.catalogue.pages[slug]
    st.title(md(page.title))
    show_message("theme_message")
    with st.expander("How to read these charts"):
        st.markdown(HOW_TO_READ)
    months = months_in(data.figures)
    if not months:
        st.info("No figures yet: load files on Check and load files.", icon=":material/info:")
        return
    filters = read_filters(months, breakdown_values(data.figures, "team"), breakdown_values(data.figures, "cohort"))
    published = published_benchmarks(authority, version)
    if filters.note:
        st.info(md(filters.note), icon=":material/info:")
    for theme in page.themes:
        if len(page.themes) > 1:
            st.header(md(data.catalogue.themes[theme].title))
        st.markdown(f"*Inspection: “{md(data.catalogue.themes[theme].inspection)}”*")
        indicators = data.catalogue.in_theme(theme)
        if not indicators:
            st.write("No indicator measures this theme yet: the data contract has none. Commentary only.")
        for indicator in indicators:
            benchmark = published.get(indicator.code)
            show_indicator(engine, authority, data, indicator, filters.breakdown, filters.months, benchmark)
    if slug == "workforce":
        _caseloads(authority, version, filters.months[1])
    if slug == "help-and-protection":
        show_disproportionality(engine, authority, user, filters.months[1])


def _caseloads(authority: str, version: int, month: str) -> None:
    st.header(f"Caseloads per team, {month_label(month)}")
    workers = caseloads_for(authority, version, month, signed_in_user())
    if workers.empty:
        st.write("No workforce file is loaded for this month.")
        return
    st.plotly_chart(caseload_chart(workers, month), width="stretch", config=CHART_CONFIG)
    st.markdown(md(caseload_words(workers, month)))
    table = caseload_table(workers)
    audited_view("workforce", f"Caseload of each worker, {month_label(month)}", table, "caseloads")
    st.dataframe(table, hide_index=True)
    name = f"caseloads_{month}.csv"
    audited_download("Download caseloads (CSV)", csv_download(table), name, "text/csv", page="workforce", shown=table)
