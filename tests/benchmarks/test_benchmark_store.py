"""Published tables in the store, on SQLite and PostgreSQL: kept by publication and year, the same file
twice changes nothing, a newer file replaces only its years (audit-logged), neighbours replaced whole."""

import threading
import time

import pandas as pd
import sqlalchemy as sa

from ingest.ees import read_published_file
from store.benchmarks import (
    PublishedTable,
    benchmark_sources_in_force,
    neighbour_groups,
    published_values,
    save_neighbours,
    save_published_table,
    stored_publications,
)
from store.tables import audit_log, benchmark_sources, benchmark_values
from tests.benchmarks.ees_rows import real_rows, shipped
from tests.roles import ANALYST
from views import benchmarks as shown
from workflows import benchmarks as workflow

SLOUGH = "E06000039"
STABILITY = "la_cla_placement_stability.csv"
THREE_PLUS = "With 3 or more placements during the year"


def _table(name: str, data: bytes) -> PublishedTable:
    read = read_published_file(name, data)
    assert read.ok, read.issues
    return PublishedTable(read.publication, name, read.sha256, read.rows_read, read.values, read.measures, read.filters)


def _slough(years: tuple[str, ...], edit=lambda line: line) -> bytes:
    return real_rows(STABILITY, lambda line: line[:4] in years and ",871,Slough," in line, edit)


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _three_plus(engine) -> pd.DataFrame:
    values = published_values(engine, "la_cla_placement_stability", ["children_percent"])
    picked = values[values["breakdown"].str.contains(THREE_PLUS)]
    return picked.set_index("time_period")[["value"]].sort_index()


def test_a_table_is_stored_by_year_area_breakdown_and_measure(engine):
    outcome = save_published_table(engine, _table(STABILITY, _slough(("2024", "2025"))), "analyst", SLOUGH)
    assert (
        outcome.changed and outcome.years == ("2024", "2025") and outcome.values_stored == 24
    )  # 6 rows a year, 2 measures
    # Slough, CLA on 31 March with 3 or more placements in the year: 13% in 2024 (row 1633) and 2025 (row 631).
    assert _three_plus(engine).loc["2025", "value"] == 13.0
    values = published_values(engine, "la_cla_placement_stability", ["children_count"])
    assert set(values["area_code"]) == {SLOUGH} and set(values["year_label"]) == {"2024", "2025"}
    assert stored_publications(engine) == {"la_cla_placement_stability"}


def test_suppression_symbols_are_stored_with_no_value(engine):
    data = real_rows(
        "la_cla_during_year_new_placements.csv", lambda line: line.startswith("2025,") and ",871,Slough," in line
    )
    save_published_table(engine, _table("la_cla_during_year_new_placements.csv", data), "analyst", SLOUGH)
    values = published_values(engine, "la_cla_during_year_new_placements", ["children_count"])
    suppressed = values[values["breakdown"].str.contains("Distance not known")]
    assert suppressed["value"].isna().all() and suppressed["symbol"].tolist() == ["c"]


def test_the_same_file_twice_changes_nothing(engine):
    table = _table(STABILITY, _slough(("2024", "2025")))
    save_published_table(engine, table, "analyst", SLOUGH)
    before = (_count(engine, benchmark_sources), _count(engine, benchmark_values), _count(engine, audit_log))
    again = save_published_table(engine, table, "someone else", SLOUGH)
    assert not again.changed and "already imported" in again.message
    assert (_count(engine, benchmark_sources), _count(engine, benchmark_values), _count(engine, audit_log)) == before


def test_a_newer_file_replaces_only_the_years_it_carries_and_is_audit_logged(engine):
    save_published_table(engine, _table(STABILITY, _slough(("2024", "2025"))), "first analyst", SLOUGH)
    revised = _slough(("2025",), lambda line: line.replace(f"{THREE_PLUS},22,13", f"{THREE_PLUS},23,14"))
    outcome = save_published_table(engine, _table("la_cla_placement_stability_2025.csv", revised), "second", SLOUGH)
    assert outcome.changed and outcome.years == ("2025",)
    assert "replaces 2025 from la_cla_placement_stability.csv (imported by first analyst)" in outcome.message
    after = _three_plus(engine)
    assert after.loc["2025", "value"] == 14.0 and after.loc["2024", "value"] == 13.0  # 2024 untouched
    sources = benchmark_sources_in_force(engine).set_index("file_name")
    assert sources.loc["la_cla_placement_stability.csv", "years"] == "2024"
    assert sources.loc["la_cla_placement_stability_2025.csv", "years"] == "2025"
    with engine.connect() as conn:
        audit = conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).mappings().all()
    assert [(a["who"], a["action"]) for a in audit] == [
        ("first analyst", "import_benchmarks"),
        ("second", "import_benchmarks"),
    ]
    assert audit[-1]["la_code"] == SLOUGH and audit[-1]["at"] is not None


def test_neighbour_groupings_are_replaced_whole(engine):
    read = read_published_file("sn.csv", shipped("New_Statistical_Neighbour_Groupings_April_2021.csv"))
    assert save_neighbours(engine, "sn.csv", read.sha256, read.rows_read, read.groups, "analyst", SLOUGH).changed
    assert not save_neighbours(engine, "sn.csv", read.sha256, read.rows_read, read.groups, "analyst", SLOUGH).changed
    fewer = read.groups[read.groups["old_la_code"] == "871"]
    outcome = save_neighbours(engine, "sn_2026.csv", "f" * 64, 1, fewer, "analyst", SLOUGH)
    assert outcome.changed and "replaces sn.csv" in outcome.message
    assert neighbour_groups(engine)["old_la_code"].unique().tolist() == ["871"]


def test_a_file_with_errors_stores_nothing(engine):
    broken = _slough(("2025",), lambda line: line.replace(",13", ",thirteen"))
    report = workflow.import_ees_file(engine, "la_cla_placement_stability.csv", broken, ANALYST, SLOUGH)
    assert report.level == "refused" and "row 7, column children_percent" in report.message
    assert _count(engine, benchmark_sources) == 0 and _count(engine, benchmark_values) == 0


def test_the_shipped_files_are_imported_once_into_an_empty_store(engine, monkeypatch):
    # Real published data, not the sample: tests run with CSC_SAMPLE_DATA=off (tests/conftest.py).
    monkeypatch.setattr(workflow, "_SHIPPED_DONE", set())
    started = time.perf_counter()
    reports = []
    threads = [
        threading.Thread(target=lambda: reports.extend(workflow.ensure_shipped_benchmarks(engine))) for _ in "ab"
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    assert sorted(r.publication for r in reports) == sorted(shown.benchmark_publications())  # each once
    assert all(r.level == "imported" for r in reports)
    assert _count(engine, benchmark_values) == 135_551
    monkeypatch.setattr(workflow, "_SHIPPED_DONE", set())  # a new process: nothing left to import
    assert workflow.ensure_shipped_benchmarks(engine) == []
    print(f"shipped DfE files imported on {engine.dialect.name} in {seconds:.1f} s")
    assert seconds < 120
