"""Marking and removing an indicator's change points (its SPC limits restart there)."""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import User, require
from core.dates import month_label
from store.batches import StoreRefused
from store.indicator_settings import mark_change_point, remove_change_point
from workflows.jobs import REFRESHES


def mark(engine: Engine, la_code: str, code: str, month: str, reason: str, user: User) -> tuple[bool, str]:
    require(user, "mark_change_point")
    try:
        mark_change_point(engine, la_code, code, month, reason, user.name, REFRESHES)
    except StoreRefused as err:
        return False, str(err)
    return True, f"Change point marked from {month_label(month)}: the limits restart there. Recorded with your name."


def unmark(engine: Engine, la_code: str, code: str, month: str, user: User) -> tuple[bool, str]:
    require(user, "mark_change_point")
    try:
        remove_change_point(engine, la_code, code, month, user.name, REFRESHES)
    except StoreRefused as err:
        return False, str(err)
    return True, f"Change point in {month_label(month)} removed: the limits no longer restart there."
