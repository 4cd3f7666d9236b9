"""Importing benchmarks: the DfE published tables shipped with the dashboard (on first run) and an
analyst's EES file from the Check page. Reading them for pages is views/benchmarks.py.

The shipped files in reference/dfe/ are real published data (Open Government Licence), not the synthetic
sample: `ensure_shipped_benchmarks` imports each one whose publication the store does not hold yet,
whatever CSC_SAMPLE_DATA says, once per process, under a lock so two sessions do not import twice.
The app runs it before the first page (app.py), and the Benchmarking page before it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from core.access import User, require
from ingest.ees import NeighbourFile, read_published_file
from ingest.ees import is_published_table as is_published_table  # for the Check page
from ingest.issues import Issue
from metrics.benchmarks import benchmark_publications
from settings import max_upload_bytes, megabytes, setting
from store import benchmarks as stored
from store.db import exclusive
from views.benchmarks import NEIGHBOURS
from workflows.page_tables import refresh_benchmark_comparisons

SHIPPED_FOLDER = Path(__file__).resolve().parents[1] / "reference" / "dfe"


SHIPPED_LOADER = "DfE published tables shipped with the dashboard"


_SHIPPED_DONE: set[str] = set()


@dataclass(frozen=True)
class ImportReport:
    """What importing one published file did, in words, with its facts."""

    file_name: str
    level: str  # "imported", "unchanged" or "refused"
    message: str
    publication: str = ""
    rows: int = 0
    values: int = 0
    years: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = field(default=(), repr=False)


def import_ees_file(
    engine: Engine, name: str, data: bytes, user: User, la_code: str | None = None, publication: str | None = None
) -> ImportReport:
    """An analyst's import of a DfE published table or statistical neighbour file (`_import`)."""
    require(user, "import_benchmarks")
    report = _import(engine, name, data, user.name, la_code, publication)
    if report.level == "imported":
        refresh_benchmark_comparisons(engine, la_code or setting("CSC_LA_CODE").strip())
    return report


def _import(
    engine: Engine, name: str, data: bytes, who: str, la_code: str | None = None, publication: str | None = None
) -> ImportReport:
    """Import a DfE published table (EES CSV) or statistical neighbour file as benchmark data.

    Its years replace the same years of its publication (the file name without years, unless
    `publication` is given); the identical file changes nothing; a file with errors stores nothing and
    the report lists every problem with its row and column.
    """
    authority = la_code or setting("CSC_LA_CODE").strip()
    if len(data) > max_upload_bytes():
        return ImportReport(
            name,
            "refused",
            f"{name} is {megabytes(len(data))}, over the {megabytes(max_upload_bytes())} limit "
            "(CSC_MAX_UPLOAD_MB), so it was not read. Download the table filtered to fewer years or areas.",
        )
    read = read_published_file(name, data, publication)
    if isinstance(read, NeighbourFile):
        return _import_neighbours(engine, read, who, authority)
    if not read.ok:
        errors = [i for i in read.issues if i.severity == "error"]
        return ImportReport(
            name,
            "refused",
            f"{name} was not imported: {len(errors):,} problem{'s' if len(errors) != 1 else ''} to fix "
            f"(first: {_where(errors[0])}{errors[0].message})",
            read.publication,
            read.rows_read,
            issues=read.issues,
        )
    table = stored.PublishedTable(
        read.publication, name, read.sha256, read.rows_read, read.values, read.measures, read.filters
    )
    outcome = stored.save_published_table(engine, table, who, authority)
    left_out = "".join(
        f" Left out: {rows:,} row{'s' if rows != 1 else ''} at the {level} level." for level, rows in read.left_out
    )
    return ImportReport(
        name,
        "imported" if outcome.changed else "unchanged",
        f"{outcome.message} {read.rows_read:,} rows read; publication {read.publication}, "
        f"{len(read.measures)} measure{'s' if len(read.measures) != 1 else ''} ({', '.join(read.measures)}).{left_out}",
        read.publication,
        read.rows_read,
        outcome.values_stored,
        outcome.years,
        read.measures,
        read.issues,
    )


def _import_neighbours(engine: Engine, read: NeighbourFile, who: str, la_code: str) -> ImportReport:
    if not read.ok:
        errors = [i for i in read.issues if i.severity == "error"]
        return ImportReport(
            read.file_name,
            "refused",
            f"{read.file_name} was not imported: {len(errors):,} problem(s) to fix "
            f"(first: {_where(errors[0])}{errors[0].message})",
            NEIGHBOURS,
            read.rows_read,
            issues=read.issues,
        )
    outcome = stored.save_neighbours(engine, read.file_name, read.sha256, read.rows_read, read.groups, who, la_code)
    return ImportReport(
        read.file_name,
        "imported" if outcome.changed else "unchanged",
        outcome.message,
        NEIGHBOURS,
        read.rows_read,
        outcome.values_stored,
    )


def ensure_shipped_benchmarks(engine: Engine, who: str = SHIPPED_LOADER) -> list[ImportReport]:
    """Import each shipped DfE file whose publication the store does not hold yet (none once done).

    Checked again under a lock (store.db.exclusive), so two sessions or replicas import each file once;
    a publication an analyst has imported already is never overwritten by the shipped copy.
    """
    key = str(engine.url)
    if key in _SHIPPED_DONE:
        return []
    reports: list[ImportReport] = []
    if _missing_shipped(engine):
        with exclusive(engine, "benchmarks:shipped"):
            for publication in _missing_shipped(engine):
                path = SHIPPED_FOLDER / benchmark_publications()[publication].file
                reports.append(_import(engine, path.name, path.read_bytes(), who, publication=publication))
    if all(r.level != "refused" for r in reports):
        refresh_benchmark_comparisons(engine, setting("CSC_LA_CODE").strip())  # none, or from older tables
        _SHIPPED_DONE.add(key)
    return reports


def benchmarks_imported(engine: Engine) -> bool:
    """True once every shipped publication is in the store (cheap after the first check per process)."""
    return str(engine.url) in _SHIPPED_DONE or not _missing_shipped(engine)


def _missing_shipped(engine: Engine) -> list[str]:
    held = stored.stored_publications(engine)
    return [p for p in benchmark_publications() if p not in held]


def _where(issue: Issue) -> str:
    if issue.row is None:
        return ""
    return f"row {issue.row}" + (f", column {issue.column}" if issue.column else "") + ": "
