"""Every problem about a row names the record the row belongs to (issue 16, point 8): the child, the
worker, or the dataset's key columns as reference/datasets.yaml declares them, in the problem table,
in one-sentence form ('Row 14 (child C0123), column start_date: ...') and in the command line's report."""

from __future__ import annotations

import pandas as pd
import pytest

from ingest.check import check_file
from ingest.issues import Issue, issues_frame, located, record_columns
from ingest.report import first_problems
from reference import dataset_specs

ALLOCATIONS = "Child ID,Allocated Worker,Team,Cohort,Allocation Start Date,Allocation End Date\r\n"


def _problem(result, rule):
    return next(i for i in result.issues if i.rule == rule)


def test_an_allocation_problem_names_the_child_and_the_worker():
    data = (ALLOCATIONS + "C0123,W0042,Hub 1,CIN,31/02/2025,\r\nC0124,W0043,Hub 1,XX,01/03/2025,\r\n").encode()
    result = check_file("allocations_2025-03.csv", data)
    date = _problem(result, "unreadable_date")
    assert (date.row, date.record) == (2, "child C0123, worker W0042")
    assert located(date).startswith("Row 2 (child C0123, worker W0042), column Allocation Start Date: 31/02/2025")
    assert _problem(result, "unknown_code").record == "child C0124, worker W0043"


def test_a_workforce_problem_names_the_worker():
    data = (
        b"worker_id,team,role,case_holding,employment_type,fte,start_date,end_date,caseload\r\n"
        b"W0042,Hub 1,Social worker,Y,permanent,2,01/01/2020,,14\r\n"
    )
    problem = _problem(check_file("workforce_2025-03.csv", data), "out_of_range")
    assert problem.record == "worker W0042"
    assert located(problem).startswith("Row 2 (worker W0042), column fte: 2.0 is out of range")


def test_aggregate_values_are_named_by_their_declared_key():
    assert record_columns(dataset_specs()["indicator_values"].key) == ["period", "indicator_code", "breakdown"]
    data = b"period,indicator_code,numerator,denominator,breakdown\r\n2025-03,visits_in_time,9,4,Hub 1\r\n"
    problem = _problem(check_file("values.csv", data), "more_than_denominator")
    assert problem.record == "period 2025-03, indicator code visits_in_time, breakdown Hub 1"


def test_an_unreadable_or_blank_identifier_still_names_what_the_row_holds():
    data = (ALLOCATIONS + "1.2E+07,W0042,Hub 1,CIN,01/03/2025,\r\n,W0043,Hub 1,CIN,01/03/2025,\r\n").encode()
    result = check_file("allocations_2025-03.csv", data)
    assert _problem(result, "scientific_id").record == "child 1.2E+07, worker W0042"  # as typed: how to find it
    assert _problem(result, "blank_cell").record == "worker W0043"  # a blank child is left out, not "child "


def test_warnings_name_the_record_and_whole_file_and_header_problems_do_not():
    data = (
        b"child_id,date_of_birth,in_touch,activity,accommodation,shoe_size\r\n"
        b"C0200,01/01/2015,YES,F2,B1,9\r\n"  # 10 at the end of March 2025: outside the 17 to 21 band
    )
    result = check_file("care_leavers_2025-03.csv", data)
    assert _problem(result, "outside_age_band").record == "child C0200"
    assert _problem(result, "unknown_column").record is None  # the header row is no child's record
    empty = check_file("care_leavers_2025-03.csv", b"child_id,date_of_birth,in_touch,activity,accommodation\r\n")
    assert all(i.record is None for i in empty.issues)


def test_the_problem_table_and_the_commands_report_have_a_record_column():
    data = (ALLOCATIONS + "C0123,W0042,Hub 1,CIN,31/02/2025,\r\n").encode()
    result = check_file("allocations_2025-03.csv", data)
    frame = issues_frame(list(result.issues))
    assert list(frame.columns[:4]) == ["File", "Row", "Record", "Column"]
    assert frame.loc[0, "Record"] == "child C0123, worker W0042"
    assert first_problems(result) == [located(result.errors[0])]
    assert issues_frame([Issue("f.csv", None, None, None, "empty_file", "Empty.")]).loc[0, "Record"] == ""


def test_a_duplicate_names_the_record_it_repeats():
    data = (ALLOCATIONS + "C0123,W0042,Hub 1,CIN,01/03/2025,\r\nC0123,W0042,Hub 1,CP,01/03/2025,\r\n").encode()
    problem = _problem(check_file("allocations_2025-03.csv", data), "duplicate_key")
    assert (problem.row, problem.record) == (3, "child C0123, worker W0042")


@pytest.mark.parametrize("child", ["[login](https://example.org)", "<b>x</b>", '=HYPERLINK("x")'])
def test_a_hostile_identifier_is_kept_as_typed_for_the_page_to_escape(child):
    data = pd.DataFrame([[child, "W1", "Hub", "CIN", "31/02/2025", ""]]).to_csv(index=False, header=False)
    result = check_file("allocations_2025-03.csv", (ALLOCATIONS + data).encode())
    assert _problem(result, "unreadable_date").record == f"child {child}, worker W1"
