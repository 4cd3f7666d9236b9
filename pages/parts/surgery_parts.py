"""The sections of the surgery page. Each arranges what views.surgery returns; none computes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core.access import may
from core.dates import month_label, shift_month
from core.text import file_slug, md, md_table
from ingest.issues import csv_download
from pages import signed_in_user
from pages.parts.audited import audited_download
from pages.parts.filters import keep_in_url
from pages.parts.indicator_panel import CHART_CONFIG
from views.packs import ExportUnavailable, pack_pdf, surgery_pack
from views.spc_window import SPC_WINDOW
from views.surgery import (
    SERVICE,
    action_marks,
    cell_code,
    commentary_on,
    matrix,
    matrix_shading,
    matrix_table,
    month_of_point,
    red_indicators,
    surgery_actions,
    team_beside_service,
)
from views.themes import action_chart, chart, indicator_view, read_figures
from views.wording import MATRIX_KEY, team_breakdown
from workflows import store
from workflows.commentary import save_commentary


@st.cache_data(max_entries=16, show_spinner="Working out the matrix")
def cached_matrix(authority: str, version: int, month: str) -> pd.DataFrame:
    """The matrix is the slowest thing a surgery shows; it is recomputed only when the store changes."""
    del version  # part of the cache key only
    return matrix(read_figures(store(), authority), month)


def matrix_section(cells: pd.DataFrame, teams: list[str]) -> tuple[str, str] | None:
    """The matrix; returns (indicator code, team) when a cell was just clicked."""
    st.header("Where to look: the team matrix")
    st.markdown(MATRIX_KEY + " Click a cell to open that team and indicator below.")
    table = matrix_table(cells, teams)
    picked = st.dataframe(
        table.style.apply(lambda _: matrix_shading(cells, table), axis=None),
        on_select="rerun",
        selection_mode="single-cell",
        key="matrix",
    )
    flat = table.reset_index()
    audited_download(
        "Download the matrix (CSV)", csv_download(flat), "surgery_matrix.csv", "text/csv", page="surgery", shown=flat
    )
    chosen = picked.selection.cells if picked and picked.selection else []
    if not chosen or chosen[0] == st.session_state.get("matrix_seen"):
        return None
    st.session_state["matrix_seen"] = chosen[0]
    row, team = chosen[0]
    return cell_code(cells, table.index[row]), team


def side_by_side(engine, authority: str, data, cells: pd.DataFrame, team: str, month: str, published: dict):
    """The team beside the service; returns (indicator, month) for the drill-down: the surgery's month,
    or the month of a point clicked on the team's chart."""
    if team == SERVICE:
        st.header(f"The whole service, {month_label(month)}")
        st.write("Pick a team (above, or a cell of the matrix) to compare it with the whole service.")
    else:
        st.header(f"{md(team)} beside the service, {month_label(month)}")
    table = team_beside_service(cells, team, data) if team != SERVICE else pd.DataFrame()
    if len(table):
        st.table(md_table(table.set_index("Indicator")))
    red = red_indicators(cells, team)
    codes = list(dict.fromkeys([*red, *cells.loc[cells["team"] == team, "code"]]))
    if not codes:
        st.write("No figures for this team in this month.")
        return None
    wanted = st.query_params.get("indicator")
    code = st.selectbox(
        "Indicator to look at (red ones first)",
        codes,
        index=codes.index(wanted) if wanted in codes else 0,
        format_func=lambda c: ("✘ " if c in red else "") + data.catalogue.indicators[c].title,
    )
    keep_in_url({"indicator": code})
    indicator = data.catalogue.indicators[code]
    start = shift_month(month, 1 - SPC_WINDOW)
    actions = surgery_actions(engine, authority, team, month, date.today(), signed_in_user(), show_closed=True)
    views = [("Team: " + team, team_breakdown(team))] if team != SERVICE else []
    views.append((SERVICE, ""))
    clicked = None
    for column, (label, breakdown) in zip(st.columns(len(views)), views, strict=True):
        view = indicator_view(data, indicator, breakdown, (start, month))
        ours = breakdown == (team_breakdown(team) if team != SERVICE else "")
        figure = _with_actions(view, actions, code) if ours else chart(view)
        column.markdown(f"**{md(label)}**" + (" (click a point to see the records behind that month)" if ours else ""))
        event = column.plotly_chart(
            figure,
            width="stretch",
            config=CHART_CONFIG,
            key=f"surgery_{breakdown}_{code}",
            on_select="rerun" if ours else "ignore",
            selection_mode="points",
        )
        if ours and event and event.selection and event.selection.points:
            clicked = month_of_point(event.selection.points[0].get("x"))
        column.markdown(md(view.sentence))
        column.markdown(f"**Variation:** {md(view.variation)}. **Assurance:** {md(view.assurance)}.")
    if code in published:
        st.markdown(f"**Published benchmark.** {md(published[code].sentence())}")
    _commentary(engine, authority, code, month, team)
    return code, clicked if clicked and clicked <= month else month


def _with_actions(view, actions: pd.DataFrame, code: str):
    return action_chart(view, action_marks(actions, code))


def _commentary(engine, authority: str, code: str, month: str, team: str) -> None:
    current = commentary_on(engine, authority, code, month, team)
    if not may(signed_in_user(), "write_commentary"):
        st.markdown(f"**Commentary:** {md(current)}" if current else "No commentary for this month.")
        return
    with st.form(f"commentary_{code}_{month}_{team}"):
        text = st.text_area(
            f"Commentary for {month_label(month)} ({md(team)}), shown with the chart and in the pack",
            value=current,
            max_chars=2000,
        )
        if st.form_submit_button("Save commentary"):
            st.session_state["surgery_message"] = save_commentary(
                engine, authority, code, month, team, text, signed_in_user()
            )
            st.rerun()


def pack_section(engine, authority: str, data, cells: pd.DataFrame, team: str, month: str, published) -> None:
    user = signed_in_user()
    if not may(user, "surgery_pack"):  # the pack's actions name children and workers
        return
    st.header("Surgery pack")
    st.write(
        "An A4 PDF for the meeting: the matrix, each red indicator's chart with its sentence, commentary and "
        "the number of records to look at (never the records), and the open actions."
    )
    if st.button("Make the surgery pack (PDF)", key="make_pack"):
        with st.spinner("Drawing the charts and printing the pack"):
            try:
                pdf = pack_pdf(surgery_pack(engine, authority, data, cells, team, month, user, published))
            except ExportUnavailable as err:
                st.error(md(err), icon=":material/error:")
                return
        st.session_state["surgery_pack"] = (team, month, pdf)
    made = st.session_state.get("surgery_pack")
    if made and made[:2] == (team, month):
        name = f"{file_slug('surgery_pack', team, month)}.pdf"
        audited_download(
            "Download the surgery pack (PDF)",
            made[2],
            name,
            "application/pdf",
            page="surgery",
            shown=None,
            key="pack_pdf",
        )
