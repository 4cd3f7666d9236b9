"""One authority's pages in a store holding 20 authorities against a store holding only it (issue 18: at most
1.2x), on SQLite and, when CSC_TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL too.

Each page runs with Streamlit's AppTest as a newly signed-in analyst of the sample authority, cold
(st.cache_data emptied, so every figure is read from the store) and warm, median of `--repeats`; the
ratio of the many-authority store's time to the one-authority store's is printed per page, both stores
timed in the same process, alternately.

    .venv/bin/python benchmarks/authorities_speed.py --months 36 --authorities 20
    CSC_TEST_DATABASE_URL=postgresql://... .venv/bin/python benchmarks/authorities_speed.py --months 36
    .venv/bin/python benchmarks/authorities_speed.py --small         # what CI runs: proves it works

The one-authority store is the synthetic sample (`benchmarks/page_speed.py`'s, built once and kept in
--stores). The other authorities are that sample copied under other codes with SQL (every table with an
la_code column, batch ids shifted), which is what the reads must filter out, at a fraction of the cost
of generating and loading each one. On PostgreSQL the one-authority store is copied from SQLite into two
databases the script creates and drops, and one of them is given the other authorities the same way;
row-level security (migration 0014) is on, as in production.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.page_speed import PAGES, TIMEOUT, _run_once, sample_store  # noqa: E402

DEFAULT_PAGES = ["overview", "indicators", "surgery", "panel", "workforce"]
GOAL = 1.2
COPY_CHUNK = 5_000


def other_codes(count: int) -> list[str]:
    """`count` new-style codes that are not the sample's (E10000001...: no real authority has them)."""
    return [f"E1{k:07d}" for k in range(1, count + 1)]


def replicate(engine, home: str, codes: list[str]) -> None:
    """Copy every row of `home` (every table with la_code) under each of `codes`, in one transaction."""
    import sqlalchemy as sa

    from store.tables import batches, metadata

    with engine.begin() as conn:
        shift = (conn.execute(sa.select(sa.func.max(batches.c.id))).scalar() or 0) + 1
        for k, code in enumerate(codes, start=1):
            for table in metadata.sorted_tables:  # batches before the rows that point at them
                if "la_code" not in table.c:
                    continue
                columns = [c for c in table.c if c.name != "id" or table is batches]
                values = [_copied(c, code, k * shift) for c in columns]
                query = sa.select(*values).where(table.c.la_code == home).order_by(table.c.id)
                conn.execute(table.insert().from_select([c.name for c in columns], query))
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn)


def _copied(column, code: str, shift: int):
    import sqlalchemy as sa

    if column.name == "la_code":
        return sa.literal(code, sa.String(12)).label("la_code")
    points_at_batches = any(fk.column.table.name == "batches" for fk in column.foreign_keys)
    if (column.name == "id" and column.table.name == "batches") or points_at_batches:
        return (column + shift).label(column.name)
    return column


def _reset_sequences(conn) -> None:
    import sqlalchemy as sa

    from store.tables import metadata

    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement:
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"
                )
            )


def many_store(folder: Path, one: Path, months: int | str, count: int) -> Path:
    """The one-authority store with `count - 1` copies of its authority under other codes, built once."""
    path = folder / f"authorities-{count}-x-{months}-months.sqlite"
    if path.exists():
        return path
    from store.db import open_store
    from workflows import la_code

    building = folder / f"building-{count}-x-{months}-{os.getpid()}.sqlite"
    shutil.copyfile(one, building)
    print(f"building a {count}-authority store in {path} (once; reused next time)", flush=True)
    engine = open_store(f"sqlite:///{building}")
    replicate(engine, la_code(), other_codes(count - 1))
    engine.dispose()
    building.replace(path)
    return path


def to_postgres(sqlite_path: Path, server_url: str) -> str:
    """A new PostgreSQL database holding a copy of the SQLite store (migrated to head first)."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from store.db import open_store
    from store.tables import metadata

    name = f"csc_speed_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    source, target = open_store(f"sqlite:///{sqlite_path}"), open_store(url)
    with source.connect() as read, target.begin() as write:
        for table in metadata.sorted_tables:
            result = read.execute(table.select().order_by(*table.primary_key.columns))
            while chunk := result.fetchmany(COPY_CHUNK):
                write.execute(table.insert(), [dict(row._mapping) for row in chunk])
        _reset_sequences(write)
    source.dispose()
    target.dispose()
    return url


def drop_postgres(server_url: str, url: str) -> None:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    admin.dispose()


def _point_at(store: str) -> None:
    """Every page run from now on reads `store`: a SQLite path or a PostgreSQL URL."""
    if store.startswith("postgresql"):
        os.environ["DATABASE_URL"] = store
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CSC_STORE_PATH"] = store
    from workflows import store as opened

    opened()  # opened (and migrated) before any timing


def time_stores(one: str, many: str, pages: list[str], repeats: int) -> list[tuple[str, float, float]]:
    """(page, cold ratio, warm ratio) of `many` over `one`, each store's runs alternating with the other's."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    rows = []
    for page in pages:
        make = lambda page=page: AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=TIMEOUT)  # noqa: E731
        times: dict[str, dict[str, list[float]]] = {one: {"cold": [], "warm": []}, many: {"cold": [], "warm": []}}
        for store in (one, many):  # a first run of each, untimed: imports, connections, migrations checked
            _point_at(store)
            _run_once(make, cold=True)
        for _ in range(repeats):
            for store in (one, many):
                _point_at(store)
                st.cache_data.clear()  # caches are keyed on the store version, which the two stores share
                times[store]["cold"].append(_run_once(make, cold=True))
                times[store]["warm"].append(_run_once(make, cold=False))
        cold = statistics.median(times[many]["cold"]) / statistics.median(times[one]["cold"])
        warm = statistics.median(times[many]["warm"]) / statistics.median(times[one]["warm"])
        rows.append((page, cold, warm))
        print(f"  {page:<14} cold {cold:5.2f}x  warm {warm:5.2f}x", flush=True)
    return rows


