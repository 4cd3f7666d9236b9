"""How fast a checked file is loaded into the store, as a ratio to a bare pandas `to_sql` of the same
rows into the same kind of database (the floor: writing with no batch, no history, no resolution).

The load includes everything an analyst's load does: the batch row, the rows, resolving episodes
before and after (to say what changed), the data quality recomputation and the audit entry.

    .venv/bin/python benchmarks/load_speed.py [rows] [database-url]

With no URL, a fresh SQLite file in a temporary folder is used; pass a PostgreSQL URL to measure it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.check_speed import allocations_csv
from ingest.check import check_file
from store.batches import Upload, load
from store.db import open_store
from workflows.jobs import RECOMPUTATIONS


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    result = check_file("allocations_2025-03.csv", allocations_csv(rows))
    assert result.ready, result.errors[:3]
    present = tuple(m.column for m in result.header_matches if m.column)
    engine = open_store(url)

    t0 = time.perf_counter()
    result.frame.to_sql("bench_bare_insert", engine, if_exists="replace", index=False, chunksize=2_000)
    bare = time.perf_counter() - t0

    upload = Upload(
        "E06000039", "allocations", "2025-03", date(2025, 4, 3), "bench.csv", "x" * 64, result.frame, present
    )
    t0 = time.perf_counter()
    load(engine, upload, "benchmark", RECOMPUTATIONS)
    first = time.perf_counter() - t0

    # Loading the month again: supersede, resolve before and after, describe and recompute.
    again = Upload(**{**upload.__dict__, "sha256": "y" * 64})
    t0 = time.perf_counter()
    load(engine, again, "benchmark", RECOMPUTATIONS)
    second = time.perf_counter() - t0

    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE bench_bare_insert"))
    print(f"{rows:,} allocation rows into {engine.dialect.name}")
    print(f"bare to_sql:        {bare:6.2f} s")
    print(f"first load:         {first:6.2f} s  ratio {first / bare:5.2f}x  ({rows / first:,.0f} rows/s)")
    print(f"replacing the month:{second:6.2f} s  ratio {second / bare:5.2f}x")


if __name__ == "__main__":
    main()
