"""Indicator figures know whether they are provisional and which batches they came from; targets and
local indicators an analyst sets are stored with who and when.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("month_figures") as batch:
        batch.add_column(sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("source_batches", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "indicator_targets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("set_by", sa.Text, nullable=False),
        sa.Column("set_at", WHEN, nullable=False),
    )
    op.create_index("ix_indicator_targets_code", "indicator_targets", ["la_code", "code"])
    op.create_table(
        "local_indicators",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("theme", sa.String(40), nullable=False),
        sa.Column("polarity", sa.String(8), nullable=False),
        sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("numerator", sa.Text, nullable=False),
        sa.Column("denominator", sa.Text, nullable=False),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.UniqueConstraint("la_code", "code", name="uq_local_indicators"),
    )


def downgrade() -> None:
    op.drop_table("local_indicators")
    op.drop_index("ix_indicator_targets_code", "indicator_targets")
    op.drop_table("indicator_targets")
    with op.batch_alter_table("month_figures") as batch:
        batch.drop_column("source_batches")
        batch.drop_column("provisional")
