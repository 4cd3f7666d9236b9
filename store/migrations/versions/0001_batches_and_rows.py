"""Batches, the rows of every monthly dataset, stored per-month figures and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def _rows_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False, index=True),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        *columns,
    )


def upgrade() -> None:
    op.create_table(
        "batches",
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
    )
    op.create_index("ix_batches_dataset_month", "batches", ["la_code", "dataset", "reporting_month"])
    op.create_index(
        "ux_batches_one_current_per_month",
        "batches",
        ["la_code", "dataset", "reporting_month"],
        unique=True,
        sqlite_where=sa.text("status = 'current' AND reporting_month IS NOT NULL"),
        postgresql_where=sa.text("status = 'current' AND reporting_month IS NOT NULL"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("la_code", sa.String(12), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=True),
        sa.Column("details", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "month_figures",
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
        sa.UniqueConstraint("la_code", "family", "month", "code", "breakdown", name="uq_month_figures"),
    )
    _rows_table(
        "rows_workforce",
        sa.Column("worker_id", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("case_holding", sa.Boolean, nullable=False),
        sa.Column("employment_type", sa.Text, nullable=False),
        sa.Column("fte", sa.Float, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.Column("caseload", sa.Integer, nullable=False),
    )
    _rows_table(
        "rows_allocations",
        sa.Column("child_id", sa.Text, nullable=False, index=True),
        sa.Column("worker_id", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("cohort", sa.Text, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=True),
    )
    _rows_table(
        "rows_health_assessments",
        sa.Column("child_id", sa.Text, nullable=False, index=True),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("date_entered_care", sa.Date, nullable=False),
        sa.Column("iha_requested_date", sa.Date, nullable=True),
        sa.Column("iha_completed_date", sa.Date, nullable=True),
        sa.Column("last_review_health_assessment_date", sa.Date, nullable=True),
        sa.Column("placed_outside_la", sa.Boolean, nullable=False),
    )
    _rows_table(
        "rows_placements",
        sa.Column("child_id", sa.Text, nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("date_entered_care", sa.Date, nullable=False),
        sa.Column("placement_start_date", sa.Date, nullable=False),
        sa.Column("placement_type", sa.Text, nullable=False),
        sa.Column("distance_miles", sa.Float, nullable=True),
        sa.Column("inside_la", sa.Boolean, nullable=False),
        sa.Column("placements_last_12_months", sa.Integer, nullable=False),
    )
    _rows_table(
        "rows_care_leavers",
        sa.Column("child_id", sa.Text, nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("in_touch", sa.Text, nullable=False),
        sa.Column("activity", sa.Text, nullable=False),
        sa.Column("accommodation", sa.Text, nullable=False),
    )
    _rows_table(
        "rows_indicator_values",
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("indicator_code", sa.Text, nullable=False),
        sa.Column("numerator", sa.Float, nullable=False),
        sa.Column("denominator", sa.Float, nullable=False),
        sa.Column("breakdown", sa.Text, nullable=True),
    )


def downgrade() -> None:
    for name in (
        "rows_indicator_values",
        "rows_care_leavers",
        "rows_placements",
        "rows_health_assessments",
        "rows_allocations",
        "rows_workforce",
        "month_figures",
        "audit_log",
        "batches",
    ):
        op.drop_table(name)
