"""End to end through ingest.check.check_file: one test per rule, with small files built here."""

from __future__ import annotations

import codecs
import csv
import io

import pandas as pd
import pytest

from ingest.check import CheckResult, check_file
from ingest.parse import DTYPES
from reference import dataset_specs
from sample_data.check_examples import example_files

# One valid row per dataset, by contract column name.
VALID = {
    "workforce": {
        "worker_id": "W0001",
        "team": "Assessment Hub 1",
        "role": "Social worker",
        "case_holding": "Y",
        "employment_type": "permanent",
        "fte": "1",
        "start_date": "03/01/2022",
        "end_date": "",
        "caseload": "17",
    },
    "allocations": {
        "child_id": "C0001",
        "worker_id": "W0001",
        "team": "Assessment Hub 1",
        "cohort": "CIN",
        "start_date": "01/03/2025",
        "end_date": "",
    },
    "health_assessments": {
        "child_id": "C0001",
        "date_of_birth": "02/09/2012",
        "date_entered_care": "10/03/2025",
        "iha_requested_date": "11/03/2025",
        "iha_completed_date": "02/04/2025",
        "last_review_health_assessment_date": "",
        "placed_outside_la": "N",
    },
    "placements": {
        "child_id": "C0001",
        "date_of_birth": "02/09/2009",
        "date_entered_care": "10/03/2023",
        "placement_start_date": "01/11/2024",
        "placement_type": "U1",
        "distance_miles": "4.2",
        "inside_la": "Y",
        "placements_last_12_months": "1",
    },
    "care_leavers": {
        "child_id": "C0001",
        "date_of_birth": "15/06/2005",
        "in_touch": "YES",
        "activity": "F2",
        "accommodation": "B1",
    },
    "indicator_values": {
        "period": "2025-03",
        "indicator_code": "strategy_discussions_in_timescale",
        "numerator": "18",
        "denominator": "24",
        "breakdown": "",
    },
}


def columns(dataset: str) -> list[str]:
    return list(dataset_specs()[dataset].column_names)


def build_csv(dataset: str, *rows: dict | None, headers: list[str] | None = None, drop: tuple = ()) -> bytes:
    """Header row of contract columns, then each row as VALID overridden by the dict (None = blank row)."""
    names = [c for c in columns(dataset) if c not in drop]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers or names)
    for row in rows:
        if row is None:
            writer.writerow([""] * len(names))
            continue
        values = {**VALID[dataset], **row}
        writer.writerow([values[n] for n in names])
    return out.getvalue().encode("utf-8")


def check(dataset: str, *rows: dict | None, **kwargs) -> CheckResult:
    return check_file(f"{dataset}.csv", build_csv(dataset, *rows), **kwargs)


def only_error(result: CheckResult):
    assert len(result.errors) == 1, result.issues
    return result.errors[0]


def places(result: CheckResult) -> list[tuple]:
    return sorted(((i.row or 0), i.column or "", i.rule) for i in result.issues)


# ---------------------------------------------------------------- a valid file per dataset


@pytest.mark.parametrize("dataset", list(VALID))
def test_valid_row_is_ready_with_typed_frame_in_parse_dtypes(dataset):
    result = check(dataset, {}, {"child_id": "C0002", "worker_id": "W0002", "indicator_code": "other_code"})
    assert result.issues == ()
    assert result.ready
    assert result.dataset == dataset
    assert result.rows_read == 2
    assert result.encoding == "UTF-8"
    assert result.delimiter == "comma"
    frame = result.frame
    assert frame is not None
    assert list(frame.columns) == columns(dataset)
    assert list(frame.index) == [2, 3]
    for spec in dataset_specs()[dataset].columns:
        assert frame[spec.name].dtype == pd.api.types.pandas_dtype(DTYPES[spec.type]), spec.name


def test_optional_columns_absent_are_added_blank_with_their_dtype():
    result = check_file("ha.csv", build_csv("health_assessments", {}, drop=("iha_requested_date",)))
    assert result.issues == ()
    frame = result.frame
    assert list(frame.columns) == columns("health_assessments")
    assert frame["iha_requested_date"].dtype == pd.api.types.pandas_dtype("datetime64[ns]")
    assert frame["iha_requested_date"].isna().all()

    result = check_file("iv.csv", b"period,indicator_code,numerator,denominator\r\n2025-03,my_code,1,2\r\n")
    assert result.issues == ()
    assert list(result.frame.columns) == columns("indicator_values")
    assert result.frame["breakdown"].dtype == pd.api.types.pandas_dtype("string")
    assert result.frame["numerator"].tolist() == [1.0]


