"""An analyst loads a newer child population table for the disproportionality view (issue 19).

Checked in full first (ingest/population.py: every problem with its row and column, nothing stored when
any), then stored as the table in force with an audit entry (store/population.py). Loading reference
data is an analyst's action, as importing the DfE's published tables is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Engine

from core.access import User, require
from ingest.issues import Issue
from ingest.population import read_population
from settings import max_upload_bytes, megabytes
from store.population import save_population


@dataclass(frozen=True)
class PopulationReport:
    level: str  # "loaded" or "refused"
    message: str
    issues: tuple[Issue, ...] = ()


def load_population(
    engine: Engine,
    la_code: str,
    user: User,
    file_name: str,
    data: bytes,
    area: str,
    year: str,
    source: str,
    licence: str,
) -> PopulationReport:
    """Check and store a population table (children aged 0 to 17 by ethnic group) for the authority."""
    require(user, "import_benchmarks")
    if len(data) > max_upload_bytes():
        return PopulationReport(
            "refused", f"{file_name} is {megabytes(len(data))}, over the {megabytes(max_upload_bytes())} limit."
        )
    read = read_population(file_name, data, area, year, source, licence)
    if read.population is None:
        return PopulationReport(
            "refused", f"{file_name} was not loaded: {len(read.issues)} problem(s) to fix.", read.issues
        )
    save_population(engine, la_code, read.population, hashlib.sha256(data).hexdigest(), user.name)
    total = sum(read.population.children.values())
    return PopulationReport(
        "loaded",
        f"Loaded {file_name}: {total:,} children aged 0 to 17 in {read.population.area}, {read.population.year}. "
        "The disproportionality view now divides by this table.",
    )
