"""PostgreSQL row-level security on la_code (issue 18), proven with raw SQL outside the app.

The test database's login owns the tables, as the app's login does in a simple deployment: FORCE ROW
LEVEL SECURITY must hold it to the policies all the same. A raw psycopg connection that sets
`csc.la_codes` to one authority tries to read, change, move, insert and delete another authority's rows,
and sees nothing or is refused. SQLite has no row-level security: there the app's check applies
(tests/workflows/test_authorities.py).

Every table of store/tables.py but those store.row_security.SHARED names (the DfE's published tables, the
accounts read before sign-in) holds an authority's rows: the list is derived from the metadata, so a new
table without a policy fails here. Each gets one row per authority, and the same checks run on all of
them, as the owning login and as a separate login that owns nothing (a DBA's check: owners bypass
row-level security unless it is forced).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from store.db import MIGRATIONS, authority_scope, limit_to_authorities, open_store
from store.row_security import SHARED, secured, tables_with_la_code, unsecured
from store.tables import audit_log, indicator_targets, metadata, month_figures, user_teams, users
from store.users import account, account_table, save_account
from tests.databases import _on_ci

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


# ---- every table holding an authority's rows, derived from the metadata ----------------------------

AUTHORITY_TABLES = sorted(t.name for t in metadata.sorted_tables if t.name not in SHARED)
APPEND_ONLY = ("audit_log", "access_log")  # migration 0008: no UPDATE or DELETE, for the owner by a trigger ...
APPEND_ONLY_REFUSALS = ("the audit is append-only", "permission denied")  # ... for anyone else by privilege
FIXED = {("batches", "status"): "current"}  # a CHECK constraint's value


def _value(table: sa.Table, column: sa.Column, authority: str, tag: str):
    """A value of the column's type, different per authority and tag (a unique key never collides)."""
    if (table.name, column.name) in FIXED:
        return FIXED[(table.name, column.name)]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Float):
        return 1.5
    if isinstance(kind, sa.DateTime):
        return NOW
    if isinstance(kind, sa.Date):
        return date(2026, 10, 1)
    text = f"{tag}{authority[-3:]}-{column.name}"
    return text[: kind.length] if getattr(kind, "length", None) else text


def _row(table: sa.Table, authority: str, tag: str, ids: dict[str, dict[str, int]]) -> dict[str, object]:
    """Values for a row of `authority` in `table`: its la_code, its parents that authority's rows."""
    values: dict[str, object] = {}
    for column in table.c:
        parents = list(column.foreign_keys)
        if column.primary_key:
            continue
        if column.name == "la_code":
            values["la_code"] = authority
        elif parents:
            if not column.nullable:
                values[column.name] = ids[parents[0].column.table.name][authority]
        elif not column.nullable and column.server_default is None:
            values[column.name] = _value(table, column, authority, tag)
    return values


def _tie(table: sa.Table) -> str:
    """The column that ties a row to its authority: la_code, else the parent row's id."""
    if "la_code" in table.c:
        return "la_code"
    (parent,) = [c.name for c in table.c if any(fk.column.table.name not in SHARED for fk in c.foreign_keys)]
    return parent


@pytest.fixture
def every_table(postgres_url: str) -> tuple[str, dict[str, dict[str, int]]]:
    """A store with one row of each authority in every table (the server's own work: every authority)."""
    engine = open_store(postgres_url)
    ids: dict[str, dict[str, int]] = {}
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            for authority in (OURS, THEIRS):
                row = _row(table, authority, "a", ids)
                ids.setdefault(table.name, {})[authority] = conn.execute(
                    table.insert().values(**row)
                ).inserted_primary_key[0]
    engine.dispose()
    return postgres_url, ids


def _sql(table: sa.Table, values: dict[str, object]) -> tuple[str, tuple]:
    names = list(values)
    columns = ", ".join(f'"{n}"' for n in names)
    return f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join(["%s"] * len(names))})', tuple(values.values())


