"""Workflows refuse, in words, what the signed-in role may not do, before touching the store."""

from datetime import date

import pytest

from core.access import NotAllowed, User
from store.db import open_store
from tests.roles import ANALYST, PANEL_MEMBER, SERVICE_MANAGER, team_manager
from views.surgery import SERVICE, surgery_actions
from views.timeline import timeline_for
from workflows.actions import agree_action, change_action
from workflows.benchmarks import import_ees_file
from workflows.change_points import mark, unmark
from workflows.commentary import save_commentary
from workflows.history import revert_to, withdraw_batch
from workflows.priorities import change_priorities
from workflows.sign_off import sign_off_month
from workflows.targets import add_local, change_target

TEAM_A = team_manager("Team A")


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def analyst_only_writes(engine):
    """Every analyst-only write, as (name, call taking the user)."""
    return [
        ("revert", lambda u: revert_to(engine, "E1", 1, u)),
        ("withdraw", lambda u: withdraw_batch(engine, "E1", 1, u)),
        ("target", lambda u: change_target(engine, "E1", "agency_rate", 10.0, u, "why")),
        ("local indicator", lambda u: add_local(engine, "E1", {"code": "x"}, u, None)),
        ("change point", lambda u: mark(engine, "E1", "agency_rate", "2024-06", "why", u)),
        ("remove change point", lambda u: unmark(engine, "E1", "agency_rate", "2024-06", u)),
        ("benchmarks", lambda u: import_ees_file(engine, "x.csv", b"", u)),
        ("sign-off", lambda u: sign_off_month(engine, "E1", "2024-06", "Panel, 1 July 2024", u)),
        ("priorities", lambda u: change_priorities(engine, "E1", None, [], u)),
    ]


@pytest.mark.parametrize("user", [SERVICE_MANAGER, TEAM_A, PANEL_MEMBER], ids=lambda u: u.role)
def test_only_an_analyst_changes_the_store(engine, user):
    for name, call in analyst_only_writes(engine):
        with pytest.raises(NotAllowed, match=rf"^Your role \({user.title.lower()}\) may not "):
            call(user)
        assert name


def test_actions_and_commentary_are_refused_to_an_analyst_and_the_panel(engine):
    fields = dict(code="agency_rate", team="Team A", subject_kind="figure", subject_id="", raised_month="2024-06")
    for user in (ANALYST, PANEL_MEMBER):
        with pytest.raises(NotAllowed, match="agree or update surgery actions"):
            agree_action(engine, "E1", dict(fields), user)
        with pytest.raises(NotAllowed, match="write commentary"):
            save_commentary(engine, "E1", "agency_rate", "2024-06", "Team A", "text", user)


def test_a_team_manager_acts_for_their_own_team_only(engine):
    fields = dict(code="agency_rate", team="Team B", subject_kind="figure", subject_id="", raised_month="2024-06")
    with pytest.raises(NotAllowed, match="only for Team A"):
        agree_action(engine, "E1", fields, TEAM_A)
    with pytest.raises(NotAllowed, match="only for Team A"):
        change_action(engine, "E1", 1, "done", "", TEAM_A, "Team B")
    with pytest.raises(NotAllowed, match="only for Team A"):
        save_commentary(engine, "E1", "agency_rate", "2024-06", SERVICE, "text", TEAM_A)
    with pytest.raises(NotAllowed):
        surgery_actions(engine, "E1", "Team B", "2024-06", date.today(), TEAM_A)
    assert surgery_actions(engine, "E1", "Team A", "2024-06", date.today(), TEAM_A).empty


def test_the_panel_never_gets_a_child_level_list_or_timeline(engine):
    with pytest.raises(NotAllowed, match="see lists of children or workers"):
        surgery_actions(engine, "E1", "Team A", "2024-06", date.today(), PANEL_MEMBER)
    with pytest.raises(NotAllowed):
        timeline_for(engine, "E1", "C1", PANEL_MEMBER)


def test_a_team_manager_sees_no_timeline_of_a_child_never_in_their_teams(engine):
    with pytest.raises(NotAllowed, match="never allocated to Team A"):
        timeline_for(engine, "E1", "C1", TEAM_A)


def test_an_action_a_team_manager_agrees_for_their_team_is_listed_for_it(engine):
    fields = dict(code="agency_rate", team="Team A", subject_kind="figure", subject_id="", raised_month="2024-06")
    fields.update(action="Check agency use", owner="TM", due_date=date(2024, 7, 31))
    ok, message = agree_action(engine, "E1", fields, User("tina@council.gov.uk", "team_manager", ("Team A",)))
    assert ok, message
    assert surgery_actions(engine, "E1", "Team A", "2024-06", date(2024, 7, 1), TEAM_A)["Owner"].tolist() == ["TM"]
