"""The CIN and CSWW census XML, read with defusedxml by declared element paths: hostile XML refused,
problems named by record and element, CSWW workers made into the workforce dataset."""

import pandas as pd

from ingest.standard.census_xml import read_cin_census, read_csww_census
from ingest.standard.check import check_standard_files, standard_kind
from tests.ingest.standard.returns import MONTH, cin_xml, csww_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol2;</LAchildID></ChildIdentifiers></Child></Children></Message>"""


def test_the_kinds_are_told_apart_by_their_elements():
    assert standard_kind("cin.xml", cin_xml()) == "cin_census"
    assert standard_kind("csww.xml", csww_xml()) == "csww_census"


def test_cin_census_records_are_read_from_their_element_paths():
    read = read_cin_census("cin.xml", cin_xml())
    assert read.issues == ()
    children = read.tables["children"]
    assert list(children["child_id"]) == ["K1", "N1"] and list(children["sex"]) == ["1", "2"]
    assert read.tables["section_47"].iloc[0]["icpc_date"] == pd.Timestamp("2024-12-20")
    assert list(read.tables["cin_plans"]["child_id"]) == ["N1"]
    assert read.tables["cp_plans"].iloc[0]["review_dates"] == "2025-03-01"


def test_a_bad_value_names_the_child_and_the_element():
    read = read_cin_census("cin.xml", cin_xml(referral_date="2024-13-01"))
    [issue] = read.issues
    assert (issue.row, issue.column, issue.value) == (1, "CINreferralDate", "2024-13-01")
    assert issue.message.startswith("Child 1 (K1), element CINreferralDate:")


def test_entity_expansion_is_refused_not_expanded():
    read = read_cin_census("cin.xml", BILLION_LAUGHS)
    assert [i.rule for i in read.issues] == ["unreadable_xml"] and "refused for safety" in read.issues[0].message


def test_malformed_xml_is_reported_not_guessed():
    assert [i.rule for i in read_csww_census("w.xml", b"<Message><CSWWWorker>").issues] == ["unreadable_xml"]


def test_csww_workers_make_the_workforce_dataset():
    [result] = check_standard_files([("csww_2025-03.xml", csww_xml())], MONTH)
    frame = result.frame.set_index("worker_id")
    assert result.dataset == "workforce" and result.ready
    assert list(frame["employment_type"]) == ["permanent", "agency", "permanent", "permanent"]
    assert list(frame["case_holding"]) == [True, True, False, False]
    assert list(frame["caseload"]) == [18, 22, 0, 0]


def test_the_cin_census_fills_the_help_and_protection_datasets_with_its_records_started_by_month_end():
    results = {r.dataset: r for r in check_standard_files([("cin.xml", cin_xml())], MONTH)}
    assert set(results) == {
        "referrals",
        "assessments",
        "section_47_enquiries",
        "cp_plans",
        "cin_plans",
        "child_characteristics",
    }
    assert all(r.ready and not r.issues for r in results.values())
    assert list(results["referrals"].frame["child_id"]) == ["K1", "N1"]
    assessment = results["assessments"].frame.iloc[0]
    assert (assessment["assessment_start_date"], assessment["assessment_authorised_date"]) == (
        pd.Timestamp(2024, 10, 2),
        pd.Timestamp(2024, 11, 20),
    )
    assert results["section_47_enquiries"].frame.iloc[0]["icpc_date"] == pd.Timestamp(2024, 12, 20)
    assert results["cp_plans"].frame.iloc[0]["cp_plan_start_date"] == pd.Timestamp(2025, 1, 5)
    plans = results["cin_plans"].frame  # N1's CINPlanDates: started, not ended
    assert list(
        zip(plans["child_id"], plans["cin_plan_start_date"], plans["cin_plan_end_date"].isna(), strict=True)
    ) == [("N1", pd.Timestamp(2024, 11, 11), True)]
    october = {r.dataset: len(r.frame) for r in check_standard_files([("cin.xml", cin_xml())], "2024-10")}
    # at October's end K1's referral and assessment had started; N1's referral, the enquiry and the plan not yet
    assert october == {"referrals": 1, "assessments": 1, "section_47_enquiries": 0, "cp_plans": 0, "cin_plans": 0} | {
        "child_characteristics": 2  # every child the census names, whatever their records' dates
    }


def test_the_cin_census_needs_a_month_to_say_which_records_had_started():
    [result] = check_standard_files([("cin.xml", cin_xml())])
    assert result.frame is None and "unreadable_month" in [i.rule for i in result.issues]
