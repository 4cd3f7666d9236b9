"""Blank templates and data dictionaries (ingest/dictionary.py) agree with the contract and the checks."""

from __future__ import annotations

import csv
import io

import pytest

from ingest.check import check_file
from ingest.dictionary import data_dictionary, template_csv
from reference import code_list, dataset_specs

DATASETS = list(dataset_specs())
CONTRACT_COLUMNS = {
    "workforce": [
        "worker_id",
        "team",
        "role",
        "case_holding",
        "employment_type",
        "fte",
        "start_date",
        "end_date",
        "caseload",
    ],
    "allocations": ["child_id", "worker_id", "team", "cohort", "start_date", "end_date"],
    "health_assessments": [
        "child_id",
        "date_of_birth",
        "date_entered_care",
        "iha_requested_date",
        "iha_completed_date",
        "last_review_health_assessment_date",
        "placed_outside_la",
    ],
    "placements": [
        "child_id",
        "date_of_birth",
        "date_entered_care",
        "placement_start_date",
        "placement_type",
        "distance_miles",
        "inside_la",
        "placements_last_12_months",
    ],
    "care_leavers": ["child_id", "date_of_birth", "in_touch", "activity", "accommodation"],
    "indicator_values": ["period", "indicator_code", "numerator", "denominator", "breakdown"],
    # Filled from the council's returns (issue 19), or sent in these columns like any contract file.
    "referrals": ["child_id", "referral_date", "referral_nfa", "previous_referrals_12_months"],
    "assessments": ["child_id", "assessment_start_date", "assessment_authorised_date"],
    "section_47_enquiries": ["child_id", "s47_start_date", "icpc_date", "icpc_not_required"],
    "cp_plans": ["child_id", "cp_plan_start_date", "cp_plan_end_date", "previous_plans"],
    "child_characteristics": ["child_id", "sex", "ethnicity", "date_of_birth", "disability", "uasc"],
    "contacts": ["child_id", "contact_date", "contact_source"],
    "cin_plans": ["child_id", "cin_plan_start_date", "cin_plan_end_date"],
    "cla_reviews": ["child_id", "review_date", "date_entered_care"],
    "cp_visits": ["child_id", "visit_date", "cp_plan_start_date", "seen_alone"],
}
ONE_VALID_ROW = {
    "workforce": "W0042,Assessment Hub 1,Social worker,Y,permanent,1,03/01/2022,,17",
    "allocations": "C000123,W0042,Children in Care 1,CLA,14/03/2025,",
    "health_assessments": "C000123,02/09/2012,10/03/2025,11/03/2025,02/04/2025,,N",
    "placements": "C000123,02/09/2009,10/03/2023,01/11/2024,U1,4.2,Y,1",
    "care_leavers": "C000123,15/06/2005,YES,F2,B1",
    "indicator_values": "2025-03,strategy_discussions_in_timescale,18,24,",
    "referrals": "C000123,02/03/2025,N,0",
    "assessments": "C000123,03/03/2025,",
    "section_47_enquiries": "C000123,04/03/2025,20/03/2025,N",
    "cp_plans": "C000123,20/03/2025,,0",
    "contacts": "C000123,01/03/2025,5A",
    "cin_plans": "C000123,05/03/2025,",
    "cla_reviews": "C000123,14/03/2025,10/02/2025",
    "cp_visits": "C000123,27/03/2025,20/03/2025,N",
    "child_characteristics": "C000123,1,BCRB,02/09/2012,Y,N",
}


def test_every_contract_dataset_is_declared():
    assert list(CONTRACT_COLUMNS) == DATASETS


@pytest.mark.parametrize("dataset", DATASETS)
def test_template_is_utf8_with_bom_and_headers_in_contract_order(dataset):
    template = template_csv(dataset)
    assert template.startswith(b"\xef\xbb\xbf")
    text = template.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [CONTRACT_COLUMNS[dataset]]
    assert text == ",".join(CONTRACT_COLUMNS[dataset]) + "\r\n"


@pytest.mark.parametrize("dataset", DATASETS)
def test_template_with_one_valid_row_is_ready(dataset):
    data = template_csv(dataset) + ONE_VALID_ROW[dataset].encode() + b"\r\n"
    result = check_file(f"{dataset}_template.csv", data)
    assert result.issues == ()
    assert result.ready
    assert result.dataset == dataset
    assert result.encoding == "UTF-8 with BOM"
    assert result.rows_read == 1
    assert list(result.frame.index) == [2]
    assert list(result.frame.columns) == CONTRACT_COLUMNS[dataset]


