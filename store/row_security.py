"""PostgreSQL row-level security on la_code (issue 18): every table with an la_code column, owner included.

Migration 0014 created the policy function (`csc_may_see`) and secured every table of its day. A table
with an la_code column that a later migration adds is secured the same way when the store is next
migrated (store/db.py calls `secure_new_tables` after every upgrade, under the migration lock), so no
table holding an authority's rows can be left readable by another authority; a test checks every one.

The policy lets a row be read, inserted or updated only when its la_code is in the transaction's
`csc.la_codes` setting (codes joined by commas, or '*' for every authority), which store/db.py sets at
the start of every transaction. SQLite has no row-level security; nothing here runs there.

Tables holding an authority's rows without an la_code column of their own (an action's updates, a
sign-off's figures, a set's priorities) have a policy through their parent row instead (migration 0013).
Only the tables in SHARED hold nothing of one authority's; every other table of store/tables.py must
carry a forced policy, which tests/store/test_row_level_security.py checks table by table.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

FUNCTION = "csc_may_see"  # created by migration 0014

# The tables with no authority's data, so with no policy: each with the reason.
SHARED = {
    "benchmark_sources": "the DfE's published tables, the same public figures for every authority",
    "benchmark_values": "the DfE's published tables, the same public figures for every authority",
    "benchmark_neighbours": "the DfE's statistical neighbours, published for every authority",
    "users": "accounts serve the whole app and are looked up by name before anyone is signed in",
    "user_authorities": "which authorities an account may see: read at sign-in, before any scope is set",
    "sign_in_attempts": "sign-in attempts, counted per name and address before anyone is signed in",
}


def policy_name(table: str) -> str:
    return f"{table}_authorities"


def tables_with_la_code(conn: Connection) -> list[str]:
    """Every table of the store's schema that has an la_code column."""
    query = text(
        "SELECT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND c.column_name = 'la_code' AND t.table_type = 'BASE TABLE' "
        "ORDER BY c.table_name"
    )
    return list(conn.execute(query).scalars())


def unsecured(conn: Connection) -> list[str]:
    """Tables with an la_code column lacking the policy, or not forcing it on their owner."""
    done = set(secured(conn))
    return [t for t in tables_with_la_code(conn) if t not in done]


def secured(conn: Connection) -> list[str]:
    """Every table of the store's schema with its `<table>_authorities` policy, forced on its owner too."""
    query = text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = c.relname || '_authorities' "
        "WHERE n.nspname = current_schema() AND c.relrowsecurity AND c.relforcerowsecurity ORDER BY c.relname"
    )
    return list(conn.execute(query).scalars())


def secure_new_tables(conn: Connection) -> list[str]:
    """Secure every table with an la_code column that is not yet (a table a migration after 0014 added)."""
    has_function = conn.execute(text("SELECT to_regproc(:f) IS NOT NULL"), {"f": FUNCTION}).scalar()
    if not has_function:  # below migration 0014: nothing to secure with yet
        return []
    done = []
    for table in unsecured(conn):
        conn.execute(text(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY'))
        conn.execute(text(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY'))
        conn.execute(text(f'DROP POLICY IF EXISTS "{policy_name(table)}" ON "{table}"'))
        conn.execute(
            text(
                f'CREATE POLICY "{policy_name(table)}" ON "{table}" '
                f"USING ({FUNCTION}(la_code)) WITH CHECK ({FUNCTION}(la_code))"
            )
        )
        done.append(table)
    return done
