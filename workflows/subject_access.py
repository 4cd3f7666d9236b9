"""Find every stored row about a child or worker, for a subject access request; the search is audited.

    python -m workflows.subject_access CHILD_ID                    # what is held, counted per place
    python -m workflows.subject_access CHILD_ID --out /secure/sar  # and one formula-safe CSV per place

Prints where the ID appears (each dataset's rows with the file and month they came from, surgery actions,
and audit entries that showed the ID to someone), and records the search itself in the audit.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from ingest.issues import csv_download
from store.audit import Access, append_access
from store.subjects import rows_about
from workflows import la_code, store


def subject_rows(engine: Engine, authority: str, person_id: str, who: str) -> dict[str, pd.DataFrame]:
    """Every stored row about the ID, by place; the search is recorded (who, the ID, how many rows)."""
    person_id = person_id.strip()
    found = rows_about(engine, authority, person_id)
    total = sum(len(frame) for frame in found.values())
    entry = Access(who, "subject_access", what="subject access search", subject_ids=(person_id,), row_count=total)
    append_access(engine, authority, entry)
    return found


def write_csvs(found: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One formula-safe CSV per place that holds rows (names from the place: 'surgery_actions.csv')."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for place, frame in found.items():
        if len(frame):
            path = folder / (re.sub(r"[^a-z0-9]+", "_", place.lower()).strip("_") + ".csv")
            path.write_bytes(csv_download(frame))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows.subject_access", description=__doc__.split("\n\n")[0])
    parser.add_argument("person_id", help="the child's or worker's ID as the case-management system exports it")
    parser.add_argument("--out", type=Path, default=None, help="a folder to write one CSV per place into")
    parser.add_argument("--who", default=None, help="who is searching, for the audit (default: your login name)")
    args = parser.parse_args(argv)
    found = subject_rows(store(), la_code(), args.person_id, args.who or getpass.getuser())
    for place, frame in found.items():
        print(f"{place}: {len(frame)} rows")
    if args.out:
        for path in write_csvs(found, args.out):
            print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
