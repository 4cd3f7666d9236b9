"""The sample report as a PDF: read its text back, check its tags, outline, language and page size, and
look at its pages as images (saved to tests/artifacts/export_page_*.png for a person to look at too)."""

import io
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from pypdf import PdfReader

import exports.browser
from exports.browser import ExportUnavailable
from exports.pdf import report_pdf
from tests.exports.export_sample import FORMULA_CELL, SCRIPT_CELL, sample_report

A4_POINTS = (595.0, 842.0)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def pdf(chromium) -> bytes:
    return report_pdf(sample_report())


@pytest.fixture(scope="module")
def reader(pdf) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def structure(node, found: list) -> list:
    """Every structure element under `node` as (type, alt text or None), depth first."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            structure(child, found)
    elif hasattr(node, "get"):
        if "/S" in node:
            found.append((node["/S"], node.get("/Alt")))
        if "/K" in node:
            structure(node["/K"], found)
    return found


def test_headings_sentences_cells_and_notes_read_back_as_text(text):
    report = sample_report()
    for words in (
        report.title,
        "Data as at 31 March 2026",
        "Caseloads and workforce",
        "Placements",
        "Caseloads are falling but remain above the target of 18 children per worker.",
        "Commentary: Two agency workers start in May",
        "Workers above the threshold by team",
        SCRIPT_CELL,  # shown as text, never run
        FORMULA_CELL,
        "Notes",
        "c: a count of 1 to 5, suppressed to protect the children it describes.",
        "Sources",
    ):
        assert words in text, words


def test_it_is_a_tagged_pdf_in_british_english_with_a_title(reader):
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == sample_report().title
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_tags_hold_headings_a_table_with_header_cells_and_figures_with_their_alt_text(reader):
    elements = structure(reader.trailer["/Root"]["/StructTreeRoot"], [])
    types = [kind for kind, _ in elements]
    assert types.count("/H1") == 1 and "/H2" in types and "/H3" in types
    assert {"/Table", "/TH", "/TD", "/Caption", "/L", "/LI"} <= set(types)
    alts = [alt for kind, alt in elements if kind == "/Figure" and alt]
    assert alts == [chart.alt for chart in sample_report().charts]


def test_the_outline_follows_the_headings(reader):
    def titles(items) -> list[str]:
        out = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    assert "/Outlines" in reader.trailer["/Root"]
    outline = titles(reader.outline)
    assert outline[0] == sample_report().title
    for heading in ("Contents", "Summary", "Caseloads and workforce", "Placements", "Notes", "Sources"):
        assert heading in outline


def test_every_page_is_a4_portrait_with_a_numbered_footer(reader):
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4_POINTS[0], abs=1) and height == pytest.approx(A4_POINTS[1], abs=1)
        assert f"Page {number} of {pages}" in page.extract_text()
        assert "Data as at 31 March 2026" in page.extract_text()


def test_text_is_set_in_debians_liberation_sans(reader):
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("LiberationSans" in font for font in fonts), fonts


def test_pages_rasterise_and_none_is_blank(pdf):
    ARTIFACTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number in range(len(document)):
            bitmap = document[number].render(scale=1)
            pixels = bitmap.to_numpy()
            inked = (pixels[..., :3] < 200).any(axis=-1).mean()
            assert inked > 0.003, f"page {number + 1} is blank ({inked:.2%} inked)"
            bitmap.to_pil().save(ARTIFACTS / f"export_page_{number + 1}.png")
        # the first page holds a chart: plenty of ink, and the colours of its special-cause marks
        first = document[0].render(scale=1).to_numpy()[..., :3].reshape(-1, 3)
        assert (np.abs(first.astype(int) - [0x0A, 0x6E, 0xBD]).sum(axis=1) < 40).any()
    finally:
        document.close()


def test_without_chromium_the_pdf_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(exports.browser.shutil, "which", lambda name: None)
    monkeypatch.setattr(exports.browser, "DEBIAN_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ExportUnavailable, match="sudo apt-get install -y chromium"):
        report_pdf(sample_report())