def _what_leaks(conn: psycopg.Connection, ids: dict[str, dict[str, int]], *, writes_own: bool) -> list[str]:
    """Every way, table by table, in which a connection scoped to OURS reads or writes THEIRS' rows (or,
    with `writes_own`, fails to add a row of its own): empty when row-level security holds everywhere."""
    leaks = []

    def refused(table: str, what: str, sql: str, params: tuple) -> None:
        """The statement must fail on row-level security (an audit table: on its refusal of any change)."""
        reasons = ("row-level security", *(APPEND_ONLY_REFUSALS if table in APPEND_ONLY else ()))
        try:
            conn.execute(sql, params)
            leaks.append(f"{table}: {what} was allowed")
        except psycopg.errors.Error as err:
            if not any(reason in str(err) for reason in reasons):
                leaks.append(f"{table}: {what} failed otherwise: {err}")
        finally:
            conn.rollback()

    def changed(table: str, sql: str, params: tuple) -> int | str:
        """Rows the statement changed: none when the rows are hidden (or, on an audit table, refused); the
        error when it failed otherwise (their row was in its reach, say, though a check then refused it)."""
        try:
            return conn.execute(sql, params).rowcount
        except psycopg.errors.Error as err:
            if table in APPEND_ONLY and any(reason in str(err) for reason in APPEND_ONLY_REFUSALS):
                return 0
            return str(err).strip()
        finally:
            conn.rollback()

    for name in AUTHORITY_TABLES:
        table, ours, theirs = metadata.tables[name], ids[name][OURS], ids[name][THEIRS]
        seen = {row[0] for row in conn.execute(f'SELECT id FROM "{name}"')}
        if theirs in seen or ours not in seen:
            leaks.append(f"{name}: sees {sorted(seen)}, ours {ours}, theirs {theirs}")
        tie = _tie(table)
        updated = changed(name, f'UPDATE "{name}" SET "{tie}" = "{tie}" WHERE id = %s', (theirs,))
        deleted = changed(name, f'DELETE FROM "{name}" WHERE id = %s', (theirs,))
        if updated or deleted:
            leaks.append(f"{name}: changed {updated} and deleted {deleted} of their rows")
        refused(name, "adding a row of theirs", *_sql(table, _row(table, THEIRS, "b", ids)))
        moved = THEIRS if tie == "la_code" else ids[next(iter(table.c[tie].foreign_keys)).column.table.name][THEIRS]
        refused(name, "moving our row to them", f'UPDATE "{name}" SET "{tie}" = %s WHERE id = %s', (moved, ours))
        if writes_own:
            try:
                conn.execute(*_sql(table, _row(table, OURS, "c", ids)))
                conn.commit()
            except psycopg.errors.Error as err:
                conn.rollback()
                leaks.append(f"{name}: adding a row of our own failed: {err}")
    return leaks


def test_every_table_with_an_authoritys_rows_has_a_forced_policy(postgres_url):
    engine = open_store(postgres_url)
    with engine.connect() as conn:
        done = set(secured(conn))
        in_database = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert set(SHARED) <= set(metadata.tables)  # no stale name hides a table
    assert {"action_updates", "sign_off_figures", "panel_priorities", "user_teams", "child_population"} <= set(
        AUTHORITY_TABLES
    )
    assert sorted(set(AUTHORITY_TABLES) - done) == []
    assert sorted(in_database - set(SHARED) - done) == []  # a table a migration made but the metadata lacks


def test_raw_sql_scoped_to_one_authority_reads_and_writes_none_of_anothers_rows_in_any_table(every_table):
    url, ids = every_table
    with _raw(url, OURS) as conn:
        assert _what_leaks(conn, ids, writes_own=False) == []
    with _raw(url, "*") as conn:  # what is stored is untouched: both authorities' rows in every table
        for name in AUTHORITY_TABLES:
            assert {r[0] for r in conn.execute(f'SELECT id FROM "{name}"')} == set(ids[name].values()), name


