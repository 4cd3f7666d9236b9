"""The role rules of issue 15, read by every view and workflow that returns a child's or worker's rows
or changes the store, called directly with each role's User (a page cannot forget these checks).

On the synthetic sample (15 months); the writes' refusals are in test_refusals.py, the Users and roles
view's in test_roles_view.py.
"""

import re
from datetime import date

import pytest

from core.access import NotAllowed
from metrics.catalogue import catalogue
from store.view import StoreView
from tests.roles import ANALYST, PANEL_MEMBER, SERVICE_MANAGER, team_manager
from views.audit import AuditFilter, audit_choices, audit_table
from views.indicators import figure_rows
from views.inputs import inputs_from
from views.packs import panel_pack, surgery_pack
from views.quality import coverage, cross_file
from views.surgery import SERVICE, exception_rows, history_of, surgery_actions
from views.themes import caseload_workers
from views.timeline import children_in_store, timeline_for
from workflows import la_code, store
from workflows.actions import agree_action
from workflows.uploads import load_checked

MONTH = "2024-06"
INDICATOR = "placed_over_20_miles"  # its rows carry the child's team

pytestmark = pytest.mark.usefixtures("in_sample_store")


@pytest.fixture(scope="module")
def teams(sample_store):
    """(our team, another team, {team: its children}, {team: its workers}) from the sample's allocations."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSC_STORE_PATH", str(sample_store))
        with store().connect() as conn:
            allocations = inputs_from(StoreView(conn, la_code())).allocations
    names = sorted(allocations["team"].dropna().unique())
    children = {t: set(allocations.loc[allocations["team"] == t, "child_id"].astype(str)) for t in names}
    workers = {t: set(allocations.loc[allocations["team"] == t, "worker_id"].astype(str)) for t in names}
    return names[0], names[1], children, workers


def indicator():
    return catalogue().indicators[INDICATOR]


# --- a team manager never receives another team's child or worker


def test_a_team_manager_never_receives_another_teams_child_behind_a_figure(teams):
    ours, _, _, _ = teams
    behind = figure_rows(store(), la_code(), indicator(), MONTH, user=team_manager(ours))
    every = figure_rows(store(), la_code(), indicator(), MONTH, user=SERVICE_MANAGER)
    for part in ("numerator", "denominator", "excluded"):
        mine, all_of_them = getattr(behind, part), getattr(every, part)
        assert set(mine.get("team", [])) <= {ours}
        assert len(mine) == int((all_of_them["team"] == ours).sum()) if "team" in all_of_them else len(mine) == 0
    assert len(behind.numerator), "the sample should have children of this team placed over 20 miles"


def test_a_team_manager_never_receives_another_teams_surgery_list(teams):
    ours, theirs, children, _ = teams
    with pytest.raises(NotAllowed, match=f"only for {re.escape(ours)}"):
        exception_rows(store(), la_code(), indicator(), MONTH, theirs, team_manager(ours))
    rows = exception_rows(store(), la_code(), indicator(), MONTH, ours, team_manager(ours)).rows
    assert len(rows) and set(rows["child_id"].astype(str)) <= children[ours]
    whole = exception_rows(store(), la_code(), indicator(), MONTH, SERVICE, team_manager(ours)).rows
    assert set(whole["team"]) == {ours}  # the whole service's list, cut to their own team's rows


def test_a_team_manager_never_receives_another_teams_worker_caseload(teams):
    ours, _, _, _ = teams
    workers = caseload_workers(store(), la_code(), MONTH, team_manager(ours))
    assert len(workers) and set(workers["team"]) == {ours}


def test_a_team_manager_never_receives_another_teams_worker_on_the_data_quality_comparison(teams):
    ours, _, _, _ = teams
    mine = cross_file(store(), la_code(), MONTH, team_manager(ours))
    every = cross_file(store(), la_code(), MONTH, SERVICE_MANAGER)
    assert set(mine.caseloads["team"]) <= {ours}
    assert len(mine.caseloads) == int((every.caseloads["team"] == ours).sum()) > 0
    for teams_of_worker in mine.missing_workers["teams"]:
        assert teams_of_worker.split("; ") == [ours]


def test_a_team_manager_never_receives_another_teams_child_to_pick_or_their_timeline(teams):
    ours, theirs, children, _ = teams
    picked = children_in_store(store(), la_code(), team_manager(ours))
    assert picked and set(picked) <= children[ours]
    stranger = sorted(children[theirs] - children[ours])[0]
    with pytest.raises(NotAllowed, match=f"never allocated to {re.escape(ours)}"):
        timeline_for(store(), la_code(), stranger, team_manager(ours))


def test_a_team_manager_never_reads_the_history_of_another_teams_action(teams):
    ours, theirs, _, _ = teams
    fields = dict(code=INDICATOR, team=theirs, subject_kind="figure", subject_id="", raised_month=MONTH)
    fields.update(action="Review distance placements", owner="TM", due_date=date(2024, 7, 31))
    ok, message = agree_action(store(), la_code(), fields, SERVICE_MANAGER)
    assert ok, message
    number = int(message.split("#")[1].split()[0])
    assert len(history_of(store(), la_code(), number, SERVICE_MANAGER, theirs)) == 1
    with pytest.raises(NotAllowed, match=f"only for {re.escape(ours)}"):
        history_of(store(), la_code(), number, team_manager(ours), theirs)
    with pytest.raises(NotAllowed, match="not one of"):  # its number typed against their own team
        history_of(store(), la_code(), number, team_manager(ours), ours)
    with pytest.raises(NotAllowed):
        surgery_actions(store(), la_code(), theirs, MONTH, date(2024, 7, 1), team_manager(ours))


# --- the panel never receives a child or worker


def test_the_panel_is_refused_every_child_or_worker_level_read(teams):
    ours, _, children, _ = teams
    child = sorted(children[ours])[0]
    reads = {
        "figure rows": lambda: figure_rows(store(), la_code(), indicator(), MONTH, user=PANEL_MEMBER),
        "surgery list": lambda: exception_rows(store(), la_code(), indicator(), MONTH, ours, PANEL_MEMBER),
        "caseloads": lambda: caseload_workers(store(), la_code(), MONTH, PANEL_MEMBER),
        "data quality workers": lambda: cross_file(store(), la_code(), MONTH, PANEL_MEMBER),
        "children to pick": lambda: children_in_store(store(), la_code(), PANEL_MEMBER),
        "timeline": lambda: timeline_for(store(), la_code(), child, PANEL_MEMBER),
        "actions": lambda: surgery_actions(store(), la_code(), SERVICE, MONTH, date.today(), PANEL_MEMBER),
        "action history": lambda: history_of(store(), la_code(), 1, PANEL_MEMBER, SERVICE),
        "surgery pack": lambda: surgery_pack(store(), la_code(), None, None, ours, MONTH, PANEL_MEMBER),
        "audit": lambda: audit_table(store(), la_code(), AuditFilter(date.today(), date.today()), PANEL_MEMBER),
    }
    for name, read in reads.items():
        with pytest.raises(NotAllowed, match=r"^Your role \(panel member\) may not "):
            read()
        assert name
    with pytest.raises(NotAllowed):
        coverage(store(), la_code(), PANEL_MEMBER)  # the panel sees its own suppressed views only


# --- what only some roles may take away or read


@pytest.mark.parametrize("user", [SERVICE_MANAGER, team_manager("Hub 1"), PANEL_MEMBER], ids=lambda u: u.role)
def test_only_an_analyst_reads_the_audit_of_who_saw_which_child(user):
    with pytest.raises(NotAllowed, match="read the audit"):
        audit_table(store(), la_code(), AuditFilter(date.today(), date.today()), user)
    with pytest.raises(NotAllowed, match="read the audit"):
        audit_choices(store(), la_code(), user)
    assert not audit_table(store(), la_code(), AuditFilter(date(2000, 1, 1), date.today()), ANALYST).empty


def test_a_team_manager_takes_neither_pack_away(teams):
    ours, _, _, _ = teams
    with pytest.raises(NotAllowed, match="download a surgery pack"):
        surgery_pack(store(), la_code(), None, None, ours, MONTH, team_manager(ours))
    with pytest.raises(NotAllowed, match="download the panel pack"):
        panel_pack(None, [], team_manager(ours))


@pytest.mark.parametrize("user", [SERVICE_MANAGER, team_manager("Hub 1"), PANEL_MEMBER], ids=lambda u: u.role)
def test_only_an_analyst_loads_a_file(user):
    with pytest.raises(NotAllowed, match="load files into the store"):
        load_checked(store(), la_code(), None, None, user)
