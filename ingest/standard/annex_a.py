"""An Ofsted Annex A workbook (.xlsx) to one typed table per list, or every problem in it.

Each sheet is recognised as a list by its name (the declared sheet patterns) or else by its headings;
headings are matched to the list's fields as the contract's headers are (ingest/headers.py folds case,
spaces and punctuation). Problems name the sheet, the row and the column as Excel shows them
("'List 6'!C14 (Gender)"), so the analyst can go straight to the cell.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ingest.headers import normalise_header
from ingest.issues import Issue, shown_value
from ingest.standard.fields import typed_field
from reference.standard import AnnexList, annex_a

MIN_SHARE_TO_RECOGNISE = 0.5  # of a list's required fields, when a sheet's name does not say which list


@dataclass(frozen=True)
class ListRead:
    """One list as read: its sheet, heading row, typed rows (index = Excel row) and where each field was."""

    list_name: str
    sheet: str
    header_row: int
    frame: pd.DataFrame
    headings: dict[str, tuple[str, str]]  # field -> (column letter, heading as written)

    def cell(self, field_name: str) -> str:
        letter, heading = self.headings.get(field_name, ("?", field_name))
        return f"'{self.sheet}'!{letter} ({heading})"


@dataclass(frozen=True)
class WorkbookRead:
    lists: dict[str, ListRead] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()
    unread_sheets: tuple[str, ...] = ()


def is_workbook(data: bytes) -> bool:
    """An .xlsx is a zip holding xl/workbook.xml."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def _lookup(spec: AnnexList) -> dict[str, str]:
    table = {normalise_header(alias): f.name for f in spec.fields for alias in f.aliases}
    table.update({normalise_header(f.name): f.name for f in spec.fields})
    return table


def _coverage(row: tuple, spec: AnnexList) -> tuple[float, int]:
    """(share of required fields, fields matched) that a row of headings gives for a list."""
    lookup = _lookup(spec)
    found = {lookup.get(normalise_header(str(v))) for v in row if v is not None}
    required = [f.name for f in spec.fields if f.required]
    return sum(r in found for r in required) / len(required), len(found - {None})


def _by_name(sheet: str) -> AnnexList | None:
    return next((s for s in annex_a().lists.values() if any(p.search(sheet) for p in s.sheet_patterns)), None)


def _heading_row(rows: list[tuple], spec: AnnexList | None) -> tuple[AnnexList | None, int | None]:
    """The list and the 1-based heading row among the first rows: the row covering a list best. A
    sheet named like a list but with none of its required headings (a summary or pivot of it) is
    judged by its headings alone, so it is left unread rather than reported as a broken list."""
    best = (0.0, 0, None, None)
    candidates = [spec] if spec else list(annex_a().lists.values())
    for number, row in enumerate(rows[: annex_a().header_search_rows], start=1):
        for candidate in candidates:
            share, matched = _coverage(row, candidate)
            if (share, matched) > best[:2]:
                best = (share, matched, candidate, number)
    share, _, found, number = best
    if spec is not None and share == 0:
        return _heading_row(rows, None)
    if spec is None and share < MIN_SHARE_TO_RECOGNISE:
        return None, None
    return found, number


def read_workbook(file_name: str, data: bytes) -> WorkbookRead:
    """Every recognised list of the workbook, typed, and every problem found in any of them."""
    try:
        book = load_workbook(BytesIO(data), data_only=True)  # data_only: a formula's last value, not its text
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        message = f"The workbook cannot be opened ({err}). Save it again from Excel as .xlsx and check again."
        return WorkbookRead(issues=(Issue(file_name, None, None, None, "unreadable_workbook", message),))
    lists: dict[str, ListRead] = {}
    issues: list[Issue] = []
    unread: list[str] = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(min_row=1, values_only=True))
        spec, header_row = _heading_row(rows, _by_name(sheet.title))
        if spec is None or header_row is None:
            unread.append(sheet.title)
            continue
        if spec.name in lists:
            issues.append(
                Issue(
                    file_name,
                    None,
                    f"'{sheet.title}'",
                    None,
                    "duplicated_list",
                    f"Sheets '{lists[spec.name].sheet}' and '{sheet.title}' are both {spec.title}. Delete one, or "
                    "rename a sheet so it is clear which list it holds.",
                )
            )
            continue
        read, found = _read_list(file_name, sheet.title, rows, header_row, spec)
        lists[spec.name] = read
        issues += found
    if not lists and not issues:
        issues.append(
            Issue(
                file_name,
                None,
                None,
                None,
                "unrecognised",
                "No sheet of this workbook is an Annex A list (by its name, such as 'List 6', or its headings). "
                f"Sheets found: {', '.join(unread) or 'none'}.",
            )
        )
    return WorkbookRead(lists, tuple(issues), tuple(unread))


def _read_list(
    file_name: str, sheet: str, rows: list[tuple], header_row: int, spec: AnnexList
) -> tuple[ListRead, list[Issue]]:
    lookup = _lookup(spec)
    issues: list[Issue] = []
    positions: dict[str, int] = {}
    headings: dict[str, tuple[str, str]] = {}
    for position, value in enumerate(rows[header_row - 1]):
        heading = "" if value is None else str(value).strip()
        name = lookup.get(normalise_header(heading)) if heading else None
        if name is None:
            continue
        letter = get_column_letter(position + 1)
        if name in positions:
            issues.append(
                Issue(
                    file_name,
                    header_row,
                    f"'{sheet}'!{letter} ({heading})",
                    None,
                    "duplicated_column",
                    f"Sheet '{sheet}', cell {letter}{header_row}: '{heading}' and '{headings[name][1]}' both give "
                    f"{name.replace('_', ' ')}. Delete one of them.",
                )
            )
            continue
        positions[name], headings[name] = position, (letter, heading)
    for spec_field in spec.fields:
        if spec_field.required and spec_field.name not in positions:
            issues.append(
                Issue(
                    file_name,
                    header_row,
                    f"'{sheet}'",
                    None,
                    "missing_column",
                    f"Sheet '{sheet}' ({spec.title}) has no column for {spec_field.name.replace('_', ' ')} in its "
                    f"heading row {header_row}. Add it, headed for example '{spec_field.aliases[0]}'.",
                )
            )
    body = {
        number: row
        for number, row in enumerate(rows[header_row:], start=header_row + 1)
        if any(cell is not None and str(cell).strip() for cell in row)
    }
    index = pd.Index(list(body), name="row", dtype="int64")
    columns = {}
    for name, position in positions.items():
        cells = [row[position] if position < len(row) else None for row in body.values()]
        raw = pd.Series(cells, index=index, dtype=object)  # object: no NaT or NaN for a blank
        typed, problems = typed_field(raw, spec.field(name))
        columns[name] = typed
        letter, heading = headings[name]
        issues += [
            Issue(
                file_name,
                p.row,
                f"'{sheet}'!{letter} ({heading})",
                shown_value(p.value) or None,
                p.rule,
                f"Sheet '{sheet}', cell {letter}{p.row}: {p.message}",
            )
            for p in problems
        ]
    frame = pd.DataFrame({f.name: columns[f.name] for f in spec.fields if f.name in columns}, index=index)
    return ListRead(spec.name, sheet, header_row, frame, headings), issues
