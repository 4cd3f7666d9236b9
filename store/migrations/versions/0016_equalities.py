"""Issue 19 equalities: child characteristics from the returns, and the child population by ethnic group.

`rows_child_characteristics` holds the characteristics the returns carry for each child (sex, DfE
ethnicity code, date of birth, disability, UASC; reference/datasets.yaml `child_characteristics`), stored
by batch like every other dataset. `child_population_sources` and `child_population` hold an analyst's
uploaded population tables (children aged 0 to 17 by ethnic group) for the disproportionality view.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rows_child_characteristics",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False, index=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("child_id", sa.Text, nullable=False, index=True),
        sa.Column("sex", sa.Text, nullable=True),
        sa.Column("ethnicity", sa.Text, nullable=True),
        sa.Column("date_of_birth", sa.Date, nullable=True),
        sa.Column("disability", sa.Boolean, nullable=True),
        sa.Column("uasc", sa.Boolean, nullable=True),
    )
    op.create_table(
        "child_population_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("area", sa.Text, nullable=False),
        sa.Column("year", sa.String(12), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("licence", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("loaded_by", sa.Text, nullable=False),
        sa.Column("loaded_at", WHEN, nullable=False),
        sa.Index("ix_child_population_sources_la_code", "la_code"),
    )
    op.create_table(
        "child_population",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("child_population_sources.id"), nullable=False, index=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("ethnic_group", sa.Text, nullable=False),
        sa.Column("children", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("child_population")
    op.drop_table("child_population_sources")
    op.drop_table("rows_child_characteristics")
