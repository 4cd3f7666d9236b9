"""benchmarks/concurrent_sessions.py at its smallest (3 browser sessions at once): CI proves the script works
and each session saw a chart; the README holds the full-size result. Never a timed test."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "concurrent_sessions.py"

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("in_sample_store")]


def test_three_sessions_at_once_each_see_a_chart_and_the_ratio_is_printed(sample_store, tmp_path):
    # Its own process: the script runs an asyncio loop, which cannot start inside the browser tests' Playwright one.
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--small", "--store", str(sample_store), "--stores", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    lines = run.stdout.strip().splitlines()
    times = next(line for line in lines if line.startswith("time to first chart"))
    seconds = [float(t) for t in re.findall(r"\d+\.\d", times.split(":", 1)[1])]
    assert len(seconds) == 3 and seconds == sorted(seconds) and seconds[0] > 0
    assert re.search(r"last / first: \d+\.\d\dx \(goal <= 2\.0x\)", lines[-1])
