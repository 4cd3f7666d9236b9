"""Page caches keyed on the store version never hand one user's child- or worker-level rows to another
(issue 18): a read whose rows depend on who asks is keyed on the viewer's role and teams too."""

import pytest
import streamlit as st

from core.access import User
from pages.parts.cached import rows_behind_figure, rows_behind_for, stored_figures, viewer
from tests.roles import ANALYST, team_manager
from views import store_version
from views.themes import breakdown_values, months_in
from workflows import la_code, store

pytestmark = pytest.mark.usefixtures("in_sample_store")
CODE = "three_plus_social_workers"  # child-level rows, attributed to teams


@pytest.fixture
def figure():
    st.cache_data.clear()
    authority = la_code()
    version = store_version(store(), authority)
    data = stored_figures(authority, version)
    month = months_in(data.figures)[-1]
    teams = breakdown_values(data.figures[data.figures["month"] == month], "team")
    return authority, version, data.catalogue.indicators[CODE], month, teams


def teams_listed(behind) -> set[str]:
    return set(behind.denominator["team"])


def test_a_team_managers_rows_are_never_served_to_another_team_or_role(figure):
    authority, version, indicator, month, teams = figure
    first, second = teams[0], teams[1]
    as_first = rows_behind_for(authority, version, indicator, month, "", team_manager(first))
    as_second = rows_behind_for(authority, version, indicator, month, "", team_manager(second))
    as_analyst = rows_behind_for(authority, version, indicator, month, "", ANALYST)
    assert teams_listed(as_first) == {first} and teams_listed(as_second) == {second}
    assert {first, second} <= teams_listed(as_analyst) and len(as_analyst.denominator) > len(as_first.denominator)
    # Cached now: asking again in the other order still gives each viewer their own rows.
    assert teams_listed(rows_behind_for(authority, version, indicator, month, "", team_manager(second))) == {second}
    assert teams_listed(rows_behind_for(authority, version, indicator, month, "", team_manager(first))) == {first}
    assert teams_listed(rows_behind_for(authority, version, indicator, month, "", ANALYST)) == teams_listed(as_analyst)


def test_a_cached_read_refuses_a_key_that_is_not_the_viewers_own(figure):
    authority, version, indicator, month, teams = figure
    manager = team_manager(teams[0])
    with pytest.raises(ValueError):  # an analyst's key with a team manager's session would share an analyst's entry
        rows_behind_figure(authority, version, *viewer(ANALYST), CODE, month, "", indicator, manager)
    assert viewer(User("another name", "team_manager", (teams[0],))) == viewer(manager)  # the name is not the scope
