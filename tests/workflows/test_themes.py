"""The overview and theme pages' figures: one SPC frame behind chart, table, words and cards."""

import pandas as pd
import pytest

from metrics.catalogue import catalogue
from views.themes import (
    Figures,
    breakdown_chart,
    breakdown_frame,
    breakdown_table,
    indicator_view,
    spc_table,
    theme_cards,
)
from views.wording import (
    STATUS_MEETS,
    STATUS_MISSES,
    STATUS_NO_TARGET,
    breakdown_words,
    change_words,
    headline,
    status_words,
)

CATALOGUE = catalogue()
CASELOAD = CATALOGUE.indicators["caseload_per_fte"]  # ratio, lower is better, target 16
EET = CATALOGUE.indicators["care_leavers_eet_19_21"]  # %, higher is better, target 60
IHA = CATALOGUE.indicators["iha_within_20_working_days"]  # %, higher is better, target 90


def months(n: int, start: str = "2024-01") -> list[str]:
    return [str(p) for p in pd.period_range(start, periods=n, freq="M")]


def figures_frame(code: str, values, numerators=None, denominators=None, breakdown: str = "", batches="1"):
    values = list(values)
    n = len(values)
    return pd.DataFrame(
        {
            "month": months(n),
            "code": code,
            "breakdown": breakdown,
            "numerator": numerators if numerators is not None else values,
            "denominator": denominators if denominators is not None else [1.0] * n,
            "value": values,
            "provisional": False,
            "source_batches": batches,
        }
    )


def data(*frames, change_points=None, extract_dates=None) -> Figures:
    points = change_points if change_points is not None else pd.DataFrame(columns=["code", "month", "reason"])
    return Figures(CATALOGUE, pd.concat(frames, ignore_index=True), points, extract_dates or {})


def test_status_is_in_words_and_follows_polarity():
    assert status_words(15.9, CASELOAD) == STATUS_MEETS  # lower is better, target 16
    assert status_words(16.0, CASELOAD) == STATUS_MEETS  # exactly the target meets it
    assert status_words(16.1, CASELOAD) == STATUS_MISSES
    assert status_words(61.0, EET) == STATUS_MEETS  # higher is better, target 60
    assert status_words(59.9, EET) == STATUS_MISSES
    counted = CATALOGUE.indicators["worker_changes_in_month"]  # no target
    assert status_words(3, counted) == STATUS_NO_TARGET


def test_change_is_between_the_figures_people_read_and_says_better_or_worse():
    # 17.26 reads 17.3 and 17.04 reads 17.0: up 0.3, and a higher caseload is worse
    assert change_words(17.26, 17.04, CASELOAD) == "up 0.3 (worse)"
    # 57.14% reads 57.1%, 55.95% reads 56.0% (half up): up 1.1 points, and more in EET is better
    assert change_words(57.14, 55.95, EET) == "up 1.1 points (better)"
    assert change_words(50.0, 52.0, EET) == "down 2 points (worse)"
    assert change_words(50.0, 50.04, EET) == "no change"
    assert change_words(50.0, None, EET) == "no figure to compare"


def test_a_change_point_restarts_the_limits_and_the_table_names_its_reason():
    values = [20.0, 21.0, 20.0, 21.0, 20.0, 21.0, 15.0, 16.0, 15.0, 16.0, 15.0, 16.0]
    points = pd.DataFrame({"code": ["caseload_per_fte"], "month": ["2024-07"], "reason": ["New front door"]})
    view = indicator_view(data(figures_frame("caseload_per_fte", values), change_points=points), CASELOAD)
    assert list(view.spc["segment"]) == [0] * 6 + [1] * 6
    assert view.spc.loc["2024-01", "mean"] == pytest.approx(20.5)  # (20+21)*3/6
    assert view.spc.loc["2024-07", "mean"] == pytest.approx(15.5)
    # average moving range in the second segment: five steps of 1 -> limits 15.5 +/- 2.66
    assert view.spc.loc["2024-12", "upper_limit"] == pytest.approx(18.16)
    table = spc_table(view).set_index("Month")
    assert table.loc["July 2024", "Change point"] == "New front door"
    assert table.loc["June 2024", "Change point"] == ""
    assert table.loc["December 2024", "Value"] == 16.0


def test_a_change_point_before_the_months_shown_is_left_out():
    values = [20.0, 21.0] * 6
    points = pd.DataFrame({"code": ["caseload_per_fte"], "month": ["2024-03"], "reason": ["Earlier change"]})
    view = indicator_view(
        data(figures_frame("caseload_per_fte", values), change_points=points), CASELOAD, months=("2024-04", "2024-12")
    )
    assert view.spc.index[0] == "2024-04" and set(view.spc["segment"]) == {0}
    assert view.warning  # 9 months: limits are unreliable, and the view says so


def test_small_monthly_cohorts_get_the_rolling_three_month_view_pooling_the_sums():
    numerators, denominators = [1, 2, 3, 1, 4, 2], [4, 5, 6, 2, 8, 3]
    values = [100 * n / d for n, d in zip(numerators, denominators, strict=True)]
    view = indicator_view(data(figures_frame("iha_within_20_working_days", values, numerators, denominators)), IHA)
    assert view.small_cohort and view.median_denominator == 4.5
    # three months to March 2024: (1+2+3) / (4+5+6) = 40%; not averaged rates (which would be 40.6%)
    assert view.rolling.loc["2024-03", "value"] == pytest.approx(40.0)
    assert pd.isna(view.rolling.loc["2024-02", "value"])


