"""Sign-in: OIDC claims to roles through the council's roles file, the sample demo, the idle timeout."""

from datetime import UTC, date, datetime

import pytest

from core.access import User
from store.db import open_store
from store.tables import batches
from workflows.first_run import SAMPLE_LOADER
from workflows.signin import DEMO_USER, NoRole, demo_allowed, read_roles_file, timed_out, user_from_claims
from workflows.users import NewAccount, add_account

ROLES_YAML = """
people:
  Ann.Analyst@council.gov.uk: {role: analyst}
  tom@council.gov.uk: {role: team_manager, teams: [Team A, Team B]}
groups:
  panel-group-id: {role: panel}
  managers: {role: service_manager}
"""


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def add_batch(engine, loaded_by: str) -> None:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            batches.insert().values(
                la_code="E06000039",
                dataset="workforce",
                reporting_month="2024-06",
                extract_date=date(2024, 7, 1),
                file_name="w.csv",
                sha256="0" * 64,
                rows=0,
                columns_present="",
                loaded_by=loaded_by,
                loaded_at=now,
                status="withdrawn",
                activated_at=now,
            )
        )


@pytest.fixture
def roles(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(ROLES_YAML, encoding="utf-8")
    return read_roles_file(path)


def test_a_person_named_by_e_mail_gets_their_role_whatever_the_case(roles):
    assert user_from_claims({"email": "ann.analyst@council.gov.uk"}, roles) == User(
        "ann.analyst@council.gov.uk", "analyst"
    )


def test_a_team_manager_gets_their_teams(roles):
    assert user_from_claims({"email": "tom@council.gov.uk"}, roles).teams == ("Team A", "Team B")


def test_otherwise_the_first_group_in_the_files_order_wins(roles):
    claims = {"email": "pat@council.gov.uk", "groups": ["managers", "panel-group-id"]}
    assert user_from_claims(claims, roles) == User("pat@council.gov.uk", "panel")
    assert user_from_claims({"email": "sam@council.gov.uk", "roles": "managers"}, roles).role == "service_manager"


def test_nobody_unnamed_gets_in(roles):
    with pytest.raises(NoRole, match="gives that account no role"):
        user_from_claims({"email": "stranger@example.com", "groups": ["everyone"]}, roles)


def test_a_missing_roles_file_names_nobody(tmp_path):
    with pytest.raises(NoRole):
        user_from_claims({"email": "ann.analyst@council.gov.uk"}, read_roles_file(tmp_path / "absent.yaml"))


def test_a_typo_in_a_role_fails_when_the_file_is_read(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("people:\n  a@b.c: {role: analist}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a role"):
        read_roles_file(path)


def test_the_demo_runs_only_on_sample_data_with_no_accounts_and_no_provider(engine, monkeypatch):
    monkeypatch.setenv("CSC_SAMPLE_DATA", "auto")
    assert demo_allowed(engine, provider_configured=False)
    assert not demo_allowed(engine, provider_configured=True)
    monkeypatch.setenv("CSC_SAMPLE_DATA", "off")
    assert not demo_allowed(engine, provider_configured=False)
    monkeypatch.setenv("CSC_SAMPLE_DATA", "auto")
    add_batch(engine, SAMPLE_LOADER)
    assert demo_allowed(engine, provider_configured=False)
    add_account(engine, NewAccount("ann", "analyst"), "a long enough password")
    assert not demo_allowed(engine, provider_configured=False)
    assert DEMO_USER.role == "analyst"


def test_a_store_that_ever_held_uploaded_data_never_runs_as_the_demo(engine, monkeypatch):
    monkeypatch.setenv("CSC_SAMPLE_DATA", "auto")
    add_batch(engine, "ann")  # withdrawn since, but its rows are still stored
    assert not demo_allowed(engine, provider_configured=False)


def test_sessions_time_out_after_the_idle_setting(monkeypatch):
    monkeypatch.setenv("CSC_IDLE_MINUTES", "30")
    assert not timed_out(last_seen=0, now=30 * 60)
    assert timed_out(last_seen=0, now=30 * 60 + 1)
    monkeypatch.setenv("CSC_IDLE_MINUTES", "never")  # malformed: the default, never "no timeout"
    assert timed_out(last_seen=0, now=31 * 60)
