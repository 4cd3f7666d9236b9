"""Opening the store: where it lives, that it is migrated to match store.tables, and safe to open again."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

import store.db
from store.db import MIGRATION_LOCK, database_url, migrate, open_store, prepare
from store.tables import batches, metadata

ROOT = Path(__file__).resolve().parents[2]
LOCK_WAIT_S = 30


def _head() -> str:
    config = Config()
    config.set_main_option("script_location", str(store.db.MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head, "no Alembic revisions found"
    return head


def _assert_at_head(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == _head()
        assert compare_metadata(context, metadata) == []
        tables = set(sa.inspect(conn).get_table_names())
    assert tables == {*metadata.tables, "alembic_version"}


def _add_batch(engine: sa.Engine) -> None:
    now = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            batches.insert().values(
                la_code="E06000039",
                dataset="workforce",
                reporting_month="2026-10",
                extract_date=dt.date(2026, 10, 31),
                file_name="workforce_2026-10.csv",
                sha256="0" * 64,
                rows=3,
                columns_present="worker_id,team",
                loaded_by="tester",
                loaded_at=now,
                status="current",
                activated_at=now,
            )
        )


def _batch_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(batches)).scalar_one()


def _in_background(fn: Callable[[], object]) -> Future:
    """Run fn on a daemon thread: when a test times out waiting for it, a stuck thread cannot hang pytest."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(fn())
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    return future


def test_empty_database_is_migrated_to_head_on_open(empty_database_url):
    bare = sa.create_engine(empty_database_url)
    try:
        assert sa.inspect(bare).get_table_names() == []
    finally:
        bare.dispose()

    engine = open_store(empty_database_url)
    try:
        _assert_at_head(engine)
    finally:
        engine.dispose()


def test_each_test_store_is_at_head_and_empty(engine):
    _assert_at_head(engine)
    assert _batch_count(engine) == 0


def test_opening_again_keeps_schema_and_data(database_url, engine):
    _add_batch(engine)
    assert open_store(database_url) is engine  # one engine per URL per process

    # Another process (a second replica, or the app restarted) opening the same store migrates again.
    # Prepared as the store prepares its own: a bare engine sets no authorities, and on PostgreSQL
    # row-level security (migration 0014) then shows it no rows at all.
    other = prepare(sa.create_engine(database_url))
    try:
        migrate(other)
        migrate(other)
        _assert_at_head(other)
        assert _batch_count(other) == 1
    finally:
        other.dispose()


def test_open_store_without_a_url_uses_the_settings(backend, database_url, monkeypatch):
    url = make_url(database_url)
    if backend == "postgresql":
        # The form hosting platforms hand out, without a driver named.
        monkeypatch.setenv("DATABASE_URL", "postgres://" + database_url.split("://", 1)[1])
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
        monkeypatch.setenv("CSC_STORE_PATH", url.database)
    engine = open_store()
    try:
        assert engine.url.render_as_string(hide_password=False) == database_url
        assert engine.dialect.name == backend
        _add_batch(engine)
        assert _batch_count(engine) == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            "postgres://u:p@db.example:5433/csc", "postgresql+psycopg://u:p@db.example:5433/csc", id="postgres"
        ),
        pytest.param(
            "postgresql://u:p@db.example/csc?sslmode=require",
            "postgresql+psycopg://u:p@db.example/csc?sslmode=require",
            id="postgresql",
        ),
        pytest.param("  postgresql://u@db.example/csc\n", "postgresql+psycopg://u@db.example/csc", id="whitespace"),
        pytest.param(
            "postgresql+psycopg://u:p@db.example/csc", "postgresql+psycopg://u:p@db.example/csc", id="driver-named"
        ),
        pytest.param("sqlite:////srv/csc/store.sqlite", "sqlite:////srv/csc/store.sqlite", id="sqlite"),
    ],
)
def test_database_url_names_the_psycopg_driver(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url() == expected


def test_database_url_defaults_to_sqlite_under_the_project(monkeypatch, tmp_path):
    assert (store.db.PROJECT_ROOT / "settings.py").is_file()
    assert store.db.PROJECT_ROOT == ROOT
    monkeypatch.setattr(store.db, "PROJECT_ROOT", tmp_path)  # so the test does not create ./data
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CSC_STORE_PATH", raising=False)
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'store.sqlite'}"
    assert (tmp_path / "data").is_dir()


def test_blank_database_url_means_sqlite(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "   ")
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "a" / "b" / "store.sqlite"))
    assert database_url() == f"sqlite:///{tmp_path / 'a' / 'b' / 'store.sqlite'}"
    assert (tmp_path / "a" / "b").is_dir()


def test_store_path_relative_to_the_project_and_home(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(store.db, "PROJECT_ROOT", tmp_path / "project")
    monkeypatch.setenv("CSC_STORE_PATH", "stores/one.sqlite")
    assert database_url() == f"sqlite:///{tmp_path / 'project' / 'stores' / 'one.sqlite'}"

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CSC_STORE_PATH", "~/csc/two.sqlite")
    assert database_url() == f"sqlite:///{tmp_path / 'home' / 'csc' / 'two.sqlite'}"


@pytest.mark.parametrize("backend", ["postgresql"])
def test_replicas_migrating_at_once_both_succeed(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    start = threading.Barrier(2)

    def replica_starts() -> None:
        start.wait(timeout=LOCK_WAIT_S)
        migrate(engine)

    try:
        replicas = [_in_background(replica_starts) for _ in range(2)]
        for replica in replicas:
            replica.result(timeout=LOCK_WAIT_S)  # re-raises a failed migration
        _assert_at_head(engine)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_migration_waits_for_the_advisory_lock(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    waiting = sa.text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND ((classid::bigint << 32) | objid::bigint) = :key"
    )
    try:
        with engine.connect() as holder:
            holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            holder.commit()
            migrating = _in_background(lambda: migrate(engine))
            deadline = time.monotonic() + LOCK_WAIT_S
            while holder.execute(waiting, {"key": MIGRATION_LOCK}).scalar_one() == 0:
                holder.commit()
                assert not migrating.done(), "migrate() finished without waiting for the advisory lock"
                assert time.monotonic() < deadline, "migrate() never waited for the advisory lock"
                time.sleep(0.05)
            assert sa.inspect(holder).get_table_names() == []
            holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            holder.commit()
            migrating.result(timeout=LOCK_WAIT_S)
        _assert_at_head(engine)
    finally:
        engine.dispose()
