"""What pages call: files not shipped import through the Check page hand-off with no code change, and an
authority's labelled benchmarks come back for Slough and for any other authority."""

from pathlib import Path

import pytest

from store.db import open_store
from tests.benchmarks.ees_rows import csv_bytes, real_rows, shipped
from tests.roles import ANALYST
from views import benchmarks as shown
from workflows import benchmarks as workflow

SLOUGH = "E06000039"
NEIGHBOURS = "New_Statistical_Neighbour_Groupings_April_2021.csv"


@pytest.fixture
def own_files_only(engine, monkeypatch):
    """A store that holds only what a test imports (the shipped files are not brought in)."""
    monkeypatch.setattr(workflow, "_SHIPPED_DONE", {str(engine.url)})
    return engine


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory):
    """A SQLite store with every shipped DfE file imported, as the first page visit leaves it."""
    engine = open_store(f"sqlite:///{Path(tmp_path_factory.mktemp('shipped')) / 'store.sqlite'}")
    assert all(r.level == "imported" for r in workflow.ensure_shipped_benchmarks(engine))
    yield engine
    engine.dispose()


def test_next_years_file_imports_through_the_hand_off_and_becomes_the_latest_year(own_files_only):
    engine = own_files_only
    # A trimmed copy of the workforce table with a year the project does not ship: the real 2025 rows
    # of England, the South East and Slough, relabelled 2026.
    wanted = (",National,", ",South East,,,", ",871,")
    data = real_rows(
        "csww_indicators_2017_to_2025.csv",
        lambda line: line.startswith("2025,") and any(w in line for w in wanted),
        lambda line: "2026" + line[4:],
    )
    assert workflow.is_published_table(data)
    report = workflow.import_ees_file(engine, "csww_indicators_2017_to_2026.csv", data, ANALYST, SLOUGH)
    assert (report.level, report.publication, report.years, report.rows) == (
        "imported",
        "csww_indicators",
        ("2026",),
        3,
    )
    assert len(report.measures) == 22 and "caseload_fte" in report.measures
    assert "Imported csww_indicators_2017_to_2026.csv: 66 values for year 2026" in report.message
    assert workflow.import_ees_file(engine, "copy.csv", data, ANALYST, SLOUGH, "csww_indicators").level == "unchanged"
    workflow.import_ees_file(engine, NEIGHBOURS, shipped(NEIGHBOURS), ANALYST, SLOUGH)
    caseload = shown.benchmarks_for(engine, SLOUGH, "caseload_per_fte")
    assert caseload.year_text == "2026 (at 30 September)"
    assert (caseload.comparison.value, caseload.comparison.england, caseload.comparison.region) == (16.7, 15.2, 15.6)
    assert caseload.comparison.neighbours_with_values == 0 and caseload.comparison.ranked == 1


def test_another_ees_table_imports_with_no_code_change(own_files_only):
    engine = own_files_only
    # Real rows of another table, in another shape: financial years, and a district row that is left out.
    lines = real_rows(
        "la_cla_swcount.csv", lambda line: any(w in line for w in (",National,", ",South East,,,", ",871,"))
    ).decode()
    rows = [line.replace("2024,Reporting year", "202425,Financial year") for line in lines.splitlines()]
    rows.append(rows[-1].replace("Local authority", "Local authority district"))
    report = workflow.import_ees_file(engine, "la_example_financial_202425.csv", csv_bytes(rows), ANALYST, SLOUGH)
    assert (report.level, report.publication, report.years) == ("imported", "la_example_financial", ("2024-25",))
    assert "Left out: 1 row at the Local authority district level." in report.message
    others = shown.other_measures(engine)
    key = next(
        k
        for k, label in zip(others["key"], others["label"], strict=True)
        if label.startswith("Percentage · CLA on 31 March · 3 or more")
    )
    assert key.startswith("la_example_financial|percentage|")
    view = shown.benchmark_view(engine, SLOUGH, key)
    assert view.benchmark.year_text == "2024-25" and view.benchmark.comparison.value == 40.0
    assert view.table.iloc[0].to_dict() | {} == {
        "Year": "2024-25",
        "Slough": "40.0%",
        "England": "27.0%",
        "South East": "25.0%",
        "Statistical neighbours (mean)": "",
        "Neighbours with a figure": "0 of 0",
        "Rank (1 = best)": "",
        "Quartile (1 = best)": "",
    }


