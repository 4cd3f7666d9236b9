"""Writing a checked file's rows into its dataset's rows table, inside the caller's transaction.

A large file is written a chunk of rows at a time: each chunk's values are converted column by column
(vectorised, never row by row through pandas) to plain Python values and handed to the driver's
executemany as tuples, so no list of a whole file's rows is ever built. (COPY would be faster on
PostgreSQL, but PostgreSQL refuses COPY FROM into a table with row-level security.) Every chunk runs on
the transaction that inserted the batch row, so a failure anywhere (a constraint, a kill, a full disk)
leaves nothing written.

Values are stored as SQLAlchemy stores them through the tables in store/tables.py: dates as
'YYYY-MM-DD' (SQLite's Date), flags as booleans, missing values as NULL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import repeat

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from reference import dataset_specs
from store.tables import rows_tables

ROWS_PER_WRITE = 5_000
Progress = Callable[[int, int], None]


def write_rows(
    conn: Connection,
    dataset: str,
    frame: pd.DataFrame,
    batch_id: int,
    la_code: str,
    progress: Progress | None = None,
    rows_per_write: int = ROWS_PER_WRITE,
) -> int:
    """Insert `frame` (index = the row number in the file) as batch `batch_id`'s rows; returns how many."""
    spec = dataset_specs()[dataset]
    table = rows_tables[dataset]
    names = ["batch_id", "la_code", "row_number", *spec.column_names]
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    total = len(frame)
    as_text = conn.dialect.name == "sqlite"  # SQLite keeps dates as text; PostgreSQL takes date objects
    chunks = _chunks(frame[list(spec.column_names)], batch_id, la_code, rows_per_write, as_text)
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({', '.join(marker for _ in names)})"
    for done, rows in chunks:
        conn.exec_driver_sql(sql, rows)  # the driver's executemany: psycopg pipelines it, sqlite3 prepares once
        if progress:
            progress(done, total)
    return total


def _chunks(
    frame: pd.DataFrame, batch_id: int, la_code: str, size: int, dates_as_text: bool
) -> Iterator[tuple[int, list[tuple]]]:
    """(rows written once this chunk is, the chunk's rows as tuples of plain Python values)."""
    for start in range(0, len(frame), size):
        part = frame.iloc[start : start + size]
        values = [_plain(part[name], dates_as_text) for name in part.columns]
        numbers = [int(r) for r in part.index]
        yield start + len(part), list(zip(repeat(int(batch_id)), repeat(la_code), numbers, *values))


def _plain(column: pd.Series, dates_as_text: bool) -> list:
    """A column as the driver takes it: str, int, float, bool, a date ('YYYY-MM-DD' when `dates_as_text`),
    None for missing."""
    if pd.api.types.is_datetime64_any_dtype(column):
        days = column.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        days = days.astype(str).astype(object) if dates_as_text else days.astype(object)  # object: datetime.date
        days[column.isna().to_numpy()] = None
        return days.tolist()
    if column.dtype != object:  # flags, whole numbers, numbers and text: pandas converts them in one pass
        return column.to_numpy(dtype=object, na_value=None).tolist()
    return [None if _missing(v) else str(v) for v in column]  # anything else, as text


def _missing(value: object) -> bool:
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))
