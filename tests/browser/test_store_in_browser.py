"""Load, the no-op, supersede and revert through the real pages in Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, wait_for_app
from tests.browser.test_check_in_browser import upload

pytestmark = pytest.mark.browser

HEADER = "worker_id,team,role,case_holding,employment_type,fte,start_date,end_date,caseload\n"
FIRST = HEADER + "WB1,Hub 1,Social worker,Y,permanent,1,01/01/2020,,18\n"
SECOND = FIRST + "WB2,Hub 2,Social worker,Y,agency,0.5,01/06/2023,,9\n"


def load_file(page, app_url, path, says: str) -> str:
    """Upload one file on the Check page, confirm, load, and return the message shown afterwards."""
    upload(page, app_url, str(path), "Load into the store")
    confirm_and_load(page)
    shown = page.locator('[data-testid="stAlert"]', has_text=says).first
    shown.wait_for()
    wait_for_app(page)
    return shown.inner_text()


def confirm_and_load(page) -> None:
    """Tick the confirmation, wait until the Load button is enabled by it, then load."""
    page.get_by_text("I have checked the table above").click()
    button = page.get_by_role("button", name="Load into the store")
    expect(button).to_be_enabled()
    button.click()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_app(request):
    """The same journey on the app's two stores."""
    return request.getfixturevalue("app_url" if request.param == "sqlite" else "postgres_app_url")


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by typing to filter it, as a keyboard user would."""
    box = page.locator('[data-testid="stSelectbox"]', has_text=label).locator("input")
    box.wait_for()
    wait_for_app(page)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.wait_for()
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_load_the_same_file_again_supersede_and_revert(page, store_app, tmp_path):
    app_url = store_app
    path = tmp_path / "workforce_2024-01.csv"
    path.write_text(FIRST)
    first = load_file(page, app_url, path, "First social work workforce batch for January 2024")
    assert "January 2024. 1 row." in first

    again = load_file(page, app_url, path, "already loaded for January 2024")
    assert "Nothing was changed" in again

    path.write_text(SECOND)
    upload(page, app_url, str(path), "Load into the store")
    plan = page.locator('[data-testid="stTable"]', has_text="What happens").last.inner_text()
    assert "Replaces the January 2024 batch loaded on" in plan
    page.screenshot(path=str(ARTIFACTS / f"load_plan_{tmp_path.name}.png"), full_page=True)
    confirm_and_load(page)
    replaced = page.locator('[data-testid="stAlert"]', has_text="Replaces the January 2024 batch")
    replaced.wait_for()
    assert "1 record added, 0 records no longer listed" in replaced.inner_text()

    page.goto(f"{app_url}/history")
    wait_for_app(page)
    page.get_by_text("Upload history").first.wait_for()
    choose(page, "Batch to make current", "workforce_2024-01.csv (superseded)")
    page.get_by_text("I want this batch to replace the one current for its month").click()
    button = page.get_by_role("button", name="Make this batch current")
    expect(button).to_be_enabled()
    button.click()
    reverted = page.locator('[data-testid="stAlert"]', has_text="is current again for January 2024")
    reverted.wait_for()
    assert "1 record no longer listed" in reverted.inner_text()
    wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / f"history_reverted_{tmp_path.name}.png"), full_page=True)
