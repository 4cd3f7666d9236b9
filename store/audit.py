"""The audit of who saw what: append a view, download or sign-in, and read the whole audit back.

Append-only by design: this module (like the rest of store/) has functions to add entries and read
them, none to change or remove one, and the migration's triggers refuse UPDATE and DELETE on both audit
tables whatever connects. Changes to data (loads, reverts, targets...) stay in audit_log, written in
the same transaction as the change; everything else a person does is in access_log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from store.tables import ACCESS_EVENTS, access_log, audit_log

AUDIT_COLUMNS = ["at", "who", "role", "event", "page", "what", "row_count", "subject_ids", "address", "batch_id"]


@dataclass(frozen=True)
class Access:
    """One thing a person did that changed nothing but must be accounted for."""

    who: str
    event: str
    role: str = ""
    page: str = ""
    what: str = ""
    subject_ids: tuple[str, ...] = field(default=(), repr=False)
    row_count: int | None = None
    address: str = ""

    def __post_init__(self) -> None:
        if self.event not in ACCESS_EVENTS:
            raise ValueError(f"{self.event!r} is not an access event; expected one of {ACCESS_EVENTS}")


def append_access(engine: Engine, la_code: str, entry: Access) -> None:
    """Add one entry to the access log, in its own transaction (a view is recorded even if nothing else is)."""
    with engine.begin() as conn:
        conn.execute(
            access_log.insert(),
            dict(
                at=datetime.now(UTC),
                la_code=la_code,
                who=entry.who,
                role=entry.role,
                event=entry.event,
                page=entry.page,
                what=entry.what,
                subject_ids=json.dumps(list(entry.subject_ids)),
                row_count=entry.row_count,
                address=entry.address,
            ),
        )


def audit_entries(
    engine: Engine, la_code: str, since: datetime | None = None, until: datetime | None = None
) -> pd.DataFrame:
    """Every audit entry of the authority in [since, until), changes and accesses in one frame, newest first.

    A change's `event` is its audit_log action (load, revert, set_target...) and its `what` the details.
    """
    changes = (
        sa.select(
            audit_log.c.at,
            audit_log.c.who,
            sa.literal("").label("role"),
            audit_log.c.action.label("event"),
            sa.literal("").label("page"),
            audit_log.c.details.label("what"),
            sa.null().label("row_count"),
            sa.literal("[]").label("subject_ids"),
            sa.literal("").label("address"),
            audit_log.c.batch_id,
        )
        .where(audit_log.c.la_code == la_code)
        .order_by(audit_log.c.id.desc())
    )
    accesses = (
        sa.select(
            access_log.c.at,
            access_log.c.who,
            access_log.c.role,
            access_log.c.event,
            access_log.c.page,
            access_log.c.what,
            access_log.c.row_count,
            access_log.c.subject_ids,
            access_log.c.address,
            sa.null().label("batch_id"),
        )
        .where(access_log.c.la_code == la_code)
        .order_by(access_log.c.id.desc())
    )
    changes, accesses = (
        _between(changes, audit_log.c.at, since, until),
        _between(accesses, access_log.c.at, since, until),
    )
    with engine.connect() as conn:
        frames = [pd.DataFrame(conn.execute(q).mappings().all(), columns=AUDIT_COLUMNS) for q in (changes, accesses)]
    frame = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    frame["row_count"] = pd.to_numeric(frame["row_count"]).astype("Int64")
    frame["batch_id"] = pd.to_numeric(frame["batch_id"]).astype("Int64")
    return frame.sort_values("at", ascending=False, kind="stable").reset_index(drop=True)


def audit_values(engine: Engine, la_code: str) -> dict[str, list[str]]:
    """The distinct people, events and pages in the authority's audit (for filters), without reading it all."""
    queries = {
        "who": (sa.select(audit_log.c.who).where(audit_log.c.la_code == la_code), access_log.c.who),
        "event": (sa.select(audit_log.c.action).where(audit_log.c.la_code == la_code), access_log.c.event),
        "page": (None, access_log.c.page),
    }
    found = {}
    with engine.connect() as conn:
        for name, (changes, column) in queries.items():
            accesses = sa.select(column).where(access_log.c.la_code == la_code)
            query = sa.union(changes, accesses) if changes is not None else accesses.distinct()
            found[name] = sorted(v for v in conn.execute(query).scalars() if v)
    return found


def _between(query, column, since: datetime | None, until: datetime | None):
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def accesses_naming(engine: Engine, la_code: str, subject_id: str) -> pd.DataFrame:
    """Access entries whose list of IDs shown includes this child or worker (for a subject access request)."""
    needle = json.dumps(str(subject_id))
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        access_log.select()
        .where(access_log.c.la_code == la_code, access_log.c.subject_ids.like(pattern, escape="\\"))
        .order_by(access_log.c.id)
    )
    with engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))
