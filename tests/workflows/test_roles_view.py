"""The Users and roles page's workflow: analysts only; local accounts with role, teams, created, last
sign-in and lock; the roles file's mapping. On SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest

from core.access import NotAllowed
from store.db import open_store
from store.users import record_attempt
from tests.roles import ANALYST, PANEL_MEMBER, SERVICE_MANAGER, team_manager
from tests.store.conftest import (  # noqa: F401  (fixtures, registered by being imported here)
    backend,
    database_url,
    postgres_server,
    postgres_template,
    sqlite_template,
)
from workflows.users import (
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    NewAccount,
    SignInRefused,
    add_account,
    remove_account,
    roles_view,
    sign_in,
)

PASSWORD = "a password of some length"
ROLES_YAML = """
people:
  ann@council.gov.uk: {role: analyst}
groups:
  cic-managers: {role: team_manager, teams: [Children in Care 1, Children in Care 2]}
"""


@pytest.fixture
def engine(database_url):  # noqa: F811  (the store tests' engine, with open_store as the app opens it)
    engine = open_store(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def roles_file(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(ROLES_YAML, encoding="utf-8")
    return path


@pytest.mark.parametrize("user", [SERVICE_MANAGER, team_manager("Hub 1"), PANEL_MEMBER], ids=lambda u: u.role)
def test_only_an_analyst_may_see_who_has_which_role(user, roles_file):
    with pytest.raises(NotAllowed, match="may not see who has which role"):
        roles_view(None, user, roles_file=roles_file)  # refused before the store is read


def test_accounts_show_role_teams_creation_last_sign_in_and_whether_they_can_sign_in(engine, roles_file):
    add_account(engine, NewAccount("ann", "analyst"), PASSWORD)
    add_account(engine, NewAccount("tom", "team_manager", ("Hub 1", "Hub 2")), PASSWORD)
    add_account(engine, NewAccount("gone", "panel"), PASSWORD)
    remove_account(engine, "gone")
    now = datetime.now(UTC)
    sign_in(engine, "ann", PASSWORD, "10.0.0.1", now - timedelta(hours=2))
    sign_in(engine, "ann", PASSWORD, "10.0.0.1", now - timedelta(hours=1))
    for _ in range(MAX_FAILURES_PER_ACCOUNT):  # as sign_in records them (its refusals: test_signin.py)
        record_attempt(engine, "tom", "10.0.0.2", False, now - timedelta(minutes=1))

    shown = roles_view(engine, ANALYST, now=now, roles_file=roles_file).accounts.set_index("Account")

    assert list(shown.index) == ["ann", "gone", "tom"]
    assert shown.loc["tom", "Role"] == "Team manager" and shown.loc["tom", "Teams"] == "Hub 1, Hub 2"
    assert shown.loc["ann", "Last sign-in"] == (now - timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    assert shown.loc["tom", "Last sign-in"] == "never"
    assert shown.loc["ann", "Created"] and shown.loc["ann", "Created by"] == "command line"
    assert shown.loc["ann", "State"] == "Can sign in"
    assert shown.loc["gone", "State"] == "Removed: cannot sign in"
    assert shown.loc["tom", "State"].startswith("Locked until ")
    assert "password" not in " ".join(shown.columns).lower()  # never the hash


def test_an_address_refused_for_too_many_failures_is_listed_until_it_may_try_again(engine, roles_file):
    now = datetime.now(UTC)
    for number in range(MAX_FAILURES_PER_ADDRESS):
        record_attempt(engine, f"guess{number}", "203.0.113.9", False, now - timedelta(minutes=2))
    record_attempt(engine, "guess", "203.0.113.10", False, now - timedelta(minutes=2))  # one failure: not refused
    with pytest.raises(SignInRefused, match="Too many failed sign-ins"):
        sign_in(engine, "someone", "wrong", "203.0.113.9", now)  # the limit the page reports is the one applied
    refused = roles_view(engine, ANALYST, now=now, roles_file=roles_file).refused_addresses
    assert list(refused["Address"]) == ["203.0.113.9"]
    later = roles_view(engine, ANALYST, now=now + timedelta(minutes=16), roles_file=roles_file).refused_addresses
    assert later.empty  # the failures left the window


def test_the_roles_file_mapping_is_shown_e_mail_first_then_groups_with_teams(engine, roles_file):
    view = roles_view(engine, ANALYST, roles_file=roles_file)
    assert view.mapping.values.tolist() == [
        ["ann@council.gov.uk", "e-mail address", "Analyst", ""],
        ["cic-managers", "group or role claim", "Team manager", "Children in Care 1, Children in Care 2"],
    ]
    assert view.roles_file == str(roles_file) and not view.problem


def test_a_roles_file_with_a_typo_is_reported_in_words_not_as_a_crash(engine, tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("people:\n  ann@council.gov.uk: {role: anlyst}\n", encoding="utf-8")
    view = roles_view(engine, ANALYST, roles_file=path)
    assert "'anlyst' is not a role" in view.problem and view.mapping.empty
