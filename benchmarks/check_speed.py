"""How fast the Check step reads a large extract, as a ratio to a bare pandas.read_csv of the same
bytes (the floor: reading without any checking). Prints rows per second and the ratio.

    .venv/bin/python benchmarks/check_speed.py [rows]
"""

from __future__ import annotations

import io
import random
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.check import check_file


def allocations_csv(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    lines = ["Child ID,Allocated Worker,Team,Cohort,Allocation Start Date,Allocation End Date"]
    for i in range(rows):
        start = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2019, 2025)}"
        end = "" if rng.random() < 0.6 else f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026"
        lines.append(
            f"C{i:07d},W{rng.randint(1, 400):04d},Team {rng.randint(1, 12)},"
            f"{rng.choice(['CIN', 'CP', 'CLA', 'CL'])},{start},{end}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    data = allocations_csv(rows)
    t0 = time.perf_counter()
    pd.read_csv(io.BytesIO(data), dtype=str)
    floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = check_file("allocations_2026-03.csv", data, max_bytes=len(data) + 1)
    seconds = time.perf_counter() - t0
    tracemalloc.start()  # a second, traced run: tracing slows Python several-fold
    check_file("allocations_2026-03.csv", data, max_bytes=len(data) + 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"rows: {rows:,}  file: {len(data) / 2**20:,.1f} MiB  problems: {len(result.issues):,}")
    print(f"check_file: {seconds:.2f} s ({rows / seconds:,.0f} rows/s)  pandas.read_csv floor: {floor:.2f} s")
    print(f"ratio check_file / read_csv: {seconds / floor:.1f}")
    print(f"ratio peak traced memory / file size: {peak / len(data):.1f}")


if __name__ == "__main__":
    main()
