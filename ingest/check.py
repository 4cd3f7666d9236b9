"""Check one uploaded file end to end: bytes -> text -> raw table -> typed table -> problems.

`check_file` never raises on user data: whatever the bytes, it returns a CheckResult whose problems
name file, row, column and value. A typed table is returned only when the file has no errors, so a
later step can never store part of a file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.dates import month_label
from ingest.decode import UnreadableFile, text_stream
from ingest.filename import extract_date_from_name, reporting_month_from_name
from ingest.headers import HeaderMatch, match_headers, recognise_dataset
from ingest.issues import Issue, record_columns, record_names, with_records
from ingest.month_fit import month_fit_warnings, wrong_month_warnings
from ingest.parse import DTYPES, MONTH_FORMAT_HELP, month_from_text, parse_column, short_year_months
from ingest.read import TableReader
from ingest.schemas import schema_issues
from reference import dataset_specs
from settings import max_upload_bytes, megabytes


@dataclass(frozen=True)
class CheckResult:
    file_name: str
    size_bytes: int
    sha256: str
    dataset: str | None = None
    recognition: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    header_matches: tuple[HeaderMatch, ...] = ()
    issues: tuple[Issue, ...] = ()
    rows_read: int = 0
    reporting_month: str | None = None
    extract_date: date | None = None
    frame: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def ready(self) -> bool:
        """No errors (warnings still need the analyst's confirmation before loading)."""
        return self.frame is not None and not self.errors


def check_file(
    file_name: str,
    data: bytes,
    dataset: str | None = None,
    month: str | None = None,
    max_bytes: int | None = None,
) -> CheckResult:
    """Read and check a file; `dataset` and `month` override what the file and its name suggest."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    base = dict(file_name=file_name, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    chosen_month = month_from_text(month) if month else None
    base["reporting_month"] = chosen_month or reporting_month_from_name(file_name)
    if month and not chosen_month:
        return CheckResult(
            **base,
            issues=(
                _file_issue(
                    file_name, "unreadable_month", f"The reporting month '{month}' is not a month; {MONTH_FORMAT_HELP}."
                ),
            ),
        )
    base["extract_date"] = extract_date_from_name(file_name)
    if len(data) > limit:
        return CheckResult(
            **base,
            issues=(
                _file_issue(
                    file_name,
                    "too_large",
                    f"The file is {megabytes(len(data))}, over the {megabytes(limit)} limit, so it was "
                    "not read. Split it by month, or ask for the limit (CSC_MAX_UPLOAD_MB) to be raised.",
                ),
            ),
        )
    try:
        stream, encoding = text_stream(data)
    except UnreadableFile as err:
        return CheckResult(**base, issues=(_file_issue(file_name, err.rule, err.message),))
    reader = TableReader(stream, file_name)
    base.update(encoding=encoding, delimiter=reader.delimiter)
    if not reader.headers:
        return CheckResult(
            **base,
            rows_read=reader.rows_read,
            issues=(
                _file_issue(
                    file_name,
                    "empty_file",
                    "The file has no header row or data. Export the data again with column headers in row 1.",
                ),
            ),
        )
    recognition = recognise_dataset(reader.headers)
    how = recognition.reason if dataset in (None, recognition.dataset) else "chosen by you"
    dataset = dataset or recognition.dataset
    if dataset is None:
        for _ in reader.chunks():  # counted, and ragged rows reported, but not typed
            pass
        return CheckResult(
            **base,
            rows_read=reader.rows_read,
            recognition=recognition.reason,
            issues=(*reader.issues, _file_issue(file_name, "unrecognised", recognition.reason)),
        )
    spec = dataset_specs()[dataset]
    matches, header_issues = match_headers(reader.headers, spec, file_name, reader.header_row)
    base.update(dataset=dataset, recognition=how, header_matches=tuple(matches))
    typed, cell_issues, key_cells = _read_typed(reader, matches, spec, file_name)
    base.update(rows_read=reader.rows_read)
    issues = [*reader.issues, *header_issues]
    if typed.empty:
        issues.append(
            _file_issue(
                file_name,
                "no_rows",
                "The file has a header row but no data rows. Check the export covered the right month.",
            )
        )
    issues += cell_issues
    headers = {m.column: m.file_header for m in matches if m.column}
    if not any(i.rule == "missing_column" for i in issues):
        issues += _without_parsed_cells(schema_issues(typed, dataset, file_name, headers), issues)
    if base["reporting_month"] and spec.kind != "keyed":
        issues += wrong_month_warnings(typed, spec, base["reporting_month"], file_name)
        issues += month_fit_warnings(typed, spec, base["reporting_month"], file_name, headers)
    names = record_names(key_cells, list(key_cells.columns), [i.row for i in issues if i.row is not None])
    issues = with_records(issues, names, reader.header_row)
    has_errors = any(i.severity == "error" for i in issues)
    return CheckResult(**base, issues=tuple(issues), frame=None if has_errors else typed)


def _read_typed(
    reader: TableReader, matches: list[HeaderMatch], spec, file_name: str
) -> tuple[pd.DataFrame, list[Issue], pd.DataFrame]:
    """The file's rows typed chunk by chunk: (typed table, a problem per unreadable cell in column order,
    the record-naming cells as typed in the file, to name the record of any row with a problem)."""
    used = [m for m in matches if m.column is not None]
    naming = record_columns(spec.key)
    typed_parts, key_parts = [], []
    problems: dict[int, list[Issue]] = {m.position: [] for m in used}
    short: dict[int, list[pd.Series]] = {m.position: [] for m in used}
    for cells in reader.chunks():
        columns = {}
        for match in used:
            col = spec.column(match.column)
            typed, found = parse_column(cells[match.position], col)
            columns[col.name] = typed
            problems[match.position] += [
                Issue(file_name, p.row, match.file_header, p.value, p.rule, p.message) for p in found
            ]
            if col.type == "month":
                short[match.position].append(short_year_months(cells[match.position]))
        for col in spec.columns:
            if col.name not in columns and not col.required:
                columns[col.name] = pd.Series(pd.NA, index=cells.index, dtype=DTYPES[col.type])
        typed_parts.append(pd.DataFrame({n: columns[n] for n in spec.column_names if n in columns}, index=cells.index))
        key_parts.append(
            pd.DataFrame(
                {m.column: cells[m.position].astype("string") for m in used if m.column in naming}, index=cells.index
            )
        )
        del cells, columns  # the chunk's Python strings go before the next chunk is read
    typed = pd.concat(typed_parts) if len(typed_parts) > 1 else typed_parts[0]
    keys = pd.concat(key_parts) if len(key_parts) > 1 else key_parts[0]
    issues = [issue for match in used for issue in problems[match.position]]
    for match in used:
        if short[match.position]:
            found = pd.concat(short[match.position])
            issues += _short_year_warning(found, match.file_header, file_name)
    return typed, issues, keys


def _short_year_warning(short: pd.Series, header: str, file_name: str) -> list[Issue]:
    """Months like 'Oct-18' are read as 2018-10, and the analyst is told how many rows were read so."""
    if short.empty:
        return []
    first_row, first = int(short.index[0]), str(short.iloc[0])
    rows = f"{len(short):,} row{'s' if len(short) != 1 else ''}"
    return [
        Issue(
            file_name,
            None,
            header,
            first,
            "two_digit_year",
            f"{rows} give the month as Excel shows it, with a two-digit year (row {first_row}: '{first}', read "
            f"as {month_label(month_from_text(first))}). Each was read in the 2000s. If that is right, confirm; "
            f"otherwise, in Excel, format the column as Text, type each month as YYYY-MM ({month_from_text(first)}) "
            "and export again.",
            "warning",
        )
    ]


def _without_parsed_cells(found: list[Issue], earlier: list[Issue]) -> list[Issue]:
    """A cell already reported as unreadable is not reported again as blank."""
    unreadable = {(i.row, i.column) for i in earlier if i.row is not None}
    return [i for i in found if not (i.rule == "blank_cell" and (i.row, i.column) in unreadable)]


def _file_issue(file_name: str, rule: str, message: str) -> Issue:
    return Issue(file_name, None, None, None, rule, message)
