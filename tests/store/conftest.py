"""Store fixtures: every store test runs twice, on a SQLite file and on a PostgreSQL database.

PostgreSQL comes from CSC_TEST_DATABASE_URL, which `bash scripts/test.sh` sets after starting a
throwaway cluster (scripts/postgres.sh). Without it the PostgreSQL cases are skipped locally, and fail
under CI, so CI can never pass without having run them.

Each test gets its own database. Migrating costs time, so each backend's store is migrated once per
session into a template, and each test gets a copy: a copied SQLite file, or on PostgreSQL
`CREATE DATABASE ... TEMPLATE`. Use `empty_database_url` when a test needs a database with no tables.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from store.db import open_store
from tests.databases import PostgresServer, postgres_server_or_skip

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = postgres_server_or_skip()
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store migrated to head once per session, to copy for each test."""
    url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'store.sqlite'}"
    open_store(url).dispose()  # closing the last connection checkpoints the WAL into the file we copy
    return url


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> Iterator[str]:
    """A PostgreSQL store migrated to head once per session, to copy for each test."""
    url = postgres_server.create()
    try:
        open_store(url).dispose()  # PostgreSQL copies only a template nobody is connected to
        yield url
    finally:
        postgres_server.drop(url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh store of its own for this test, already migrated to head."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        template: str = request.getfixturevalue("postgres_template")
        url = server.create(template=make_url(template).database)
        yield url
        server.drop(url)
    else:
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "store.sqlite"
        shutil.copyfile(make_url(template).database, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database of its own for this test, with no tables at all."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.create()
        yield url
        server.drop(url)
    else:
        yield f"sqlite:///{tmp_path}/empty.sqlite"


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    """The store's engine on this test's database (as the app would open it), disposed afterwards."""
    engine = open_store(database_url)
    yield engine
    engine.dispose()
