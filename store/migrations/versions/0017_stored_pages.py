"""Issue 18, compute on write: the Benchmarking page's comparisons and the panel's suppressed figures,
stored shaped for the page.

`benchmark_comparisons` holds, per authority and mapped benchmark measure (a catalogue indicator code),
one row per published year: the authority's figure against England, its region, its statistical
neighbours' mean, its rank and quartile (metrics.benchmarks.Comparison). `benchmarks` is the store's
benchmark version (the latest import's id) they were worked out from: a row from an older version is
never read.

`panel_figures` holds the panel's figures after suppression (metrics.panel_disclosure): every month of
every panel indicator as the panel may see it (`meeting` ''), and every complete quarter as the meeting
held in its last month reads it (`meeting` 'at end') and as any later meeting does ('later'), with the
suppression threshold and the sign-off they were worked out under (`threshold`, `signed`): rows from
another threshold or sign-off are never read.

Both are rewritten in the transaction of the load, revert, withdrawal, sign-off or benchmark import that
moves them; on PostgreSQL both get the la_code row-level security policy (store/row_security.py).

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "benchmark_comparisons",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("measure", sa.String(64), nullable=False),
        sa.Column("time_period", sa.String(12), nullable=False),
        sa.Column("year_label", sa.String(60), nullable=False),
        sa.Column("area_code", sa.String(60), nullable=True),
        sa.Column("area_name", sa.Text, nullable=False, server_default=""),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("symbol", sa.String(8), nullable=True),
        sa.Column("england", sa.Float, nullable=True),
        sa.Column("england_symbol", sa.String(8), nullable=True),
        sa.Column("region_code", sa.String(12), nullable=False, server_default=""),
        sa.Column("region_name", sa.Text, nullable=False, server_default=""),
        sa.Column("region", sa.Float, nullable=True),
        sa.Column("region_symbol", sa.String(8), nullable=True),
        sa.Column("neighbours_mean", sa.Float, nullable=True),
        sa.Column("neighbours_with_values", sa.Integer, nullable=False),
        sa.Column("neighbours_total", sa.Integer, nullable=False),
        sa.Column("rank", sa.Integer, nullable=True),
        sa.Column("ranked", sa.Integer, nullable=False),
        sa.Column("quartile", sa.Integer, nullable=True),
        sa.Column("benchmarks", sa.Integer, nullable=False),
        sa.UniqueConstraint("la_code", "measure", "time_period", name="uq_benchmark_comparisons"),
    )
    op.create_table(
        "panel_figures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("breakdown", sa.Text, nullable=False, server_default=""),
        sa.Column("meeting", sa.String(7), nullable=False, server_default=""),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("numerator", sa.Float, nullable=True),
        sa.Column("denominator", sa.Float, nullable=True),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("shown_numerator", sa.String(40), nullable=False),
        sa.Column("shown_denominator", sa.String(40), nullable=False),
        sa.Column("shown_value", sa.String(40), nullable=False),
        sa.Column("suppressed", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("threshold", sa.Integer, nullable=False),
        sa.Column("signed", sa.Integer, nullable=False),
        sa.UniqueConstraint("la_code", "code", "breakdown", "meeting", "month", name="uq_panel_figures"),
    )


def downgrade() -> None:
    op.drop_table("panel_figures")
    op.drop_table("benchmark_comparisons")
