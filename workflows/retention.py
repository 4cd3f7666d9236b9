"""Retention: delete child- and worker-level rows older than CSC_RETENTION_MONTHS, by command.

    python -m workflows.retention            # say what would be deleted, delete nothing
    python -m workflows.retention --delete   # delete it, and record the run in the audit

A reporting month is past the period when it began more than CSC_RETENTION_MONTHS whole months before
the current month: with 36 on 7 December 2026, every row of November 2023 and earlier goes. The stored
figures, the panel's signed-off figures, aggregate values and the audit stay (store/retention.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date

from sqlalchemy import Engine

from core.dates import month_label, shift_month
from settings import setting
from store.retention import RetentionOutcome, delete_rows_before, rows_before
from workflows import la_code, store

MIN_RETENTION_MONTHS = 13  # a month's rolling figures read the 11 months before it: keep at least a window


class RetentionSettingError(ValueError):
    """CSC_RETENTION_MONTHS is not a whole number of months the figures can live with."""


def retention_months(raw: str | None = None) -> int:
    """The configured period in whole months; refuses a value so short it would cut rolling windows."""
    text = (raw if raw is not None else setting("CSC_RETENTION_MONTHS")).strip()
    if not text.isdigit() or int(text) < MIN_RETENTION_MONTHS:
        raise RetentionSettingError(
            f"CSC_RETENTION_MONTHS is '{text}': give a whole number of months, at least {MIN_RETENTION_MONTHS}."
        )
    return int(text)


def cut_off(today: date, months: int) -> str:
    """The first reporting month kept: rows of every earlier month are past the period."""
    return shift_month(today.strftime("%Y-%m"), -months)


def pending(engine: Engine, authority: str, today: date, months: int) -> str:
    """What a run would delete, in words, without deleting anything."""
    first_kept = cut_off(today, months)
    counts = rows_before(engine, authority, first_kept)
    shown = ", ".join(f"{dataset} {count}" for dataset, count in counts.items() if count) or "nothing"
    return f"Rows of months before {month_label(first_kept)} ({months} months' retention): {shown}."


def run_retention(engine: Engine, authority: str, who: str, today: date, months: int) -> RetentionOutcome:
    """Delete every child- and worker-level row past the period, recorded in the audit."""
    return delete_rows_before(engine, authority, cut_off(today, months), who)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows.retention", description=__doc__.split("\n\n")[0])
    parser.add_argument("--delete", action="store_true", help="delete the rows (without it, only say what would go)")
    parser.add_argument("--who", default=None, help="who is running it, for the audit (default: your login name)")
    args = parser.parse_args(argv)
    try:
        months = retention_months()
    except RetentionSettingError as error:
        print(error, file=sys.stderr)
        return 1
    engine, authority, today = store(), la_code(), date.today()
    if not args.delete:
        print(pending(engine, authority, today, months) + " Run again with --delete to delete them.")
        return 0
    print(run_retention(engine, authority, args.who or getpass.getuser(), today, months).message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
