"""Page scripts, registered with st.navigation in app.py. Each page calls `use_router()` first.

Streamlit treats a folder named pages/ as an old-style multipage app until app.py has called
st.navigation once in the server process: a first visitor who opens /check directly would get the
page without the app's frame (navigation, layout, data-protection notice). `use_router` switches the
process to st.navigation and reruns, so the request goes through app.py like every other.

`use_router` also checks, on the server, that the signed-in role may open the calling page
(core/access.py's PAGES): the menu hides pages a role may not use, but a typed URL or a stale
session can still reach them.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from core.access import User, may_see_page
from core.text import md
from workflows import store
from workflows.audit import record_sign_in, record_sign_out
from workflows.authorities import authority_names, open_authority, record_authority_choice, scope_to
from workflows.signin import (
    DEMO_USER,
    NoRole,
    demo_allowed,
    idle_minutes,
    read_roles_file,
    timed_out,
    user_from_claims,
)
from workflows.users import SignInRefused, local_accounts_exist, sign_in

SESSION_KEY = "signed_in"
SIGNED_OUT_KEY = "signed_out_because"


@dataclass(frozen=True)
class Session:
    """Who this browser session is signed in as, and when it was last used (for the idle timeout)."""

    user: User
    last_seen: float
    how: str  # "oidc", "local" or "demo"


def use_router() -> User:
    """Switch to st.navigation if needed, then refuse the page to a role that may not open it."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return require_page(_calling_page())


def _calling_page() -> str:
    """The page script running now: the nearest caller whose module is the script (__main__)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "__main__" and "__file__" in frame.f_globals:
            return Path(frame.f_globals["__file__"]).stem
        frame = frame.f_back
    raise RuntimeError("use_router() must be called from a page script")


def require_page(page: str) -> User:
    """The signed-in user, with the sign-out control; stops the page for a role that may not open it."""
    user = signed_in_user()
    scope_to(user)  # PostgreSQL row-level security: this run's transactions see only the user's authorities
    _session_controls(user)
    _authority_picker(user, page)
    if not may_see_page(user, page):
        st.error(
            f"Your role ({user.title.lower()}) cannot open this page. Choose a page from the menu, or ask "
            "an analyst if you need it.",
            icon=":material/block:",
        )
        st.stop()
    return user


AUTHORITY_KEY = "authority"  # the sidebar picker's choice, for users who may see several authorities


def picked_authority() -> str:
    """The authority every read and change on this page is for: the user's first, or the one picked in the
    sidebar. Checked on the server on every run (NotAllowed, audited), so a stale session or a forged
    widget value never reads another authority's rows."""
    user = signed_in_user()
    picked = st.session_state.get(AUTHORITY_KEY) or user.sees[0]
    return open_authority(store(), user, picked, _page_or_blank())


def _authority_picker(user: User, page: str) -> None:
    """A sidebar choice of authority for a user who may see more than one; the move is audited."""
    if len(user.sees) < 2:
        st.session_state.pop(AUTHORITY_KEY, None)
        return
    if st.session_state.get(AUTHORITY_KEY) not in user.sees:  # first run, or the user's authorities changed
        st.session_state[AUTHORITY_KEY] = user.sees[0]
    names = authority_names(store(), user.sees)
    st.sidebar.selectbox(
        "Authority",
        user.sees,
        key=AUTHORITY_KEY,
        format_func=lambda code: names.get(code, code),
        help="You may see several authorities: every page shows the one chosen here.",
        on_change=lambda: record_authority_choice(store(), user, st.session_state[AUTHORITY_KEY], page),
    )


def _page_or_blank() -> str:
    try:
        return _calling_page()
    except RuntimeError:
        return ""


def current_user() -> str:
    """Who is acting: the signed-in identity's name (CONTRACT.md's one seam for "who").

    Uploads, reverts, targets, actions and commentary record it.
    """
    return signed_in_user().name


def signed_in_user() -> User:
    """The signed-in User; shows the sign-in (and stops the script) when nobody is signed in yet.

    An OIDC provider when .streamlit/secrets.toml has an [auth] section, else local accounts; the
    sample demo (sample data, no provider, no accounts, nothing uploaded) runs as the demo analyst.
    """
    now = time.time()
    session = _session(now)
    if session is None:
        _sign_in_screen(now)  # stops the script
    st.session_state[SESSION_KEY] = Session(session.user, now, session.how)
    return session.user


