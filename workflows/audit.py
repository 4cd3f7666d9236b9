"""The one seam for the audit of who saw what: pages and sign-in call these, the store keeps them.

Every view of a child- or worker-level list or timeline, every download and pack, and every sign-in,
sign-out and failed sign-in becomes one append-only entry: who, their role, when, which page, what
(the list, file or pack), how many rows and the IDs shown, so a subject access request can answer
"who saw this child?". Changes to data are already audited by the store in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine

from store.audit import Access, append_access

# Column names (case, spaces and punctuation ignored) that hold a child's or worker's pseudonymous ID.
ID_COLUMNS = frozenset({"childid", "child", "workerid", "worker"})


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
