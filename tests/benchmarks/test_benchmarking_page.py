"""AppTest: the Benchmarking page fills itself from the shipped DfE tables and follows the picked authority."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.shown import seen

PAGE = Path(__file__).resolve().parents[2] / "pages" / "benchmarking.py"


def test_benchmarking_page_shows_slough_then_any_authority_picked():
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Benchmarking"
    picker = at.selectbox[0]
    assert picker.label == "Authority" and picker.value == "E06000039"
    headings = [seen(s.value) for s in at.subheader]
    assert "Average caseload per full-time equivalent (FTE) case-holding social worker" in headings
    assert "Care leavers aged 19 to 21 in education, employment or training" in headings
    sentences = " ".join(seen(m.value) for m in at.markdown)
    assert "Slough 16" in sentences and "Ranked 111th of 149" in sentences
    assert any("Open Government Licence" in m.value for m in at.markdown)
    picker.set_value("E06000038").run()  # Reading
    assert not at.exception, at.exception
    assert "Reading" in " ".join(seen(m.value) for m in at.markdown)