def test_typed_values_of_a_workforce_row():
    result = check("workforce", {"end_date": "2025-03-28", "case_holding": "no", "fte": "0.5", "worker_id": " 1234.0 "})
    row = result.frame.loc[2]
    assert row["worker_id"] == "1234"
    assert bool(row["case_holding"]) is False
    assert row["fte"] == 0.5
    assert row["start_date"] == pd.Timestamp(2022, 1, 3)
    assert row["end_date"] == pd.Timestamp(2025, 3, 28)
    assert row["caseload"] == 17


# ---------------------------------------------------------------- one test per rule


def test_missing_column():
    names = [c for c in columns("workforce") if c != "caseload"]
    data = "\r\n".join([",".join(names), "W1,T,Social worker,Y,permanent,1,03/01/2022,"]).encode()
    result = check_file("wf.csv", data, dataset="workforce")
    issue = only_error(result)
    assert (issue.file, issue.row, issue.column, issue.rule) == ("wf.csv", 1, "caseload", "missing_column")
    assert issue.message.startswith("The column caseload (Number of children allocated")
    assert result.frame is None
    assert not result.ready


def test_duplicated_column():
    names = [*columns("workforce"), "Worker ID"]
    data = ",".join(names) + "\r\n" + "W1,T,Social worker,Y,permanent,1,03/01/2022,,3,W9\r\n"
    result = check_file("wf.csv", data.encode())
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (1, "Worker ID", "duplicated_column")
    assert issue.message == (
        "'Worker ID' and 'worker_id' both give the column worker_id. Delete one of them so it is clear which to use."
    )
    assert result.frame is None


def test_unreadable_date_names_the_value_and_the_format():
    result = check("workforce", {"start_date": "31/02/2019"})
    issue = only_error(result)
    assert (issue.file, issue.row, issue.column, issue.value, issue.rule) == (
        "workforce.csv",
        2,
        "start_date",
        "31/02/2019",
        "unreadable_date",
    )
    assert "31/02/2019" in issue.message
    assert "DD/MM/YYYY" in issue.message
    assert result.frame is None


def test_end_before_start():
    result = check("workforce", {"start_date": "10/03/2025", "end_date": "01/03/2025"})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "end_date", "01/03/2025", "end_before_start")
    assert issue.message == (
        "end_date is before start_date (01/03/2025 is before 10/03/2025). Check both dates; one of them is wrong."
    )


def test_same_day_start_and_end_is_fine():
    result = check("allocations", {"start_date": "10/03/2025", "end_date": "10/03/2025"})
    assert result.issues == ()
    assert result.ready


def test_negative_count():
    result = check("workforce", {"caseload": "-1"})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "caseload", "-1", "negative_count")
    assert issue.message.startswith("-1 is out of range: caseload must be 0 or more.")


def test_placements_count_below_its_minimum_of_one_is_out_of_range_not_negative():
    result = check("placements", {"placements_last_12_months": "0"})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (
        2,
        "placements_last_12_months",
        "0",
        "out_of_range",
    )


@pytest.mark.parametrize(
    ("cell", "rule"),
    [("2.5", "not_whole_number"), ("three", "not_a_number"), ("17 cases", "not_a_number")],
)
def test_non_integer_count(cell, rule):
    result = check("workforce", {"caseload": cell})
    issue = only_error(result)  # and not also "caseload is blank"
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "caseload", cell, rule)
    assert cell in issue.message


def test_whole_number_written_with_decimal_point_is_a_count():
    result = check("workforce", {"caseload": "12.0"})
    assert result.issues == ()
    assert result.frame.at[2, "caseload"] == 12


@pytest.mark.parametrize("fte", ["0", "1.5", "-0.5"])
def test_fte_out_of_range(fte):
    result = check("workforce", {"fte": fte})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (2, "fte", "out_of_range")
    assert float(issue.value) == float(fte)
    assert "fte must be more than 0 and at most 1." in issue.message


@pytest.mark.parametrize("fte", ["1", "1.0", "0.01", ".5"])
def test_fte_in_range(fte):
    result = check("workforce", {"fte": fte})
    assert result.issues == ()
    assert result.frame.at[2, "fte"] == float(fte)


