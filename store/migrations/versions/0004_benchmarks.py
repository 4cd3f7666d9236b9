"""DfE published tables (benchmarks): the files imported, their values by publication, year, area,
breakdown and measure (DfE symbols kept), and the statistical neighbour groupings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "benchmark_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("publication", sa.String(120), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("values_stored", sa.Integer, nullable=False),
        sa.Column("years", sa.Text, nullable=False, server_default=""),
        sa.Column("measures", sa.Text, nullable=False, server_default=""),
        sa.Column("filters", sa.Text, nullable=False, server_default=""),
        sa.Column("loaded_by", sa.Text, nullable=False),
        sa.Column("loaded_at", WHEN, nullable=False),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_benchmark_sources_publication", "benchmark_sources", ["publication"])
    op.create_table(
        "benchmark_values",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("benchmark_sources.id"), nullable=False),
        sa.Column("publication", sa.String(120), nullable=False),
        sa.Column("time_period", sa.String(12), nullable=False),
        sa.Column("time_identifier", sa.String(60), nullable=False, server_default=""),
        sa.Column("year_label", sa.String(60), nullable=False),
        sa.Column("geographic_level", sa.String(30), nullable=False),
        sa.Column("area_code", sa.String(60), nullable=False),
        sa.Column("area_name", sa.Text, nullable=False, server_default=""),
        sa.Column("old_la_code", sa.String(30), nullable=False, server_default=""),
        sa.Column("region_code", sa.String(12), nullable=False, server_default=""),
        sa.Column("region_name", sa.Text, nullable=False, server_default=""),
        sa.Column("breakdown", sa.Text, nullable=False, server_default="{}"),
        sa.Column("measure", sa.String(120), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("symbol", sa.String(8), nullable=True),
    )
    op.create_index("ix_benchmark_values_measure", "benchmark_values", ["publication", "measure"])
    op.create_index("ix_benchmark_values_year", "benchmark_values", ["publication", "time_period"])
    op.create_index("ix_benchmark_values_source", "benchmark_values", ["source_id"])
    op.create_table(
        "benchmark_neighbours",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("benchmark_sources.id"), nullable=False),
        sa.Column("old_la_code", sa.String(30), nullable=False),
        sa.Column("la_name", sa.Text, nullable=False, server_default=""),
        sa.Column("region_name", sa.Text, nullable=False, server_default=""),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("neighbour_old_la_code", sa.String(30), nullable=False),
        sa.Column("closeness", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_benchmark_neighbours_la", "benchmark_neighbours", ["old_la_code"])


def downgrade() -> None:
    op.drop_index("ix_benchmark_neighbours_la", "benchmark_neighbours")
    op.drop_table("benchmark_neighbours")
    op.drop_index("ix_benchmark_values_source", "benchmark_values")
    op.drop_index("ix_benchmark_values_year", "benchmark_values")
    op.drop_index("ix_benchmark_values_measure", "benchmark_values")
    op.drop_table("benchmark_values")
    op.drop_index("ix_benchmark_sources_publication", "benchmark_sources")
    op.drop_table("benchmark_sources")