def test_large_cohorts_get_no_rolling_view():
    view = indicator_view(data(figures_frame("care_leavers_eet_19_21", [50.0] * 6, [50] * 6, [100] * 6)), EET)
    assert not view.small_cohort and view.rolling is None


def test_a_team_with_no_figures_for_an_indicator_falls_back_to_the_whole_authority_and_says_so():
    whole = figures_frame("care_leavers_eet_19_21", [50.0] * 6, [50] * 6, [100] * 6)
    view = indicator_view(data(whole), EET, breakdown="cohort: CLA")
    assert view.breakdown == "" and "No figures by cohort" in view.note
    team = figures_frame("care_leavers_eet_19_21", [40.0] * 6, [4] * 6, [10] * 6, breakdown="team: 16+ Team")
    view = indicator_view(data(whole, team), EET, breakdown="team: 16+ Team")
    assert view.note is None and view.spc["value"].iloc[-1] == 40.0


def test_breakdown_frame_lists_one_month_by_one_column():
    whole = figures_frame("care_leavers_eet_19_21", [50.0] * 2, [50] * 2, [100] * 2)
    team = figures_frame("care_leavers_eet_19_21", [40.0, 45.0], [4, 9], [10, 20], breakdown="team: 16+ Team")
    frame = breakdown_frame(data(whole, team), EET, "team", "2024-02")
    assert frame.to_dict("records") == [
        {"label": "16+ Team", "value": 45.0, "numerator": 9, "denominator": 20, "status": ""}  # complete: no words
    ]


def test_theme_cards_show_every_theme_with_latest_change_status_and_data_as_at():
    caseload = figures_frame("caseload_per_fte", [17.0] * 11 + [17.5, 18.0], batches="7")
    eet = figures_frame("care_leavers_eet_19_21", [55.0] * 13, [55] * 13, [100] * 13, batches="8")
    cards = {c.code: c for c in theme_cards(data(caseload, eet, extract_dates={7: pd.Timestamp("2025-02-04")}))}
    assert list(cards) == list(CATALOGUE.themes)  # every theme has a card, in the inspection's order
    workforce = cards["workforce"].rows.set_index("Indicator")
    row = workforce.loc[CASELOAD.title]
    assert row["Latest"] == "18.0 (Jan 2025)"
    assert row["On last month"] == "up 0.5 (worse)"
    assert row["On a year ago"] == "up 1 (worse)"
    assert row["Status"] == STATUS_MISSES and row["Target"] == "16.0"
    assert workforce.loc[CATALOGUE.indicators["agency_rate"].title, "Latest"] == "no data yet"
    assert cards["workforce"].data_as_at == "extracts dated up to 4 February 2025"
    assert cards["care_leavers"].rows.set_index("Indicator").loc[EET.title, "Status"] == STATUS_MISSES
    assert cards["neglect"].rows.empty  # no measure yet, shown honestly
    assert headline(list(cards.values())).startswith("0 of 2 key indicators with a target meet it; ")


def test_a_split_reads_as_parts_of_the_whole_with_no_target_to_meet():
    outside = CATALOGUE.indicators["placed_outside_la"]  # target 40%; split by distance from home
    frame = pd.DataFrame(
        {
            "label": ["more than 20 miles", "20 miles or less", "distance not recorded"],
            "value": [20.0, 15.0, 5.0],
            "numerator": [20, 15, 5],
            "denominator": [100, 100, 100],
        }
    )
    words = breakdown_words(frame, outside, "distance_band", "2024-02")
    assert "target" not in words
    assert words.endswith(
        "Each part is a share of the same whole (all children looked after at month end), so the parts add up "
        "to the figure."
    )
    split = breakdown_chart(frame, outside, "distance_band", "2024-02")
    group = breakdown_chart(frame, outside, "team", "2024-02")
    assert split.layout.title.text.endswith("parts of the whole")
    assert len(split.layout.shapes) < len(group.layout.shapes)  # the group's target line


def test_each_card_row_is_dated_by_the_extract_behind_its_own_figure():
    caseload = figures_frame("caseload_per_fte", [17.0] * 13, batches="7")
    agency = figures_frame("agency_rate", [10.0] * 12, [10] * 12, [100] * 12, batches="9")
    dates = {7: pd.Timestamp("2025-02-04"), 9: pd.Timestamp("2024-12-31")}
    card = next(c for c in theme_cards(data(caseload, agency, extract_dates=dates)) if c.code == "workforce")
    rows = card.rows.set_index("Indicator")
    assert rows.loc[CASELOAD.title, "Data as at"] == "4 February 2025"
    assert rows.loc[CATALOGUE.indicators["agency_rate"].title, "Data as at"] == "31 December 2024"
    assert card.data_as_at == "extracts dated up to 4 February 2025"


def test_a_count_table_has_no_denominator_and_a_rate_table_has_one():
    counted = CATALOGUE.indicators["worker_changes_in_month"]
    table = spc_table(indicator_view(data(figures_frame(counted.code, [12.0] * 13)), counted))
    assert "Denominator" not in table.columns and "Numerator" in table.columns
    assert "Denominator" in spc_table(indicator_view(data(figures_frame(EET.code, [55.0] * 13)), EET)).columns


def test_a_count_breakdown_table_has_no_denominator():
    frame = pd.DataFrame({"label": ["Hub 1"], "value": [4.0], "numerator": [4.0], "denominator": [9.0], "status": [""]})
    assert "Denominator" not in breakdown_table(frame, "team", "count").columns
    assert "Denominator" in breakdown_table(frame, "team", "%").columns
