"""The child timeline figure and its sentence, from a hand-made timeline frame (metrics/timeline.py columns).

The chart covers January 2024 to June 2024 unless a test says otherwise.
"""

import pandas as pd
import pytest

from figures.theme import BACKGROUND, GRAPHIC_CONTRAST, TEXT, TEXT_CONTRAST, contrast_ratio
from figures.timeline_chart import (
    EVENT_MARKERS,
    FAR_COLOUR,
    FAR_PATTERN,
    LANE_COLOURS,
    _tint,
    timeline_figure,
    timeline_sentence,
)
from metrics.timeline import TIMELINE_COLUMNS

MONTHS = ("2024-01", "2024-06")


def timeline(*records: dict) -> pd.DataFrame:
    rows = [
        {"child_id": "C1", "point": False, "as_at_month": "2024-06", "first_month": "2024-01", **r} for r in records
    ]
    frame = pd.DataFrame(rows).reindex(columns=list(TIMELINE_COLUMNS))
    for column, dtype in TIMELINE_COLUMNS.items():
        frame[column] = pd.to_datetime(frame[column]) if dtype.startswith("datetime") else frame[column]
        frame[column] = frame[column].astype(dtype)
    return frame


def worker(worker_id, start, end=None, **more):
    return {"kind": "allocation", "start": start, "end": end, "label": worker_id, "worker_id": worker_id, **more}


def placement(kind, miles, start, end=None, inside="inside", **more):
    return {
        "kind": "placement",
        "start": start,
        "end": end,
        "label": f"{kind}, {miles:.1f} miles",
        "placement_type": kind,
        "placement_start_date": start,
        "date_entered_care": "2023-12-01",
        "distance_miles": miles,
        "inside_la": inside,
        "over_20_miles": miles > 20,
        **more,
    }


def iha(entered, completed, deadline, status, days, requested=None):
    return {
        "kind": "health assessment",
        "start": entered,
        "end": completed,
        "label": f"IHA {status} ({days} working days)",
        "date_entered_care": entered,
        "iha_requested_date": requested,
        "iha_completed_date": completed,
        "iha_deadline": deadline,
        "iha_status": status,
        "working_days_elapsed": days,
    }


STORY = timeline(
    worker("W1", "2023-03-21", "2024-02-10"),
    worker("W2", "2024-02-05", "2024-04-01"),
    worker("W3", "2024-03-20"),
    placement("U4", 2.7, "2023-12-01", "2024-03-04"),
    placement("K2", 23.4, "2024-03-04", inside="outside"),
    iha("2024-01-02", "2024-02-13", "2024-01-30", "late", 30, requested="2024-01-04"),
    {"kind": "health assessment", "start": "2024-05-02", "end": "2024-05-02", "point": True, "label": "Review"},
)


def scatters(figure, mode: str) -> list:
    return [t for t in figure.data if t.type == "scatter" and t.mode == mode]


def texts(figure) -> list[str]:
    return [t.text[0].strip() for t in scatters(figure, "text")]


def bar_of(figure, text: str):
    """The bar drawn just before the label that contains `text`."""
    data = list(figure.data)
    at = next(n for n, t in enumerate(data) if t.type == "scatter" and t.mode == "text" and text in t.text[0])
    return next(t for t in reversed(data[:at]) if t.type == "bar")


def test_lanes_run_top_to_bottom_and_only_lanes_with_records_are_drawn():
    figure = timeline_figure(STORY, "C1", MONTHS)
    assert list(figure.layout.yaxis.ticktext) == ["<b>Social workers</b>", "<b>Placements</b>", "<b>Health</b>"]
    ticks = list(figure.layout.yaxis.tickvals)
    assert ticks == sorted(ticks)  # top to bottom (the y axis is reversed)
    assert figure.layout.yaxis.range[0] > figure.layout.yaxis.range[1]


def test_episodes_are_labelled_in_words_and_a_placement_over_20_miles_is_hatched_and_says_so():
    figure = timeline_figure(STORY, "C1", MONTHS)
    words = texts(figure)
    assert "W2" in words and "◀ U4, 2.7 miles, inside (since Dec 2023)" in words
    assert "K2, 23.4 miles, over 20 miles, outside, ongoing" in words
    far = bar_of(figure, "K2, 23.4 miles")
    assert far.marker.pattern.shape == FAR_PATTERN and far.marker.line.color == FAR_COLOUR
    near = bar_of(figure, "U4, 2.7 miles")
    assert not near.marker.pattern.shape


