"""Issue 18, many authorities: row-level security on the tables that hold an authority's rows without an
la_code column of their own, so a connection scoped to one authority reads no other's rows anywhere.

- `action_updates`, `sign_off_figures` and `panel_priorities` belong to a parent row that carries the
  la_code (an action, a sign-off, a saved set of priorities); their rows are never read or written without
  it. Each gets a policy through its parent: a row is visible, and may be inserted or updated, only when
  its parent row's la_code is in the transaction's `csc.la_codes` (csc_may_see, migration 0014). The parent
  is itself under row-level security, so the check also holds for a login without the parent's policy.
- `user_teams` (a team manager's teams) hangs off an account, and accounts serve the whole app: they are
  read before anyone is signed in, so `users` stays unscoped. A team, though, is one authority's: the
  table gains an la_code, one row per team for each authority the account may see (its
  `user_authorities`, else the authority the app is set up for, CSC_LA_CODE, when migrated), and the
  la_code policy of migration 0014.

FORCE ROW LEVEL SECURITY holds the tables' owner (the app's own login) to the policies, as in 0014.
SQLite has no row-level security: there only the column is added and filled.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from settings import setting

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

FUNCTION = "csc_may_see"  # created by migration 0014
# table -> (its column naming the parent row, the parent table holding la_code)
THROUGH_PARENT = {
    "action_updates": ("action_id", "actions"),
    "panel_priorities": ("set_id", "panel_priority_sets"),
    "sign_off_figures": ("sign_off_id", "sign_offs"),
}


def upgrade() -> None:
    _team_authorities()
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (column, parent) in THROUGH_PARENT.items():
        allowed = f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {table}.{column} AND {FUNCTION}(p.la_code))"
        _secure(table, allowed)
    _secure("user_teams", f"{FUNCTION}(la_code)")


def _team_authorities() -> None:
    """user_teams.la_code: each team once for every authority its account may see."""
    with op.batch_alter_table("user_teams") as batch:
        batch.add_column(sa.Column("la_code", sa.String(12), nullable=True))
    op.execute(
        "INSERT INTO user_teams (user_id, team, la_code) "
        "SELECT t.user_id, t.team, a.authority FROM user_teams t JOIN user_authorities a ON a.user_id = t.user_id "
        "WHERE t.la_code IS NULL ORDER BY t.id, a.id"
    )
    op.execute("DELETE FROM user_teams WHERE la_code IS NULL AND user_id IN (SELECT user_id FROM user_authorities)")
    home = setting("CSC_LA_CODE").strip()
    op.get_bind().execute(sa.text("UPDATE user_teams SET la_code = :home WHERE la_code IS NULL"), {"home": home})
    with op.batch_alter_table("user_teams") as batch:
        batch.alter_column("la_code", existing_type=sa.String(12), nullable=False)
    op.create_index("ix_user_teams_la_code", "user_teams", ["la_code"])


def _secure(table: str, allowed: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"DROP POLICY IF EXISTS {table}_authorities ON {table}")  # store/db.py may have made one already
    op.execute(f"CREATE POLICY {table}_authorities ON {table} USING ({allowed}) WITH CHECK ({allowed})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*THROUGH_PARENT, "user_teams"):
            op.execute(f"DROP POLICY IF EXISTS {table}_authorities ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    # Each team once per account again (the first row kept), then the column goes.
    op.execute(
        "DELETE FROM user_teams WHERE id NOT IN "
        "(SELECT keep FROM (SELECT min(id) AS keep FROM user_teams GROUP BY user_id, team) AS firsts)"
    )
    op.drop_index("ix_user_teams_la_code", "user_teams")
    with op.batch_alter_table("user_teams") as batch:
        batch.drop_column("la_code")
