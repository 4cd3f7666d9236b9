"""Issue 15: local accounts, sign-in attempts, role mapping and the append-only audit of who saw what.

Local accounts (used only where no OIDC provider is configured) keep an argon2 hash, never a password;
their teams sit in their own table because a team name may hold any character. Every sign-in attempt is
kept so failures can be rate-limited per account and per address.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=True),
        sa.Column("changed_at", WHEN, nullable=True),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "user_teams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("team", sa.Text, nullable=False),
    )
    op.create_index("ix_user_teams_user_id", "user_teams", ["user_id"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("account", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
    )
    op.create_index("ix_sign_in_attempts_account", "sign_in_attempts", ["account", "at"])
    op.create_index("ix_sign_in_attempts_address", "sign_in_attempts", ["address", "at"])
    _create_access_audit()


def downgrade() -> None:
    _drop_access_audit()
    op.drop_index("ix_sign_in_attempts_address", "sign_in_attempts")
    op.drop_index("ix_sign_in_attempts_account", "sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_index("ix_user_teams_user_id", "user_teams")
    op.drop_table("user_teams")
    op.drop_table("users")


# ---- the audit of who saw what (E2's part of issue 15) -------------------------------------------------

APPEND_ONLY = ("audit_log", "access_log")
REFUSAL = "the audit is append-only"


def _create_access_audit() -> None:
    """Views, downloads and sign-ins in access_log, retention runs, and both audit tables append-only.

    Triggers refuse UPDATE and DELETE on the audit on both databases, whoever connects; on PostgreSQL
    PUBLIC also loses UPDATE, DELETE and TRUNCATE (the README sets up an app role without them).
    """
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False, server_default=""),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("page", sa.Text, nullable=False, server_default=""),
        sa.Column("what", sa.Text, nullable=False, server_default=""),
        sa.Column("subject_ids", sa.Text, nullable=False, server_default="[]"),
        sa.Column("row_count", sa.Integer, nullable=True),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_access_log_at", "access_log", ["la_code", "at"])
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("before_month", sa.String(7), nullable=False),
        sa.Column("rows_deleted", sa.Integer, nullable=False),
        sa.Column("run_by", sa.Text, nullable=False),
        sa.Column("run_at", WHEN, nullable=False),
    )
    op.create_index("ix_retention_runs_la_code", "retention_runs", ["la_code"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION csc_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{REFUSAL}: % on % refused', TG_OP, TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION csc_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION csc_append_only()"
            )
            op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
    else:
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {verb} on {table} refused'); END"
                )


def _drop_access_audit() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS csc_append_only()")
    else:
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    op.drop_index("ix_retention_runs_la_code", "retention_runs")
    op.drop_table("retention_runs")
    op.drop_index("ix_access_log_at", "access_log")
    op.drop_table("access_log")
