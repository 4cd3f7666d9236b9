"""Scale out (issue 18): two app replicas started together on one fresh PostgreSQL database migrate it once,
and then serve the same figures. Each replica is its own process running the app's start-up code
(store.db.open_store, as every page's first store() does); the test waits on their exit, never on time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from store.db import MIGRATION_LOCK, open_store
from store.row_security import SHARED, tables_with_la_code
from store.tables import month_figures
from views.indicators import FAMILY

ROOT = Path(__file__).resolve().parents[2]
LA = "E06000039"
START_S = 120  # a replica's start-up (imports, migration) on a loaded machine; only an upper bound

START = "import sys; from store.db import open_store; open_store(sys.argv[1]); print('started')"
SERVE = (
    "import sys, json; from store.db import open_store; from views.themes import read_figures; "
    "figures = read_figures(open_store(sys.argv[1]), sys.argv[2]).figures; "
    "print(json.dumps(figures[['month', 'code', 'breakdown', 'value']].to_dict('records')))"
)


def _replica(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(replica: subprocess.Popen) -> str:
    out, err = replica.communicate(timeout=START_S)
    assert replica.returncode == 0, err[-3000:]
    return out


@pytest.fixture
def fresh_database(postgres_server):
    url = postgres_server.create()
    yield url
    postgres_server.drop(url)


def _waiting_for_migration_lock(conn) -> int:
    query = sa.text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND ((classid::bigint << 32) | objid::bigint) = :key"
    )
    return conn.execute(query, {"key": MIGRATION_LOCK}).scalar_one()


def test_two_replicas_started_together_migrate_once_and_serve_the_same_figures(fresh_database):
    holder_engine = sa.create_engine(fresh_database, poolclass=NullPool)
    with holder_engine.connect() as holder:
        # Hold the migration lock so both replicas reach it before either migrates: they start together.
        holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        holder.commit()
        replicas = [_replica(START, fresh_database) for _ in range(2)]
        deadline = time.monotonic() + START_S
        while _waiting_for_migration_lock(holder) < 2:  # the state we wait on: both replicas at the lock
            holder.commit()
            assert all(r.poll() is None for r in replicas), "a replica stopped before reaching the migration"
            assert time.monotonic() < deadline, "the replicas never both reached the migration lock"
            time.sleep(0.1)
        holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        holder.commit()
        assert [_finished(r).strip() for r in replicas] == ["started", "started"]

        # One migration history: one row at head, each table and each policy created once.
        assert holder.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == [_head()]
        policies = holder.execute(
            sa.text("SELECT polname, count(*) FROM pg_policy GROUP BY polname HAVING count(*) > 1")
        ).all()
        assert policies == []
        secured = holder.execute(sa.text("SELECT count(*) FROM pg_policy")).scalar_one()
        holding_authorities = set(sa.inspect(holder).get_table_names()) - set(SHARED) - {"alembic_version"}
        assert set(tables_with_la_code(holder)) <= holding_authorities  # and the rest through a parent (0013)
        assert secured == len(holding_authorities) > 10
    holder_engine.dispose()

    engine = open_store(fresh_database)  # a third process (this one) stores figures through the app's engine
    with engine.begin() as conn:
        for month, value in (("2024-05", 17.5), ("2024-06", 16.25)):
            conn.execute(
                month_figures.insert().values(
                    la_code=LA,
                    family=FAMILY,
                    month=month,
                    code="caseload_per_fte",
                    value=value,
                    computed_at=datetime.now(UTC),
                )
            )
    engine.dispose()

    served = [json.loads(_finished(r)) for r in [_replica(SERVE, fresh_database, LA) for _ in range(2)]]
    assert served[0] == served[1]
    assert [(f["month"], f["value"]) for f in served[0]] == [("2024-05", 17.5), ("2024-06", 16.25)]


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import store.db

    config = Config()
    config.set_main_option("script_location", str(store.db.MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
