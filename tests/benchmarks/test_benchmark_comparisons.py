"""Comparisons checked by hand against rows of the shipped DfE files (the expected figures are typed out
from the CSVs, not recomputed), plus small frames for ties and suppression a person can check in their head."""

import math

import pandas as pd
import pytest

from ingest.ees import read_published_file
from metrics.benchmarks import (
    BenchmarkMeasure,
    Selection,
    authority_rows,
    benchmark_mappings,
    compare,
    england_figure,
    guess_unit,
    measure_series,
    neighbours_mean,
    quartile,
    rank_among_authorities,
    region_figure,
)
from tests.benchmarks.ees_rows import shipped

SLOUGH = "E06000039"
# Slough's ten statistical neighbours, April 2021 groupings (row 113 of the shipped file), closest first.
SLOUGH_NEIGHBOURS = ["312", "313", "317", "821", "307", "856", "870", "302", "889", "330"]


@pytest.fixture(scope="module")
def workforce() -> pd.DataFrame:
    read = read_published_file("csww_indicators_2017_to_2025.csv", shipped("csww_indicators_2017_to_2025.csv"))
    return measure_series(read.values, benchmark_mappings()["caseload_per_fte"])


@pytest.fixture(scope="module")
def placements() -> pd.DataFrame:
    name = "la_cla_during_year_new_placements.csv"
    return read_published_file(name, shipped(name)).values


def test_slough_caseload_2025_against_england_and_the_south_east(workforce):
    # csww_indicators_2017_to_2025.csv, 2025, column caseload_fte: Slough 16.7 (row 110), England 15.2
    # (row 2), South East 15.6 (Regional row E12000008).
    slough = authority_rows(workforce, SLOUGH)
    assert slough.loc[slough["time_period"] == "2025", "value"].tolist() == [16.7]
    assert england_figure(workforce, "2025") == (15.2, None)
    assert region_figure(workforce, "E12000008", "2025") == (15.6, None)


def test_slough_neighbours_mean_caseload_2025(workforce):
    # Blackburn with Darwen 17.5, Leicester 18.1, Birmingham 15.2, Luton 13.7, Reading 16.9, Barnet 14.1,
    # Ealing 12.7, Hillingdon 13.8, Hounslow 13.9, Redbridge 14.3: 150.2 / 10 = 15.02.
    mean, with_values = neighbours_mean(workforce, SLOUGH_NEIGHBOURS, "2025")
    assert mean == pytest.approx(15.02) and with_values == 10


def test_slough_rank_and_quartile_for_caseload_2025(workforce):
    # 151 authority rows in 2025, 149 with a figure (Kensington and Chelsea, Westminster: x). 110 have a
    # caseload below 16.7 and none equal, so Slough is 111th (lower is better); (111 - 1) x 4 / 149 = 2.95.
    assert rank_among_authorities(workforce, SLOUGH, "2025", "lower") == (111, 149)
    assert quartile(111, 149) == 3
    assert rank_among_authorities(workforce, SLOUGH, "2025", "neither") == (None, 149)


def test_compare_puts_the_latest_year_together(workforce):
    c = compare(workforce, [SLOUGH, "871"], SLOUGH_NEIGHBOURS, "lower")
    assert (c.time_period, c.year_label, c.area_name, c.value) == ("2025", "2025", "Slough", 16.7)
    assert (c.england, c.region_name, c.region) == (15.2, "South East", 15.6)
    assert (c.neighbours_with_values, c.neighbours_total, c.rank, c.ranked, c.quartile) == (10, 10, 111, 149, 3)
    earlier = compare(workforce, SLOUGH, SLOUGH_NEIGHBOURS, "lower", "2017")
    assert (earlier.year_label, earlier.value) == ("2017", 14.4)  # published-figures.md: Slough 2017 caseload 14.4


