"""benchmarks/xmr_speed.py at its smallest: CI proves the script works (and that both XmRs agree on its
series); the README holds full-size results. Only that each series gets a ratio, never how large it is."""

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "xmr_speed.py"
spec = importlib.util.spec_from_file_location("xmr_speed", SCRIPT)
xmr_speed = importlib.util.module_from_spec(spec)
sys.modules["xmr_speed"] = xmr_speed
spec.loader.exec_module(xmr_speed)


def test_small_run_gives_each_series_a_ratio():
    lines = xmr_speed.main(["--small"])
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    assert [row[0] for row in rows] == list(xmr_speed.series_cases())
    assert all(float(row[3]) > 0 for row in rows)
