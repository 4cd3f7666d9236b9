"""Back up the store while the app runs, and restore a backup: `python -m workflows.backup backup PATH`.

    python -m workflows.backup backup /secure/backups/store-2026-12-07.sqlite
    python -m workflows.backup restore /secure/backups/store-2026-12-07.sqlite

For the SQLite store (CSC_STORE_PATH). The backup is taken with SQLite's online backup API, so it is
consistent even during a load, and is recorded in the audit (a backup holds every child's rows). A
restore checks the file is a sound copy of a store, replaces the store's content with it, brings its
schema up to date and records the restore in the restored audit. PostgreSQL: pg_dump / pg_restore
(README, Data protection).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import Engine

from store.audit import Access, append_access
from store.backup import BackupRefused, check_store_file, copy_database, sqlite_path
from store.batches import record_audit
from store.db import database_url, migrate, writing
from workflows import la_code, store


def backup(engine: Engine, authority: str, target: Path, who: str) -> str:
    """Write a consistent copy of the store to `target` (which must not exist yet); say what was done."""
    source = sqlite_path(engine.url.render_as_string(hide_password=False))
    if target.exists():
        raise BackupRefused(f"{target} already exists: name a new file, so no backup is overwritten.")
    target.parent.mkdir(parents=True, exist_ok=True)
    append_access(engine, authority, Access(who, "backup", what=str(target)))
    copy_database(source, target)
    check_store_file(target)
    return f"Backed up the store ({source}) to {target}. It holds children's data: keep it encrypted."


def restore(engine: Engine, authority: str, source: Path, who: str) -> str:
    """Replace the store's content with a backup, bring it up to date and record the restore in its audit."""
    live = sqlite_path(engine.url.render_as_string(hide_password=False))
    check_store_file(source)
    if source.resolve() == live.resolve():
        raise BackupRefused("That file is the store itself: name a backup.")
    engine.dispose()  # pooled connections would otherwise keep pages cached from the old content
    copy_database(source, live)
    migrate(engine)
    message = f"Restored the store from {source}. Start the app again, so no page shows figures cached from before."
    with writing(engine) as conn:
        record_audit(conn, who, authority, "restore", None, message)
    return message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows.backup", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("backup", "restore"))
    parser.add_argument("path", type=Path, help="the backup file to write, or to restore from")
    parser.add_argument("--who", default=None, help="who is doing it, for the audit (default: your login name)")
    args = parser.parse_args(argv)
    who = args.who or getpass.getuser()
    try:
        sqlite_path(database_url())
        step = backup if args.command == "backup" else restore
        print(step(store(), la_code(), args.path, who))
    except BackupRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
