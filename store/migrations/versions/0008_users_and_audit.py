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


def downgrade() -> None:
    op.drop_index("ix_sign_in_attempts_address", "sign_in_attempts")
    op.drop_index("ix_sign_in_attempts_account", "sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_index("ix_user_teams_user_id", "user_teams")
    op.drop_table("user_teams")
    op.drop_table("users")
