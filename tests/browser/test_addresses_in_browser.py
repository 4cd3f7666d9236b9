"""Every menu address is a real one: typed or bookmarked, it opens its page (no "Page not found")."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("address", ["/", "/overview"])
def test_the_overview_opens_at_the_root_and_at_its_own_address(page, app_url, address):
    page.goto(f"{app_url}{address}")
    expect(page.get_by_role("heading", name="Overview: the inspection tracker")).to_be_visible()
    assert page.url.endswith("/overview")
    assert page.get_by_text("Page not found").count() == 0


def test_the_menu_link_to_the_overview_names_its_own_address(page, app_url):
    page.goto(f"{app_url}/accessibility")
    link = page.locator('[data-testid="stSidebarNavLink"]', has_text="Overview")
    assert link.get_attribute("href").endswith("/overview")
    link.click()
    expect(page.get_by_role("heading", name="Overview: the inspection tracker")).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0
