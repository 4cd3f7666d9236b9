"""The one way code above store/ reads: a read session whose connection it hands only to store/ functions
(StoreView, store.surgery.actions_frame, ...), so every SQL statement is written in store/ (issue 18;
tests/test_structure.py checks that views/ and workflows/ open no connection and build no SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads, closed (its transaction rolled back) on leaving the block."""
    with engine.connect() as conn:
        yield conn
