"""DfE published tables in the store: reference data for every authority, kept by publication and year.

Saving a file replaces, in one transaction, the stored years of its publication that the file carries
(other years stay), records the file in benchmark_sources (kept as history) and writes an audit entry
with who and when. The identical file already in force for all its years changes nothing. Statistical
neighbour groupings are replaced whole by a newer file. Reads return pandas frames; nothing here
computes a comparison (metrics/benchmarks.py does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ingest.ees import NEIGHBOUR_COLUMNS, VALUE_COLUMNS
from store.batches import record_audit
from store.db import transaction_lock, writing
from store.frames import result_frame
from store.tables import benchmark_neighbours, benchmark_sources, benchmark_values

INSERT_CHUNK = 5_000
EES, NEIGHBOURS = "ees", "neighbours"
NEIGHBOURS_PUBLICATION = "statistical_neighbours"


@dataclass(frozen=True)
class PublishedTable:
    """A published table read without errors, ready to store (`values` has ingest.ees.VALUE_COLUMNS)."""

    publication: str
    file_name: str
    sha256: str
    rows: int
    values: pd.DataFrame = field(repr=False)
    measures: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class SaveOutcome:
    changed: bool
    source_id: int | None
    message: str
    years: tuple[str, ...] = ()  # year labels the file carries, oldest first
    values_stored: int = 0


def save_published_table(engine: Engine, table: PublishedTable, who: str, la_code: str) -> SaveOutcome:
    """Store a published table: its years replace the same years of its publication, in one transaction."""
    periods = sorted(table.values["time_period"].unique())
    labels = _labels(table.values)
    with writing(engine) as conn:
        _lock(conn, table.publication)
        in_force = _sources_in_force(conn, table.publication)
        same = in_force[in_force["time_period"].isin(periods)]
        if len(same) and set(same["time_period"]) == set(periods) and (same["sha256"] == table.sha256).all():
            return SaveOutcome(
                False,
                int(same["source_id"].iloc[0]),
                f"{table.file_name} is already imported: its {_years_words(labels)} are in force, so nothing changed.",
                labels,
            )
        replaced = _replaced_words(same)
        now = datetime.now(UTC)
        summary = f"{len(table.values):,} values for {_years_words(labels)}" + (
            f"; replaces {replaced}" if replaced else ""
        )
        source_id = conn.execute(
            benchmark_sources.insert().returning(benchmark_sources.c.id),
            dict(
                kind=EES,
                publication=table.publication,
                file_name=table.file_name,
                sha256=table.sha256,
                rows=table.rows,
                values_stored=len(table.values),
                years=",".join(periods),
                measures=",".join(table.measures),
                filters=",".join(table.filters),
                loaded_by=who,
                loaded_at=now,
                summary=summary,
            ),
        ).scalar_one()
        conn.execute(
            benchmark_values.delete().where(
                benchmark_values.c.publication == table.publication, benchmark_values.c.time_period.in_(periods)
            )
        )
        _insert(conn, benchmark_values, _value_records(table, source_id))
        record_audit(
            conn, who, la_code, "import_benchmarks", None, f"{table.file_name} ({table.publication}): {summary}"
        )
    return SaveOutcome(True, source_id, f"Imported {table.file_name}: {summary}.", labels, len(table.values))


def save_neighbours(
    engine: Engine, file_name: str, sha256: str, rows: int, groups: pd.DataFrame, who: str, la_code: str
) -> SaveOutcome:
    """Store statistical neighbour groupings, replacing the ones in force (unless they came from this file)."""
    with writing(engine) as conn:
        _lock(conn, NEIGHBOURS_PUBLICATION)
        current = _neighbour_source(conn)
        if current is not None and current["sha256"] == sha256:
            return SaveOutcome(
                False, current["id"], f"{file_name} is already the statistical neighbour groupings in use."
            )
        authorities = groups["old_la_code"].nunique()
        summary = f"{authorities:,} authorities' statistical neighbours" + (
            f"; replaces {current['file_name']} (imported by {current['loaded_by']})" if current else ""
        )
        source_id = conn.execute(
            benchmark_sources.insert().returning(benchmark_sources.c.id),
            dict(
                kind=NEIGHBOURS,
                publication=NEIGHBOURS_PUBLICATION,
                file_name=file_name,
                sha256=sha256,
                rows=rows,
                values_stored=len(groups),
                loaded_by=who,
                loaded_at=datetime.now(UTC),
                summary=summary,
            ),
        ).scalar_one()
        conn.execute(benchmark_neighbours.delete())
        records = [
            dict(zip(NEIGHBOUR_COLUMNS, values, strict=True), source_id=source_id, position=int(values[3]))
            for values in groups[list(NEIGHBOUR_COLUMNS)].itertuples(index=False, name=None)
        ]
        _insert(conn, benchmark_neighbours, records)
        record_audit(conn, who, la_code, "import_neighbours", None, f"{file_name}: {summary}")
    return SaveOutcome(True, source_id, f"Imported {file_name}: {summary}.", (), len(groups))


def stored_publications(engine: Engine) -> set[str]:
    """Publications with any value stored, plus NEIGHBOURS_PUBLICATION when neighbours are."""
    with engine.connect() as conn:
        found = set(conn.execute(sa.select(benchmark_values.c.publication).distinct()).scalars())
        if conn.execute(sa.select(benchmark_neighbours.c.id).limit(1)).first():
            found.add(NEIGHBOURS_PUBLICATION)
    return found


def benchmark_version(engine: Engine) -> int:
    """The latest import's id (0 when none): changes whenever stored benchmarks change, for caching reads."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(benchmark_sources.c.id))).scalar() or 0)


