"""What a visitor sees when a page fails: a plain message with a reference, never a traceback.

The traceback (with its paths, hosts and SQL) goes to the server log under the same reference, so the
team running the dashboard can find it. `.streamlit/config.toml` sets client.showErrorDetails = "none"
for anything that fails outside this boundary.
"""

from __future__ import annotations

import logging
import secrets
from contextlib import contextmanager
from datetime import datetime

import streamlit as st

from core.access import NotAllowed
from core.text import md
from workflows import StoreBusy

LOG = logging.getLogger("csc.errors")
FAILED = (
    "Something went wrong and this page could not be shown in full. Nothing you entered was stored half "
    "way. If it happens again, tell the team that runs this dashboard: give them reference **{ref}** and "
    "the time ({time})."
)


def reference() -> str:
    """Eight characters a person can read out on the phone (no 0/O or 1/I)."""
    return "".join(secrets.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(8))


@contextmanager
def plain_errors():
    """Run a page; an unexpected error is logged with a reference and shown as FAILED."""
    try:
        yield
    except StoreBusy as err:  # expected when two people save at once: its words are the message
        st.error(md(err), icon=":material/hourglass_top:")
    except NotAllowed as err:  # a role asked for what it may not do (a stale page): said in words
        st.error(md(err), icon=":material/block:")
    except Exception:  # st.stop and st.rerun are not Exceptions: they pass through
        ref = reference()
        LOG.exception("reference %s: a page failed", ref)
        st.error(FAILED.format(ref=ref, time=f"{datetime.now():%d/%m/%Y %H:%M}"), icon=":material/error:")
