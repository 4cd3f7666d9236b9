"""metrics/care_leavers.py: EET, suitable accommodation, in touch and bed and breakfast.

March 2025 ends on the 31st. Dates of birth of 1 January give an age of 2025 minus the year at month
end (17: 2008, 18: 2007, 19: 2006, 20: 2005, 21: 2004); born 31 March 2006 is 19 on the month end and
born 31 March 2007 is 18 on it.
"""

from __future__ import annotations

import pandas as pd

from metrics.care_leavers import (
    care_leavers_bed_and_breakfast,
    care_leavers_eet,
    care_leavers_in_touch,
    care_leavers_suitable_accommodation,
)
from metrics.inputs import Inputs
from metrics.units import summarise

MARCH, APRIL = "2025-03", "2025-04"


def care_leavers(month: str, rows: list[dict]) -> Inputs:
    """The month's rows as the store hands them over; each dict: child, born, and optionally in_touch
    (default YES), activity (default F2), accommodation (default U1)."""
    frame = pd.DataFrame(
        {
            "child_id": pd.Series([r["child"] for r in rows], dtype="string"),
            "date_of_birth": pd.to_datetime([r["born"] for r in rows]).astype("datetime64[ns]"),
            "in_touch": pd.Series([r.get("in_touch", "YES") for r in rows], dtype="string"),
            "activity": pd.Series([r.get("activity", "F2") for r in rows], dtype="string"),
            "accommodation": pd.Series([r.get("accommodation", "U1") for r in rows], dtype="string"),
            "month": pd.Series([month] * len(rows), dtype="string"),
            "extract_date": pd.to_datetime(["2025-04-03"] * len(rows)).astype("datetime64[ns]"),
            "batch_id": pd.Series([3] * len(rows), dtype="Int64"),
            "row_number": pd.Series(range(1, len(rows) + 1), dtype="Int64"),
        }
    )
    return Inputs(care_leavers=frame)


def whole(units: pd.DataFrame, unit: str = "%") -> tuple[float, float]:
    row = summarise(units, unit).iloc[0]
    return row["numerator"], row["denominator"]


def numerators(units: pd.DataFrame) -> dict[str, float]:
    return dict(zip(units["child_id"], units["numerator"], strict=True))


LEAVERS = [
    {"child": "F3", "born": "2006-01-01", "activity": "F3"},  # 19, EET (2016-2021 vintage)
    {"child": "F4", "born": "2005-01-01", "activity": "F4"},  # 20, EET (apprenticeship, 2022+ vintage)
    {"child": "G5", "born": "2004-01-01", "activity": "G5"},  # 21, NEET: in the denominator
    {"child": "ZERO", "born": "2006-03-31", "activity": "0"},  # 19 on month end, no information: in it
    {"child": "NO", "born": "2005-01-01", "in_touch": "NO", "activity": "0"},  # not in touch: stays in
    {"child": "DIED", "born": "2005-01-01", "in_touch": "DIED", "activity": "F1"},  # excluded from all
    {"child": "Y17", "born": "2008-01-01", "activity": "F2"},  # 17: the 17-18 band
    {"child": "Y18", "born": "2007-01-01", "activity": "G6"},  # 18: the 17-18 band
    {"child": "Y18b", "born": "2006-04-01", "activity": "P5"},  # 18 at month end (19 on 1 April)
]


def test_eet_19_to_21_counts_both_vintages_over_the_band_including_neet_and_no_information():
    units = care_leavers_eet(care_leavers(MARCH, LEAVERS), MARCH)
    assert set(units["child_id"]) == {"F3", "F4", "G5", "ZERO", "NO"}
    assert whole(units) == (2.0, 5.0)
    assert summarise(units, "%").iloc[0]["value"] == 40.0


def test_someone_who_has_died_is_in_no_denominator_and_not_in_touch_stays_in():
    units = care_leavers_eet(care_leavers(MARCH, LEAVERS), MARCH)
    assert "DIED" not in set(units["child_id"])
    assert units["counted"].all()  # a death does not make the month provisional
    kept = units[units["child_id"] == "NO"].iloc[0]
    assert (kept["counted"], kept["denominator"], kept["status"]) == (True, 1.0, "no information")


def test_a_band_whose_only_member_has_died_is_a_gap():
    rows = [{"child": "DIED", "born": "2005-01-01", "in_touch": "DIED"}]
    assert care_leavers_eet(care_leavers(MARCH, rows), MARCH).empty
    assert care_leavers_in_touch(care_leavers(MARCH, rows), MARCH).empty


def test_eet_17_to_18_band():
    units = care_leavers_eet(care_leavers(MARCH, LEAVERS), MARCH, band=(17, 18))
    assert numerators(units) == {"Y17": 1.0, "Y18": 0.0, "Y18b": 1.0}
    assert set(units["age_band"]) == {"17-18"}


def test_eet_status_and_group_in_words():
    units = care_leavers_eet(care_leavers(MARCH, LEAVERS), MARCH)
    groups = dict(zip(units["child_id"], units["activity_group"], strict=True))
    assert (groups["F3"], groups["G5"], groups["ZERO"]) == ("EET", "NEET", "no information")