def test_a_computed_share_sums_published_counts(placements):
    # England 2025 (rows 4, 6, 7 of la_cla_during_year_new_placements.csv): inside LA and more than 20 miles
    # 4,310 + outside LA and more than 20 miles 14,560 = 18,870 of 90,930 new placements = 20.752...%.
    series = measure_series(placements, benchmark_mappings()["placed_over_20_miles"])
    assert england_figure(series, "2025")[0] == pytest.approx(18_870 / 90_930 * 100)


def test_a_computed_share_with_a_suppressed_count_is_suppressed(placements):
    # Slough 2025 (row 1980): placed inside the LA more than 20 miles away is c, so the sum is not published.
    series = measure_series(placements, benchmark_mappings()["placed_over_20_miles"])
    slough = authority_rows(series, SLOUGH)
    latest = slough[slough["time_period"] == "2025"].iloc[0]
    assert math.isnan(latest["value"]) and latest["symbol"] == "c"
    assert rank_among_authorities(series, SLOUGH, "2025", "lower")[0] is None


def _frame(values: dict[str, float | None]) -> pd.DataFrame:
    rows = [
        dict(
            time_period="2025",
            year_label="2025",
            geographic_level="Local authority",
            area_code=code,
            area_name=code,
            old_la_code=code,
            region_code="",
            region_name="",
            value=value,
            symbol=None if value is not None else "c",
        )
        for code, value in values.items()
    ]
    return pd.DataFrame(rows).astype({"value": "float64"})


def test_tied_figures_share_the_best_rank_of_their_group():
    frame = _frame({"A": 10, "B": 12, "C": 12, "D": 15, "E": None})
    assert [rank_among_authorities(frame, code, "2025", "lower")[0] for code in "ABCD"] == [1, 2, 2, 4]
    assert [rank_among_authorities(frame, code, "2025", "higher")[0] for code in "ABCD"] == [4, 2, 2, 1]
    assert rank_among_authorities(frame, "E", "2025", "lower") == (None, 4)  # suppressed: not ranked


@pytest.mark.parametrize(("rank", "of", "expected"), [(1, 4, 1), (2, 4, 2), (4, 4, 4), (38, 150, 1), (39, 150, 2)])
def test_quartile_one_is_the_best_quarter(rank, of, expected):
    assert quartile(rank, of) == expected


def test_neighbours_without_a_figure_are_counted_out():
    frame = _frame({"A": 10, "B": None, "C": 20})
    assert neighbours_mean(frame, ["A", "B", "C", "Z"], "2025") == (15.0, 2)


def test_an_authority_published_jointly_is_matched_and_ranked_once(workforce):
    # 2025: North Northamptonshire / West Northamptonshire (940 / 941) are one row, caseload 14.8.
    for code in ("E06000061", "E06000062", "941"):
        rows = authority_rows(workforce[workforce["time_period"] == "2025"], code)
        assert rows["area_code"].tolist() == ["E06000061 / E06000062"] and rows["value"].tolist() == [14.8]
    c = compare(workforce, "E06000062", [], "lower")
    assert c.joint and c.value == 14.8 and c.neighbours_total == 0


def test_filters_that_pick_several_breakdowns_are_refused(placements):
    loose = BenchmarkMeasure("la_cla_during_year_new_placements", "%", value=Selection("children_percent"))
    with pytest.raises(ValueError, match="add a filter for breakdown, characteristic"):
        measure_series(placements, loose)


@pytest.mark.parametrize(
    ("measure", "values", "unit"),
    [
        ("children_percent", [10, 20], "%"),
        ("turnover_rate_fte", [11.8, 23.3], "%"),
        ("rate_per_10000", [67, 28], "count"),
        ("children_count", [81770, 34450], "count"),
        ("caseload_fte", [15.2, 16.7], "ratio"),
    ],
)
def test_the_unit_of_an_unmapped_measure_is_guessed_from_its_name_and_values(measure, values, unit):
    assert guess_unit(measure, pd.Series(values)) == unit
