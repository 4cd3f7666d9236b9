"""Recording and changing surgery actions (what a team agreed to do about an indicator or a child)."""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import User, require_team
from store.batches import StoreRefused
from store.surgery import add_action, update_action
from views.surgery import SERVICE


def agree_action(engine: Engine, la_code: str, fields: dict, user: User) -> tuple[bool, str]:
    team = fields.pop("team")
    require_team(user, team, "record_action")
    who = user.name
    try:
        action_id = add_action(engine, la_code, team="" if team == SERVICE else team, who=who, **fields)
    except StoreRefused as err:
        return False, str(err)
    return True, f"Action #{action_id} recorded with your name; it comes back at every surgery until it is closed."


def change_action(
    engine: Engine, la_code: str, action_id: int, status: str, note: str, user: User, team: str
) -> tuple[bool, str]:
    """Change an action of `team` (the surgery's team, whose actions the page lists)."""
    require_team(user, team, "record_action")
    try:
        update_action(engine, la_code, action_id, status, note, user.name, "" if team == SERVICE else team)
    except StoreRefused as err:
        return False, str(err)
    return True, f"Action #{action_id} is now {status}; recorded with your name."
