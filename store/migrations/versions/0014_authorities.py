"""Issue 18, many authorities: who may see which authority, and PostgreSQL row-level security on la_code.

`user_authorities` lists the authorities a local account may see (none: only the one the app is set up
for). On PostgreSQL every table with an la_code column gets a policy: a row is visible, and may be
inserted or updated, only when its la_code is in the transaction's `csc.la_codes` setting (a comma-
separated list, or '*' for every authority), which store/db.py sets at the start of every transaction
from the signed-in user's authorities. FORCE ROW LEVEL SECURITY holds the tables' owner, the app's
own login, to the policies too; a connection that sets nothing sees nothing. SQLite has no row-level
security: the statements are skipped there and the app's check (core.access.require_authority) is the
one that applies.

A table with an la_code column that a later migration adds gets the same policy when the store is
next migrated (store/row_security.py, run by store/db.py after every upgrade);
tests/store/test_row_level_security.py fails on any such table without one.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None

FUNCTION = "csc_may_see"
# Inlined by the planner (a STABLE SQL expression): the setting is read once per statement, not per row.
CREATE_FUNCTION = (
    f"CREATE FUNCTION {FUNCTION}(code text) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    "SELECT coalesce(current_setting('csc.la_codes', true), '') = '*' "
    "OR code = ANY (string_to_array(current_setting('csc.la_codes', true), ',')) $$"
)


def upgrade() -> None:
    op.create_table(
        "user_authorities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("authority", sa.String(12), nullable=False),  # not la_code: who may see what, not its data
    )
    op.create_index("ix_user_authorities_user_id", "user_authorities", ["user_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(CREATE_FUNCTION)
    for table in _tables_with_la_code():
        secure(table)


def secure(table: str) -> None:
    """Row-level security on one table's la_code, for its owner too."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {table}_authorities ON {table} USING ({FUNCTION}(la_code)) WITH CHECK ({FUNCTION}(la_code))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _tables_with_la_code():
            op.execute(f"DROP POLICY IF EXISTS {table}_authorities ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")
    op.drop_index("ix_user_authorities_user_id", "user_authorities")
    op.drop_table("user_authorities")


def _tables_with_la_code() -> list[str]:
    """Every table in the database at this revision that has an la_code column (rows_* for every dataset)."""
    found = sa.inspect(op.get_bind())
    return sorted(t for t in found.get_table_names() if any(c["name"] == "la_code" for c in found.get_columns(t)))
