"""Read access to one authority's stored data, through one connection.

During a load the store hands a StoreView on its own open transaction to the recomputations, so they
see the new batch before it is committed; pages get one on a short read-only connection.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection

from core.dates import months_between
from reference import DTYPES, dataset_specs
from store.frames import result_frame
from store.resolve import latest_keyed_values, monthly_rows, resolve_episodes
from store.tables import audit_log, batches, month_figures, rows_tables

FETCH_ROWS = 50_000  # rows read from the driver at once


class StoreView:
    """Current data of one authority as pandas frames, read through one connection.

    Reads are remembered until `forget()`: the store calls it after every write it makes through
    the same connection, so a load's "after" state and its recomputations share one read.
    """

    def __init__(self, conn: Connection, la_code: str) -> None:
        self.conn = conn
        self.la_code = la_code
        self._memo: dict[tuple, pd.DataFrame] = {}

    def forget(self) -> None:
        self._memo.clear()

    def _remember(self, key: tuple, read) -> pd.DataFrame:
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key].copy()

    def batches(self, current_only: bool = True) -> pd.DataFrame:
        """Batches newest first; with current_only, only those in force."""
        query = batches.select().where(batches.c.la_code == self.la_code)
        if current_only:
            query = query.where(batches.c.status == "current")
        frame = _frame(self.conn.execute(query.order_by(batches.c.loaded_at.desc(), batches.c.id.desc())))
        for column in ("loaded_at", "activated_at", "status_changed_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        frame["extract_date"] = pd.to_datetime(frame["extract_date"])
        return frame

    def copies(self, dataset: str, month: str | None = None, months: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Every stored row of the current batches of a dataset, with its batch's facts (only those of
        `month`, or of the reporting months `months`, when given)."""
        return self._remember(("copies", dataset, month, months), lambda: self._read_copies(dataset, month, months))

    def _read_copies(self, dataset: str, month: str | None, months: tuple[str, ...] | None = None) -> pd.DataFrame:
        spec = dataset_specs()[dataset]
        rows = rows_tables[dataset]
        query = (
            sa.select(
                *[rows.c[c] for c in spec.column_names],
                rows.c.row_number,
                rows.c.batch_id,
                batches.c.reporting_month.label("month"),
                batches.c.extract_date,
                batches.c.columns_present,
                batches.c.activated_at,
            )
            .join(batches, rows.c.batch_id == batches.c.id)
            .where(batches.c.la_code == self.la_code, batches.c.status == "current", rows.c.la_code == self.la_code)
        )
        if month:
            query = query.where(batches.c.reporting_month == month)
        if months is not None:  # a range (no IN: the query is compiled for the driver by hand), then exactly
            query = query.where(batches.c.reporting_month.between(min(months, default=""), max(months, default="")))

        def typed(frame: pd.DataFrame) -> pd.DataFrame:
            if months is not None:
                frame = frame[frame["month"].isin(months)].reset_index(drop=True)
            for col in spec.columns:
                frame[col.name] = _typed(frame[col.name], DTYPES[col.type])
            frame["extract_date"] = pd.to_datetime(frame["extract_date"])
            frame["activated_at"] = pd.to_datetime(frame["activated_at"], utc=True, format="ISO8601")
            return frame

        return _raw_frame(self.conn, query, typed)

    def month_rows(self, dataset: str, month: str) -> pd.DataFrame:
        """One month's rows of a snapshot dataset (its current batch)."""
        return monthly_rows(self.copies(dataset, month), dataset_specs()[dataset])

    def monthly(self, dataset: str, months: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Each loaded month's rows with a `month` column; episode fields from the latest copy.

        `months` limits a snapshot dataset to those reporting months (a snapshot month is complete in its
        own rows); an episode dataset is always resolved over every copy, then limited.
        """
        spec = dataset_specs()[dataset]
        if months is None:
            return monthly_rows(self.copies(dataset), spec)
        if spec.kind == "snapshot":
            return monthly_rows(self.copies(dataset, months=tuple(sorted(months))), spec)
        rows = monthly_rows(self.copies(dataset), spec)
        return rows[rows["month"].isin(months)].reset_index(drop=True)

    def resolved(self, dataset: str) -> pd.DataFrame:
        """Episode records in their latest known state (see store.resolve)."""
        spec = dataset_specs()[dataset]
        return self._remember(("resolved", dataset), lambda: resolve_episodes(self.copies(dataset), spec))

    def indicator_values(self) -> pd.DataFrame:
        return latest_keyed_values(self.copies("indicator_values"), dataset_specs()["indicator_values"])

    def loaded_month_range(self) -> list[str]:
        """Every month from the earliest to the latest reporting month of any current batch."""
        query = sa.select(sa.func.min(batches.c.reporting_month), sa.func.max(batches.c.reporting_month)).where(
            batches.c.la_code == self.la_code, batches.c.status == "current"
        )
        first, last = self.conn.execute(query).one()
        return months_between(first, last) if first else []

    def month_figures(self, family: str | None = None) -> pd.DataFrame:
        query = month_figures.select().where(month_figures.c.la_code == self.la_code)
        if family:
            query = query.where(month_figures.c.family == family)
        return _frame(self.conn.execute(query.order_by(month_figures.c.month, month_figures.c.code)))

    def version(self) -> int:
        """The authority's latest audit entry: every change to its data, targets, change points, actions
        or commentary writes one, so a cache keyed on it is never stale."""
        query = sa.select(sa.func.max(audit_log.c.id)).where(audit_log.c.la_code == self.la_code)
        return int(self.conn.execute(query).scalar() or 0)

    def audit(self) -> pd.DataFrame:
        query = audit_log.select().where(audit_log.c.la_code == self.la_code).order_by(audit_log.c.id.desc())
        frame = _frame(self.conn.execute(query))
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame


def _frame(result) -> pd.DataFrame:
    return result_frame(result)


def _raw_frame(conn: Connection, query, typed: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Rows as the driver returns them, typed afterwards column by column by pandas.

    SQLAlchemy's per-value result processing (parsing SQLite's date strings one by one) dominated
    reading tens of thousands of rows; the `_typed` conversions do the same job vectorised. Rows are
    fetched FETCH_ROWS at a time and each part typed (`typed`) before the next is fetched, so a large
    dataset is never held as Python tuples all at once (600k rows as tuples took over 500 MB).
    """
    compiled = query.compile(dialect=conn.dialect)
    positional = compiled.positional
    params = tuple(compiled.params[name] for name in compiled.positiontup) if positional else compiled.params
    columns = list(query.selected_columns.keys())
    typed = typed or (lambda frame: frame)
    result = conn.exec_driver_sql(str(compiled), params)
    parts = []
    try:  # the driver's plain tuples, no per-row Result machinery (issue 18)
        while result.cursor is not None:
            rows = result.cursor.fetchmany(FETCH_ROWS)
            if not rows and parts:
                break
            parts.append(typed(pd.DataFrame.from_records(rows, columns=columns)))
            if len(rows) < FETCH_ROWS:
                break
    finally:
        result.close()
    if not parts:
        return typed(pd.DataFrame.from_records([], columns=columns))
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _typed(column: pd.Series, dtype: str) -> pd.Series:
    if dtype.startswith("datetime"):
        return pd.to_datetime(column, format="ISO8601").astype(dtype)
    if dtype == "boolean":
        return column.astype("boolean")
    if dtype == "string":
        return column.astype(dtype)
    return pd.to_numeric(column).astype(dtype)
