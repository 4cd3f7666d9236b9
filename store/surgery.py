"""What a performance surgery agrees and says: actions (with every status change kept) and commentary.

Actions are never deleted: closing one is a status change ('done' or 'cancelled') recorded in
action_updates with who, when and a note. Commentary is append-only: the latest row per indicator,
month and team is in force. Every write is audit-logged in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from store.batches import StoreRefused, record_audit
from store.db import writing
from store.frames import result_frame
from store.tables import ACTION_STATUSES, CLOSED_STATUSES, action_updates, actions, commentary

SUBJECT_KINDS = ("figure", "child", "worker")
MAX_TEXT = 2000  # characters: a surgery action or commentary is short; longer text belongs elsewhere


def add_action(
    engine: Engine,
    la_code: str,
    *,
    code: str,
    team: str,
    subject_kind: str,
    subject_id: str,
    raised_month: str,
    action: str,
    owner: str,
    due_date: date,
    who: str,
) -> int:
    """Record an agreed action; returns its id. The first entry of its history is 'open'."""
    action, owner, subject_id = action.strip(), owner.strip(), subject_id.strip()
    if subject_kind not in SUBJECT_KINDS:
        raise StoreRefused(f"An action is about one of {', '.join(SUBJECT_KINDS)}, not {subject_kind!r}.")
    if not action or not owner:
        raise StoreRefused("An action needs what will be done and who owns it.")
    if subject_kind != "figure" and not subject_id:
        raise StoreRefused(f"Say which {subject_kind} the action is about (their pseudonymous ID).")
    if len(action) > MAX_TEXT:
        raise StoreRefused(f"Keep the action under {MAX_TEXT} characters.")
    now = datetime.now(UTC)
    with writing(engine) as conn:
        action_id = conn.execute(
            actions.insert().returning(actions.c.id),
            dict(
                la_code=la_code,
                code=code,
                team=team,
                subject_kind=subject_kind,
                subject_id=subject_id if subject_kind != "figure" else "",
                raised_month=raised_month,
                action=action,
                owner=owner,
                due_date=due_date,
                status="open",
                created_by=who,
                created_at=now,
                updated_by=who,
                updated_at=now,
            ),
        ).scalar_one()
        conn.execute(action_updates.insert(), dict(action_id=action_id, status="open", note="", who=who, at=now))
        about = f"{subject_kind} {subject_id}".strip() if subject_kind != "figure" else "the figure"
        record_audit(conn, who, la_code, "add_action", None, f"#{action_id} {code} {team or 'service'} ({about})")
    return action_id


def update_action(
    engine: Engine, la_code: str, action_id: int, status: str, note: str, who: str, team: str | None = None
) -> None:
    """Move an action to a new status with a note; closed actions stay closed unless reopened explicitly.
    With `team` ('' for the service), only an action raised for that team."""
    if status not in ACTION_STATUSES:
        raise StoreRefused(f"Status must be one of {', '.join(ACTION_STATUSES)}.")
    now = datetime.now(UTC)
    with writing(engine) as conn:
        where = [actions.c.id == action_id, actions.c.la_code == la_code]
        if team is not None:
            where.append(actions.c.team == team)
        current = conn.execute(sa.select(actions.c.status).where(*where)).scalar()
        if current is None:
            raise StoreRefused(f"There is no action #{action_id}.")
        if current == status and not note.strip():
            raise StoreRefused(f"Action #{action_id} is already {status}; add a note to record progress.")
        conn.execute(
            actions.update().where(actions.c.id == action_id).values(status=status, updated_by=who, updated_at=now)
        )
        conn.execute(
            action_updates.insert(), dict(action_id=action_id, status=status, note=note.strip(), who=who, at=now)
        )
        record_audit(conn, who, la_code, "update_action", None, f"#{action_id}: {current} -> {status}")


def actions_frame(conn: Connection, la_code: str) -> pd.DataFrame:
    """Every action of the authority (oldest first), with its latest status."""
    result = conn.execute(actions.select().where(actions.c.la_code == la_code).order_by(actions.c.id))
    frame = result_frame(result)
    frame["due_date"] = pd.to_datetime(frame["due_date"])
    frame["closed"] = frame["status"].isin(CLOSED_STATUSES)
    return frame


def action_history(conn: Connection, la_code: str, action_id: int) -> pd.DataFrame:
    query = (
        sa.select(action_updates.c.status, action_updates.c.note, action_updates.c.who, action_updates.c.at)
        .join(actions, actions.c.id == action_updates.c.action_id)
        .where(actions.c.la_code == la_code, action_updates.c.action_id == action_id)
        .order_by(action_updates.c.id)
    )
    result = conn.execute(query)
    return result_frame(result)


def write_commentary(engine: Engine, la_code: str, code: str, month: str, team: str, text: str, who: str) -> None:
    """Record commentary on an indicator's month (for a team, or '' for the service); latest wins."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise StoreRefused(f"Keep commentary under {MAX_TEXT} characters.")
    with writing(engine) as conn:
        conn.execute(
            commentary.insert(),
            dict(
                la_code=la_code,
                code=code,
                month=month,
                team=team,
                text=text,
                written_by=who,
                written_at=datetime.now(UTC),
            ),
        )
        shown = f"{code} {month} {team or 'service'}"
        record_audit(conn, who, la_code, "write_commentary", None, shown if text else f"{shown}: cleared")


def commentary_frame(conn: Connection, la_code: str) -> pd.DataFrame:
    """Commentary in force: the latest per (code, month, team), blank text meaning cleared (left out)."""
    result = conn.execute(commentary.select().where(commentary.c.la_code == la_code).order_by(commentary.c.id))
    frame = result_frame(result)
    if frame.empty:
        return frame
    latest = frame.drop_duplicates(["code", "month", "team"], keep="last")
    return latest[latest["text"] != ""].reset_index(drop=True)