def test_a_broken_file_is_refused_naming_row_and_column(own_files_only):
    lines = real_rows("la_cla_swcount.csv", lambda line: ",871," in line).decode().splitlines()
    lines[2] = lines[2].replace(",81,", ",eighty-one,")
    report = workflow.import_ees_file(own_files_only, "la_cla_swcount.csv", csv_bytes(lines), ANALYST, SLOUGH)
    assert report.level == "refused" and "row 3, column number" in report.message
    assert [(i.row, i.column, i.value) for i in report.issues] == [(3, "number", "eighty-one")]


def test_every_mapped_indicator_has_labelled_benchmarks_for_slough(shipped_store):
    records = {b.key: b for b in shown.mapped_benchmarks(shipped_store, SLOUGH)}
    assert set(records) == set(shown.benchmark_mappings())
    caseload = records["caseload_per_fte"]
    assert caseload.year_text == "2025 (at 30 September)" and caseload.rank_text.startswith("111 of 149")
    assert caseload.comparison.neighbours_mean == pytest.approx(15.02)
    far = records["placed_over_20_miles"]
    assert far.comparison.symbol == "c" and "ours counts children looked after at month end" in far.published_as
    assert far.year_text == "2025 (year ending 31 March)"
    assert records["three_plus_social_workers"].comparison.year_label == "2024"
    assert "Open Government Licence" in caseload.source_text
    assert shown.benchmarks_for(shipped_store, SLOUGH, "iha_within_20_working_days") is None  # nothing published


def test_any_authority_can_be_picked(shipped_store):
    picker = shown.authorities(shipped_store).set_index("code")
    assert picker.loc[SLOUGH, "label"] == "Slough (871, E06000039)"
    assert picker.index.is_unique and "E08000016" not in picker.index  # Barnsley under its newest code only
    barnsley = shown.benchmark_series(shipped_store, "E08000038", "caseload_per_fte")
    assert barnsley["authority"].notna().all() and len(barnsley) == 9  # older years found by old LA number 370
    west = shown.benchmarks_for(shipped_store, "E06000062", "caseload_per_fte")
    assert west.comparison.joint and west.sentence().startswith(
        "Average caseload per full-time equivalent (FTE) case-holding social worker, 2025 (at 30 September): "
        "West Northamptonshire 14.8 "
        "(published jointly for North Northamptonshire / West Northamptonshire)"
    )


def test_the_view_holds_chart_table_and_file_name(shipped_store):
    view = shown.benchmark_view(shipped_store, SLOUGH, "caseload_per_fte")
    assert [t.name for t in view.figure.data] == ["Slough", "England", "South East", "Statistical neighbours (mean)"]
    assert view.table["Year"].tolist() == [str(y) for y in range(2017, 2026)]
    assert view.table.iloc[-1]["Rank (1 = best)"] == "111 of 149" and view.file_name.endswith(f"{SLOUGH}.csv")
    series = shown.benchmark_series(shipped_store, SLOUGH, "caseload_per_fte")
    assert series.iloc[0][["year_label", "authority"]].tolist() == ["2017", 14.4]


def test_unmapped_measures_are_listed_and_mapped_ones_are_not(shipped_store):
    others = shown.other_measures(shipped_store)
    assert not any(k == "csww_indicators|caseload_fte|{}" for k in others["key"])
    assert "csww_indicators|cases|{}" in set(others["key"])
    rate = next(k for k in others["key"] if k.startswith("cla_number_and_rate_per_10k_children|rate_per_10000|"))
    assert shown.benchmark_view(shipped_store, SLOUGH, rate).benchmark.rank_text == "not ranked"
    sources = shown.benchmark_sources(shipped_store)
    assert len(sources) == 8 and set(sources["Imported by"]) == {workflow.SHIPPED_LOADER}
