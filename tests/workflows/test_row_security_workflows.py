"""The app's changes to rows with no la_code of their own work on PostgreSQL under row-level security (issue 18).

An action's updates, a sign-off's figures, the panel's priorities, a population table's groups and an
account's teams are read and written through their parent row's authority (migration 0013). Here each is
made and read back through the workflows and views a page calls, in a thread scoped to the signed-in
user's authority as a page's run is (workflows.authorities.scope_to); a page scoped to another authority
then finds none of them. The SQLite side of each is in the workflow tests beside this file.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from core.access import User
from metrics.catalogue import catalogue
from store.db import open_store
from store.tables import action_updates, child_population, panel_priorities, sign_off_figures, user_teams
from tests.databases import postgres_server_or_skip
from tests.roles import ANALYST, SERVICE_MANAGER
from views.equalities import population_for
from views.panel import priorities
from views.sign_off import revisions, signed_off_months
from views.surgery import surgery_actions
from workflows import la_code
from workflows.actions import agree_action, change_action
from workflows.authorities import scope_to
from workflows.first_run import load_sample_data
from workflows.population import load_population
from workflows.priorities import change_priorities
from workflows.sign_off import sign_off_month
from workflows.users import NewAccount, add_account, roles_view

OTHER = "E09000001"  # an authority with nothing stored
TEAM = "Front Door Hub North"
PANEL = "Corporate parenting panel, 14 May 2026"
POPULATION = (
    b"ethnic_group,children\n"
    b'"White: English, Welsh, Scottish, Northern Irish or British",5000\n'
    b"Other White,1000\nMixed,800\nAsian,3000\nBlack,1200\nOther ethnic group (including Chinese),400\n"
)
CHILD_TABLES = (action_updates, sign_off_figures, panel_priorities, child_population, user_teams)


@pytest.fixture(scope="module")
def sample_on_postgresql():
    """Three months of the sample authority in a PostgreSQL store of its own."""
    server = postgres_server_or_skip()
    url = server.create()
    try:
        load_sample_data(open_store(url), la_code(), months=3)
        yield url
    finally:
        open_store(url).dispose()
        server.drop(url)
        server.admin.dispose()


def _as_page(user: User, run):
    """`run()` in a thread of its own scoped to the user's authorities, as a page's run is; its result."""
    done: dict[str, object] = {}

    def page() -> None:
        scope_to(user)
        try:
            done["result"] = run()
        except Exception as err:  # handed back to the test's thread
            done["error"] = err

    thread = threading.Thread(target=page)
    thread.start()
    thread.join()
    if "error" in done:
        raise done["error"]
    return done["result"]


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in CHILD_TABLES}


def test_actions_sign_offs_priorities_population_and_teams_work_scoped_and_stay_their_authoritys(
    sample_on_postgresql, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", sample_on_postgresql)
    engine, home = open_store(sample_on_postgresql), la_code()
    with engine.connect() as conn:
        month = conn.execute(sa.text("SELECT max(reporting_month) FROM batches")).scalar_one()
    add_account(engine, NewAccount("tm", "team_manager", (TEAM,)), "a long password 1")  # the command line: '*'
    chosen = [(f"Priority {n}", []) for n in range(1, 7)]
    chosen[0] = ("Homes close to where I belong", ["placed_over_20_miles"])
    fields = dict(code="caseload_over_threshold", team=TEAM, subject_kind="worker", subject_id="W0001")
    fields |= dict(raised_month=month, action="Reallocate four children", owner="Team manager", due_date=date.today())

    def at_home():
        ok, said = agree_action(engine, home, dict(fields), SERVICE_MANAGER)
        assert ok, said
        action = int(surgery_actions(engine, home, TEAM, month, date.today(), ANALYST)["#"].iloc[0])
        assert change_action(engine, home, action, "done", "All reallocated", SERVICE_MANAGER, TEAM)[0]
        ok, said = change_priorities(engine, home, catalogue(), chosen, ANALYST)
        assert ok, said
        ok, said = sign_off_month(engine, home, month, PANEL, ANALYST)
        assert ok, said
        report = load_population(engine, home, ANALYST, "pop.csv", POPULATION, "Test area", "2021", "ONS", "OGL")
        assert report.level == "loaded", report.message
        return (
            surgery_actions(engine, home, TEAM, month, date.today(), ANALYST, show_closed=True),
            priorities(engine, home, catalogue())[0],
            revisions(engine, home, month),
            population_for(engine, home),
            roles_view(engine, ANALYST).accounts,
            _counts(engine),
        )

    actions, first, revised, (population, shipped), accounts, counts = _as_page(ANALYST, at_home)
    assert list(actions["Status"]) == ["done"]
    assert (first.title, first.codes) == ("Homes close to where I belong", ("placed_over_20_miles",))
    assert len(revised) > 10 and set(revised["status"]) == {"unchanged"}
    assert not shipped and sum(population.children.values()) == 11_400
    assert accounts.set_index("Account").loc["tm", "Teams"] == TEAM
    assert all(counts.values()), counts  # each table holds the home authority's rows, seen from home

    stranger = User("stranger", "analyst", authorities=(OTHER,))

    def elsewhere():
        return (
            surgery_actions(engine, OTHER, TEAM, month, date.today(), ANALYST, show_closed=True),
            signed_off_months(engine, OTHER),
            roles_view(engine, stranger).accounts,
            _counts(engine),
            _counts_with_home(engine, home),
        )

    actions, signed, accounts, counts, asked_for_home = _as_page(stranger, elsewhere)
    assert actions.empty and signed == []
    assert accounts.set_index("Account").loc["tm", "Teams"] == ""  # the account is the app's; its team is home's
    assert counts == dict.fromkeys(counts, 0)
    assert asked_for_home == dict.fromkeys(asked_for_home, 0)  # naming the home authority does not help
    assert _counts(engine) == _as_page(ANALYST, lambda: _counts(engine))  # the server's own work sees them all


def _counts_with_home(engine: sa.Engine, home: str) -> dict[str, int]:
    """The rows of each table whose authority is `home`, asked for by name through the parent."""
    query = {
        "action_updates": "SELECT count(*) FROM action_updates u JOIN actions a ON a.id = u.action_id "
        "WHERE a.la_code = :home",
        "sign_off_figures": "SELECT count(*) FROM sign_off_figures f JOIN sign_offs s ON s.id = f.sign_off_id "
        "WHERE s.la_code = :home",
        "panel_priorities": "SELECT count(*) FROM panel_priorities p JOIN panel_priority_sets s ON s.id = p.set_id "
        "WHERE s.la_code = :home",
        "child_population": "SELECT count(*) FROM child_population WHERE la_code = :home",
        "user_teams": "SELECT count(*) FROM user_teams WHERE la_code = :home",
    }
    with engine.connect() as conn:
        return {name: conn.execute(sa.text(sql), {"home": home}).scalar_one() for name, sql in query.items()}
