"""Sign-in on the page: local accounts, wrong passwords, the demo banner, the idle timeout and sign-out."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages import SESSION_KEY, Session
from workflows import store
from workflows.users import NewAccount, add_account

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))


def signed_out(path: str) -> AppTest:
    """The app or a page as a visitor who has not signed in sees it (tests/conftest.py signs AppTests in)."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    del at.session_state[SESSION_KEY]
    return at.run()


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_a_store_without_accounts_tells_how_to_create_the_first_one():
    at = signed_out("app.py")
    assert at.title[0].value == "Sign in"
    assert "python -m workflows.users add NAME --role analyst" in at.info[0].value


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_page():
    add_account(store(), NewAccount("ann", "analyst"), PASSWORD)
    at = sign_in(signed_out("pages/accessibility.py"), "ann", "not the password")
    assert at.error[0].value.startswith("That name and password do not match")
    assert at.title[0].value == "Sign in"
    at = sign_in(at, "ann", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Accessibility statement"
    assert at.session_state[SESSION_KEY].user.name == "ann"


def test_a_page_reached_by_its_address_asks_for_sign_in_too():
    add_account(store(), NewAccount("ann", "analyst"), PASSWORD)
    at = signed_out("pages/history.py")
    assert at.title[0].value == "Sign in"
    assert not [t for t in at.title if t.value == "Upload history"]


def test_the_sample_demo_runs_as_an_analyst_with_a_banner(monkeypatch):
    monkeypatch.setenv("CSC_SAMPLE_DATA", "auto")
    at = signed_out("pages/home.py")
    assert not at.exception
    assert at.warning[0].value.startswith("**Demo: you are signed in automatically as an analyst**")
    assert at.session_state[SESSION_KEY].how == "demo"


def test_an_idle_session_is_signed_out_with_a_message(monkeypatch):
    monkeypatch.setenv("CSC_IDLE_MINUTES", "30")
    add_account(store(), NewAccount("ann", "analyst"), PASSWORD)
    at = AppTest.from_file(str(ROOT / "pages" / "home.py"), default_timeout=60)
    session = at.session_state[SESSION_KEY]
    at.session_state[SESSION_KEY] = Session(session.user, time.time() - 31 * 60, "local")
    at.run()
    assert at.title[0].value == "Sign in"
    assert at.info[0].value == (
        "You were signed out because the dashboard was not used for 30 minutes. "
        "Sign in again to carry on; nothing you saved is lost."
    )
    assert SESSION_KEY not in at.session_state


def test_sign_out_is_on_every_page_and_ends_the_session():
    add_account(store(), NewAccount("ann", "analyst"), PASSWORD)
    at = AppTest.from_file(str(ROOT / "pages" / "accessibility.py"), default_timeout=60).run()
    assert "Signed in as **test analyst** (analyst)" in [m.value for m in at.sidebar.markdown]
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in"
    assert at.info[0].value == "You have signed out."
