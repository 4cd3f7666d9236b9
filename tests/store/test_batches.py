"""Loading, superseding, reverting and withdrawing batches, on SQLite and PostgreSQL.

Files go through check_file exactly as an upload does, so these tests store what users store.
"""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from ingest.check import check_file
from store.batches import ConcurrentChange, Recomputation, StoreRefused, Upload, load, make_current, withdraw
from store.tables import metadata
from store.view import StoreView

LA = "E06000039"

WORKFORCE_HEADER = "worker_id,team,role,case_holding,employment_type,fte,start_date,end_date,caseload"
ALLOCATIONS_HEADER = "child_id,worker_id,team,cohort,start_date,end_date"


def upload(dataset: str, month: str | None, body: str, name: str | None = None, la_code: str = LA) -> Upload:
    name = name or f"{dataset}_{month}.csv"
    result = check_file(name, body.encode(), dataset=dataset, month=month)
    assert result.ready, [i.message for i in result.errors]
    present = tuple(m.column for m in result.header_matches if m.column)
    return Upload(la_code, dataset, month, date(2026, 1, 5), name, result.sha256, result.frame, present)


def workforce(*rows: str) -> str:
    return "\n".join([WORKFORCE_HEADER, *rows]) + "\n"


def allocations(*rows: str) -> str:
    return "\n".join([ALLOCATIONS_HEADER, *rows]) + "\n"


W1 = "W1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,18"
W2 = "W2,Hub 1,Social worker,Y,agency,0.5,01/06/2024,,9"
W3 = "W3,Hub 2,Senior practitioner,Y,permanent,1,01/02/2021,,21"


def everything(engine) -> dict[str, list[tuple]]:
    """Every row of every table, to prove a failed change left them exactly as they were."""
    with engine.connect() as conn:
        return {
            name: sorted(map(tuple, conn.execute(sa.select(table)).all()), key=repr)
            for name, table in metadata.tables.items()
        }


def view(engine) -> StoreView:
    return StoreView(engine.connect(), LA)


def test_first_load_stores_every_row_with_its_excel_row_number(engine):
    outcome = load(engine, upload("workforce", "2025-06", workforce(W1, W2)), "analyst")
    assert outcome.changed and "First social work workforce batch for June 2025" in outcome.message
    rows = view(engine).month_rows("workforce", "2025-06")
    assert list(rows["worker_id"]) == ["W1", "W2"]
    assert list(rows["row_number"]) == [2, 3]
    assert rows["fte"].tolist() == [1.0, 0.5]
    assert rows["case_holding"].tolist() == [True, True]
    assert rows["end_date"].isna().all()


def test_the_identical_file_again_is_a_no_op_with_a_message(engine):
    first = load(engine, upload("workforce", "2025-06", workforce(W1)), "analyst")
    before = everything(engine)
    again = load(engine, upload("workforce", "2025-06", workforce(W1)), "someone else")
    assert not again.changed and again.batch_id == first.batch_id
    assert "already loaded for June 2025" in again.message and "Nothing was changed" in again.message
    assert everything(engine) == before


def test_loading_a_month_again_supersedes_the_old_batch_and_keeps_it(engine):
    old = load(engine, upload("workforce", "2025-06", workforce(W1, W2), "june_v1.csv"), "analyst")
    new = load(engine, upload("workforce", "2025-06", workforce(W1, W3), "june_v2.csv"), "analyst")
    assert "Replaces the June 2025 batch loaded" in new.message and "june_v1.csv" in new.message
    assert "1 record added, 1 record no longer listed" in new.message
    v = view(engine)
    history = v.batches(current_only=False).set_index("id")
    assert history.loc[old.batch_id, "status"] == "superseded"
    assert history.loc[new.batch_id, "status"] == "current"
    assert history.loc[new.batch_id, "replaced_batch_id"] == old.batch_id
    assert list(v.month_rows("workforce", "2025-06")["worker_id"]) == ["W1", "W3"]


