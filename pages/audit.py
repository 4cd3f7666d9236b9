from datetime import date, timedelta

import streamlit as st

from ingest.issues import csv_download
from pages import picked_authority, use_router
from pages.parts.audited import audited_download, audited_view
from views.audit import AuditFilter, audit_choices, audit_table
from views.wording import event_words
from workflows import store

DEFAULT_DAYS = 30
EVERYONE = ""

user = use_router()
st.title("Audit log")
st.write(
    "Who did what, and who saw which child or worker: every sign-in and sign-out (and failed sign-in), every "
    "load, revert, withdrawal, target, change point and import, every list or timeline of children or "
    "workers shown, and every download and pack, with who, their role, when (UTC), the page, how many rows "
    "and the IDs shown. Entries are never changed or deleted. Looking at this page and downloading it are "
    "recorded too."
)
engine, authority = store(), picked_authority()
choices = audit_choices(engine, authority, user)
today = date.today()
left, right = st.columns(2)
days = left.date_input(
    "From and to", value=(today - timedelta(days=DEFAULT_DAYS), today), max_value=today, format="DD/MM/YYYY"
)
first, last = (days[0], days[-1]) if days else (today, today)
who = right.selectbox("Who", [EVERYONE, *choices["who"]], format_func=lambda w: w or "Everyone")
event = left.selectbox(
    "What happened", [EVERYONE, *choices["event"]], format_func=lambda e: event_words(e) or "Anything"
)
page = right.selectbox("Page", [EVERYONE, *choices["page"]], format_func=lambda p: p or "Any page")
text = st.text_input("Details or ID contain", help="A child's or worker's ID finds every list that showed it.")

wanted = AuditFilter(first, last, who, event, page, text)
table = audit_table(engine, authority, wanted, user)
st.subheader(f"{len(table)} entries")
audited_view("audit", "Audit log", table, "audit", same_as=wanted)
st.dataframe(table, hide_index=True)
audited_download(
    "Download these entries (CSV)", csv_download(table), f"audit_{first}_{last}.csv", "text/csv", shown=table
)