@pytest.mark.parametrize(
    ("dataset", "column", "code", "help_text"),
    [
        ("placements", "placement_type", "Z9", "Use a code from the placement types list in the data dictionary."),
        (
            "allocations",
            "cohort",
            "LAC",
            "Use one of: CIN, CP, CLA, CL (meanings are in the data dictionary).",
        ),
        ("care_leavers", "activity", "E1", "Use a code from the care leaver activity list in the data dictionary."),
    ],
)
def test_unknown_code(dataset, column, code, help_text):
    result = check(dataset, {column: code})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, column, code, "unknown_code")
    assert issue.message == f"'{code}' is not a valid {column.replace('_', ' ')} code. {help_text}"


def test_codes_are_matched_ignoring_case_and_stored_as_listed():
    result = check("allocations", {"cohort": "cla"})
    assert result.issues == ()
    assert result.frame.at[2, "cohort"] == "CLA"
    result = check("workforce", {"employment_type": "AGENCY"})
    assert result.frame.at[2, "employment_type"] == "agency"


def test_duplicate_key_names_the_first_row():
    result = check("allocations", {}, {"child_id": "C0002"}, None, {})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (5, "child_id, worker_id, start_date", "duplicate_key")
    assert issue.value == "child_id C0001, worker_id W0001, start_date 01/03/2025"
    assert issue.message.startswith("This row repeats row 2 (child_id C0001, worker_id W0001, start_date 01/03/2025).")


def test_snapshot_key_within_the_file():
    result = check("workforce", {}, {"team": "Other team"})
    issue = only_error(result)
    assert (issue.row, issue.rule) == (3, "duplicate_key")
    assert "repeats row 2" in issue.message


def test_duplicate_key_with_a_blank_key_part_says_blank():
    result = check("indicator_values", {}, {"numerator": "1"}, {"breakdown": "Team A"})
    issue = only_error(result)
    assert (issue.row, issue.rule) == (3, "duplicate_key")
    assert issue.value == "period 2025-03, indicator_code strategy_discussions_in_timescale, breakdown (blank)"
    assert "<NA>" not in issue.message


def test_duplicate_key_with_blank_date_says_blank_not_nat():
    result = check("health_assessments", {"date_entered_care": ""}, {"date_entered_care": ""})
    assert places(result) == [
        (2, "date_entered_care", "blank_cell"),
        (3, "child_id, date_entered_care", "duplicate_key"),
        (3, "date_entered_care", "blank_cell"),
    ]
    duplicate = next(i for i in result.issues if i.rule == "duplicate_key")
    assert duplicate.value == "child_id C0001, date_entered_care (blank)"


def test_each_broken_date_order_in_a_row_is_reported():
    result = check(
        "health_assessments",
        {"date_of_birth": "01/01/2020", "date_entered_care": "01/01/2019", "iha_completed_date": "01/01/2018"},
    )
    assert [(i.row, i.column, i.value, i.rule) for i in result.issues] == [
        (2, "date_entered_care", "01/01/2019", "end_before_start"),
        (2, "iha_completed_date", "01/01/2018", "end_before_start"),
    ]


def test_unknown_column_is_a_warning_and_ignored():
    data = build_csv("workforce", {}, headers=columns("workforce")).replace(b"caseload\r\n", b"caseload,Notes\r\n")
    data = data.replace(b",17\r\n", b",17,=HYPERLINK()\r\n")
    result = check_file("wf.csv", data)
    assert [(w.row, w.column, w.rule, w.severity) for w in result.issues] == [(1, "Notes", "unknown_column", "warning")]
    assert result.ready
    assert list(result.frame.columns) == columns("workforce")


def test_unrecognised_headers():
    result = check_file("x.csv", b"colour,shape\r\nred,square\r\n")
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (None, None, "unrecognised")
    assert result.dataset is None
    assert result.rows_read == 1
    assert result.frame is None


def test_chosen_dataset_overrides_recognition():
    result = check_file("wf.csv", build_csv("workforce", {}), dataset="allocations")
    assert result.dataset == "allocations"
    assert result.recognition == "chosen by you"
    assert sorted(i.column for i in result.errors) == ["child_id", "cohort"]
    assert {i.rule for i in result.errors} == {"missing_column"}
    assert result.frame is None


