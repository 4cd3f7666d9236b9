"""Workflows join the layers for pages: ingest's checked files into the store, the store's data into
metrics, with the recomputations the store runs inside every change. Pages call these and only arrange
what they return; nothing here imports streamlit.
"""

from __future__ import annotations

from sqlalchemy import Engine

from settings import setting
from store.db import StoreBusy as StoreBusy  # pages show its message in words
from store.db import open_store


def store() -> Engine:
    """The app's store (DATABASE_URL or the SQLite file), migrated and shared by every session."""
    return open_store()


def la_code() -> str:
    """The authority this app is set up for: every stored row and read is for it."""
    return setting("CSC_LA_CODE").strip()
