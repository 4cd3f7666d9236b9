"""Performance surgeries: agreed actions with their status history, and commentary per indicator,
month and team.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("team", sa.Text, nullable=False, server_default=""),
        sa.Column("subject_kind", sa.String(10), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("raised_month", sa.String(7), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_actions_team", "actions", ["la_code", "team", "status"])
    op.create_table(
        "action_updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id"), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    op.create_index("ix_action_updates_action_id", "action_updates", ["action_id"])
    op.create_table(
        "commentary",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("team", sa.Text, nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("written_by", sa.Text, nullable=False),
        sa.Column("written_at", WHEN, nullable=False),
    )
    op.create_index("ix_commentary_key", "commentary", ["la_code", "code", "month"])


def downgrade() -> None:
    op.drop_index("ix_commentary_key", "commentary")
    op.drop_table("commentary")
    op.drop_index("ix_action_updates_action_id", "action_updates")
    op.drop_table("action_updates")
    op.drop_index("ix_actions_team", "actions")
    op.drop_table("actions")
