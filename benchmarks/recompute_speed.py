"""How much a store's history costs a load: one month's files loaded into a store holding `--months` months
of the sample authority, as a ratio to loading the same files into an empty store (issue 18: at most 1.5x).

Each load is an analyst's load (store.batches.load with the app's recomputations): the batch, its rows,
the change summary, recomputing the stored figures and page tables, the audit entry. Files are checked
before the clock starts. The history store is built once with load_many and kept in --stores; every run
times a copy of it, never the kept file.

    .venv/bin/python benchmarks/recompute_speed.py --months 36
    .venv/bin/python benchmarks/recompute_speed.py --small        # what CI runs: proves it works
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SMALL_MONTHS = 2
SMALL_SCALE = 0.2  # a fifth of the sample authority's size
WHO = "recompute benchmark"


def month_files(months: int, scale: float = 1.0):
    """(history, newest): checked uploads of `months` months of history, and the next month's monthly files."""
    from sample_data.generator import generate
    from workflows.first_run import _checked

    files = generate(months=months + 1, scale=scale)
    la_code = files[0].la_code
    files = [f for f in files if f.la_code == la_code]
    newest_month = max(f.month for f in files if f.month)
    newest = [f for f in files if f.month == newest_month and f.dataset != "indicator_values"]
    history = [f for f in files if f not in newest]
    return la_code, [_checked(f, la_code) for f in history], [_checked(f, la_code) for f in newest]


def history_store(folder: Path, months: int, la_code: str, history, scale: float = 1.0) -> Path:
    """A SQLite store holding the history, built once and kept."""
    from store.batches import load_many
    from store.db import open_store
    from workflows.jobs import RECOMPUTATIONS

    path = folder / f"history-{months}-months{'' if scale == 1 else f'-scale-{scale:g}'}.sqlite"
    if path.exists():
        return path
    building = folder / f"building-{months}-{os.getpid()}.sqlite"
    print(f"building a {months}-month history store in {path} (once; reused next time)", flush=True)
    engine = open_store(f"sqlite:///{building}")
    load_many(engine, history, WHO, la_code, RECOMPUTATIONS)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file we keep
    building.replace(path)
    return path


def time_loads(url: str, uploads) -> list[tuple[str, float]]:
    """Seconds each upload's load took, in arrival order."""
    from store.batches import load
    from store.db import open_store
    from workflows.jobs import RECOMPUTATIONS

    engine = open_store(url)
    times = []
    for upload in uploads:
        started = time.perf_counter()
        outcome = load(engine, upload, WHO, RECOMPUTATIONS)
        times.append((upload.file_name, time.perf_counter() - started))
        if not outcome.changed:
            raise RuntimeError(f"{upload.file_name} was not loaded: {outcome.message}")
    engine.dispose()
    return times


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=36, help="months of history in the store (default 36)")
    parser.add_argument("--small", action="store_true", help=f"{SMALL_MONTHS} months: proves it works, measures little")
    parser.add_argument("--stores", type=Path, help="folder to keep history stores in (default: a temp folder)")
    args = parser.parse_args(argv)
    months = SMALL_MONTHS if args.small else args.months
    folder = args.stores or Path(tempfile.gettempdir()) / "csc-recompute-speed"
    folder.mkdir(parents=True, exist_ok=True)

    scale = SMALL_SCALE if args.small else 1.0
    la_code, history, newest = month_files(months, scale)
    kept = history_store(folder, months, la_code, history, scale)
    work = Path(tempfile.mkdtemp(prefix="csc-recompute-"))
    try:
        shutil.copy(kept, work / "history.sqlite")
        time_loads(f"sqlite:///{work / 'warm-up.sqlite'}", newest[:1])  # imports and caches, not timed
        into_history = time_loads(f"sqlite:///{work / 'history.sqlite'}", newest)
        into_empty = time_loads(f"sqlite:///{work / 'empty.sqlite'}", newest)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    with_history = sum(seconds for _, seconds in into_history)
    empty = sum(seconds for _, seconds in into_empty)
    lines = [
        f"one month's {len(newest)} files into a {months}-month store vs an empty store (SQLite)",
        "",
        "| File | Into history (s) | Into empty (s) | Ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for (name, big), (_, small) in zip(into_history, into_empty, strict=True):
        lines.append(f"| {name} | {big:.2f} | {small:.2f} | {big / small:.2f} |")
    lines.append(f"| all files | {with_history:.2f} | {empty:.2f} | {with_history / empty:.2f} |")
    lines += ["", f"ratio: {with_history / empty:.2f}"]
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()
