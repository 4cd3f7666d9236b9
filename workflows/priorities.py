"""Saving the panel's priorities (which indicators the corporate parenting panel sees first)."""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import User, require
from metrics.catalogue import Catalogue
from store.batches import StoreRefused
from store.panel import PRIORITY_COUNT, save_priorities
from views.panel import panel_indicators


def change_priorities(
    engine: Engine, la_code: str, catalogue: Catalogue, chosen: list[tuple[str, list[str]]], user: User
) -> tuple[bool, str]:
    require(user, "set_priorities")
    who = user.name
    allowed = {i.code for i in panel_indicators(catalogue)}
    wrong = sorted({c for _, codes in chosen for c in codes} - allowed)
    if wrong:
        return False, f"Only children in care and care leavers' indicators go to the panel, not {', '.join(wrong)}."
    try:
        save_priorities(engine, la_code, chosen, who)
    except StoreRefused as err:
        return False, str(err)
    return True, f"The panel's {PRIORITY_COUNT} priorities are saved with your name; the view and pack follow them."
