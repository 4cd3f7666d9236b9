"""Sign in through a real OIDC provider (oidc-provider-mock, started by the test) as each role, in Chromium.

The app runs with an [auth] section naming the provider (Streamlit's st.login) and a roles file mapping
the identities' e-mail addresses and groups to roles, as a council's would.
"""

import pytest

from tests.browser.conftest import APP_TIMEOUT_MS, _free_port, _serve, wait_for_app

pytestmark = pytest.mark.browser

ROLES = """
people:
  ann@council.test: {role: analyst}
  tom@council.test: {role: team_manager, teams: [Children in Care 1]}
groups:
  panel-members: {role: panel}
"""


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    people = [
        User(sub="ann", claims={"email": "ann@council.test"}),
        User(sub="tom", claims={"email": "tom@council.test"}),
        User(sub="pat", claims={"email": "pat@council.test", "groups": ["panel-members"]}),
        User(sub="stranger", claims={"email": "stranger@elsewhere.test"}),
    ]
    with run_server_in_thread(user_claims=people) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def oidc_app(provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc")
    port = _free_port()
    (folder / "roles.yaml").write_text(ROLES, encoding="utf-8")
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a cookie secret only these tests use"\n'
        'client_id = "dashboard"\n'
        'client_secret = "not secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {"CSC_STORE_PATH": str(folder / "store.sqlite"), "CSC_ROLES_FILE": str(folder / "roles.yaml")}
    yield from _serve(env, ".streamlit-test-oidc.log", port, ("--secrets.files", str(folder / "secrets.toml")))


def sign_in_as(browser, app_url: str, sub: str):
    """A new browser (no cookies) signing in at the provider as `sub`; returns its page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(APP_TIMEOUT_MS)  # a state may take long to come on a loaded machine
    context.set_default_navigation_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in with your council account").click()
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**")
    return page


def menu(page) -> list[str]:
    page.locator('[data-testid="stSidebarNavLink"]').first.wait_for()
    return [t.split("\n")[-1] for t in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]


def test_an_analyst_signs_in_through_the_provider_and_gets_every_page(browser, oidc_app):
    page = sign_in_as(browser, oidc_app, "ann")
    assert {"Check and load files", "Upload history", "Audit log", "Performance surgery"} <= set(menu(page))
    page.get_by_text("Signed in as").first.wait_for()  # after the first run's benchmark import
    shown = page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")  # md()'s anti-link joiner
    assert "ann@council.test" in shown


def test_the_panel_gets_only_its_pages_and_a_typed_address_does_not_open_another(browser, oidc_app):
    page = sign_in_as(browser, oidc_app, "pat")
    assert set(menu(page)) == {
        "Corporate parenting panel",
        "Our figures, easy read",
        "Templates and data dictionary",
        "About this dashboard",
        "Accessibility statement",
    }
    page.goto(f"{oidc_app}/surgery")
    menu(page)
    wait_for_app(page)
    assert "Performance surgery" not in page.locator("h1").all_inner_texts()


def test_a_team_manager_has_no_load_history_or_data_quality(browser, oidc_app):
    page = sign_in_as(browser, oidc_app, "tom")
    names = set(menu(page))
    assert "Performance surgery" in names
    assert not names & {"Check and load files", "Upload history", "Data quality", "Audit log"}


def test_someone_the_roles_file_does_not_name_is_told_and_sees_nothing(browser, oidc_app):
    page = sign_in_as(browser, oidc_app, "stranger")
    page.get_by_text("gives that account no role").wait_for()
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
