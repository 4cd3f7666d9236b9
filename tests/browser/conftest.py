"""Start the real app on a free local port and drive it with Playwright in Debian's Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import postgres_server_or_skip

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STARTUP_SECONDS = 90
# Every wait below waits for a state (an element, Streamlit's own run state), never for a time; this is
# only how long a state may take to come on a loaded machine before the test gives up.
APP_TIMEOUT_MS = 180_000
# Streamlit marks its root element with its connection and script-run state: connected and not running
# means the page has finished drawing after the last action.
APP_READY = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
BROWSER_ACCOUNT = ("browser analyst", "a password only these tests use")  # created in each app's store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict[str, str], log_name: str, port: int | None = None, options: tuple[str, ...] = ()):
    """Run `streamlit run app.py` on a free port (or `port`) with this environment and these Streamlit
    options until the generator closes."""
    port = port or _free_port()
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # one log per pytest-xdist worker: each runs its own app
    log_name = f"{log_name.removesuffix('.log')}-{worker}.log" if worker else log_name
    log = open(ARTIFACTS.parent / log_name, "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *options,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail(f"the app did not start within {STARTUP_SECONDS} s; see tests/{log_name}")
    yield url
    server.terminate()
    server.wait(timeout=20)
    log.close()


def _with_account(url: str | None = None) -> None:
    """The analyst account the browser signs in with (the app's store holds no account otherwise)."""
    from store.db import open_store
    from workflows.users import NewAccount, add_account

    add_account(open_store(url), NewAccount(BROWSER_ACCOUNT[0], "analyst"), BROWSER_ACCOUNT[1])


@pytest.fixture(scope="session")
def app_url():
    """The app on its default store: a SQLite file (tests/conftest.py points it at a temp folder)."""
    _with_account()
    yield from _serve({}, ".streamlit-test.log")


@pytest.fixture(scope="session")
def postgres_app_url():
    """The app with DATABASE_URL naming a fresh PostgreSQL database, as a replica would run."""
    server = postgres_server_or_skip()
    database = server.create()
    try:
        _with_account(database.replace("postgresql://", "postgresql+psycopg://", 1))
        yield from _serve({"DATABASE_URL": database}, ".streamlit-test-postgres.log")
    finally:
        server.drop(database)
        server.admin.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed; scripts/test.sh installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


def wait_for_app(page) -> None:
    """Streamlit is connected and no script run is in progress (read from the app's root element)."""
    page.locator(APP_READY).wait_for()


@pytest.fixture
def page(browser):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(APP_TIMEOUT_MS)  # every locator wait and action, and every expect below
    context.set_default_navigation_timeout(APP_TIMEOUT_MS)
    expect.set_options(timeout=APP_TIMEOUT_MS)
    page = context.new_page()
    opened = page.goto

    def goto(url: str, **options):
        """Open the address and sign in when asked: each opened address is a new Streamlit session."""
        response = opened(url, **options)
        asked = page.get_by_label("Account name")
        signed_in = page.locator('[data-testid="stSidebarNavLink"]', has_text="Accessibility statement")
        asked.or_(signed_in).first.wait_for()  # not the first visit's pages-folder menu
        if asked.count():
            asked.fill(BROWSER_ACCOUNT[0])
            page.get_by_label("Password", exact=True).fill(BROWSER_ACCOUNT[1])
            page.get_by_role("button", name="Sign in").click()
            signed_in.wait_for()
            page.get_by_label("Account name").wait_for(state="detached")
        wait_for_app(page)
        return response

    page.goto = goto
    yield page
    context.close()
