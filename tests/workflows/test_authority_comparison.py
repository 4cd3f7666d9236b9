"""The Benchmarking page's side-by-side comparison of a user's authorities, from their own stored monthly
figures (issue 18): values, months and gaps as stored, the picked authority first, others refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.access import NotAllowed, User
from store.db import open_store
from store.tables import month_figures
from views.comparison import WINDOW, authority_comparison
from views.indicators import FAMILY

HOME, NEIGHBOUR, STRANGER = "E06000039", "E06000036", "E09000001"
HUB = User("hub", "analyst", authorities=(HOME, NEIGHBOUR))
NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    figures = [
        # the home authority: 30 months of caseloads, the neighbour only two, a stranger one it must not show
        *[(HOME, f"{2022 + (m // 12)}-{m % 12 + 1:02d}", "caseload_per_fte", 15.0 + m / 10) for m in range(30)],
        (NEIGHBOUR, "2024-05", "caseload_per_fte", 18.25),
        (NEIGHBOUR, "2024-06", "caseload_per_fte", None),  # a month with no figure: 'no data', a gap
        (NEIGHBOUR, "2024-06", "caseload_over_threshold", 12.5),
        (STRANGER, "2024-06", "caseload_per_fte", 99.0),
    ]
    with engine.begin() as conn:
        for la_code, month, code, value in figures:
            conn.execute(
                month_figures.insert().values(
                    la_code=la_code, family=FAMILY, month=month, code=code, value=value, computed_at=NOW
                )
            )
        conn.execute(  # a team's figure is not the authority's
            month_figures.insert().values(
                la_code=NEIGHBOUR,
                family=FAMILY,
                month="2024-06",
                code="caseload_per_fte",
                breakdown="team: A",
                value=1.0,
                computed_at=NOW,
            )
        )
    yield engine
    engine.dispose()


def test_each_authoritys_latest_figure_side_by_side_with_its_month(engine):
    view = authority_comparison(engine, HUB, NEIGHBOUR)
    assert view.authorities == (NEIGHBOUR, HOME)  # the picked one first
    assert view.latest == "2024-06"
    table = view.table.set_index("Indicator")
    caseload = table.loc["Average caseload per full-time equivalent (FTE) case-holding social worker"]
    assert caseload.tolist() == ["18.3 (May 2024)", "17.9 (June 2024)"]  # 18.25 rounds half up; 15 + 29/10
    over = table.loc["Social workers with more than 20 children"]
    assert over.tolist() == ["12.5% (June 2024)", "no data"]
    assert STRANGER not in "".join(view.table.columns) and "99" not in view.table.to_string()


def test_one_indicators_months_for_the_chart_and_its_table(engine):
    view = authority_comparison(engine, HUB, HOME)
    assert view.indicators() == ["caseload_per_fte", "caseload_over_threshold"]
    series = view.series("caseload_per_fte")
    assert len(series) == WINDOW  # the last two years only
    assert series["Month"].iloc[-1] == "June 2024" and series["Month"].iloc[0] == "July 2022"
    home, neighbour = series.columns[1:]
    assert (home, neighbour) == (view.names[HOME], view.names[NEIGHBOUR]) == (HOME, NEIGHBOUR)  # no DfE names stored
    assert series[neighbour].notna().sum() == 1  # May's 18.25; June has no figure, and the team row is not it
    table = view.series_table("caseload_per_fte")
    assert table[neighbour].iloc[-1] == "no data" and table[neighbour].iloc[-2] == "18.3"
    figure = view.figure("caseload_per_fte")
    assert [trace.name for trace in figure.data] == [home, neighbour]
    styles = {(t.line.color, t.marker.symbol, t.line.dash) for t in figure.data}
    assert len(styles) == 2  # never colour alone: shape and dash differ too
    assert len({t.marker.symbol for t in figure.data}) == 2 and len({t.line.dash for t in figure.data}) == 2


def test_an_authority_the_user_may_not_see_is_refused(engine):
    with pytest.raises(NotAllowed, match=STRANGER):
        authority_comparison(engine, HUB, STRANGER)
    with pytest.raises(NotAllowed):  # a panel member sees no dashboard figures at all
        authority_comparison(engine, User("p", "panel", authorities=(HOME, NEIGHBOUR)), HOME)


def test_no_figures_yet(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    view = authority_comparison(engine, HUB, HOME)
    engine.dispose()
    assert view.latest is None and view.table.empty and view.indicators() == []
