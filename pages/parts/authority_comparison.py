"""The Benchmarking page's side-by-side comparison of the authorities the signed-in user may see, from their
own monthly figures (views/comparison.py); shown only to a user who may see more than one."""

from __future__ import annotations

import streamlit as st

from core.access import User
from core.text import md, md_table
from ingest.issues import csv_download
from pages.parts.audited import audited_download
from views.comparison import authority_comparison

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def comparison_section(engine, user: User, authority: str) -> None:
    if len(user.sees) < 2:
        return
    st.header("Our authorities side by side, month by month")
    st.write(
        "The authorities you may see, compared on their own monthly figures as this dashboard counts them "
        "(not the DfE's annual tables): each one's latest figure, then any indicator over the last two years. "
        "The authority chosen in the sidebar is first."
    )
    view = authority_comparison(engine, user, authority)
    if view.latest is None:
        st.info("None of your authorities has figures yet: load files on Check and load files.", icon=":material/info:")
        return
    st.table(md_table(view.table), hide_index=True)
    codes = view.indicators()
    titles = {code: view.catalogue.indicators[code].title for code in codes}
    code = st.selectbox("Indicator to compare", codes, format_func=lambda c: titles[c], key="compare_indicator")
    if not code:
        return
    with st.container(border=True):
        st.subheader(md(titles[code]))
        st.plotly_chart(view.figure(code), width="stretch", config=CHART_CONFIG, key="compare_chart")
        with st.expander("View as table"):
            table = view.series_table(code)
            st.table(md_table(table), hide_index=True)
            audited_download(
                "Download this table (CSV)",
                csv_download(table),
                f"authorities_{code}.csv",
                "text/csv",
                shown=table,
                key="compare_csv",
            )
