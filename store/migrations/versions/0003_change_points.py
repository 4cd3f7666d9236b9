"""Change points an analyst marks on an indicator's SPC chart (the limits restart there), with the
reason, who and when; removing one keeps the row and records who removed it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "change_points",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("marked_by", sa.Text, nullable=False),
        sa.Column("marked_at", WHEN, nullable=False),
        sa.Column("removed_by", sa.Text, nullable=True),
        sa.Column("removed_at", WHEN, nullable=True),
    )
    op.create_index("ix_change_points_code", "change_points", ["la_code", "code"])


def downgrade() -> None:
    op.drop_index("ix_change_points_code", "change_points")
    op.drop_table("change_points")
