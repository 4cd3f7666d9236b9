"""Match a file's headers to the contract's columns and recognise which dataset a file is.

Headers are compared after folding case, spaces and punctuation, against each column's own name and
its aliases (reference/datasets.yaml). The analyst sees how every header was matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.issues import Issue
from reference import DatasetSpec, dataset_specs

# EES tidy files (DfE published tables) always carry these columns.
EES_MARKERS = frozenset({"time_period", "geographic_level"})
MIN_SHARE_TO_RECOGNISE = 0.5


def normalise_header(header: str) -> str:
    """Fold a header to snake_case ASCII: 'Date of Birth ', 'DATE_OF_BIRTH' and 'date-of-birth' agree."""
    text = unicodedata.normalize("NFKC", header).replace("\ufeff", "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass(frozen=True)
class HeaderMatch:
    position: int
    file_header: str
    column: str | None
    how: str


def _lookup(spec: DatasetSpec) -> dict[str, tuple[str, str]]:
    """Normalised header -> (column, how it matches)."""
    table: dict[str, tuple[str, str]] = {}
    for column in spec.columns:
        for alias in column.aliases:
            table[normalise_header(alias)] = (column.name, f"alias '{alias}'")
    for column in spec.columns:
        table[normalise_header(column.name)] = (column.name, "column name")
    return table


def match_headers(
    headers: tuple[str, ...], spec: DatasetSpec, file_name: str, header_row: int = 1
) -> tuple[list[HeaderMatch], list[Issue]]:
    """How each header maps to a column, plus missing, duplicated and unrecognised column problems."""
    lookup = _lookup(spec)
    matches: list[HeaderMatch] = []
    issues: list[Issue] = []
    seen: dict[str, str] = {}
    for position, header in enumerate(headers):
        found = lookup.get(normalise_header(header))
        if not header.strip():
            matches.append(HeaderMatch(position, header, None, "blank header: column ignored"))
            continue
        if found is None:
            matches.append(HeaderMatch(position, header, None, "not recognised: column ignored"))
            issues.append(
                Issue(
                    file_name,
                    header_row,
                    header,
                    None,
                    "unknown_column",
                    f"'{header}' is not a column of the {spec.title} dataset, so it will be ignored. "
                    "If it should be one of the dataset's columns, rename it as in the template.",
                    "warning",
                )
            )
            continue
        column, how = found
        exact = "exact column name" if header == column else "column name, ignoring case and punctuation"
        how = exact if how == "column name" else how
        if column in seen:
            matches.append(HeaderMatch(position, header, None, f"duplicate of '{seen[column]}': not read"))
            issues.append(
                Issue(
                    file_name,
                    header_row,
                    header,
                    None,
                    "duplicated_column",
                    f"'{header}' and '{seen[column]}' both give the column {column}. Delete one of "
                    "them so it is clear which to use.",
                )
            )
            continue
        seen[column] = header
        matches.append(HeaderMatch(position, header, column, how))
    for column in spec.columns:
        if column.required and column.name not in seen:
            issues.append(
                Issue(
                    file_name,
                    header_row,
                    column.name,
                    None,
                    "missing_column",
                    f"The column {column.name} ({column.description}) is missing. Add it with this "
                    "header, or rename the column that holds it; the template shows every column.",
                )
            )
    return matches, issues


@dataclass(frozen=True)
class Recognition:
    dataset: str | None
    share_of_required: float
    reason: str


def recognise_dataset(headers: tuple[str, ...]) -> Recognition:
    """The dataset whose required columns the headers cover best, or None with a reason."""
    normalised = {normalise_header(h) for h in headers}
    if normalised >= EES_MARKERS:
        return Recognition(
            None,
            0.0,
            "This looks like a DfE published table (Explore Education Statistics format), not a "
            "monthly extract. Published tables are benchmarks and are imported separately.",
        )
    ranked = []
    for spec in dataset_specs().values():
        lookup = _lookup(spec)
        covered = {lookup[h][0] for h in normalised if h in lookup}
        required = [c.name for c in spec.columns if c.required]
        share = sum(c in covered for c in required) / len(required)
        ranked.append((share, len(covered), spec.name))
    ranked.sort(reverse=True)
    share, _, best = ranked[0]
    if share < MIN_SHARE_TO_RECOGNISE:
        return Recognition(
            None,
            share,
            "The headers do not match any dataset well enough to tell which one this is. Choose the "
            "dataset, or compare the headers with the templates.",
        )
    return Recognition(best, share, f"recognised from its headers ({share:.0%} of required columns found)")
