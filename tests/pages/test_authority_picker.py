"""AppTest: a user who may see several authorities picks one in the sidebar; every page then reads it, the
move is audited, a stale choice falls back to one they may see, and Benchmarking compares them side by side
(issue 18). Users with one authority see no picker at all."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.access import User
from pages import AUTHORITY_KEY
from store.audit import audit_entries
from tests.roles import ANALYST, signed_in
from tests.shown import seen_table
from workflows import la_code, store

ROOT = Path(__file__).resolve().parents[2]
NEIGHBOUR = "E06000036"  # holds nothing in the sample store
HUB = User("regional analyst", "analyst", authorities=(la_code(), NEIGHBOUR))

pytestmark = pytest.mark.usefixtures("in_sample_store")


def run(page: str, user: User, **state) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=180), user)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def picker(at: AppTest):
    found = [s for s in at.sidebar.selectbox if s.label == "Authority"]
    return found[0] if found else None


def test_one_authority_no_picker():
    at = run("overview", ANALYST)
    assert not at.exception
    assert picker(at) is None


EMPTY = "There are no figures yet."  # the easy read page of an authority that has loaded nothing


def test_the_picked_authority_is_what_every_page_reads_and_the_move_is_audited():
    at = run("easy_read", HUB)
    assert not at.exception
    choice = picker(at)
    assert choice.options == [
        o for o in choice.options if o.endswith(f"({la_code()})") or o.endswith(f"({NEIGHBOUR})") or o == NEIGHBOUR
    ]
    assert len(choice.options) == 2 and choice.value == la_code()
    assert not [i for i in at.info if EMPTY in i.value]  # the sample authority's figures

    picker(at).set_value(NEIGHBOUR).run()
    assert not at.exception
    assert [i for i in at.info if EMPTY in i.value]  # the neighbour has loaded nothing
    moves = audit_entries(store(), NEIGHBOUR)
    moves = moves[moves["event"] == "authority"]
    assert moves.iloc[0][["who", "what", "page"]].tolist() == ["regional analyst", f"chose {NEIGHBOUR}", "easy_read"]


def test_a_stale_choice_outside_the_users_authorities_falls_back_to_their_first():
    at = run("easy_read", HUB, **{AUTHORITY_KEY: "E09000001"})
    assert not at.exception
    assert picker(at).value == la_code()
    assert not [i for i in at.info if EMPTY in i.value]


def test_benchmarking_compares_the_users_authorities_month_by_month():
    at = run("benchmarking", HUB)
    assert not at.exception
    assert "Our authorities side by side, month by month" in [h.value for h in at.header]
    table = next(seen_table(t.value) for t in at.table if "Indicator" in t.value.columns)
    assert len(table.columns) == 3  # Indicator, the picked authority, the neighbour
    assert table.columns[1].endswith(f"({la_code()})") and table.columns[2].endswith(f"({NEIGHBOUR})")
    assert table.iloc[:, 1].str.fullmatch(r"[\d.,]+%?( per 100 children)? \(\w+ \d{4}\)|no data").all()
    assert table.iloc[:, 1].str.contains(r"\(\w+ \d{4}\)").sum() > 20  # most have a figure in the sample
    assert (table.iloc[:, 2] == "no data").all()
    assert any(chart for chart in at.get("plotly_chart"))


def test_benchmarking_has_no_comparison_for_one_authority():
    at = run("benchmarking", ANALYST)
    assert not at.exception
    assert "Our authorities side by side, month by month" not in [h.value for h in at.header]
