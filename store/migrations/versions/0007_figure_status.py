"""Issue 14: what each stored figure is (provisional and why, incomplete window, months held, empty month).

`not_yet_due` counts the records left out for now (the figure is provisional while it is above 0);
`months_held` and `months_needed` say how much of a rolling figure's window of monthly files the store
held (NULL for a figure that is not rolling). An empty month is a whole-authority row with denominator
0 and no value, so it needs no column of its own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("month_figures") as batch:
        batch.add_column(sa.Column("not_yet_due", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("months_held", sa.Integer, nullable=True))
        batch.add_column(sa.Column("months_needed", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("month_figures") as batch:
        batch.drop_column("months_needed")
        batch.drop_column("months_held")
        batch.drop_column("not_yet_due")
