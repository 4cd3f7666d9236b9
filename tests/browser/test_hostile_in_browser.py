"""Hostile team names and a hostile file name, loaded through the real Check page in Chromium: no page's
DOM holds a link, an image or markup that came from the data, and the browser asks no outside host for
anything (issue 16)."""

import csv
import io

import pytest

from tests.browser.conftest import ARTIFACTS, wait_for_app
from tests.browser.test_check_in_browser import upload

pytestmark = pytest.mark.browser

TEAMS = [
    "[Re-enter your password](https://example.org/login)",
    "![pixel](https://example.org/pixel.png)",
    "<a href=https://example.org>Hub A</a>",
    "<b>Bold hub</b>",
]
FROM_DATA = """() => {
    const outside = (v) => (v || "").includes("example.org");
    const main = document.querySelector('[data-testid="stMain"]');
    return {
        links: [...document.querySelectorAll("a")].filter(a => outside(a.getAttribute("href"))
            || outside(a.getAttribute("xlink:href"))).map(a => a.outerHTML.slice(0, 300)),
        images: [...document.querySelectorAll("img, image")].filter(i => outside(i.getAttribute("src"))
            || outside(i.getAttribute("href"))).length,
        bold: [...main.querySelectorAll("b, strong")].filter(b => b.textContent.includes("Bold hub")).length,
        text: main.innerText,
    };
}"""


def hostile_csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue()


def test_hostile_names_are_shown_as_typed_and_nothing_leaves_localhost(page, app_url, tmp_path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    workforce = hostile_csv(
        ["worker_id", "team", "role", "case_holding", "employment_type", "fte", "start_date", "end_date", "caseload"],
        [
            [f"WH{n}{k}", t, "Social worker", "Y", "permanent", "1", "01/01/2018", "", "22"]
            for n, t in enumerate(TEAMS)
            for k in range(2)
        ],
    )
    path = tmp_path / "workforce_2019-05_<b>x [y](#z).csv"  # a file name is data too
    path.write_text(workforce)
    upload(page, app_url, str(path), "Load into the store")
    page.get_by_text("I have checked the table above").click()
    page.get_by_role("button", name="Load into the store").click()
    page.locator('[data-testid="stAlert"]', has_text="batch for May 2019").first.wait_for()
    wait_for_app(page)
    found = page.evaluate(FROM_DATA)
    assert "workforce_2019-05_<b>x [y](#z).csv" in found["text"]  # the file name, as typed

    for address in ("workforce?from=2019-05&to=2019-05", "surgery?month=2019-05", "data-quality", "history", "check"):
        page.goto(f"{app_url}/{address}")
        wait_for_app(page)
        if address.startswith(("workforce", "surgery")):
            page.locator(".js-plotly-plot").first.wait_for()
        found = page.evaluate(FROM_DATA)
        assert (found["links"], found["images"], found["bold"]) == ([], 0, 0), address
    page.goto(f"{app_url}/workforce?from=2019-05&to=2019-05")
    page.locator(".js-plotly-plot").first.wait_for()
    wait_for_app(page)
    text = page.evaluate(FROM_DATA)["text"]
    assert "<b>Bold hub</b>" in text and "[Re-enter your password](https://example.org/login)" in text
    page.screenshot(path=str(ARTIFACTS / "hostile_workforce.png"), full_page=True)
    local = (app_url, app_url.replace("http://", "ws://"), "data:", "blob:", "about:")
    assert [url for url in requests if not url.startswith(local)] == []
