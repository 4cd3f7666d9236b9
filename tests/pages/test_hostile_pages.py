"""Hostile team names (issue 16) loaded through the real check and load, then every page that shows data:
no page renders a link, an image, HTML or a Streamlit directive that came from a file, in Markdown,
in a table, or in a chart's labels and hover text; each name is still shown, as typed. Every test runs
on a SQLite store and on a PostgreSQL one (marked `postgres`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.databases import postgres_server_or_skip
from tests.roles import ANALYST, signed_in
from tests.shown import seen

ROOT = Path(__file__).resolve().parents[2]
TEAMS = [
    "[Re-enter your password](https://example.org/login)",
    "![pixel](https://example.org/pixel.png)",
    "<a href=https://example.org>Hub A</a>",
    "<b>Bold hub</b>",
    ":red[Red hub] $x^2$ :material/warning:",
]
RAW = ["](https://example.org", "![", "<a href", "<b>Bold", ":red[", "$x^2$", ":material/warning:"]
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error")


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def hostile_files() -> list[tuple[str, bytes]]:
    workforce = [
        ["worker_id", "team", "role", "case_holding", "employment_type", "fte", "start_date", "end_date", "caseload"]
    ]
    allocations = [["child_id", "worker_id", "team", "cohort", "start_date", "end_date"]]
    for n, team in enumerate(TEAMS, start=1):
        workforce += [
            [f"W{n}{k}", team, "Social worker", "Y", "permanent", "1", "01/01/2020", "", str(14 + 5 * k)]
            for k in range(3)
        ]
        allocations += [[f"C{n}{k}", f"W{n}{k % 3}", team, "CIN", "01/01/2025", ""] for k in range(4)]
    files = []
    for month in ("2025-02", "2025-03"):
        files += [(f"workforce_{month}.csv", _csv(workforce)), (f"allocations_{month}.csv", _csv(allocations))]
    return files


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile_store(request, tmp_path_factory):
    """The hostile files checked and loaded as an analyst would, into a SQLite file or a PostgreSQL
    database of their own: (environment variable, value) that points the app at it."""
    from ingest.check import check_file
    from workflows import la_code, store
    from workflows.uploads import load_checked, plan_load

    server = None
    if request.param == "postgresql":
        server = postgres_server_or_skip()
        where = ("DATABASE_URL", server.create())
    else:
        where = ("CSC_STORE_PATH", str(tmp_path_factory.mktemp("hostile") / "store.sqlite"))
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(*where)
            for name, data in hostile_files():
                result = check_file(name, data)
                assert result.ready, result.issues
                plan = plan_load(store(), la_code(), result, None)
                report = load_checked(store(), la_code(), result, plan, ANALYST)
                assert report.level == "loaded", report.message
            store().dispose()
        yield where
    finally:
        if server is not None:
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv(*where)
                store().dispose()  # the pages' connections, before the database is dropped
            server.drop(where[1])
            server.admin.dispose()


@pytest.fixture
def in_hostile_store(hostile_store, monkeypatch):
    monkeypatch.setenv(*hostile_store)


def run(name: str, **query) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=180), ANALYST)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def markdown_sources(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer: elements, and st.table cells."""
    texts = [str(e.value) for kind in MARKDOWN_KINDS for e in at.get(kind)]
    for table in at.table:
        frame = table.value
        texts += [str(v) for v in [*frame.columns, *frame.index, *frame.to_numpy().ravel().tolist()]]
    return texts


def chart_strings(at: AppTest) -> list[str]:
    """Every string in every Plotly figure on the page (titles, ticks, names, hover, annotations)."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found


def unescaped(raw: str, text: str) -> bool:
    """`raw` (starting with a Markdown character) occurs in `text` with no backslash before it."""
    start = text.find(raw)
    while start != -1:
        if text[start - 1 : start] != "\\":
            return True
        start = text.find(raw, start + 1)
    return False


def assert_shown_as_data(at: AppTest, shows_teams: bool = True) -> None:
    assert not at.exception, at.exception
    sources = markdown_sources(at)
    for text in sources:
        for raw in RAW:
            assert not unescaped(raw, text), f"unescaped {raw!r} in {text!r}"
    charts = chart_strings(at)
    for text in charts:
        for tag in ("<a href", "<b>Bold", "<img"):
            assert tag not in text, f"markup {tag!r} from data in a chart: {text!r}"
    assert (
        not shows_teams
        or any(team in seen(text) for team in TEAMS for text in sources)
        or any("&lt;b&gt;Bold hub&lt;/b&gt;" in text for text in charts)
    ), "the page showed none of the hostile team names, so it proves nothing"


pytestmark = pytest.mark.usefixtures("in_hostile_store")


@pytest.mark.parametrize("team", [None, *TEAMS])
def test_the_workforce_page_shows_hostile_team_names_as_data(team):
    at = run("workforce", **({"team": team} if team else {}))
    assert_shown_as_data(at)
    if team:
        assert any(f"(team: {team})" in seen(m.value) for m in at.markdown)


@pytest.mark.parametrize("team", TEAMS)
def test_the_surgery_shows_a_hostile_team_beside_the_service_as_data(team):
    at = run("surgery", month="2025-03", team=team)
    assert_shown_as_data(at)
    assert any(seen(h.value) == f"{team} beside the service, March 2025" for h in at.header)
    pack_names = [b.proto.file_name if hasattr(b.proto, "file_name") else "" for b in at.get("download_button")]
    assert all("/" not in n and "<" not in n for n in pack_names)


@pytest.mark.parametrize("name", ["overview", "data_quality", "history", "indicators", "social_worker_changes"])
def test_other_pages_show_hostile_team_names_as_data(name):
    assert_shown_as_data(run(name), shows_teams=False)  # no team names here: nothing from data is markup
