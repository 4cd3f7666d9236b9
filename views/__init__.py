"""Views: what each page section shows, read from the store (no SQL here: store/ functions do it) and
worded in views/wording.py. Pages import views for what they show and workflows/ for what they change;
views never import workflows/.
"""

from __future__ import annotations

from sqlalchemy import Engine

from store.read import reading
from store.view import StoreView


def store_version(engine: Engine, la_code: str) -> int:
    """A number that changes whenever anything stored for the authority changes (for page caches)."""
    with reading(engine) as conn:
        return StoreView(conn, la_code).version()
