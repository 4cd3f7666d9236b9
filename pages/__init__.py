"""Page scripts, registered with st.navigation in app.py. Each page calls `use_router()` first.

Streamlit treats a folder named pages/ as an old-style multipage app until app.py has called
st.navigation once in the server process: a first visitor who opens /check directly would get the
page without the app's frame (navigation, layout, data-protection notice). `use_router` switches the
process to st.navigation and reruns, so the request goes through app.py like every other.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def use_router() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_user() -> str:
    """Who is acting: the signed-in identity when sign-in (st.login) is configured, else CSC_LOCAL_USER.

    The one seam for "who" (CONTRACT.md): uploads, reverts, targets, actions and commentary record it.
    """
    from settings import setting

    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name") or st.user.get("sub"))
    except (AttributeError, KeyError, st.errors.StreamlitAPIException):
        pass
    return setting("CSC_LOCAL_USER")
