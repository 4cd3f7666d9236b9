"""Retention: child- and worker-level rows of reporting months before a cut-off are deleted for good.

What goes: every stored row of the monthly datasets (workforce, allocations, health assessments,
placements, care leavers) in batches for months before the cut-off, and the child or worker ID on
closed surgery actions raised before it. What stays: the batches themselves (file, month, who, when:
the history of what was loaded), the stored per-month figures, the figures as signed off for the panel,
aggregate indicator values (no person in them) and the whole audit. One transaction, recorded in
retention_runs and the audit log; the store then never recomputes a month whose inputs were cut
(`frozen_before`), so the figures shown stay the ones computed from the full data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Engine

from core.dates import month_label
from reference import dataset_specs
from store.batches import record_audit
from store.db import writing
from store.tables import CLOSED_STATUSES, actions, batches, retention_runs, rows_tables

PERSON_LEVEL = tuple(name for name, spec in dataset_specs().items() if spec.kind != "keyed")


@dataclass(frozen=True)
class RetentionOutcome:
    before_month: str
    rows_deleted: dict[str, int]
    actions_cleared: int
    message: str


def _old_batches(la_code: str, before_month: str):
    return sa.select(batches.c.id).where(
        batches.c.la_code == la_code,
        batches.c.reporting_month.is_not(None),
        batches.c.reporting_month < before_month,
    )


def _old_actions(la_code: str, before_month: str):
    return (
        actions.c.la_code == la_code,
        actions.c.subject_kind.in_(("child", "worker")),
        actions.c.subject_id != "",
        actions.c.raised_month < before_month,
        actions.c.status.in_(CLOSED_STATUSES),
    )


def rows_before(engine: Engine, la_code: str, before_month: str) -> dict[str, int]:
    """How many child- and worker-level rows a run with this cut-off would delete, per dataset."""
    with engine.connect() as conn:
        return {
            dataset: int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(rows_tables[dataset])
                    .where(rows_tables[dataset].c.batch_id.in_(_old_batches(la_code, before_month)))
                ).scalar()
            )
            for dataset in PERSON_LEVEL
        }


def delete_rows_before(engine: Engine, la_code: str, before_month: str, who: str) -> RetentionOutcome:
    """Delete the person-level rows of reporting months before `before_month`, record it, in one transaction."""
    with writing(engine) as conn:
        deleted = {
            dataset: conn.execute(
                rows_tables[dataset]
                .delete()
                .where(rows_tables[dataset].c.batch_id.in_(_old_batches(la_code, before_month)))
            ).rowcount
            for dataset in PERSON_LEVEL
        }
        cleared = conn.execute(
            actions.update().where(*_old_actions(la_code, before_month)).values(subject_id="")
        ).rowcount
        total = sum(deleted.values())
        conn.execute(
            retention_runs.insert(),
            dict(la_code=la_code, before_month=before_month, rows_deleted=total, run_by=who, run_at=datetime.now(UTC)),
        )
        shown = ", ".join(f"{dataset} {count}" for dataset, count in deleted.items() if count) or "none"
        message = (
            f"Retention: deleted {total} child- and worker-level rows of months before {month_label(before_month)} "
            f"({shown}) and the IDs on {cleared} closed actions; stored figures and the audit are kept."
        )
        record_audit(conn, who, la_code, "retention", None, message)
    return RetentionOutcome(before_month, deleted, cleared, message)
