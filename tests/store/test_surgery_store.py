"""Surgery actions and commentary: stored with who and when, history kept, on both databases."""

from datetime import date

import pytest

from store.batches import StoreRefused
from store.surgery import (
    action_history,
    actions_frame,
    add_action,
    commentary_frame,
    update_action,
    write_commentary,
)
from store.view import StoreView

LA = "E06000039"


def new_action(engine, **changes):
    fields = dict(
        code="caseload_over_threshold",
        team="Front Door Hub North",
        subject_kind="worker",
        subject_id="W1234",
        raised_month="2026-03",
        action="Reallocate 4 children",
        owner="Team manager",
        due_date=date(2026, 4, 30),
        who="manager@example.org",
    )
    return add_action(engine, LA, **{**fields, **changes})


def test_an_action_is_stored_open_with_its_first_history_entry(engine):
    action_id = new_action(engine)
    with engine.connect() as conn:
        stored = actions_frame(conn, LA).set_index("id").loc[action_id]
        history = action_history(conn, LA, action_id)
    assert stored["status"] == "open" and not stored["closed"]
    assert (stored["subject_kind"], stored["subject_id"], stored["owner"]) == ("worker", "W1234", "Team manager")
    assert stored["due_date"].date() == date(2026, 4, 30)
    assert history[["status", "who"]].values.tolist() == [["open", "manager@example.org"]]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"action": "  "}, "needs what will be done"),
        ({"owner": ""}, "needs what will be done"),
        ({"subject_kind": "child", "subject_id": ""}, "Say which child"),
        ({"subject_kind": "team"}, "is about one of"),
    ],
)
def test_an_incomplete_action_is_refused_and_nothing_is_stored(engine, changes, message):
    with pytest.raises(StoreRefused, match=message):
        new_action(engine, **changes)
    with engine.connect() as conn:
        assert actions_frame(conn, LA).empty
        assert StoreView(conn, LA).audit().empty


def test_closing_an_action_keeps_every_step_and_audits_it(engine):
    action_id = new_action(engine)
    update_action(engine, LA, action_id, "in progress", "Two children reallocated", "tm@example.org")
    with pytest.raises(StoreRefused, match="already in progress"):
        update_action(engine, LA, action_id, "in progress", "", "tm@example.org")
    update_action(engine, LA, action_id, "done", "All four reallocated", "tm@example.org")
    with engine.connect() as conn:
        stored = actions_frame(conn, LA).set_index("id").loc[action_id]
        history = action_history(conn, LA, action_id)
        audit = StoreView(conn, LA).audit().sort_values("id")
    assert stored["status"] == "done" and stored["closed"] and stored["updated_by"] == "tm@example.org"
    assert list(history["status"]) == ["open", "in progress", "done"]
    assert list(history["note"]) == ["", "Two children reallocated", "All four reallocated"]
    assert list(audit["action"]) == ["add_action", "update_action", "update_action"]


def test_commentary_latest_wins_blank_clears_and_teams_are_separate(engine):
    write_commentary(engine, LA, "agency_rate", "2026-03", "", "Two permanent starters in March.", "a")
    write_commentary(engine, LA, "agency_rate", "2026-03", "", "Three permanent starters in March.", "b")
    write_commentary(engine, LA, "agency_rate", "2026-03", "Front Door Hub North", "Hub still reliant on agency.", "c")
    write_commentary(engine, LA, "agency_rate", "2026-02", "", "February note", "d")
    write_commentary(engine, LA, "agency_rate", "2026-02", "", "", "d")  # cleared
    with engine.connect() as conn:
        shown = commentary_frame(conn, LA)
    assert sorted(zip(shown["month"], shown["team"], shown["text"], strict=True)) == [
        ("2026-03", "", "Three permanent starters in March."),
        ("2026-03", "Front Door Hub North", "Hub still reliant on agency."),
    ]
