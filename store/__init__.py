"""The only layer that touches SQL (SQLAlchemy): batches, history and revert arrive with the store.

Never imports metrics: recomputation is passed in as a function (see ../shared/STYLE.md).
"""
