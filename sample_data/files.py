"""A generated file as an analyst would receive it: name, bytes and what it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SampleFile:
    name: str  # file name as an analyst would receive it; the reporting month is readable from it
    data: bytes  # the file's bytes (encoding and delimiter vary)
    dataset: str  # workforce | allocations | health_assessments | placements | care_leavers | indicator_values
    month: str | None  # reporting month YYYY-MM (None for indicator_values)
    la_code: str
    extract_date: date  # when it was extracted (also in the file name for most files)
    note: str = ""  # e.g. "late data", "first extract, superseded by a corrected one"


@dataclass(frozen=True)
class BrokenFile(SampleFile):
    expected_rules: frozenset[str] = frozenset()  # the error rules ingest's check_file reports for it
