"""AppTest: a list of workers shown is one audit entry, a download is one, and analysts read them back."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.audit import audit_entries
from workflows import la_code, store

ROOT = Path(__file__).resolve().parents[2]
CASELOADS = "Caseload of each worker"

pytestmark = pytest.mark.usefixtures("in_sample_store")


def page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=180).run()


def entries(event: str, what: str):
    found = audit_entries(store(), la_code())
    return found[(found["event"] == event) & found["what"].str.startswith(what)]


def test_showing_each_workers_caseload_is_one_audit_entry_however_often_the_page_reruns():
    before = len(entries("view", CASELOADS))
    at = page("workforce")
    assert not at.exception
    at.run()  # a rerun (any click) showing the same rows is the same view

    views = entries("view", CASELOADS)
    assert len(views) == before + 1
    view = views.iloc[0]
    table = at.dataframe[-1].value
    assert (view["who"], view["role"], view["page"]) == ("test analyst", "analyst", "workforce")
    assert view["row_count"] == len(table)
    assert set(table["Worker"].astype(str)) <= set(view["subject_ids"].strip('[]"').split('", "'))


def test_downloading_the_caseloads_is_one_audit_entry_with_its_rows():
    at = page("workforce")
    before = len(entries("download", "caseloads_"))
    button = next(b for b in at.download_button if b.label == "Download caseloads (CSV)")
    button.click().run()

    downloads = entries("download", "caseloads_")
    assert len(downloads) == before + 1
    assert downloads.iloc[0]["row_count"] == len(at.dataframe[-1].value)
    assert downloads.iloc[0]["page"] == "workforce"


def test_the_audit_log_page_lists_who_saw_a_worker_and_filters_by_their_id():
    page("workforce")
    worker = entries("view", CASELOADS).iloc[0]["subject_ids"].strip('[]"').split('", "')[0]
    at = page("audit")
    assert not at.exception
    at.text_input[0].input(worker).run()
    shown = at.dataframe[0].value
    assert len(shown) and shown["IDs shown"].str.contains(worker, regex=False).all()
    assert CASELOADS in " ".join(shown["Details"])


def test_opening_a_childs_timeline_is_one_audit_entry_naming_the_child_and_the_role():
    from tests.roles import SERVICE_MANAGER, signed_in

    at = signed_in(AppTest.from_file(str(ROOT / "pages" / "surgery.py"), default_timeout=180), SERVICE_MANAGER)
    for key, value in dict(month="2024-06", team="Children in Care 1", indicator="placed_over_20_miles").items():
        at.query_params[key] = value
    at.run()
    listed = at.dataframe[1].value  # the matrix is [0]
    list_view = entries("view", "Counted against the figure").iloc[0]
    assert (list_view["who"], list_view["role"], list_view["row_count"]) == ("sm", "service_manager", len(listed))
    before = len(entries("view", "Child's timeline"))

    at.session_state["drill_rows"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.run()

    timelines = entries("view", "Child's timeline")
    assert len(timelines) == before + 1
    assert timelines.iloc[0]["subject_ids"] == f'["{listed["child_id"].iloc[0]}"]'
    assert (timelines.iloc[0]["who"], timelines.iloc[0]["page"]) == ("sm", "surgery")
