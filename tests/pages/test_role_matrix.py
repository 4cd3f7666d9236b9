"""The role matrix of issue 15, with Streamlit's AppTest on a sample store, on SQLite and PostgreSQL.

For each role (analyst, service manager, team manager of one team, panel member) and EVERY page of the
app, opened at its own address as a typed URL would: a page the role may use draws without error; a page
it may not shows the refusal in words and nothing else (no title, table, download or ID). The menu
app.py builds for the role holds exactly the pages it may use. On every page drawn, every text,
table, chart and download is searched for every child and worker ID in the store: a team manager
meets none of another team's, the panel none at all. Every child- or worker-level table shown is one
audit entry naming the IDs it showed, and every download clicked (one per page that offers an ID-bearing
file, and the panel pack for the panel) is one audit entry.

SQLite uses a copy of the session's 15-month sample, for every role; PostgreSQL loads a 3-month sample of
its own, for the team manager and the panel (MATRIX below).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st
from google.protobuf.json_format import MessageToDict
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe, Table

from core.access import PAGES, may, may_see_page
from store.db import open_store
from store.tables import access_log, rows_tables
from tests.databases import postgres_server_or_skip
from tests.roles import ANALYST, PANEL_MEMBER, SERVICE_MANAGER, signed_in, team_manager
from workflows import la_code
from workflows.audit import ID_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
TEAM = "Children in Care 1"
PG_MONTHS = 3
REFUSAL = "Your role ({}) cannot open this page. Choose a page from the menu, or ask an analyst if you need it."
USERS = {
    "analyst": ANALYST,
    "service_manager": SERVICE_MANAGER,
    "team_manager": team_manager(TEAM),
    "panel": PANEL_MEMBER,
}
TOKEN = re.compile(r"[A-Za-z0-9]+")
PACKS = {"Make the surgery pack": "surgery_pack", "Make the panel pack": "panel_pack"}


@dataclass(frozen=True)
class Sample:
    env: dict[str, str]
    url: str
    month: str  # the latest month loaded
    ids: frozenset[str]  # every child_id and worker_id in the store
    team_ids: frozenset[str]  # the IDs of TEAM's children and workers (any row naming the team)
    indicator: str  # one the surgery drills into, with child-level rows


# Every role on SQLite; on PostgreSQL the two roles whose rows are cut (a team's, none), where a read that
# forgot the user would show: the whole matrix twice would cost CI more than its 3 minutes.
MATRIX = [("sqlite", role) for role in USERS] + [("postgresql", "team_manager"), ("postgresql", "panel")]


@pytest.fixture(scope="module")
def sqlite_sample(sample_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix") / "store.sqlite"
    shutil.copyfile(sample_template, path)
    url = f"sqlite:///{path}"
    yield _read_sample(open_store(url), {"CSC_STORE_PATH": str(path)}, url)
    open_store(url).dispose()


@pytest.fixture(scope="module")
def postgresql_sample():
    from workflows.benchmarks import ensure_shipped_benchmarks
    from workflows.first_run import load_sample_data

    server = postgres_server_or_skip()
    url = server.create()
    try:
        load_sample_data(open_store(url), la_code(), months=PG_MONTHS)
        ensure_shipped_benchmarks(open_store(url))
        yield _read_sample(open_store(url), {"DATABASE_URL": url}, url)
    finally:
        open_store(url).dispose()
        server.drop(url)
        server.admin.dispose()


def _read_sample(engine, env: dict[str, str], url: str) -> Sample:
    ids, ours, months = set(), set(), set()
    with engine.connect() as conn:
        for table in rows_tables.values():
            for column in ("child_id", "worker_id"):
                if column not in table.c:
                    continue
                ids |= {str(v) for v in conn.execute(sa.select(table.c[column]).distinct()).scalars() if v}
                if "team" in table.c:
                    query = sa.select(table.c[column]).where(table.c.team == TEAM).distinct()
                    ours |= {str(v) for v in conn.execute(query).scalars() if v}
        months |= {m for m in conn.execute(sa.text("SELECT DISTINCT reporting_month FROM batches")).scalars() if m}
    assert ours, f"the sample has no {TEAM}"
    return Sample(env, url, max(months), frozenset(ids), frozenset(ours), "placed_over_20_miles")


@pytest.fixture
def sample(request, backend):
    """The module's sample store on the test's backend ("sqlite" or "postgresql"), built once per module."""
    return request.getfixturevalue(f"{backend}_sample")


@pytest.fixture
def in_sample(sample, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for key, value in sample.env.items():
        monkeypatch.setenv(key, value)
    return sample


@pytest.fixture
def downloads(monkeypatch):
    """Every file a page offers (label, file name, bytes), caught on its way to st.download_button."""
    offered: list[tuple[str, str, bytes]] = []
    original = DeltaGenerator.download_button

    def download_button(self, label, data, file_name=None, *args, **kwargs):
        offered.append((label, file_name or "", data.encode() if isinstance(data, str) else bytes(data)))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", download_button)
    return offered


def run(page: str, user, sample: Sample) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=300), user)
    if page == "surgery":  # open the drill-down: a child-level list
        at.query_params.update(month=sample.month, indicator=sample.indicator)
        if user.teams:
            at.query_params["team"] = user.teams[0]
    return at.run()


# --- what a page shows, as text to search


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value
        if value.startswith(("{", "[")):  # a chart's JSON spec: its labels and hover text
            with contextlib.suppress(ValueError):
                yield from _strings(json.loads(value))


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def tables(at: AppTest) -> list[pd.DataFrame]:
    return [n.value for n in _nodes(at._tree) if isinstance(n, Dataframe | Table)]


def shown_text(at: AppTest) -> str:
    """Every string the page sends the browser: text, labels, options, chart specs, and every table cell."""
    parts = [t.to_csv() for t in tables(at)]
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and not isinstance(node, Dataframe | Table):
            parts.extend(_strings(MessageToDict(proto)))
    return "\n".join(parts).replace("\u2060", "")


def file_text(name: str, data: bytes) -> str:
    if name.endswith(".xlsx"):
        return "\n".join(f.to_csv() for f in pd.read_excel(io.BytesIO(data), sheet_name=None).values())
    return data.decode("utf-8", errors="replace")


def ids_in(text: str, ids: frozenset[str]) -> set[str]:
    return set(TOKEN.findall(text)) & ids


def forbidden_ids(user, sample: Sample) -> frozenset[str]:
    """The IDs this role must never meet: another team's for a team manager, every one for the panel."""
    if not may(user, "see_team_rows"):
        return sample.ids
    return sample.ids - sample.team_ids if user.teams else frozenset()


