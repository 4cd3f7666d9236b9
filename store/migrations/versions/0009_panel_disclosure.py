"""Issue 17: what the panel was shown at each meeting, so suppression starts from what is already known.

Each signed-off figure keeps its numerator, denominator and value as the panel read them ('c' where
hidden), so a later meeting shows the last panel's figure exactly as it was shown, and a figure hidden
then stays hidden while it is unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SHOWN = ("shown_numerator", "shown_denominator", "shown_value")


def upgrade() -> None:
    for name in SHOWN:
        op.add_column("sign_off_figures", sa.Column(name, sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sign_off_figures") as batch:  # SQLite drops columns by copying the table
        for name in reversed(SHOWN):
            batch.drop_column(name)
