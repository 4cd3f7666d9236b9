"""A Report as a tagged A4 PDF, printed by headless Chromium (Debian's) through Playwright.

Tagged: headings, paragraphs, lists, tables and figures (with their alt text) are in the PDF's
structure tree, so screen readers and reflow work; the outline (bookmarks) follows the headings; the
document's title comes from <title> and its language from <html lang>. Every page has a footer with
the report's title, the data-as-at date and "Page 3 of 12".

Nothing is fetched: the HTML is self-contained, JavaScript is off, and any request the page might
still make is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from exports.browser import QUIET_SWITCHES, ExportUnavailable, chromium_path, in_own_thread
from exports.document import Report
from exports.html import PAGE_MARGINS_MM, PAGE_SIZE, report_html

FOOTER_FONT = "'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"
FOOTER_SIZE_PT = 8.5
PRINT_TIMEOUT_MS = 120_000
_REMOTE = re.compile(r"^(https?|wss?|ftp|file):", re.IGNORECASE)


def report_pdf(report: Report, images: Sequence[bytes] | None = None) -> bytes:
    """The report as PDF bytes. `images` as for report_html (None: the charts are drawn now).

    Raises ExportUnavailable, with the apt-get command, when Chromium is missing or will not start.
    """
    path = chromium_path()  # fail before drawing any chart
    html = report_html(report, images)
    return html_pdf(html, footer_template(report), executable=path)


def footer_template(report: Report) -> str:
    """Chromium's footer: title and data-as-at on the left, page x of y on the right, in the bottom margin."""
    side = PAGE_MARGINS_MM["left"]
    style = (
        f"font-family: {FOOTER_FONT}; font-size: {FOOTER_SIZE_PT}pt; color: #1f1f1f; width: 100%;"
        f" margin: 0 {PAGE_MARGINS_MM['right']}mm 0 {side}mm; display: flex; justify-content: space-between;"
        " gap: 6mm; -webkit-print-color-adjust: exact;"
    )
    title = escape(report.title)
    as_at = escape(report.as_at_text)
    return (
        f'<div style="{style}"><span>{title} · Data as at {as_at}</span>'
        '<span style="white-space: nowrap">Page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></span></div>'
    )


def html_pdf(html: str, footer: str, executable: str | None = None) -> bytes:
    """Print a self-contained HTML page to a tagged A4 PDF with an outline and the given footer template."""
    executable = executable or chromium_path()

    def render() -> bytes:
        from playwright.sync_api import Error, sync_playwright

        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=["--disable-gpu", "--no-sandbox", *QUIET_SWITCHES]
                )
            except Error as error:
                raise ExportUnavailable(
                    f"Chromium at {executable} would not start ({error.message.splitlines()[0]}). "
                    "Reinstall it with: sudo apt-get install --reinstall -y chromium"
                ) from error
            try:
                context = browser.new_context(java_script_enabled=False, offline=True)
                context.route(_REMOTE, lambda route: route.abort())
                page = context.new_page()
                page.set_content(html, wait_until="load", timeout=PRINT_TIMEOUT_MS)
                return page.pdf(
                    format=PAGE_SIZE,
                    margin={side: f"{mm}mm" for side, mm in PAGE_MARGINS_MM.items()},
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                    tagged=True,
                    outline=True,
                )
            finally:
                browser.close()

    return in_own_thread(render)
