"""Issue 18, compute on write: the SPC the pages show, stored with the figures, and the store version
every stored figure was written at.

`spc_points` holds one row per authority x indicator x breakdown x month of a window of months: the
XmR columns of metrics/spc.py for the window a page opens on (the 24 months to the latest month; and the
whole series of each whole-authority figure, window_start '' and window_end ''). They are rewritten in
the transaction of the load, revert, withdrawal or change point that moves them, so a page reads them by
key instead of computing SPC for every team and indicator on every view.

`version` (month_figures and spc_points) is the id of the audit entry of the change that wrote the row:
the store version page caches are keyed on (views.store_version).

Revision ID: 0012
Revises: 0015
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0015"
branch_labels = None
depends_on = None

KEY = ("la_code", "code", "breakdown", "window_start", "window_end", "month")


def upgrade() -> None:
    with op.batch_alter_table("month_figures") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_month_figures_version", "month_figures", ["la_code", "version"])
    op.create_table(
        "spc_points",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("breakdown", sa.Text, nullable=False, server_default=""),
        sa.Column("window_start", sa.String(7), nullable=False, server_default=""),
        sa.Column("window_end", sa.String(7), nullable=False, server_default=""),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("mean", sa.Float, nullable=True),
        sa.Column("lower_limit", sa.Float, nullable=True),
        sa.Column("upper_limit", sa.Float, nullable=True),
        sa.Column("moving_range", sa.Float, nullable=True),
        sa.Column("special_cause", sa.Boolean, nullable=False),
        sa.Column("variation", sa.String(12), nullable=False),
        sa.Column("direction", sa.String(4), nullable=False, server_default=""),
        sa.Column("rule", sa.Text, nullable=False, server_default=""),
        sa.Column("near_limit", sa.Boolean, nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("too_short", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint(
            "la_code", "code", "breakdown", "window_start", "window_end", "month", name="uq_spc_points"
        ),
    )
    op.create_index("ix_spc_points_version", "spc_points", ["la_code", "version"])


def downgrade() -> None:
    op.drop_index("ix_spc_points_version", table_name="spc_points")
    op.drop_table("spc_points")
    op.drop_index("ix_month_figures_version", table_name="month_figures")
    with op.batch_alter_table("month_figures") as batch:
        batch.drop_column("version")