def test_suitable_accommodation_suffix_1_over_the_band_including_no_information():
    rows = [
        {"child": "B1", "born": "2005-01-01", "accommodation": "B1"},
        {"child": "B2", "born": "2005-01-01", "accommodation": "B2"},
        {"child": "S2", "born": "2005-01-01", "accommodation": "S2"},
        {"child": "ZERO", "born": "2005-01-01", "accommodation": "0", "in_touch": "NO"},
        {"child": "DIED", "born": "2005-01-01", "accommodation": "0", "in_touch": "DIED"},
        {"child": "Y17", "born": "2008-01-01", "accommodation": "D2"},
    ]
    units = care_leavers_suitable_accommodation(care_leavers(MARCH, rows), MARCH)
    assert numerators(units) == {"B1": 1.0, "B2": 0.0, "S2": 0.0, "ZERO": 0.0}
    assert whole(units) == (1.0, 4.0)
    younger = care_leavers_suitable_accommodation(care_leavers(MARCH, rows), MARCH, band=(17, 18))
    assert whole(younger) == (0.0, 1.0)
    assert younger["suitability"].tolist() == ["unsuitable"]


def test_those_in_eet_carry_the_dfe_published_activity_for_the_split_and_no_one_else_does():
    units = care_leavers_eet(care_leavers(MARCH, LEAVERS), MARCH)
    kinds = dict(zip(units["child_id"], units["activity_type"], strict=True))
    assert kinds["F3"] == "In training or employment"  # the 2016-2021 code, as the DfE published it
    assert kinds["F4"] == "In an apprenticeship"
    assert pd.isna(kinds["G5"]) and pd.isna(kinds["ZERO"]) and pd.isna(kinds["NO"])  # not in the numerator


def test_those_suitably_housed_carry_their_type_of_accommodation_for_the_split():
    rows = [
        {"child": "U1", "born": "2005-01-01", "accommodation": "U1"},
        {"child": "E1", "born": "2005-01-01", "accommodation": "E1"},
        {"child": "W2", "born": "2005-01-01", "accommodation": "W2"},  # unsuitable: in no part
    ]
    units = care_leavers_suitable_accommodation(care_leavers(MARCH, rows), MARCH)
    kinds = dict(zip(units["child_id"], units["accommodation_type"], strict=True))
    assert kinds["U1"] == "independent living" and kinds["E1"] == "supported lodgings"
    assert pd.isna(kinds["W2"])


def test_in_touch_yes_over_everyone_but_the_dead():
    rows = [
        {"child": code, "born": "2005-01-01", "in_touch": code}
        for code in ("YES", "NO", "REFU", "NREQ", "RHOM", "DIED")
    ]
    units = care_leavers_in_touch(care_leavers(MARCH, rows), MARCH)
    assert whole(units) == (1.0, 5.0)
    assert sorted(units["child_id"]) == ["NO", "NREQ", "REFU", "RHOM", "YES"]


def test_bed_and_breakfast_counts_18_plus_only():
    rows = [
        {"child": "17W1", "born": "2007-04-01", "accommodation": "W1"},  # 17 at month end (18 on 1 April)
        {"child": "18W2", "born": "2007-03-31", "accommodation": "W2"},  # 18 on the month end
        {"child": "20W1", "born": "2005-01-01", "accommodation": "W1"},
        {"child": "20U1", "born": "2005-01-01", "accommodation": "U1"},
        {"child": "DIED", "born": "2005-01-01", "accommodation": "W1", "in_touch": "DIED"},
    ]
    units = care_leavers_bed_and_breakfast(care_leavers(MARCH, rows), MARCH)
    assert numerators(units) == {"18W2": 1.0, "20W1": 1.0, "20U1": 0.0}
    assert summarise(units, "count").iloc[0]["value"] == 2.0


def test_bed_and_breakfast_is_zero_not_a_gap_when_nobody_is_in_one():
    rows = [{"child": "20U1", "born": "2005-01-01", "accommodation": "U1"}]
    units = care_leavers_bed_and_breakfast(care_leavers(MARCH, rows), MARCH)
    assert len(units) == 1
    assert summarise(units, "count").iloc[0]["value"] == 0.0


def test_codes_are_read_whatever_their_case_and_spacing():
    rows = [{"child": "A", "born": "2005-01-01", "activity": " f4 ", "in_touch": "yes", "accommodation": "w1"}]
    inputs = care_leavers(MARCH, rows)
    assert whole(care_leavers_eet(inputs, MARCH)) == (1.0, 1.0)
    assert whole(care_leavers_in_touch(inputs, MARCH)) == (1.0, 1.0)
    assert summarise(care_leavers_bed_and_breakfast(inputs, MARCH), "count").iloc[0]["value"] == 1.0


def test_month_not_loaded_or_band_empty_gives_no_units():
    inputs = care_leavers(MARCH, LEAVERS)
    for indicator in (care_leavers_eet, care_leavers_suitable_accommodation, care_leavers_in_touch):
        assert indicator(inputs, APRIL).empty
        assert indicator(Inputs(), MARCH).empty
    assert care_leavers_bed_and_breakfast(inputs, APRIL).empty
    only_17 = care_leavers(MARCH, [{"child": "Y17", "born": "2008-01-01"}])
    assert care_leavers_eet(only_17, MARCH).empty
    assert care_leavers_bed_and_breakfast(only_17, MARCH).empty


def test_units_keep_provenance_and_inputs_are_not_modified():
    inputs = care_leavers(MARCH, LEAVERS)
    before = inputs.care_leavers.copy()
    units = care_leavers_eet(inputs, MARCH)
    assert units["batch_id"].tolist() == [3] * 5
    assert units["row_number"].tolist() == [1, 2, 3, 4, 5]
    pd.testing.assert_frame_equal(inputs.care_leavers, before)
