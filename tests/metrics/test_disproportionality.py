"""Disproportionality (issue 19), read like its definition: rate per 10,000 = 10,000 a / n1; relative rate
index RRI = (a / n1) / (b / n2) against White British children; 95% CI by the log method,
SE(log RRI) = sqrt(1/a - 1/n1 + 1/b - 1/n2), exp(log RRI +/- 1.96 SE) (Katz and others, 1978).
Every expected number below is worked out by hand in the comments."""

import math

import pandas as pd
import pytest

from metrics.disproportionality import (
    NOT_RECORDED,
    counted_children,
    disproportionality_table,
    relative_rate,
    rri_words,
)
from metrics.inputs import Inputs
from reference.population import Population, ethnic_groups, shipped_population

MONTH = "2025-03"


def test_the_rri_and_its_interval_by_hand():
    # a = 30 of n1 = 1,000 (3%), b = 50 of n2 = 5,000 (1%): RRI = 0.03 / 0.01 = 3.
    # SE = sqrt(1/30 - 1/1000 + 1/50 - 1/5000) = sqrt(0.0333333 - 0.001 + 0.02 - 0.0002) = sqrt(0.0521333)
    #    = 0.228327; 1.959964 x SE = 0.447513; log 3 = 1.098612.
    # low = exp(0.651099) = 1.9176; high = exp(1.546126) = 4.6933.
    rate = relative_rate(30, 1000, 50, 5000)
    assert rate.rri == pytest.approx(3.0)
    assert rate.low == pytest.approx(1.9176, abs=1e-4)
    assert rate.high == pytest.approx(4.6933, abs=1e-4)


def test_the_same_rate_is_an_rri_of_1_with_an_interval_either_side():
    # a = 10 of 1,000, b = 20 of 2,000: both 1%. SE = sqrt(1/10 - 1/1000 + 1/20 - 1/2000) = sqrt(0.1485)
    # = 0.385357; 1.959964 x SE = 0.755285: exp(-0.755285) = 0.4699, exp(0.755285) = 2.1282.
    rate = relative_rate(10, 1000, 20, 2000)
    assert rate.rri == pytest.approx(1.0)
    assert (rate.low, rate.high) == (pytest.approx(0.4699, abs=1e-4), pytest.approx(2.1282, abs=1e-4))


def test_no_interval_without_children_counted_and_no_rri_without_a_comparison():
    assert relative_rate(0, 1000, 50, 5000).rri == 0 and relative_rate(0, 1000, 50, 5000).low is None
    assert relative_rate(5, 1000, 0, 5000) is None  # White British rate 0: nothing to compare with
    assert relative_rate(5, 0, 50, 5000) is None  # no population


def test_the_comparison_is_stated_in_words():
    groups = ethnic_groups().groups
    words = rri_words(
        groups["Black African Caribbean or Black British"],
        groups["White British"],
        relative_rate(30, 1000, 50, 5000),
        "to be referred",
        "in the 12 months to the end of March 2025",
    )
    assert words == (
        "Black or Black British children were 3.0 times as likely as White British children to be referred "
        "(95% CI 1.9 to 4.7) in the 12 months to the end of March 2025."
    )
    chance = rri_words(
        groups["Asian or Asian British"],
        groups["White British"],
        relative_rate(10, 1000, 20, 2000),
        "to be referred",
        "in 2025",
    )
    assert "0.47 to 2.1" in chance and "could be chance" in chance


def _population(**children) -> Population:
    every = dict.fromkeys(ethnic_groups().groups, 1000)
    return Population("Test area", "2021", "test", "test", every | children)


