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
    sa.Column("not_yet_due", sa.Integer, nullable=False, server_default="0"),  # records left out for now
    sa.Column("months_held", sa.Integer, nullable=True),  # a rolling figure's monthly files held ...
    sa.Column("months_needed", sa.Integer, nullable=True),  # ... of its window (NULL: not rolling)
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),  # audit id of the change that wrote it
    sa.UniqueConstraint("la_code", "family", "month", "code", "breakdown", name="uq_month_figures"),
    sa.Index("ix_month_figures_version", "la_code", "version"),
)

# Compute on write (issue 18, migration 0012): the XmR columns (metrics/spc.py) of each indicator x breakdown
# over the window a page opens on, rewritten in the transaction of the change that moves them.
WHOLE_SERIES = ""  # window_start and window_end of the SPC of a whole series
spc_points = sa.Table(
    "spc_points",
    metadata,
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
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),  # audit id of the change that wrote it
    sa.UniqueConstraint("la_code", "code", "breakdown", "window_start", "window_end", "month", name="uq_spc_points"),
    sa.Index("ix_spc_points_version", "la_code", "version"),
)

# The Benchmarking page's comparisons of a mapped measure, year by year (migration 0017), worked out from
# the benchmark version `benchmarks` (the latest import's id): rows of another version are never read.
benchmark_comparisons = sa.Table(
    "benchmark_comparisons",
    metadata,
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

# The panel's figures after suppression (migration 0017): every month (meeting '') and every quarter as read at
# its last month ('at end') or later ('later'), under the threshold and sign-off they were worked out with.
panel_figures = sa.Table(
    "panel_figures",
    metadata,
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
INDEXED_IDS |= {name: "child_id" for name, spec in dataset_specs().items() if spec.from_returns}  # a child's records


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


# DfE published tables (benchmarks): reference data for every authority, kept by publication and year.
benchmark_sources = sa.Table(  # one row per imported file (kept as history after its years are replaced)
    "benchmark_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(12), nullable=False),  # 'ees' (a published table) or 'neighbours'
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
    sa.Index("ix_benchmark_sources_publication", "publication"),
)

benchmark_values = sa.Table(  # one row per publication x year x area x breakdown x measure
    "benchmark_values",
    metadata,
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
    sa.Column("symbol", sa.String(8), nullable=True),  # DfE symbol (c, z, x, k, low, u) when no value
    sa.Index("ix_benchmark_values_measure", "publication", "measure"),
    sa.Index("ix_benchmark_values_year", "publication", "time_period"),
    sa.Index("ix_benchmark_values_source", "source_id"),
)

benchmark_neighbours = sa.Table(  # each authority's statistical neighbours, by old LA number
    "benchmark_neighbours",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("benchmark_sources.id"), nullable=False),
    sa.Column("old_la_code", sa.String(30), nullable=False),
    sa.Column("la_name", sa.Text, nullable=False, server_default=""),
    sa.Column("region_name", sa.Text, nullable=False, server_default=""),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("neighbour_old_la_code", sa.String(30), nullable=False),
    sa.Column("closeness", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_benchmark_neighbours_la", "old_la_code"),
)


# Performance surgeries: agreed actions (with their status history) and commentary per indicator-month.
ACTION_STATUSES = ("open", "in progress", "done", "cancelled")
CLOSED_STATUSES = ("done", "cancelled")

actions = sa.Table(  # an action agreed at a surgery, on a figure, a listed child or a worker
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),  # the indicator the action is about
    sa.Column("team", sa.Text, nullable=False, server_default=""),  # '' = the whole service
    sa.Column("subject_kind", sa.String(10), nullable=False),  # 'figure', 'child' or 'worker'
    sa.Column("subject_id", sa.String(64), nullable=False, server_default=""),  # pseudonymous id
    sa.Column("raised_month", sa.String(7), nullable=False),  # the surgery's reporting month
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # latest of action_updates
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", WHEN, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", WHEN, nullable=False),
    sa.Index("ix_actions_team", "la_code", "team", "status"),
)

action_updates = sa.Table(  # every status change and note, never updated or deleted
    "action_updates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id"), nullable=False, index=True),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", WHEN, nullable=False),
)

