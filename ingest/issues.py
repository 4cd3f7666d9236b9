"""One problem shape for every check, and the safe ways to show or export problems.

An analyst fixes a file in Excel, so every problem names the file, the row as Excel numbers it
(header = row 1), the column as headed in their file, the value found, what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]
ISSUE_COLUMNS = {
    "file": "File",
    "row": "Row",
    "column": "Column",
    "value": "Value",
    "message": "Problem and how to fix it",
    "severity": "Severity",
    "rule": "Rule",
}
# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
VALUE_SHOWN_CHARS = 60


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    severity: Severity = "error"


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
    frame[["column", "value"]] = frame[["column", "value"]].fillna("")
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
