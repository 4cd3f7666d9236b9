"""How long every page takes to run (Streamlit AppTest), as a ratio to an empty page timed in the same
process at the same moment: absolute seconds mean little on a shared machine, ratios travel.

Each page is run cold (st.cache_data emptied first) and warm (after a first run filled the caches), as a
newly signed-in analyst, and the median of `--repeats` runs is kept. With `--compare N` the same pages
are also timed, warm, on an N-month store and the ratio of the two printed (issue 18: the same pages on
60 against 12 months should cost at most 1.2x).

    .venv/bin/python benchmarks/page_speed.py --months 36
    .venv/bin/python benchmarks/page_speed.py --months 60 --compare 12
    .venv/bin/python benchmarks/page_speed.py --months 6 --quick        # what CI runs: proves it works

Sample stores are built once with workflows.first_run.load_sample_data and kept in --stores (reused on
the next run); `--store PATH` times an existing SQLite store instead. Page views may write to the store
(the audit of views), so time a copy, never a store you care about.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAGES = ROOT / "pages"
EMPTY_PAGE = "import streamlit as st\n\nst.title('An empty page')\n"
TIMEOUT = 600  # seconds an AppTest run may take before it is called a failure: a loaded machine is slow


@dataclass(frozen=True)
class PageTimes:
    page: str
    cold: float  # median seconds, st.cache_data emptied before each run
    warm: float  # median seconds, caches filled by an earlier run


def page_names(only: list[str] | None = None) -> list[str]:
    """Every page script (or the named ones), as file names like "surgery.py"."""
    names = sorted(p.name for p in PAGES.glob("*.py") if p.name != "__init__.py")
    if not only:
        return names
    wanted = [name if name.endswith(".py") else f"{name}.py" for name in only]
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        raise SystemExit(f"no such page: {', '.join(unknown)}")
    return wanted


def sample_store(folder: Path, months: int) -> Path:
    """A SQLite store holding the sample authority's `months` months and the DfE tables, built once."""
    path = folder / f"sample-{months}-months.sqlite"
    if path.exists():
        return path
    from workflows import la_code
    from workflows.benchmarks import ensure_shipped_benchmarks
    from workflows.first_run import load_sample_data

    building = folder / f"building-{months}-months-{os.getpid()}.sqlite"
    engine = _use_store(building)
    print(f"building a {months}-month sample store in {path} (once; reused next time)", flush=True)
    load_sample_data(engine, la_code(), months=months)
    ensure_shipped_benchmarks(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file we keep
    building.replace(path)
    return path


def _use_store(path: Path):
    """Point the app (and every page run from now on) at the SQLite file `path`."""
    os.environ["CSC_STORE_PATH"] = str(path)
    from workflows import store

    return store()


def _signed_in(run: Callable):
    """An AppTest whose session has just signed in as a local analyst (as tests/conftest.py does)."""
    from core.access import User
    from pages import SESSION_KEY, Session

    at = run()
    at.session_state[SESSION_KEY] = Session(User("benchmark analyst", "analyst"), time.time(), "local")
    return at


def _run_once(make: Callable, *, cold: bool) -> float:
    import streamlit as st

    if cold:
        st.cache_data.clear()
    at = _signed_in(make)
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].message}")
    return seconds


def time_page(make: Callable, repeats: int) -> tuple[float, float]:
    """(cold, warm) medians of `repeats` runs each."""
    cold = statistics.median(_run_once(make, cold=True) for _ in range(repeats))
    _run_once(make, cold=False)  # fills the caches for the warm runs (a no-op if the last cold run did)
    warm = statistics.median(_run_once(make, cold=False) for _ in range(repeats))
    return cold, warm


def time_pages(pages: list[str], repeats: int) -> tuple[PageTimes, list[PageTimes]]:
    """The empty page's times and every page's, in the store the app points at now."""
    from streamlit.testing.v1 import AppTest

    _run_once(lambda: AppTest.from_string(EMPTY_PAGE, default_timeout=TIMEOUT), cold=True)  # Streamlit's first run
    empty = PageTimes(
        "(empty page)", *time_page(lambda: AppTest.from_string(EMPTY_PAGE, default_timeout=TIMEOUT), repeats)
    )
    timed = []
    for name in pages:
        cold, warm = time_page(lambda name=name: AppTest.from_file(str(PAGES / name), default_timeout=TIMEOUT), repeats)
        timed.append(PageTimes(name.removesuffix(".py"), cold, warm))
        print(f"  {name:<28} cold {cold / empty.cold:5.1f}x  warm {warm / empty.warm:5.1f}x", flush=True)
    return empty, timed


def report(store: str, empty: PageTimes, timed: list[PageTimes]) -> list[str]:
    """A Markdown table of each page's ratio to the empty page."""
    lines = [
        f"{store}; empty page {empty.cold * 1000:.0f} ms cold, {empty.warm * 1000:.0f} ms warm",
        "",
        "| Page | Cold / empty | Warm / empty |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {t.page} | {t.cold / empty.cold:.1f} | {t.warm / empty.warm:.1f} |" for t in timed]
    return lines


def comparison(months: int, compare: int, big: list[PageTimes], small: list[PageTimes]) -> list[str]:
    """A Markdown table of each page's warm time on the larger store over the smaller."""
    lines = [f"| Page | Warm, {months} / {compare} months |", "| --- | ---: |"]
    by_page = {t.page: t for t in small}
    lines += [f"| {t.page} | {t.warm / by_page[t.page].warm:.2f} |" for t in big]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=36, help="months of sample history (default 36)")
    parser.add_argument("--compare", type=int, help="also time the pages, warm, on a store of this many months")
    parser.add_argument("--repeats", type=int, default=3, help="runs per median (default 3)")
    parser.add_argument("--quick", action="store_true", help="one run per median: proves it works, measures little")
    parser.add_argument("--pages", nargs="+", help="only these pages (e.g. surgery overview)")
    parser.add_argument("--stores", type=Path, help="folder to keep sample stores in (default: a temp folder)")
    parser.add_argument("--store", type=Path, help="time this existing SQLite store instead of a sample")
    args = parser.parse_args(argv)

    os.environ.pop("DATABASE_URL", None)  # never time (or write audit rows into) a real store
    os.environ["CSC_SAMPLE_DATA"] = "off"
    repeats = 1 if args.quick else args.repeats
    pages = page_names(args.pages)
    folder = args.stores or Path(tempfile.gettempdir()) / "csc-page-speed"
    folder.mkdir(parents=True, exist_ok=True)

    import streamlit as st

    path = args.store or sample_store(folder, args.months)
    _use_store(path)
    print(f"timing {len(pages)} pages on {path}, median of {repeats}", flush=True)
    empty, timed = time_pages(pages, repeats)
    lines = report(str(args.store) if args.store else f"{args.months}-month sample store", empty, timed)
    if args.compare:
        small_path = sample_store(folder, args.compare)
        _use_store(small_path)
        st.cache_data.clear()  # page caches are keyed on the store's version, which two stores may share
        print(f"timing {len(pages)} pages on {small_path}", flush=True)
        _, small = time_pages(pages, repeats)
        lines += ["", *comparison(args.months, args.compare, timed, small)]
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()
