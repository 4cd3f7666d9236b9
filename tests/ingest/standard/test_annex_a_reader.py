"""Annex A workbooks as councils' systems write them: lists found by sheet name or headings, headings
of each declared variant, coded values in their usual forms, every problem with sheet, row and column."""

import io

import pytest
from openpyxl import Workbook

from ingest.standard.annex_a import read_workbook
from ingest.standard.check import check_standard_files
from ingest.standard.fields import read_code
from reference.standard import annex_a
from tests.ingest.standard.returns import MONTH, annex_a_workbook
from workflows.uploads import loadable

VARIANTS = [(name, variant) for name, spec in annex_a().lists.items() for variant in spec.variants]


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("list_name, variant", VARIANTS)
def test_every_heading_of_every_variant_is_read_as_its_field_even_on_an_unnamed_sheet(list_name, variant):
    spec = annex_a().lists[list_name]
    headings = list(spec.variants[variant])
    read = read_workbook("book.xlsx", _book({"Sheet1": [headings]}))
    got = read.lists[list_name]
    assert [got.headings[f.name][1] for f in spec.fields] == headings


def test_a_sheet_named_for_its_list_is_read_as_that_list_below_a_title_row():
    read = read_workbook("book.xlsx", annex_a_workbook("ofsted_2018"))
    assert {n: r.sheet for n, r in read.lists.items()} == {
        "children_in_need": "List 6",
        "child_protection": "List 7",
        "children_in_care": "List 8",
        "care_leavers": "List 9",
    }
    assert read.lists["children_in_care"].header_row == 2
    assert read.unread_sheets == ("Cover",)


@pytest.mark.parametrize("form", ["a) Male", "Male", "M", "1", "male", "(a) Male"])
def test_sex_is_read_in_its_usual_forms(form):
    assert read_code(form, "sex") == "1"


@pytest.mark.parametrize("form", ["a) WBRI", "WBRI", "White British", "white british", "White - British"])
def test_ethnicity_is_read_in_its_usual_forms(form):
    assert read_code(form, "ethnicity") == "WBRI"


def test_every_problem_in_the_workbook_is_in_one_report_with_sheet_row_and_column_and_nothing_is_loadable():
    bad = annex_a_workbook(
        extra={
            ("children_in_care", 4, "sex"): "Q",
            ("children_in_care", 3, "date_entered_care"): "31/02/2024",
            ("child_protection", 3, "ethnicity"): "Martian",
            ("care_leavers", 4, "activity"): "ZZ",
        }
    )
    results = check_standard_files([("annex_a.xlsx", bad)], MONTH)
    places = {(i.row, i.column, i.value) for i in results[0].issues if i.severity == "error"}
    assert places >= {
        (4, "'List 8'!B (Gender)", "Q"),
        (3, "'List 8'!I (Date Started to be Looked After)", "31/02/2024"),
        (3, "'List 7'!C (Ethnicity)", "Martian"),
        (4, "'List 9'!I (Activity)", "ZZ"),
    }
    assert all(r.frame is None for r in results)
    assert [r.dataset for r in results] == [
        "allocations",
        "placements",
        "care_leavers",
        "cp_plans",
        "cp_visits",
        "child_characteristics",
    ]
    assert loadable(results, {}) == []


def test_the_message_points_at_the_cell_as_excel_names_it():
    bad = annex_a_workbook(extra={("children_in_care", 4, "sex"): "Q"})
    issue = next(i for i in check_standard_files([("a.xlsx", bad)], MONTH)[0].issues if i.value == "Q")
    assert issue.message.startswith("Sheet 'List 8', cell B4: 'Q' is not a sex code.")


def test_a_missing_required_heading_is_reported_for_its_sheet():
    headings = [h for h in annex_a().lists["contacts"].variants["ofsted_2023"] if h != "Date of Contact"]
    read = read_workbook("book.xlsx", _book({"List 1": [headings, ["C1"]]}))
    assert [(i.rule, i.column) for i in read.issues] == [("missing_column", "'List 1'")]


def test_a_workbook_without_lists_says_which_sheets_it_found():
    read = read_workbook("book.xlsx", _book({"Notes": [["hello"]]}))
    assert read.issues[0].rule == "unrecognised" and "Notes" in read.issues[0].message


def test_lists_without_an_allocation_date_are_read_but_their_allocations_not_loaded():
    spec = annex_a().lists["children_in_need"]
    headings = [h for h in spec.variants["ofsted_2023"] if h != "Date allocated"]
    row = ["N1", "F", "WBRI", None, 5, "N", "Open", "01/10/2024", None, None, None, "Team B", "W3"]
    results = check_standard_files([("a.xlsx", _book({"List 6": [headings, row]}))], MONTH)
    assert [i.rule for i in results[0].issues] == ["no_allocation_date"]
    assert [r.dataset for r in results] == ["child_characteristics"]  # the list's children, no allocations


def test_a_workbook_over_the_size_limit_is_refused_unread_as_any_upload_is():
    [result] = check_standard_files([("annex_a.xlsx", annex_a_workbook())], MONTH, max_bytes=1000)
    assert [i.rule for i in result.issues] == ["too_large"] and result.frame is None


def test_a_summary_sheet_named_like_a_list_but_without_its_headings_is_left_unread():
    sheets = {
        "Contacts by gender": [["Gender", "Count"], ["Male", 12]],
        "List 1": [["Child Unique ID", "Date of Contact"]],
    }
    read = read_workbook("book.xlsx", _book(sheets))
    assert read.issues == () and read.unread_sheets == ("Contacts by gender",)
    assert read.lists["contacts"].sheet == "List 1"
