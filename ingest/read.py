"""Text to a raw table of strings: delimiter, header row, ragged and blank rows, Excel row numbers.

Nothing is typed here. Each data row keeps the row number Excel shows (header = row 1, blank rows
still counted), so every later problem can point at the cell the analyst has to fix.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np
import pandas as pd

from ingest.issues import Issue

DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}
MAX_CELL_CHARS = 100_000
CHUNK_ROWS = 50_000  # rows read into Python lists at once: a 600k-row file is read in twelve chunks


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
    reader = TableReader(io.StringIO(text, newline=""), file_name)
    parts = list(reader.chunks())
    cells = pd.concat(parts) if len(parts) > 1 else parts[0]
    return RawTable(reader.headers, cells, reader.delimiter, reader.header_row, tuple(reader.issues))


class TableReader:
    """The rows of a text stream, read in chunks of at most `chunk_rows` so a large file is never held
    as Python lists all at once. The header is read on creation; `issues` fills in as chunks are read
    (ragged rows, an unreadable row that stops the reading) and is complete once `chunks()` is done."""

    def __init__(self, stream: TextIO, file_name: str, chunk_rows: int | None = None) -> None:
        self.file_name = file_name
        self.chunk_rows = chunk_rows or CHUNK_ROWS
        self.issues: list[Issue] = []
        first_line = _first_line(stream)
        stream.seek(0)
        delimiter = sniff_delimiter(first_line)
        self.delimiter = DELIMITERS[delimiter]
        csv.field_size_limit(MAX_CELL_CHARS)
        # strict: an unclosed or stray quote is an error here, not a cell that silently swallows later rows.
        self._records = enumerate(csv.reader(stream, delimiter=delimiter, strict=True), start=1)
        self._row_number = 0
        self._width = self._header_cells = self.header_row = 0
        self.headers: tuple[str, ...] = ()
        self.rows_read = 0  # data rows, ragged ones included
        try:
            for number, record in self._records:
                self._row_number = number
                if "".join(record).strip():
                    headers = _trim_blank_tail(record)
                    self.headers = tuple(h.strip() for h in headers)
                    self.header_row, self._header_cells, self._width = number, len(record), len(headers)
                    break
        except csv.Error as err:
            self._unreadable(err)

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Frames of raw cells (object dtype, columns 0..n-1, index = Excel row number); at least one."""
        width, header_cells = self._width, self._header_cells
        rows: list[list[str]] = []
        numbers: list[int] = []
        yielded = False
        paused = _pause_gc()  # many small lists, none in a cycle: the collector would scan them again and again
        try:
            if self.headers:
                for number, record in self._records:
                    self._row_number = number
                    if len(record) == width == header_cells:  # the usual row: as wide as the header
                        if not "".join(record).strip():
                            continue
                    else:
                        if not "".join(record).strip():
                            continue
                        record = _fit(record, width, header_cells, number, self.file_name, self.issues)
                        self.rows_read += record is None
                        if record is None:
                            continue
                    rows.append(record)
                    numbers.append(number)
                    if len(rows) >= self.chunk_rows:
                        frame = self._frame(rows, numbers)
                        rows, numbers = [], []
                        _resume_gc(paused)
                        yield frame
                        paused, yielded = _pause_gc(), True
        except csv.Error as err:
            self._unreadable(err)
        finally:
            _resume_gc(paused)
        if rows or not yielded:
            frame = self._frame(rows, numbers)
            del rows, numbers
            yield frame

    def _frame(self, rows: list[list[str]], numbers: list[int]) -> pd.DataFrame:
        self.rows_read += len(rows)
        columns = zip(*rows, strict=True) if rows else [()] * self._width
        index = pd.Index(numbers, name="row", dtype="int64")
        return pd.DataFrame(
            {n: np.fromiter(column, dtype=object, count=len(rows)) for n, column in enumerate(columns)},
            index=index,
            columns=range(self._width),
            dtype=object,  # text as read, never inferred
        )

    def _unreadable(self, err: csv.Error) -> None:
        self.issues.append(
            Issue(
                self.file_name,
                self._row_number + 1,
                None,
                None,
                "unreadable_row",
                f"The file cannot be read from this row on ({err}). A cell may have an opening "
                "quote mark with no closing one, or be far too long. Fix the row and check again; "
                "rows after it were not checked.",
            )
        )


def _pause_gc() -> bool:
    """Stop the cyclic garbage collector while rows are read (reference counting still frees memory);
    True if it was running, for `_resume_gc`."""
    running = gc.isenabled()
    gc.disable()
    return running


def _resume_gc(was_running: bool) -> None:
    if was_running:
        gc.enable()


def _first_line(stream: TextIO) -> str:
    """The first line with more than separators on it, for sniffing the delimiter."""
    for line in stream:
        for part in line.splitlines():
            if part.strip(" \t,;"):
                return part
    return ""


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
