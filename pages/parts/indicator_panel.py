"""One indicator on a theme page: chart, its sentence, signal words, table with CSV, breakdowns,
definition and change points. Arranges what views.themes returns; computes nothing."""

from __future__ import annotations

import streamlit as st

from core.access import may
from core.dates import month_label
from core.text import md
from ingest.issues import csv_download
from pages import signed_in_user
from pages.parts.audited import audited_download
from views.surgery import view_commentary
from views.themes import (
    Figures,
    breakdown_chart,
    breakdown_frame,
    breakdown_table,
    chart,
    indicator_view,
    rolling_table,
    spc_table,
)
from views.wording import breakdown_words, chart_sentence
from workflows.change_points import mark, unmark

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def show_indicator(engine, authority: str, data: Figures, indicator, breakdown: str, months, benchmark=None) -> None:
    code = indicator.code
    with st.container(border=True):
        st.subheader(md(indicator.title))
        view = indicator_view(data, indicator, breakdown, months)
        if view.note:
            st.markdown(f"*{md(view.note)}*")
        _definition(indicator)
        if not view.has_data:
            st.info("No figures yet: the data this indicator needs have not been loaded.", icon=":material/info:")
            return
        rolling = False
        if view.small_cohort:
            rolling = st.toggle(
                f"Rolling three months (a median of {view.median_denominator:g} a month is too few for steady "
                "monthly figures)",
                key=f"rolling_{code}",
            )
        st.plotly_chart(chart(view, rolling), width="stretch", config=CHART_CONFIG, key=f"chart_{code}")
        st.markdown(md(chart_sentence(view, rolling)))
        st.markdown(f"**Variation:** {md(view.variation)}. **Assurance:** {md(view.assurance)}.")
        if said := view_commentary(engine, authority, view):
            st.info(f"**Commentary, {month_label(said[0])}:** {md(said[1])}", icon=":material/comment:")
        if benchmark is not None:
            st.markdown(
                f"**Published benchmark.** {md(benchmark.sentence())}  \n"
                f"*Published measure:* {md(benchmark.published_as)}"
            )
        if view.warning and not rolling:
            st.warning(f"With so few months, {md(view.warning)}.", icon=":material/warning:")
        table_tab, breakdown_tab, change_tab = st.tabs(["Table", "Breakdowns", "Change points"])
        with table_tab:
            table = rolling_table(view) if rolling else spc_table(view)
            st.dataframe(table, hide_index=True)
            name = f"{code}{'_rolling' if rolling else ''}.csv"
            audited_download(
                "Download this table (CSV)", csv_download(table), name, "text/csv", shown=table, key=f"csv_{code}"
            )
        with breakdown_tab:
            valued = view.spc.dropna(subset=["value"]).index  # none when every month is incomplete or empty
            _breakdowns(data, indicator, valued[-1] if len(valued) else view.spc.index[-1])
        with change_tab:
            _change_points(engine, authority, indicator, view)


def _definition(indicator) -> None:
    with st.popover("Definition", icon=":material/menu_book:"):
        st.markdown(
            f"{md(indicator.definition)}  \n**Numerator:** {md(indicator.numerator)}.  \n"
            f"**Denominator:** {md(indicator.denominator)}.  \n**Better when:** {md(indicator.polarity)}.  \n"
            f"**Source:** {md(indicator.source)}."
            + (f"  \n**Published comparator:** {md(indicator.dfe_measure)}." if indicator.dfe_measure else "")
        )


def _breakdowns(data: Figures, indicator, month: str) -> None:
    columns = [c for c in indicator.breakdowns if len(breakdown_frame(data, indicator, c, month))]
    if not columns:
        st.write("This indicator has no breakdowns.")
        return
    column = st.radio("Break down by", columns, horizontal=True, key=f"by_{indicator.code}")
    frame = breakdown_frame(data, indicator, column, month)
    st.plotly_chart(breakdown_chart(frame, indicator, column, month), width="stretch", config=CHART_CONFIG)
    st.markdown(md(breakdown_words(frame, indicator, column, month)))
    table = breakdown_table(frame, column, indicator.unit)
    st.dataframe(table, hide_index=True)
    audited_download(
        "Download this breakdown (CSV)",
        csv_download(table),
        f"{indicator.code}_{column}_{month}.csv",
        "text/csv",
        shown=table,
        key=f"bcsv_{indicator.code}",
    )


def _change_points(engine, authority: str, indicator, view) -> None:
    user = signed_in_user()
    if not may(user, "mark_change_point"):
        for month, reason in zip(view.change_points["month"], view.change_points["reason"], strict=True):
            st.markdown(f"**{month_label(month)}**: {md(reason)}")
        st.write("Analysts mark change points." if len(view.change_points) else "No change point is marked.")
        return
    st.write(
        "Mark a month when the way the work is done changed (a new front door, a new team), so the limits "
        "restart there. Marked by people, never found automatically."
    )
    for month, reason in zip(view.change_points["month"], view.change_points["reason"], strict=True):
        left, right = st.columns([3, 1])
        left.markdown(f"**{month_label(month)}**: {md(reason)}")
        if right.button("Remove", key=f"unmark_{indicator.code}_{month}"):
            st.session_state["theme_message"] = unmark(engine, authority, indicator.code, month, user)
            st.rerun()
    with st.form(f"mark_{indicator.code}"):
        months = list(view.spc.index[1:])
        month = st.selectbox("Limits restart from", months[::-1], format_func=month_label)
        reason = st.text_input("Why (recorded with your name)", placeholder="New front door from October")
        if st.form_submit_button("Mark change point"):
            st.session_state["theme_message"] = mark(engine, authority, indicator.code, month, reason, user)
            st.rerun()
