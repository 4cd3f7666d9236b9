"""Sign in through a real OIDC provider (oidc-provider-mock, started by the test) as each role, in Chromium.

The app runs with an [auth] section naming the provider (Streamlit's st.login) and a roles file mapping
the identities' e-mail addresses and groups to roles, as a council's would.
"""

import pytest

from core.access import PAGES, User, may_see_page
from tests.browser.conftest import APP_TIMEOUT_MS, ARTIFACTS, _free_port, _serve, wait_for_app

pytestmark = pytest.mark.browser

ROLES = """
people:
  ann@council.test: {role: analyst}
  sam@council.test: {role: service_manager}
  tom@council.test: {role: team_manager, teams: [Children in Care 1]}
groups:
  panel-members: {role: panel}
"""


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    people = [
        User(sub="ann", claims={"email": "ann@council.test"}),
        User(sub="sam", claims={"email": "sam@council.test"}),
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


def menu_titles() -> dict[str, str]:
    """Each page file's title in the menu (app.py's), theme pages' from the catalogue."""
    from views.themes import theme_pages

    titles = {file: title for file, title, _ in theme_pages()} | FIXED_TITLES
    assert set(titles) == set(PAGES), "a page without a title here: add it, so its role is tested"
    return titles


FIXED_TITLES = {
    "overview": "Overview",
    "benchmarking": "Benchmarking",
    "surgery": "Performance surgery",
    "panel": "Corporate parenting panel",
    "easy_read": "Our figures, easy read",
    "check": "Check and load files",
    "indicators": "Indicators",
    "history": "Upload history",
    "audit": "Audit log",
    "users": "Users and roles",
    "data_quality": "Data quality",
    "dictionary": "Templates and data dictionary",
    "home": "About this dashboard",
    "accessibility": "Accessibility statement",
}
# Who signs in for each role, and addresses they type: (url path, page file), the first allowed ones
# only for the analyst, who may open every page.
SIGN_IN = {
    "analyst": ("ann", [("users", "users"), ("audit", "audit")]),
    "service_manager": ("sam", [("check", "check"), ("history", "history"), ("audit", "audit"), ("users", "users")]),
    "team_manager": ("tom", [("data-quality", "data_quality"), ("check", "check"), ("users", "users")]),
    "panel": ("pat", [("surgery", "surgery"), ("overview", "overview"), ("audit", "audit"), ("users", "users")]),
}
USERS = {
    "analyst": User("ann@council.test", "analyst"),
    "service_manager": User("sam@council.test", "service_manager"),
    "team_manager": User("tom@council.test", "team_manager", ("Children in Care 1",)),
    "panel": User("pat@council.test", "panel"),
}


@pytest.mark.parametrize("role", list(SIGN_IN))
def test_each_role_signs_in_through_the_provider_gets_its_menu_and_a_typed_address_is_refused_in_words(
    browser, oidc_app, role
):
    sub, typed = SIGN_IN[role]
    user, titles = USERS[role], menu_titles()
    page = sign_in_as(browser, oidc_app, sub)
    assert set(menu(page)) == {titles[p] for p in PAGES if may_see_page(user, p)}
    page.get_by_text("Signed in as").first.wait_for()  # after the first run's benchmark import
    shown = page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")  # md()'s anti-link joiner
    assert f"{sub}@council.test ({user.title.lower()})" in shown
    for path, file in typed:
        page.goto(f"{oidc_app}/{path}")
        menu(page)
        wait_for_app(page)
        headings = page.locator("h1").all_inner_texts()
        if may_see_page(user, file):
            assert titles[file] in headings, (role, path, headings)
            continue
        refusal = page.get_by_text(f"Your role ({user.title.lower()}) cannot open this page")
        refusal.wait_for()
        assert titles[file] not in headings, (role, path, headings)
        assert page.locator('[data-testid="stDataFrame"], [data-testid="stTable"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / f"oidc_{role}_{file}.png"), full_page=True)
    page.context.close()


def test_someone_the_roles_file_does_not_name_is_told_and_sees_nothing(browser, oidc_app):
    page = sign_in_as(browser, oidc_app, "stranger")
    page.get_by_text("gives that account no role").wait_for()
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
