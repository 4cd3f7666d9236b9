"""The shapes real extracts come in, and tables written out in them as bytes.

Each dataset comes from a system (HR, the case-management system, the health team's tracker) whose
export has one shape for a run of months: encoding, delimiter, header wording (aliases from
reference/datasets.yaml, SSDA903 names for the 903-style exports), date and flag style and file
name. Part-way through the period some systems change (a new HR system from the re-organisation
month; a case-management upgrade), so headers and names change from one month on. Every line ends
CRLF, as Excel on Windows writes it.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass
from datetime import date

from reference import dataset_specs
from sample_data.simulation import date_of


@dataclass(frozen=True)
class Shape:
    """One export's way of writing a dataset."""

    encoding: str  # utf-8-sig | cp1252 | utf-16 (Excel "Unicode text": UTF-16 LE with BOM)
    delimiter: str
    headers: tuple[tuple[str, str], ...]  # (contract column, header as exported), in file order
    name: str  # format string: {ym} {y} {m} {month_name} {x_iso} {x_dots}
    dates: str = "dmy"  # dmy (dd/mm/yyyy) | iso
    flags: tuple[str, str] = ("Y", "N")
    capitalised_codes: bool = False  # employment type written "Permanent" / "Agency"
    fte_places: int | None = None  # FTE written with this many decimal places (None: as short as possible)

    @property
    def extract_in_name(self) -> bool:
        return "{x_" in self.name


UTF8_BOM, CP1252, UTF16 = "utf-8-sig", "cp1252", "utf-16"

# (share of the way through the reporting months from which the shape is used, shape)
SHAPES: dict[str, tuple[tuple[float, Shape], ...]] = {
    "workforce": (
        (
            0.0,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("worker_id", "Worker ID"),
                    ("team", "Team"),
                    ("role", "Job Title"),
                    ("case_holding", "Case Holder"),
                    ("employment_type", "Employment Status"),
                    ("fte", "FTE"),
                    ("start_date", "Date Started"),
                    ("end_date", "Leaving Date"),
                    ("caseload", "No of Cases"),
                ),
                "workforce_{ym}_extract_{x_iso}.csv",
                capitalised_codes=True,
            ),
        ),
        (  # the new HR system arrives with the re-organisation
            0.5,
            Shape(
                CP1252,
                ",",
                (
                    ("worker_id", "Staff ID"),
                    ("team", "Team Name"),
                    ("role", "Post Title"),
                    ("employment_type", "Contract Type"),
                    ("fte", "WTE"),
                    ("case_holding", "Caseholder"),
                    ("caseload", "Cases"),
                    ("start_date", "Employment Start Date"),
                    ("end_date", "Termination Date"),
                ),
                "Social work workforce {month_name} {y} extracted {x_dots}.csv",
                dates="iso",
                flags=("Yes", "No"),
                fte_places=2,
            ),
        ),
    ),
    "allocations": (
        (
            0.0,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("child_id", "Child ID"),
                    ("worker_id", "Allocated Worker ID"),
                    ("team", "Allocated Team"),
                    ("cohort", "Case Type"),
                    ("start_date", "Allocation Start Date"),
                    ("end_date", "Allocation End Date"),
                ),
                "allocations_{y}_{m}.csv",
            ),
        ),
        (  # case-management system upgrade
            0.25,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("child_id", "LAChildID"),
                    ("cohort", "Legal Status Group"),
                    ("worker_id", "Allocated Worker"),
                    ("team", "Team Name"),
                    ("start_date", "Date Allocated"),
                    ("end_date", "Date Deallocated"),
                ),
                "allocations_{ym}_extract_{x_iso}.csv",
                dates="iso",
            ),
        ),
    ),
    "health_assessments": (
        (  # the request date was not in the export for the first months
            0.0,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("child_id", "Child ID"),
                    ("date_of_birth", "Date of Birth"),
                    ("date_entered_care", "Date Entered Care"),
                    ("iha_completed_date", "IHA Date"),
                    ("last_review_health_assessment_date", "Last Health Assessment Date"),
                    ("placed_outside_la", "Out of Area"),
                ),
                "health_assessments_{ym}_extract_{x_iso}.csv",
            ),
        ),
        (
            0.08,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("child_id", "Child ID"),
                    ("date_of_birth", "Date of Birth"),
                    ("date_entered_care", "Date Entered Care"),
                    ("iha_requested_date", "IHA Request Date"),
                    ("iha_completed_date", "IHA Date"),
                    ("last_review_health_assessment_date", "Last Health Assessment Date"),
                    ("placed_outside_la", "Out of Area"),
                ),
                "health_assessments_{ym}_extract_{x_iso}.csv",
            ),
        ),
        (  # the health team's tracker, saved from Excel as Unicode text
            0.6,
            Shape(
                UTF16,
                "\t",
                (
                    ("child_id", "CHILD"),
                    ("date_of_birth", "DOB"),
                    ("date_entered_care", "DECOM"),
                    ("iha_requested_date", "IHA Requested"),
                    ("iha_completed_date", "IHA Completed"),
                    ("last_review_health_assessment_date", "RHA Date"),
                    ("placed_outside_la", "OOA"),
                ),
                "CLA health {month_name} {y}.txt",
                flags=("Yes", "No"),
            ),
        ),
    ),
    "placements": (
        (  # SSDA903-style export saved as Unicode text
            0.0,
            Shape(
                UTF16,
                "\t",
                (
                    ("child_id", "CHILD"),
                    ("date_of_birth", "DOB"),
                    ("date_entered_care", "DECOM"),
                    ("placement_start_date", "Placement start date"),
                    ("placement_type", "PLACE"),
                    ("distance_miles", "PL_DISTANCE"),
                    ("inside_la", "PL_LOCATION"),
                    ("placements_last_12_months", "Placements in last 12 months"),
                ),
                "Placements {month_name} {y}.txt",
                flags=("IN", "OUT"),
            ),
        ),
        (
            0.5,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("child_id", "Child ID"),
                    ("date_of_birth", "Date of Birth"),
                    ("date_entered_care", "Date Entered Care"),
                    ("placement_start_date", "Current Placement Start Date"),
                    ("placement_type", "Placement Type Code"),
                    ("distance_miles", "Distance from Home"),
                    ("inside_la", "Placed Inside LA"),
                    ("placements_last_12_months", "Number of Placements in Last 12 Months"),
                ),
                "placements_{ym}_extract_{x_iso}.csv",
            ),
        ),
    ),
    "care_leavers": (
        (
            0.0,
            Shape(
                CP1252,
                ";",
                (
                    ("child_id", "Child Unique ID"),
                    ("date_of_birth", "Date of Birth"),
                    ("in_touch", "In touch"),
                    ("activity", "Activity"),
                    ("accommodation", "Accommodation"),
                ),
                "care_leavers_{ym}.csv",
            ),
        ),
        (
            0.45,
            Shape(
                UTF8_BOM,
                ",",
                (
                    ("child_id", "Young Person ID"),
                    ("date_of_birth", "DOB"),
                    ("in_touch", "IN_TOUCH"),
                    ("activity", "ACTIV"),
                    ("accommodation", "ACCOM"),
                ),
                "Care leavers {month_name} {y} extract {x_iso}.csv",
                dates="iso",
            ),
        ),
    ),
}