commentary = sa.Table(  # the latest row per (code, month, team) is in force; earlier ones are history
    "commentary",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("team", sa.Text, nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("written_by", sa.Text, nullable=False),
    sa.Column("written_at", WHEN, nullable=False),
    sa.Index("ix_commentary_key", "la_code", "code", "month"),
)


# The corporate parenting panel: the priorities its figures are grouped under (each save is a whole new
# set; the latest is in force) and the months an analyst signed off, with the figures as signed.
panel_priority_sets = sa.Table(
    "panel_priority_sets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False, index=True),
    sa.Column("saved_by", sa.Text, nullable=False),
    sa.Column("saved_at", WHEN, nullable=False),
)

panel_priorities = sa.Table(
    "panel_priorities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("set_id", sa.Integer, sa.ForeignKey("panel_priority_sets.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("codes", sa.Text, nullable=False, server_default=""),  # indicator codes, comma-separated
)

sign_offs = sa.Table(  # an analyst's sign-off of the figures reported to one panel meeting
    "sign_offs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),  # the reporting month signed off
    sa.Column("meeting", sa.Text, nullable=False),  # e.g. "Corporate parenting panel, 14 May 2026"
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("signed_by", sa.Text, nullable=False),
    sa.Column("signed_at", WHEN, nullable=False),
    sa.Index("ix_sign_offs_month", "la_code", "month"),
)

sign_off_figures = sa.Table(  # the figures exactly as signed off, to show later revisions beside them
    "sign_off_figures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sign_off_id", sa.Integer, sa.ForeignKey("sign_offs.id"), nullable=False, index=True),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("breakdown", sa.Text, nullable=False, server_default=""),
    sa.Column("numerator", sa.Float, nullable=True),
    sa.Column("denominator", sa.Float, nullable=True),
    sa.Column("value", sa.Float, nullable=True),
    # The figure as the panel was shown it at that meeting ('c' where hidden; migration 0009); NULL for
    # breakdowns the panel does not read and for sign-offs made before it was recorded.
    sa.Column("shown_numerator", sa.Text, nullable=True),
    sa.Column("shown_denominator", sa.Text, nullable=True),
    sa.Column("shown_value", sa.Text, nullable=True),
)

users = sa.Table(  # local accounts, used only where no OIDC provider is configured: an argon2 hash, never a password
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", WHEN, nullable=False),
    sa.Column("changed_by", sa.Text, nullable=True),
    sa.Column("changed_at", WHEN, nullable=True),
    sa.UniqueConstraint("name", name="uq_users_name"),
)

user_teams = sa.Table(  # a team manager's team(s): own table, since a team name may hold any character
    "user_teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("team", sa.Text, nullable=False),
    # The authority whose team it is: each team once per authority the account may see (migration 0013), so
    # row-level security shows a connection only its own authorities' teams.
    sa.Column("la_code", sa.String(12), nullable=False, index=True),
)

user_authorities = sa.Table(  # the authorities a local account may see (none: only CSC_LA_CODE); migration 0014
    "user_authorities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("authority", sa.String(12), nullable=False),  # not `la_code`: access settings, not the authority's data
)

sign_in_attempts = sa.Table(  # every local sign-in attempt, so failures are rate-limited per account and address
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", WHEN, nullable=False),
    sa.Column("account", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Index("ix_sign_in_attempts_account", "account", "at"),
    sa.Index("ix_sign_in_attempts_address", "address", "at"),
)


# Issue 15, the audit of who saw what: every sign-in, view of a child- or worker-level list or timeline,
# download and pack. Changes to data stay in audit_log (whose latest id keys the page caches); both are
# append-only: the migration adds triggers refusing UPDATE and DELETE, and store/ has no function for either.
ACCESS_EVENTS = (
    "sign_in",
    "sign_out",
    "sign_in_failed",
    "view",
    "download",
    "backup",
    "subject_access",
    "authority",  # moved to another authority (a user who may see several; issue 18)
    "authority_refused",  # asked for an authority they may not see, and refused
)

access_log = sa.Table(
    "access_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", WHEN, nullable=False),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("role", sa.String(20), nullable=False, server_default=""),
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("page", sa.Text, nullable=False, server_default=""),
    sa.Column("what", sa.Text, nullable=False, server_default=""),  # which list, file or pack
    sa.Column("subject_ids", sa.Text, nullable=False, server_default="[]"),  # JSON list of child/worker IDs shown
    sa.Column("row_count", sa.Integer, nullable=True),
    sa.Column("address", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_access_log_at", "la_code", "at"),
)

retention_runs = sa.Table(  # each deletion of child- and worker-level rows older than the retention period
    "retention_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("before_month", sa.String(7), nullable=False),  # rows of reporting months before this are gone
    sa.Column("rows_deleted", sa.Integer, nullable=False),
    sa.Column("run_by", sa.Text, nullable=False),
    sa.Column("run_at", WHEN, nullable=False),
    sa.Index("ix_retention_runs_la_code", "la_code"),
)

# The authority's child population by ethnic group (issue 19's disproportionality): each uploaded table is
# one source row (kept as history); the latest source of an authority is the table in force, else the
# reference table shipped in reference/population/.
child_population_sources = sa.Table(
    "child_population_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("la_code", sa.String(12), nullable=False),
    sa.Column("area", sa.Text, nullable=False),  # the area the figures are for, as the file names it
    sa.Column("year", sa.String(12), nullable=False),  # the year the population was counted or estimated
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("loaded_by", sa.Text, nullable=False),
    sa.Column("loaded_at", WHEN, nullable=False),
    sa.Index("ix_child_population_sources_la_code", "la_code"),
)

child_population = sa.Table(  # one row per source and ethnic group: children aged 0 to 17
    "child_population",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("child_population_sources.id"), nullable=False, index=True),
    sa.Column("la_code", sa.String(12), nullable=False),  # row-level security reads it (store/row_security.py)
    sa.Column("ethnic_group", sa.Text, nullable=False),
    sa.Column("children", sa.Integer, nullable=False),
)