def test_header_problems_point_at_the_header_row_when_it_is_not_row_one():
    data = b"\r\n,,\r\n" + build_csv("workforce", {}, drop=("caseload",))
    result = check_file("wf.csv", data)
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (3, "caseload", "missing_column")


def test_ragged_row():
    data = build_csv("allocations", {}, {"child_id": "C0002"}) + b"C0003,W0001,T,CIN,01/03/2025,,extra\r\n"
    result = check_file("alloc.csv", data)
    issue = only_error(result)
    assert (issue.file, issue.row, issue.column, issue.rule) == ("alloc.csv", 4, None, "ragged_row")
    assert result.rows_read == 3  # the ragged row was read, then rejected
    assert result.frame is None


def test_empty_file():
    result = check_file("empty.csv", b"")
    issue = only_error(result)
    assert (issue.file, issue.row, issue.column, issue.rule) == ("empty.csv", None, None, "empty_file")
    assert result.frame is None
    assert result.dataset is None


def test_blank_cells_only_is_an_empty_file():
    result = check_file("blank.csv", b",,,\r\n,,,\r\n")
    assert [i.rule for i in result.issues] == ["empty_file"]
    assert result.frame is None


def test_header_only_file_has_no_rows():
    result = check_file("wf.csv", build_csv("workforce"))
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (None, None, "no_rows")
    assert result.dataset == "workforce"
    assert result.rows_read == 0
    assert result.frame is None


def test_spreadsheet_renamed_csv():
    result = check_file("workforce.csv", b"PK\x03\x04" + bytes(500))
    issue = only_error(result)
    assert (issue.file, issue.row, issue.rule) == ("workforce.csv", None, "not_csv")
    assert "Save As" in issue.message
    assert result.frame is None
    assert result.encoding is None


def test_file_over_the_size_limit_is_not_parsed():
    data = build_csv("workforce", {})
    result = check_file("wf.csv", data, max_bytes=len(data) - 1)
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (None, None, "too_large")
    assert "not read" in issue.message
    assert result.rows_read == 0
    assert result.dataset is None
    assert result.frame is None
    assert result.size_bytes == len(data)

    at_limit = check_file("wf.csv", data, max_bytes=len(data))
    assert at_limit.ready


def test_numerator_more_than_denominator():
    result = check("indicator_values", {"numerator": "25", "denominator": "24"})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "numerator", "25", "more_than_denominator")
    assert issue.message.startswith("numerator (25) is more than denominator (24);")
    equal = check("indicator_values", {"numerator": "24", "denominator": "24"})
    assert equal.ready


def test_more_than_denominator_names_the_files_header():
    result = check_file("iv.csv", b"Reporting month,Measure,Num,Base\r\n03/2025,my_code,5,4\r\n")
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "Num", "5", "more_than_denominator")


def test_indicator_code_pattern():
    result = check("indicator_values", {"indicator_code": "Bad Code"})
    issue = only_error(result)
    # codes are read in lower case (matched to the catalogue in any case), so the value is named that way
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "indicator_code", "bad code", "bad_format")


def test_dates_after_the_chosen_month_are_a_warning_only():
    result = check("workforce", {}, {"worker_id": "W0002", "start_date": "01/04/2025"}, month="2025-03")
    assert result.errors == ()
    assert [(w.row, w.column, w.value, w.rule, w.severity) for w in result.warnings] == [
        (3, "start_date", "01/04/2025", "after_month", "warning")
    ]
    assert result.reporting_month == "2025-03"
    assert result.ready
    assert result.frame is not None


def test_month_in_the_file_name_is_the_reporting_month():
    data = build_csv("workforce", {"start_date": "01/04/2025"})
    result = check_file("workforce_2025-03.csv", data)
    assert result.reporting_month == "2025-03"
    # its one worker starts in April: after month end, and no record touches March (an April extract?)
    assert [w.rule for w in result.warnings] == ["wrong_month", "after_month"]
    chosen = check_file("workforce_2025-03.csv", data, month="2025-04")
    assert chosen.reporting_month == "2025-04"
    assert chosen.issues == ()


@pytest.mark.parametrize("month", ["2025-13", "March", "next month"])
def test_bad_chosen_month(month):
    result = check("workforce", {}, month=month)
    issue = only_error(result)
    assert (issue.row, issue.column, issue.rule) == (None, None, "unreadable_month")
    assert issue.message == f"The reporting month '{month}' is not a month; use YYYY-MM, for example 2025-03."
    assert result.frame is None
    assert result.rows_read == 0