INDICATOR_BACKFILL = Shape(
    UTF8_BOM,
    ",",
    (
        ("period", "period"),
        ("indicator_code", "indicator_code"),
        ("numerator", "numerator"),
        ("denominator", "denominator"),
        ("breakdown", "breakdown"),
    ),
    "indicator_values_{first}_to_{last}_extract_{x_iso}.csv",
)
INDICATOR_QUARTERLY = Shape(
    CP1252,
    ",",
    (
        ("period", "Reporting Month"),
        ("indicator_code", "Measure Code"),
        ("breakdown", "Breakdown Value"),
        ("numerator", "Count"),
        ("denominator", "Base"),
    ),
    "Performance returns Q{quarter} {fy} extract {x_iso}.csv",
)

_DATES: dict[tuple[int, str], str] = {}


def shape_for(dataset: str, index: int, months: int) -> Shape:
    """The shape of the dataset's export in the index-th reporting month (0 = first)."""
    chosen = SHAPES[dataset][0][1]
    for share, shape in SHAPES[dataset]:
        if index >= round(share * months):
            chosen = shape
    return chosen


def _date(day: int | None, style: str) -> str:
    if day is None:
        return ""
    text = _DATES.get((day, style))
    if text is None:
        value = date_of(day)
        text = value.isoformat() if style == "iso" else value.strftime("%d/%m/%Y")
        _DATES[(day, style)] = text
    return text


def _number(value: float | int | None, places: int | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if places is not None:
        return f"{value:.{places}f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _quoted(text: str, delimiter: str) -> str:
    if delimiter in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def cells(table: dict[str, list], dataset: str, shape: Shape) -> list[list[str]]:
    """The table's columns as text, in the shape's column order."""
    spec = dataset_specs()[dataset]
    columns = []
    for column, _ in shape.headers:
        kind = spec.column(column).type
        values = table[column]
        if kind == "date":
            strings = {day: _date(day, shape.dates) for day in set(values)}
            text = [strings[v] for v in values]
        elif kind == "flag":
            true, false = shape.flags
            text = [true if v else false for v in values]
        elif column == "fte":
            text = [_number(v, shape.fte_places) for v in values]
        elif column == "distance_miles":
            text = [_number(v, 1) for v in values]
        elif kind in ("integer", "decimal"):
            text = [_number(v) for v in values]
        elif column == "employment_type" and shape.capitalised_codes:
            text = [v.capitalize() for v in values]
        elif kind == "text":
            text = [_quoted("" if v is None else str(v), shape.delimiter) for v in values]
        else:  # identifiers and codes never hold a delimiter or quote mark
            text = ["" if v is None else str(v) for v in values]
        columns.append(text)
    return columns


def render(columns: list[list[str]], shape: Shape) -> bytes:
    """Header and rows as the export writes them: delimiter, CRLF, encoding and byte order mark."""
    lines = [shape.delimiter.join(header for _, header in shape.headers)]
    lines += [shape.delimiter.join(row) for row in zip(*columns, strict=True)]
    text = "\r\n".join(lines) + "\r\n"
    if shape.encoding == UTF16:
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(shape.encoding)


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def file_name(shape: Shape, month: str, extract: date, **extra: str) -> str:
    """The file's name for a reporting month and extract date (some names carry no extract date)."""
    return shape.name.format(
        ym=month,
        y=month[:4],
        m=month[5:7],
        month_name=MONTH_NAMES[int(month[5:7]) - 1],
        x_iso=extract.isoformat(),
        x_dots=extract.strftime("%d.%m.%Y"),
        **extra,
    )
