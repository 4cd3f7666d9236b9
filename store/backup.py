"""A consistent copy of the SQLite store while the app runs, and putting one back.

SQLite's online backup API copies the database page by page under its own locking, so pages keep
reading and a load in progress is either wholly in the copy or not at all (a plain file copy of a WAL
database can catch it half written). PostgreSQL has its own tools (pg_dump, pg_restore; see README).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

REQUIRED_TABLES = ("alembic_version", "batches", "audit_log")


class BackupRefused(Exception):
    """A backup or restore that would not be safe; the message says why and what to do."""


def sqlite_path(url: str) -> Path:
    """The file of a SQLite store URL; any other database is refused with the tools to use instead."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupRefused(
            "The store is not an SQLite file: back up PostgreSQL with pg_dump and restore it with pg_restore "
            "(README, Data protection)."
        )
    return Path(parsed.database)


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API (target's content is replaced)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def check_store_file(path: Path) -> None:
    """Refuse a file that is not a sound copy of a store: not SQLite, damaged, or missing the store's tables."""
    if not path.is_file():
        raise BackupRefused(f"There is no file at {path}.")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not an SQLite database ({error}).") from error
    if verdict != "ok":
        raise BackupRefused(f"{path} is damaged (SQLite's integrity check says: {verdict}).")
    missing = [name for name in REQUIRED_TABLES if name not in names]
    if missing:
        raise BackupRefused(f"{path} is not a copy of this dashboard's store (no {', '.join(missing)} table).")
