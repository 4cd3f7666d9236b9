"""Showing and handing out child- and worker-level data through the audit (workflows/audit.py).

`audited_view` records a list or timeline when what it shows changes, so the reruns Streamlit makes on
every click are not counted as new views, but opening another list, month or child is. `audited_download`
is st.download_button recording the file when it is clicked (what, how many rows, the IDs in it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from pages import picked_authority, signed_in_user
from workflows import store
from workflows.audit import ids_in, record_download, record_view

SHOWN_KEY = "audited_view_{slot}"


def audited_view(
    page: str, what: str, shown: pd.DataFrame, slot: str, ids: tuple[str, ...] | None = None, same_as=None
) -> None:
    """Record that the signed-in person is shown `shown` (a child- or worker-level table) on `page`.

    `slot` names the place on the page; a rerun showing the same rows in it is the same view. `ids`
    names who the table is about when its columns do not (a child's timeline). `same_as`, when given,
    decides what counts as the same view instead of the rows (the audit log grows as it is read).
    """
    user = signed_in_user()
    contents = same_as if same_as is not None else (len(shown), hash(ids if ids is not None else ids_in(shown)))
    signature = (user.name, what, contents)
    key = SHOWN_KEY.format(slot=slot)
    if st.session_state.get(key) != signature:
        record_view(store(), picked_authority(), user.name, user.role, page, what, shown, ids)
        st.session_state[key] = signature


def audited_download(
    label: str,
    data: bytes,
    file_name: str,
    mime: str | None = None,
    *,
    shown: pd.DataFrame | int | None,
    page: str | None = None,
    what: str | None = None,
    key: str | None = None,
    ids: tuple[str, ...] | None = None,
    container=st,
) -> None:
    """A download button whose click is recorded: `shown` is the table in the file, its row count, or None
    for a pack; `ids` names who the file is about when its columns do not. `page` defaults to the page
    script running (pages/<page>.py)."""
    args = (page or running_page(), what or file_name, shown, ids)
    container.download_button(label, data, file_name, mime, key=key, on_click=_record, args=args)


def _record(page: str, what: str, shown: pd.DataFrame | int | None, ids: tuple[str, ...] | None) -> None:
    user = signed_in_user()
    record_download(store(), picked_authority(), user.name, user.role, page, what, shown, ids)


def running_page() -> str:
    """The page script running now (Streamlit runs it as __main__), as the audit names pages."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "__main__" and "__file__" in frame.f_globals:
            return Path(frame.f_globals["__file__"]).stem
        frame = frame.f_back
    return "unknown page"
