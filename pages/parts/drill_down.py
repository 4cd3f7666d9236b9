"""The surgery's drill-down: the records behind a figure (pseudonymous IDs only) and a child's timeline."""

from __future__ import annotations

import streamlit as st

from core.dates import month_label
from core.text import file_slug, md
from ingest.issues import csv_download, excel_download
from pages import signed_in_user
from pages.parts.audited import audited_download, audited_view
from pages.parts.indicator_panel import CHART_CONFIG
from views.surgery import exception_rows, filter_rows
from views.timeline import timeline_for, timeline_table

PAGE = "surgery"  # the page this part is shown on, as the audit names it


def drill_down(engine, authority: str, data, code: str, team: str, month: str) -> tuple[str, str] | None:
    """The records behind the figure; returns the (kind, id) of a picked child or worker, for an action."""
    indicator = data.catalogue.indicators[code]
    st.header(f"Behind the figure, {month_label(month)}")
    if indicator.is_aggregate:
        st.write("This figure comes from an uploaded aggregate value: there are no records behind it here.")
        return None
    found = exception_rows(engine, authority, indicator, month, team, signed_in_user())
    st.markdown(f"**{md(found.title)}** ({len(found.rows)}). Pseudonymous IDs only; click a column to sort.")
    search = st.text_input("Filter the list (any column contains)", key="drill_filter")
    rows = filter_rows(found.rows, search)
    audited_view(PAGE, f"{found.title}: {team or 'whole service'}, {month_label(month)}", rows, "drill_rows")
    picked = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row", key="drill_rows")
    left, right = st.columns(2)
    name = file_slug(code, team, month)
    csv, xlsx = csv_download(rows), excel_download(rows)
    audited_download(
        "Download (CSV)", csv, f"{name}.csv", "text/csv", page=PAGE, shown=rows, key="drill_csv", container=left
    )
    audited_download("Download (Excel)", xlsx, f"{name}.xlsx", page=PAGE, shown=rows, key="drill_xlsx", container=right)
    if len(found.waiting):
        st.markdown(f"**Not yet due** ({len(found.waiting)}): left out of the figure until their deadline passes.")
        waiting = f"Not yet due: {team or 'whole service'}, {month_label(month)}"
        audited_view(PAGE, waiting, found.waiting, "drill_waiting")
        st.dataframe(found.waiting, hide_index=True)
    selected = picked.selection.rows if picked and picked.selection else []
    if not selected:
        return None
    if "child_id" in rows:
        child = str(rows.iloc[selected[0]]["child_id"])
        _timeline(engine, authority, child)
        return "child", child
    if "worker_id" in rows:
        return "worker", str(rows.iloc[selected[0]]["worker_id"])
    return None


def _timeline(engine, authority: str, child_id: str) -> None:
    st.subheader(f"Timeline for {md(child_id)}")
    timeline = timeline_for(engine, authority, child_id, signed_in_user())
    audited_view(PAGE, "Child's timeline", timeline.frame, "timeline", ids=(child_id,))
    st.plotly_chart(timeline.figure, width="stretch", config=CHART_CONFIG, key="timeline")
    st.markdown(md(timeline.sentence))
    st.dataframe(timeline_table(timeline.frame), hide_index=True)
