"""Files that fail the Check page on purpose, each with the rules ingest reports for it.

They are made from a small generated authority's March 2025 files with one kind of damage each, the
kinds analysts really meet: a workbook saved with a .csv name, impossible dates and codes, a
column left out of an export, rows pasted twice, a row with a stray extra cell, values typed by hand.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import numpy as np

from sample_data.exports import SHAPES, Shape, cells, file_name, render
from sample_data.files import BrokenFile
from sample_data.simulation import Draws, date_of, month_last_day, simulate
from sample_data.snapshots import Snapshots, new_ids

MONTH = "2025-03"
LA_CODE = "E06000039"


def broken_files(seed: int = 2026) -> list[BrokenFile]:
    """Six broken files for March 2025, each with the set of error rules check_file reports for it."""
    world_seed, id_seed, snapshot_seed = np.random.SeedSequence([seed, 10_000]).spawn(3)
    world = simulate(world_seed, LA_CODE, "2025-01", 3, 0.3)
    ids = np.random.default_rng(id_seed)
    snapshots = Snapshots(
        world,
        new_ids(ids, "C", len(world.child_dob), 6),
        new_ids(ids, "W", len(world.w_team), 4),
        Draws(np.random.default_rng(snapshot_seed)),
        "2099-01",
        0.3,
    )
    for month in world.months[:-1]:
        snapshots.care_leavers(month)  # statuses carry from month to month
    extract = int(world.workdays.after(np.asarray([month_last_day(MONTH)]), np.asarray([3]))[0])
    on = date_of(extract)

    def made(dataset: str, shape: Shape, columns: list[list[str]], rules: set[str], note: str) -> BrokenFile:
        name = file_name(shape, MONTH, on)
        return BrokenFile(name, render(columns, shape), dataset, MONTH, LA_CODE, on, note, frozenset(rules))

    files = [_workbook(on)]

    shape = SHAPES["placements"][1][1]
    columns = cells(snapshots.placements(MONTH), "placements", shape)
    _set(columns, shape, "placement_type", 1, "U7")
    _set(columns, shape, "date_of_birth", 3, "31/02/2012")
    files.append(
        made(
            "placements",
            shape,
            columns,
            {"unknown_code", "unreadable_date"},
            "a placement type that is not an SSDA903 PLACE code (U7) and a date of birth of 31 February",
        )
    )

    shape = SHAPES["allocations"][1][1]
    shape = replace(shape, headers=tuple(h for h in shape.headers if h[0] != "cohort"))
    columns = cells(snapshots.allocations(MONTH, extract), "allocations", shape)
    files.append(
        made("allocations", shape, columns, {"missing_column"}, "the cohort column was left out of the export")
    )

    shape = SHAPES["care_leavers"][1][1]
    columns = cells(snapshots.care_leavers(MONTH), "care_leavers", shape)
    for column in columns:  # two young people's rows pasted in again at the bottom
        column += [column[4], column[9]]
    files.append(made("care_leavers", shape, columns, {"duplicate_key"}, "two young people's rows appear twice"))

    shape = SHAPES["health_assessments"][1][1]
    table = snapshots.health_assessments(MONTH, extract)
    row = next(i for i, done in enumerate(table["iha_completed_date"]) if done is not None)
    table["iha_completed_date"][row] = table["date_entered_care"][row] - 12
    columns = cells(table, "health_assessments", shape)
    columns[-1][row + 3] += ",see notes"  # a stray comma in the last cell makes one more value
    files.append(
        made(
            "health_assessments",
            shape,
            columns,
            {"end_before_start", "ragged_row"},
            "an IHA dated before the child entered care, and a row with an extra value",
        )
    )

    shape = SHAPES["workforce"][0][1]
    columns = cells(snapshots.workforce(MONTH, extract), "workforce", shape)
    _set(columns, shape, "fte", 2, "1.5")
    _set(columns, shape, "caseload", 5, "-2")
    _set(columns, shape, "case_holding", 7, "Maybe")
    files.append(
        made(
            "workforce",
            shape,
            columns,
            {"out_of_range", "negative_count", "unreadable_flag"},
            "values typed by hand: an FTE of 1.5, a caseload of -2 and 'Maybe' as case holder",
        )
    )
    return files


def _set(columns: list[list[str]], shape: Shape, column: str, row: int, value: str) -> None:
    at = [c for c, _ in shape.headers].index(column)
    columns[at][row] = value


def _workbook(on) -> BrokenFile:
    """An Excel workbook (a zip of XML parts) renamed .csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for part, text in (
            ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types/>'),
            ("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook><sheets/></workbook>'),
            ("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet/>'),
        ):
            book.writestr(zipfile.ZipInfo(part, date_time=(2025, 4, 3, 9, 0, 0)), text)
    return BrokenFile(
        "Workforce March 2025.csv",
        buffer.getvalue(),
        "workforce",
        MONTH,
        LA_CODE,
        on,
        "an Excel workbook saved with a .csv name",
        frozenset({"not_csv"}),
    )
