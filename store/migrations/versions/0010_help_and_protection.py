"""Issue 19: the help-and-protection records the returns carry and the six contract files do not.

Referrals, assessments, section 47 enquiries and child protection plans (reference/datasets.yaml, the
datasets marked `from_returns`), each stored by batch like every other dataset so revert and recompute
work the same way.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = {
    "rows_referrals": (
        sa.Column("referral_date", sa.Date, nullable=False),
        sa.Column("referral_nfa", sa.Boolean, nullable=True),
        sa.Column("previous_referrals_12_months", sa.Integer, nullable=True),
    ),
    "rows_assessments": (
        sa.Column("assessment_start_date", sa.Date, nullable=False),
        sa.Column("assessment_authorised_date", sa.Date, nullable=True),
    ),
    "rows_section_47_enquiries": (
        sa.Column("s47_start_date", sa.Date, nullable=False),
        sa.Column("icpc_date", sa.Date, nullable=True),
        sa.Column("icpc_not_required", sa.Boolean, nullable=True),
    ),
    "rows_cp_plans": (
        sa.Column("cp_plan_start_date", sa.Date, nullable=False),
        sa.Column("cp_plan_end_date", sa.Date, nullable=True),
        sa.Column("previous_plans", sa.Integer, nullable=True),
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
