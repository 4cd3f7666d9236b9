"""A subject access search finds every stored row about one child, and is itself recorded in the audit."""

from __future__ import annotations

from datetime import date

import pytest

from store.audit import audit_entries
from store.batches import load
from store.db import open_store
from store.surgery import add_action
from tests.store.test_batches import LA, allocations, upload
from workflows.audit import record_view
from workflows.subject_access import subject_rows, write_csvs


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def test_every_row_about_a_child_is_found_and_the_search_is_audited(engine, tmp_path):
    body = allocations("C1,W1,Hub 1,CIN,01/01/2025,", "C10,W1,Hub 1,CIN,01/01/2025,", "=C1,W2,Hub 2,CP,02/01/2025,")
    for month in ("2025-01", "2025-02"):
        load(engine, upload("allocations", month, body), "ana")
    action = dict(code="children_3_plus_workers", team="Hub 1", subject_kind="child", raised_month="2025-02")
    add_action(
        engine, LA, **action, subject_id="C1", action="Review", owner="tam", due_date=date(2025, 3, 1), who="sam"
    )
    record_view(engine, LA, "sam", "service_manager", "surgery", "3+ social workers", ["C10", "C1"])
    record_view(engine, LA, "sam", "service_manager", "surgery", "3+ social workers", ["C10"])

    found = subject_rows(engine, LA, " C1 ", "ig officer")

    allocations_rows = found["Social worker allocations"]
    assert allocations_rows["child_id"].tolist() == ["C1", "C1"]
    assert allocations_rows["reporting_month"].tolist() == ["2025-01", "2025-02"]
    assert found["Surgery actions"]["subject_id"].tolist() == ["C1"]
    assert len(found["Audit: views and downloads that showed the ID"]) == 1
    search = audit_entries(engine, LA).iloc[0]
    assert (search["who"], search["event"], search["subject_ids"], search["row_count"]) == (
        "ig officer",
        "subject_access",
        '["C1"]',
        4,
    )

    written = write_csvs(found, tmp_path / "sar")
    assert sorted(p.name for p in written) == [
        "audit_views_and_downloads_that_showed_the_id.csv",
        "social_worker_allocations.csv",
        "surgery_actions.csv",
    ]

    hostile = write_csvs(subject_rows(engine, LA, "=C1", "ig officer"), tmp_path / "hostile")
    cells = hostile[0].read_bytes()
    assert b",=C1" not in cells and b"'=C1" in cells  # formula-safe, as every CSV the app writes
