import streamlit as st

from core.text import md
from ingest.issues import csv_download
from pages import picked_authority, signed_in_user, use_router
from pages.parts.audited import audited_download
from views.history import (
    all_batches,
    batch_label,
    change_of,
    dataset_choices,
    dataset_name,
    filtered,
    history_frame,
    revertible,
    withdrawable,
)
from views.wording import BATCH_STATUS_WORDS
from workflows import store
from workflows.history import revert_to, withdraw_batch

use_router()
st.title("Upload history")
st.write(
    "Every file ever loaded, newest first. Loading a month again keeps the earlier batch here as "
    "superseded; you can make any earlier batch current again, or withdraw a batch loaded by mistake. "
    "Every change records who made it and when, and the figures of every month it affects are recomputed."
)
if message := st.session_state.pop("history_message", None):
    (st.success if message[0] else st.info)(md(message[1]), icon=":material/info:")

batches = all_batches(store(), picked_authority())
if batches.empty:
    st.info("Nothing has been loaded yet. Check and load files on the Check and load page.", icon=":material/info:")
    st.stop()

datasets = st.pills(
    "Datasets (none picked = all)", dataset_choices(batches), format_func=dataset_name, selection_mode="multi"
)
statuses = st.pills(
    "Status (none picked = any)", list(BATCH_STATUS_WORDS), format_func=BATCH_STATUS_WORDS.get, selection_mode="multi"
)
shown = history_frame(filtered(batches, datasets, statuses))
st.write(f"{len(shown)} of {len(batches)} batches.")
st.dataframe(
    shown,
    hide_index=True,
    column_config={
        "Batch": st.column_config.NumberColumn(width="small"),
        "Rows": st.column_config.NumberColumn(width="small"),
        "What changed": st.column_config.TextColumn(width="large"),
    },
)
audited_download("Download this list (CSV)", csv_download(shown), "upload_history.csv", "text/csv", shown=shown)

st.header("Revert to an earlier batch")
choices = revertible(batches)
if choices:
    chosen = st.selectbox("Batch to make current", choices, format_func=lambda b: batch_label(batches, b))
    st.markdown(f"**When it was loaded it changed:** {md(change_of(batches, chosen))}")
    sure = st.checkbox("I want this batch to replace the one current for its month", key="revert_sure")
    if st.button("Make this batch current", disabled=not sure, type="primary"):
        st.session_state["history_message"] = revert_to(store(), picked_authority(), chosen, signed_in_user())
        st.rerun()
else:
    st.write("No earlier batches yet: every batch loaded is current.")

st.header("Withdraw a batch loaded by mistake")
current = withdrawable(batches)
if current:
    gone = st.selectbox("Current batch to withdraw", current, format_func=lambda b: batch_label(batches, b))
    st.markdown(f"**When it was loaded it changed:** {md(change_of(batches, gone))}")
    sure = st.checkbox("I want to withdraw it; nothing will be loaded for its month", key="withdraw_sure")
    if st.button("Withdraw this batch", disabled=not sure):
        st.session_state["history_message"] = withdraw_batch(store(), picked_authority(), gone, signed_in_user())
        st.rerun()
else:
    st.write("No batch is current.")
