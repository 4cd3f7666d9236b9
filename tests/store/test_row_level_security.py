"""PostgreSQL row-level security on la_code (issue 18), proven with raw SQL outside the app.

The test database's login owns the tables, as the app's login does in a simple deployment: FORCE ROW
LEVEL SECURITY must hold it to the policies all the same. A raw psycopg connection that sets
`csc.la_codes` to one authority tries to read, change, move, insert and delete another authority's rows,
and sees nothing or is refused. SQLite has no row-level security: there the app's check applies
(tests/workflows/test_authorities.py).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from store.db import authority_scope, limit_to_authorities, open_store
from store.row_security import tables_with_la_code, unsecured
from store.tables import audit_log, indicator_targets, metadata, month_figures

OURS, THEIRS = "E06000039", "E09000001"
NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest):
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    url = server.create(template=make_url(template).database)
    yield url
    server.drop(url)


@pytest.fixture
def two_authorities(postgres_url: str) -> str:
    """A store holding figures, a target and an audit entry for each of two authorities."""
    engine = open_store(postgres_url)
    with engine.begin() as conn:  # the server's own work: every authority
        for la_code, value in ((OURS, 10.0), (THEIRS, 20.0)):
            conn.execute(
                month_figures.insert().values(
                    la_code=la_code, family="caseload", month="2026-10", code="caseload", value=value, computed_at=NOW
                )
            )
            conn.execute(
                indicator_targets.insert().values(
                    la_code=la_code, code="caseload", target=value, set_by="t", set_at=NOW
                )
            )
            conn.execute(audit_log.insert().values(at=NOW, who="t", la_code=la_code, action="load", details=""))
    engine.dispose()
    return postgres_url


def _raw(url: str, la_codes: str | None) -> psycopg.Connection:
    """A plain psycopg connection as the app's login (the tables' owner), `csc.la_codes` set for the session."""
    conn = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    if la_codes is not None:
        conn.execute("SELECT set_config('csc.la_codes', %s, false)", (la_codes,))
        conn.commit()
    return conn


def test_every_table_with_an_la_code_column_is_secured_for_its_owner_too(postgres_url):
    engine = open_store(postgres_url)
    with engine.connect() as conn:
        tables = tables_with_la_code(conn)
        owner_bypasses = conn.execute(
            sa.text("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
        missing = unsecured(conn)
    engine.dispose()
    expected = {t.name for t in metadata.sorted_tables if "la_code" in t.c}
    assert expected <= set(tables)  # every table the app keeps an authority's rows in
    assert {"month_figures", "batches", "rows_workforce", "access_log", "audit_log"} <= set(tables)
    assert missing == []
    assert owner_bypasses is False  # the test login is the owner, not a superuser: what the app runs as


def test_raw_sql_for_one_authority_cannot_read_change_or_add_another_authoritys_rows(two_authorities):
    with _raw(two_authorities, OURS) as conn:
        assert conn.execute("SELECT DISTINCT la_code FROM month_figures").fetchall() == [(OURS,)]
        assert conn.execute("SELECT count(*) FROM month_figures WHERE la_code = %s", (THEIRS,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM indicator_targets WHERE la_code = %s", (THEIRS,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_log WHERE la_code = %s", (THEIRS,)).fetchone() == (0,)

        changed = conn.execute("UPDATE month_figures SET value = 0 WHERE la_code = %s", (THEIRS,))
        assert changed.rowcount == 0
        deleted = conn.execute("DELETE FROM indicator_targets WHERE la_code = %s", (THEIRS,))
        assert deleted.rowcount == 0
        conn.commit()

        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO month_figures (la_code, family, month, code, value, computed_at) "
                "VALUES (%s, 'caseload', '2026-11', 'caseload', 99, now())",
                (THEIRS,),
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE month_figures SET la_code = %s WHERE la_code = %s", (THEIRS, OURS))
        conn.rollback()

    with _raw(two_authorities, "*") as conn:  # what is stored is untouched
        rows = conn.execute("SELECT la_code, month, value FROM month_figures ORDER BY la_code").fetchall()
        assert rows == [(OURS, "2026-10", 10.0), (THEIRS, "2026-10", 20.0)]
        assert conn.execute("SELECT count(*) FROM indicator_targets").fetchone() == (2,)


def test_a_connection_that_sets_nothing_sees_nothing(two_authorities):
    with _raw(two_authorities, None) as conn:
        assert conn.execute("SELECT count(*) FROM month_figures").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM batches").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO audit_log (at, who, la_code, action) VALUES (now(), 'x', %s, 'load')", (OURS,))


def test_a_regional_login_sees_each_of_its_authorities(two_authorities):
    with _raw(two_authorities, f"{OURS},{THEIRS}") as conn:
        assert conn.execute("SELECT count(DISTINCT la_code) FROM month_figures").fetchone() == (2,)


def test_the_apps_engine_carries_the_pages_authorities_into_every_transaction(two_authorities):
    """What a page's run does (pages/__init__.py): its thread's transactions see only the user's authorities."""
    engine = open_store(two_authorities)
    seen: dict[str, object] = {}

    def a_page_run() -> None:
        limit_to_authorities((THEIRS,))
        seen["scope"] = authority_scope()
        with engine.connect() as conn:
            seen["codes"] = conn.execute(sa.select(month_figures.c.la_code).distinct()).scalars().all()
        try:
            with engine.begin() as conn:
                conn.execute(
                    month_figures.insert().values(
                        la_code=OURS, family="caseload", month="2026-12", code="caseload", value=1.0, computed_at=NOW
                    )
                )
        except sa.exc.ProgrammingError as refused:
            seen["insert"] = str(refused.orig)

    page = threading.Thread(target=a_page_run)
    page.start()
    page.join()
    with engine.connect() as conn:  # this thread set nothing: the server's own work sees every authority
        everyone = conn.execute(sa.select(month_figures.c.la_code).distinct().order_by("la_code")).scalars().all()
    engine.dispose()
    assert seen["scope"] == THEIRS
    assert seen["codes"] == [THEIRS]
    assert "row-level security" in seen["insert"]
    assert everyone == [OURS, THEIRS]