def test_reverting_makes_an_earlier_batch_current_and_its_rows_come_back(engine):
    old = load(engine, upload("workforce", "2025-06", workforce(W1, W2), "june_v1.csv"), "analyst")
    new = load(engine, upload("workforce", "2025-06", workforce(W3), "june_v2.csv"), "analyst")
    outcome = make_current(engine, old.batch_id, "manager", LA)
    assert outcome.changed and "is current again for June 2025" in outcome.message
    v = view(engine)
    assert list(v.month_rows("workforce", "2025-06")["worker_id"]) == ["W1", "W2"]
    history = v.batches(current_only=False).set_index("id")
    assert history.loc[new.batch_id, "status"] == "superseded"
    assert history.loc[old.batch_id, "status_changed_by"] == "manager"
    assert v.audit().iloc[0][["action", "who", "batch_id"]].tolist() == ["revert", "manager", old.batch_id]
    assert not make_current(engine, old.batch_id, "manager", LA).changed


def test_withdrawing_leaves_the_month_empty_and_can_be_undone(engine):
    only = load(engine, upload("workforce", "2025-06", workforce(W1)), "analyst")
    outcome = withdraw(engine, only.batch_id, "analyst", LA)
    assert "nothing is loaded for June 2025 now" in outcome.message
    assert view(engine).month_rows("workforce", "2025-06").empty
    make_current(engine, only.batch_id, "analyst", LA)
    assert len(view(engine).month_rows("workforce", "2025-06")) == 1


def test_a_batch_of_another_authority_cannot_be_reverted_from_this_one(engine):
    theirs = load(engine, upload("workforce", "2025-06", workforce(W1), la_code="E09000001"), "analyst")
    with pytest.raises(StoreRefused):
        make_current(engine, theirs.batch_id, "analyst", LA)
    assert view(engine).month_rows("workforce", "2025-06").empty


def test_a_later_allocations_file_closes_an_episode_an_earlier_one_left_open(engine):
    jan = allocations("C1,W1,Hub 1,CIN,03/12/2024,", "C2,W1,Hub 1,CP,10/01/2025,")
    load(engine, upload("allocations", "2025-01", jan), "analyst")
    feb = allocations("C1,W1,Hub 1,CIN,03/12/2024,14/02/2025", "C3,W2,Hub 1,CLA,01/02/2025,")
    outcome = load(engine, upload("allocations", "2025-02", feb), "analyst")
    assert "1 new record; 1 more allocation episode closed" in outcome.message
    resolved = view(engine).resolved("allocations").set_index("child_id")
    assert resolved.loc["C1", "end_date"] == pd.Timestamp("2025-02-14")
    assert resolved.loc["C1", "month"] == "2025-02" and resolved.loc["C1", "first_month"] == "2025-01"
    # C2 is not in February's file: it keeps its latest known state (still open, from January).
    assert pd.isna(resolved.loc["C2", "end_date"]) and resolved.loc["C2", "month"] == "2025-01"
    # Loading February changes December's figures: C1's episode started in December.
    assert outcome.months_recomputed[0] == "2025-01"


HEALTH_HEADER = (
    "child_id,date_of_birth,date_entered_care,iha_requested_date,iha_completed_date,"
    "last_review_health_assessment_date,placed_outside_la"
)


