"""Tables shaped for the pages, computed on write (issue 18): written in the transaction of the change that
moves them, read by key when a page is viewed.

spc_points: the XmR columns of an indicator x breakdown over a window of months (migration 0012). Rows
are written with version 0 and stamped with the id of the change's audit entry when it is recorded
(`stamp`, called by store.batches.record_audit), so every stored figure says which store version wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection

from store.frames import result_frame
from store.tables import month_figures, spc_points

KEY = ["code", "breakdown", "window_start", "window_end", "month"]
# metrics.spc's columns, as the table declares them (the store does not import metrics; a test pins the two equal).
SPC_COLUMNS = [c.name for c in spc_points.columns if c.name not in {"id", "la_code", "version", *KEY}]
PENDING = 0  # the version of a row written by a change whose audit entry is not recorded yet


def write_spc(conn: Connection, la_code: str, codes: Iterable[str] | None, rows: pd.DataFrame) -> None:
    """Replace the stored SPC of `codes` (None: every code) with `rows` (KEY + SPC_COLUMNS)."""
    query = spc_points.delete().where(spc_points.c.la_code == la_code)
    if codes is not None:
        codes = sorted(set(codes))
        if not codes:
            return
        query = query.where(spc_points.c.code.in_(codes))
    conn.execute(query)
    if rows.empty:
        return
    records = []
    for row in rows[KEY + SPC_COLUMNS].itertuples(index=False):
        record = dict(zip(KEY + SPC_COLUMNS, row, strict=True))
        for name in ("value", "mean", "lower_limit", "upper_limit", "moving_range"):
            record[name] = None if pd.isna(record[name]) else float(record[name])
        for name in ("special_cause", "near_limit", "too_short"):
            record[name] = bool(record[name])
        record["segment"] = int(record["segment"])
        records.append(dict(record, la_code=la_code, version=PENDING))
    conn.execute(spc_points.insert(), records)


def spc_windows(conn: Connection, la_code: str) -> set[tuple[str, str]]:
    """The windows (start, end) the stored SPC covers."""
    query = sa.select(spc_points.c.window_start, spc_points.c.window_end).where(spc_points.c.la_code == la_code)
    return {tuple(row) for row in conn.execute(query.distinct())}


def read_spc(
    conn: Connection, la_code: str, codes: Iterable[str] | None = None, window: tuple[str, str] | None = None
) -> pd.DataFrame:
    """Stored SPC rows (KEY + SPC_COLUMNS + version), by authority and optionally codes and one window."""
    query = sa.select(*[spc_points.c[c] for c in KEY + SPC_COLUMNS + ["version"]]).where(
        spc_points.c.la_code == la_code
    )
    if codes is not None:
        query = query.where(spc_points.c.code.in_(sorted(set(codes))))
    if window is not None:
        query = query.where(spc_points.c.window_start == window[0], spc_points.c.window_end == window[1])
    frame = result_frame(conn.execute(query.order_by(*[spc_points.c[c] for c in KEY])))
    return frame.astype({"special_cause": bool, "near_limit": bool, "too_short": bool})


def stamp(conn: Connection, la_code: str, version: int) -> None:
    """Give the rows this transaction wrote (version 0) the store version of its audit entry."""
    for table in (month_figures, spc_points):
        conn.execute(
            table.update().where(table.c.la_code == la_code, table.c.version == PENDING).values(version=version)
        )
