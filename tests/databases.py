"""The throwaway PostgreSQL that `bash scripts/test.sh` starts, shared by store and browser tests."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

TEST_DATABASE_ENV = "CSC_TEST_DATABASE_URL"


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


DROP_ATTEMPTS = 5  # each after the database was seen empty


class PostgresServer:
    """Creates and drops uniquely named databases through the login database of CSC_TEST_DATABASE_URL."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def create(self, template: str | None = None) -> str:
        name = f"csc_t_{uuid.uuid4().hex[:12]}"
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        with self.admin.connect() as conn:
            conn.exec_driver_sql(sql)
        return _render(self.url.set(database=name))

    def drop(self, url: str) -> None:
        """FORCE ends our own sessions, but not an autovacuum worker's (another role): until that worker has
        left the database, the drop is refused, so it is tried again once the server says nobody else is in it."""
        name = make_url(url).database
        with self.admin.connect() as conn:
            for _ in range(DROP_ATTEMPTS):
                try:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    return
                except sa.exc.ProgrammingError:
                    others = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
                    while conn.exec_driver_sql(others, (name,)).scalar():
                        conn.exec_driver_sql("SELECT pg_sleep(0.1)")
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_server_or_skip() -> PostgresServer:
    """The test server; without one, skip locally but fail under CI (it must never skip PostgreSQL)."""
    url = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if not url:
        message = f"{TEST_DATABASE_ENV} is not set, so there is no PostgreSQL to test against"
        if _on_ci():
            pytest.fail(f"{message}; under CI the PostgreSQL tests must run (use `bash scripts/test.sh`)")
        pytest.skip(f"{message}; run `bash scripts/test.sh` to start a throwaway PostgreSQL cluster")
    return PostgresServer(url)