def test_a_column_a_later_health_file_lacks_does_not_blank_earlier_values(engine):
    jan = f"{HEALTH_HEADER}\nC1,01/05/2015,06/01/2025,07/01/2025,,,N\n"
    load(engine, upload("health_assessments", "2025-01", jan), "analyst")
    feb = (
        "child_id,date_of_birth,date_entered_care,iha_completed_date,last_review_health_assessment_date,"
        "placed_outside_la\nC1,01/05/2015,06/01/2025,30/01/2025,,Y\n"
    )
    outcome = load(engine, upload("health_assessments", "2025-02", feb), "analyst")
    assert "1 more initial health assessment completed" in outcome.message
    resolved = view(engine).resolved("health_assessments").iloc[0]
    assert resolved["iha_requested_date"] == pd.Timestamp("2025-01-07")  # kept from January
    assert resolved["iha_completed_date"] == pd.Timestamp("2025-01-30")  # from February
    monthly = view(engine).monthly("health_assessments").set_index("month")
    # Point in time: placed outside the authority is read from each month's own file...
    assert monthly.loc["2025-01", "placed_outside_la"] == False  # noqa: E712 (pandas boolean)
    assert monthly.loc["2025-02", "placed_outside_la"] == True  # noqa: E712
    # ...while the episode's completion date comes from its latest copy in every month.
    assert (monthly["iha_completed_date"] == pd.Timestamp("2025-01-30")).all()


def test_recomputation_sees_the_new_batch_and_covers_the_months_it_affects(engine):
    seen = []

    def row_counts(v: StoreView, months: list[str]) -> pd.DataFrame:
        current = v.batches()
        current = current[current["reporting_month"].isin(months)]
        seen.append(list(months))
        return pd.DataFrame(
            {
                "month": current["reporting_month"],
                "code": "rows_" + current["dataset"],
                "breakdown": "",
                "numerator": None,
                "denominator": None,
                "value": current["rows"],
            }
        )

    jobs = [Recomputation("counts", row_counts)]
    for month in ("2025-01", "2025-02", "2025-03"):
        load(engine, upload("workforce", month, workforce(W1)), "analyst", jobs)
    load(engine, upload("workforce", "2025-01", workforce(W1, W2), "jan_v2.csv"), "analyst", jobs)
    assert seen[-1] == ["2025-01", "2025-02", "2025-03"]  # January feeds the rolling months after it
    figures = view(engine).month_figures("counts").set_index("month")["value"]
    assert figures.to_dict() == {"2025-01": 2.0, "2025-02": 1.0, "2025-03": 1.0}
    withdraw(engine, view(engine).batches().query("reporting_month == '2025-03'")["id"].iloc[0], "a", LA, jobs)
    figures = view(engine).month_figures("counts").set_index("month")["value"]
    assert figures.to_dict() == {"2025-01": 2.0, "2025-02": 1.0}


def test_a_failed_recomputation_leaves_every_table_exactly_as_it_was(engine):
    load(engine, upload("workforce", "2025-06", workforce(W1)), "analyst")
    before = everything(engine)

    def broken(v, months):
        raise RuntimeError("indicator code failed")

    with pytest.raises(RuntimeError):
        load(engine, upload("workforce", "2025-06", workforce(W1, W2)), "analyst", [Recomputation("x", broken)])
    assert everything(engine) == before


def test_a_load_failing_half_way_through_its_rows_leaves_no_trace(engine, monkeypatch):
    load(engine, upload("workforce", "2025-05", workforce(W1)), "analyst")
    before = everything(engine)
    big = upload("workforce", "2025-06", workforce(*[f"W{n},Hub 1,SW,Y,permanent,1,01/01/2020,,5" for n in range(50)]))
    broken = big.frame.copy()
    broken.iloc[45, broken.columns.get_loc("team")] = pd.NA  # the database refuses this row (NOT NULL)
    monkeypatch.setattr("store.batches.INSERT_CHUNK", 10)  # so earlier chunks were already inserted
    with pytest.raises(sa.exc.IntegrityError):
        load(engine, Upload(**{**big.__dict__, "frame": broken}), "analyst")
    assert everything(engine) == before


def test_a_load_is_refused_when_someone_else_changed_the_month_after_it_was_confirmed(engine):
    first = load(engine, upload("workforce", "2025-06", workforce(W1), "mine.csv"), "analyst")
    load(engine, upload("workforce", "2025-06", workforce(W2), "theirs.csv"), "colleague")
    before = everything(engine)
    with pytest.raises(ConcurrentChange, match=r"colleague made theirs\.csv the current batch for June 2025"):
        load(
            engine,
            upload("workforce", "2025-06", workforce(W3), "late.csv"),
            "analyst",
            expected_current=first.batch_id,
        )
    assert everything(engine) == before