@pytest.fixture
def non_owner(every_table, postgres_server):
    """A second login that owns nothing, granted what the app does (read and write every table; the audit
    tables only read and add), as a DBA would run the app: yields (url, ids, its name)."""
    url, ids = every_table
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    name, password = f"csc_reader_{secrets.token_hex(4)}", secrets.token_hex(16)
    database = make_url(url).database
    grants = [
        f'GRANT CONNECT ON DATABASE "{database}" TO {name}',
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        *(f"REVOKE UPDATE, DELETE ON {table} FROM {name}" for table in APPEND_ONLY),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
    ]
    with admin.connect() as conn:
        can = conn.exec_driver_sql("SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user").scalar()
        if not can:
            message = "the test login may not CREATE ROLE (scripts/postgres.sh grants it)"
            if _on_ci():
                pytest.fail(message)
            pytest.skip(message)
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{password}'")
        try:
            for grant in grants:
                conn.exec_driver_sql(grant)
            yield make_url(url).set(username=name, password=password).render_as_string(hide_password=False), ids, name
        finally:
            conn.exec_driver_sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{name}'")
            for revoke in (
                f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {name}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {name}",
                f"REVOKE ALL ON SCHEMA public FROM {name}",
                f'REVOKE ALL ON DATABASE "{database}" FROM {name}',
                f"DROP ROLE {name}",
            ):
                conn.exec_driver_sql(revoke)
    admin.dispose()


def test_a_login_that_owns_nothing_sees_nothing_unscoped_and_only_its_authority_when_scoped(non_owner):
    url, ids, name = non_owner
    with _raw(url, None) as conn:
        owner = conn.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()
        assert conn.execute("SELECT current_user").fetchone() == (name,) and (name,) not in owner
        assert conn.execute("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = %s", (name,)).fetchone() == (
            False,
        )
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in AUTHORITY_TABLES}
        assert {t: n for t, n in counts.items() if n} == {}  # no scope set: no row of any authority
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(*_sql(month_figures, _row(month_figures, OURS, "d", ids)))
        conn.rollback()
        shared = conn.execute('SELECT count(*) FROM "benchmark_sources"').fetchone()  # published: everyone's
        assert shared == (2,)
    with _raw(url, OURS) as conn:
        assert _what_leaks(conn, ids, writes_own=True) == []
    with _raw(url, THEIRS) as conn:  # and the other way round: they see their own rows, and none we added
        for table in AUTHORITY_TABLES:
            assert {r[0] for r in conn.execute(f'SELECT id FROM "{table}"')} == {ids[table][THEIRS]}, table


# ---- user_teams: a team is one authority's (migration 0013) ------------------------------------------

HUB_TEAMS = ("Team A", "Team B")


def _accounts(engine: sa.Engine) -> None:
    """A team manager who sees two authorities, and one who sees only the app's own (CSC_LA_CODE)."""
    save_account(engine, "hub", "team_manager", HUB_TEAMS, "hash", "t", NOW, (THEIRS, OURS))
    save_account(engine, "own", "team_manager", ("Team C",), "hash", "t", NOW)


def _team_rows(engine: sa.Engine) -> list[tuple[str, str, str]]:
    query = (
        sa.select(users.c.name, user_teams.c.team, user_teams.c.la_code)
        .join(users, users.c.id == user_teams.c.user_id)
        .order_by(user_teams.c.id)
    )
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_each_team_is_stored_for_each_authority_its_manager_sees_and_read_once(database_url, monkeypatch):
    monkeypatch.setenv("CSC_LA_CODE", OURS)
    engine = open_store(database_url)
    _accounts(engine)
    rows = _team_rows(engine)
    found = account(engine, "hub")
    table = account_table(engine).set_index("name")["teams"].to_dict()
    engine.dispose()
    assert rows == [
        ("hub", "Team A", THEIRS),
        ("hub", "Team A", OURS),
        ("hub", "Team B", THEIRS),
        ("hub", "Team B", OURS),
        ("own", "Team C", OURS),
    ]
    assert found.teams == HUB_TEAMS and found.authorities == (THEIRS, OURS)
    assert table == {"hub": HUB_TEAMS, "own": ("Team C",)}


