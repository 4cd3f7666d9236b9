"""Reading DfE published tables (EES tidy CSVs) generally, on real rows from the shipped files."""

import math

import pytest

from ingest.ees import (
    NeighbourFile,
    PublishedFile,
    classify_columns,
    is_published_table,
    publication_from_name,
    read_published_file,
    symbol_meaning,
    year_label,
)
from ingest.read import read_table
from tests.benchmarks.ees_rows import csv_bytes, real_rows, shipped

SLOUGH_PLACEMENTS_2025 = real_rows(
    "la_cla_during_year_new_placements.csv",
    lambda line: line.startswith("2025,") and (",871,Slough," in line or ",National," in line) and "Location" in line,
)


def _value(read: PublishedFile, **where) -> tuple[float, str | None]:
    rows = read.values
    for column, wanted in where.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, rows
    return rows["value"].iloc[0], rows["symbol"].iloc[0]


def test_real_rows_are_read_long_with_breakdowns_and_symbols_kept():
    read = read_published_file("la_cla_during_year_new_placements.csv", SLOUGH_PLACEMENTS_2025)
    assert read.ok and read.publication == "la_cla_during_year_new_placements"
    assert read.filters == ("characteristic", "breakdown") and read.measures == ("children_count", "children_percent")
    assert read.years == (("2025", "2025"),)
    assert len(read.values) == 12 * 2  # 6 Slough + 6 England rows, two measures each
    total = '{"breakdown": "Total new placements", "characteristic": "Location of new placements during the year"}'
    assert _value(read, area_code="E06000039", breakdown=total, measure="children_count") == (216.0, None)
    inside_far = (
        '{"breakdown": "Placed inside LA boundary more than 20 miles from home", '
        '"characteristic": "Location of new placements during the year"}'
    )
    value, symbol = _value(read, area_code="E06000039", breakdown=inside_far, measure="children_count")
    assert math.isnan(value) and symbol == "c"  # row 1980 of the shipped file: c,c
    assert symbol_meaning(symbol) == "confidential (suppressed to protect individuals)"
    england = read.values[read.values["geographic_level"] == "National"].iloc[0]
    assert (england["area_code"], england["area_name"]) == ("E92000001", "England")
    slough = read.values[read.values["area_code"] == "E06000039"].iloc[0]
    assert (slough["old_la_code"], slough["region_code"], slough["region_name"]) == ("871", "E12000008", "South East")


def test_every_dfe_symbol_in_the_workforce_file_is_kept_with_its_meaning():
    # Sunderland 2024 (row 188 of csww_indicators_2017_to_2025.csv): leavers_fte u, agency_fte low.
    data = real_rows(
        "csww_indicators_2017_to_2025.csv", lambda line: line.startswith("2024,") and ",Sunderland," in line
    )
    read = read_published_file("csww_indicators_2017_to_2025.csv", data)
    assert read.ok and read.filters == ()
    assert _value(read, measure="inpost_fte")[0] == 227.4
    for measure, symbol in (("leavers_fte", "u"), ("agency_fte", "low")):
        value, found = _value(read, measure=measure)
        assert math.isnan(value) and found == symbol
    assert symbol_meaning("u") == "low reliability"
    assert symbol_meaning("x") == "not available" and symbol_meaning("z") == "not applicable"


def test_every_shipped_file_is_read_without_problems():
    breakdowns = {
        "cla_number_and_rate_per_10k_children.csv": ("population_type",),
        "csww_indicators_2017_to_2025.csv": (),
        "la_care_leavers_accommodation_suitability.csv": ("care_leaver_age", "breakdown"),
        "la_care_leavers_activity.csv": ("care_leaver_age", "breakdown"),
        "la_cla_during_year_new_placements.csv": ("characteristic", "breakdown"),
        "la_cla_placement_stability.csv": ("cla_group", "placement_stability"),
        "la_cla_swcount.csv": ("cla_group", "sw_stability"),
    }
    for name, filters in breakdowns.items():
        read = read_published_file(name, shipped(name))
        assert read.ok, read.issues[:3]
        assert read.filters == filters, name
        assert read.left_out == ()


@pytest.mark.parametrize(
    ("period", "identifier", "label"),
    [
        ("2025", "Reporting year", "2025"),
        ("2025", "Calendar year", "2025"),
        ("202425", "Financial year", "2024-25"),
        ("202425", "Academic year", "2024/25"),
        ("202425", "Financial year Q1", "2024-25 Q1"),
        ("202425", "Autumn term", "Autumn term 2024/25"),
        ("2025", "January", "January 2025"),
        ("2025", "", "2025"),
    ],
)
def test_years_are_labelled_as_people_write_them(period, identifier, label):
    assert year_label(period, identifier) == label


@pytest.mark.parametrize(
    ("name", "publication"),
    [
        ("csww_indicators_2017_to_2025.csv", "csww_indicators"),
        ("csww_indicators_2017_to_2026.csv", "csww_indicators"),
        ("la_care_leavers_activity (1).csv", "la_care_leavers_activity"),
        ("la_care_leavers_activity_2026.csv", "la_care_leavers_activity"),
        ("cla_number_and_rate_per_10k_children.csv", "cla_number_and_rate_per_10k_children"),
        ("202425.csv", "ees_table"),
    ],
)
def test_the_publication_is_the_file_name_without_years(name, publication):
    assert publication_from_name(name) == publication


