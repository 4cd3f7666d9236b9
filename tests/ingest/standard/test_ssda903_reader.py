"""SSDA903 tables as CSV: recognised by their DfE field names; episodes and header make the children
looked after at a month end, OC3 the care leavers in the contract's age band."""

import pandas as pd

from ingest.standard.check import check_standard_files, standard_kind
from ingest.standard.ssda903 import read_903_table, recognise_903_table
from tests.ingest.standard.returns import MONTH, contract_files, ssda903_files


def test_each_table_is_recognised_by_its_field_names_and_contract_files_are_not():
    assert [
        recognise_903_table(h).name
        for h in (("CHILD", "SEX", "DOB", "ETHNIC"), ("child", "dob", "review", "review_code"))
    ] == [
        "header",
        "reviews",
    ]
    assert recognise_903_table(("child_id", "date_of_birth", "in_touch", "activity", "accommodation")) is None
    assert [standard_kind(n, d) for n, d in ssda903_files()] == ["ssda903"] * 3
    assert {standard_kind(n, d) for n, d in contract_files()} == {None}


def test_placements_at_month_end_follow_the_episodes():
    placements = next(r for r in check_standard_files(ssda903_files(), MONTH) if r.dataset == "placements").frame
    c1 = placements.set_index("child_id").loc["C1"]
    # Entered care 10/01/2024; moved 01/06/2024 (P); legal status changed 15/09/2024 (L, same placement).
    assert c1["date_entered_care"] == pd.Timestamp("2024-01-10")
    assert c1["placement_start_date"] == pd.Timestamp("2024-06-01")
    assert c1["placements_last_12_months"] == 2  # the first placement ran into the 12 months to 31/03/2025
    assert set(placements["child_id"]) == {"C1", "C2", "C4"}  # C3 left care in December 2024


def test_a_return_to_care_starts_a_new_period_and_older_placements_fall_out_of_the_window():
    placements = next(r for r in check_standard_files(ssda903_files(), MONTH) if r.dataset == "placements").frame
    c4 = placements.set_index("child_id").loc["C4"]
    assert c4["date_entered_care"] == pd.Timestamp("2024-11-01")
    assert c4["placements_last_12_months"] == 2


def test_episodes_without_the_header_table_say_which_table_to_add():
    episodes = [f for f in ssda903_files() if f[0] == "episodes.csv"]
    result = check_standard_files(episodes, MONTH)[0]
    assert result.frame is None
    assert [i.rule for i in result.issues] == ["missing_table"] and "header" in result.issues[0].message


def test_a_bad_cell_is_reported_by_its_row_and_field_and_nothing_is_made():
    name, data = ssda903_files()[1]
    broken = data.replace(b"C2,01/02/2025,S", b"C2,01/02/2025,Q")
    read = read_903_table(name, broken)
    assert [(i.row, i.column, i.value, i.rule) for i in read.issues] == [(5, "RNE", "Q", "unknown_code")]
    results = check_standard_files([ssda903_files()[0], (name, broken)], MONTH)
    assert all(r.frame is None for r in results)


def test_reviews_held_by_month_end_are_cla_reviews_each_with_the_start_of_its_period_of_care():
    reviews = b"CHILD,DOB,REVIEW,REVIEW_CODE\r\n" + b"".join(
        f"{child},03/03/2013,{held},PN1\r\n".encode()
        for child, held in [("C4", "20/01/2022"), ("C4", "25/11/2024"), ("C4", "02/04/2025"), ("C9", "01/02/2025")]
    )
    files = [*ssda903_files(), ("reviews.csv", reviews)]
    result = next(r for r in check_standard_files(files, MONTH) if r.dataset == "cla_reviews")
    assert result.ready and not result.issues
    found = result.frame
    # C4's first period began 01/01/2022, the second 01/11/2024 (RNE S); April's review is after March;
    # C9 has no episodes, so its period is not known
    assert list(zip(found["child_id"], found["review_date"], found["date_entered_care"], strict=True)) == [
        ("C4", pd.Timestamp(2022, 1, 20), pd.Timestamp(2022, 1, 1)),
        ("C4", pd.Timestamp(2024, 11, 25), pd.Timestamp(2024, 11, 1)),
        ("C9", pd.Timestamp(2025, 2, 1), pd.NaT),
    ]


def test_care_leavers_from_oc3_are_those_aged_17_to_21_at_month_end():
    leavers = next(r for r in check_standard_files(ssda903_files(), MONTH) if r.dataset == "care_leavers").frame
    assert list(leavers["child_id"]) == ["L1", "L2"]


def test_a_contract_file_that_borrows_903_names_as_aliases_stays_a_contract_file():
    headers = ("CHILD", "DOB", "DECOM", "Placement start date", "PLACE", "PL_DISTANCE", "PL_LOCATION")
    assert recognise_903_table(headers) is None