def test_a_table_counts_each_child_once_in_the_group_of_their_ethnicity_code():
    # Referrals in the 12 months to 31 March 2025: C1 twice (WBRI, counted once), C2 (WIRI: Other White),
    # C3 (BCRB), C4 (BAFR), C5 (REFU: not recorded), C6 (no characteristics: not recorded); C7's referral
    # in March 2024 is outside the 12 months.
    referrals = pd.DataFrame(
        {
            "child_id": ["C1", "C1", "C2", "C3", "C4", "C5", "C6", "C7"],
            "referral_date": pd.to_datetime(
                [
                    "2024-05-01",
                    "2025-01-01",
                    "2024-06-01",
                    "2025-03-31",
                    "2024-04-01",
                    "2024-09-09",
                    "2025-02-02",
                    "2024-03-31",
                ]
            ),
        }
    )
    characteristics = pd.DataFrame(
        {
            "child_id": ["C1", "C2", "C3", "C4", "C5", "C7"],
            "ethnicity": ["WBRI", "WIRI", "BCRB", "BAFR", "REFU", "BCRB"],
        }
    )
    children = counted_children(Inputs(referrals=referrals), "referrals", MONTH)
    assert sorted(children) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    table = disproportionality_table(
        children,
        characteristics,
        _population(**{"White British": 500, "Black African Caribbean or Black British": 400}),
        "referrals",
        MONTH,
    ).set_index("group")
    black, white = table.loc["Black African Caribbean or Black British"], table.loc["White British"]
    assert (black["children"], black["population"], black["rate_per_10000"]) == (2, 400, 50.0)  # 10,000 x 2 / 400
    assert (white["children"], white["rate_per_10000"], white["rri"]) == (1, 20.0, 1.0)  # 10,000 x 1 / 500
    assert black["rri"] == pytest.approx(2.5)  # 50 / 20
    assert table.loc["Other White", "children"] == 1 and table.loc[NOT_RECORDED, "children"] == 2
    assert math.isnan(table.loc[NOT_RECORDED, "rate_per_10000"])
    assert black["words"].startswith("Black or Black British children were 2.5 times as likely as White British")


def test_cp_plans_open_at_month_end_and_children_looked_after_that_month_are_counted():
    plans = pd.DataFrame(
        {
            "child_id": ["K1", "K2", "K3"],
            "cp_plan_start_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-04-01"]),
            "cp_plan_end_date": pd.to_datetime([None, "2025-03-15", None]),  # K2 ended, K3 not yet started
        }
    )
    placements = pd.DataFrame({"child_id": ["L1", "L2"], "month": [MONTH, "2025-02"]})
    inputs = Inputs(cp_plans=plans, placements=placements)
    assert list(counted_children(inputs, "cp_plans", MONTH)) == ["K1"]
    assert list(counted_children(inputs, "looked_after", MONTH)) == ["L1"]


def test_the_shipped_population_says_it_is_synthetic_and_covers_every_group():
    shipped = shipped_population()
    assert shipped.synthetic and "SYNTHETIC" in shipped.source
    assert set(shipped.children) == set(ethnic_groups().groups)
    assert "Open Government Licence" in shipped.licence


def test_every_dfe_ethnicity_code_but_refused_and_not_obtained_is_in_one_group():
    from metrics.equalities import ethnicity_groups

    grouped = ethnic_groups().of_code()
    assert sorted(grouped) == sorted(c for c in ethnicity_groups() if c not in ("REFU", "NOBT"))


def test_an_interval_ending_just_below_1_is_not_rounded_up_to_1():
    # a = 17 of 6,000, b = 45 of 9,000: RRI = 0.0028333 / 0.005 = 0.5667; SE = sqrt(1/17 - 1/6000 + 1/45 -
    # 1/9000) = sqrt(0.0588235 - 0.0001667 + 0.0222222 - 0.0001111) = sqrt(0.0807680) = 0.284197;
    # high = exp(log 0.5667 + 1.959964 x 0.284197) = exp(-0.567984 + 0.557016) = exp(-0.010968) = 0.9891.
    groups = ethnic_groups().groups
    rate = relative_rate(17, 6000, 45, 9000)
    assert rate.high == pytest.approx(0.9891, abs=1e-4)
    words = rri_words(groups["Other White"], groups["White British"], rate, "to be on a plan", "in March")
    assert "0.57 times as likely" in words and "to 0.99)" in words and "chance" not in words


def test_with_no_child_described_every_child_is_not_recorded_and_no_rate_is_given():
    # An authority that sends only the six contract files: children looked after, no characteristics.
    children = pd.Series(["C1", "C2", "C3"], dtype="string")
    characteristics = pd.DataFrame({"child_id": pd.Series(dtype="string"), "ethnicity": pd.Series(dtype="string")})
    table = disproportionality_table(children, characteristics, shipped_population(), "looked_after", "2025-03")
    assert table.set_index("group").loc[NOT_RECORDED, "children"] == 3
    assert table.loc[table["group"] != NOT_RECORDED, "children"].sum() == 0
