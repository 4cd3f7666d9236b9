"""Hostile and broken files through the Check and load page (issue 16), on a SQLite store and on a
PostgreSQL one: markup in a file name or a cell stays text, the problems download runs no formula, a
file for the wrong month, a row with a value too many and Excel's Mon-YY months are each said in words
before anything loads, sizes are in the megabytes the limit is set in, and the loaded files' bytes are
let go once loaded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from tests.databases import postgres_server_or_skip
from tests.shown import seen, seen_table

ROOT = Path(__file__).resolve().parents[2]
ALLOCATIONS = ["Child ID", "Allocated Worker", "Team", "Cohort", "Allocation Start Date", "Allocation End Date"]
HOSTILE_NAME = "allocations_2025-03_<b>x</b> [y](https://example.org).csv"
HOSTILE_TEAM = "[Re-enter your password](https://example.org/login)"
MARKUP = ("](https://", "<b>", "[y]")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_store(request, tmp_path, monkeypatch):
    """An empty store of this test's own: a SQLite file, or a PostgreSQL database dropped afterwards."""
    from workflows import store

    if request.param == "sqlite":
        monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
        yield
        store().dispose()
        return
    server = postgres_server_or_skip()
    url = server.create()
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        yield
    finally:
        store().dispose()
        server.drop(url)
        server.admin.dispose()


@pytest.fixture
def downloads(monkeypatch):
    """Every file the page offers (label, file name, bytes), caught on its way to st.download_button."""
    offered: list[tuple[str, str, bytes]] = []
    original = DeltaGenerator.download_button

    def download_button(self, label, data, file_name=None, *args, **kwargs):
        offered.append((label, file_name or "", data.encode() if isinstance(data, str) else bytes(data)))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", download_button)
    monkeypatch.setattr("streamlit.download_button", lambda *a, **k: download_button(st._main, *a, **k))
    return offered


pytestmark = pytest.mark.usefixtures("fresh_store")


def check_page(files: list[tuple[str, bytes]], monkeypatch) -> AppTest:
    monkeypatch.setattr("sample_data.check_examples.example_files", lambda: files)
    at = AppTest.from_file(str(ROOT / "pages" / "check.py"), default_timeout=120).run()
    at.button[0].click().run()  # "Try the example files", here the files given
    assert not at.exception, at.exception
    return at


def every_markdown(at: AppTest) -> list[str]:
    texts = [
        str(e.value) for kind in ("title", "header", "markdown", "success", "error", "warning") for e in at.get(kind)
    ]
    for table in at.table:
        frame = table.value
        texts += [str(v) for v in [*frame.columns, *frame.to_numpy().ravel().tolist()]]
    return texts


def assert_no_markup(at: AppTest) -> None:
    for text in every_markdown(at):
        for raw in MARKUP:
            start = text.find(raw)
            assert start == -1 or text[start - 1 : start] == "\\", f"unescaped {raw!r} in {text!r}"


def load(at: AppTest) -> AppTest:
    next(c for c in at.checkbox if c.label.startswith("I have checked the table above")).check().run()
    return next(b for b in at.button if b.label == "Load into the store").click().run()


def test_a_hostile_file_name_and_team_load_as_text_and_the_files_are_let_go(monkeypatch):
    data = _csv(ALLOCATIONS, [["C1", "W1", HOSTILE_TEAM, "CIN", "01/03/2025", ""]])
    at = check_page([(HOSTILE_NAME, data)], monkeypatch)
    assert any(seen(h.value) == HOSTILE_NAME for h in at.header)  # the file's heading, as typed
    assert_no_markup(at)
    assert "uploads:0" in at.session_state
    at = load(at)
    assert not at.exception, at.exception
    (loaded,) = [s for s in at.success if seen(s.value).startswith(HOSTILE_NAME)]
    assert seen(loaded.value).startswith(f"{HOSTILE_NAME}: First social worker allocations batch for March 2025")
    assert_no_markup(at)
    assert at.session_state["load_round"] == 1
    # The uploader's key moved on, so Streamlit drops the loaded files' bytes with the old widget.
    assert "uploads:0" not in at.session_state and "uploads:1" in at.session_state