def published_values(engine: Engine, publication: str, measures: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Every stored value of some measures of one publication (all years, areas and breakdowns)."""
    query = sa.select(*[benchmark_values.c[c] for c in VALUE_COLUMNS]).where(
        benchmark_values.c.publication == publication, benchmark_values.c.measure.in_(list(measures))
    )
    with engine.connect() as conn:
        frame = _frame(conn.execute(query), VALUE_COLUMNS)
    return frame.astype({"value": "float64"})


def published_measures(engine: Engine) -> pd.DataFrame:
    """Each stored publication, measure and breakdown, with the years it covers (first and last)."""
    v = benchmark_values.c
    query = sa.select(
        v.publication,
        v.measure,
        v.breakdown,
        sa.func.min(v.time_period).label("first_period"),
        sa.func.max(v.time_period).label("last_period"),
    ).group_by(v.publication, v.measure, v.breakdown)
    with engine.connect() as conn:
        frame = _frame(conn.execute(query), ("publication", "measure", "breakdown", "first_period", "last_period"))
    return frame.sort_values(["publication", "measure", "breakdown"], ignore_index=True)


def stored_areas(engine: Engine) -> pd.DataFrame:
    """Every area stored at each level with its latest name, old LA code and region, and the latest year
    (time_period) it has a figure for."""
    v = benchmark_values.c
    columns = ("geographic_level", "area_code", "area_name", "old_la_code", "region_code", "region_name")
    query = sa.select(*[v[c] for c in columns], sa.func.max(v.time_period).label("time_period")).group_by(
        *[v[c] for c in columns]
    )
    with engine.connect() as conn:
        frame = _frame(conn.execute(query), (*columns, "time_period"))
    latest = frame.sort_values("time_period").drop_duplicates(["geographic_level", "area_code"], keep="last")
    return latest.sort_values(["geographic_level", "area_name"], ignore_index=True)


def neighbour_groups(engine: Engine) -> pd.DataFrame:
    """The statistical neighbour groupings in use (ingest.ees.NEIGHBOUR_COLUMNS), by authority and position."""
    query = sa.select(*[benchmark_neighbours.c[c] for c in NEIGHBOUR_COLUMNS]).order_by(
        benchmark_neighbours.c.old_la_code, benchmark_neighbours.c.position
    )
    with engine.connect() as conn:
        return _frame(conn.execute(query), NEIGHBOUR_COLUMNS)


def benchmark_sources_in_force(engine: Engine) -> pd.DataFrame:
    """The files stored values come from: publication, file, years in force, who imported it and when."""
    with engine.connect() as conn:
        values = _sources_in_force(conn, None)
        neighbours = _neighbour_source(conn)
    rows = []
    for (publication, source_id), years in values.groupby(["publication", "source_id"], sort=True):
        first = years.iloc[0]
        rows.append(
            {
                "publication": publication,
                "file_name": first["file_name"],
                "years": ", ".join(sorted(years["year_label"])),
                "loaded_by": first["loaded_by"],
                "loaded_at": first["loaded_at"],
                "source_id": int(source_id),
            }
        )
    if neighbours:
        rows.append(
            {
                "publication": NEIGHBOURS_PUBLICATION,
                "file_name": neighbours["file_name"],
                "years": "",
                "loaded_by": neighbours["loaded_by"],
                "loaded_at": neighbours["loaded_at"],
                "source_id": neighbours["id"],
            }
        )
    return pd.DataFrame(rows, columns=["publication", "file_name", "years", "loaded_by", "loaded_at", "source_id"])


def _sources_in_force(conn: Connection, publication: str | None) -> pd.DataFrame:
    """Per publication and year, the file its stored values came from."""
    v, s = benchmark_values.c, benchmark_sources.c
    query = (
        sa.select(
            v.publication, v.time_period, v.year_label, v.source_id, s.sha256, s.file_name, s.loaded_by, s.loaded_at
        )
        .join(benchmark_sources, s.id == v.source_id)
        .group_by(
            v.publication, v.time_period, v.year_label, v.source_id, s.sha256, s.file_name, s.loaded_by, s.loaded_at
        )
    )
    if publication is not None:
        query = query.where(v.publication == publication)
    columns = ("publication", "time_period", "year_label", "source_id", "sha256", "file_name", "loaded_by", "loaded_at")
    return _frame(conn.execute(query), columns)


def _neighbour_source(conn: Connection) -> dict | None:
    query = sa.select(benchmark_sources).where(
        benchmark_sources.c.id == sa.select(sa.func.max(benchmark_neighbours.c.source_id)).scalar_subquery()
    )
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def _replaced_words(same: pd.DataFrame) -> str:
    if same.empty:
        return ""
    parts = []
    for (file_name, loaded_by), rows in same.groupby(["file_name", "loaded_by"], sort=False):
        parts.append(f"{', '.join(sorted(rows['year_label']))} from {file_name} (imported by {loaded_by})")
    return "; ".join(parts)


def _labels(values: pd.DataFrame) -> tuple[str, ...]:
    pairs = values[["time_period", "year_label"]].drop_duplicates().sort_values(["time_period", "year_label"])
    return tuple(dict.fromkeys(pairs["year_label"]))


def _years_words(labels: tuple[str, ...]) -> str:
    if not labels:
        return "no years"
    return f"year {labels[0]}" if len(labels) == 1 else f"years {labels[0]} to {labels[-1]}"


def _value_records(table: PublishedTable, source_id: int) -> list[dict]:
    frame = table.values[list(VALUE_COLUMNS)]
    values = [None if pd.isna(v) else float(v) for v in frame["value"]]
    symbols = [None if s is None or pd.isna(s) else str(s) for s in frame["symbol"]]
    text_columns = [c for c in VALUE_COLUMNS if c not in ("value", "symbol")]
    texts = [frame[c].astype(str).tolist() for c in text_columns]
    return [
        {
            "source_id": source_id,
            "publication": table.publication,
            **dict(zip(text_columns, row, strict=True)),
            "value": value,
            "symbol": symbol,
        }
        for *row, value, symbol in zip(*texts, values, symbols, strict=True)
    ]


def _insert(conn: Connection, table: sa.Table, records: list[dict]) -> None:
    for start in range(0, len(records), INSERT_CHUNK):
        conn.execute(table.insert(), records[start : start + INSERT_CHUNK])


def _lock(conn: Connection, publication: str) -> None:
    """Serialise imports of one publication. SQLite's BEGIN IMMEDIATE already serialises writers."""
    transaction_lock(conn, f"benchmarks|{publication}")


def _frame(result, columns) -> pd.DataFrame:
    return result_frame(result, columns)


def authority_names(engine: Engine, codes: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Each authority's latest published name, by new-style code (for a picker); codes not published are left out."""
    query = (
        sa.select(benchmark_values.c.area_code, benchmark_values.c.area_name)
        .where(benchmark_values.c.area_code.in_(list(codes)), benchmark_values.c.area_name != "")
        .group_by(benchmark_values.c.area_code, benchmark_values.c.area_name)
        .order_by(sa.func.max(benchmark_values.c.time_period))
    )
    with engine.connect() as conn:
        return {code: name for code, name in conn.execute(query)}  # the latest year's name wins
