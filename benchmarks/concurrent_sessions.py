"""Ten people open the performance surgery page at once (issue 18: the 10th sees its first chart within 2x
the time the first did): real browser sessions (Playwright, Debian's Chromium) against one app server.

The app runs (`streamlit run app.py`) on a copy of the synthetic sample store holding one analyst's local
account. One session opens the page first, untimed, as the first visitor after a restart would. Then
`--sessions` browser contexts open /surgery together, each is asked to sign in, and all sign in at once;
each one's time to first chart is from pressing "Sign in" to the first Plotly chart drawn on its page.
Printed: each session's time, fastest first, and the slowest over the fastest.

    .venv/bin/python benchmarks/concurrent_sessions.py --months 36 --sessions 10
    .venv/bin/python benchmarks/concurrent_sessions.py --small        # 3 sessions, 3 months: CI's smoke test

The server's port is --port (default: a free one). Stores are kept in --stores and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.page_speed import sample_store  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ACCOUNT = ("benchmark analyst", "a password only this benchmark uses")
CHART = '[data-testid="stPlotlyChart"]'
# Streamlit connected and no script run in progress: while the sign-in page's first run is still going its
# inputs are inert, and filling one then waits for nothing.
APP_READY = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
STARTUP_S = 180  # how long the server may take to answer its health check on a loaded machine
PAGE_TIMEOUT_MS = 600_000  # how long one session may wait for its first chart before it is a failure
GOAL = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, port: int, log: Path) -> subprocess.Popen:
    """The app on `store` (sample data off: nothing is loaded at start), answering its health check."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CSC_STORE_PATH": str(store), "CSC_SAMPLE_DATA": "off"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true",
        ],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the app stopped at start-up; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"the app did not answer within {STARTUP_S} s; see {log}")


def add_account(store: Path) -> None:
    """The analyst every session signs in as, in the serving copy of the store."""
    from store.db import open_store
    from workflows.users import NewAccount, add_account

    engine = open_store(f"sqlite:///{store}")
    add_account(engine, NewAccount(ACCOUNT[0], "analyst"), ACCOUNT[1], who="concurrent_sessions benchmark")
    engine.dispose()


async def asked_to_sign_in(browser, url: str):
    """A browser context of its own on the page, showing the sign-in form filled in (not yet sent)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(url)
    await page.locator(APP_READY).wait_for()
    await page.get_by_label("Account name").fill(ACCOUNT[0])
    await page.get_by_label("Password", exact=True).fill(ACCOUNT[1])
    return context, page


async def time_to_first_chart(page) -> float:
    """Seconds from pressing "Sign in" to the page's first chart being drawn."""
    started = time.perf_counter()
    await page.get_by_role("button", name="Sign in").click()
    await page.locator(CHART).first.wait_for(state="visible")
    return time.perf_counter() - started


async def sessions_at_once(url: str, count: int) -> tuple[float, list[float]]:
    """(the untimed first visit's seconds, each concurrent session's seconds, fastest first)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context, page = await asked_to_sign_in(browser, url)
        first = await time_to_first_chart(page)
        await context.close()
        ready = await asyncio.gather(*(asked_to_sign_in(browser, url) for _ in range(count)))
        times = await asyncio.gather(*(time_to_first_chart(page) for _, page in ready))  # all at once
        for context, _ in ready:
            await context.close()
        await browser.close()
    return first, sorted(times)


def report(label: str, first: float, times: list[float]) -> list[str]:
    ratio = times[-1] / times[0]
    lines = [
        label,
        f"first visit after start (untimed warm-up): {first:.1f} s",
        "time to first chart, fastest first: " + ", ".join(f"{t:.1f}" for t in times) + " s",
        f"last / first: {ratio:.2f}x (goal <= {GOAL}x): {'met' if ratio <= GOAL else 'missed'}",
    ]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10, help="browser sessions at once (default 10)")
    parser.add_argument("--months", type=int, default=36, help="months of sample history (default 36)")
    parser.add_argument("--small", action="store_true", help="3 sessions on a 3-month store: proves it works")
    parser.add_argument("--port", type=int, help="the app's port (default: a free one)")
    parser.add_argument("--stores", type=Path, help="folder to keep the sample store in (default: a temp folder)")
    parser.add_argument("--store", type=Path, help="an existing sample SQLite store instead of building one")
    args = parser.parse_args(argv)
    if args.small:
        args.sessions, args.months = 3, 3
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is not installed (scripts/chromium.sh)")
    os.environ.pop("DATABASE_URL", None)
    os.environ["CSC_SAMPLE_DATA"] = "off"  # while the sample store is built in this process
    folder = args.stores or Path(tempfile.gettempdir()) / "csc-concurrent-sessions"
    folder.mkdir(parents=True, exist_ok=True)
    built = args.store or sample_store(folder, args.months)
    store = folder / f"serving-{os.getpid()}.sqlite"  # the sessions' views are audited into it: a copy
    shutil.copyfile(built, store)
    add_account(store)
    port = args.port or free_port()
    log = folder / f"server-{os.getpid()}.log"
    server = start_server(store, port, log)
    try:
        size = args.store.name if args.store else f"{args.months}-month sample store"
        label = f"{args.sessions} sessions at once, surgery page, {size} (SQLite)"
        print(label, flush=True)
        first, times = asyncio.run(sessions_at_once(f"http://127.0.0.1:{port}/surgery", args.sessions))
    finally:
        server.terminate()
        server.wait(timeout=30)
    for path in (store, Path(f"{store}-wal"), Path(f"{store}-shm")):
        path.unlink(missing_ok=True)
    lines = report(label, first, times)
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()
