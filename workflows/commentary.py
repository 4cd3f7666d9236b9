"""Saving a manager's commentary on an indicator's month, for a team or the whole service."""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import User, require_team
from store.batches import StoreRefused
from store.surgery import write_commentary
from views.surgery import SERVICE


def save_commentary(engine: Engine, la_code: str, code: str, month: str, team: str, text: str, user: User):
    require_team(user, team, "write_commentary")
    try:
        write_commentary(engine, la_code, code, month, "" if team == SERVICE else team, text, user.name)
    except StoreRefused as err:
        return False, str(err)
    return True, "Commentary saved with your name; it appears with the chart and in the surgery pack."
