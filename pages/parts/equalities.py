"""The disproportionality section (issue 19): on the Help and protection page for analysts and managers,
and as a suppressed aggregate on the panel page. Aggregates only: counts by ethnic group, never a child."""

from __future__ import annotations

import streamlit as st

from core.access import User
from core.dates import month_label
from core.text import md, md_table
from ingest.issues import csv_download
from pages.parts.audited import audited_download
from views.equalities import METHOD, disproportionality_view, panel_disproportionality, rri_chart

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def show_disproportionality(engine, authority: str, user: User, month: str) -> None:
    """Rates per 10,000 by ethnic group for referrals, CP plans and children looked after, with the
    relative rate index against White British children in words, as a chart and as a table."""
    st.header("Disproportionality by ethnic group")
    view = disproportionality_view(engine, authority, user, month)
    st.write(
        f"How likely the children of each ethnic group were to be referred, on a child protection plan or "
        f"looked after in {md(month_label(month))}, against the number of children of that group living in "
        "the area, compared with White British children."
    )
    if view.shipped:
        st.warning(md(view.population_words), icon=":material/science:")
    else:
        st.info(md(view.population_words), icon=":material/groups:")
    with st.expander("How these figures are worked out"):
        st.markdown(md(METHOD))
    for measure, table in view.tables.items():
        st.subheader(md(view.titles[measure]))
        for sentence in view.sentences[measure]:
            st.markdown(f"- {md(sentence)}")
        st.plotly_chart(rri_chart(view, measure), width="stretch", config=CHART_CONFIG)
        st.markdown("The same figures as a table:")
        st.table(md_table(table.set_index("Ethnic group")))
        audited_download(
            "Download this table (CSV)",
            csv_download(table),
            f"disproportionality_{measure}_{month}.csv",
            shown=len(table),
            key=f"disproportionality_{measure}",
        )


def show_panel_disproportionality(engine, authority: str, user: User, month: str) -> None:
    """Children looked after by ethnic group for the panel, small numbers hidden as the panel's rules say."""
    view = panel_disproportionality(engine, authority, user, month)
    st.header("Children in care by ethnic group")
    st.write(
        f"Children looked after at the end of {md(month_label(month))} for every 10,000 children of each ethnic "
        "group living in the area, compared with White British children."
    )
    for sentence in view.sentences:
        st.markdown(f"- {md(sentence)}")
    st.table(md_table(view.table.set_index("Ethnic group")))
    for column, table in view.breakdowns.items():
        st.subheader(md(view.titles[column]))
        st.table(md_table(table.set_index("Group")))
    st.markdown(md(view.footnote))
    st.markdown(md(view.population_words))
    audited_download(
        "Download this table (CSV)",
        csv_download(view.table),
        f"panel_ethnic_groups_{month}.csv",
        shown=len(view.table),
        key="panel_disproportionality",
    )