def test_an_open_episode_runs_to_the_end_of_the_latest_month_with_an_arrow_and_the_word_ongoing():
    figure = timeline_figure(STORY, "C1", MONTHS)
    bar = bar_of(figure, "W3, ongoing")
    end = pd.Timestamp(bar.base[0]) + pd.Timedelta(milliseconds=bar.x[0])
    assert end == pd.Timestamp("2024-06-30")
    arrows = [t for t in scatters(figure, "markers") if t.marker.symbol == "arrow-right"]
    assert len(arrows) == 2  # W3 and the K2 placement
    assert "Latest data: June 2024" in [a.text for a in figure.layout.annotations]


def test_an_episode_that_began_before_the_chart_is_cut_at_its_edge_and_says_since_when():
    figure = timeline_figure(STORY, "C1", MONTHS)
    bar = bar_of(figure, "W1")
    assert pd.Timestamp(bar.base[0]) == pd.Timestamp("2024-01-01")
    assert "◀ W1 (since Mar 2023)" in texts(figure)


def test_point_events_are_markers_that_differ_in_shape_with_a_legend_entry_each():
    figure = timeline_figure(STORY, "C1", MONTHS)
    symbols = [symbol for symbol, _ in EVENT_MARKERS.values()]
    assert len(set(symbols)) == len(symbols)
    markers = {t.name: t.marker.symbol for t in scatters(figure, "markers")}
    assert markers["IHA completed late"] == "diamond"  # late: shape as well as colour and words
    assert markers["IHA requested"] == "triangle-up"
    assert markers["Review health assessment"] == "square"
    assert markers["IHA deadline (20th working day)"] == "line-ns"
    assert "Review" in texts(figure)


def test_records_wholly_before_the_chart_are_left_out_and_the_subtitle_says_how_many():
    figure = timeline_figure(STORY, "C1", ("2024-03", "2024-06"))
    assert "W1" not in " ".join(texts(figure))
    assert (
        figure.layout.title.subtitle.text == "March 2024 to June 2024; 2 earlier records in the table, not on the chart"
    )


def test_overlapping_episodes_in_a_lane_get_their_own_rows():
    figure = timeline_figure(STORY, "C1", MONTHS)
    rows = {label: bar_of(figure, label).y[0] for label in ("W1", "W2", "W3")}
    assert rows["W1"] != rows["W2"] and rows["W2"] != rows["W3"]


def test_fills_keep_dark_labels_readable_and_outlines_meet_the_graphic_contrast():
    for colour in [*LANE_COLOURS.values(), FAR_COLOUR]:
        assert contrast_ratio(TEXT, _tint(colour)) >= TEXT_CONTRAST
        assert contrast_ratio(colour, BACKGROUND) >= GRAPHIC_CONTRAST


def test_without_months_the_chart_runs_from_the_first_file_to_the_latest_month():
    figure = timeline_figure(STORY, "C1")
    assert figure.layout.title.subtitle.text.startswith("January 2024 to June 2024")


def test_the_sentence_tells_workers_placements_and_the_iha_in_words():
    sentence = timeline_sentence(STORY, "C1")
    assert sentence == (
        "Child C1 has had 3 social workers since March 2023 (3 in the 12 months to June 2024, with 2 changes"
        " of worker), 2 placements (the current one, K2, 23.4 miles away, outside the authority), and an"
        " initial health assessment completed in 30 working days (late)."
    )


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (iha("2024-05-01", None, "2024-05-30", "not yet due", 12), "not completed after 12 working days (not yet due)"),
        (iha("2024-05-01", "2024-05-20", "2024-05-30", "in time", 1), "completed in 1 working day (in time)"),
    ],
)
def test_the_sentence_says_an_iha_not_yet_completed_and_counts_days_in_words(record, expected):
    assert timeline_sentence(timeline(record), "C9") == f"Child C9 has had an initial health assessment {expected}."


def test_a_care_leavers_latest_state_is_its_own_sentence():
    state = {
        "kind": "care leaver",
        "start": "2024-03-01",
        "label": "G4 NEET, B2 unsuitable",
        "activity": "G4",
        "accommodation": "B2",
        "in_touch": "YES",
        "last_month": "2024-06",
    }
    sentence = timeline_sentence(timeline(worker("W1", "2024-01-02"), state), "C2")
    assert sentence.endswith(
        "As a care leaver in June 2024: not in education, employment or training (G4),"
        " in unsuitable accommodation (B2)."
    )


def test_a_child_with_no_records_says_so_in_the_figure_and_the_sentence():
    empty = timeline().iloc[0:0]
    figure = timeline_figure(empty, "C0", MONTHS)
    assert figure.data == () and figure.layout.title.text == "Child C0: no records in the months loaded"
    assert timeline_sentence(empty, "C0") == "Child C0 has no records in the months loaded."


def test_the_time_axis_is_ticked_in_months_not_weeks():
    axis = timeline_figure(STORY, "C1", MONTHS).layout.xaxis
    assert axis.dtick.startswith("M") and axis.tickformat == "%b %Y"
