"""AppTest per role: a team manager's surgery lists only their own team's children, and the panel is shown
no child or worker ID (the whole matrix, every page as every role: test_role_matrix.py)."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.roles import ANALYST, PANEL_MEMBER, SERVICE_MANAGER, signed_in, team_manager
from tests.shown import seen

ROOT = Path(__file__).resolve().parents[2]
TEAM = "Children in Care 1"
ID = re.compile(r"\b[CW]\d{4,}\b")  # the sample's pseudonymous child (C...) and worker (W...) IDs


def run(page: str, user, **query) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=180), user)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def everything_shown(at: AppTest) -> str:
    """Every text and table cell the page shows, as one string to search."""
    parts = [
        seen(e.value)
        for kind in ("title", "header", "subheader", "markdown", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    parts += [d.value.to_csv() for d in at.dataframe] + [t.value.to_csv() for t in at.table]
    return "\n".join(parts)


# Every page refusing every role it is not for, on a loaded store, is in test_role_matrix.py.


@pytest.mark.usefixtures("in_sample_store")
class TestWithTheSample:
    def test_a_team_manager_picks_only_their_team_and_its_list_holds_only_its_children(self):
        at = run("surgery", team_manager(TEAM), month="2024-06", team=TEAM, indicator="placed_over_20_miles")
        assert not at.exception
        assert next(s for s in at.selectbox if s.label == "Team").options == [TEAM]
        listed = next(d.value for d in at.dataframe if "child_id" in d.value.columns)
        assert len(listed) and set(listed["team"]) == {TEAM}
        service = run("surgery", ANALYST, month="2024-06", team=TEAM, indicator="placed_over_20_miles")
        every = next(d.value for d in service.dataframe if "child_id" in d.value.columns)
        assert set(listed["child_id"]) == set(every.loc[every["team"] == TEAM, "child_id"])

    def test_a_team_manager_has_no_surgery_pack_and_may_agree_actions_for_their_team(self):
        at = run("surgery", team_manager(TEAM), month="2024-06", team=TEAM)
        assert not [h for h in at.header if h.value == "Surgery pack"]
        assert [b for b in at.button if b.label == "Record action"]

    def test_the_panel_sees_the_panel_page_without_sign_off_or_any_child_or_worker_id(self):
        at = run("panel", PANEL_MEMBER)
        assert not at.exception and at.title
        assert not [b for b in at.button if b.label.startswith("Sign off")]
        assert not ID.search(everything_shown(at))

    def test_a_service_manager_sees_the_surgery_lists_but_no_load_or_sign_off(self):
        at = run("surgery", SERVICE_MANAGER, month="2024-06", team=TEAM, indicator="placed_over_20_miles")
        assert not at.exception
        assert any("child_id" in d.value.columns for d in at.dataframe)
        panel = run("panel", SERVICE_MANAGER)
        assert not [b for b in panel.button if b.label.startswith("Sign off")]

    def test_a_team_manager_sees_caseloads_of_their_own_teams_workers_only(self):
        at = run("workforce", team_manager(TEAM))
        caseloads = next(d.value for d in at.dataframe if "Worker" in d.value.columns)
        assert set(caseloads["Team"]) <= {TEAM}