def report(label: str, rows: list[tuple[str, float, float]]) -> list[str]:
    lines = [label, "", "| Page | Cold, many / one | Warm, many / one |", "| --- | ---: | ---: |"]
    lines += [f"| {page} | {cold:.2f} | {warm:.2f} |" for page, cold, warm in rows]
    worst = max(max(cold, warm) for _, cold, warm in rows)
    lines += ["", f"worst {worst:.2f}x (goal <= {GOAL}x): {'met' if worst <= GOAL else 'missed'}"]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=36, help="months of sample history (default 36)")
    parser.add_argument("--authorities", type=int, default=20, help="authorities in the larger store (default 20)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per median (default 3)")
    parser.add_argument("--pages", nargs="+", default=DEFAULT_PAGES, help=f"pages (default {' '.join(DEFAULT_PAGES)})")
    parser.add_argument("--small", action="store_true", help="3 months, 3 authorities, one page, one run: CI")
    parser.add_argument("--stores", type=Path, help="folder to keep the stores in (default: a temp folder)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only, even with CSC_TEST_DATABASE_URL")
    parser.add_argument("--store", type=Path, help="an existing one-authority SQLite store instead of the sample")
    args = parser.parse_args(argv)
    if args.small:
        args.months, args.authorities, args.repeats, args.pages = 3, 3, 1, ["overview"]
    unknown = [p for p in args.pages if not (PAGES / f"{p}.py").exists()]
    if unknown:
        raise SystemExit(f"no such page: {', '.join(unknown)}")

    os.environ.pop("DATABASE_URL", None)  # never time (or write audit rows into) a real store
    os.environ["CSC_SAMPLE_DATA"] = "off"
    folder = args.stores or Path(tempfile.gettempdir()) / "csc-authorities-speed"
    folder.mkdir(parents=True, exist_ok=True)
    one = args.store or sample_store(folder, args.months)
    if args.store:  # its own months, however many: the copies are built afresh, not reused
        args.months = "its"
        for old in folder.glob(f"authorities-{args.authorities}-x-its-months.sqlite"):
            old.unlink()
    many = many_store(folder, one, args.months, args.authorities)
    # Time copies: page views write to the store (the audit of what was seen).
    one_copy, many_copy = folder / f"timing-one-{os.getpid()}.sqlite", folder / f"timing-many-{os.getpid()}.sqlite"
    shutil.copyfile(one, one_copy)
    shutil.copyfile(many, many_copy)
    size = f"{args.authorities} authorities x {args.months} months against 1 x {args.months}"
    if args.store:
        size = f"{args.authorities} authorities against 1, each with the months of {args.store.name}"
    print(f"SQLite, {size}; median of {args.repeats}", flush=True)
    started = time.perf_counter()
    lines = report(f"SQLite, {size}", time_stores(str(one_copy), str(many_copy), args.pages, args.repeats))
    one_copy.unlink()
    many_copy.unlink()
    server = os.environ.get("CSC_TEST_DATABASE_URL", "").strip()
    if server and not args.no_postgres:
        made = []
        try:
            print(f"PostgreSQL, {size}: copying both stores", flush=True)
            made = [to_postgres(one, server), to_postgres(one, server)]
            from store.db import open_store
            from workflows import la_code

            engine = open_store(made[1])  # the other authorities copied inside PostgreSQL: no round trips
            replicate(engine, la_code(), other_codes(args.authorities - 1))
            engine.dispose()
            rows = time_stores(made[0], made[1], args.pages, args.repeats)
            lines += ["", *report(f"PostgreSQL, {size}", rows)]
        finally:
            os.environ.pop("DATABASE_URL", None)
            from store.db import open_store

            for url in made:
                open_store(url).dispose()
                drop_postgres(server, url)
    lines += ["", f"({time.perf_counter() - started:.0f} s of timing)"]
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()
