"""The corporate parenting panel's priorities as an analyst names them: each save is a whole new set,
kept with who and when (the latest set is in force), and audit-logged in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from store.batches import StoreRefused, record_audit
from store.db import writing
from store.tables import panel_priorities, panel_priority_sets

PRIORITY_COUNT = 6


def save_priorities(engine: Engine, la_code: str, priorities: list[tuple[str, list[str]]], who: str) -> int:
    """Store a new set of (title, indicator codes) in order; returns the set's id."""
    titles = [title.strip() for title, _ in priorities]
    if len(priorities) != PRIORITY_COUNT or not all(titles):
        raise StoreRefused(f"Name all {PRIORITY_COUNT} priorities of the corporate parenting strategy.")
    with writing(engine) as conn:
        set_id = conn.execute(
            panel_priority_sets.insert().returning(panel_priority_sets.c.id),
            dict(la_code=la_code, saved_by=who, saved_at=datetime.now(UTC)),
        ).scalar_one()
        conn.execute(
            panel_priorities.insert(),
            [
                dict(set_id=set_id, position=number, title=title, codes=",".join(codes))
                for number, (title, (_, codes)) in enumerate(zip(titles, priorities, strict=True), start=1)
            ],
        )
        record_audit(conn, who, la_code, "save_panel_priorities", None, "; ".join(titles))
    return set_id


def priorities_in_force(conn: Connection, la_code: str) -> list[tuple[str, list[str]]] | None:
    """The latest saved set as (title, codes) in order, or None if the analyst never saved one."""
    latest = conn.execute(
        sa.select(sa.func.max(panel_priority_sets.c.id)).where(panel_priority_sets.c.la_code == la_code)
    ).scalar()
    if latest is None:
        return None
    rows = conn.execute(
        sa.select(panel_priorities.c.title, panel_priorities.c.codes)
        .where(panel_priorities.c.set_id == latest)
        .order_by(panel_priorities.c.position)
    )
    return [(row.title, [c for c in row.codes.split(",") if c]) for row in rows]
