"""From a checked file to a stored batch: what loading would do, then doing it.

The plan is shown to the analyst before the explicit confirm and remembers which batch was current
then; the load refuses if that has changed meanwhile, so two people loading the same month at once
leave one winner and a clear message for the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require
from core.dates import month_label
from ingest.check import CheckResult
from reference import dataset_specs
from store.batches import ANY, ConcurrentChange, Outcome, StoreRefused, Upload, current_batch, load
from store.db import StoreBusy, activity
from views.indicators import catalogue_in_force
from workflows.jobs import RECOMPUTATIONS


@dataclass(frozen=True)
class LoadPlan:
    file_name: str
    dataset: str
    month: str | None
    extract_date: date
    rows: int
    replaces: dict | None
    sha256: str = ""
    problem: str | None = None

    @property
    def what_happens(self) -> str:
        if self.problem:
            return self.problem
        if self.replaces and self.replaces["sha256"] == self.sha256:
            return f"Already loaded: this file is the current batch ({self.replaces['id']}); nothing would change."
        if self.replaces is None:
            where = f"for {month_label(self.month)}" if self.month else "as new aggregate values"
            return f"Loads {self.rows:,} rows {where}; nothing is loaded there yet."
        if self.month is None:
            return f"Adds or replaces aggregate values ({self.rows:,} rows); values not in the file stay."
        loaded = pd.Timestamp(self.replaces["loaded_at"]).strftime("%-d %B %Y")
        return (
            f"Replaces the {month_label(self.month)} batch loaded on {loaded} by {self.replaces['loaded_by']} "
            f"({self.replaces['file_name']}, {self.replaces['rows']:,} rows); it stays in History."
        )


def loadable(results: list[CheckResult], confirmed: dict[str, bool]) -> list[tuple[int, CheckResult]]:
    """(position, result) of the files that may be loaded: no errors, and warnings (if any) confirmed."""
    return [(n, r) for n, r in enumerate(results) if r.ready and (not r.warnings or confirmed.get(r.sha256))]


def plan_load(engine: Engine, la_code: str, result: CheckResult, extract_date: date | None) -> LoadPlan:
    """What loading this checked file would do, for the confirm step."""
    spec = dataset_specs()[result.dataset]
    month = result.reporting_month if spec.kind != "keyed" else None
    chosen = extract_date or result.extract_date or date.today()
    problem = None
    if spec.kind != "keyed" and not month:
        problem = "Enter the reporting month above before loading."
    elif month and chosen < pd.Timestamp(f"{month}-01").date():
        problem = f"The extract date {chosen:%d/%m/%Y} is before {month_label(month)} began; check it."
    if spec.kind == "keyed" and not problem:
        problem = unknown_indicator_codes(engine, la_code, result)
    replaces = None if problem else current_batch(engine, la_code, result.dataset, month)  # month None if keyed
    return LoadPlan(
        result.file_name, result.dataset, month, chosen, len(result.frame), replaces, result.sha256, problem
    )


def unknown_indicator_codes(engine: Engine, la_code: str, result: CheckResult) -> str | None:
    """Aggregate values must be for catalogue indicators (built-in or local): otherwise say which rows."""
    known = set(catalogue_in_force(engine, la_code).indicators)
    codes = result.frame["indicator_code"]
    unknown = codes[~codes.isin(known)]
    if unknown.empty:
        return None
    shown = ", ".join(f"row {row} ({code})" for row, code in unknown.head(5).items())
    more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
    return (
        f"Column indicator_code: {shown}{more} not in the indicator catalogue. Correct the code, or add it "
        "as a local indicator on the Indicators page first."
    )


def plans_frame(plans: list[LoadPlan]) -> pd.DataFrame:
    """The confirm table: one row per file."""
    return pd.DataFrame(
        {
            "File": [p.file_name for p in plans],
            "Dataset": [dataset_specs()[p.dataset].title for p in plans],
            "Month": [month_label(p.month) if p.month else "Each row's period" for p in plans],
            "Extract date": [f"{p.extract_date:%d/%m/%Y}" for p in plans],
            "What happens": [p.what_happens for p in plans],
        }
    )


@dataclass(frozen=True)
class LoadReport:
    file_name: str
    level: str  # "loaded", "unchanged" or "refused"
    message: str


def load_checked(
    engine: Engine,
    la_code: str,
    result: CheckResult,
    plan: LoadPlan,
    user: User,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Store one checked file as planned; a refusal is reported in words, never half-done."""
    require(user, "load")
    who = user.name
    if plan.problem or result.frame is None:
        return LoadReport(result.file_name, "refused", plan.problem or "The file has errors; fix them first.")
    present = tuple(m.column for m in result.header_matches if m.column)
    upload = Upload(
        la_code, result.dataset, plan.month, plan.extract_date, result.file_name, result.sha256, result.frame, present
    )
    # Aggregate values only add or replace keys, so another load meanwhile needs no refusal.
    expected = (plan.replaces["id"] if plan.replaces else None) if plan.month else ANY
    try:
        with activity(engine, who, f"a load of {result.file_name}"):  # a load that has to wait can say whose is running
            outcome: Outcome = load(engine, upload, who, RECOMPUTATIONS, expected_current=expected, progress=progress)
    except (ConcurrentChange, StoreRefused, StoreBusy) as err:
        return LoadReport(result.file_name, "refused", str(err))
    return LoadReport(result.file_name, "loaded" if outcome.changed else "unchanged", outcome.message)
