"""AppTest: a surgery for one team, from the matrix through drill-down and a child's timeline to an
action that is carried into the next month's surgery."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.roles import SERVICE_MANAGER, signed_in
from tests.shown import seen

ROOT = Path(__file__).resolve().parents[2]
TEAM = "Children in Care 1"


pytestmark = pytest.mark.usefixtures("in_sample_store")


def surgery(user=None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "surgery.py"), default_timeout=180)
    if user:
        signed_in(at, user)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_matrix_has_the_service_and_every_team_and_a_cell_opens_the_team():
    at = surgery(month="2024-06")
    assert not at.exception
    matrix = at.dataframe[0].value
    assert matrix.columns[0] == "Whole service" and TEAM in matrix.columns
    row = list(matrix.index).index("Children placed more than 20 miles from home")
    at.session_state["matrix"] = {"selection": {"rows": [], "columns": [], "cells": [(row, TEAM)]}}
    at.run()
    assert at.query_params["team"] == TEAM and at.query_params["indicator"] == "placed_over_20_miles"
    assert any(seen(h.value) == f"{TEAM} beside the service, June 2024" for h in at.header)
    # the same benchmarks as the theme pages: England 2025 for placements over 20 miles is 20.8%
    assert any(m.value.startswith("**Published benchmark.**") and "England 20.8%" in seen(m.value) for m in at.markdown)


def test_drill_down_lists_the_children_behind_the_figure_and_opens_a_timeline():
    at = surgery(SERVICE_MANAGER, month="2024-06", team=TEAM, indicator="placed_over_20_miles")
    assert not at.exception
    behind = next(seen(m.value) for m in at.markdown if seen(m.value).startswith("**Counted against the figure"))
    listed = at.dataframe[1].value  # the matrix is [0]
    assert f"({len(listed)})" in behind and (listed["distance_miles"] > 20).all()
    assert listed["age"].is_monotonic_decreasing  # older children first
    child = listed["child_id"].iloc[0]
    at.session_state["drill_rows"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert any(seen(s.value) == f"Timeline for {child}" for s in at.subheader)
    assert any(seen(m.value).startswith(f"Child {child}") for m in at.markdown)
    # the action form is ready for an action about that child, on that indicator
    assert next(t for t in at.text_input if t.label.startswith("Child or worker ID")).value == child
    assert next(r for r in at.radio if r.label == "About").value == "child"
    assert next(s for s in at.selectbox if s.label == "Indicator").value == "placed_over_20_miles"


def test_an_action_agreed_in_may_is_carried_into_junes_surgery():
    at = surgery(SERVICE_MANAGER, month="2024-05", team=TEAM)  # actions are the managers' record
    form_text = next(t for t in at.text_area if t.label == "Action agreed")
    form_text.input("Review the two placements furthest away")
    next(t for t in at.text_input if t.label == "Owner").input("Team manager")
    next(b for b in at.button if b.label == "Record action").click().run()
    assert not at.exception
    assert any("recorded with your name" in s.value for s in at.success)
    june = surgery(month="2024-06", team=TEAM)
    actions = next(d.value for d in june.dataframe if "Owner" in d.value.columns)
    assert list(actions["Action"]) == ["Review the two placements furthest away"]
    assert actions["Raised"].iloc[0] == "May 2024" and actions["Status"].iloc[0] == "open"
    april = surgery(month="2024-04", team=TEAM)  # raised in May: not in April's surgery
    assert any(m.value == "No open actions for this team." for m in april.markdown)
