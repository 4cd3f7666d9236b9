"""The command-line loader: a nightly folder of contract CSVs and returns loads with the Check page's
checks; exit 0 when everything loaded, 1 with the problems written beside a refused file."""

import subprocess
import sys
from pathlib import Path

import pytest

from store.batches import has_batches
from tests.ingest.standard.returns import MONTH, annex_a_workbook, cin_xml, contract_files, csww_xml, ssda903_files
from workflows import la_code, store
from workflows.load_files import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    yield
    store().dispose()


def _folder(tmp_path, files) -> Path:
    folder = tmp_path / "nightly"
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    return folder


def _current_datasets() -> set[str]:
    from store.view import StoreView

    with store().connect() as conn:
        return set(StoreView(conn, la_code()).batches()["dataset"])


def test_a_folder_of_returns_loads_and_exits_0(tmp_path, capsys):
    folder = _folder(tmp_path, [*ssda903_files(), ("csww.xml", csww_xml()), ("cin.xml", cin_xml())])
    assert main(["load", str(folder), "--month", MONTH, "--who", "nightly job"]) == 0
    out = capsys.readouterr().out
    assert "LOADED episodes.csv + header.csv + oc3.csv: placements" in out
    assert "LOADED cin.xml: referrals" in out
    assert _current_datasets() == {
        "placements",
        "care_leavers",
        "workforce",
        "referrals",
        "assessments",
        "section_47_enquiries",
        "cp_plans",
        "cin_plans",
        "child_characteristics",  # the 903 header's and the census's children, merged into one batch
    }


def test_contract_files_load_the_same_way(tmp_path):
    folder = _folder(tmp_path, contract_files())
    assert main(["load", *map(str, sorted(folder.iterdir())), "--month", MONTH, "--who", "job"]) == 0
    assert _current_datasets() == {"placements", "care_leavers", "allocations", "workforce"}


def test_a_workbook_with_problems_is_refused_with_its_report_beside_it_and_nothing_stored(tmp_path, capsys):
    bad = annex_a_workbook(extra={("children_in_care", 4, "sex"): "Q"})
    folder = _folder(tmp_path, [("annex_a.xlsx", bad)])
    assert main(["load", str(folder), "--month", MONTH, "--who", "job"]) == 1
    report = folder / "annex_a.xlsx.placements.problems.csv"
    assert report.exists()
    assert "'List 8'!B (Gender)" in report.read_text(encoding="utf-8-sig")
    assert "REFUSED annex_a.xlsx" in capsys.readouterr().out
    assert not has_batches(store(), la_code())


def test_two_files_for_the_same_dataset_and_month_are_both_refused(tmp_path):
    folder = _folder(tmp_path, [("annex_a.xlsx", annex_a_workbook()), *ssda903_files()])
    assert main(["load", str(folder), "--month", MONTH, "--who", "job"]) == 1
    assert _current_datasets() == {
        "allocations",
        "cp_plans",
        "cp_visits",
        "child_characteristics",  # merged from both returns into one batch
    }  # placements and care leavers come from both: neither loads


def test_the_module_runs_as_a_script_and_a_bad_month_is_a_usage_error(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "workflows.load_files", "load", str(tmp_path), "--month", "March", "--who", "job"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "is not a month" in run.stderr


def test_a_refused_file_names_the_row_the_record_and_the_column(tmp_path, capsys):
    header = "Child ID,Allocated Worker,Team,Cohort,Allocation Start Date,Allocation End Date\r\n"
    folder = _folder(tmp_path, [("allocations_2025-03.csv", (header + "C0123,W0042,Hub,CIN,31/02/2025,\r\n").encode())])
    assert main(["load", str(folder), "--who", "job"]) == 1
    out = capsys.readouterr().out
    assert "Row 2 (child C0123, worker W0042), column Allocation Start Date: 31/02/2025 is not a real date" in out
    report = (folder / "allocations_2025-03.csv.allocations.problems.csv").read_text(encoding="utf-8-sig")
    assert "Record" in report.splitlines()[0] and "child C0123, worker W0042" in report
    assert not has_batches(store(), la_code())