def signed_in_or_none() -> User | None:
    """Who is signed in (or the demo analyst), without showing anything; None when nobody is yet."""
    session = _session(time.time())
    return session.user if session else None


def sign_out(reason: str = "You have signed out.") -> None:
    """End the session (and the provider's cookie) and show the sign-in again, with `reason`."""
    session: Session | None = st.session_state.pop(SESSION_KEY, None)
    st.session_state[SIGNED_OUT_KEY] = reason
    if session and session.how != "demo":
        record_sign_out(store(), session.user.sees[0], session.user.name, session.user.role, reason)
    if session and session.how == "oidc":
        st.logout()
    st.rerun()


def _session(now: float) -> Session | None:
    session: Session | None = st.session_state.get(SESSION_KEY)
    if session and timed_out(session.last_seen, now):
        sign_out(
            f"You were signed out because the dashboard was not used for {_idle_words()}. "
            "Sign in again to carry on; nothing you saved is lost."
        )
    if _provider_configured():
        if not st.user.is_logged_in:
            return None
        if session and session.how == "oidc":
            return session
        try:
            user = user_from_claims(st.user.to_dict(), read_roles_file())
        except NoRole:
            return None
        record_sign_in(store(), user.sees[0], user.name, user.role, _address())
        st.session_state[SESSION_KEY] = Session(user, now, "oidc")  # recorded once per session
        return st.session_state[SESSION_KEY]
    if session and session.how == "local":
        return session
    if demo_allowed(store(), False):  # checked every run: a demo session ends once real data arrives
        return Session(DEMO_USER, now, "demo")
    return None


def _address() -> str:
    """The visitor's address, as Streamlit sees it (behind a proxy, the proxy's unless it forwards it)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def _idle_words() -> str:
    minutes = idle_minutes()
    return f"{minutes:g} minute{'s' if minutes != 1 else ''}"


def _provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _sign_in_screen(now: float) -> None:
    _signed_out_message()
    st.title("Sign in")
    if _provider_configured():
        _oidc_sign_in()
    else:
        _local_sign_in(now)
    st.stop()


def _oidc_sign_in() -> None:
    if st.user.is_logged_in:  # signed in with the provider, but the roles file names no role for them
        try:
            user_from_claims(st.user.to_dict(), read_roles_file())
        except NoRole as refusal:
            st.error(str(refusal), icon=":material/block:")
        if st.button("Sign out", key="sign_out_no_role"):
            st.logout()
        return
    st.write("This dashboard holds information about children. Sign in with your council account.")
    if st.button("Sign in with your council account", type="primary"):
        st.login()


def _local_sign_in(now: float) -> None:
    """The local-account form; a successful sign-in stores the session and reruns."""
    engine = store()
    if not local_accounts_exist(engine):
        st.info(
            "No one can sign in yet: this dashboard holds (or is set up for) real data, and has no accounts. "
            "On the server, create the first analyst's account with "
            "`python -m workflows.users add NAME --role analyst`, or configure sign-in through the "
            "council's identity provider (README, Sign-in and roles).",
            icon=":material/lock:",
        )
        return
    with st.form("sign_in"):
        name = st.text_input("Account name", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            user = sign_in(engine, name, password, _address())
        except SignInRefused as refusal:
            st.error(str(refusal), icon=":material/error:")
        else:
            st.session_state[SESSION_KEY] = Session(user, now, "local")
            st.rerun()


def _signed_out_message() -> None:
    if reason := st.session_state.pop(SIGNED_OUT_KEY, None):
        st.info(reason, icon=":material/logout:")


def _session_controls(user: User) -> None:
    """On every page: who is signed in and a sign-out button, or the demo banner."""
    session: Session | None = st.session_state.get(SESSION_KEY)
    if session and session.how == "demo":
        st.warning(
            "**Demo: you are signed in automatically as an analyst**, because this dashboard holds only the "
            "synthetic sample and has no accounts. Once real data is loaded, everyone has to sign in.",
            icon=":material/science:",
        )
        return
    st.sidebar.markdown(f"Signed in as **{md(user.name)}** ({user.title.lower()})")
    if st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:"):
        sign_out()
