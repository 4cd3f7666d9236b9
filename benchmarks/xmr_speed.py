"""How long one XmR chart takes (issue 18: a load into a store with history recomputes one for every team and
breakdown series): metrics.spc.xmr (numpy) against the pandas implementation it replaced, kept verbatim in
tests/metrics/spc_reference.py, on the same series in one process, alternating, best of --repeats rounds.
Prints milliseconds per call and the ratio.

    .venv/bin/python benchmarks/xmr_speed.py
    .venv/bin/python benchmarks/xmr_speed.py --small     # what CI runs: proves it works
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def series_cases() -> dict[str, tuple[pd.Series, list[str]]]:
    """Monthly series like the stored SPC's: a 24-month window, the same with gaps and a change point, and
    a whole 37-month history."""
    rng = np.random.default_rng(18)

    def monthly(count: int, start: str) -> pd.Series:
        months = pd.period_range(start, periods=count, freq="M").strftime("%Y-%m")
        return pd.Series(rng.normal(50, 5, count).round(1), index=months)

    gaps = monthly(24, "2024-04")
    gaps.iloc[[3, 10]] = np.nan
    return {
        "24 months": (monthly(24, "2024-04"), []),
        "24 months, 2 gaps, a change point": (gaps, ["2025-01"]),
        "37 months": (monthly(37, "2023-03"), []),
    }


def per_call(function, series: pd.Series, change_points: list[str], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        function(series, "higher", change_points=change_points, bounds=(0.0, 100.0))
    return (time.perf_counter() - started) / calls


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="rounds; the best of each is kept (default 5)")
    parser.add_argument("--small", action="store_true", help="one round of a few calls: proves it works")
    args = parser.parse_args(argv)
    from metrics.spc import xmr
    from tests.metrics.spc_reference import xmr as pandas_xmr

    repeats, calls = (1, 3) if args.small else (args.repeats, 50)
    lines = ["| Series | pandas (ms) | numpy (ms) | Ratio |", "| --- | ---: | ---: | ---: |"]
    for name, (series, change_points) in series_cases().items():
        pd.testing.assert_frame_equal(
            xmr(series, "higher", change_points), pandas_xmr(series, "higher", change_points), check_exact=True
        )
        slow, fast = float("inf"), float("inf")
        for _ in range(repeats):  # alternating, so both see the same load on a shared machine
            slow = min(slow, per_call(pandas_xmr, series, change_points, max(1, calls // 10)))
            fast = min(fast, per_call(xmr, series, change_points, calls))
        lines.append(f"| {name} | {slow * 1000:.2f} | {fast * 1000:.3f} | {slow / fast:.1f} |")
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()
