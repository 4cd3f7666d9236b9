"""The sample authority's story, read back through the real indicator functions from a real store.

The generated files are loaded exactly as on first run (check_file, then the store, then the
recomputation hook), so these tests cover the whole path: every indicator has a figure for every
month it should, the patterns the inspection describes show as directions and ranges, a figure
recomputed by hand from the raw file matches, and a revert recomputes the months it touches.
"""

import pandas as pd
import pytest

from core.dates import month_bounds
from ingest.check import check_file
from metrics.catalogue import catalogue
from reference import dataset_specs
from sample_data.generator import generate
from store.batches import make_current
from store.db import open_store
from store.view import StoreView
from workflows.first_run import RETURNS_MONTHS, load_sample_data
from workflows.jobs import RECOMPUTATIONS

LA = "E06000039"
pytestmark = pytest.mark.long
MONTHS = pd.period_range("2023-04", "2026-03", freq="M").strftime("%Y-%m").tolist()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('story')}/store.sqlite")
    load_sample_data(engine, LA)
    return engine


@pytest.fixture(scope="module")
def figures(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        stored = StoreView(conn, LA).month_figures("indicators")
    return stored[stored["breakdown"] == ""].pivot(index="month", columns="code", values="value")


def mean(figures, code, months):
    return figures.loc[months, code].mean()


def _in_the_sample():
    """The indicators the sample's files feed: all of them, the help-and-protection ones from the
    council's returns the sample also writes (sample_data/returns.py), which the first run loads."""
    return list(catalogue().indicators.values())


def _months_of(indicator) -> list[str]:
    """The months an indicator's data cover: the first run loads the returns of the last RETURNS_MONTHS."""
    from_returns = indicator.source in dataset_specs() and dataset_specs()[indicator.source].from_returns
    return MONTHS[-RETURNS_MONTHS:] if from_returns else MONTHS


def test_every_indicator_has_a_figure_for_every_month_unless_its_data_make_it_a_gap(engine, figures):
    with engine.connect() as conn:
        uploaded = StoreView(conn, LA).indicator_values()
    zero = uploaded[(uploaded["denominator"] == 0) & uploaded["breakdown"].isna()]
    gaps = {}
    for indicator in _in_the_sample():
        months = _months_of(indicator)
        missing = [m for m in months if m not in figures.index or pd.isna(figures.loc[m, indicator.code])]
        before = [m for m in MONTHS if m not in months and m in figures.index]
        assert figures.loc[before, indicator.code].isna().all(), indicator.code  # no returns loaded then
        if indicator.is_aggregate:  # a month nobody was in the denominator (no private fostering) is a gap
            assert set(missing) == set(zero.loc[zero["indicator_code"] == indicator.code, "period"]), indicator.code
        elif missing:
            gaps[indicator.code] = missing
    # The first three health files have no IHA request column, but later copies of the same records
    # carry it, so those months are computed from the latest copy rather than left as gaps.
    assert gaps == {}


def test_every_declared_breakdown_is_stored(engine):
    with engine.connect() as conn:
        stored = StoreView(conn, LA).month_figures("indicators")
    prefixes = stored.assign(column=stored["breakdown"].str.split(": ").str[0]).groupby("code")["column"].agg(set)
    for indicator in _in_the_sample():
        if not indicator.is_aggregate:
            assert set(indicator.breakdowns) <= prefixes[indicator.code], indicator.code
    assert not set(prefixes.index) & {i.code for i in catalogue().indicators.values()} - {
        i.code for i in _in_the_sample()
    }


def test_caseloads_are_about_17_but_too_high_for_a_minority_in_the_assessment_hubs(engine, figures):
    assert 15 <= mean(figures, "caseload_per_fte", MONTHS) <= 19
    assert 10 <= mean(figures, "caseload_over_threshold", MONTHS) <= 40
    with engine.connect() as conn:
        stored = StoreView(conn, LA).month_figures("indicators")
    by_team = stored[(stored["code"] == "caseload_over_threshold") & stored["breakdown"].str.startswith("team: ")]
    hubs = by_team[by_team["breakdown"].str.contains("Hub")]["value"].mean()
    others = by_team[~by_team["breakdown"].str.contains("Hub")]["value"].mean()
    assert hubs > others + 10  # the minority over 20 is in the hubs


def test_workforce_levels_match_the_inspected_authority(figures):
    assert 18 <= mean(figures, "agency_rate", MONTHS) <= 35
    assert 18 <= mean(figures, "turnover_rate", MONTHS[12:]) <= 32


def test_changes_of_worker_sit_inside_the_published_range_and_fall_as_agency_churn_falls(engine, figures):
    """The DfE's Stability measures 2024 (reference/dfe/la_cla_swcount.csv): children looked after with 3
    or more social workers in the year, 0-67% across authorities, Slough 40%. The DfE publishes no monthly
    count of changes; the sample's run at about 10-14 per 100 children a month, most of them the front
    door's transfers to long-term teams (an earlier sample had 18-19, about 250 a month)."""
    with engine.connect() as conn:
        stored = StoreView(conn, LA).month_figures("indicators")
    cla = stored[(stored["code"] == "three_plus_social_workers") & (stored["breakdown"] == "cohort: CLA")]
    cla = cla.set_index("month")["value"]
    assert 25 <= cla[MONTHS[12:]].mean() <= 45  # inside the published range, high like Slough's
    assert cla[MONTHS[12:24]].mean() > cla[MONTHS[-12:]].mean()  # fewer as agency churn falls
    assert 8 <= mean(figures, "worker_changes_per_100_children", MONTHS) <= 15


def test_late_initial_health_assessments_improve_and_are_worse_at_a_distance(engine, figures):
    assert mean(figures, "iha_within_20_working_days", MONTHS[:12]) < mean(
        figures, "iha_within_20_working_days", MONTHS[-12:]
    )
    with engine.connect() as conn:
        stored = StoreView(conn, LA).month_figures("indicators")
    iha = stored[stored["code"] == "iha_within_20_working_days"]
    pooled = iha.groupby("breakdown")[["numerator", "denominator"]].sum()
    rate = pooled["numerator"] / pooled["denominator"]
    assert rate["placed_outside_la: outside"] < rate["placed_outside_la: inside"]


def test_a_high_but_falling_share_placed_more_than_20_miles_away(figures):
    assert 25 <= mean(figures, "placed_over_20_miles", MONTHS) <= 33
    assert mean(figures, "placed_over_20_miles", MONTHS[:6]) > mean(figures, "placed_over_20_miles", MONTHS[-6:])


def test_care_leaver_eet_rises_from_a_low_base_and_a_few_are_in_bed_and_breakfast(figures):
    first, last = (
        mean(figures, "care_leavers_eet_19_21", MONTHS[:12]),
        mean(figures, "care_leavers_eet_19_21", MONTHS[-12:]),
    )
    assert first < 45 and last > first + 8
    assert figures["care_leavers_bed_and_breakfast"].max() >= 1


def pooled(engine, code: str, months: list[str]) -> float:
    """A rate over months as the DfE publishes a year's: numerators and denominators summed."""
    with engine.connect() as conn:
        stored = StoreView(conn, LA).month_figures("indicators")
    rows = stored[(stored["code"] == code) & (stored["breakdown"] == "") & stored["month"].isin(months)]
    return 100 * rows["numerator"].sum() / rows["denominator"].sum()


def test_help_and_protection_sit_near_englands_published_levels(engine, figures):
    """DfE, Characteristics of children in need (years to March 2023-2025): re-referrals within 12 months
    about 22%, assessments within 45 working days about 82%, initial conferences within 15 working days
    about 78%, second or later plans about 23%, plans ending after 2 years or more about 4%. CP visits and
    CLA reviews have no national figure; authorities' own reports put both mostly between 80 and 95%."""
    year = MONTHS[-12:]
    assert 17 <= pooled(engine, "re_referrals_within_12_months", year) <= 25
    assert 78 <= pooled(engine, "assessments_within_45_working_days", year) <= 90
    assert 72 <= pooled(engine, "icpc_within_15_working_days", year) <= 92
    assert 15 <= pooled(engine, "cp_plans_second_or_later", year) <= 28
    assert 0.5 <= pooled(engine, "cp_plans_lasting_2_years", year) <= 8
    assert 80 <= pooled(engine, "cp_visits_in_time", year) <= 96
    assert 80 <= pooled(engine, "cla_reviews_in_time", year) <= 97
    assert 25 <= pooled(engine, "contacts_leading_to_referral", year) <= 55
    assert 300 <= figures.loc[year, "children_on_cin_plans"].mean() <= 600  # the sample's CIN phases: ~400


def test_placed_over_20_miles_in_march_2026_matches_a_count_by_hand_from_the_raw_file(figures):
    sample = next(f for f in generate() if f.dataset == "placements" and f.month == "2026-03")
    rows = check_file(sample.name, sample.data, dataset="placements").frame
    by_hand = 100 * (rows["distance_miles"] > 20).sum() / len(rows)  # blank distance stays in the total
    assert figures.loc["2026-03", "placed_over_20_miles"] == pytest.approx(by_hand)


def test_caseload_per_fte_matches_a_sum_by_hand_from_the_raw_file(figures):
    sample = next(f for f in generate() if f.dataset == "workforce" and f.month == "2025-09")
    rows = check_file(sample.name, sample.data, dataset="workforce").frame
    month_end = month_bounds("2025-09")[1]
    in_post = (rows["start_date"] <= month_end) & (rows["end_date"].isna() | (rows["end_date"] > month_end))
    holding = rows[in_post & rows["case_holding"]]
    assert figures.loc["2025-09", "caseload_per_fte"] == pytest.approx(holding["caseload"].sum() / holding["fte"].sum())


def test_reverting_to_the_incomplete_allocations_extract_recomputes_the_months_it_touches(engine):
    """The incomplete extract lacks the 16+ team's rows, so their episodes keep the state of the month
    before (CONTRACT.md: a record a later file does not mention keeps its latest known state): episodes
    the corrected file closed are open again, and the month's figures change, then change back."""
    with engine.connect() as conn:
        view = StoreView(conn, LA)
        history = view.batches(current_only=False)
        before = view.month_figures("indicators")
    incomplete = history[(history["dataset"] == "allocations") & (history["status"] == "superseded")].iloc[0]
    month = incomplete["reporting_month"]
    outcome = make_current(engine, int(incomplete["id"]), "test", LA, RECOMPUTATIONS)
    assert month in outcome.months_recomputed
    with engine.connect() as conn:
        after = StoreView(conn, LA).month_figures("indicators")

    def children(frame):
        row = frame[
            (frame["code"] == "three_plus_social_workers") & (frame["month"] == month) & (frame["breakdown"] == "")
        ]
        return float(row["denominator"].iloc[0])

    assert children(after) != children(before)
    assert outcome.months_recomputed[-1] == MONTHS[-1]  # episodes feed every later month
    corrected = history[(history["dataset"] == "allocations") & (history["reporting_month"] == month)]
    corrected = corrected[corrected["id"] != incomplete["id"]].iloc[0]
    make_current(engine, int(corrected["id"]), "test", LA, RECOMPUTATIONS)
    with engine.connect() as conn:
        restored = StoreView(conn, LA).month_figures("indicators")
    assert children(restored) == children(before)
