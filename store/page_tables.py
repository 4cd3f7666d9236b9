"""Tables shaped for the pages, computed on write (issue 18): written in the transaction of the change that
moves them, read by key when a page is viewed.

spc_points: the XmR columns of an indicator x breakdown over a window of months (migration 0012). Rows
are written with version 0 and stamped with the id of the change's audit entry when it is recorded
(`stamp`, called by store.batches.record_audit), so every stored figure says which store version wrote it.

benchmark_comparisons: a mapped benchmark measure's comparisons year by year (migration 0017), with the
benchmark version they were worked out from; panel_figures: the panel's figures after suppression, with the
threshold and sign-off they were worked out under. A read asks for the version, threshold and sign-off in
force, so a row worked out from anything else is never read (the page then computes it as before).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection

from store.db import transaction_lock
from store.frames import result_frame
from store.tables import (
    benchmark_comparisons,
    benchmark_sources,
    month_figures,
    panel_figures,
    sign_offs,
    spc_points,
)

KEY = ["code", "breakdown", "window_start", "window_end", "month"]
# metrics.spc's columns, as the table declares them (the store does not import metrics; a test pins the two equal).
SPC_COLUMNS = [c.name for c in spc_points.columns if c.name not in {"id", "la_code", "version", *KEY}]
PENDING = 0  # the version of a row written by a change whose audit entry is not recorded yet


def _one_writer(conn: Connection, table: sa.Table, la_code: str) -> None:
    """Serialise rewrites of one authority's rows of a page table. On PostgreSQL two transactions (two
    replicas importing the shipped benchmarks at start-up, loads of two datasets) could otherwise both
    delete before either inserts, and the second insert would break the table's unique key; the lock
    makes the second delete wait for, and remove, what the first wrote. SQLite's BEGIN IMMEDIATE already
    serialises writers."""
    transaction_lock(conn, f"page table|{table.name}|{la_code}")


def write_spc(conn: Connection, la_code: str, codes: Iterable[str] | None, rows: pd.DataFrame) -> None:
    """Replace the stored SPC of `codes` (None: every code) with `rows` (KEY + SPC_COLUMNS)."""
    _one_writer(conn, spc_points, la_code)
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


# --- the Benchmarking page's comparisons (benchmark_comparisons)

COMPARISON_COLUMNS = [
    c.name for c in benchmark_comparisons.columns if c.name not in {"id", "la_code", "measure", "benchmarks"}
]


def benchmarks_in_force(conn: Connection) -> int:
    """The store's benchmark version: the latest import's id (0 when none); store.benchmarks.benchmark_version."""
    return int(conn.execute(sa.select(sa.func.max(benchmark_sources.c.id))).scalar() or 0)


def comparisons_version(conn: Connection, la_code: str) -> set[int]:
    """The benchmark versions the authority's stored comparisons were worked out from (empty: none stored)."""
    query = sa.select(benchmark_comparisons.c.benchmarks).where(benchmark_comparisons.c.la_code == la_code)
    return set(conn.execute(query.distinct()).scalars())


def write_comparisons(conn: Connection, la_code: str, benchmarks: int, rows: pd.DataFrame) -> None:
    """Replace every stored comparison of the authority with `rows` (measure + COMPARISON_COLUMNS)."""
    _one_writer(conn, benchmark_comparisons, la_code)
    conn.execute(benchmark_comparisons.delete().where(benchmark_comparisons.c.la_code == la_code))
    if rows.empty:
        return
    records = []
    for row in rows[["measure", *COMPARISON_COLUMNS]].itertuples(index=False):
        record = {
            name: (None if _missing(value) else value)
            for name, value in zip(["measure", *COMPARISON_COLUMNS], row, strict=True)
        }
        for name in ("value", "england", "region", "neighbours_mean"):
            record[name] = None if record[name] is None else float(record[name])
        for name in ("neighbours_with_values", "neighbours_total", "ranked", "rank", "quartile"):
            record[name] = None if record[name] is None else int(record[name])
        records.append(dict(record, la_code=la_code, benchmarks=benchmarks))
    conn.execute(benchmark_comparisons.insert(), records)


