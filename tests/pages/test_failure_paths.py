"""Failure paths (issue 16): an unexpected error shows a plain message with a reference, never a
traceback; a load that waits too long for another is refused in words naming whose is running (on
SQLite and on PostgreSQL); the
server's settings keep table downloads, error details and uploads in check."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.roles import ANALYST
from tests.shown import seen

ROOT = Path(__file__).resolve().parents[2]
WORKFORCE = (
    "worker_id,team,role,case_holding,employment_type,fte,start_date,end_date,caseload\n"
    "WB1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,18\n"
)


def every_text(at: AppTest) -> str:
    """Everything a visitor could read on the page (alerts, Markdown, headings, exceptions)."""
    parts = [
        e.value for kind in ("error", "warning", "info", "success", "markdown", "title", "header") for e in at.get(kind)
    ]
    return " ".join([*map(str, parts), *(str(e.value) for e in at.exception)])


def failing_page():
    from pages.parts.errors import plain_errors

    with plain_errors():
        raise RuntimeError("connection to 10.1.2.3 port 5432 failed for user csc at /srv/app/store.py")


def test_an_unexpected_error_shows_a_plain_message_with_a_reference(caplog):
    at = AppTest.from_function(failing_page).run()
    assert not at.exception
    (error,) = at.error
    text = seen(error.value)
    assert text.startswith("Something went wrong and this page could not be shown in full.")
    reference = text.split("give them reference **")[1][:8]
    assert reference.isalnum() and reference.isupper()
    assert "10.1.2.3" not in every_text(at) and "/srv/app" not in every_text(at) and "Traceback" not in every_text(at)
    assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)  # the log holds the detail


def test_a_database_out_of_reach_shows_a_reference_not_its_address(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://csc:s3cret@127.0.0.1:9/csc_live")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    shown = every_text(at)
    assert "reference" in seen(shown)
    for secret in ("127.0.0.1", "s3cret", "csc_live", "Traceback", "psycopg"):
        assert secret not in shown


def test_a_load_waiting_too_long_for_another_is_refused_in_words_naming_it(tmp_path, monkeypatch):
    from ingest.check import check_file
    from store import db
    from workflows import la_code, store
    from workflows.uploads import load_checked, plan_load

    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_S", 1)  # read when the engine's connections open
    engine = store()
    result = check_file("workforce_2024-01.csv", WORKFORCE.encode())
    plan = plan_load(engine, la_code(), result, None)
    reports = []
    with db.activity(engine, "Ann Analyst", "a load of workforce_2023-12.csv"), db.writing(engine):
        waiting = threading.Thread(
            target=lambda: reports.append(load_checked(engine, la_code(), result, plan, ANALYST))
        )
        waiting.start()
        waiting.join()  # the other load still holds the store: this one gives up after its wait
    (report,) = reports
    assert report.level == "refused"
    assert report.message.startswith(
        "Not stored: another change is being saved (a load of workforce_2023-12.csv, started "
    )
    assert "by Ann Analyst), and this one waited 1 seconds" in report.message
    assert "locked" not in report.message and "sqlite" not in report.message.lower()
    assert load_checked(engine, la_code(), result, plan, ANALYST).level == "loaded"  # once it has finished


@pytest.mark.postgres
def test_a_load_waiting_too_long_on_postgresql_is_refused_in_words_naming_it(monkeypatch):
    """PostgreSQL's lock_timeout gives a waiting load the same worded refusal as SQLite's busy timeout."""
    from ingest.check import check_file
    from store import db
    from store.batches import _lock
    from tests.databases import postgres_server_or_skip
    from workflows import la_code, store
    from workflows.uploads import load_checked, plan_load

    server = postgres_server_or_skip()
    url = server.create()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_S", 1)  # the lock_timeout every writing transaction sets
    try:
        engine = store()
        result = check_file("workforce_2024-01.csv", WORKFORCE.encode())
        plan = plan_load(engine, la_code(), result, None)
        reports = []
        with db.activity(engine, "Ann Analyst", "a load of workforce_2024-01.csv"), db.writing(engine) as conn:
            _lock(conn, la_code(), "workforce", "2024-01")  # the other load holds January's workforce
            waiting = threading.Thread(
                target=lambda: reports.append(load_checked(engine, la_code(), result, plan, ANALYST))
            )
            waiting.start()
            waiting.join()  # gives up after lock_timeout, while the other still holds the month
        (report,) = reports
        assert report.level == "refused"
        assert report.message.startswith(
            "Not stored: another change is being saved (a load of workforce_2024-01.csv, started "
        )
        assert "by Ann Analyst), and this one waited 1 seconds" in report.message
        assert "lock" not in report.message.lower() and "psycopg" not in report.message
        assert load_checked(engine, la_code(), result, plan, ANALYST).level == "loaded"  # once it has finished
    finally:
        store().dispose()
        server.drop(url)
        server.admin.dispose()


def test_the_server_config_hides_error_details_and_table_downloads_and_listens_locally():
    from settings import max_upload_bytes, transport_limit_mib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True  # no raw "Download as CSV" on st.dataframe
    assert config["server"]["address"] == "localhost"
    # Streamlit's cap (MiB) is the app's own limit rounded up, no more: 50 MB -> 48 MiB rounded up to 48
    assert config["server"]["maxUploadSize"] >= transport_limit_mib() >= max_upload_bytes() / 2**20
    assert config["server"]["maxUploadSize"] * 2**20 < max_upload_bytes() * 1.1
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--server.address 0.0.0.0" in readme


@pytest.mark.parametrize("limit", ["50", "0.5", "300", "not a number"])
def test_the_uploaders_cap_is_the_apps_limit_rounded_up_to_whole_mib(monkeypatch, limit):
    from settings import max_upload_bytes, transport_limit_mib

    monkeypatch.setenv("CSC_MAX_UPLOAD_MB", limit)
    assert (transport_limit_mib() - 1) * 2**20 < max_upload_bytes() <= transport_limit_mib() * 2**20