def test_the_problems_download_runs_no_formula(monkeypatch, downloads):
    rows = [["C1", "W1", "Hub", '=HYPERLINK("https://example.org","x")', "01/03/2025", ""]]  # an unknown cohort
    check_page([("allocations_2025-03.csv", _csv(ALLOCATIONS, rows))], monkeypatch)
    (_, name, data), *_ = [d for d in downloads if d[0] == "Download problems (CSV)"]
    problems = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in problems for cell in row]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)  # kept, as text a spreadsheet will not run
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert name == "problems_allocations_2025-03_csv.csv"


def test_a_file_for_the_month_before_is_named_as_such_and_waits_for_a_confirm(monkeypatch):
    rows = [[f"C{n}", "W1", "Hub", "CIN", "01/01/2025", "20/02/2025"] for n in range(3)]
    at = check_page([("allocations_2025-03.csv", _csv(ALLOCATIONS, rows))], monkeypatch)
    whole_file = " ".join(seen(m.value) for m in at.markdown if "Whole file" in m.value)
    assert "None of the 3 rows was current in March 2025" in whole_file
    assert "This looks like the February 2025 extract" in whole_file
    assert at.warning[0].value.startswith("Nearly ready")
    assert not [c for c in at.checkbox if c.label.startswith("I have checked the table above")]  # nothing to load yet
    next(c for c in at.checkbox if c.label.startswith("I have checked the warnings")).check().run()
    assert [c for c in at.checkbox if c.label.startswith("I have checked the table above")]


def test_a_row_with_one_value_too_many_is_refused_in_words(monkeypatch):
    body = _csv(ALLOCATIONS, [["C1", "W1", "Hub 1", "CIN", "01/03/2025", ""]]).decode()
    body += "C2,W2,Hub 1, East,CIN,01/03/2025,\r\n"  # an unquoted comma: one value more, the last blank
    at = check_page([("allocations_2025-03.csv", body.encode())], monkeypatch)
    problems = seen_table(next(t.value for t in at.table if "Rule" in t.value.columns))
    (ragged,) = problems[problems["Rule"] == "ragged_row"].to_dict("records")
    assert ragged["Row"] == 3
    assert ragged["Problem and how to fix it"].startswith("Row 3 has 7 values, the header has 6")
    assert seen(at.error[0].value).startswith("Not ready: 1 problem to fix")
    assert "No file is ready to load yet" in " ".join(m.value for m in at.markdown)


def test_mon_yy_months_are_converted_and_the_rows_counted(monkeypatch):
    header = ["period", "indicator_code", "numerator", "denominator"]
    rows = [["Oct-18", "visits_in_time", "3", "4"], ["Nov-18", "visits_in_time", "2", "4"]]
    at = check_page([("values.csv", _csv(header, rows))], monkeypatch)
    problems = seen_table(next(t.value for t in at.table if "Rule" in t.value.columns))
    (warning,) = problems[problems["Rule"] == "two_digit_year"].to_dict("records")
    assert warning["Problem and how to fix it"].startswith(
        "2 rows give the month as Excel shows it, with a two-digit year (row 2: 'Oct-18', read as October 2018)"
    )
    assert seen_table(at.table[0].value).loc[0, "Warnings"] == 1


def test_sizes_are_said_in_the_megabytes_the_limit_is_set_in(monkeypatch):
    monkeypatch.setenv("CSC_MAX_UPLOAD_MB", "1")  # 1,000,000 bytes, not 1 MiB (1,048,576)
    data = _csv(ALLOCATIONS, [[f"C{n:06d}", "W1", "Hub", "CIN", "01/03/2025", ""] for n in range(32_000)])
    assert 1_000_000 < len(data) < 2**20  # over the limit in MB, under it in MiB
    at = check_page([("allocations_2025-03.csv", data)], monkeypatch)
    assert "Files over 1.0 MB are refused" in " ".join(m.value for m in at.markdown)
    whole_file = " ".join(seen(m.value) for m in at.markdown if "Whole file" in m.value)
    assert f"The file is {len(data) / 10**6:,.1f} MB, over the 1.0 MB limit, so it was not read" in whole_file
