"""ingest/headers.py: headers in any case, with spaces or punctuation, and Annex A / SSDA903 aliases."""

from __future__ import annotations

import pytest

from ingest.headers import match_headers, normalise_header, recognise_dataset
from reference import dataset_specs

SPECS = dataset_specs()
FILE = "extract.csv"


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("date_of_birth", "date_of_birth"),
        ("Date of Birth ", "date_of_birth"),
        ("DATE_OF_BIRTH", "date_of_birth"),
        ("date-of-birth", "date_of_birth"),
        ("  Date  of   Birth", "date_of_birth"),
        ("\ufeffChild ID", "child_id"),
        ("PL_DISTANCE", "pl_distance"),
        ("Worker ID (pseudonymised)", "worker_id_pseudonymised"),
        ("FTE30", "fte30"),
        ("", ""),
    ],
)
def test_normalise_header(header, normalised):
    assert normalise_header(header) == normalised


def how(headers: tuple[str, ...], dataset: str) -> dict[str, tuple[str | None, str]]:
    matches, _ = match_headers(headers, SPECS[dataset], FILE)
    return {m.file_header: (m.column, m.how) for m in matches}


def rules(headers: tuple[str, ...], dataset: str) -> list[tuple[str, int, str, str]]:
    _, issues = match_headers(headers, SPECS[dataset], FILE)
    return [(i.rule, i.row, i.column, i.severity) for i in issues]


def test_exact_column_name():
    assert how(("child_id",), "care_leavers") == {"child_id": ("child_id", "exact column name")}


@pytest.mark.parametrize("header", ["Child ID", "CHILD_ID", "child-id", " Child Id ", "IN_TOUCH"])
def test_column_name_ignoring_case_and_punctuation(header):
    column = normalise_header(header)
    assert how((header,), "care_leavers") == {header: (column, "column name, ignoring case and punctuation")}


@pytest.mark.parametrize(
    ("dataset", "header", "column", "alias"),
    [
        ("placements", "DOB", "date_of_birth", "dob"),
        ("placements", "DECOM", "date_entered_care", "decom"),
        ("placements", "PLACE", "placement_type", "place"),
        ("placements", "PL_DISTANCE", "distance_miles", "pl_distance"),
        ("placements", "PL_LOCATION", "inside_la", "pl_location"),
        ("placements", "CHILD", "child_id", "child"),
        ("care_leavers", "ACTIV", "activity", "activ"),
        ("care_leavers", "ACCOM", "accommodation", "accom"),
        ("health_assessments", "DECOM", "date_entered_care", "decom"),
        ("health_assessments", "Date of IHA", "iha_completed_date", "date of iha"),
        ("workforce", "SWENo", "worker_id", "sweno"),
        ("workforce", "FTE30", "fte", "fte30"),
        ("workforce", "Cases30", "caseload", "cases30"),
    ],
)
def test_alias_matches(dataset, header, column, alias):
    assert how((header,), dataset)[header] == (column, f"alias '{alias}'")


def test_all_columns_present_gives_no_issues():
    assert rules(SPECS["placements"].column_names, "placements") == []


def test_missing_required_column_is_an_error_on_row_1():
    headers = tuple(c for c in SPECS["care_leavers"].column_names if c != "in_touch")
    assert rules(headers, "care_leavers") == [("missing_column", 1, "in_touch", "error")]


def test_every_missing_column_is_named():
    assert rules(("child_id", "dob"), "care_leavers") == [
        ("missing_column", 1, "in_touch", "error"),
        ("missing_column", 1, "activity", "error"),
        ("missing_column", 1, "accommodation", "error"),
    ]


def test_optional_column_absent_is_not_an_issue():
    headers = tuple(c for c in SPECS["health_assessments"].column_names if c != "iha_requested_date")
    assert "iha_requested_date" not in headers
    assert rules(headers, "health_assessments") == []


def test_two_headers_for_one_column_is_duplicated_column():
    headers = ("CHILD", *SPECS["care_leavers"].column_names)
    matches, issues = match_headers(headers, SPECS["care_leavers"], FILE)
    assert [(i.rule, i.row, i.column, i.severity) for i in issues] == [("duplicated_column", 1, "child_id", "error")]
    assert "CHILD" in issues[0].message
    # The first header wins; the second is not read.
    assert (matches[0].column, matches[1].column) == ("child_id", None)


