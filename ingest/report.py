"""What the Check page shows about a checked file, as plain tables and words (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from ingest.check import CheckResult
from ingest.issues import located
from reference import dataset_specs

PREVIEW_ROWS = 20


def status(result: CheckResult, warnings_confirmed: bool = False) -> tuple[str, str]:
    """(level, sentence): level is 'ready', 'confirm' or 'fix'; the sentence says it in words."""
    errors, warnings = len(result.errors), len(result.warnings)
    rows = f"{result.rows_read:,} data row{'s' if result.rows_read != 1 else ''}"
    if errors:
        return "fix", f"Not ready: {errors:,} problem{'s' if errors != 1 else ''} to fix ({rows} read)."
    if warnings and not warnings_confirmed:
        return (
            "confirm",
            f"Nearly ready: {rows}, no errors, {warnings:,} warning{'s' if warnings != 1 else ''} "
            "to check and confirm.",
        )
    return "ready", f"Ready to load: {rows}, no problems" + (" (warnings confirmed)." if warnings else ".")


def first_problems(result: CheckResult, limit: int = 3) -> list[str]:
    """The first problems about rows, errors first, each a sentence naming row, record and column:
    'Row 14 (child C0123), column start_date: ...'. Plain text (show it through core.text.md)."""
    about_rows = [i for i in (*result.errors, *result.warnings) if i.row is not None]
    return [located(i) for i in about_rows[:limit]]


def dataset_title(result: CheckResult) -> str:
    return dataset_specs()[result.dataset].title if result.dataset else "Not recognised"


def summary_frame(results: list[CheckResult], confirmed: dict[str, bool]) -> pd.DataFrame:
    """One line per file for the top of the page."""
    return pd.DataFrame(
        [
            {
                "File": r.file_name,
                "Dataset": dataset_title(r),
                "Month": r.reporting_month or "",
                "Rows": r.rows_read,
                "Errors": len(r.errors),
                "Warnings": len(r.warnings),
                "Status": status(r, confirmed.get(r.sha256, False))[1],
            }
            for r in results
        ]
    )


def header_mapping_frame(result: CheckResult) -> pd.DataFrame:
    """How each header in the file was matched to a column of the dataset."""
    return pd.DataFrame(
        [
            {
                "Column in file": m.file_header or f"(blank, column {m.position + 1})",
                "Read as": m.column or "-",
                "How matched": m.how,
            }
            for m in result.header_matches
        ]
    )


def preview_frame(result: CheckResult) -> pd.DataFrame:
    """The first rows as read and typed, with Excel's row numbers and dates shown day-first."""
    frame = result.frame.head(PREVIEW_ROWS).copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%d/%m/%Y")
        elif pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map({True: "Yes", False: "No"})
    return frame.reset_index().rename(columns={"row": "Row in file"})


def file_facts(result: CheckResult) -> str:
    """A sentence on how the file was read, for analysts comparing with their export."""
    parts = [f"{result.size_bytes:,} bytes"]
    if result.encoding:
        parts.append(f"encoding {result.encoding}")
    if result.delimiter:
        parts.append(f"{result.delimiter}-separated")
    if result.extract_date:
        parts.append(f"extract date {result.extract_date:%d/%m/%Y} (from the file name)")
    return "Read as " + ", ".join(parts) + "."
