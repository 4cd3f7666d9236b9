"""Issue 19: more records only the returns carry: contacts, child in need plans, reviews of children
looked after and child protection visits (reference/datasets.yaml, `from_returns`), stored by batch like
every other dataset so revert and recompute work the same way.

Revision ID: 0015
Revises: 0016
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = {
    "rows_contacts": (
        sa.Column("contact_date", sa.Date, nullable=False),
        sa.Column("contact_source", sa.Text, nullable=True),
    ),
    "rows_cin_plans": (
        sa.Column("cin_plan_start_date", sa.Date, nullable=False),
        sa.Column("cin_plan_end_date", sa.Date, nullable=True),
    ),
    "rows_cla_reviews": (
        sa.Column("review_date", sa.Date, nullable=False),
        sa.Column("date_entered_care", sa.Date, nullable=True),
    ),
    "rows_cp_visits": (
        sa.Column("visit_date", sa.Date, nullable=False),
        sa.Column("cp_plan_start_date", sa.Date, nullable=True),
        sa.Column("seen_alone", sa.Boolean, nullable=True),
    ),
}


def upgrade() -> None:
    for name, columns in TABLES.items():
        op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False, index=True),
            sa.Column("la_code", sa.String(12), nullable=False),
            sa.Column("row_number", sa.Integer, nullable=False),
            sa.Column("child_id", sa.Text, nullable=False, index=True),
            *columns,
        )


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
