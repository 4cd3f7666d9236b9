"""Targets and local indicators an analyst sets: stored with who and when, and audit-logged.

Every target change is a new row (the latest per code is in force), so the history of targets is
kept; adding a local indicator is one row. Both write an audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from store.batches import Refresh, StoreRefused, record_audit, refresh
from store.db import writing
from store.frames import result_frame
from store.tables import change_points, indicator_targets, local_indicators

LOCAL_FIELDS = ("code", "title", "theme", "polarity", "unit", "definition", "numerator", "denominator", "target")


def set_target(engine: Engine, la_code: str, code: str, target: float | None, who: str, reason: str = "") -> None:
    """Record a new target for an indicator (None = no target)."""
    with writing(engine) as conn:
        conn.execute(
            indicator_targets.insert(),
            dict(la_code=la_code, code=code, target=target, reason=reason, set_by=who, set_at=datetime.now(UTC)),
        )
        shown = "no target" if target is None else f"target {target:g}"
        record_audit(conn, who, la_code, "set_target", None, f"{code}: {shown}" + (f" ({reason})" if reason else ""))


def targets_in_force(conn: Connection, la_code: str) -> dict[str, float | None]:
    """The latest target set per indicator code (codes never set are absent: their default stands)."""
    query = indicator_targets.select().where(indicator_targets.c.la_code == la_code).order_by(indicator_targets.c.id)
    return {row.code: row.target for row in conn.execute(query)}


def target_history(engine: Engine, la_code: str) -> pd.DataFrame:
    with engine.connect() as conn:
        query = indicator_targets.select().where(indicator_targets.c.la_code == la_code)
        result = conn.execute(query.order_by(indicator_targets.c.id.desc()))
        return result_frame(result)


def add_local_indicator(engine: Engine, la_code: str, fields: dict, who: str) -> None:
    """Store an analyst's own aggregate indicator (its values arrive as indicator_values uploads)."""
    values = {name: fields.get(name) for name in LOCAL_FIELDS}
    with writing(engine) as conn:
        exists = conn.execute(
            sa.select(local_indicators.c.id).where(
                local_indicators.c.la_code == la_code, local_indicators.c.code == values["code"]
            )
        ).first()
        if exists:
            raise StoreRefused(f"A local indicator with code {values['code']} already exists.")
        conn.execute(local_indicators.insert(), dict(values, la_code=la_code, added_by=who, added_at=datetime.now(UTC)))
        record_audit(conn, who, la_code, "add_local_indicator", None, f"{values['code']}: {values['title']}")


def local_indicator_rows(conn: Connection, la_code: str) -> list[dict]:
    query = local_indicators.select().where(local_indicators.c.la_code == la_code).order_by(local_indicators.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def mark_change_point(
    engine: Engine, la_code: str, code: str, month: str, reason: str, who: str, refreshes: Iterable[Refresh] = ()
) -> None:
    """Record that the process behind an indicator changed in `month`: its SPC limits restart there.

    Never found automatically (Making Data Count): a person names the change and why. `refreshes` (the
    pages' stored SPC) run in the same transaction.
    """
    if not reason.strip():
        raise StoreRefused("Say why the process changed (for example 'new front door from October').")
    with writing(engine) as conn:
        if _open_change_point(conn, la_code, code, month) is not None:
            raise StoreRefused(f"{code} already has a change point in {month}.")
        conn.execute(
            change_points.insert(),
            dict(la_code=la_code, code=code, month=month, reason=reason.strip(), marked_by=who, marked_at=_now()),
        )
        refresh(conn, la_code, refreshes, {None: {code}})
        record_audit(conn, who, la_code, "mark_change_point", None, f"{code} from {month}: {reason.strip()}")


def remove_change_point(
    engine: Engine, la_code: str, code: str, month: str, who: str, refreshes: Iterable[Refresh] = ()
) -> None:
    """Take a change point off (the row is kept with who removed it and when)."""
    with writing(engine) as conn:
        found = _open_change_point(conn, la_code, code, month)
        if found is None:
            raise StoreRefused(f"{code} has no change point in {month}.")
        conn.execute(
            change_points.update().where(change_points.c.id == found).values(removed_by=who, removed_at=_now())
        )
        refresh(conn, la_code, refreshes, {None: {code}})
        record_audit(conn, who, la_code, "remove_change_point", None, f"{code} from {month}")


def change_points_in_force(conn: Connection, la_code: str) -> pd.DataFrame:
    """Change points not removed: code, month, reason, marked_by, marked_at (oldest first)."""
    query = (
        sa.select(
            change_points.c.code,
            change_points.c.month,
            change_points.c.reason,
            change_points.c.marked_by,
            change_points.c.marked_at,
        )
        .where(change_points.c.la_code == la_code, change_points.c.removed_at.is_(None))
        .order_by(change_points.c.code, change_points.c.month)
    )
    result = conn.execute(query)
    return result_frame(result)


def _open_change_point(conn: Connection, la_code: str, code: str, month: str) -> int | None:
    return conn.execute(
        sa.select(change_points.c.id).where(
            change_points.c.la_code == la_code,
            change_points.c.code == code,
            change_points.c.month == month,
            change_points.c.removed_at.is_(None),
        )
    ).scalar()


def _now() -> datetime:
    return datetime.now(UTC)