@pytest.mark.parametrize("dataset", DATASETS)
def test_template_header_only_is_recognised_but_has_no_rows(dataset):
    result = check_file("template.csv", template_csv(dataset))
    assert result.dataset == dataset
    assert [i.rule for i in result.issues] == ["no_rows"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_dictionary_examples_make_a_valid_row(dataset):
    """The Example column of the dictionary is itself a row the checks accept."""
    dictionary = data_dictionary(dataset)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(dictionary["Example"].tolist())
    result = check_file("example.csv", template_csv(dataset) + out.getvalue().encode())
    assert result.issues == ()
    assert result.dataset == dataset


@pytest.mark.parametrize("dataset", DATASETS)
def test_dictionary_has_one_described_row_per_column(dataset):
    dictionary = data_dictionary(dataset)
    assert dictionary["Column"].tolist() == CONTRACT_COLUMNS[dataset]
    assert list(dictionary.columns) == [
        "Column",
        "Description",
        "Type",
        "Column required",
        "Blank allowed",
        "Allowed values",
        "Example",
        "Also recognised as",
        "Part of the key",
    ]
    for row in dictionary.itertuples(index=False):
        assert isinstance(row.Description, str) and len(row.Description.strip()) > 10, row.Column
        assert row.Type, row.Column
    spec = dataset_specs()[dataset]
    assert dictionary.loc[dictionary["Part of the key"] == "Yes", "Column"].tolist() == [
        c for c in CONTRACT_COLUMNS[dataset] if c in spec.key
    ]


@pytest.mark.parametrize("dataset", DATASETS)
def test_dictionary_lists_every_code_meaning_for_code_columns(dataset):
    spec = dataset_specs()[dataset]
    dictionary = data_dictionary(dataset).set_index("Column")
    for column in spec.columns:
        if not column.codes:
            continue
        allowed = dictionary.at[column.name, "Allowed values"]
        codes = code_list(column.codes)
        assert codes
        assert allowed == "; ".join(f"{c.code} = {c.meaning}" for c in codes)
        for code in codes:
            assert f"{code.code} = {code.meaning}" in allowed


def test_cohort_code_meanings_exactly():
    allowed = data_dictionary("allocations").set_index("Column").at["cohort", "Allowed values"]
    assert allowed == (
        "CIN = Child in need (not on a child protection plan and not looked after); "
        "CP = Child protection plan; CLA = Child looked after; CL = Care leaver"
    )


def test_code_columns_of_every_dataset():
    code_columns = {
        d: [c for c in data_dictionary(d)["Column"] if dataset_specs()[d].column(c).codes] for d in DATASETS
    }
    assert code_columns == {
        "workforce": ["employment_type"],
        "allocations": ["cohort"],
        "health_assessments": [],
        "placements": ["placement_type"],
        "care_leavers": ["in_touch", "activity", "accommodation"],
        "indicator_values": [],
        "referrals": [],
        "assessments": [],
        "section_47_enquiries": [],
        "cp_plans": [],
        "contacts": [],
        "cin_plans": [],
        "cla_reviews": [],
        "cp_visits": [],
        "child_characteristics": [],  # sex and ethnicity codes are checked by the returns' readers
    }
    accommodation = data_dictionary("care_leavers").set_index("Column").at["accommodation", "Allowed values"]
    assert accommodation.startswith("B1 = With parent(s) or relative(s); B2 = With parent(s) or relative(s); C1 = ")
    assert "W1 = Bed and breakfast; W2 = Bed and breakfast" in accommodation


def test_bounds_and_other_words_in_allowed_values():
    workforce = data_dictionary("workforce").set_index("Column")
    assert workforce.at["fte", "Allowed values"] == "more than 0 and at most 1"  # the words of the fte error message
    assert workforce.at["caseload", "Allowed values"] == "0 or more"
    assert workforce.at["team", "Allowed values"] == ""
    placements = data_dictionary("placements").set_index("Column")
    assert placements.at["inside_la", "Allowed values"] == "also IN or INSIDE = yes, OUT or OUTSIDE = no"
    assert placements.at["placements_last_12_months", "Allowed values"] == "1 or more"


def test_required_and_blank_allowed_follow_the_contract():
    health = data_dictionary("health_assessments").set_index("Column")
    assert health.at["iha_requested_date", "Column required"] == "No (optional column)"
    assert health.at["iha_requested_date", "Blank allowed"] == "Yes"
    assert health.at["child_id", "Column required"] == "Yes"
    assert health.at["child_id", "Blank allowed"] == "No"
    assert health.at["iha_completed_date", "Blank allowed"] == "Yes"
    indicator = data_dictionary("indicator_values").set_index("Column")
    assert indicator.at["breakdown", "Column required"] == "No (optional column)"
    assert indicator.at["period", "Type"] == "Month (YYYY-MM, for example 2025-03)"
    assert data_dictionary("workforce").set_index("Column").at["start_date", "Type"] == (
        "Date (DD/MM/YYYY, for example 31/03/2025; ISO 2025-03-31 also read)"
    )