# --- the audit


def is_list_of_people(table: pd.DataFrame, sample: Sample) -> bool:
    """A child- or worker-level list: a column of IDs (as the audit reads them, even when empty) or any ID."""
    named = any(re.sub(r"[^a-z]", "", str(c).lower()) in ID_COLUMNS for c in table.columns)
    return named or bool(ids_in(table.to_csv(), sample.ids))


def accesses(sample: Sample, who: str, after: int) -> pd.DataFrame:
    with open_store(sample.url).connect() as conn:
        query = access_log.select().where(access_log.c.who == who, access_log.c.id > after).order_by(access_log.c.id)
        frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in access_log.c])
    frame["subject_ids"] = frame["subject_ids"].map(lambda raw: set(json.loads(raw or "[]")))
    return frame


def last_access(sample: Sample) -> int:
    with open_store(sample.url).connect() as conn:
        return conn.execute(sa.select(sa.func.coalesce(sa.func.max(access_log.c.id), 0))).scalar_one()


def assert_one_audit_entry_per_list_shown(at: AppTest, page: str, user, sample: Sample, before: int) -> None:
    views = accesses(sample, user.name, before)
    views = views[views["event"] == "view"]
    assert set(views["page"]) <= {page}
    listed = [t for t in tables(at) if is_list_of_people(t, sample)]
    if page == "audit":  # the audit log itself: one entry, its rows (the IDs it lists are the audit's)
        assert len(views) == 1 and views.iloc[0]["row_count"] == len(tables(at)[0])
        return
    if page == "users":  # who has which role: one entry, no child or worker in it
        assert len(views) == 1 and not listed
        return
    assert len(views) == len(listed), f"{page}: {len(listed)} lists of children or workers, {len(views)} audited"
    for table in listed:
        shown = ids_in(table.to_csv(), sample.ids)
        names_them = views["subject_ids"].map(shown.issubset)
        matching = views[(views["row_count"] == len(table)) & names_them]
        assert len(matching) >= 1, f"{page}: a list of {len(table)} rows is not in the audit with its IDs"


