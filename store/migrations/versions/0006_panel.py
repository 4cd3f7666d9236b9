"""The corporate parenting panel: its priorities (each save a whole new set) and signed-off months with
the figures as signed, so later revisions show beside them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "panel_priority_sets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("saved_by", sa.Text, nullable=False),
        sa.Column("saved_at", WHEN, nullable=False),
    )
    op.create_index("ix_panel_priority_sets_la_code", "panel_priority_sets", ["la_code"])
    op.create_table(
        "panel_priorities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("set_id", sa.Integer, sa.ForeignKey("panel_priority_sets.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("codes", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_panel_priorities_set_id", "panel_priorities", ["set_id"])
    op.create_table(
        "sign_offs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("meeting", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("signed_by", sa.Text, nullable=False),
        sa.Column("signed_at", WHEN, nullable=False),
    )
    op.create_index("ix_sign_offs_month", "sign_offs", ["la_code", "month"])
    op.create_table(
        "sign_off_figures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sign_off_id", sa.Integer, sa.ForeignKey("sign_offs.id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("breakdown", sa.Text, nullable=False, server_default=""),
        sa.Column("numerator", sa.Float, nullable=True),
        sa.Column("denominator", sa.Float, nullable=True),
        sa.Column("value", sa.Float, nullable=True),
    )
    op.create_index("ix_sign_off_figures_sign_off_id", "sign_off_figures", ["sign_off_id"])


def downgrade() -> None:
    op.drop_index("ix_sign_off_figures_sign_off_id", "sign_off_figures")
    op.drop_table("sign_off_figures")
    op.drop_index("ix_sign_offs_month", "sign_offs")
    op.drop_table("sign_offs")
    op.drop_index("ix_panel_priorities_set_id", "panel_priorities")
    op.drop_table("panel_priorities")
    op.drop_index("ix_panel_priority_sets_la_code", "panel_priority_sets")
    op.drop_table("panel_priority_sets")
