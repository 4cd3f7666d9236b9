"""One problem shape for every check, and the safe ways to show or export problems.

An analyst fixes a file in Excel, so every problem names the file, the row as Excel numbers it
(header = row 1), the column as headed in their file, the value found, what is wrong and how to fix it.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from io import BytesIO
from typing import Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Severity = Literal["error", "warning"]
ISSUE_COLUMNS = {
    "file": "File",
    "row": "Row",
    "record": "Record",
    "column": "Column",
    "value": "Value",
    "message": "Problem and how to fix it",
    "severity": "Severity",
    "rule": "Rule",
}
# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
VALUE_SHOWN_CHARS = 60
EXCEL_DATE_FORMAT = "dd/mm/yyyy"
EXCEL_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
EXCEL_LOCAL_TIME = "Europe/London"  # Excel has no time zones: times with one are shown as clock time here
EXCEL_WIDTH = (8, 60)  # narrowest and widest column, in characters
EXCEL_SHEET_NAME_CHARS = 31
EXCEL_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    severity: Severity = "error"
    record: str | None = None  # the child, worker or key the row is about: "child C0123"


# How a record is named in a problem: by its child or worker, else by the dataset's key columns.
RECORD_COLUMNS = ("child_id", "worker_id")
RECORD_WORDS = {"child_id": "child", "worker_id": "worker"}


def record_columns(key: tuple[str, ...]) -> list[str]:
    """The columns that name a dataset's record: its child and worker, else its whole key."""
    return [c for c in key if c in RECORD_COLUMNS] or list(key)


def record_names(frame: pd.DataFrame, columns: list[str], rows) -> dict[int, str]:
    """'child C0123, worker W0042' for each of `rows` (index labels of `frame`) whose cells name it.

    `frame` holds the record columns as read (text) or typed (dates shown day first); blank cells are
    left out, and a row with every one blank has no name."""
    present = [c for c in columns if c in frame]
    wanted = [r for r in dict.fromkeys(rows) if r in frame.index]
    names: dict[int, str] = {}
    if not present or not wanted:
        return names
    cells = frame.loc[wanted, present]
    for row, values in zip(cells.index, cells.itertuples(index=False, name=None), strict=True):
        parts = [
            f"{RECORD_WORDS.get(c, c.replace('_', ' '))} {shown}"
            for c, v in zip(present, values, strict=True)
            if (shown := _record_value(v))
        ]
        if parts:
            names[int(row)] = ", ".join(parts)
    return names


def _record_value(value: object) -> str | None:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    shown = shown_value(value)
    return shown.strip() or None if shown is not None else None


def with_records(issues: list[Issue], names: dict[int, str], header_row: int | None = None) -> list[Issue]:
    """Each problem about a data row, naming the record that row belongs to (when its cells name one)."""
    return [
        replace(i, record=names[i.row])
        if i.row is not None and i.row != header_row and i.record is None and i.row in names
        else i
        for i in issues
    ]


def located(issue: Issue) -> str:
    """A problem as one sentence naming where it is: 'Row 14 (child C0123), column start_date: ...'.

    Plain text: a page shows it through core.text.md, like any text from a file."""
    where = []
    if issue.row is not None and not (issue.record is None and issue.message.startswith(f"Row {issue.row} ")):
        where.append(f"Row {issue.row}" + (f" ({issue.record})" if issue.record else ""))
    if issue.column:
        where.append(f"column {issue.column}")
    return f"{', '.join(where)}: {issue.message}" if where else issue.message