def click_one_download(at: AppTest, page: str, user, sample: Sample, offered) -> str | None:
    """Click the first ID-bearing download: one audit entry, its file's rows; a rerun is no new view."""
    for label, name, data in offered:
        if ids_in(file_text(name, data), sample.ids):
            before = last_access(sample)
            next(b for b in at.download_button if b.label == label).click().run()
            assert not at.exception
            after = accesses(sample, user.name, before)
            assert after["event"].tolist() == ["download"], f"{page}: {label} made {after['event'].tolist()}"
            assert (after.iloc[0]["page"], after.iloc[0]["what"]) == (page, name)
            return name
    return None


# --- the matrix


def check_page(page: str, user, sample: Sample, offered: list) -> str:
    """Open the page at its address as `user` and check it against the role table: 'refused' or
    'drawn', or 'took a file' when it also clicked a download; an AssertionError says what is wrong."""
    role, forbidden = user.title.lower(), forbidden_ids(user, sample)
    before = last_access(sample)
    at = run(page, user, sample)
    assert not at.exception, [e.value for e in at.exception]
    text = shown_text(at)
    if not may_see_page(user, page):
        assert [e.value for e in at.error] == [REFUSAL.format(role)]
        assert not at.title and not tables(at) and not offered, "a refused page drew something"
        assert not ids_in(text, sample.ids)
        assert accesses(sample, user.name, before).empty  # nothing was shown, so nothing was audited
        return "refused"
    assert at.title, "no title"
    assert REFUSAL.format(role) not in [e.value for e in at.error]
    seen = ids_in(text, forbidden)
    assert not seen, f"shown {sorted(seen)[:5]}"
    for label, name, data in offered:
        seen = ids_in(file_text(name, data), forbidden)
        assert not seen, f"could download {sorted(seen)[:5]} in {name} ({label})"
    for button, action in PACKS.items():
        assert not [b for b in at.button if b.label == button] or may(user, action), f"offered {button}"
    assert_one_audit_entry_per_list_shown(at, page, user, sample, before)
    return "took a file" if click_one_download(at, page, user, sample, list(offered)) else "drawn"


@pytest.mark.parametrize(("backend", "role"), MATRIX)
def test_every_page_by_its_address_is_drawn_or_refused_as_the_role_table_says(role, in_sample, downloads):
    user, sample = USERS[role], in_sample
    outcomes, problems = {}, []
    for page in sorted(PAGES):
        downloads.clear()
        try:
            outcomes[page] = check_page(page, user, sample, downloads)
        except AssertionError as err:
            problems.append(f"{page} as a {user.title.lower()}: {err}")
    assert not problems, "\n".join(problems)
    assert {p for p, o in outcomes.items() if o == "refused"} == {p for p in PAGES if not may_see_page(user, p)}
    assert "took a file" in outcomes.values() or not may(user, "see_team_rows")  # lists shown, one taken away


@pytest.mark.parametrize(("backend", "role"), [("sqlite", role) for role in USERS])
def test_the_menu_holds_exactly_the_pages_the_role_may_open_and_the_others_keep_their_address(
    role, in_sample, monkeypatch
):
    """app.py's st.navigation for the role: the allowed pages visible, every other page hidden (so its
    address reaches the page, which refuses in words), none missing."""
    user, given = USERS[role], []
    original = st.navigation

    def navigation(pages, *args, **kwargs):
        given.extend(pages)
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", navigation)
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=300), user).run()
    assert not at.exception
    files = {Path(str(p._page)).stem: p.visibility for p in given if isinstance(p._page, Path)}
    assert {f for f, shown in files.items() if shown == "visible"} == {p for p in PAGES if may_see_page(user, p)}
    assert set(files) == set(PAGES)


@pytest.mark.parametrize("backend", ["sqlite"])  # the pack is drawn by Chromium: once is enough
def test_the_panel_pack_holds_no_child_or_worker_id_and_taking_it_is_audited(sample, in_sample, downloads):
    at = run("panel", PANEL_MEMBER, sample)
    downloads.clear()
    at.button(key="make_panel_pack").click().run()
    assert not at.exception
    packs = [(label, name, data) for label, name, data in downloads if name.startswith("panel_pack_")]
    assert {name.rsplit(".", 1)[1] for _, name, _ in packs} == {"pdf", "html"}
    html = next(data for _, name, data in packs if name.endswith(".html"))
    assert not ids_in(html.decode("utf-8"), sample.ids)
    before = last_access(sample)
    next(b for b in at.download_button if b.label == "Download the pack (web page)").click().run()
    taken = accesses(sample, PANEL_MEMBER.name, before)
    assert taken[["event", "page"]].values.tolist() == [["download", "panel"]]
