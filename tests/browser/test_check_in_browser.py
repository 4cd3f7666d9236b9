"""Upload files through the real Check page in Chromium and read what an analyst would see."""

import pytest

from sample_data.check_examples import example_files
from tests.browser.conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.browser


def upload(page, app_url, paths, until: str) -> None:
    """Open the Check page, upload files through the real file input and wait for a sentence.

    Waits for the states it needs: the page drawn (the router's navigation, Streamlit not running), the
    file input attached (it is hidden, so attached rather than visible), then the sentence."""
    page.goto(f"{app_url}/check")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Templates and data dictionary").wait_for()
    wait_for_app(page)
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.wait_for(state="attached")
    uploader.set_input_files(paths)
    page.get_by_text(until).first.wait_for()
    wait_for_app(page)


def test_uploading_messy_and_broken_files_gives_a_complete_report(page, app_url, tmp_path):
    paths = []
    for name, data in example_files():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    upload(page, app_url, paths, "Not ready: 6 problems to fix")
    page.locator('[data-testid="stTable"]', has_text="allocations_2025-03.csv").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "check_uploaded.png"), full_page=True)

    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert sum("Ready to load: 5 data rows" in a for a in alerts) == 1
    assert sum("Ready to load: 3 data rows" in a for a in alerts) == 2
    assert any("Not ready: 6 problems to fix (7 data rows read)" in a for a in alerts)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Read as 2,1" not in body  # sanity: facts line is plain text
    assert "encoding UTF-16 (Unicode text), tab-separated" in body
    assert "encoding UTF-8 with BOM, comma-separated, extract date 03/04/2025 (from the file name)" in body


def test_a_spreadsheet_renamed_csv_is_refused_with_a_plain_message(page, app_url, tmp_path):
    fake = tmp_path / "workforce_2025-03.csv"
    fake.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    upload(page, app_url, str(fake), "Not ready: 1 problem to fix")
    page.screenshot(path=str(ARTIFACTS / "check_spreadsheet.png"), full_page=True)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Whole file: This is an Excel workbook (.xlsx) or another zipped file, not a CSV file." in main


def test_problems_are_listed_by_row_and_column_in_a_readable_table(page, app_url, tmp_path):
    bad = tmp_path / "allocations_2025-03.csv"
    bad.write_text("child_id,worker_id,team,cohort,start_date,end_date\nC1,W1,Hub,LAC,31/02/2025,\n")
    upload(page, app_url, str(bad), "Not ready: 2 problems to fix")
    page.locator('[data-testid="stTable"] td', has_text="is not a valid cohort code").wait_for()
    tables = page.eval_on_selector_all(
        '[data-testid="stTable"] table',
        "tables => tables.map(t => [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim())))",
    )
    header, *rows = next(t for t in tables if t and "Problem and how to fix it" in t[0])
    problems = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(p["Row"], p["Record"], p["Column"], p["Value"]) for p in problems] == [
        ("2", "child C1, worker W1", "start_date", "31/02/2025"),
        ("2", "child C1, worker W1", "cohort", "LAC"),
    ]
    assert problems[0]["Problem and how to fix it"].startswith("31/02/2025 is not a real date")
    assert problems[1]["Problem and how to fix it"].startswith("'LAC' is not a valid cohort code")


def test_two_files_with_the_same_name_are_both_checked(page, app_url, tmp_path):
    paths = []
    for folder, body in (
        ("a", b"child_id,worker_id,team,cohort,start_date,end_date\nC1,W1,T,CIN,01/03/2025,\n"),
        ("b", b""),
    ):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "allocations_2025-03.csv"
        path.write_bytes(body)
        paths.append(str(path))
    upload(page, app_url, paths, "Not ready: 1 problem to fix")
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("Ready to load: 1 data row, no problems" in a for a in alerts)
    assert not page.locator('[data-testid="stException"]').count()


def test_warnings_must_be_confirmed_before_a_file_is_ready(page, app_url, tmp_path):
    path = tmp_path / "workforce_2025-03.csv"
    path.write_bytes(
        b"worker_id,team,role,case_holding,employment_type,fte,start_date,end_date,caseload\n"
        b"W1,Hub 1,Social worker,Y,permanent,1,14/04/2025,,12\n"
    )
    # two warnings: the worker starts after month end, and no record touches March 2025 (an April extract?)
    upload(page, app_url, str(path), "Nearly ready: 1 data row, no errors, 2 warnings to check and confirm.")
    page.get_by_text("I have checked the warnings and this file is right").click()
    confirmed = page.get_by_test_id("stAlertContentSuccess").get_by_text("(warnings confirmed)")
    confirmed.wait_for()
    assert confirmed.inner_text() == "Ready to load: 1 data row, no problems (warnings confirmed)."