def test_a_page_scoped_to_one_authority_reads_only_the_teams_of_accounts_that_see_it(postgres_url, monkeypatch):
    monkeypatch.setenv("CSC_LA_CODE", OURS)
    engine = open_store(postgres_url)
    _accounts(engine)
    seen: dict[str, dict] = {}

    def a_page_run(authority: str) -> None:
        limit_to_authorities((authority,))
        seen[authority] = account_table(engine).set_index("name")["teams"].to_dict()

    for authority in (OURS, THEIRS):
        page = threading.Thread(target=a_page_run, args=(authority,))
        page.start()
        page.join()
    engine.dispose()
    assert seen[OURS] == {"hub": HUB_TEAMS, "own": ("Team C",)}
    assert seen[THEIRS] == {"hub": HUB_TEAMS, "own": ()}  # accounts serve the whole app; OURS' team does not


def _alembic(engine: sa.Engine, step, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:  # the server's own work: every authority
        config.attributes["connection"] = conn
        step(config, revision)


def test_migration_0013_goes_down_and_up_again_keeping_every_team(database_url, monkeypatch):
    monkeypatch.setenv("CSC_LA_CODE", OURS)
    engine = open_store(database_url)
    _accounts(engine)
    at_head = _team_rows(engine)
    _alembic(engine, command.downgrade, "0012")
    with engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("user_teams")}
        down = conn.execute(sa.text("SELECT user_id, team FROM user_teams ORDER BY id")).all()
        policies = (
            conn.execute(sa.text("SELECT count(*) FROM pg_policy")).scalar()
            if engine.dialect.name == "postgresql"
            else None
        )
        names = set(secured(conn)) if engine.dialect.name == "postgresql" else set()
    _alembic(engine, command.upgrade, "head")
    up = _team_rows(engine)
    with engine.connect() as conn:
        again = set(secured(conn)) if engine.dialect.name == "postgresql" else set()
    engine.dispose()
    assert "la_code" not in columns
    assert [team for _, team in down] == ["Team A", "Team B", "Team C"]  # each team once per account
    if engine.dialect.name == "postgresql":
        assert policies and not names & {"action_updates", "sign_off_figures", "panel_priorities", "user_teams"}
        assert {"action_updates", "sign_off_figures", "panel_priorities", "user_teams"} <= again
    assert sorted(up) == sorted(at_head)


def test_the_readmes_backup_dumps_and_restores_every_authoritys_rows_with_the_policies(
    two_authorities, postgres_server
):
    """README, Backups: `PGOPTIONS="-c csc.la_codes=*" pg_dump --enable-row-security`, then pg_restore (a
    plain pg_dump as the owner stops on the forced policies)."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if _on_ci():
            pytest.fail("pg_dump and pg_restore are needed to check the README's backup")
        pytest.skip("no pg_dump or pg_restore here")
    source, target = make_url(two_authorities), make_url(postgres_server.create())
    login = ["-h", source.host, "-p", str(source.port), "-U", source.username]
    env = {**os.environ, "PGPASSWORD": source.password}
    with tempfile.TemporaryDirectory() as folder:
        dump = str(Path(folder) / "store.dump")
        plain = subprocess.run(
            ["pg_dump", *login, "-f", dump, source.database], env=env, capture_output=True, text=True
        )
        backup = ["pg_dump", *login, "--enable-row-security", "--format=custom", "-f", dump, source.database]
        dumped = subprocess.run(backup, env={**env, "PGOPTIONS": "-c csc.la_codes=*"}, capture_output=True, text=True)
        restore = ["pg_restore", *login, "--no-owner", "--role", source.username, "-d", target.database, dump]
        restored = subprocess.run(restore, env=env, capture_output=True, text=True)
    try:
        assert "would be affected by row-level security policy" in plain.stderr
        assert dumped.returncode == 0 and restored.returncode == 0, dumped.stderr + restored.stderr
        url = target.render_as_string(hide_password=False)
        with _raw(url, "*") as conn:
            assert conn.execute("SELECT la_code FROM month_figures ORDER BY la_code").fetchall() == [(OURS,), (THEIRS,)]
        with _raw(url, OURS) as conn:  # the restored store keeps its policies
            assert conn.execute("SELECT la_code FROM month_figures").fetchall() == [(OURS,)]
    finally:
        postgres_server.drop(target.render_as_string(hide_password=False))
