"""What a load says it changed: a file loaded again with the same records says "no change".

The same records loaded a second time (saved again with Windows line endings, so the bytes differ and
the store does not treat it as the identical file) must not count a record as changed because an
optional cell is blank in both copies.
"""

from __future__ import annotations

import pandas as pd
import pytest

from reference import dataset_specs
from store.batches import load, make_current
from store.changes import changed_records, episode_change, same_cells
from tests.store.test_batches import LA, upload

MONTH = "2025-06"

# One small file per dataset, each with its optional cells left blank on some rows.
FILES = {
    "workforce": (
        "worker_id,team,role,case_holding,employment_type,fte,start_date,end_date,caseload\n"
        "W1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,18\n"
        "W2,Hub 1,Social worker,Y,agency,0.5,01/06/2024,20/06/2025,9\n"
    ),
    "allocations": (
        "child_id,worker_id,team,cohort,start_date,end_date\n"
        "C1,W1,Hub 1,CIN,01/02/2025,\nC2,W2,Hub 1,CP,01/03/2025,10/06/2025\n"
    ),
    "health_assessments": (
        "child_id,date_of_birth,date_entered_care,iha_requested_date,iha_completed_date,"
        "last_review_health_assessment_date,placed_outside_la\n"
        "C1,01/05/2015,02/06/2025,,,,N\nC2,01/05/2012,06/01/2025,07/01/2025,20/01/2025,,Y\n"
    ),
    "placements": (
        "child_id,date_of_birth,date_entered_care,placement_start_date,placement_type,distance_miles,"
        "inside_la,placements_last_12_months\n"
        "C1,01/05/2015,02/06/2025,02/06/2025,U4,,Y,1\nC2,01/05/2012,06/01/2025,06/01/2025,U6,22.5,N,2\n"
    ),
    "care_leavers": (
        "child_id,date_of_birth,in_touch,activity,accommodation\nL1,01/05/2006,YES,F1,B1\nL2,01/05/2004,NO,0,0\n"
    ),
    "indicator_values": (
        "period,indicator_code,numerator,denominator,breakdown\n"
        "2025-06,strategy_in_time,8,10,\n2025-06,strategy_in_time,3,4,Hub 1\n"
    ),
}


def test_every_contract_dataset_is_covered():
    """The six contract datasets; those fed only from the council's returns have no contract file."""
    assert set(FILES) == {name for name, spec in dataset_specs().items() if not spec.from_returns}


@pytest.mark.parametrize("dataset", FILES)
def test_the_same_records_loaded_again_report_no_change(engine, dataset):
    month = None if dataset == "indicator_values" else MONTH
    first = load(engine, upload(dataset, month, FILES[dataset], f"{dataset}_first.csv"), "analyst")
    again = load(
        engine, upload(dataset, month, FILES[dataset].replace("\n", "\r\n"), f"{dataset}_again.csv"), "analyst"
    )
    assert again.changed and again.batch_id != first.batch_id
    assert "no change to any" in again.message
    assert " changed" not in again.message and "added" not in again.message


@pytest.mark.parametrize("dataset", [name for name in FILES if name != "indicator_values"])
def test_reverting_to_a_batch_with_the_same_records_reports_no_change(engine, dataset):
    """Aggregate values have no dataset-month to revert, so the five monthly datasets."""
    first = load(engine, upload(dataset, MONTH, FILES[dataset], f"{dataset}_first.csv"), "analyst")
    load(engine, upload(dataset, MONTH, FILES[dataset].replace("\n", "\r\n"), f"{dataset}_again.csv"), "analyst")
    assert "no change to any record" in make_current(engine, first.batch_id, "manager", LA).message


def test_two_blank_cells_are_the_same_value_whatever_kind_of_blank():
    left = pd.DataFrame({"when": [pd.NaT, pd.Timestamp("2025-01-01")], "miles": pd.array([None, 2.5], "Float64")})
    right = pd.DataFrame({"when": [None, pd.Timestamp("2025-01-01")], "miles": [float("nan"), 2.5]})
    assert same_cells(left, right).all().all()


def test_a_blank_cell_filled_in_is_a_change():
    before = pd.DataFrame({"id": ["A", "B"], "end": [pd.NaT, pd.NaT]})
    after = pd.DataFrame({"id": ["A", "B"], "end": [pd.Timestamp("2025-06-30"), pd.NaT]})
    assert changed_records(before, after, ["id"], ["end"]) == 1


def test_one_milestone_is_worded_in_the_singular():
    spec = dataset_specs()["allocations"]
    before = pd.DataFrame(
        {
            "child_id": ["C1", "C2"],
            "worker_id": ["W1", "W1"],
            "start_date": ["2025-01-01"] * 2,
            "end_date": [pd.NaT] * 2,
        }
    )
    after = before.assign(end_date=[pd.Timestamp("2025-06-01"), pd.NaT])
    assert "1 more allocation episode closed" in episode_change(before, after, spec)
    after = before.assign(end_date=[pd.Timestamp("2025-06-01")] * 2)
    assert "2 more allocation episodes closed" in episode_change(before, after, spec)
