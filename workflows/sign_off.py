"""Signing off a month's figures for a meeting. What was signed off, and revisions since, are
views/sign_off.py."""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import User, require
from core.dates import month_label
from store.batches import StoreRefused
from store.read import reading
from store.sign_off import sign_off, sign_offs_frame
from views.panel import shown_to_panel
from views.wording import london_time
from workflows.jobs import REFRESHES


def sign_off_month(
    engine: Engine, la_code: str, month: str, meeting: str, user: User, note: str = ""
) -> tuple[bool, str]:
    """Sign off every indicator figure of `month` as reported to `meeting`, with what the panel was shown of
    each (views.panel.shown_to_panel); (done, what happened in words)."""
    require(user, "sign_off")
    who = user.name
    try:
        shown = shown_to_panel(engine, la_code, month)
        sign_off_id = sign_off(engine, la_code, month, meeting, who, note, shown=shown, refreshes=REFRESHES)
    except (StoreRefused, ValueError) as err:  # ValueError: a suppression threshold that is not a number
        return False, str(err)
    with reading(engine) as conn:
        history = sign_offs_frame(conn, la_code)
    this_month = history[history["month"] == month]
    signed = this_month[this_month["id"] == sign_off_id].iloc[0]
    message = (
        f"{month_label(month)} signed off for {signed['meeting']}: {signed['figures']:,} figures recorded with "
        "your name. Any later change to them will show as a revision beside the signed-off figure."
    )
    earlier = this_month[this_month["id"] < sign_off_id]
    if len(earlier):
        before = earlier.iloc[-1]
        message += (
            f" This replaces the sign-off for {before['meeting']} by {before['signed_by']} "
            f"({london_time(before['signed_at'])}), which stays in the history."
        )
    return True, message
