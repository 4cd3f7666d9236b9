"""Where the store lives and how to open it: SQLite by default, PostgreSQL when DATABASE_URL names one.

Opening the store always brings its schema up to date with Alembic, so a new replica, a fresh clone
and a test database all start from the same migrations. On PostgreSQL the upgrade runs under an
advisory lock, so several replicas starting together do not race each other.
"""

from __future__ import annotations

import threading
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from settings import setting
from store.row_security import secure_new_tables

MIGRATIONS = Path(__file__).with_name("migrations")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
MIGRATION_LOCK = 7_204_113  # any fixed number: PostgreSQL advisory lock held while migrating
SQLITE_BUSY_TIMEOUT_S = 30  # how long a change waits for another to finish, on SQLite and (lock_timeout) PostgreSQL
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
    engine = prepare(create_engine(url, pool_pre_ping=True, future=True))
    migrate(engine)
    return engine


def prepare(engine: Engine) -> Engine:
    """The store's settings on every connection: SQLite's locking, PostgreSQL's authorities (below)."""
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    else:
        _configure_postgresql(engine)
    return engine


# ---- which authorities' rows this thread may read and write (PostgreSQL row-level security) ----------
#
# Migration 0014 puts a policy on every table with an la_code column: a row is visible, and may be written,
# only when its la_code is in the transaction's `csc.la_codes` setting ('*': every authority); migration
# 0013 does the same through the parent row for the tables without one (store/row_security.py). FORCE ROW
# LEVEL SECURITY holds the tables' owner (the app's own login) to it too, so a connection that sets
# nothing sees nothing. Every transaction this engine begins sets it from the thread's scope: the
# signed-in user's authorities in a page (pages/__init__.py), every authority for the server's own work
# (start-up, the command line, a load's recomputation) where no one is signed in. SQLite has no
# row-level security: there the app's check (core.access.require_authority) is the only one.

EVERY_AUTHORITY = "*"
LA_CODES_SETTING = "csc.la_codes"
_SCOPE: ContextVar[str] = ContextVar("csc_la_codes", default=EVERY_AUTHORITY)


def limit_to_authorities(codes: tuple[str, ...] | list[str]) -> None:
    """From now on in this thread (a page's run), read and write only these authorities' rows."""
    if not codes or any("," in code or code == EVERY_AUTHORITY or not code.strip() for code in codes):
        raise ValueError(f"Not a list of authority codes: {codes!r}")
    _SCOPE.set(",".join(codes))


def every_authority() -> None:
    """Lift the limit in this thread (before sign-in; the server's own work)."""
    _SCOPE.set(EVERY_AUTHORITY)


def authority_scope() -> str:
    """The `csc.la_codes` this thread's transactions set: codes joined by commas, or '*'."""
    return _SCOPE.get()


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql(f"SELECT set_config('{LA_CODES_SETTING}', %(codes)s, true)", {"codes": _SCOPE.get()})


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
            # A migration moves every authority's rows, whoever's page happened to open the store first.
            conn.execute(text(f"SELECT set_config('{LA_CODES_SETTING}', :every, true)"), {"every": EVERY_AUTHORITY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        if engine.dialect.name == "postgresql":
            secure_new_tables(conn)  # a table with la_code that a migration after 0014 added


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


class StoreBusy(Exception):
    """Another change held the store for longer than a change waits: refused in words, nothing stored."""


def transaction_lock(conn, name: str) -> None:
    """Hold a PostgreSQL advisory lock named `name` until the transaction ends, so writers of the same
    thing queue. SQLite's BEGIN IMMEDIATE (see `writing`) already serialises every writer."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(name.encode()) - 2**31})


@contextmanager
def writing(engine: Engine):
    """A transaction that will write: on SQLite it takes the write lock at once, so two writers queue
    (up to SQLITE_BUSY_TIMEOUT_S) instead of one failing half way with "database is locked". On
    PostgreSQL a lock wait has the same limit. A change that waits longer raises StoreBusy, saying
    which change is running and whose it is (see `activity`), never the driver's message."""
    try:
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"SET LOCAL lock_timeout = '{SQLITE_BUSY_TIMEOUT_S}s'"))
                if mine := _own_activity(engine):
                    conn.execute(text("SELECT set_config('application_name', :n, true)"), {"n": _tag(*mine)})
            yield conn
    except OperationalError as err:
        if not _waited_too_long(err):
            raise
        raise StoreBusy(busy_message(engine)) from None


# ---- who is changing the store now, so a change that has to wait can say for whom ----------------

_ACTIVITIES: dict[int, tuple[str, str, str, datetime, int]] = {}  # token -> (url, who, what, since, thread)
_ACTIVITIES_LOCK = threading.Lock()
_APP_NAME = "csc change: "  # PostgreSQL application_name prefix, so another replica can name the holder


@contextmanager
def activity(engine: Engine, who: str, what: str):
    """Name a change while it runs in this process: who, and what ('a load of workforce.csv')."""
    token = object()
    with _ACTIVITIES_LOCK:
        _ACTIVITIES[id(token)] = (str(engine.url), who, what, datetime.now(), threading.get_ident())
    try:
        yield
    finally:
        with _ACTIVITIES_LOCK:
            _ACTIVITIES.pop(id(token), None)


def _own_activity(engine: Engine) -> tuple[str, str] | None:
    with _ACTIVITIES_LOCK:
        for url, who, what, _since, thread in _ACTIVITIES.values():
            if url == str(engine.url) and thread == threading.get_ident():
                return who, what
    return None


def _tag(who: str, what: str) -> str:
    return (_APP_NAME + f"{what} by {who}")[:63]  # PostgreSQL keeps 63 characters


def _waited_too_long(err: OperationalError) -> bool:
    """SQLite's 'database is locked' after its busy timeout, or PostgreSQL's lock_timeout (55P03)."""
    return "database is locked" in str(err.orig) or getattr(err.orig, "sqlstate", None) == "55P03"


def busy_message(engine: Engine) -> str:
    """The refusal a waiting change gets: what is running and by whom, as far as this server knows."""
    with _ACTIVITIES_LOCK:
        others = [
            (what, who, since)
            for url, who, what, since, thread in _ACTIVITIES.values()
            if url == str(engine.url) and thread != threading.get_ident()
        ]
    if others:
        what, who, since = min(others, key=lambda other: other[2])
        running = f"another change is being saved ({what}, started {since:%H:%M} by {who})"
    else:
        running = _running_elsewhere(engine) or "another change to the store is being saved"
    return (
        f"Not stored: {running}, and this one waited {SQLITE_BUSY_TIMEOUT_S} seconds for it to finish. "
        "Nothing was changed. Try again when it has finished."
    )


def _running_elsewhere(engine: Engine) -> str | None:
    """On PostgreSQL, the change another server process is making, from its application_name."""
    if engine.dialect.name != "postgresql":
        return None
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT application_name FROM pg_stat_activity "
                    "WHERE application_name LIKE :p AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 1"
                ),
                {"p": _APP_NAME + "%"},
            ).scalar()
    except OperationalError:
        return None
    return f"another change is being saved ({found[len(_APP_NAME) :]})" if found else None


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