def test_a_column_of_words_is_a_breakdown_and_a_column_of_numbers_or_symbols_a_measure():
    raw = read_table(
        "time_period,geographic_level,age,children,rate,note\n"
        "2025,National,Under 1,10,c,\n2025,National,1 to 4,z,1.5,\n2025,National,Total,x,low,\n",
        "t.csv",
    )
    cells = raw.cells.set_axis(list(raw.headers), axis=1)
    assert classify_columns(cells) == (["age"], ["children", "rate"])  # 'note' is blank: ignored


def _problems(data: bytes, name: str = "la_cla_swcount.csv") -> list[tuple]:
    read = read_published_file(name, data)
    assert not read.ok and read.values is None
    return [(i.row, i.column, i.rule) for i in read.issues if i.severity == "error"]


def test_bad_cells_are_refused_naming_file_row_and_column():
    lines = real_rows("la_cla_swcount.csv", lambda line: ",871,Slough," in line).decode().splitlines()
    lines[1] = lines[1].replace("2024,", "2024/25,", 1)  # row 2: not an EES time period
    lines[2] = lines[2].rsplit(",", 1)[0] + ",n/a"  # row 3: percentage is neither number nor symbol
    read = read_published_file("la_cla_swcount_2025.csv", csv_bytes(lines))
    assert {(i.file, i.row, i.column, i.rule) for i in read.issues} == {
        ("la_cla_swcount_2025.csv", 2, "time_period", "bad_time_period"),
        ("la_cla_swcount_2025.csv", 3, "percentage", "not_a_number"),
    }
    assert read.values is None


def test_a_local_authority_row_without_codes_and_a_repeated_row_are_refused():
    lines = real_rows("la_cla_swcount.csv", lambda line: ",871,Slough," in line).decode().splitlines()
    no_codes = lines[1].replace(",871,Slough,E06000039,", ",,Slough,,")
    assert _problems(csv_bytes([*lines, no_codes, lines[2]])) == [
        (4, "new_la_code", "missing_area_code"),
        (5, None, "duplicate_row"),
    ]


def test_a_file_without_the_ees_columns_or_measures_is_refused_in_words():
    read = read_published_file("x.csv", b"period,area,value\n2025,England,3\n")
    assert [i.rule for i in read.issues] == ["not_ees"]
    assert "time_period, geographic_level are missing" in read.issues[0].message
    words = read_published_file("x.csv", b"time_period,geographic_level,note\n2025,National,hello\n")
    assert [i.rule for i in words.issues] == ["no_measures"]


def test_ragged_rows_are_refused_with_their_row():
    lines = real_rows("la_cla_swcount.csv", lambda line: ",871,Slough," in line).decode().splitlines()
    assert _problems(csv_bytes([*lines, lines[1] + ",5,6"])) == [(4, None, "ragged_row")]


def test_rows_at_other_geographic_levels_are_counted_and_left_out():
    lines = real_rows("la_cla_swcount.csv", lambda line: ",871,Slough," in line).decode().splitlines()
    district = lines[1].replace("Local authority", "Local authority district")
    read = read_published_file("t.csv", csv_bytes([*lines, district]))
    assert read.ok and read.left_out == (("Local authority district", 1),)
    assert len(read.values) == 4


def test_statistical_neighbours_are_read_by_old_la_number_in_order():
    read = read_published_file(
        "New_Statistical_Neighbour_Groupings_April_2021.csv",
        shipped("New_Statistical_Neighbour_Groupings_April_2021.csv"),
    )
    assert isinstance(read, NeighbourFile) and read.ok
    slough = read.groups[read.groups["old_la_code"] == "871"]
    assert slough["neighbour_old_la_code"].tolist() == [
        "312",
        "313",
        "317",
        "821",
        "307",
        "856",
        "870",
        "302",
        "889",
        "330",
    ]
    assert slough["closeness"].tolist()[:4] == ["Close"] * 4 and slough["region_name"].iloc[0] == "South East"
    assert read.groups["old_la_code"].nunique() == 156  # 152 current + 4 'Old SNs' below the note row


def test_a_neighbour_that_is_not_an_la_number_is_refused_with_its_row():
    lines = shipped("New_Statistical_Neighbour_Groupings_April_2021.csv").decode("utf-8-sig").splitlines()
    slough = next(n for n, line in enumerate(lines) if line.startswith("871,"))
    lines[slough] = lines[slough].replace(",312,", ",Hillingdon,", 1)
    read = read_published_file("sn.csv", csv_bytes(lines))
    assert [(i.row, i.column, i.value) for i in read.issues] == [(slough + 1, "SN1", "Hillingdon")]


def test_published_tables_are_recognised_from_their_header_row():
    assert is_published_table(shipped("la_cla_swcount.csv"))
    assert is_published_table(shipped("New_Statistical_Neighbour_Groupings_April_2021.csv"))
    assert not is_published_table(b"worker_id,team,role\n1,A,SW\n")
    assert not is_published_table(b"PK\x03\x04 not a csv")
