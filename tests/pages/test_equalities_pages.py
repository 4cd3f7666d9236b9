"""AppTest: the disproportionality section on the Help and protection page (analysts and managers) and
the panel's suppressed table by ethnic group, on a store loaded from a few hand-made returns."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ingest.standard.returns import MONTH, cin_xml, ssda903_files
from tests.roles import PANEL_MEMBER, signed_in
from tests.shown import seen, seen_table
from workflows import store
from workflows.load_files import load_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def loaded_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CSC_STORE_PATH", str(tmp_path / "store.sqlite"))
    folder = tmp_path / "returns"
    folder.mkdir()
    for name, data in [*ssda903_files(), ("cin.xml", cin_xml())]:
        (folder / name).write_bytes(data)
    load_paths([folder], MONTH, "test")
    yield
    store().dispose()


def test_the_help_and_protection_page_states_each_comparison_in_words_above_its_table():
    at = AppTest.from_file(str(ROOT / "pages" / "help_and_protection.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert "Disproportionality by ethnic group" in [seen(h.value) for h in at.header]
    assert any("SYNTHETIC" in seen(w.value) for w in at.warning)  # the shipped sample population
    shown = [seen_table(t.value) for t in at.table]
    tables = [t for t in shown if "Relative rate index (vs White British)" in t.columns]
    assert len(tables) == 3  # referrals, CP plans, children looked after
    looked_after = tables[2]
    # C1 and C4 (WBRI) and C2 (BAFR) looked after at the end of March 2025; C3's care ended in December
    assert looked_after.loc["White British", "Children counted"] == "2"
    assert looked_after.loc["Black African Caribbean or Black British", "Children counted"] == "1"
    said = " ".join(seen(m.value) for m in at.markdown)
    assert "times as likely as White British children to be looked after" in said


def test_the_panel_sees_the_table_by_ethnic_group_with_small_counts_hidden():
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / "panel.py"), default_timeout=120), PANEL_MEMBER).run()
    assert not at.exception, at.exception
    assert "Children in care by ethnic group" in [seen(h.value) for h in at.header]
    table = next(t for t in map(seen_table, (t.value for t in at.table)) if "Children looked after" in t.columns)
    shown = set(table["Children looked after"])
    assert shown <= {"c", "0"}  # 2 and 1 children are small numbers: hidden (0 is shown)
