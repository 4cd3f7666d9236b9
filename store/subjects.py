"""Every stored row about one child or worker, for a subject access request (or to check a correction).

Looks in each monthly dataset's rows (with the batch each came from: file, month, who loaded it), the
surgery actions about them, and the audit entries that showed their ID to someone.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from reference import dataset_specs
from store.audit import accesses_naming
from store.frames import result_frame
from store.tables import actions, batches, rows_tables

ID_FIELDS = ("child_id", "worker_id")


def rows_about(engine: Engine, la_code: str, person_id: str) -> dict[str, pd.DataFrame]:
    """Each place holding the ID, as a frame of its rows (datasets first, then actions, then the audit)."""
    found: dict[str, pd.DataFrame] = {}
    with engine.connect() as conn:
        for dataset, table in rows_tables.items():
            fields = [table.c[name] for name in ID_FIELDS if name in table.c]
            if not fields:
                continue
            query = (
                sa.select(batches.c.file_name, batches.c.reporting_month, batches.c.status, batches.c.loaded_by, table)
                .join(batches, batches.c.id == table.c.batch_id)
                .where(table.c.la_code == la_code, sa.or_(*(field == person_id for field in fields)))
                .order_by(batches.c.reporting_month, table.c.id)
            )
            result = conn.execute(query)
            found[dataset_specs()[dataset].title] = result_frame(result)
        query = actions.select().where(actions.c.la_code == la_code, actions.c.subject_id == person_id)
        result = conn.execute(query.order_by(actions.c.id))
        found["Surgery actions"] = result_frame(result)
    found["Audit: views and downloads that showed the ID"] = accesses_naming(engine, la_code, person_id)
    return found
