"""Loading a large file (issue 18), as ratios: absolute seconds mean little on a shared machine.

1. Speed: a 100k-row allocations file checked (ingest.check.check_file) and loaded (store.batches.load,
   with the app's recomputations, as the Check page loads it) into an empty store, against the floor of
   a bare `pandas.read_csv` + `DataFrame.to_sql` of the same bytes into the same database. On SQLite
   always; on PostgreSQL too when CSC_TEST_DATABASE_URL or DATABASE_URL names a server (a database of
   its own is created for the run and dropped after). Goal: at most 2x.
2. Memory: a 600k-row file checked and loaded in a fresh process, whose peak resident memory
   (resource.ru_maxrss) is printed beside the same process's peak before it read the file. Goal: under
   1 GB for the whole process.

    .venv/bin/python benchmarks/load_speed.py                  # 100k rows, 600k for memory
    .venv/bin/python benchmarks/load_speed.py --small          # what CI runs: proves it works
    .venv/bin/python benchmarks/load_speed.py --only memory    # just the 600k-row peak

The file is what an allocations extract for March 2025 looks like: every allocation started by the
month's end, most still open, the rest closed during the month, so it loads with no warnings.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MONTH = "2025-03"
FILE_NAME = f"allocations_{MONTH}.csv"
LA_CODE = "E06000039"
DROP_ATTEMPTS = 30


def allocations_csv(rows: int, seed: int = 1) -> bytes:
    """`rows` allocations open in March 2025, as a case-management export writes them (UTF-8 with BOM)."""
    rng = random.Random(seed)
    lines = ["Child ID,Allocated Worker,Team,Cohort,Allocation Start Date,Allocation End Date"]
    for i in range(rows):
        year = rng.randint(2019, 2025)
        month = rng.randint(1, 3 if year == 2025 else 12)
        start = f"{rng.randint(1, 28):02d}/{month:02d}/{year}"
        end = "" if rng.random() < 0.7 else f"{rng.randint(1, 31):02d}/03/2025"
        if end and (year, month) == (2025, 3) and end < start:
            end = ""
        lines.append(
            f"C{i:07d},W{rng.randint(1, 400):04d},Team {rng.randint(1, 12)},"
            f"{rng.choice(['CIN', 'CP', 'CLA', 'CL'])},{start},{end}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def database_urls() -> dict[str, str | None]:
    """The PostgreSQL server to measure on, if one is named (else None): the tests' server first."""
    server = os.environ.get("CSC_TEST_DATABASE_URL", "").strip() or os.environ.get("DATABASE_URL", "").strip()
    return {"sqlite": None, "postgresql": server if server.startswith("postgresql") else None}


