"""Breakdown bars and their sentence, checked by hand on a four-team frame.

A 6 of 25 = 24.0%, C 3 of 20 = 15.0%, B 2 of 20 = 10.0%, D has no children in its denominator (no data).
"""

import pandas as pd
import pytest

from figures.breakdown_chart import MEETS, MISSES, NO_DATA, breakdown_figure, breakdown_sentence
from figures.theme import BAR_HEIGHT, PATTERNS
from metrics.units import shown_value

FRAME = pd.DataFrame(
    {
        "label": ["Team B", "Team A", "Team D", "Team C"],
        "numerator": [2.0, 6.0, 0.0, 3.0],
        "denominator": [20.0, 25.0, 0.0, 20.0],
        "value": [10.0, 24.0, float("nan"), 15.0],
    }
)


def bars(figure):
    return [trace for trace in figure.data if trace.type == "bar"]


def label_texts(figure):
    return {a.y: a.text for a in figure.layout.annotations if a.name == "value label"}


def test_bars_run_largest_at_the_top_with_the_no_data_group_last():
    figure = breakdown_figure(FRAME, "Re-referrals", "%")
    top_to_bottom = list(figure.layout.yaxis.categoryarray)[::-1]
    assert top_to_bottom == ["Team A", "Team C", "Team B", "Team D"]


def test_each_bar_prints_its_value_and_for_a_rate_its_sums():
    figure = breakdown_figure(FRAME, "Re-referrals", "%")
    assert label_texts(figure) == {
        "Team A": "24.0% (6 of 25)",
        "Team C": "15.0% (3 of 20)",
        "Team B": "10.0% (2 of 20)",
    }
    assert "Denominator: 25" in bars(figure)[0].customdata[list(bars(figure)[0].y).index("Team A")]


def test_a_count_prints_its_value_without_sums():
    counts = FRAME.assign(value=[2.0, 6.0, float("nan"), 3.0])
    assert label_texts(breakdown_figure(counts, "Referrals", "count"))["Team A"] == "6"


def test_a_group_with_no_data_is_a_labelled_gap_not_a_zero_bar():
    figure = breakdown_figure(FRAME, "Re-referrals", "%")
    assert all("Team D" not in list(trace.y) for trace in bars(figure))
    assert "Team D" in figure.layout.yaxis.categoryarray
    assert any(a.y == "Team D" and a.text == NO_DATA for a in figure.layout.annotations)


def test_the_target_is_a_dashed_line_labelled_with_its_value_and_absent_without_one():
    figure = breakdown_figure(FRAME, "Re-referrals", "%", target=20, polarity="lower")
    line = next(shape for shape in figure.layout.shapes if shape.x0 == 20)
    assert line.line.dash == "dash"
    assert any(a.text == "Target 20%" for a in figure.layout.annotations)
    assert len(breakdown_figure(FRAME, "Re-referrals", "%").layout.shapes) == 0


def test_bars_that_miss_the_target_are_hatched_as_well_as_coloured():
    lower = {t.name: t for t in bars(breakdown_figure(FRAME, "Re-referrals", "%", target=20, polarity="lower"))}
    assert list(lower[MISSES].y) == ["Team A"] and sorted(lower[MEETS].y) == ["Team B", "Team C"]
    assert lower[MISSES].marker.pattern.shape == PATTERNS["misses"] != lower[MEETS].marker.pattern.shape
    assert lower[MISSES].marker.color != lower[MEETS].marker.color
    higher = {t.name: t for t in bars(breakdown_figure(FRAME, "IHA on time", "%", target=15, polarity="higher"))}
    assert sorted(higher[MEETS].y) == ["Team A", "Team C"] and list(higher[MISSES].y) == ["Team B"]  # 15 meets 15


def test_with_neither_direction_better_no_bar_is_called_meeting_or_missing():
    figure = breakdown_figure(FRAME, "Agency rate", "%", target=20, polarity="neither")
    assert [t.name for t in bars(figure)] == ["Value"]


def test_height_grows_by_one_bar_height_per_group():
    one_more = pd.concat([FRAME, FRAME.assign(label=FRAME["label"] + " North")])
    assert breakdown_figure(one_more, "R", "%").layout.height - breakdown_figure(FRAME, "R", "%").layout.height == (
        4 * BAR_HEIGHT
    )


def test_the_sentence_names_highest_lowest_and_counts_misses_when_lower_is_better():
    sentence = breakdown_sentence(FRAME, "Re-referrals", "%", 20, shown_value, polarity="lower")
    assert sentence == (
        "By team, Team A is highest at 24.0% and Team B lowest at 10.0%; "
        "1 of 3 teams does not meet the target of 20.0%; 1 team has no data."
    )


def test_the_sentence_counts_misses_when_higher_is_better():
    sentence = breakdown_sentence(FRAME, "IHA on time", "%", 20, shown_value, polarity="higher")
    assert sentence.endswith("; 2 of 3 teams do not meet the target of 20.0%; 1 team has no data.")
    met = breakdown_sentence(FRAME, "IHA on time", "%", 10, shown_value, polarity="higher")
    assert "all 3 teams meet the target of 10.0%" in met  # 10.0 meets a target of 10
    missed = breakdown_sentence(FRAME, "IHA on time", "%", 50, shown_value, polarity="higher")
    assert "none of the 3 teams meets the target of 50.0%" in missed


def test_the_sentence_says_nothing_about_meeting_without_a_better_direction_or_a_target():
    neither = breakdown_sentence(FRAME, "Agency rate", "%", 20, shown_value, polarity="neither")
    no_target = breakdown_sentence(FRAME, "Agency rate", "%", None, shown_value, polarity="higher")
    assert neither == no_target == "By team, Team A is highest at 24.0% and Team B lowest at 10.0%; 1 team has no data."


def test_the_sentence_names_ties_and_uses_the_breakdown_it_is_given():
    tied = FRAME.assign(value=[24.0, 24.0, float("nan"), 15.0])
    sentence = breakdown_sentence(tied, "R", "%", None, shown_value, by="age_band")
    assert sentence.startswith("By age band, Team B and Team A are highest at 24.0% and Team C lowest at 15.0%")
    assert sentence.endswith("1 age band has no data.")


def test_the_sentence_handles_no_rows_and_no_data():
    assert breakdown_sentence(FRAME.iloc[0:0], "R", "%", 20, shown_value) == "R: no breakdown figures."
    blank = FRAME.assign(value=float("nan"))
    assert (
        breakdown_sentence(blank, "R", "%", 20, shown_value) == "R: no breakdown figures; none of the 4 teams has data."
    )
    assert len(bars(breakdown_figure(FRAME.iloc[0:0], "R", "%"))) == 0


def test_an_unknown_polarity_is_refused():
    with pytest.raises(ValueError, match="polarity"):
        breakdown_figure(FRAME, "R", "%", target=20, polarity="up")
