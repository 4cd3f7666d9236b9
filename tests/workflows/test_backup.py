"""Backup and restore of the SQLite store: a restored backup gives back exactly the figures it held."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa

from store.audit import audit_entries
from store.backup import BackupRefused
from store.batches import load, withdraw
from store.db import open_store
from store.tables import month_figures
from tests.store.test_batches import LA, upload, workforce
from workflows.backup import backup, restore
from workflows.jobs import RECOMPUTATIONS


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def _load(engine, month: str, caseload: int):
    body = workforce(f"W1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,{caseload}")
    return load(engine, upload("workforce", month, body), "ana", RECOMPUTATIONS)


def _figures(engine) -> pd.DataFrame:
    columns = ["family", "month", "code", "breakdown", "numerator", "denominator", "value"]
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(sa.select(*(month_figures.c[c] for c in columns))).all(), columns=columns)
    return frame.sort_values(columns[:4]).reset_index(drop=True)


def test_restoring_a_backup_gives_back_the_same_stored_figures(engine, tmp_path):
    _load(engine, "2025-01", 18)
    _load(engine, "2025-02", 22)
    held = _figures(engine)
    copy = tmp_path / "backups" / "store-backup.sqlite"

    backup(engine, LA, copy, "ig officer")
    withdrawn = _load(engine, "2025-03", 30)
    withdraw(engine, withdrawn.batch_id, "ana", LA, RECOMPUTATIONS)
    _load(engine, "2025-02", 40)  # the figures now differ from the backup's
    assert not _figures(engine).equals(held)

    restore(engine, LA, copy, "ig officer")

    pd.testing.assert_frame_equal(_figures(engine), held)
    events = audit_entries(engine, LA)["event"].tolist()
    assert events[0] == "restore" and "backup" in events  # the copy holds its own backup entry


def test_a_backup_never_overwrites_a_file(engine, tmp_path):
    existing = tmp_path / "there.sqlite"
    existing.write_bytes(b"something precious")
    with pytest.raises(BackupRefused, match="already exists"):
        backup(engine, LA, existing, "ig officer")
    assert existing.read_bytes() == b"something precious"


def test_a_file_that_is_not_a_store_is_not_restored(engine, tmp_path):
    _load(engine, "2025-01", 18)
    held = _figures(engine)
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("not a database")
    other_database = tmp_path / "other.sqlite"
    with sqlite3.connect(other_database) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupRefused, match="not an SQLite database"):
        restore(engine, LA, not_a_database, "ig officer")
    with pytest.raises(BackupRefused, match="not a copy of this dashboard's store"):
        restore(engine, LA, other_database, "ig officer")
    pd.testing.assert_frame_equal(_figures(engine), held)


def test_postgresql_is_pointed_to_pg_dump():
    from store.backup import sqlite_path

    with pytest.raises(BackupRefused, match="pg_dump"):
        sqlite_path("postgresql+psycopg://u:p@host/db")
