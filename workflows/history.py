"""Reverting to an earlier batch and withdrawing one, with the recomputations they cause. The history
table itself is views/history.py."""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import User, require
from store.batches import Outcome, StoreRefused, make_current, withdraw
from store.db import StoreBusy, activity
from workflows.jobs import RECOMPUTATIONS


def revert_to(engine: Engine, la_code: str, batch_id: int, user: User) -> tuple[bool, str]:
    require(user, "revert")
    return _run(make_current, engine, la_code, batch_id, user.name)


def withdraw_batch(engine: Engine, la_code: str, batch_id: int, user: User) -> tuple[bool, str]:
    require(user, "withdraw")
    return _run(withdraw, engine, la_code, batch_id, user.name)


def _run(change, engine: Engine, la_code: str, batch_id: int, who: str) -> tuple[bool, str]:
    try:
        with activity(engine, who, f"a change to batch {batch_id}"):
            outcome: Outcome = change(engine, batch_id, who, la_code, RECOMPUTATIONS)
    except (StoreRefused, StoreBusy) as err:
        return False, str(err)
    return outcome.changed, outcome.message
