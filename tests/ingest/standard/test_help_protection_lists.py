"""Annex A lists 1, 3, 4, 5 and 7 fill the help-and-protection datasets (contacts, referrals,
assessments, enquiries, CP plans and their visits), read in any supplier's headings: each record that
started by month end, yes/no cells as flags, a field a variant lacks left blank."""

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import Workbook

from ingest.standard.check import check_standard_files
from reference.standard import annex_a

MONTH = "2025-03"
ROWS = {  # list -> rows by field; the last row of each starts after March, so it waits for April's load
    "referrals": [
        dict(child_id="C1", referral_date=date(2025, 3, 3), referral_nfa="a) Yes", referrals_last_12_months=1),
        dict(child_id="C2", referral_date=date(2025, 1, 9), referral_nfa="N", referrals_last_12_months=0),
        dict(child_id="C3", referral_date=date(2025, 4, 2)),
    ],
    "assessments": [
        dict(child_id="C1", assessment_start_date=date(2025, 3, 4), assessment_authorised_date=date(2025, 3, 28)),
        dict(child_id="C2", assessment_start_date=date(2025, 1, 10)),
        dict(child_id="C3", assessment_start_date=date(2025, 4, 3)),
    ],
    "section_47": [
        dict(child_id="C1", s47_start_date=date(2025, 3, 5), icpc_date=date(2025, 3, 20), icpc_not_required="No"),
        dict(child_id="C3", s47_start_date=date(2025, 4, 4)),
    ],
    "child_protection": [
        dict(child_id="C1", cp_plan_start_date=date(2025, 3, 20), previous_plans=2, last_visit_date=date(2025, 3, 27)),
        dict(child_id="C2", cp_plan_start_date=date(2023, 1, 2), cp_plan_end_date=date(2025, 3, 1), previous_plans=0),
        dict(child_id="C3", cp_plan_start_date=date(2025, 4, 9)),
    ],
    "contacts": [
        dict(child_id="C1", contact_date=date(2025, 3, 3), contact_source="Police"),
        dict(child_id="C1", contact_date=date(2025, 3, 3), contact_source="School"),  # the same child-day: one
        dict(child_id="C4", contact_date=date(2025, 3, 10)),
        dict(child_id="C3", contact_date=date(2025, 4, 1)),
    ],
}


def _workbook(variant: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for list_name, rows in ROWS.items():
        spec = annex_a().lists[list_name]
        sheet = book.create_sheet(f"List {spec.number}")
        sheet.append(list(spec.variants[variant]))
        for row in rows:
            sheet.append([row.get(f.name) for f in spec.fields])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(params=["ofsted_2023", "ofsted_2018", "export_short"])
def frames(request) -> dict[str, pd.DataFrame]:
    results = check_standard_files([("annex_a.xlsx", _workbook(request.param))], MONTH)
    assert all(r.ready for r in results), [i.message for r in results for i in r.issues]
    return {r.dataset: r.frame for r in results}


def test_each_list_makes_its_dataset_with_the_records_started_by_month_end(frames):
    assert set(frames) - {"allocations", "child_characteristics"} == {
        "referrals",
        "assessments",
        "section_47_enquiries",
        "cp_plans",
        "cp_visits",
        "contacts",
    }
    assert list(frames["referrals"]["child_id"]) == ["C1", "C2"]
    assert list(frames["section_47_enquiries"]["child_id"]) == ["C1"]
    assert list(frames["cp_plans"]["child_id"]) == ["C1", "C2"]
    assert list(frames["contacts"]["child_id"]) == ["C1", "C4"]  # two contacts about C1 on 3 March are one
    visits = frames["cp_visits"]  # list 7's last statutory visit, under the plan it was made for
    assert list(zip(visits["child_id"], visits["visit_date"], visits["cp_plan_start_date"], strict=True)) == [
        ("C1", pd.Timestamp(2025, 3, 27), pd.Timestamp(2025, 3, 20))
    ]


def test_the_fields_are_typed_as_the_dataset_declares_them(frames):
    referrals = frames["referrals"]
    assert list(referrals["referral_nfa"]) == [True, False]
    assert list(referrals["previous_referrals_12_months"]) == [1, 0]
    assessments = frames["assessments"]
    assert assessments["assessment_authorised_date"].iloc[0] == pd.Timestamp(2025, 3, 28)
    assert pd.isna(assessments["assessment_authorised_date"].iloc[1])  # still open
    s47 = frames["section_47_enquiries"]
    assert s47["icpc_date"].iloc[0] == pd.Timestamp(2025, 3, 20) and not s47["icpc_not_required"].iloc[0]
    plans = frames["cp_plans"]
    assert list(plans["previous_plans"]) == [2, 0]
    assert plans["cp_plan_end_date"].iloc[1] == pd.Timestamp(2025, 3, 1)
