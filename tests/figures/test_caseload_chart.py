"""The caseload distribution chart and sentence, checked by hand.

Threshold 20: a caseload of 20 is not over it, 21 is. Team X: W1 20, W2 21, W3 15. Team Y: W4 25, W5 blank,
W6 21, W8 21. Team Z: W7 10. So 7 recorded caseloads, 4 over (W2, W4, W6, W8), 3 of them in Team Y, 1 blank.
"""

import pandas as pd

from figures.caseload_chart import OVER, WITHIN, caseload_figure, caseload_sentence
from figures.theme import MARKERS

WORKERS = pd.DataFrame(
    {
        "team": ["Team X", "Team X", "Team X", "Team Y", "Team Y", "Team Y", "Team Y", "Team Z"],
        "worker_id": ["W1", "W2", "W3", "W4", "W5", "W6", "W8", "W7"],
        "caseload": pd.array([20, 21, 15, 25, None, 21, 21, 10], dtype="Int64"),
    }
)


def traces(figure):
    return {trace.name: trace for trace in figure.data}


def worker_ids(trace):
    return sorted(row[0] for row in trace.customdata)


def test_exactly_the_workers_over_the_threshold_are_marked_with_another_shape():
    figure = traces(caseload_figure(WORKERS, threshold=20))
    assert worker_ids(figure[OVER]) == ["W2", "W4", "W6", "W8"]
    assert worker_ids(figure[WITHIN]) == ["W1", "W3", "W7"]  # 20 is not over 20
    assert figure[OVER].marker.symbol == MARKERS["concern"] != figure[WITHIN].marker.symbol
    assert figure[OVER].marker.color != figure[WITHIN].marker.color


def test_a_blank_caseload_is_left_out_of_the_chart():
    figure = caseload_figure(WORKERS, threshold=20)
    plotted = [worker for trace in figure.data for worker in worker_ids(trace)]
    assert len(plotted) == 7 and "W5" not in plotted


def test_the_threshold_is_a_dashed_line_that_says_what_over_means():
    figure = caseload_figure(WORKERS, threshold=20)
    assert any(shape.x0 == 20 and shape.line.dash == "dash" for shape in figure.layout.shapes)
    assert any(a.text == "Over 20 = more than 20 children" for a in figure.layout.annotations)


def test_the_hover_shows_the_pseudonymous_worker_and_the_caseload():
    over = traces(caseload_figure(WORKERS, threshold=20))[OVER]
    assert "%{customdata[0]}" in over.hovertemplate and "%{x:,.0f} children" in over.hovertemplate


def test_one_row_per_team_and_equal_caseloads_in_a_team_do_not_hide_each_other():
    figure = caseload_figure(WORKERS, threshold=20)
    assert list(figure.layout.yaxis.ticktext) == ["Team X", "Team Y", "Team Z"]
    over = traces(figure)[OVER]
    team_y_21 = [y for y, x, row in zip(over.y, over.x, over.customdata, strict=True) if row[1] == "Team Y" and x == 21]
    assert len(set(team_y_21)) == 2 and all(abs(y - 1) < 0.5 for y in team_y_21)  # stacked about Team Y's line


def test_the_sentence_counts_workers_over_the_threshold_and_the_team_with_most():
    assert caseload_sentence(WORKERS, 20, "March 2026") == (
        "In March 2026, 4 of 7 case-holding social workers (57.1%) held more than 20 children; "
        "most of them in Team Y (3). 1 caseload was not recorded."
    )


def test_the_sentence_names_tied_teams_and_says_when_nobody_is_over():
    tied = WORKERS[WORKERS["worker_id"] != "W8"].assign(
        caseload=lambda f: f["caseload"].where(f["worker_id"] != "W6", 12)
    )
    assert caseload_sentence(tied, 20, "March 2026") == (
        "In March 2026, 2 of 6 case-holding social workers (33.3%) held more than 20 children; "
        "the most in Team X and Team Y (1 each). 1 caseload was not recorded."
    )
    assert caseload_sentence(WORKERS, 30, "March 2026") == (
        "In March 2026, none of 7 case-holding social workers held more than 30 children. 1 caseload was not recorded."
    )


def test_no_workers_gives_an_empty_chart_and_says_so():
    empty = WORKERS.iloc[0:0]
    assert caseload_sentence(empty, 20, "March 2026") == (
        "In March 2026, there are no case-holding social workers' caseloads to show."
    )
    assert len(caseload_figure(empty).data) == 0
