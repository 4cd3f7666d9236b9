"""benchmarks/load_speed.py at its smallest: CI proves the script works; the README holds full-size results.

A timed test would fail on a busy machine, so this checks only that the load gets a ratio to the bare
read_csv + to_sql and that the memory run reports a peak, never how large either is.
"""

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_speed.py"
spec = importlib.util.spec_from_file_location("load_speed", SCRIPT)
load_speed = importlib.util.module_from_spec(spec)
sys.modules["load_speed"] = load_speed
spec.loader.exec_module(load_speed)


def test_small_run_gives_the_load_a_ratio_and_the_large_file_a_peak_memory(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CSC_TEST_DATABASE_URL", raising=False)  # SQLite only here: PostgreSQL is timed at full size
    lines = load_speed.main(["--small"])
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if line.startswith("| ")]
    sqlite = next(row for row in rows if row[0] == "sqlite")
    assert all(float(cell) > 0 for cell in sqlite[1:])
    assert next(row for row in rows if row[0] == "postgresql")[1].startswith("not measured")
    assert any(line.startswith("peak resident memory: ") and "MiB" in line for line in lines)


def test_the_benchmark_file_is_a_clean_march_allocations_extract():
    from ingest.check import check_file

    result = check_file(load_speed.FILE_NAME, load_speed.allocations_csv(500))
    assert result.ready and not result.warnings and result.rows_read == 500
