"""The store's tables as SQLAlchemy Core metadata, the one description the repository code queries.

The rows tables are built from reference/datasets.yaml, so they always hold exactly the contract's
columns. Alembic migrations are written by hand (a migration must never change when the YAML does); a
test compares the two, so a new column in the YAML without a migration fails CI.
"""

from __future__ import annotations

import sqlalchemy as sa

from reference import dataset_specs

metadata = sa.MetaData()
WHEN = sa.DateTime(timezone=True)
SQL_TYPES = {
    "id": sa.Text,
    "text": sa.Text,
    "code": sa.Text,
    "month": lambda: sa.String(7),
    "date": sa.Date,
    "flag": sa.Boolean,
    "integer": sa.Integer,
    "decimal": sa.Float,
}
STATUSES = ("current", "superseded", "withdrawn")

batches = sa.Table(
    "batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("dataset", sa.String(40), nullable=False),
    sa.Column("reporting_month", sa.String(7), nullable=True),
    sa.Column("extract_date", sa.Date, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("columns_present", sa.Text, nullable=False),
    sa.Column("loaded_by", sa.Text, nullable=False),
    sa.Column("loaded_at", WHEN, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("activated_at", WHEN, nullable=False),
    sa.Column("status_changed_by", sa.Text, nullable=True),
    sa.Column("status_changed_at", WHEN, nullable=True),
    sa.Column("replaced_batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=True),
    sa.Column("change_summary", sa.Text, nullable=False, server_default=""),
    sa.CheckConstraint("status IN ('current', 'superseded', 'withdrawn')", name="ck_batches_status"),
    sa.Index("ix_batches_dataset_month", "la_code", "dataset", "reporting_month"),
    sa.Index(
        "ux_batches_one_current_per_month",
        "la_code",
        "dataset",
        "reporting_month",
        unique=True,
        sqlite_where=sa.text("status = 'current' AND reporting_month IS NOT NULL"),
        postgresql_where=sa.text("status = 'current' AND reporting_month IS NOT NULL"),
    ),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", WHEN, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=True),
    sa.Column("details", sa.Text, nullable=False, server_default=""),
)

month_figures = sa.Table(
    "month_figures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("family", sa.String(40), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("breakdown", sa.Text, nullable=False, server_default=""),
    sa.Column("numerator", sa.Float, nullable=True),
    sa.Column("denominator", sa.Float, nullable=True),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("computed_at", WHEN, nullable=False),
    sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("source_batches", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("la_code", "family", "month", "code", "breakdown", name="uq_month_figures"),
)

indicator_targets = sa.Table(  # every change kept: the latest row per code is the target in force
    "indicator_targets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("target", sa.Float, nullable=True),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("set_by", sa.Text, nullable=False),
    sa.Column("set_at", WHEN, nullable=False),
    sa.Index("ix_indicator_targets_code", "la_code", "code"),
)

local_indicators = sa.Table(
    "local_indicators",
    metadata,
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

change_points = sa.Table(  # an analyst's mark that a process changed: SPC limits restart at `month`
    "change_points",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("marked_by", sa.Text, nullable=False),
    sa.Column("marked_at", WHEN, nullable=False),
    sa.Column("removed_by", sa.Text, nullable=True),
    sa.Column("removed_at", WHEN, nullable=True),
    sa.Index("ix_change_points_code", "la_code", "code"),
)

INDEXED_IDS = {"allocations": "child_id", "health_assessments": "child_id"}


def _rows_table(dataset: str) -> sa.Table:
    spec = dataset_specs()[dataset]
    columns = [
        sa.Column(
            col.name,
            SQL_TYPES[col.type](),
            nullable=col.nullable or not col.required,
            index=INDEXED_IDS.get(dataset) == col.name,
        )
        for col in spec.columns
    ]
    return sa.Table(
        f"rows_{dataset}",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False, index=True),
        sa.Column("la_code", sa.String(12), nullable=False),  # CONTRACT.md: every stored row carries it
        sa.Column("row_number", sa.Integer, nullable=False),
        *columns,
    )


rows_tables: dict[str, sa.Table] = {dataset: _rows_table(dataset) for dataset in dataset_specs()}
