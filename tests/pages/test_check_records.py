"""The Check page names the record each problem row belongs to (issue 16, point 8), in the problem
table and in the sentences under the file's status, escaped: an identifier is text from a file."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.shown import seen, seen_table

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Child ID,Allocated Worker,Team,Cohort,Allocation Start Date,Allocation End Date\r\n"
HOSTILE_CHILD = "[C9](https://example.org/login)"


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))


def test_each_problem_names_its_child_and_worker_and_a_hostile_identifier_stays_text(monkeypatch):
    rows = f'C0123,W0042,Hub,CIN,31/02/2025,\r\n"{HOSTILE_CHILD}",W0043,Hub,XX,01/03/2025,\r\n'
    monkeypatch.setattr(
        "sample_data.check_examples.example_files", lambda: [("allocations_2025-03.csv", (HEADER + rows).encode())]
    )
    at = AppTest.from_file(str(ROOT / "pages" / "check.py"), default_timeout=60).run()
    at.button[0].click().run()
    assert not at.exception
    problems = seen_table(next(t.value for t in at.table if "Record" in t.value.columns))
    assert list(problems["Record"]) == ["child C0123, worker W0042", f"child {HOSTILE_CHILD}, worker W0043"]
    sentences = [m.value for m in at.markdown if "Row " in m.value]
    assert any(
        seen(s) == "- Row 2 (child C0123, worker W0042), column Allocation Start Date: 31/02/2025 is not a real date; "
        "check the day and month, and use DD/MM/YYYY, for example 31/03/2025."
        for s in sentences
    )
    assert any(f"(child {HOSTILE_CHILD}, worker W0043)" in seen(s) for s in sentences)
    for text in [*sentences, *next(t.value for t in at.table if "Record" in t.value.columns)["Record"]]:
        assert "](https://" not in text and "[C9]" not in text  # escaped: no link from the file
