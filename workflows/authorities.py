"""Many authorities in one store (issue 18): which a signed-in user may see, and the server's check.

A regional analyst may see several authorities (core.access.User.authorities, from the roles file or a
local account); everyone else sees the one the app is set up for (CSC_LA_CODE). Pages read one picked
authority at a time, and every run asks `open_authority` first: an authority the user may not see is
refused with NotAllowed and the refusal is audited, whatever the browser sent. On PostgreSQL the same
limit is enforced again by row-level security (migration 0014): `scope_to` makes every transaction of
the page's run carry the user's authorities, so even a read that forgot the check sees no one else's rows.
"""

from __future__ import annotations

from sqlalchemy import Engine

from core.access import NotAllowed, User, may_see_authority, require_authority
from store.audit import Access, append_access
from store.db import limit_to_authorities
from views.comparison import authority_labels


def scope_to(user: User) -> None:
    """From here on in this thread (a page's run), the store shows and takes only the user's authorities."""
    limit_to_authorities(user.sees)


def open_authority(engine: Engine, user: User, la_code: str, page: str = "") -> str:
    """`la_code`, when the user may see it; else NotAllowed, recorded in the access log first."""
    if not may_see_authority(user, la_code):
        try:
            require_authority(user, la_code)
        except NotAllowed as refusal:
            what = f"asked for {la_code}: refused ({refusal})"
            append_access(engine, user.sees[0], Access(user.name, "authority_refused", user.role, page, what))
            raise
    return la_code


def record_authority_choice(engine: Engine, user: User, la_code: str, page: str = "") -> None:
    """The user moved to another authority: kept in the access log, under that authority."""
    open_authority(engine, user, la_code, page)
    append_access(engine, la_code, Access(user.name, "authority", user.role, page, f"chose {la_code}"))


authority_names = authority_labels  # for the sidebar's picker