def shown_value(value: object) -> str | None:
    """A cell value as shown in a problem: plain text, shortened if huge, never None for a blank."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):  # None, NaN, pd.NA, NaT
        return None
    text = str(value)
    if len(text) > VALUE_SHOWN_CHARS:
        return text[:VALUE_SHOWN_CHARS] + f"... ({len(text):,} characters)"
    return text


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Problems as a table, errors first then by row, with plain column headings."""
    frame = pd.DataFrame([asdict(i) for i in issues], columns=list(ISSUE_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    frame[["record", "column", "value"]] = frame[["record", "column", "value"]].fillna("")
    frame = frame.sort_values(["file", "severity", "row"], key=_sort_key, na_position="first", kind="stable")
    return frame.rename(columns=ISSUE_COLUMNS).reset_index(drop=True)


def _sort_key(col: pd.Series) -> pd.Series:
    if col.name == "severity":
        return col.map({"error": 0, "warning": 1})
    return col


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would execute as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_download(frame: pd.DataFrame) -> bytes:
    """A table as CSV for Excel: UTF-8 with BOM, and no cell that Excel would run as a formula."""
    safe = frame.copy()
    safe.columns = [neutralise_formula(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    # CRLF as Excel writes it; it also makes the csv writer quote a lone "\r", which would otherwise
    # be written bare and split the row, letting the rest of the cell start a new row as a formula.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def excel_download(frame: pd.DataFrame, sheet_name: str = "Data") -> bytes:
    """A table as an Excel workbook (.xlsx): one sheet, no formula anywhere, dates as real dates.

    Every text cell, and every heading, goes through the same `neutralise_formula` as the CSV, so a
    download reads the same in both and a cell that a person later edits in Excel cannot turn into a
    formula. Characters an .xlsx cannot hold (control characters other than tab and line breaks) are
    removed first, so removing them can never uncover a formula prefix. Text is written as text: the
    writer is never left to guess a formula from a leading "=". Dates and times are Excel dates
    (dd/mm/yyyy, with hh:mm when any has a time of day; times with a time zone as clock time in
    England); blanks stay blank. The heading row is bold, frozen and filtered; columns are as wide as
    their longest value, within EXCEL_WIDTH.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_name)
    formats = {}
    columns = []
    for number in range(frame.shape[1]):
        values, formats[number] = _excel_column(frame.iloc[:, number])
        columns.append(values)
    sheet.append([_excel_text(str(name)) for name in frame.columns])
    for row in zip(*columns, strict=True) if columns else ():
        sheet.append(list(row))
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    for number, name in enumerate(frame.columns):
        letter = get_column_letter(number + 1)
        if formats[number]:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number + 1, max_col=number + 1):
                cell.number_format = formats[number]
        shown = [len(str(name))] + [_shown_width(value, formats[number]) for value in columns[number]]
        sheet.column_dimensions[letter].width = min(max(max(shown) + 2, EXCEL_WIDTH[0]), EXCEL_WIDTH[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, never blank."""
    cleaned = EXCEL_SHEET_NAME_FORBIDDEN.sub(" ", name).strip().strip("'")[:EXCEL_SHEET_NAME_CHARS]
    return cleaned or "Data"


def _excel_text(value: str) -> str:
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))


def _excel_column(column: pd.Series) -> tuple[list, str]:
    """A column's cells as Excel values, and the number format its cells need ("" for none)."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert(EXCEL_LOCAL_TIME).dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(column):
        known = column.dropna()
        with_time = bool(len(known)) and bool((known != known.dt.normalize()).any())
        values = [None if pd.isna(v) else v.to_pydatetime() for v in column]
        return values, EXCEL_DATETIME_FORMAT if with_time else EXCEL_DATE_FORMAT
    values = [_excel_value(v) for v in column]
    has_dates = any(isinstance(v, (date, datetime)) for v in values)
    return values, EXCEL_DATE_FORMAT if has_dates else ""


def _excel_value(value: object) -> object:
    """One cell: blank for missing, numbers and booleans as themselves, text neutralised."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.tz_convert(EXCEL_LOCAL_TIME).tz_localize(None) if value.tzinfo else value
        return value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo:
        return pd.Timestamp(value).tz_convert(EXCEL_LOCAL_TIME).tz_localize(None).to_pydatetime()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else _excel_text(str(float(value)))
    if isinstance(value, (date, datetime)):
        return value
    return _excel_text(str(value))


def _shown_width(value: object, number_format: str) -> int:
    if value is None:
        return 0
    if number_format:
        return len(number_format)
    return max((len(line) for line in str(value).splitlines()), default=0)
