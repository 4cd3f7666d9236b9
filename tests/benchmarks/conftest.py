"""Benchmark store tests run on SQLite and PostgreSQL with the store tests' own fixtures."""

from tests.store.conftest import (  # noqa: F401  (fixtures, registered by being imported here)
    backend,
    database_url,
    engine,
    postgres_server,
    postgres_template,
    sqlite_template,
)
