import streamlit as st

from core.access import may
from core.dates import month_label
from core.text import md, md_table
from ingest.issues import csv_download
from pages import use_router
from pages.parts.audited import audited_download
from pages.parts.cached import panel_view_of
from pages.parts.equalities import show_panel_disproportionality
from pages.parts.panel_parts import glossary_section, pack_section, priorities_editor, sign_off_section
from pages.parts.stored import figures_or_stop, show_message
from views import store_version
from views.panel import threshold

user = use_router()
st.title("Corporate parenting panel")
st.write(
    "Figures for children in care and care leavers, grouped under the panel's six priorities. Small numbers "
    "are hidden (shown as **c**) to protect the children they count, with any figure that would reveal them."
)
show_message("panel_message")
engine, authority, data, months = figures_or_stop()
month = st.selectbox("Month reported", months[::-1], format_func=month_label)
view = panel_view_of(authority, store_version(engine, authority), month, threshold())
st.markdown(f"**Data as at:** {md(view.data_as_at)}.")
for priority, items in view.priorities:
    st.header(f"{priority.position}. {md(priority.title)}")
    if not items:
        st.write("No indicator is mapped to this priority yet (see Panel settings below).")
        continue
    table = view.table(items)
    st.table(md_table(table.set_index("Indicator")))
    audited_download(
        "Download this table (CSV)",
        csv_download(table),
        f"panel_{priority.position}_{month}.csv",
        shown=table,
        key=f"p{priority.position}",
    )
    for item in items:
        st.markdown(f"- {md(item.sentence)}")
        if item.revision:
            st.warning(md(item.revision), icon=":material/history:")
        if item.row.commentary:
            st.markdown(f"  **Commentary:** {md(item.row.commentary)}")
        if item.row.doing:
            st.markdown("  **What we are doing:** " + "; ".join(md(d) for d in item.row.doing))
st.markdown(f"*{md(view.footnote)}*")
st.markdown(f"**Data as at:** {md(view.data_as_at)}.")
show_panel_disproportionality(engine, authority, user, month)
pack_section(engine, authority, data, view, user)
if may(user, "sign_off"):
    sign_off_section(engine, authority, month, user)
if may(user, "set_priorities"):
    priorities_editor(engine, authority, data.catalogue, user)
glossary_section()
