"""benchmarks/recompute_speed.py at its smallest: CI proves the script works; the README holds full-size results.

A timed test would fail on a busy machine, so this checks only that each file gets a ratio of its load
into a store with history to its load into an empty one, never how large it is.
"""

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "recompute_speed.py"
spec = importlib.util.spec_from_file_location("recompute_speed", SCRIPT)
recompute_speed = importlib.util.module_from_spec(spec)
sys.modules["recompute_speed"] = recompute_speed
spec.loader.exec_module(recompute_speed)


def test_small_run_gives_each_file_and_the_month_a_ratio(tmp_path):
    lines = recompute_speed.main(["--small", "--stores", str(tmp_path)])
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if line.startswith("| ")]
    files = {row[0]: float(row[3]) for row in rows if row[0] not in ("File", "---")}
    assert len(files) >= 6 and "all files" in files  # the month's monthly files (a re-extract too) and their total
    assert all(ratio > 0 for ratio in files.values())
    assert lines[-1].startswith("ratio: ")
    assert (tmp_path / "history-2-months-scale-0.2.sqlite").exists()  # built once, kept for the next run
