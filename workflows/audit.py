"""The one seam for the audit of who saw what: pages and sign-in call these, the store keeps them.

Every view of a child- or worker-level list or timeline, every download and pack, and every sign-in,
sign-out and failed sign-in becomes one append-only entry: who, their role, when, which page, what
(the list, file or pack), how many rows and the IDs shown, so a subject access request can answer
"who saw this child?". Changes to data are already audited by the store in the same transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine

from store.audit import Access, append_access, audit_entries, audit_values

# Column names (case, spaces and punctuation ignored) that hold a child's or worker's pseudonymous ID.
ID_COLUMNS = frozenset({"childid", "child", "workerid", "worker"})
AUDIT_TABLE_COLUMNS = {
    "at": "When (UTC)",
    "who": "Who",
    "role": "Role",
    "event": "What happened",
    "page": "Page",
    "what": "Details",
    "row_count": "Rows",
    "subject_ids": "IDs shown",
    "address": "Address",
}
EVENT_WORDS = {
    "view": "viewed a list",
    "download": "downloaded",
    "sign_in": "signed in",
    "sign_out": "signed out",
    "sign_in_failed": "failed sign-in",
    "backup": "backed up the store",
    "subject_access": "searched for a person's records",
}


def ids_in(frame: pd.DataFrame) -> tuple[str, ...]:
    """The distinct child and worker IDs a table shows, in order of first appearance."""
    wanted = [c for c in frame.columns if re.sub(r"[^a-z]", "", str(c).lower()) in ID_COLUMNS]
    seen: dict[str, None] = {}
    for column in wanted:
        for value in frame[column].dropna():
            seen.setdefault(str(value), None)
    return tuple(seen)


def record_view(
    engine: Engine,
    la_code: str,
    who: str,
    role: str,
    page: str,
    what: str,
    shown: pd.DataFrame | Iterable[str],
    ids: Iterable[str] | None = None,
) -> None:
    """Someone was shown a child- or worker-level list or a timeline: `shown` is the table, or the IDs.

    `ids` names who the table is about when its columns do not (a child's timeline).
    """
    found, count = _ids_and_count(shown)
    ids = tuple(str(i) for i in ids) if ids is not None else found
    append_access(engine, la_code, Access(who, "view", role, page, what, ids, count))


def record_download(
    engine: Engine,
    la_code: str,
    who: str,
    role: str,
    page: str,
    what: str,
    shown: pd.DataFrame | int | None,
    ids: Iterable[str] | None = None,
) -> None:
    """Someone took a file away: `shown` is the table in it (its rows and IDs are kept), its row count, or
    None for a pack (a document, not a table); `ids` as for record_view."""
    if isinstance(shown, pd.DataFrame):
        found, count = _ids_and_count(shown)
    else:
        found, count = (), None if shown is None else int(shown)
    ids = tuple(str(i) for i in ids) if ids is not None else found
    append_access(engine, la_code, Access(who, "download", role, page, what, ids, count))


def action_subjects(actions: pd.DataFrame) -> tuple[str, ...]:
    """The children and workers surgery actions are about (their table says "child C1" under About)."""
    about = (str(a).split(" ", 1) for a in actions["About"])
    return tuple(dict.fromkeys(parts[1] for parts in about if len(parts) == 2 and parts[0] in ("child", "worker")))


def record_sign_in(engine: Engine, la_code: str, who: str, role: str, address: str = "") -> None:
    append_access(engine, la_code, Access(who, "sign_in", role, address=address))


def record_sign_out(engine: Engine, la_code: str, who: str, role: str, reason: str = "") -> None:
    """A sign-out, by the person or after the idle time (`reason` says which)."""
    append_access(engine, la_code, Access(who, "sign_out", role, what=reason))


def record_failed_sign_in(engine: Engine, la_code: str, account: str, address: str = "", reason: str = "") -> None:
    """A refused sign-in: the account name tried (never the password) and the address it came from."""
    append_access(engine, la_code, Access(account, "sign_in_failed", address=address, what=reason))


def _ids_and_count(shown) -> tuple[tuple[str, ...], int]:
    if isinstance(shown, pd.DataFrame):
        return ids_in(shown), len(shown)
    ids = tuple(str(i) for i in shown)
    return ids, len(ids)


@dataclass(frozen=True)
class AuditFilter:
    """What the Audit log page asks for; blank fields do not filter."""

    first_day: date
    last_day: date
    who: str = ""
    event: str = ""
    page: str = ""
    text: str = ""  # any words in the details or the IDs shown (a child's ID, say)


def audit_table(engine: Engine, la_code: str, wanted: AuditFilter) -> pd.DataFrame:
    """The audit entries matching the filter, newest first, with headings in words."""
    since = datetime.combine(wanted.first_day, time.min, tzinfo=UTC)
    until = datetime.combine(wanted.last_day + timedelta(days=1), time.min, tzinfo=UTC)
    frame = audit_entries(engine, la_code, since, until)
    keep = pd.Series(True, index=frame.index)
    for column, value in (("who", wanted.who), ("event", wanted.event), ("page", wanted.page)):
        if value:
            keep &= frame[column] == value
    if wanted.text.strip():
        needle = wanted.text.strip().lower()
        keep &= frame["what"].str.lower().str.contains(needle, regex=False) | frame[
            "subject_ids"
        ].str.lower().str.contains(needle, regex=False)
    shown = frame[keep].assign(
        at=lambda f: f["at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
        event=lambda f: f["event"].map(event_words),
        subject_ids=lambda f: f["subject_ids"].map(_ids_words),
    )
    return shown[list(AUDIT_TABLE_COLUMNS)].rename(columns=AUDIT_TABLE_COLUMNS).reset_index(drop=True)


def audit_choices(engine: Engine, la_code: str) -> dict[str, list[str]]:
    """The people, events and pages the audit holds, for the page's filters."""
    return audit_values(engine, la_code)


def event_words(event: str) -> str:
    return EVENT_WORDS.get(event, event.replace("_", " "))


def _ids_words(raw: str) -> str:
    return ", ".join(json.loads(raw or "[]"))
