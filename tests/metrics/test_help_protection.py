"""Help-and-protection indicators, each checked by hand against the DfE's definition
(Characteristics of children in need) on a few records whose answer is worked out in the comments."""

import pandas as pd

from metrics.figure_status import NOT_MEASURED
from metrics.help_protection import (
    assessments_within_45_working_days,
    children_on_cin_plans,
    cla_reviews_in_time,
    contacts_leading_to_referral,
    cp_plans_again_within_2_years,
    cp_plans_lasting_2_years,
    cp_plans_second_or_later,
    cp_visits_in_time,
    icpc_within_15_working_days,
    re_referrals_within_12_months,
)
from metrics.inputs import Inputs

MONTH = "2025-03"


def _frame(columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[1:]:
        if "date" in column:
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


# --- contacts, CIN plans, CP visits and CLA reviews (March 2025 ends on Monday 31 March) -----------


def test_a_contact_led_to_a_referral_when_the_child_was_referred_that_day_or_the_next_working_day():
    contacts = _frame(
        ["child_id", "contact_date"],
        [
            ("C1", "2025-03-07"),  # Friday: referred on Monday the 10th, the next working day
            ("C2", "2025-03-07"),  # referred on Tuesday the 11th: two working days on
            ("C3", "2025-03-12"),  # referred the same day
            ("C4", "2025-03-12"),  # referred the day before the contact: not this contact's referral
            ("C5", "2025-03-31"),  # referred on 1 April, the next working day
            ("C6", "2025-02-28"),  # February: not in March's figure
            ("C7", "2025-03-20"),  # never referred
        ],
    )
    referrals = _frame(
        ["child_id", "referral_date"],
        [("C1", "2025-03-10"), ("C2", "2025-03-11"), ("C3", "2025-03-12"), ("C4", "2025-03-11"), ("C5", "2025-04-01")],
    )
    inputs = Inputs(contacts=contacts, referrals=referrals, loaded={"contacts": {MONTH}, "referrals": {MONTH}})
    units = contacts_leading_to_referral(inputs, MONTH)
    assert _shares(units) == {"C1": 1.0, "C2": 0.0, "C3": 1.0, "C4": 0.0, "C5": 1.0, "C7": 0.0}


def test_contacts_without_the_months_referrals_are_a_gap_not_none_referred():
    contacts = _frame(["child_id", "contact_date"], [("C1", "2025-03-07")])
    units = contacts_leading_to_referral(Inputs(contacts=contacts, loaded={"contacts": {MONTH}}), MONTH)
    assert units.empty and units.attrs[NOT_MEASURED]


def test_children_on_a_cin_plan_are_those_with_a_plan_open_at_month_end_each_counted_once():
    plans = _frame(
        ["child_id", "cin_plan_start_date", "cin_plan_end_date"],
        [
            ("N1", "2024-10-01", None),  # open
            ("N2", "2024-05-01", "2025-03-31"),  # ended on month end: not open at it
            ("N3", "2024-06-01", None),  # two open plans ...
            ("N3", "2025-01-10", None),  # ... one child
            ("N4", "2025-04-02", None),  # starts in April
            ("N5", "2025-03-31", None),  # started on month end: open at it
        ],
    )
    inputs = Inputs(cin_plans=plans, loaded={"cin_plans": {MONTH}})
    assert sorted(children_on_cin_plans(inputs, MONTH)["child_id"]) == ["N1", "N3", "N5"]
    # April is after the latest census loaded: a gap, not a count that falls as plans are not yet known
    assert children_on_cin_plans(inputs, "2025-04").empty


VISITED = _frame(
    ["child_id", "visit_date"],
    [
        ("K1", "2025-02-20"),
        ("K1", "2025-03-17"),
        ("K2", "2025-03-14"),
        ("K6", "2025-03-03"),
        ("K6", "2025-04-02"),
        ("K7", "2025-01-20"),
    ],
)
ON_PLANS = _frame(
    ["child_id", "cp_plan_start_date", "cp_plan_end_date"],
    [
        ("K1", "2025-01-06", None),  # visited Monday 17 March: month end is the 10th working day after
        ("K2", "2025-01-06", None),  # visited Friday 14 March: the 10th working day after is the 28th
        ("K3", "2025-03-20", None),  # plan too new: its first visit is not due by month end
        ("K4", "2024-10-01", None),  # no visit recorded: not in time
        ("K5", "2024-06-01", "2025-03-10"),  # plan ended: not on a plan at month end
        ("K6", "2025-01-06", None),  # the 2 April visit is after month end; the one before, 3 March, late
        ("K7", "2025-02-03", None),  # the only visit was before this plan began
    ],
)


def test_a_child_on_a_plan_was_visited_in_time_when_month_end_is_within_10_working_days_of_the_last_visit():
    inputs = Inputs(cp_plans=ON_PLANS, cp_visits=VISITED, loaded={"cp_visits": {MONTH}, "cp_plans": {MONTH}})
    units = cp_visits_in_time(inputs, MONTH)
    assert _shares(units) == {"K1": 1.0, "K2": 0.0, "K4": 0.0, "K6": 0.0, "K7": 0.0}
    left_out = units[~units["counted"]]
    assert list(left_out["child_id"]) == ["K3"] and "not yet due" not in set(left_out["status"])
    assert cp_visits_in_time(Inputs(cp_plans=ON_PLANS, cp_visits=VISITED), MONTH).empty  # visits not loaded


def test_a_review_is_in_time_by_20_working_days_then_3_months_then_6_months():
    reviews = _frame(
        ["child_id", "review_date", "date_entered_care"],
        [
            ("R1", "2025-03-03", "2025-02-03"),  # first review on the 20th working day after entering care
            ("R2", "2025-03-05", "2025-02-04"),  # first review, the 20th working day was 4 March: late
            ("R3", "2024-11-29", "2024-11-04"),
            ("R3", "2025-03-03", "2024-11-04"),  # second review: due by 28 February, 3 months on: late
            ("R5", "2024-06-28", "2024-06-03"),
            ("R5", "2024-09-20", "2024-06-03"),
            ("R5", "2025-03-14", "2024-06-03"),  # third review: due by 20 March, 6 months on: in time
            ("R6", "2024-06-20", "2024-06-03"),
            ("R6", "2024-09-10", "2024-06-03"),
            ("R6", "2025-03-14", "2024-06-03"),  # due by 10 March: late
            ("R4", "2024-10-01", "2023-05-01"),  # care began before the earliest review held (20 June 2024) ...
            ("R4", "2025-03-28", "2023-05-01"),  # ... so 3 or 6 months cannot be told: left out
            ("R7", "2025-03-10", None),  # period of care not known: left out
            ("R8", "2025-03-12", "2023-01-01"),  # the review before it is not held: left out
        ],
    )
    units = cla_reviews_in_time(Inputs(cla_reviews=reviews), MONTH)
    assert _shares(units) == {"R1": 1.0, "R2": 0.0, "R3": 0.0, "R5": 1.0, "R6": 0.0}
    left_out = units[~units["counted"]].set_index("child_id")["status"].to_dict()
    assert left_out == {
        "R4": "review before it not held",
        "R7": "period of care not known",
        "R8": "review before it not held",
    }


def test_a_month_before_the_returns_begin_is_a_gap_not_a_partial_figure():
    # April's list names a plan begun in January (still open), not the plans that had already ended:
    # January's figure from it would be partial, so January is a gap until January's list is loaded.
    plans = _frame(
        ["child_id", "cp_plan_start_date", "cp_plan_end_date", "previous_plans"], [("C1", "2025-01-06", None, 0)]
    )
    inputs = Inputs(cp_plans=plans, loaded={"cp_plans": {"2025-04"}})
    assert cp_plans_second_or_later(inputs, "2025-01").empty
    assert len(cp_plans_second_or_later(Inputs(cp_plans=plans, loaded={"cp_plans": {"2025-01"}}), "2025-01")) == 1
    # a yearly census covers its year: the March 2025 census's plans count from April 2024
    cin = _frame(["child_id", "cin_plan_start_date", "cin_plan_end_date"], [("N1", "2024-01-10", None)])
    census = Inputs(cin_plans=cin, loaded={"cin_plans": {"2025-03"}})
    assert len(children_on_cin_plans(census, "2024-04")) == 1 and children_on_cin_plans(census, "2024-03").empty
