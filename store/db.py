"""Where the store lives and how to open it: SQLite by default, PostgreSQL when DATABASE_URL names one.

Opening the store always brings its schema up to date with Alembic, so a new replica, a fresh clone
and a test database all start from the same migrations. On PostgreSQL the upgrade runs under an
advisory lock, so several replicas starting together do not race each other.
"""

from __future__ import annotations

import threading
import zlib
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text

from settings import setting

MIGRATIONS = Path(__file__).with_name("migrations")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
MIGRATION_LOCK = 7_204_113  # any fixed number: PostgreSQL advisory lock held while migrating
SQLITE_BUSY_TIMEOUT_S = 30
WRITE = "csc_write"


def database_url() -> str:
    """DATABASE_URL when set, else the SQLite file named by CSC_STORE_PATH (relative to the project)."""
    url = setting("DATABASE_URL").strip()
    if url:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver named.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    path = Path(setting("CSC_STORE_PATH")).expanduser()
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def open_store(url: str | None = None) -> Engine:
    """An engine on an up-to-date store; one engine per URL per process.

    Streamlit runs sessions on threads and Alembic is not thread-safe, so the first opening (and its
    migration) happens under a process-wide lock; other processes are held off by the database.
    """
    with _OPENING:
        return _open(url or database_url())


_OPENING = threading.Lock()


@cache
def _open(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, future=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the latest Alembic revision (a no-op when already there)."""
    with _MIGRATING:
        _migrate(engine)


_MIGRATING = threading.Lock()


def _migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL so pages can read during a load, and explicit BEGINs (see `writing`)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        if "memory" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def writing(engine: Engine):
    """A transaction that will write: on SQLite it takes the write lock at once, so two writers queue
    (up to SQLITE_BUSY_TIMEOUT_S) instead of one failing half way with "database is locked"."""
    return engine.execution_options(**{WRITE: True}).begin()


_EXCLUSIVE = threading.Lock()


@contextmanager
def exclusive(engine: Engine, name: str):
    """Hold a named lock across many transactions (the first-run sample load, say).

    Within a process a threading lock; on PostgreSQL also a session-level advisory lock on a
    dedicated connection, so replicas sharing the database take turns. SQLite is one process's file.
    """
    with _EXCLUSIVE:
        if engine.dialect.name != "postgresql":
            yield
            return
        key = zlib.crc32(name.encode()) - 2**31
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
