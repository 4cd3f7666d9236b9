"""The audit of who saw what is append-only, on SQLite and PostgreSQL: entries go in and never change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from store.audit import Access, accesses_naming, append_access, audit_entries
from store.batches import record_audit
from store.db import writing
from store.tables import access_log, audit_log

LA = "E06000039"
STORE = Path(__file__).resolve().parents[2] / "store"


def test_a_view_and_a_change_read_back_as_one_audit_newest_first(engine):
    with writing(engine) as conn:
        record_audit(conn, "ana", LA, "set_target", None, "caseload: 18")
    append_access(engine, LA, Access("sam", "view", "service_manager", "surgery", "IHAs late", ("C1", "C2"), 2))
    entries = audit_entries(engine, LA)
    assert entries[["who", "event", "what"]].values.tolist() == [
        ["sam", "view", "IHAs late"],
        ["ana", "set_target", "caseload: 18"],
    ]
    assert entries.loc[0, "role"] == "service_manager" and entries.loc[0, "row_count"] == 2


def test_an_unknown_event_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="not an access event"):
        Access("sam", "peeked")


@pytest.mark.parametrize("table", [audit_log, access_log], ids=lambda t: t.name)
@pytest.mark.parametrize("verb", ["update", "delete"])
def test_the_database_refuses_to_change_or_remove_an_audit_entry(engine, table, verb):
    with writing(engine) as conn:
        record_audit(conn, "ana", LA, "load", None, "workforce_2026-01.csv")
    append_access(engine, LA, Access("sam", "download", what="caseloads.csv", row_count=3))
    statement = table.update().values(who="someone else") if verb == "update" else table.delete()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(statement)
    with engine.connect() as conn:
        assert conn.execute(sa.select(table.c.who)).scalars().all() == ["ana" if table is audit_log else "sam"]


def test_no_store_function_updates_or_deletes_the_audit():
    changing = re.compile(
        r"\b(audit_log|access_log)\s*\.\s*(update|delete)\b|\b(UPDATE|DELETE FROM|TRUNCATE)\s+(audit_log|access_log)\b"
    )
    for path in STORE.glob("*.py"):
        assert not changing.search(path.read_text(encoding="utf-8")), f"{path.name} changes the audit"


def test_a_search_for_an_id_finds_the_views_that_showed_it_and_not_a_longer_id(engine):
    append_access(engine, LA, Access("sam", "view", what="list A", subject_ids=("C1", "C2"), row_count=2))
    append_access(engine, LA, Access("tam", "view", what="list B", subject_ids=("C10",), row_count=1))
    append_access(engine, LA, Access("pat", "view", what="list C", subject_ids=("X_1%",), row_count=1))
    assert accesses_naming(engine, LA, "C1")["who"].tolist() == ["sam"]
    assert accesses_naming(engine, LA, "X_1%")["who"].tolist() == ["pat"]
    assert accesses_naming(engine, LA, "XA1B").empty


def test_creating_an_account_changing_its_role_and_deactivating_it_are_each_audited(engine):
    from datetime import UTC, datetime

    from store.users import deactivate, save_account

    now = datetime.now(UTC)
    save_account(engine, "tam", "team_manager", ("Hub 1",), "$argon2id$hash", "ana", now)
    save_account(engine, "tam", "service_manager", (), None, "ana", now)
    deactivate(engine, "tam", "ana", now)
    changes = audit_entries(engine, LA)
    assert changes[["who", "event", "what"]].values.tolist() == [
        ["ana", "deactivate_account", "tam: can no longer sign in"],
        ["ana", "change_account", "tam: role team_manager -> service_manager"],
        ["ana", "add_account", "tam: a team_manager account for Hub 1"],
    ]


def test_the_filters_choices_are_each_person_event_and_page_once(engine):
    from store.audit import audit_values

    with writing(engine) as conn:
        record_audit(conn, "ana", LA, "load", None, "workforce_2026-01.csv")
    append_access(engine, LA, Access("sam", "view", page="surgery"))
    append_access(engine, LA, Access("ana", "view", page="surgery"))
    assert audit_values(engine, LA) == {"who": ["ana", "sam"], "event": ["load", "view"], "page": ["surgery"]}
