"""The surgery's actions: those carried forward (overdue flagged), agreeing one, updating one."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from core.access import may
from ingest.issues import csv_download
from pages import signed_in_user
from pages.parts.audited import audited_download, audited_view
from views.surgery import ACTION_COLUMNS, ACTION_STATUSES, history_of, surgery_actions
from workflows.actions import agree_action, change_action
from workflows.audit import action_subjects


def actions_section(engine, authority: str, data, team: str, month: str, code: str | None, subject) -> None:
    """Actions carried forward, and the form to agree one (about the picked indicator, child or worker)."""
    st.header("Actions carried into this surgery")
    show_closed = st.toggle("Show closed actions too", key="show_closed")
    user = signed_in_user()
    actions = surgery_actions(engine, authority, team, month, date.today(), user, show_closed)
    if actions.empty:
        st.write("No open actions for this team.")
    else:
        shown, about = actions[ACTION_COLUMNS], action_subjects(actions)
        audited_view("surgery", f"Actions: {team}, {month}", shown, "actions", ids=about)
        st.dataframe(shown, hide_index=True)
        audited_download(
            "Download actions (CSV)",
            csv_download(shown),
            "actions.csv",
            "text/csv",
            page="surgery",
            shown=shown,
            ids=about,
        )
        if may(user, "record_action"):
            _update(engine, authority, actions, team)
    if not may(user, "record_action"):
        return
    with st.form("new_action", clear_on_submit=True):
        st.markdown("**Agree an action**")
        codes = list(data.catalogue.indicators)
        kinds = ["figure", "child", "worker"]
        code = st.selectbox(
            "Indicator",
            codes,
            index=codes.index(code) if code in codes else 0,
            format_func=lambda c: data.catalogue.indicators[c].title,
        )
        kind = st.radio("About", kinds, index=kinds.index(subject[0]) if subject else 0, horizontal=True)
        subject = st.text_input("Child or worker ID (pseudonymous), if about one", value=subject[1] if subject else "")
        text = st.text_area("Action agreed", max_chars=2000)
        owner = st.text_input("Owner")
        due = st.date_input("Due", value=date.today() + timedelta(days=28), format="DD/MM/YYYY")
        if st.form_submit_button("Record action"):
            fields = dict(code=code, team=team, subject_kind=kind, subject_id=subject, raised_month=month)
            fields.update(action=text, owner=owner, due_date=due)
            st.session_state["surgery_message"] = agree_action(engine, authority, fields, user)
            st.rerun()


def _update(engine, authority: str, actions: pd.DataFrame, team: str) -> None:
    with st.form("update_action"):
        st.markdown("**Update an action**")
        number = st.selectbox("Action", list(actions["#"]), format_func=lambda n: f"#{n}")
        status = st.selectbox("New status", ACTION_STATUSES)
        note = st.text_input("Note (what happened)")
        if st.form_submit_button("Update action"):
            st.session_state["surgery_message"] = change_action(
                engine, authority, int(number), status, note, signed_in_user(), team
            )
            st.rerun()
    with st.expander("History of an action"):
        number = st.selectbox("Action", list(actions["#"]), format_func=lambda n: f"#{n}", key="history_of")
        st.dataframe(history_of(engine, authority, int(number), signed_in_user(), team), hide_index=True)
