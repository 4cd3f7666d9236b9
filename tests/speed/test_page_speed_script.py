"""benchmarks/page_speed.py at its smallest: CI proves the script works; the README holds full-size results.

Timed tests would fail on a busy machine, so these check only that each page gets a ratio to the empty
page, never how large it is.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "page_speed.py"
spec = importlib.util.spec_from_file_location("page_speed", SCRIPT)
page_speed = importlib.util.module_from_spec(spec)
sys.modules["page_speed"] = page_speed  # its dataclasses look their module up there
spec.loader.exec_module(page_speed)

pytestmark = pytest.mark.usefixtures("in_sample_store")  # restores CSC_STORE_PATH the script points elsewhere


def ratios(lines: list[str]) -> dict[str, list[float]]:
    """The numbers of each Markdown table row, by its first cell."""
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if line.startswith("| ")]
    return {row[0]: [float(cell) for cell in row[1:]] for row in rows if row[0] not in ("Page", "---")}


def test_quick_run_gives_each_page_a_cold_and_warm_ratio_to_the_empty_page(sample_store):
    lines = page_speed.main(["--store", str(sample_store), "--quick", "--pages", "overview", "surgery"])
    table = ratios(lines)
    assert list(table) == ["overview", "surgery"]
    assert all(len(values) == 2 and all(v > 0 for v in values) for values in table.values())


def test_the_history_comparison_divides_each_page_by_itself_on_the_smaller_store():
    big = [page_speed.PageTimes("surgery", cold=9.0, warm=3.0), page_speed.PageTimes("panel", cold=4.0, warm=2.0)]
    small = [page_speed.PageTimes("panel", cold=1.0, warm=1.6), page_speed.PageTimes("surgery", cold=1.0, warm=2.0)]
    assert ratios(page_speed.comparison(60, 12, big, small)) == {"surgery": [1.5], "panel": [1.25]}


def test_every_page_script_is_timed_unless_some_are_named():
    assert "surgery.py" in page_speed.page_names() and "__init__.py" not in page_speed.page_names()
    assert page_speed.page_names(["surgery", "panel.py"]) == ["surgery.py", "panel.py"]
    with pytest.raises(SystemExit):
        page_speed.page_names(["no_such_page"])
