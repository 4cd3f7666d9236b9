"""The surgery pack, rendered: its text read back, no identifiers printed, its pages A4 and not blank."""

import io
import re
from datetime import date, timedelta

import pypdfium2
import pytest
from pypdf import PdfReader

from tests.roles import ANALYST, SERVICE_MANAGER
from views.packs import pack_pdf, surgery_pack
from views.surgery import exception_counts, matrix, red_indicators
from views.themes import read_figures
from workflows import la_code, store
from workflows.actions import agree_action

MONTH, TEAM = "2024-06", "Children in Care 1"


@pytest.fixture(scope="module")
def pack(sample_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSC_STORE_PATH", str(sample_store))
        engine, authority = store(), la_code()
        data = read_figures(engine, authority)
        cells = matrix(data, MONTH)
        red = red_indicators(cells, TEAM)
        fields = dict(code=red[0], team=TEAM, subject_kind="child", subject_id="C123456", raised_month=MONTH)
        fields.update(action="Review the plan", owner="Team manager", due_date=date.today() - timedelta(days=1))
        assert agree_action(engine, authority, fields, SERVICE_MANAGER)[0]
        report = surgery_pack(engine, authority, data, cells, TEAM, MONTH, ANALYST)
        pdf = pack_pdf(report)
        counts = exception_counts(engine, authority, data, red, MONTH, TEAM, ANALYST)
        titles = [data.catalogue.indicators[c].title for c in red]
        return pdf, titles, counts


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pack_has_the_matrix_every_red_indicator_and_their_counts(pack):
    pdf, titles, counts = pack
    text = text_of(pdf)
    assert "Performance surgery pack: Children in Care 1" in text and "June 2024" in text
    assert "Where to look" in text and "Open actions" in text and "How to read the charts" in text
    for title in titles:
        assert title in text
    for row in counts.itertuples():
        assert f"Records to look at: {row[2]}" in text


def test_the_pack_prints_no_child_or_worker_identifier(pack):
    pdf, _, _ = pack
    text = text_of(pdf)
    assert "Review the plan" in text and "a child (ID in the app)" in text and "overdue by 1 day" in text
    assert not re.search(r"\bC\d{6}\b", text), "a child's ID is printed"
    assert not re.search(r"\bW\d{4}\b", text), "a worker's ID is printed"


def test_the_pack_is_a_tagged_a4_pdf_whose_pages_are_not_blank(pack):
    pdf, _, _ = pack
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in reader.trailer["/Root"]
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        page = document[index]
        assert abs(page.get_width() - 595) < 2 and abs(page.get_height() - 842) < 2
        image = page.render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 100, f"page {index + 1} looks blank"
