"""What most pages start from: the message a form left, and the authority's stored figures (or a stop)."""

from __future__ import annotations

import streamlit as st

from core.text import md
from pages import picked_authority
from pages.parts.cached import stored_figures
from views import store_version
from views.themes import Figures, months_in
from workflows import store

NO_FIGURES = "No figures yet: load files on Check and load files."


def show_message(key: str) -> None:
    """The (ok, text) a form stored in session state before its rerun, shown once."""
    if message := st.session_state.pop(key, None):
        (st.success if message[0] else st.error)(md(message[1]), icon=":material/info:")


def figures_or_stop(empty: str = NO_FIGURES):
    """(engine, authority, figures, months); stops the page with `empty` when nothing is stored."""
    engine, authority = store(), picked_authority()
    data: Figures = stored_figures(authority, store_version(engine, authority))  # computed on write, cached
    months = months_in(data.figures)
    if not months:
        st.info(empty, icon=":material/info:")
        st.stop()
    return engine, authority, data, months
