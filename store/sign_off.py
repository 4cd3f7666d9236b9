"""Signed-off months: the indicator figures an analyst reported to a panel meeting, kept exactly as signed.

Signing off copies the month's stored indicator figures into sign_off_figures, writes the sign_offs row
and an audit entry, all in one transaction: a refusal or a failure leaves nothing written. A month can be
signed off again for a later meeting; every sign-off is kept and the latest per month is in force, so a
later load that changes a figure shows as a revision beside what was signed, never silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from core.dates import month_label
from store.batches import Refresh, StoreRefused, record_audit, refresh
from store.db import writing
from store.frames import result_frame
from store.tables import month_figures, sign_off_figures, sign_offs

SIGNED_FAMILY = "indicators"  # the month_figures family signed off (views.indicators.FAMILY)
SIGNED = "sign_offs"  # what a Refresh is told a sign-off rewrote (the panel's stored figures start from it)
MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_MEETING = 200  # characters: a meeting's name and date, e.g. "Corporate parenting panel, 14 May 2026"
MAX_NOTE = 2000
FIGURE_COLUMNS = ("month", "code", "breakdown", "numerator", "denominator", "value")
SHOWN_COLUMNS = ("shown_numerator", "shown_denominator", "shown_value")  # as the panel read them ('c': hidden)


def sign_off(
    engine: Engine,
    la_code: str,
    month: str,
    meeting: str,
    who: str,
    note: str = "",
    codes: Iterable[str] | None = None,
    shown: Mapping[tuple[str, str], tuple[str, str, str]] | None = None,
    refreshes: Iterable[Refresh] = (),
) -> int:
    """Sign off a month's stored indicator figures (every breakdown; only `codes` when given) as reported
    to `meeting`; returns the sign-off's id. Refused, with nothing written, when the month has no figures.
    `shown` maps (code, breakdown) to the (numerator, denominator, value) the panel was shown, as text
    ('c' where hidden): kept with the figure, so later meetings start from what this one made known.
    `refreshes` bring the tables derived from sign-offs (the panel's stored figures) up to date, in the
    same transaction."""
    meeting, who, note = meeting.strip(), who.strip(), note.strip()
    wanted = None if codes is None else sorted({str(c) for c in codes})
    _check(month, meeting, who, note, wanted)
    with writing(engine) as conn:
        figures = _month_figures(conn, la_code, month, wanted)
        if figures.empty:
            raise StoreRefused(
                f"There are no indicator figures stored for {month_label(month)}, so there is nothing to sign "
                "off. Load that month's files first."
            )
        missing = sorted(set(wanted or ()) - set(figures["code"]))
        if missing:
            raise StoreRefused(
                f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no figures for "
                f"{month_label(month)}; sign off only indicators with figures that month."
            )
        sign_off_id = conn.execute(
            sign_offs.insert().returning(sign_offs.c.id),
            dict(
                la_code=la_code,
                month=month,
                meeting=meeting,
                note=note,
                signed_by=who,
                signed_at=datetime.now(UTC),
            ),
        ).scalar_one()
        conn.execute(
            sign_off_figures.insert(),
            [
                dict(
                    sign_off_id=sign_off_id,
                    month=row.month,
                    code=row.code,
                    breakdown=row.breakdown,
                    numerator=_float(row.numerator),
                    denominator=_float(row.denominator),
                    value=_float(row.value),
                    **dict(zip(SHOWN_COLUMNS, (shown or {}).get((row.code, row.breakdown), (None,) * 3), strict=True)),
                )
                for row in figures.itertuples(index=False)
            ],
        )
        refresh(conn, la_code, refreshes, {SIGNED: None})
        which = "every indicator" if wanted is None else ", ".join(wanted)
        record_audit(
            conn,
            who,
            la_code,
            "sign_off",
            None,
            f"{month_label(month)} signed off for {meeting}: {len(figures)} figures ({which})",
        )
    return sign_off_id


def sign_offs_frame(conn: Connection, la_code: str) -> pd.DataFrame:
    """Every sign-off of the authority, oldest first: id, month, meeting, note, signed_by, signed_at and
    figures (how many were signed)."""
    counted = (
        sa.select(sign_off_figures.c.sign_off_id, sa.func.count().label("figures"))
        .group_by(sign_off_figures.c.sign_off_id)
        .subquery()
    )
    query = (
        sa.select(
            sign_offs.c.id,
            sign_offs.c.month,
            sign_offs.c.meeting,
            sign_offs.c.note,
            sign_offs.c.signed_by,
            sign_offs.c.signed_at,
            sa.func.coalesce(counted.c.figures, 0).label("figures"),
        )
        .outerjoin(counted, counted.c.sign_off_id == sign_offs.c.id)
        .where(sign_offs.c.la_code == la_code)
        .order_by(sign_offs.c.id)
    )
    frame = _frame(conn.execute(query))
    return frame.assign(signed_at=pd.to_datetime(frame["signed_at"], utc=True), figures=frame["figures"].astype(int))


def signed_figures(conn: Connection, la_code: str, month: str | None = None) -> pd.DataFrame:
    """The figures of the sign-off in force for each month (the latest), or for one month: month, code,
    breakdown, numerator, denominator, value, the SHOWN_COLUMNS (None where not recorded), with
    sign_off_id, meeting, note, signed_by and signed_at."""
    latest = sa.select(sa.func.max(sign_offs.c.id).label("id")).where(sign_offs.c.la_code == la_code)
    if month:
        latest = latest.where(sign_offs.c.month == month)
    latest = latest.group_by(sign_offs.c.month).subquery()
    query = (
        sa.select(
            *[sign_off_figures.c[name] for name in (*FIGURE_COLUMNS, *SHOWN_COLUMNS)],
            sign_offs.c.id.label("sign_off_id"),
            sign_offs.c.meeting,
            sign_offs.c.note,
            sign_offs.c.signed_by,
            sign_offs.c.signed_at,
        )
        .join(sign_offs, sign_offs.c.id == sign_off_figures.c.sign_off_id)
        .join(latest, latest.c.id == sign_offs.c.id)
        .order_by(sign_off_figures.c.month, sign_off_figures.c.code, sign_off_figures.c.breakdown)
    )
    frame = _frame(conn.execute(query))
    return frame.assign(signed_at=pd.to_datetime(frame["signed_at"], utc=True))


# ---- inside -----------------------------------------------------------------------------------


def _check(month: str, meeting: str, who: str, note: str, codes: list[str] | None) -> None:
    if not MONTH_PATTERN.match(str(month)):
        raise StoreRefused(f"'{month}' is not a reporting month; give it as YYYY-MM, for example 2026-03.")
    if not meeting:
        raise StoreRefused(
            "Say which meeting the figures were reported to, for example 'Corporate parenting panel, 14 May 2026'."
        )
    if len(meeting) > MAX_MEETING:
        raise StoreRefused(f"Keep the meeting's name under {MAX_MEETING} characters.")
    if not who:
        raise StoreRefused("A sign-off needs the name of the person signing off.")
    if len(note) > MAX_NOTE:
        raise StoreRefused(f"Keep the note under {MAX_NOTE} characters.")
    if codes is not None and not codes:
        raise StoreRefused("Choose at least one indicator to sign off, or sign off every indicator.")


def _month_figures(conn: Connection, la_code: str, month: str, codes: list[str] | None) -> pd.DataFrame:
    query = sa.select(*[month_figures.c[name] for name in FIGURE_COLUMNS]).where(
        month_figures.c.la_code == la_code,
        month_figures.c.family == SIGNED_FAMILY,
        month_figures.c.month == month,
    )
    if codes is not None:
        query = query.where(month_figures.c.code.in_(codes))
    return _frame(conn.execute(query.order_by(month_figures.c.code, month_figures.c.breakdown)))


def _frame(result) -> pd.DataFrame:
    return result_frame(result)


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
