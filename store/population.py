"""The authority's child population by ethnic group, as an analyst loads it (issue 19, disproportionality).

Each loaded table is kept (a source row and one row per group) and audited; the latest table of an
authority is the one in force. With none loaded, the view uses the table shipped in reference/population/.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from reference.population import Population
from store.batches import record_audit
from store.db import writing
from store.tables import child_population, child_population_sources


def save_population(engine: Engine, la_code: str, population: Population, sha256: str, who: str) -> int:
    """Store a checked population table as the one in force, with an audit entry; returns its id."""
    with writing(engine) as conn:
        source_id = conn.execute(
            child_population_sources.insert().returning(child_population_sources.c.id),
            dict(
                la_code=la_code,
                area=population.area,
                year=population.year,
                source=population.source,
                licence=population.licence,
                file_name=population.file_name,
                sha256=sha256,
                loaded_by=who,
                loaded_at=datetime.now(UTC),
            ),
        ).scalar_one()
        conn.execute(
            child_population.insert(),
            [
                dict(source_id=source_id, la_code=la_code, ethnic_group=g, children=int(n))
                for g, n in population.children.items()
            ],
        )
        total = sum(population.children.values())
        details = (
            f"{population.file_name}: child population by ethnic group for {population.area}, {population.year} "
            f"({total:,} children aged 0 to 17; source: {population.source}; licence: {population.licence})"
        )
        record_audit(conn, who, la_code, "load_population", None, details)
    return int(source_id)


def population_in_force(conn: Connection, la_code: str) -> Population | None:
    """The authority's latest loaded population table, or None when it has loaded none."""
    s = child_population_sources.c
    source = (
        conn.execute(
            sa.select(child_population_sources).where(s.la_code == la_code).order_by(s.loaded_at.desc(), s.id.desc())
        )
        .mappings()
        .first()
    )
    if source is None:
        return None
    rows = conn.execute(
        sa.select(child_population.c.ethnic_group, child_population.c.children)
        .where(child_population.c.source_id == source["id"], child_population.c.la_code == la_code)
        .order_by(child_population.c.id)
    ).all()
    return Population(
        area=source["area"],
        year=source["year"],
        source=source["source"],
        licence=source["licence"],
        children={group: int(children) for group, children in rows},
        file_name=source["file_name"],
        loaded_by=source["loaded_by"],
        loaded_at=str(source["loaded_at"])[:16],
    )
