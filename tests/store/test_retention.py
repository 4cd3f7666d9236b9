"""Retention: rows of months past the period are deleted, the figures and the audit stay (both databases)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from core.dates import months_between
from store.batches import StoreRefused, load, make_current, recompute_all, withdraw
from store.tables import audit_log, batches, month_figures, retention_runs, rows_tables
from tests.store.test_batches import LA, everything, upload, workforce
from workflows.jobs import RECOMPUTATIONS
from workflows.retention import cut_off, run_retention

MONTHS = months_between("2024-01", "2025-03")
TODAY = date(2027, 6, 7)  # with 36 months' retention the first month kept is June 2024


def _load_months(engine) -> None:
    for month in MONTHS:
        body = workforce(
            "W1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,18",
            f"W2,Hub 1,Social worker,Y,agency,0.5,01/06/2023,,{MONTHS.index(month) + 5}",
        )
        load(engine, upload("workforce", month, body), "ana", RECOMPUTATIONS)


def _figures(engine) -> pd.DataFrame:
    columns = ["family", "month", "code", "breakdown", "numerator", "denominator", "value"]
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(sa.select(*(month_figures.c[c] for c in columns))).all(), columns=columns)
    return frame.sort_values(columns[:4]).reset_index(drop=True)


def _months_with_rows(engine) -> list[str]:
    table = rows_tables["workforce"]
    query = sa.select(batches.c.reporting_month).join(table, table.c.batch_id == batches.c.id).distinct()
    with engine.connect() as conn:
        return sorted(conn.execute(query).scalars())


def test_the_cut_off_is_the_first_month_that_began_within_the_period():
    assert cut_off(date(2026, 12, 7), 36) == "2023-12"
    assert cut_off(TODAY, 36) == "2024-06"


def test_no_row_older_than_the_period_survives_and_every_figure_still_shows(engine):
    _load_months(engine)
    before = _figures(engine)
    assert set(before["month"]) == set(MONTHS)

    outcome = run_retention(engine, LA, "ig officer", TODAY, 36)

    assert outcome.rows_deleted["workforce"] == 5 * 2
    assert _months_with_rows(engine) == months_between("2024-06", "2025-03")
    pd.testing.assert_frame_equal(_figures(engine), before)
    with engine.connect() as conn:
        assert conn.execute(sa.select(batches.c.id)).all(), "the batches stay as the history of what was loaded"
        run = conn.execute(retention_runs.select()).mappings().one()
        entry = conn.execute(audit_log.select().order_by(audit_log.c.id.desc())).mappings().first()
    assert (run["before_month"], run["rows_deleted"], run["run_by"]) == ("2024-06", 10, "ig officer")
    assert (entry["action"], entry["who"]) == ("retention", "ig officer")
    assert "deleted 10 child- and worker-level rows" in entry["details"]


def test_recomputing_after_retention_leaves_the_months_it_cut_as_they_were(engine):
    _load_months(engine)
    before = _figures(engine)
    run_retention(engine, LA, "ig officer", TODAY, 36)

    recompute_all(engine, LA, RECOMPUTATIONS, "ana")  # would blank every month before June 2024 unguarded

    pd.testing.assert_frame_equal(_figures(engine), before)


def test_a_month_past_the_period_takes_no_new_reverted_or_withdrawn_batch(engine):
    _load_months(engine)
    run_retention(engine, LA, "ig officer", TODAY, 36)
    with engine.connect() as conn:
        old = conn.execute(sa.select(batches.c.id).where(batches.c.reporting_month == "2024-02")).scalar_one()
    before = everything(engine)

    body = workforce("W1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,25")
    with pytest.raises(StoreRefused, match="retention period"):
        load(engine, upload("workforce", "2024-02", body, name="late.csv"), "ana", RECOMPUTATIONS)
    with pytest.raises(StoreRefused, match="retention period"):
        withdraw(engine, old, "ana", LA, RECOMPUTATIONS)
    with pytest.raises(StoreRefused, match="retention period"):
        make_current(engine, old, "ana", LA, RECOMPUTATIONS)

    assert everything(engine) == before


def test_closed_actions_raised_before_the_cut_off_lose_their_child_id_and_open_ones_keep_it(engine):
    from store.surgery import add_action, update_action
    from store.tables import actions

    _load_months(engine)
    about = dict(code="caseload_per_fte", team="Hub 1", subject_kind="child", action="Review", owner="tam", who="sam")
    closed = add_action(engine, LA, **about, subject_id="C1", raised_month="2024-02", due_date=date(2024, 3, 1))
    still_open = add_action(engine, LA, **about, subject_id="C2", raised_month="2024-02", due_date=date(2024, 3, 1))
    recent = add_action(engine, LA, **about, subject_id="C3", raised_month="2024-09", due_date=date(2024, 10, 1))
    update_action(engine, LA, closed, "done", "seen", "sam")
    update_action(engine, LA, recent, "done", "seen", "sam")

    outcome = run_retention(engine, LA, "ig officer", TODAY, 36)

    with engine.connect() as conn:
        ids = dict(conn.execute(sa.select(actions.c.id, actions.c.subject_id)).all())
    assert (ids[closed], ids[still_open], ids[recent]) == ("", "C2", "C3")
    assert outcome.actions_cleared == 1
