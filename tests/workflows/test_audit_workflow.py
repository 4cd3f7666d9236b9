"""The audit seam: a view or a download is one entry with who, role, page, what, rows and the IDs shown."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from store.audit import audit_entries
from store.db import open_store
from tests.roles import ANALYST
from views.audit import AuditFilter, audit_choices, audit_table
from workflows.audit import action_subjects, ids_in, record_download, record_failed_sign_in, record_sign_in, record_view

LA = "E06000039"


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def test_the_ids_a_table_shows_come_from_its_child_and_worker_columns_in_any_spelling():
    table = pd.DataFrame({"child_id": ["C2", "C1", "C2"], "Worker": ["W9", None, "W9"], "team": ["T", "T", "T"]})
    assert ids_in(table) == ("C2", "C1", "W9")
    assert ids_in(pd.DataFrame({"Team": ["T"], "Children allocated": [3]})) == ()


def test_the_subjects_of_surgery_actions_are_read_from_about():
    actions = pd.DataFrame({"About": ["the figure", "child C7", "worker W 3", "child C7"]})
    assert action_subjects(actions) == ("C7", "W 3")


def test_a_view_is_one_entry_with_who_role_page_rows_and_ids(engine):
    rows = pd.DataFrame({"child_id": ["C1", "C2"], "days": [3, 4]})
    record_view(engine, LA, "sam", "service_manager", "surgery", "IHAs late: Hub 1, March 2026", rows)
    entry = audit_entries(engine, LA).iloc[0]
    assert (entry["who"], entry["role"], entry["event"], entry["page"]) == ("sam", "service_manager", "view", "surgery")
    assert (entry["what"], entry["row_count"], entry["subject_ids"]) == (
        "IHAs late: Hub 1, March 2026",
        2,
        '["C1", "C2"]',
    )


def test_a_timeline_names_its_child_though_its_table_does_not(engine):
    events = pd.DataFrame({"event": ["placement", "allocation", "assessment"]})
    record_view(engine, LA, "sam", "service_manager", "surgery", "Child's timeline", events, ids=("C9",))
    entry = audit_entries(engine, LA).iloc[0]
    assert (entry["row_count"], entry["subject_ids"]) == (3, '["C9"]')


def test_a_download_records_its_rows_and_a_pack_records_no_row_count(engine):
    record_download(
        engine, LA, "ana", "analyst", "workforce", "caseloads_2026-03.csv", pd.DataFrame({"Worker": ["W1"]})
    )
    record_download(engine, LA, "ana", "analyst", "panel", "panel_pack_2026-03.pdf", None)
    pack, table = audit_entries(engine, LA).iloc[0], audit_entries(engine, LA).iloc[1]
    assert (table["event"], table["row_count"], table["subject_ids"]) == ("download", 1, '["W1"]')
    assert (pack["what"], pd.isna(pack["row_count"])) == ("panel_pack_2026-03.pdf", True)


def test_the_audit_page_filters_by_person_event_and_an_id(engine):
    record_sign_in(engine, LA, "sam", "service_manager", "10.0.0.1")
    record_failed_sign_in(engine, LA, "mallory", "10.0.0.9", "wrong password")
    record_view(engine, LA, "sam", "service_manager", "surgery", "3+ social workers", ["C1", "C12"])
    today = date.today()
    everything = audit_table(engine, LA, AuditFilter(today, today), ANALYST)
    assert everything["What happened"].tolist() == ["viewed a list", "failed sign-in", "signed in"]
    by_who, by_id = AuditFilter(today, today, who="mallory"), AuditFilter(today, today, text="c12")
    assert audit_table(engine, LA, by_who, ANALYST)["Address"].tolist() == ["10.0.0.9"]
    assert audit_table(engine, LA, by_id, ANALYST)["IDs shown"].tolist() == ["C1, C12"]
    assert audit_table(engine, LA, AuditFilter(date(2020, 1, 1), date(2020, 1, 2)), ANALYST).empty


def test_the_filters_offer_each_person_event_and_page_once(engine):
    record_sign_in(engine, LA, "sam", "service_manager")
    record_view(engine, LA, "sam", "service_manager", "surgery", "list", ["C1"])
    record_view(engine, LA, "tam", "team_manager", "surgery", "list", ["C1"])
    record_failed_sign_in(engine, LA, "mallory")
    assert audit_choices(engine, LA, ANALYST) == {
        "who": ["mallory", "sam", "tam"],
        "event": ["sign_in", "sign_in_failed", "view"],
        "page": ["surgery"],
    }