class Database:
    """A fresh, empty database for one measurement: a SQLite file, or a PostgreSQL database created on
    the named server and dropped afterwards."""

    def __init__(self, backend: str, server: str | None, folder: Path) -> None:
        import sqlalchemy as sa
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        self.admin = None
        if backend == "sqlite":
            self.url = f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.sqlite'}"
            return
        base = make_url(server)
        self.admin = sa.create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.name = f"csc_bench_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = base.set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        """Drop the PostgreSQL database; while the server's autovacuum still works on the rows just
        written, FORCE may not end it (that needs more than a database owner), so try again."""
        import sqlalchemy as sa

        if self.admin is None:
            return
        for attempt in range(DROP_ATTEMPTS):
            try:
                with self.admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                break
            except sa.exc.DBAPIError:
                if attempt == DROP_ATTEMPTS - 1:
                    raise
                time.sleep(1)
        self.admin.dispose()


def bare_seconds(data: bytes, url: str) -> float:
    """The floor: pandas reads the bytes and writes them to a table, nothing checked or resolved."""
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        t0 = time.perf_counter()
        frame = pd.read_csv(io.BytesIO(data))
        frame.to_sql("bench_bare_insert", engine, if_exists="replace", index=False)
        return time.perf_counter() - t0
    finally:
        engine.dispose()


def load_seconds(data: bytes, url: str) -> tuple[float, float, float]:
    """(seconds to check, seconds to store, of which writing the rows) the file as the Check page loads
    it, into an empty store. The rest of storing is the batch's change summary and recomputation."""
    import store.batches
    from ingest.check import check_file
    from store.batches import Upload, load
    from store.db import open_store
    from workflows.jobs import RECOMPUTATIONS

    writing = []
    write_rows = store.batches.write_rows

    def timed_write_rows(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return write_rows(*args, **kwargs)
        finally:
            writing.append(time.perf_counter() - t0)

    store.batches.write_rows = timed_write_rows

    engine = open_store(url)  # migrated before the clock starts: an empty store, as on first use
    try:
        t0 = time.perf_counter()
        result = check_file(FILE_NAME, data, max_bytes=len(data) + 1)
        checked = time.perf_counter() - t0
        if not result.ready or result.warnings:
            raise SystemExit(f"the benchmark file did not check clean: {(result.errors or result.warnings)[:3]}")
        present = tuple(m.column for m in result.header_matches if m.column)
        upload = Upload(
            LA_CODE, "allocations", MONTH, date(2025, 4, 3), FILE_NAME, result.sha256, result.frame, present
        )
        t0 = time.perf_counter()
        load(engine, upload, "benchmark", RECOMPUTATIONS)
        return checked, time.perf_counter() - t0, sum(writing)
    finally:
        store.batches.write_rows = write_rows
        engine.dispose()


def speed_lines(rows: int, folder: Path) -> list[str]:
    data = allocations_csv(rows)
    lines = [
        f"Loading {rows:,} allocation rows ({len(data) / 2**20:.1f} MiB) into an empty store, seconds:",
        "",
        "| Store | read_csv + to_sql | check | store | of which rows written | check + store | ratio "
        "| check + rows written, ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for backend, server in database_urls().items():
        if backend == "postgresql" and server is None:
            lines.append("| postgresql | not measured: set CSC_TEST_DATABASE_URL or DATABASE_URL | | | | | | |")
            continue
        bare_db, load_db = Database(backend, server, folder), Database(backend, server, folder)
        try:
            bare = bare_seconds(data, bare_db.url)
            checked, stored, written = load_seconds(data, load_db.url)
        finally:
            bare_db.drop()
            load_db.drop()
        total = checked + stored
        lines.append(
            f"| {backend} | {bare:.2f} | {checked:.2f} | {stored:.2f} | {written:.2f} | {total:.2f} "
            f"| {total / bare:.2f} | {(checked + written) / bare:.2f} |"
        )
    return lines


def peak_memory_lines(rows: int, folder: Path) -> list[str]:
    """Check and load a `rows`-row file in a fresh process; its peak resident memory, from ru_maxrss."""
    path = folder / FILE_NAME
    path.write_bytes(allocations_csv(rows))
    url = Database("sqlite", None, folder).url
    run = subprocess.run(
        [sys.executable, __file__, "--peak-of", str(path), "--url", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"the memory run failed:\n{run.stderr[-3000:]}")
    before, peak = (int(n) for n in run.stdout.split())
    return [
        f"Peak memory checking and loading {rows:,} rows ({path.stat().st_size / 2**20:.1f} MiB) on SQLite, "
        "in a fresh process:",
        "",
        f"peak before reading the file: {before / 1024:,.0f} MiB",
        f"peak resident memory: {peak / 1024:,.0f} MiB ({peak * 1024 / 10**9:.2f} GB; goal: under 1 GB)",
    ]


def _peak_of(path: Path, url: str) -> None:
    """Run in the child process: check and load the file, print ru_maxrss (KiB) before and after."""
    from ingest.check import check_file  # noqa: F401  (imports count in the "before" figure)
    from store.batches import load  # noqa: F401
    from store.db import open_store
    from workflows.jobs import RECOMPUTATIONS  # noqa: F401

    open_store(url).dispose()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_seconds(path.read_bytes(), url)
    print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the file timed")
    parser.add_argument("--memory-rows", type=int, default=600_000, help="rows of the file whose memory is measured")
    parser.add_argument("--small", action="store_true", help="2,000 and 5,000 rows: what CI runs")
    parser.add_argument("--only", choices=("speed", "memory"), help="run one of the two measurements")
    parser.add_argument("--peak-of", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peak_of:
        _peak_of(args.peak_of, args.url)
        return []
    rows, memory_rows = (2_000, 5_000) if args.small else (args.rows, args.memory_rows)
    lines, memory = [], []
    with tempfile.TemporaryDirectory(prefix="csc-load-speed-") as folder:
        if args.only != "memory":
            lines = speed_lines(rows, Path(folder))
            print("\n".join(lines), end="\n\n", flush=True)  # printed before the memory run starts
        if args.only != "speed":
            memory = peak_memory_lines(memory_rows, Path(folder))
            print("\n".join(memory), flush=True)
    return [*lines, "", *memory]


if __name__ == "__main__":
    main()
