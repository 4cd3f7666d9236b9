"""Sections of the panel page: the pack, signing off, the priorities and the glossary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.access import may
from core.dates import month_label
from core.text import md, md_table
from pages.parts.audited import audited_download
from views.packs import ExportUnavailable, pack_html, pack_pdf, panel_pack
from views.panel import glossary, panel_indicators, priorities
from views.sign_off import sign_off_history
from workflows.priorities import change_priorities
from workflows.sign_off import sign_off_month


def pack_section(engine, authority: str, data, view, user) -> None:
    if not may(user, "panel_pack"):
        return
    st.header("The panel pack")
    st.write("A printable A4 pack (tagged PDF) and the same pack as a web page, with only the figures above.")
    if st.button("Make the panel pack", key="make_panel_pack"):
        report = panel_pack(view, glossary(), user)
        with st.spinner("Drawing the charts and printing the pack"):
            try:
                st.session_state["panel_pack"] = (view.month, pack_pdf(report), pack_html(report))
            except ExportUnavailable as err:
                st.error(md(err), icon=":material/error:")
    made = st.session_state.get("panel_pack")
    if made and made[0] == view.month:
        left, right = st.columns(2)
        name = f"panel_pack_{view.month}"
        audited_download(
            "Download the pack (PDF)",
            made[1],
            f"{name}.pdf",
            "application/pdf",
            page="panel",
            shown=None,
            container=left,
        )
        audited_download(
            "Download the pack (web page)",
            made[2],
            f"{name}.html",
            "text/html",
            page="panel",
            shown=None,
            container=right,
        )


def sign_off_section(engine, authority: str, month: str, who) -> None:
    st.header("Signing off")
    st.write(
        f"An analyst signs off the figures reported to a panel meeting. If later data changes a signed-off "
        f"figure, the change shows beside it. Sign off {month_label(month)}:"
    )
    with st.form("sign_off"):
        meeting = st.text_input("Panel meeting", placeholder="Corporate parenting panel, 14 May 2026")
        note = st.text_input("Note (optional)")
        if st.form_submit_button(f"Sign off {month_label(month)}"):
            st.session_state["panel_message"] = sign_off_month(engine, authority, month, meeting, who, note)
            st.rerun()
    history = sign_off_history(engine, authority)
    if len(history):
        st.dataframe(history, hide_index=True)


def priorities_editor(engine, authority: str, catalogue, who) -> None:
    with st.expander("Panel settings: the six priorities and their indicators"):
        st.write("Name the corporate parenting strategy's six priorities and choose the indicators under each.")
        options = [i.code for i in panel_indicators(catalogue)]
        titles = {i.code: i.title for i in panel_indicators(catalogue)}
        with st.form("priorities"):
            chosen = []
            for priority in priorities(engine, authority, catalogue):
                title = st.text_input(f"Priority {priority.position}", value=priority.title)
                codes = st.pills(
                    f"Indicators under priority {priority.position}",
                    options,
                    selection_mode="multi",
                    default=list(priority.codes),
                    format_func=lambda c: titles[c],
                    key=f"codes_{priority.position}",
                )
                chosen.append((title, list(codes or [])))
            if st.form_submit_button("Save the priorities"):
                st.session_state["panel_message"] = change_priorities(engine, authority, catalogue, chosen, who)
                st.rerun()


def glossary_section() -> None:
    st.header("Words we use")
    st.table(md_table(pd.DataFrame(glossary(), columns=["Word", "What it means"]).set_index("Word")))