# ---------------------------------------------------------------- where problems point


def test_row_numbers_count_the_header_and_blank_rows():
    data = build_csv(
        "workforce",
        {},
        None,  # row 3 blank (all commas)
        {"worker_id": "W0002", "fte": "2"},  # row 4
    )
    data = data.replace(b"\r\n,,,,,,,,\r\n", b"\r\n,,,,,,,,\r\n\r\n")  # and row 4 blank with no commas
    result = check_file("wf.csv", data)
    issue = only_error(result)
    assert (issue.file, issue.row, issue.column, issue.rule) == ("wf.csv", 5, "fte", "out_of_range")
    assert result.rows_read == 2


def test_problems_name_the_column_as_headed_in_the_file():
    headers = ["Worker ID", "Team", "Job Title", "Case Holder", "Employment Status", "FTE", "Date Started"]
    headers += ["Leaving Date", "No of Cases"]
    data = build_csv("workforce", {"start_date": "32/01/2024"}, {"worker_id": "W2", "caseload": "-3"}, headers=headers)
    result = check_file("wf.csv", data)
    assert places(result) == [(2, "Date Started", "unreadable_date"), (3, "No of Cases", "negative_count")]
    assert all(i.file == "wf.csv" for i in result.issues)


def test_one_unreadable_cell_does_not_hide_another_rows_error():
    result = check(
        "workforce",
        {"start_date": "not a date"},
        {"worker_id": "W0002", "fte": "1.5"},
        {"worker_id": "W0003", "case_holding": "maybe", "employment_type": "contractor"},
    )
    assert places(result) == [
        (2, "start_date", "unreadable_date"),
        (3, "fte", "out_of_range"),
        (4, "case_holding", "unreadable_flag"),
        (4, "employment_type", "unknown_code"),
    ]
    assert result.frame is None


def test_unreadable_cell_in_a_required_column_is_not_also_reported_blank():
    result = check("workforce", {"start_date": "yesterday", "caseload": "lots"})
    assert places(result) == [(2, "caseload", "not_a_number"), (2, "start_date", "unreadable_date")]


def test_blank_required_cell_is_reported_once():
    result = check("workforce", {"start_date": "  "})
    issue = only_error(result)
    assert (issue.row, issue.column, issue.value, issue.rule) == (2, "start_date", None, "blank_cell")
    assert issue.message.startswith("start_date is blank. It must be filled in:")


def test_every_problem_has_file_rule_message_and_row_where_it_applies():
    result = check(
        "allocations",
        {"start_date": "31/02/2025"},
        {"child_id": "C2", "cohort": "LAC"},
        {"child_id": "C3", "start_date": "15/03/2025", "end_date": "10/03/2025"},
        {"child_id": ""},
    )
    assert places(result) == [
        (2, "start_date", "unreadable_date"),
        (3, "cohort", "unknown_code"),
        (4, "end_date", "end_before_start"),
        (5, "child_id", "blank_cell"),
    ]
    for issue in result.issues:
        assert issue.file == "allocations.csv"
        assert issue.message
        assert issue.severity == "error"


@pytest.mark.parametrize("dataset", list(VALID))
def test_frame_is_none_whenever_there_is_an_error(dataset):
    good = check(dataset, {})
    assert good.frame is not None and good.ready
    first = columns(dataset)[0]
    bad = check(dataset, {}, {first: "x\ny"})
    assert bad.errors
    assert bad.frame is None
    assert not bad.ready


# ---------------------------------------------------------------- the example files