def read_comparisons(conn: Connection, la_code: str, benchmarks: int, measure: str | None = None) -> pd.DataFrame:
    """The authority's stored comparisons worked out from benchmark version `benchmarks` (measure +
    COMPARISON_COLUMNS, oldest year first), of one measure or all."""
    c = benchmark_comparisons.c
    query = sa.select(c.measure, *[c[name] for name in COMPARISON_COLUMNS]).where(
        c.la_code == la_code, c.benchmarks == benchmarks
    )
    if measure is not None:
        query = query.where(c.measure == measure)
    return result_frame(conn.execute(query.order_by(c.measure, c.time_period)))


# --- the panel's figures after suppression (panel_figures)

PANEL_KEY = ["code", "breakdown", "meeting", "month"]
PANEL_COLUMNS = [
    c.name for c in panel_figures.columns if c.name not in {"id", "la_code", "threshold", "signed", *PANEL_KEY}
]
EVERY_MONTH = ""  # the `meeting` of a month's own row (read by every meeting from that month on)
AT_END, LATER = "at end", "later"  # the `meeting` of a quarter's row: read at its last month, or after it


def latest_sign_off(conn: Connection, la_code: str) -> int:
    """The authority's latest sign-off id (0 when none): what the stored panel figures were worked out under."""
    query = sa.select(sa.func.max(sign_offs.c.id)).where(sign_offs.c.la_code == la_code)
    return int(conn.execute(query).scalar() or 0)


def write_panel(conn: Connection, la_code: str, threshold: int, signed: int, rows: pd.DataFrame) -> None:
    """Replace the authority's stored panel figures with `rows` (PANEL_KEY + PANEL_COLUMNS). The rows go to
    the driver's executemany as plain tuples, a column converted at a time (as store/rows.py writes a file's
    rows), not as a dict per row through SQLAlchemy: the same values, a fraction of the time (issue 18)."""
    _one_writer(conn, panel_figures, la_code)
    conn.execute(panel_figures.delete().where(panel_figures.c.la_code == la_code))
    if rows.empty:
        return
    columns = []
    for name in PANEL_KEY + PANEL_COLUMNS:
        values = rows[name].tolist()
        if name in ("numerator", "denominator", "value"):
            values = [None if _missing(v) else float(v) for v in values]
        elif name == "suppressed":
            values = [bool(v) for v in values]
        columns.append(values)
    names = ["la_code", "threshold", "signed", *PANEL_KEY, *PANEL_COLUMNS]
    quote = conn.dialect.identifier_preparer.quote
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(panel_figures.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join(marker for _ in names)})"
    )
    fixed = (la_code, int(threshold), int(signed))
    conn.exec_driver_sql(sql, [fixed + values for values in zip(*columns, strict=True)])


def read_panel(
    conn: Connection,
    la_code: str,
    threshold: int,
    signed: int,
    upto: str | None = None,
    quarter: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Stored panel figures worked out under `threshold` and sign-off `signed` (PANEL_KEY + PANEL_COLUMNS):
    every month's own row up to `upto` and the rows of `quarter` (its last month, AT_END or LATER); None
    for both: every row."""
    c = panel_figures.c
    query = sa.select(*[c[name] for name in PANEL_KEY + PANEL_COLUMNS]).where(
        c.la_code == la_code, c.threshold == threshold, c.signed == signed
    )
    other = panel_figures.alias("other")  # rows written by the first form of the table (a meeting per month)
    query = query.where(
        ~sa.exists().where(other.c.la_code == la_code, other.c.meeting.not_in([EVERY_MONTH, AT_END, LATER]))
    )
    if upto is not None or quarter is not None:
        months = sa.and_(c.meeting == EVERY_MONTH, c.month <= upto) if upto is not None else sa.false()
        quarters = sa.and_(c.month == quarter[0], c.meeting == quarter[1]) if quarter is not None else sa.false()
        query = query.where(sa.or_(months, quarters))
    frame = result_frame(conn.execute(query.order_by(*[c[name] for name in PANEL_KEY])))
    return frame.astype({"suppressed": bool})


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA
