"""Units: one row per record in the denominator; figures are sums, never averages of rates."""

import math

import pandas as pd

from metrics.units import has_denominator, round_half_up, shown_value, summarise, unit_title, units_frame, value_of


def test_percentages_round_half_up_as_the_contract_says():
    assert round_half_up(31.25) == 31.3  # Python's round(31.25, 1) gives 31.2
    assert round_half_up(31.24) == 31.2
    assert round_half_up(2.675, 2) == 2.68
    assert math.isnan(round_half_up(float("nan")))


def test_a_zero_denominator_is_a_gap_not_zero_percent():
    assert math.isnan(value_of(0, 0, "%"))
    assert value_of(3, 4, "%") == 75.0
    assert value_of(3, 4, "per 100") == 75.0
    assert value_of(17, 1, "ratio") == 17.0
    assert value_of(4, 0, "count") == 4.0


def test_summaries_sum_numerators_and_denominators_overall_and_per_breakdown():
    workers = pd.DataFrame({"team": ["A", "A", "B"], "caseload": [20, 10, 9], "fte": [1.0, 0.5, 1.0]})
    units = units_frame(workers, workers["caseload"], workers["fte"])
    whole = summarise(units, "ratio").iloc[0]
    assert (whole["numerator"], whole["denominator"]) == (39, 2.5)
    assert whole["value"] == 39 / 2.5  # not the mean of per-worker ratios
    by_team = summarise(units, "ratio", by="team").set_index("breakdown")["value"]
    assert by_team.to_dict() == {"A": 20.0, "B": 9.0}


def test_rows_left_out_for_now_are_not_in_either_sum_but_are_counted_as_excluded():
    children = pd.DataFrame({"child_id": ["C1", "C2", "C3"]})
    units = units_frame(children, [1, 0, 0], 1)
    units.loc[2, "counted"] = False
    units.loc[2, "status"] = "not yet due"
    whole = summarise(units, "%").iloc[0]
    assert (whole["numerator"], whole["denominator"], whole["excluded"]) == (1, 2, 1)
    assert whole["value"] == 50.0


def test_a_rate_per_100_says_per_100_children_and_a_percentage_its_sign_wherever_it_is_shown():
    assert shown_value(4.54, "per 100") == "4.5 per 100 children"
    assert shown_value(31.25, "%") == "31.3%"
    assert shown_value(17.24, "ratio") == "17.2"
    assert shown_value(1234, "count") == "1,234"


def test_only_a_count_has_no_denominator_to_show():
    assert [has_denominator(unit) for unit in ("%", "per 100", "ratio", "count")] == [True, True, True, False]


def test_every_chart_names_what_a_unit_measures_from_one_table():
    assert unit_title("per 100") == "Per 100 children" and unit_title("%") == "Per cent"
