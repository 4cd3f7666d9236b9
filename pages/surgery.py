import streamlit as st

from core.access import teams_for
from core.dates import month_label
from pages import use_router
from pages.parts.cached import published_benchmarks
from pages.parts.drill_down import drill_down
from pages.parts.filters import keep_in_url
from pages.parts.stored import figures_or_stop, show_message
from pages.parts.surgery_actions import actions_section
from pages.parts.surgery_parts import (
    cached_matrix,
    matrix_section,
    pack_section,
    side_by_side,
)
from views import store_version
from views.surgery import SERVICE, teams_in

user = use_router()
st.title("Performance surgery")
st.write(
    "Run a team's monthly surgery: see where to look in the matrix, compare the team with the service, "
    "open the records behind a red number, and agree actions that come back every month until closed."
)
show_message("surgery_message")
engine, authority, data, months = figures_or_stop()
left, right = st.columns(2)
wanted = st.query_params.get("month")
month = left.selectbox(
    "Surgery month",
    months[::-1],
    index=months[::-1].index(wanted) if wanted in months else 0,
    format_func=month_label,
)
teams = teams_for(user, [SERVICE, *teams_in(data, month)])  # a team manager: their own teams
if not teams:
    st.info(f"None of your teams ({', '.join(user.teams)}) has figures for this month.", icon=":material/info:")
    st.stop()
wanted = st.query_params.get("team")
team = right.selectbox("Team", teams, index=teams.index(wanted) if wanted in teams else 0)
keep_in_url({"month": month, "team": None if team == SERVICE else team})

version = store_version(engine, authority)
cells = cached_matrix(authority, version, month)
clicked = matrix_section(cells, teams_in(data, month))
if clicked:  # a matrix cell opens that team and indicator
    keep_in_url({"team": None if clicked[1] == SERVICE else clicked[1], "indicator": clicked[0]})
    st.rerun()
published = published_benchmarks(authority, version)
picked = side_by_side(engine, authority, data, cells, team, month, published)
subject = drill_down(engine, authority, data, picked[0], team, picked[1]) if picked else None
actions_section(engine, authority, data, team, month, picked[0] if picked else None, subject)
pack_section(engine, authority, data, cells, team, month, published)
