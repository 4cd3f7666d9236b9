"""The role table of issue 15, read as the definition: who sees what, and who may do what."""

from pathlib import Path

import pytest

from core.access import ACTIONS, PAGES, ROLES, NotAllowed, User, may, may_see_page, require, require_team, team_scope

ROOT = Path(__file__).resolve().parents[2]
ANALYST = User("ann", "analyst")
SERVICE_MANAGER = User("sam", "service_manager")
TEAM_MANAGER = User("tom", "team_manager", ("Team A",))
PANEL = User("pat", "panel")
WRITES = ("load", "revert", "withdraw", "set_target", "mark_change_point", "import_benchmarks", "add_local_indicator")


@pytest.mark.parametrize("action", (*WRITES, "view_roles", "read_audit", "sign_off", "set_priorities"))
def test_only_an_analyst_loads_reverts_withdraws_sets_targets_and_imports(action):
    assert [r for r in ROLES if may(User("x", r, ("T",)), action)] == ["analyst"]


def test_actions_and_commentary_are_for_managers():
    for action in ("record_action", "write_commentary"):
        assert [r for r in ROLES if action in ROLES[r].may] == ["service_manager", "team_manager"]


def test_surgery_packs_hold_child_ids_so_neither_team_managers_nor_the_panel_get_them():
    assert [r for r in ROLES if "surgery_pack" in ROLES[r].may] == ["analyst", "service_manager"]


def test_the_panel_sees_only_panel_views_and_takes_the_panel_pack():
    assert ROLES["panel"].may == {"see_panel_views", "panel_pack"}


def test_every_role_may_only_declared_actions():
    for role in ROLES.values():
        assert role.may <= ACTIONS.keys()


def test_a_refusal_says_in_words_who_may_and_what():
    with pytest.raises(NotAllowed) as refused:
        require(TEAM_MANAGER, "load")
    assert str(refused.value) == "Your role (team manager) may not load files into the store. Ask an analyst."


def test_an_unknown_role_is_refused_when_the_user_is_made():
    with pytest.raises(ValueError, match="not a role"):
        User("x", "administrator")


def test_an_unknown_action_is_a_bug_not_a_refusal():
    with pytest.raises(KeyError):
        may(ANALYST, "delete_everything")


def test_team_scope_is_every_team_for_managers_of_the_service_and_own_teams_for_team_managers():
    assert team_scope(ANALYST) is None
    assert team_scope(SERVICE_MANAGER) is None
    assert team_scope(TEAM_MANAGER) == ("Team A",)
    with pytest.raises(NotAllowed):
        team_scope(PANEL)


def test_a_team_manager_acts_for_their_own_team_only():
    require_team(TEAM_MANAGER, "Team A", "write_commentary")
    with pytest.raises(NotAllowed, match="only for Team A"):
        require_team(TEAM_MANAGER, "Team B", "write_commentary")
    require_team(SERVICE_MANAGER, "Team B", "write_commentary")


def test_every_page_file_is_in_the_page_table_and_no_other():
    files = {p.stem for p in (ROOT / "pages").glob("*.py") if p.stem != "__init__"}
    assert files == set(PAGES)


def test_pages_by_role():
    seen = {role: {p for p in PAGES if may_see_page(User("x", role, ("T",)), p)} for role in ROLES}
    assert seen["analyst"] == set(PAGES)
    assert seen["service_manager"] == set(PAGES) - {"check", "history", "audit", "users"}
    assert seen["team_manager"] == set(PAGES) - {"check", "history", "audit", "users", "data_quality"}
    assert seen["panel"] == {"panel", "easy_read", "dictionary", "home", "accessibility"}


def test_a_page_missing_from_the_table_is_shown_to_nobody():
    assert not may_see_page(ANALYST, "a_page_someone_forgot")
