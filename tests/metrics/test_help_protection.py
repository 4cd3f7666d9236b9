"""Help-and-protection indicators, each checked by hand against the DfE's definition
(Characteristics of children in need) on a few records whose answer is worked out in the comments."""

import pandas as pd

from metrics.help_protection import (
    assessments_within_45_working_days,
    cp_plans_again_within_2_years,
    cp_plans_lasting_2_years,
    cp_plans_second_or_later,
    icpc_within_15_working_days,
    re_referrals_within_12_months,
)
from metrics.inputs import Inputs

MONTH = "2025-03"


def _frame(columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[1:]:
        if column.endswith("date"):
            frame[column] = pd.to_datetime(frame[column])
    return frame.assign(batch_id=1, row_number=range(1, len(frame) + 1))


def _shares(units: pd.DataFrame) -> dict[str, float]:
    counted = units[units["counted"]]
    return dict(zip(counted["child_id"], counted["numerator"], strict=True))


def test_a_referral_within_12_months_of_a_previous_one_is_a_re_referral():
    referrals = _frame(
        ["child_id", "referral_date", "previous_referrals_12_months"],
        [
            ("C1", "2024-04-10", None),  # C1's earlier referral ...
            ("C1", "2025-03-03", None),  # ... was 11 months before: a re-referral
            ("C2", "2024-02-01", None),
            ("C2", "2025-03-04", None),  # 13 months after the last: not a re-referral
            ("C3", "2025-03-05", 1),  # the list counts one referral in the 12 months before
            ("C4", "2025-03-06", 0),  # a first referral
            ("C5", "2025-02-27", None),  # February: not in March's figure
        ],
    )
    units = re_referrals_within_12_months(Inputs(referrals=referrals), MONTH)
    assert _shares(units) == {"C1": 1.0, "C2": 0.0, "C3": 1.0, "C4": 0.0}
    assert units["denominator"].sum() == 4


def test_an_assessment_counts_in_time_up_to_the_45th_working_day_after_its_start():
    # From Monday 3 March 2025 (day 0): 45 working days, skipping Good Friday (18 April), Easter Monday
    # (21 April) and the early May bank holiday (5 May), end on Thursday 8 May.
    assessments = _frame(
        ["child_id", "assessment_start_date", "assessment_authorised_date"],
        [
            ("C1", "2025-01-20", "2025-03-10"),  # authorised in March, well within
            ("C2", "2024-12-02", "2025-03-12"),  # over three months: late
            ("C3", "2025-03-03", None),  # still open: not counted yet
        ],
    )
    units = assessments_within_45_working_days(Inputs(assessments=assessments), MONTH)
    assert _shares(units) == {"C1": 1.0, "C2": 0.0}
    may = _frame(
        ["child_id", "assessment_start_date", "assessment_authorised_date"],
        [("C4", "2025-03-03", "2025-05-08"), ("C5", "2025-03-03", "2025-05-09")],
    )
    assert _shares(assessments_within_45_working_days(Inputs(assessments=may), "2025-05")) == {"C4": 1.0, "C5": 0.0}


def test_an_initial_conference_counts_in_time_up_to_the_15th_working_day_after_the_enquiry_started():
    # From Wednesday 5 March 2025 (day 0) the 15th working day is Wednesday 26 March (no bank holidays).
    enquiries = _frame(
        ["child_id", "s47_start_date", "icpc_date"],
        [
            ("C1", "2025-03-05", "2025-03-26"),  # the 15th working day: in time
            ("C2", "2025-03-05", "2025-03-27"),  # the 16th: late
            ("C3", "2025-03-05", None),  # no conference yet: not counted
            ("C4", "2025-02-03", "2025-02-20"),  # held in February: not in March's figure
        ],
    )
    units = icpc_within_15_working_days(Inputs(section_47_enquiries=enquiries), MONTH)
    assert _shares(units) == {"C1": 1.0, "C2": 0.0}


PLANS = _frame(
    ["child_id", "cp_plan_start_date", "cp_plan_end_date", "previous_plans"],
    [
        ("C1", "2020-01-01", "2021-01-01", None),  # C1's earlier plan ended 4 years before ...
        ("C1", "2025-03-10", None, None),  # ... so this is a second plan, not within 2 years
        ("C2", "2023-05-01", "2024-06-30", None),  # C2's earlier plan ended 8 months before ...
        ("C2", "2025-03-11", None, None),  # ... a second plan within 2 years
        ("C3", "2025-03-12", None, 1),  # the list says one earlier plan, its dates unknown
        ("C4", "2025-03-13", None, 0),  # a first plan
        ("C5", "2023-03-10", "2025-03-10", None),  # ended in March after exactly 2 years
        ("C6", "2023-03-11", "2025-03-10", None),  # ended in March a day short of 2 years
        ("C7", "2022-01-01", "2025-04-01", None),  # ended in April: not in March's figure
    ],
)


def test_a_plan_is_a_second_or_later_plan_when_the_child_had_any_earlier_plan():
    units = cp_plans_second_or_later(Inputs(cp_plans=PLANS), MONTH)
    assert _shares(units) == {"C1": 1.0, "C2": 1.0, "C3": 1.0, "C4": 0.0}


def test_a_plan_is_again_within_2_years_only_when_a_previous_plan_ended_in_the_2_years_before_it():
    units = cp_plans_again_within_2_years(Inputs(cp_plans=PLANS), MONTH)
    assert _shares(units) == {"C1": 0.0, "C2": 1.0, "C3": 0.0, "C4": 0.0}


def test_a_plan_ending_in_the_month_counts_when_it_had_lasted_2_years_or_more():
    units = cp_plans_lasting_2_years(Inputs(cp_plans=PLANS), MONTH)
    assert _shares(units) == {"C5": 1.0, "C6": 0.0}


def test_a_month_without_records_gives_no_units_so_the_month_is_a_gap():
    for function in (re_referrals_within_12_months, cp_plans_lasting_2_years, assessments_within_45_working_days):
        assert function(Inputs(), MONTH).empty
