import streamlit as st

from core.text import md
from pages import use_router
from pages.parts.cached import published_benchmarks
from pages.parts.stored import figures_or_stop
from views import store_version
from views.panel import easy_read, panel_view

use_router()
st.title("Our figures: easy read")
st.write(
    "This page is for young people on the corporate parenting panel. It shows five numbers about children "
    "in care and care leavers. We hide small numbers, so nobody can be identified."
)
engine, authority, data, months = figures_or_stop("There are no figures yet.")
view = panel_view(
    engine, authority, data, months[-1], published_benchmarks(authority, store_version(engine, authority))
)
for figure in easy_read(view):
    with st.container(border=True):
        st.subheader(md(figure.title))
        st.metric(md(figure.title), figure.big, label_visibility="collapsed")  # large, with no heading level
        st.markdown(md(figure.words))
st.markdown(f"**Data as at:** {md(view.data_as_at)}.")