def test_unknown_header_is_a_warning_and_ignored():
    headers = (*SPECS["care_leavers"].column_names, "Notes")
    matches, issues = match_headers(headers, SPECS["care_leavers"], FILE)
    assert [(i.rule, i.row, i.column, i.severity) for i in issues] == [("unknown_column", 1, "Notes", "warning")]
    assert (matches[-1].file_header, matches[-1].column) == ("Notes", None)


def test_blank_header_is_ignored_without_an_issue():
    headers = (*SPECS["care_leavers"].column_names, "  ")
    matches, issues = match_headers(headers, SPECS["care_leavers"], FILE)
    assert issues == []
    assert matches[-1].column is None


def test_matches_keep_file_order_and_positions():
    matches, _ = match_headers(("ACCOM", "DOB", "CHILD", "ACTIV", "IN_TOUCH"), SPECS["care_leavers"], FILE)
    assert [(m.position, m.column) for m in matches] == [
        (0, "accommodation"),
        (1, "date_of_birth"),
        (2, "child_id"),
        (3, "activity"),
        (4, "in_touch"),
    ]


# Recognising which dataset a file is.


@pytest.mark.parametrize("dataset", list(SPECS))
def test_recognise_dataset_from_its_template_headers(dataset):
    recognised = recognise_dataset(SPECS[dataset].column_names)
    assert (recognised.dataset, recognised.share_of_required) == (dataset, 1.0)


def test_the_six_datasets_are_declared_then_those_the_returns_fill():
    assert list(SPECS) == [
        "workforce",
        "allocations",
        "health_assessments",
        "placements",
        "care_leavers",
        "indicator_values",
        "referrals",
        "assessments",
        "section_47_enquiries",
        "cp_plans",
        "child_characteristics",
        "contacts",
        "cin_plans",
        "cla_reviews",
        "cp_visits",
    ]
    assert [name for name, spec in SPECS.items() if not spec.from_returns] == list(SPECS)[:6]


@pytest.mark.parametrize(
    ("headers", "dataset"),
    [
        (
            (
                *("SWENo", "Team Name", "Job Title", "Case Holder", "Employment Status", "FTE30"),
                *("Date Joined", "Leaving Date", "Cases30"),
            ),
            "workforce",
        ),
        (
            (
                *("LAchildID", "Allocated Worker", "Allocated Team", "Case Type"),
                *("Allocation Start Date", "Allocation End Date"),
            ),
            "allocations",
        ),
        (("CHILD", "DOB", "DECOM", "IHA Date", "RHA Date", "OOA"), "health_assessments"),
        (("CHILD", "DOB", "DECOM", "PLACE", "PL_DISTANCE", "PL_LOCATION"), "placements"),
        (("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), "care_leavers"),
        (("Month", "Indicator", "Num", "Denom"), "indicator_values"),
    ],
)
def test_recognise_dataset_from_ssda903_and_census_style_headers(headers, dataset):
    assert recognise_dataset(headers).dataset == dataset


def test_placements_with_three_quarters_of_its_columns_beats_health():
    # CHILD, DOB and DECOM are also half of the health columns; PLACE, PL_DISTANCE and PL_LOCATION decide.
    recognised = recognise_dataset(("CHILD", "DOB", "DECOM", "PLACE", "PL_DISTANCE", "PL_LOCATION"))
    assert (recognised.dataset, recognised.share_of_required) == ("placements", 0.75)


def test_unrelated_headers_are_not_recognised():
    recognised = recognise_dataset(("Name", "Address", "Postcode", "Phone"))
    assert (recognised.dataset, recognised.share_of_required) == (None, 0.0)


def test_ees_published_table_is_not_a_monthly_dataset():
    headers = (
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
        "region_code",
        "region_name",
        "new_la_code",
        "la_name",
        "old_la_code",
        "number",
        "percentage",
    )
    recognised = recognise_dataset(headers)
    assert recognised.dataset is None
    assert "DfE" in recognised.reason
    assert "benchmark" in recognised.reason