def test_example_files():
    results = {name: check_file(name, data) for name, data in example_files()}
    expected = {
        "workforce_2025-03_extract_2025-04-03.csv": ("workforce", "UTF-8 with BOM", "comma", [2, 3, 4, 5, 6]),
        "placements March 2025.txt": ("placements", "UTF-16 (Unicode text)", "tab", [2, 3, 4]),
        # All ASCII, so it reads the same as UTF-8 and Windows-1252.
        "care_leavers_2025-03.csv": ("care_leavers", "UTF-8", "semicolon", [2, 3, 4]),
    }
    for name, (dataset, encoding, delimiter, rows) in expected.items():
        result = results[name]
        assert result.issues == (), name
        assert result.ready, name
        assert (result.dataset, result.encoding, result.delimiter, result.reporting_month) == (
            dataset,
            encoding,
            delimiter,
            "2025-03",
        )
        assert result.rows_read == len(rows)
        assert list(result.frame.index) == rows
    workforce = results["workforce_2025-03_extract_2025-04-03.csv"]
    assert str(workforce.extract_date) == "2025-04-03"
    assert workforce.frame["worker_id"].tolist()[:3] == ["W0001", "W0002", "W0003"]
    assert workforce.frame["case_holding"].tolist() == [True, True, True, False, True]
    assert workforce.frame["employment_type"].tolist() == ["permanent", "agency", "permanent", "permanent", "agency"]
    placements = results["placements March 2025.txt"]
    assert placements.frame["inside_la"].tolist() == [False, True, False]
    assert placements.frame["distance_miles"].isna().tolist() == [False, False, True]

    allocations = results["allocations_2025-03.csv"]
    assert allocations.dataset == "allocations"
    assert allocations.frame is None
    assert places(allocations) == [
        (3, "start_date", "unreadable_date"),
        (4, "cohort", "unknown_code"),
        (5, "end_date", "end_before_start"),
        (6, "child_id, worker_id, start_date", "duplicate_key"),
        (7, "child_id", "blank_cell"),
        (8, "", "ragged_row"),
    ]
    assert all(i.severity == "error" for i in allocations.issues)
    duplicate = next(i for i in allocations.issues if i.rule == "duplicate_key")
    assert "repeats row 2" in duplicate.message


# ---------------------------------------------------------------- messy shapes, same data

WORKFORCE_ROWS = [
    ["W0001", "Zoë's team", "Social worker", "Y", "permanent", "1", "03/01/2022", "", "24"],
    ["W0002", "Assessment £ Hub", "Senior practitioner", "yes", "Agency", "0.5", "2024-09-16", "", "19"],
    ["W0003", "Children in Care 1", "Team manager", "N", "permanent", "1", "12/02/2015", "28/03/2025", "0"],
]
HEADER_STYLES = {
    "contract": columns("workforce"),
    "upper": [c.upper() for c in columns("workforce")],
    "spaces": [c.replace("_", " ").title() for c in columns("workforce")],
    "punctuation": [
        *("Worker-ID", "Team:", "(Role)", "Case.Holding", "Employment / Type"),
        *("FTE?", "Start-Date", "End_Date ", "'Caseload'"),
    ],
}


def _text(headers: list[str], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(WORKFORCE_ROWS)
    return out.getvalue()


MESSY = {
    "utf8-bom-crlf": (_text(columns("workforce"), ",").encode("utf-8-sig"), "UTF-8 with BOM", "comma"),
    "utf8-lf": (_text(columns("workforce"), ",").replace("\r\n", "\n").encode("utf-8"), "UTF-8", "comma"),
    "cp1252": (_text(columns("workforce"), ",").encode("cp1252"), "Windows-1252", "comma"),
    "utf16-tab": (_text(columns("workforce"), "\t").encode("utf-16"), "UTF-16 (Unicode text)", "tab"),
    "utf16le-no-bom": (_text(columns("workforce"), "\t").encode("utf-16-le"), "UTF-16 (Unicode text, no BOM)", "tab"),
    "semicolon": (_text(columns("workforce"), ";").encode("cp1252"), "Windows-1252", "semicolon"),
    **{f"headers-{k}": (_text(v, ",").encode("utf-8"), "UTF-8", "comma") for k, v in HEADER_STYLES.items()},
}


def test_messy_shapes_give_identical_typed_frames():
    reference = check_file("workforce.csv", MESSY["utf8-bom-crlf"][0])
    assert reference.issues == ()
    assert reference.frame["team"].tolist() == ["Zoë's team", "Assessment £ Hub", "Children in Care 1"]
    assert reference.frame["case_holding"].tolist() == [True, True, False]
    assert reference.frame["employment_type"].tolist() == ["permanent", "agency", "permanent"]
    for name, (data, encoding, delimiter) in MESSY.items():
        result = check_file("workforce.csv", data)
        assert result.issues == (), name
        assert (result.dataset, result.encoding, result.delimiter) == ("workforce", encoding, delimiter), name
        pd.testing.assert_frame_equal(result.frame, reference.frame, obj=name)


def test_utf16_files_start_with_their_bom():
    assert MESSY["utf16-tab"][0][:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    assert MESSY["utf8-bom-crlf"][0].startswith(codecs.BOM_UTF8)
