"""The audit log for the Audit page: filtered entries and the words for each event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require
from store.audit import audit_entries, audit_values
from views.wording import event_words, ids_words

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


@dataclass(frozen=True)
class AuditFilter:
    """What the Audit log page asks for; blank fields do not filter."""

    first_day: date
    last_day: date
    who: str = ""
    event: str = ""
    page: str = ""
    text: str = ""  # any words in the details or the IDs shown (a child's ID, say)


def audit_table(engine: Engine, la_code: str, wanted: AuditFilter, user: User) -> pd.DataFrame:
    """The audit entries matching the filter, newest first, with headings in words (analysts only: the
    audit names every child and worker anyone was shown)."""
    require(user, "read_audit")
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
        subject_ids=lambda f: f["subject_ids"].map(ids_words),
    )
    return shown[list(AUDIT_TABLE_COLUMNS)].rename(columns=AUDIT_TABLE_COLUMNS).reset_index(drop=True)


def audit_choices(engine: Engine, la_code: str, user: User) -> dict[str, list[str]]:
    """The people, events and pages the audit holds, for the page's filters."""
    require(user, "read_audit")
    return audit_values(engine, la_code)