def test_two_loads_of_the_same_month_at_once_leave_one_winner_and_a_message_for_the_other(engine):
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def attempt(name: str, body: str):
        file = upload("workforce", "2025-06", body, f"{name}.csv")
        barrier.wait()
        try:
            results[name] = load(engine, file, name, expected_current=None)
        except ConcurrentChange as err:
            results[name] = err

    threads = [threading.Thread(target=attempt, args=args) for args in (("one", workforce(W1)), ("two", workforce(W2)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results.values() if isinstance(r, ConcurrentChange)]
    assert len(errors) == 1 and "was not loaded" in str(errors[0])
    current = view(engine).batches()
    assert len(current) == 1 and len(view(engine).batches(current_only=False)) == 1


INDICATOR_HEADER = "period,indicator_code,numerator,denominator,breakdown"


def test_aggregate_values_are_replaced_per_key_and_withdrawing_restores_them(engine):
    a = f"{INDICATOR_HEADER}\n2025-01,strategy_in_time,8,10,\n2025-02,strategy_in_time,9,10,\n"
    b = f"{INDICATOR_HEADER}\n2025-02,strategy_in_time,6,10,\n2025-03,strategy_in_time,7,10,\n"
    load(engine, upload("indicator_values", None, a, "a.csv"), "analyst")
    later = load(engine, upload("indicator_values", None, b, "b.csv"), "analyst")
    assert "1 value added, 1 changed" in later.message
    assert later.months_recomputed == ("2025-02", "2025-03")
    values = view(engine).indicator_values().set_index("period")["numerator"].to_dict()
    assert values == {"2025-01": 8, "2025-02": 6, "2025-03": 7}
    withdraw(engine, later.batch_id, "analyst", LA)
    values = view(engine).indicator_values().set_index("period")["numerator"].to_dict()
    assert values == {"2025-01": 8, "2025-02": 9}


def test_authorities_sharing_a_store_do_not_see_or_replace_each_others_months(engine):
    load(engine, upload("workforce", "2025-06", workforce(W1)), "analyst")
    load(engine, upload("workforce", "2025-06", workforce(W2, W3), la_code="E09000001"), "analyst")
    assert list(view(engine).month_rows("workforce", "2025-06")["worker_id"]) == ["W1"]
    other = StoreView(engine.connect(), "E09000001")
    assert list(other.month_rows("workforce", "2025-06")["worker_id"]) == ["W2", "W3"]


def test_every_stored_row_carries_the_authority_code(engine):
    load(engine, upload("workforce", "2025-06", workforce(W1, W2)), "analyst")
    load(engine, upload("workforce", "2025-06", workforce(W3), la_code="E09000001"), "analyst")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT la_code, worker_id FROM rows_workforce ORDER BY worker_id")).all()
    assert [tuple(r) for r in rows] == [(LA, "W1"), (LA, "W2"), ("E09000001", "W3")]


def test_an_optional_column_no_file_of_a_record_had_is_marked_not_recorded(engine):
    without = (
        "child_id,date_of_birth,date_entered_care,iha_completed_date,last_review_health_assessment_date,"
        "placed_outside_la\nC1,01/05/2015,06/01/2025,,,N\n"
    )
    load(engine, upload("health_assessments", "2025-01", without), "analyst")
    record = view(engine).resolved("health_assessments").iloc[0]
    assert "iha_requested_date" not in record["columns_present"].split(",")
    with_it = f"{HEALTH_HEADER}\nC1,01/05/2015,06/01/2025,07/01/2025,,,N\n"
    load(engine, upload("health_assessments", "2025-02", with_it), "analyst")
    record = view(engine).resolved("health_assessments").iloc[0]
    assert "iha_requested_date" in record["columns_present"].split(",")
