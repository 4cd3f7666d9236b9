"""AppTest: loading checked files, then History and Data quality telling the truth about them."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.roles import ANALYST
from tests.shown import seen, seen_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))


def page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=60).run()


def load_examples() -> AppTest:
    at = page("check.py")
    at.button[0].click().run()  # "Try the example files": three ready, one with errors
    plan = seen_table(at.table[-1].value)
    assert list(plan["File"]) == [
        "workforce_2025-03_extract_2025-04-03.csv",
        "placements March 2025.txt",
        "care_leavers_2025-03.csv",
    ]
    assert plan["What happens"].str.contains("nothing is loaded there yet").all()
    assert plan.loc[0, "Extract date"] == "03/04/2025"  # read from the file name
    load = next(b for b in at.button if b.label == "Load into the store")
    assert load.disabled  # nothing is stored without the explicit confirm
    next(c for c in at.checkbox if c.label.startswith("I have checked the table above")).check().run()
    next(b for b in at.button if b.label == "Load into the store").click().run()
    assert not at.exception
    return at


def test_loading_needs_a_confirm_and_reports_what_changed():
    at = load_examples()
    messages = [seen(s.value) for s in at.success]
    assert any("First social work workforce batch for March 2025" in m for m in messages), messages
    plan = seen_table(at.table[-1].value)
    assert plan["What happens"].str.startswith("Already loaded").all()


def test_loading_the_same_files_again_changes_nothing():
    at = load_examples()
    next(c for c in at.checkbox if c.label.startswith("I have checked the table above")).check().run()
    next(b for b in at.button if b.label == "Load into the store").click().run()
    assert [i.value for i in at.info if "already loaded" in seen(i.value)]
    history = page("history.py").dataframe[0].value
    assert len(history) == 3 and set(history["Status"]) == {"Current"}


def test_history_lists_batches_and_withdrawing_one_is_recorded():
    load_examples()
    at = page("history.py")
    assert not at.exception
    history = at.dataframe[0].value
    assert set(history["Dataset"]) == {"Workforce", "Placements", "Care leavers"}
    assert history["Loaded"].str.endswith("by test analyst").all()
    at.selectbox[-1].set_value(int(history.loc[history["Dataset"] == "Workforce", "Batch"].iloc[0]))
    at.checkbox(key="withdraw_sure").check().run()
    next(b for b in at.button if b.label == "Withdraw this batch").click().run()
    assert not at.exception
    assert "nothing is loaded for March 2025 now" in seen(at.success[0].value)
    history = at.dataframe[0].value.set_index("Dataset")
    assert history.loc["Workforce", "Status"] == "Withdrawn"


def test_data_quality_shows_what_is_loaded_and_what_is_missing():
    load_examples()
    at = page("data_quality.py")
    assert not at.exception
    grid = at.dataframe[0].value
    row = grid.set_index("Month").loc["March 2025"]
    assert row["Workforce"] == "5 rows"
    assert row["Allocations"] == "No upload"
    assert any("No allocations file is loaded for March 2025" in i.value for i in at.info)


def test_pages_say_so_when_nothing_is_loaded():
    for name in ("history.py", "data_quality.py"):
        at = page(name)
        assert not at.exception
        assert "Nothing has been loaded yet" in at.info[0].value


def test_data_quality_compares_workforce_and_allocations_for_a_month():
    from ingest.check import check_file
    from workflows import la_code, store
    from workflows.uploads import load_checked, plan_load

    load_examples()
    # W0001 states 24 children but holds 2 open allocations; W0999 is in no workforce file.
    body = (
        "child_id,worker_id,team,cohort,start_date,end_date\n"
        "C1,W0001,Assessment Hub 1,CIN,01/02/2025,\n"
        "C2,W0001,Assessment Hub 1,CP,01/03/2025,\n"
        "C3,W0999,Hub 9,CLA,01/01/2025,\n"
        "C4,W0999,Hub 9,CLA,01/01/2025,31/03/2025\n"
    )
    result = check_file("allocations_2025-03.csv", body.encode())
    report = load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)
    assert report.level == "loaded", report.message

    at = page("data_quality.py")
    assert not at.exception
    missing = next(seen_table(t.value) for t in at.table if "Worker" in t.value.columns)
    assert missing.to_dict("records") == [{"Worker": "W0999", "Teams": "Hub 9", "Children allocated": 1}]
    caseloads = at.dataframe[-1].value.set_index("Worker")
    assert caseloads.loc["W0001", "Stated caseload"] == 24
    assert caseloads.loc["W0001", "Children allocated (counted)"] == 2
    assert caseloads.loc["W0001", "Difference"] == "+22"


def test_aggregate_values_for_an_indicator_not_in_the_catalogue_are_refused_by_row():
    from ingest.check import check_file
    from workflows import la_code, store
    from workflows.uploads import load_checked, plan_load

    body = (
        "period,indicator_code,numerator,denominator\n"
        "2025-03,strategy_discussions_in_timescale,8,10\n"
        "2025-03,strategy_discusions_in_time,9,10\n"
    )
    result = check_file("indicator_values_2025.csv", body.encode())
    assert result.ready
    plan = plan_load(store(), la_code(), result, None)
    assert plan.problem.startswith("Column indicator_code: row 3 (strategy_discusions_in_time) not in the")
    report = load_checked(store(), la_code(), result, plan, ANALYST)
    assert report.level == "refused"


def test_an_aggregate_indicator_code_in_capitals_is_the_catalogue_indicator():
    from ingest.check import check_file
    from workflows import la_code, store
    from workflows.uploads import load_checked, plan_load

    body = "period,indicator_code,numerator,denominator\n2025-03,Strategy_Discussions_In_Timescale,8,10\n"
    result = check_file("indicator_values_2025.csv", body.encode())
    assert result.ready and list(result.frame["indicator_code"]) == ["strategy_discussions_in_timescale"]
    plan = plan_load(store(), la_code(), result, None)
    assert plan.problem is None
    assert load_checked(store(), la_code(), result, plan, ANALYST).level != "refused"
