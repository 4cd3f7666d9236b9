"""The store: the only layer that speaks SQL. SQLite by default, PostgreSQL when DATABASE_URL is set.

`store.db` opens it (and migrates it with Alembic), `store.batches` loads, supersedes, reverts and
withdraws batches in one transaction each, `store.view` reads one authority's current data as pandas,
`store.resolve` says how batches become that data, and `store.changes` describes what a change did.
"""
