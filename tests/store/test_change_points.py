"""Change points: marked with a reason by a person, removable, audit-logged, on both databases."""

import pytest

from store.batches import StoreRefused
from store.indicator_settings import change_points_in_force, mark_change_point, remove_change_point
from store.view import StoreView

LA = "E06000039"


def in_force(engine):
    with engine.connect() as conn:
        return change_points_in_force(conn, LA)


def test_a_change_point_needs_a_reason_and_is_recorded_with_who(engine):
    with pytest.raises(StoreRefused, match="Say why"):
        mark_change_point(engine, LA, "caseload_per_fte", "2024-10", "  ", "analyst@example.org")
    assert in_force(engine).empty
    mark_change_point(engine, LA, "caseload_per_fte", "2024-10", "New front door", "analyst@example.org")
    points = in_force(engine)
    assert points[["code", "month", "reason", "marked_by"]].to_dict("records") == [
        {"code": "caseload_per_fte", "month": "2024-10", "reason": "New front door", "marked_by": "analyst@example.org"}
    ]


def test_the_same_month_twice_is_refused_and_other_authorities_do_not_see_it(engine):
    mark_change_point(engine, LA, "agency_rate", "2025-01", "Recruitment drive", "a")
    with pytest.raises(StoreRefused, match="already has a change point"):
        mark_change_point(engine, LA, "agency_rate", "2025-01", "Again", "b")
    with engine.connect() as conn:
        assert change_points_in_force(conn, "E09000001").empty


def test_removing_keeps_the_history_in_the_audit_log_and_allows_marking_again(engine):
    mark_change_point(engine, LA, "agency_rate", "2025-01", "Recruitment drive", "a")
    remove_change_point(engine, LA, "agency_rate", "2025-01", "b")
    assert in_force(engine).empty
    with pytest.raises(StoreRefused, match="has no change point"):
        remove_change_point(engine, LA, "agency_rate", "2025-01", "b")
    mark_change_point(engine, LA, "agency_rate", "2025-01", "Recruitment drive, confirmed", "c")
    assert list(in_force(engine)["reason"]) == ["Recruitment drive, confirmed"]
    with engine.connect() as conn:
        audit = StoreView(conn, LA).audit()
    actions = audit.sort_values("id")[["action", "who"]].values.tolist()
    assert actions == [["mark_change_point", "a"], ["remove_change_point", "b"], ["mark_change_point", "c"]]
