"""Loading, superseding, reverting and withdrawing batches: every change in one transaction.

A batch is one uploaded file. Its rows are never updated or deleted: loading a month that already
has a batch marks the old one superseded and the new one current, so reverting is just making an
earlier batch current again, and history is complete. The caller passes in the recomputations of
stored per-month figures (the store never imports metrics); they run inside the same transaction, so
a failure anywhere leaves every table exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from core.dates import month_label, months_between, shift_month
from reference import dataset_specs
from store.changes import episode_change, keyed_change, snapshot_change
from store.db import transaction_lock, writing
from store.page_tables import stamp
from store.rows import write_rows
from store.tables import audit_log, batches, month_figures, retention_runs
from store.view import StoreView

INSERT_CHUNK = 2_000
SNAPSHOT_REACH = 12  # a snapshot month feeds rolling 12-month figures of the months after it


class ConcurrentChange(Exception):
    """Someone else changed the same dataset-month while this change was being made; nothing was stored."""


class StoreRefused(Exception):
    """A change the store will not make (unknown batch, wrong authority); the message says why."""


@dataclass(frozen=True)
class Upload:
    """A checked file ready to store: the typed frame (index = Excel row) and its facts."""

    la_code: str
    dataset: str
    reporting_month: str | None
    extract_date: date
    file_name: str
    sha256: str
    frame: pd.DataFrame = field(repr=False)
    columns_present: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """What one write changed, handed to scoped recomputations so they redo only what follows from it.

    `dataset` None means anything may have changed (many files at once, recompute_all): every figure of
    `months` is redone. Otherwise `month` is the changed reporting month (None for keyed values),
    `months` the store's conservative answer to "which months can depend on it" (_affected_months), and
    `before` / `after` the dataset's state around the change (snapshot: the month's rows; episode: the
    resolved records; keyed: the values in force), so a recomputation can narrow the months per figure.
    """

    dataset: str | None
    month: str | None
    months: tuple[str, ...]
    before: pd.DataFrame | None = field(default=None, repr=False)
    after: pd.DataFrame | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Scoped:
    """A scoped recomputation's answer: `months_by_code` is what it redid (code -> months; the code None
    stands for every code of the family), `figures` the rows for exactly those codes and months."""

    months_by_code: dict[str | None, list[str]]
    figures: pd.DataFrame


@dataclass(frozen=True)
class Recomputation:
    """Per-month figures the store keeps up to date: `compute(view, months)` returns rows with
    columns month, code, breakdown, numerator, denominator, value for exactly those months.

    With `scoped`, a change calls `scoped(view, change)` instead, which redoes only the codes and months
    that follow from it (issue 18: a load recomputes what it changed, not every figure of every month).
    """

    family: str
    compute: Callable[[StoreView, list[str]], pd.DataFrame]
    scoped: Callable[[StoreView, Change], Scoped] | None = None


@dataclass(frozen=True)
class Outcome:
    changed: bool
    batch_id: int | None
    message: str
    months_recomputed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refresh:
    """Tables derived from the stored figures (the pages' SPC, say), brought up to date after the figures
    of a change are rewritten, in the same transaction: `run(view, rewritten)` gets family -> the codes
    whose figures were rewritten (None: every code)."""

    name: str
    run: Callable[[StoreView, dict[str, set[str] | None]], None]


ANY = object()  # `expected_current` sentinel: replace whatever is current (scripts and sample data)
Progress = Callable[[int, int], None]


def current_batch(engine: Engine, la_code: str, dataset: str, month: str | None) -> dict | None:
    """The batch in force for a dataset-month (None if nothing is loaded), for "replaces ..." wording."""
    with engine.connect() as conn:
        return _current(conn, la_code, dataset, month)


def load(
    engine: Engine,
    upload: Upload,
    who: str,
    recomputations: Iterable[Recomputation] = (),
    expected_current: int | object | None = ANY,
    progress: Progress | None = None,
) -> Outcome:
    """Store a checked file as the current batch for its dataset-month, superseding the one before.

    `expected_current` is the batch id the analyst saw as current when confirming (None = nothing
    loaded). If another load got there first, ConcurrentChange is raised and nothing is stored.
    The identical file (same sha256) when it is already current is a no-op with a message.
    """
    with writing(engine) as conn:
        return _load(conn, upload, who, recomputations, expected_current, progress, describe=True)


def load_many(
    engine: Engine,
    uploads: Iterable[Upload],
    who: str,
    la_code: str,
    recomputations: Iterable[Recomputation] = (),
    progress: Callable[[int], None] | None = None,
) -> int:
    """Load many files in ONE transaction (the first-run sample): all of them or none.

    Figures are recomputed once at the end for every loaded month, instead of after each file, and
    no change summaries are worked out. Returns how many batches were stored.
    """
    stored = 0
    with writing(engine) as conn:
        for number, upload in enumerate(uploads, start=1):
            if upload.la_code != la_code:
                raise StoreRefused(f"{upload.file_name} is for {upload.la_code}, not {la_code}.")
            stored += _load(conn, upload, who, (), ANY, None, describe=False).changed
            if progress:
                progress(number)
        view = StoreView(conn, la_code)
        _recompute(conn, view, recomputations, view.loaded_month_range())
        record_audit(conn, who, la_code, "load_many", None, f"{stored} batches loaded in one transaction")
    return stored


def _load(
    conn: Connection,
    upload: Upload,
    who: str,
    recomputations: Iterable[Recomputation],
    expected_current: int | object | None,
    progress: Progress | None,
    describe: bool,
) -> Outcome:
    """`describe=False` skips reading the data before and after (no change summary, no recomputation)."""
    spec = dataset_specs()[upload.dataset]
    month = upload.reporting_month if spec.kind != "keyed" else None
    if spec.kind != "keyed" and not month:
        raise StoreRefused(f"{upload.file_name}: a reporting month is needed to load {spec.title}.")
    _refuse_past_retention(conn, upload.la_code, month, upload.file_name)
    _lock(conn, upload.la_code, upload.dataset, month)
    view = StoreView(conn, upload.la_code)
    same = _current_with_sha(conn, upload, month)
    if same:
        return Outcome(
            False,
            same["id"],
            f"{upload.file_name} is already loaded{_for_month(month)} (batch {same['id']}, loaded "
            f"{_when(same['loaded_at'])} by {same['loaded_by']}). Nothing was changed.",
        )
    current = _current(conn, upload.la_code, upload.dataset, month) if month else None
    if expected_current is not ANY and (current["id"] if current else None) != expected_current:
        raise ConcurrentChange(_overtaken(upload, current, month))
    before = _state(view, upload.dataset, month) if describe else None
    now = datetime.now(UTC)
    if current:  # steps aside first: one current batch per dataset-month is a unique index
        _set_status(conn, current["id"], "superseded", who, now)
    batch_id = conn.execute(
        batches.insert().returning(batches.c.id),
        dict(
            la_code=upload.la_code,
            dataset=upload.dataset,
            reporting_month=month,
            extract_date=upload.extract_date,
            file_name=upload.file_name,
            sha256=upload.sha256,
            rows=len(upload.frame),
            columns_present=",".join(upload.columns_present),
            loaded_by=who,
            loaded_at=now,
            status="current",
            activated_at=now,
            replaced_batch_id=current["id"] if current else None,
        ),
    ).scalar_one()
    _insert_rows(conn, upload, batch_id, progress)
    view.forget()
    after = _state(view, upload.dataset, month) if describe else None
    change = _describe(upload.dataset, before, after) if describe else f"{len(upload.frame):,} rows"
    summary = (
        f"Replaces the {month_label(month)} batch loaded {_when(current['loaded_at'])} by "
        f"{current['loaded_by']} ({current['file_name']}). {change}."
        if current
        else f"First {spec.title.lower()} batch{_for_month(month)}. {change}."
    )
    months = []
    if describe:
        months = _affected_months(view, upload.dataset, month, before, after)
        _recompute(conn, view, recomputations, months, Change(upload.dataset, month, tuple(months), before, after))
    conn.execute(batches.update().where(batches.c.id == batch_id).values(change_summary=summary))
    record_audit(conn, who, upload.la_code, "load", batch_id, f"{upload.file_name}: {summary}")
    return Outcome(True, batch_id, summary, tuple(months))


def make_current(
    engine: Engine, batch_id: int, who: str, la_code: str, recomputations: Iterable[Recomputation] = ()
) -> Outcome:
    """Revert a dataset-month to an earlier batch (or reinstate a withdrawn one)."""
    batch_id = int(batch_id)  # numpy integers from a frame do not bind on every driver
    with writing(engine) as conn:
        chosen = _locked_batch(conn, batch_id, la_code)
        if chosen["status"] == "current":
            return Outcome(False, batch_id, f"Batch {batch_id} ({chosen['file_name']}) is already current.")
        view = StoreView(conn, la_code)
        month = chosen["reporting_month"]
        before = _state(view, chosen["dataset"], month)
        now = datetime.now(UTC)
        current = _current(conn, la_code, chosen["dataset"], month) if month else None
        if current:
            _set_status(conn, current["id"], "superseded", who, now)
        _set_status(conn, batch_id, "current", who, now)
        conn.execute(batches.update().where(batches.c.id == batch_id).values(activated_at=now))
        view.forget()
        after = _state(view, chosen["dataset"], month)
        change = _describe(chosen["dataset"], before, after)
        replaced = f"; it replaces batch {current['id']} ({current['file_name']})" if current else ""
        message = (
            f"Batch {batch_id} ({chosen['file_name']}, loaded {_when(chosen['loaded_at'])}) is current again"
            f"{_for_month(month)}{replaced}. {change}."
        )
        months = _affected_months(view, chosen["dataset"], month, before, after)
        change = Change(chosen["dataset"], month, tuple(months), before, after)
        _recompute(conn, view, recomputations, months, change)
        record_audit(conn, who, la_code, "revert", batch_id, message)
    return Outcome(True, batch_id, message, tuple(months))


def withdraw(
    engine: Engine, batch_id: int, who: str, la_code: str, recomputations: Iterable[Recomputation] = ()
) -> Outcome:
    """Take a current batch out without a replacement (a file loaded for the wrong month, say)."""
    batch_id = int(batch_id)
    with writing(engine) as conn:
        chosen = _locked_batch(conn, batch_id, la_code)
        if chosen["status"] != "current":
            return Outcome(False, batch_id, f"Batch {batch_id} ({chosen['file_name']}) is not current.")
        view = StoreView(conn, la_code)
        month = chosen["reporting_month"]
        before = _state(view, chosen["dataset"], month)
        _set_status(conn, batch_id, "withdrawn", who, datetime.now(UTC))
        view.forget()
        after = _state(view, chosen["dataset"], month)
        change = _describe(chosen["dataset"], before, after)
        nothing = f"; nothing is loaded{_for_month(month)} now" if month else ""
        message = f"Batch {batch_id} ({chosen['file_name']}) was withdrawn{nothing}. {change}."
        months = _affected_months(view, chosen["dataset"], month, before, after)
        change = Change(chosen["dataset"], month, tuple(months), before, after)
        _recompute(conn, view, recomputations, months, change)
        record_audit(conn, who, la_code, "withdraw", batch_id, message)
    return Outcome(True, batch_id, message, tuple(months))


def recompute_all(engine: Engine, la_code: str, recomputations: Iterable[Recomputation], who: str) -> Outcome:
    """Recompute every loaded month (after a definition changes, or a new family of figures is added)."""
    with writing(engine) as conn:
        view = StoreView(conn, la_code)
        months = view.loaded_month_range()
        _recompute(conn, view, recomputations, months)
        message = f"Recomputed {len(months)} months."
        record_audit(conn, who, la_code, "recompute", None, message)
    return Outcome(True, None, message, tuple(months))


# ---- inside the transaction ------------------------------------------------------------------


def _lock(conn: Connection, la_code: str, dataset: str, month: str | None) -> None:
    """Serialise changes to one dataset-month. SQLite's BEGIN IMMEDIATE already serialises writers."""
    transaction_lock(conn, f"{la_code}|{dataset}|{month or ''}")


def _current_query(la_code: str, dataset: str, month: str | None):
    return batches.select().where(
        batches.c.la_code == la_code,
        batches.c.dataset == dataset,
        batches.c.status == "current",
        batches.c.reporting_month == month if month else batches.c.reporting_month.is_(None),
    )


def _current(conn: Connection, la_code: str, dataset: str, month: str | None) -> dict | None:
    query = _current_query(la_code, dataset, month).order_by(batches.c.activated_at.desc())
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def _current_with_sha(conn: Connection, upload: Upload, month: str | None) -> dict | None:
    query = _current_query(upload.la_code, upload.dataset, month).where(batches.c.sha256 == upload.sha256)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def _locked_batch(conn: Connection, batch_id: int, la_code: str) -> dict:
    """A batch of this authority, read again once its dataset-month is locked."""
    chosen = _batch(conn, batch_id, la_code)
    _lock(conn, la_code, chosen["dataset"], chosen["reporting_month"])
    chosen = _batch(conn, batch_id, la_code)
    _refuse_past_retention(conn, la_code, chosen["reporting_month"], f"Batch {batch_id} ({chosen['file_name']})")
    return chosen


def _batch(conn: Connection, batch_id: int, la_code: str) -> dict:
    row = conn.execute(batches.select().where(batches.c.id == batch_id)).mappings().first()
    if row is None or row["la_code"] != la_code:
        raise StoreRefused(f"There is no batch {batch_id} for authority {la_code}.")
    return dict(row)


def _set_status(conn: Connection, batch_id: int, status: str, who: str, now: datetime) -> None:
    values = dict(status=status, status_changed_by=who, status_changed_at=now)
    conn.execute(batches.update().where(batches.c.id == batch_id).values(**values))


def _insert_rows(conn: Connection, upload: Upload, batch_id: int, progress: Progress | None) -> None:
    write_rows(conn, upload.dataset, upload.frame, batch_id, upload.la_code, progress, INSERT_CHUNK)


def _state(view: StoreView, dataset: str, month: str | None) -> pd.DataFrame:
    kind = dataset_specs()[dataset].kind
    if kind == "snapshot":
        return view.month_rows(dataset, month)
    if kind == "episode":
        return view.resolved(dataset)
    return view.indicator_values()


def _describe(dataset: str, before: pd.DataFrame, after: pd.DataFrame) -> str:
    spec = dataset_specs()[dataset]
    if spec.kind == "snapshot":
        return snapshot_change(before, after, spec)
    if spec.kind == "episode":
        return episode_change(before, after, spec)
    return keyed_change(before, after)


def _affected_months(
    view: StoreView, dataset: str, month: str | None, before: pd.DataFrame, after: pd.DataFrame
) -> list[str]:
    """Months whose figures can depend on what changed, within the months any data covers.

    Snapshot month M feeds M and the rolling windows of the 12 months after it. An episode record
    feeds every month from its start (loading January can change December). Aggregate values feed
    their own periods. The changed month itself is always included, so a withdrawn month's figures
    are cleared.
    """
    spec = dataset_specs()[dataset]
    loaded = view.loaded_month_range()
    if spec.kind == "keyed":
        return sorted(_changed_periods(before, after))
    if spec.kind == "snapshot":
        wanted = months_between(month, shift_month(month, SNAPSHOT_REACH))
    else:
        start = _earliest_changed_month(before, after, spec)
        if not any(spec.column(c).type == "date" for c in spec.key):  # a child's record (characteristics)
            start = loaded[0] if loaded else None  # feeds every month that counts the child
        last = max([month, *loaded[-1:]])
        wanted = months_between(min(start or month, month), last)
    in_range = [m for m in wanted if loaded and loaded[0] <= m <= loaded[-1]]
    return sorted(set(in_range) | {month})


def _changed_periods(before: pd.DataFrame, after: pd.DataFrame) -> set[str]:
    key = ["period", "indicator_code", "breakdown"]
    cols = [*key, "numerator", "denominator"]

    def rows(frame):
        if frame.empty:
            return set()
        tidy = frame[cols].assign(breakdown=frame["breakdown"].fillna(""))
        return set(tidy.astype(str).itertuples(index=False, name=None))

    return {row[0] for row in rows(before) ^ rows(after)}


def _earliest_changed_month(before: pd.DataFrame, after: pd.DataFrame, spec) -> str | None:
    """The month of the earliest start among episode records that were added, removed or changed."""
    key = list(spec.key)
    if not any(spec.column(c).type == "date" for c in key):
        return None  # no start date: the caller takes every loaded month
    fields = [c for c in spec.column_names if c not in spec.point_in_time]
    tidy = [f[fields].astype(str) if len(f) else pd.DataFrame(columns=fields) for f in (before, after)]
    merged = tidy[0].merge(tidy[1], how="outer", indicator=True)
    changed = merged[merged["_merge"] != "both"]
    if changed.empty:
        return None
    date_column = next(c for c in key if spec.column(c).type == "date")
    starts = pd.to_datetime(changed[date_column], errors="coerce").dropna()
    return starts.min().strftime("%Y-%m") if len(starts) else None


def _recompute(
    conn: Connection,
    view: StoreView,
    recomputations: Iterable[Recomputation],
    months: list[str],
    change: Change | None = None,
) -> dict[str, set[str] | None]:
    """Rewrite the stored figures a change touched; returns family -> codes rewritten (None: every code).

    Jobs with `scoped` get the change and say which codes and months they redid; the others (and every job
    when `change` is None or names no dataset) redo every code of `months`. A Refresh runs last, told what
    was rewritten, in the same transaction.
    """
    months = _recomputable(conn, view.la_code, months)
    change = change if change is not None else Change(None, None, tuple(months))
    change = replace(change, months=tuple(months))
    rewritten: dict[str, set[str] | None] = {}
    refreshes = []
    now = datetime.now(UTC)
    for job in recomputations:
        if isinstance(job, Refresh):
            refreshes.append(job)
            continue
        if job.scoped is not None and change.dataset is not None:
            scoped = job.scoped(view, change)
            scope = {code: _recomputable(conn, view.la_code, wanted) for code, wanted in scoped.months_by_code.items()}
            figures = scoped.figures
        else:
            scope = {None: list(months)} if months else {}
            figures = job.compute(view, list(months)) if months else pd.DataFrame()
        scope = {code: wanted for code, wanted in scope.items() if wanted}
        if not scope:
            continue
        _check_in_scope(job.family, figures, scope)
        for code, wanted in scope.items():
            query = month_figures.delete().where(
                month_figures.c.la_code == view.la_code,
                month_figures.c.family == job.family,
                month_figures.c.month.in_(wanted),
            )
            conn.execute(query if code is None else query.where(month_figures.c.code == code))
        rewritten[job.family] = None if None in scope else set(scope)
        if len(figures):
            records = [
                dict(
                    la_code=view.la_code,
                    family=job.family,
                    month=row.month,
                    code=row.code,
                    breakdown=row.breakdown or "",
                    numerator=_float(row.numerator),
                    denominator=_float(row.denominator),
                    value=_float(row.value),
                    computed_at=now,
                    provisional=bool(getattr(row, "provisional", False)),
                    source_batches=str(getattr(row, "source_batches", "") or ""),
                    not_yet_due=int(getattr(row, "not_yet_due", 0) or 0),
                    months_held=_count(getattr(row, "months_held", None)),
                    months_needed=_count(getattr(row, "months_needed", None)),
                )
                for row in figures.itertuples(index=False)
            ]
            conn.execute(month_figures.insert(), records)
    for refresh in refreshes:
        refresh.run(view, rewritten)
    return rewritten


def refresh(
    conn: Connection, la_code: str, refreshes: Iterable[Refresh], rewritten: dict[str | None, set[str] | None]
) -> None:
    """Bring derived tables up to date after a change outside the figures (a change point: {None: {code}})."""
    view = StoreView(conn, la_code)
    for job in refreshes:
        job.run(view, rewritten)


def _check_in_scope(family: str, figures: pd.DataFrame, scope: dict[str | None, list[str]]) -> None:
    """Refuse figures for months (or codes) a job was not asked for: they would stay next to older rows."""
    if not len(figures):
        return
    pairs = set(zip(figures["code"], figures["month"], strict=True))
    if None in scope:
        stray = {month for _, month in pairs} - set(scope[None])
    else:
        stray = {month for code, month in pairs if month not in scope.get(code, ())}
    if stray:
        raise ValueError(f"{family} returned figures for months it was not asked for: {sorted(stray)}")


def _recomputable(conn: Connection, la_code: str, months: list[str]) -> list[str]:
    """The months whose inputs are all still held: after a retention run deleted the rows of months before
    its cut-off, those months and the rolling windows reaching back into them keep their stored figures."""
    cut = _retention_cut(conn, la_code)
    if cut is None:
        return list(months)
    frozen_until = shift_month(cut, SNAPSHOT_REACH - 1)
    return [m for m in months if m >= frozen_until]


def _retention_cut(conn: Connection, la_code: str) -> str | None:
    """The first reporting month whose rows are all kept (None: retention has never run)."""
    query = sa.select(sa.func.max(retention_runs.c.before_month)).where(retention_runs.c.la_code == la_code)
    return conn.execute(query).scalar()


def _refuse_past_retention(conn: Connection, la_code: str, month: str | None, what: str) -> None:
    """A month whose rows retention deleted takes no new, reverted or withdrawn batch: its figures stay."""
    cut = _retention_cut(conn, la_code)
    if month and cut and month < cut:
        raise StoreRefused(
            f"{what}: the rows of {month_label(month)} were deleted at the end of the retention period (every "
            f"month before {month_label(cut)}), so its batches can no longer be loaded, reverted or withdrawn."
        )


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _count(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def record_audit(conn: Connection, who: str, la_code: str, action: str, batch_id: int | None, details: str) -> int:
    """The change's audit entry; its id is the store version the figures this transaction wrote carry."""
    version = conn.execute(
        audit_log.insert().returning(audit_log.c.id),
        dict(at=datetime.now(UTC), who=who, la_code=la_code, action=action, batch_id=batch_id, details=details),
    ).scalar_one()
    stamp(conn, la_code, version)
    return version


def _overtaken(upload: Upload, current: dict | None, month: str | None) -> str:
    if current is None:
        return (
            f"{upload.file_name} was not loaded: the batch it was meant to replace{_for_month(month)} was "
            "taken out while you were confirming. Look at History, then load again if your file is right."
        )
    return (
        f"{upload.file_name} was not loaded: while you were confirming, {current['loaded_by']} made "
        f"{current['file_name']} the current batch{_for_month(month)} ({_when(current['activated_at'])}). "
        "Nothing from your file was stored. Look at History, then load again if your file should replace it."
    )


def _for_month(month: str | None) -> str:
    return f" for {month_label(month)}" if month else ""


def _when(moment) -> str:
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("Europe/London").strftime("%-d %B %Y at %H:%M")


def has_batches(engine: Engine, la_code: str) -> bool:
    """Whether anything has ever been loaded for the authority (a withdrawn batch counts)."""
    with engine.connect() as conn:
        query = sa.select(batches.c.id).where(batches.c.la_code == la_code).limit(1)
        return conn.execute(query).first() is not None


def current_batches_loaded_by(engine: Engine, la_code: str, who: str) -> int:
    """How many batches in force were loaded by `who` (the sample generator, say)."""
    with engine.connect() as conn:
        query = sa.select(sa.func.count()).where(
            batches.c.la_code == la_code, batches.c.status == "current", batches.c.loaded_by == who
        )
        return int(conn.execute(query).scalar_one())
