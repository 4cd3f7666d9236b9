"""Where the exports find Debian's Chromium, and the one error they raise when it is not there.

Both engines drive the same browser: kaleido (through choreographer) for chart images and Playwright
for print-to-PDF. Neither downloads a browser, fonts or scripts: the path is always passed explicitly,
so kaleido's `get_chrome` and choreographer's `BROWSER_PATH` lookup never come into it.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL_COMMAND = "sudo apt-get install -y chromium fonts-liberation fonts-dejavu-core"
# Switches that stop Chromium phoning home. Even headless, Debian's Chromium otherwise looks up
# accounts.google.com, update.googleapis.com, clients2.google.com and its search engine at start-up
# (seen with strace); resolving every host name to "not found" stops those and any other lookup, and
# the exports need none: pages are set from strings and plotly.js is read from disk.
QUIET_SWITCHES = (
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--no-pings",
)

T = TypeVar("T")


class ExportUnavailable(RuntimeError):
    """An export needs something this machine does not have (Chromium); the message says how to fix it."""


def chromium_path() -> str:
    """Debian's Chromium on PATH or at /usr/bin/chromium, else ExportUnavailable naming the apt-get command."""
    found = shutil.which("chromium") or DEBIAN_CHROMIUM
    if not Path(found).is_file():
        raise ExportUnavailable(
            "Exports (chart images and PDF packs) need Debian's Chromium, which is not installed on this "
            f"machine. Install it with: {INSTALL_COMMAND}"
        )
    return found


def in_own_thread(work: Callable[[], T]) -> T:
    """Run `work` in a fresh thread and return its result (or raise its error).

    Kaleido runs an asyncio loop and Playwright's sync API refuses to run inside one, so each gets a
    thread of its own: the exports then work the same from a script, a test or a Streamlit page.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the caller's thread below
            outcome["error"] = error

    thread = threading.Thread(target=run, name="csc-export", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_coroutine(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run` of the coroutine `make()` returns, in its own thread (see in_own_thread)."""
    return in_own_thread(lambda: asyncio.run(make()))
