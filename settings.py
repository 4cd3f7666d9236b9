"""Every setting the dashboard reads, declared once as data with its help text.

The README's settings table is checked against this list by a test, so a setting cannot be added
without being documented. Values come from environment variables so that several replicas (and CI)
can be configured without editing files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "CSC_MAX_UPLOAD_MB",
        "50",
        "Largest file the Check page will read, in megabytes. Larger files are refused before "
        "they are parsed, so a mistaken upload of a whole database export cannot exhaust memory.",
    ),
    Setting(
        "CSC_LA_CODE",
        "E06000039",
        "The authority's new-style code, stamped on every stored row so one store can hold several authorities.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "A PostgreSQL database to use as the store, e.g. postgresql://user:password@host/dbname. Several "
        "app replicas can share one database. When blank, the embedded SQLite file below is used.",
    ),
    Setting(
        "CSC_STORE_PATH",
        "data/store.sqlite",
        "Where the embedded SQLite store lives (relative paths are under the project folder, which git "
        "ignores). Not used when DATABASE_URL names a PostgreSQL database.",
    ),
    Setting(
        "CSC_SAMPLE_DATA",
        "auto",
        "'auto': when nothing has ever been loaded for the authority, load the synthetic sample authority "
        "so the dashboard is full on first run (every page then says the figures are synthetic). 'off': "
        "start with an empty store, as a live deployment should.",
    ),
    Setting(
        "CSC_SUPPRESSION_THRESHOLD",
        "5",
        "Counts from 1 to this number are hidden (shown as c) in everything the corporate parenting panel "
        "sees, with the figures that would reveal them (CONTRACT.md, Panel suppression).",
    ),
    Setting(
        "CSC_RETENTION_MONTHS",
        "36",
        "How many whole months of child- and worker-level rows to keep. `python -m workflows.retention "
        "--delete` deletes the rows of reporting months that began longer ago than this (the stored figures, "
        "signed-off panel figures and the audit stay). At least 13, so rolling 12-month figures stay whole.",
    ),
    Setting(
        "CSC_ROLES_FILE",
        "roles.yaml",
        "With sign-in through an OIDC provider (Entra ID...): the file mapping e-mail addresses and group or "
        "role claims to roles, and team managers to their teams (relative paths are under the project "
        "folder). Nobody the file does not name gets in. See roles.example.yaml.",
    ),
    Setting(
        "CSC_IDLE_MINUTES",
        "30",
        "Minutes without using the dashboard after which a session is signed out, with a message saying why.",
    ),
)


def setting(env: str) -> str:
    """The current value of a declared setting (environment first, then its default)."""
    for s in SETTINGS:
        if s.env == env:
            return os.environ.get(env, s.default)
    raise KeyError(f"{env} is not a declared setting")


MEGABYTE = 1_000_000  # the MB every message names (a MiB, 2**20 bytes, is 5% more)


def max_upload_bytes() -> int:
    """Upload size limit in bytes; a malformed value falls back to the default, never to 'no limit'."""
    raw = setting("CSC_MAX_UPLOAD_MB")
    try:
        mb = float(raw)
    except ValueError:
        mb = float(next(s.default for s in SETTINGS if s.env == "CSC_MAX_UPLOAD_MB"))
    return int(max(mb, 0.001) * MEGABYTE)


def megabytes(size: int) -> str:
    """'52.4 MB': a size in the decimal megabytes the messages name."""
    return f"{size / MEGABYTE:,.1f} MB"


def transport_limit_mib() -> int:
    """Streamlit's own upload cap for the app's limit, in its unit (MiB), rounded up: a file just over
    the app's limit still arrives and is refused in words, a far larger one never reaches memory."""
    return max(1, -(-max_upload_bytes() // 2**20))
