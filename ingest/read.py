"""Text to a raw table of strings: delimiter, header row, ragged and blank rows, Excel row numbers.

Nothing is typed here. Each data row keeps the row number Excel shows (header = row 1, blank rows
still counted), so every later problem can point at the cell the analyst has to fix.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from ingest.issues import Issue

DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}
MAX_CELL_CHARS = 100_000


@dataclass(frozen=True)
class RawTable:
    headers: tuple[str, ...]
    cells: pd.DataFrame  # object dtype, columns 0..n-1, index = Excel row number
    delimiter: str
    header_row: int
    issues: tuple[Issue, ...] = field(default=())


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the header line into the most fields (comma when tied)."""
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([first_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def read_table(text: str, file_name: str) -> RawTable:
    """Split text into header and data rows, reporting ragged rows instead of guessing."""
    first_line = next((line for line in text.splitlines() if line.strip(" \t,;")), "")
    delimiter = sniff_delimiter(first_line)
    csv.field_size_limit(MAX_CELL_CHARS)
    # strict: an unclosed or stray quote is an error here, not a cell that silently swallows later rows.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    issues: list[Issue] = []
    headers: list[str] | None = None
    header_row = header_cells = 0
    rows: list[list[str]] = []
    numbers: list[int] = []
    row_number = 0
    try:
        for row_number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers, header_row, header_cells = _trim_blank_tail(record), row_number, len(record)
                continue
            record = _fit(record, len(headers), header_cells, row_number, file_name, issues)
            if record is not None:
                rows.append(record)
                numbers.append(row_number)
    except csv.Error as err:
        issues.append(
            Issue(
                file_name,
                row_number + 1,
                None,
                None,
                "unreadable_row",
                f"The file cannot be read from this row on ({err}). A cell may have an opening "
                "quote mark with no closing one, or be far too long. Fix the row and check again; "
                "rows after it were not checked.",
            )
        )
    if headers is None:
        headers = []
    cells = pd.DataFrame(rows, index=pd.Index(numbers, name="row"), columns=range(len(headers)), dtype=object)
    return RawTable(tuple(h.strip() for h in headers), cells, DELIMITERS[delimiter], header_row, tuple(issues))


def _trim_blank_tail(record: list[str]) -> list[str]:
    while record and not record[-1].strip():
        record = record[:-1]
    return record


def _fit(
    record: list[str], width: int, header_cells: int, row: int, file_name: str, issues: list[Issue]
) -> list[str] | None:
    """A row with as many cells as the header. More cells than the header line has is an error
    whatever they hold: 'Hub 1, East' unquoted pushes every later value one column right, and a
    blank last cell does not make that safe. Cells under the header's own blank trailing cells
    (Excel pads every row of a sheet to the same width) are dropped when empty."""
    if len(record) > header_cells or (len(record) > width and any(cell.strip() for cell in record[width:])):
        issues.append(
            _ragged(
                file_name,
                row,
                len(record),
                width,
                "Check for a comma inside a value (a team name such as 'Hub 1, East' needs quotes) or an "
                "extra cell, and remove it.",
            )
        )
        return None
    if len(record) < width:
        issues.append(
            _ragged(
                file_name,
                row,
                len(record),
                width,
                "Fill in the missing cells (leave blanks empty, but keep their commas).",
            )
        )
        return None
    return record[:width]


def _ragged(file_name: str, row: int, values: int, width: int, fix: str) -> Issue:
    return Issue(
        file_name,
        row,
        None,
        None,
        "ragged_row",
        f"Row {row} has {values} value{'s' if values != 1 else ''}, the header has {width}, so values may have "
        f"shifted into the wrong columns. {fix}",
    )
