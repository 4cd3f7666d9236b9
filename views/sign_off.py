"""Signed-off months for the corporate parenting panel: sign a month off, and show every later change to a
signed figure as a revision beside it ("Revised from 61.0% to 64.0% after later data"), never silently.
Nothing here imports streamlit.

A signed figure and the figure stored now are the same when they read the same (shown_value): a float
difference below display precision is not a revision.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from core.dates import month_label
from metrics.units import shown_value
from store.read import reading
from store.sign_off import sign_offs_frame, signed_figures
from store.view import StoreView
from views.indicators import FAMILY
from views.inputs import catalogue_for
from views.wording import NEW, REVISED, UNCHANGED, WITHDRAWN, london_time

STATUSES = (UNCHANGED, REVISED, WITHDRAWN, NEW)
KEY = ["month", "code", "breakdown"]
SUMS = ["value", "numerator", "denominator"]
SIGNED_BY = ["meeting", "signed_by", "signed_at"]
REVISION_COLUMNS = [
    *KEY,
    "signed_value",
    "current_value",
    "signed_numerator",
    "signed_denominator",
    "current_numerator",
    "current_denominator",
    "status",
    *SIGNED_BY,
]
LONDON = "Europe/London"


def signed_off_months(engine: Engine, la_code: str) -> list[str]:
    """Months with a sign-off, newest first."""
    with reading(engine) as conn:
        history = sign_offs_frame(conn, la_code)
    return sorted(set(history["month"]), reverse=True)


def sign_off_history(engine: Engine, la_code: str) -> pd.DataFrame:
    """Every sign-off for display, newest first: Month ("March 2026"), Meeting, Signed off by, Signed off
    (when, UK time), Figures, Note and In force (whether it is the latest sign-off of its month)."""
    with reading(engine) as conn:
        history = sign_offs_frame(conn, la_code)
    latest = set(history.groupby("month")["id"].max()) if len(history) else set()
    newest_first = history.iloc[::-1]
    return pd.DataFrame(
        {
            "Month": [month_label(m) for m in newest_first["month"]],
            "Meeting": newest_first["meeting"],
            "Signed off by": newest_first["signed_by"],
            "Signed off": [london_time(at) for at in newest_first["signed_at"]],
            "Figures": newest_first["figures"],
            "Note": newest_first["note"],
            "In force": ["yes" if i in latest else "no: signed off again later" for i in newest_first["id"]],
        }
    ).reset_index(drop=True)


def revisions(engine: Engine, la_code: str, month: str | None = None) -> pd.DataFrame:
    """Every figure of the sign-off in force (per month, or for one month) beside the figure stored now.

    status: 'unchanged' (reads the same), 'revised', 'withdrawn' (no figure now, or no value now), or
    'new' (a breakdown of a signed indicator that appeared since). Columns: REVISION_COLUMNS.
    """
    with reading(engine) as conn:
        signed = signed_figures(conn, la_code, month)
        current = StoreView(conn, la_code).month_figures(FAMILY)
        units = {code: indicator.unit for code, indicator in catalogue_for(conn, la_code).indicators.items()}
    if signed.empty:
        return pd.DataFrame(columns=REVISION_COLUMNS)
    signed_codes = signed[["month", "code"]].drop_duplicates()
    current = current[KEY + SUMS].merge(signed_codes, on=["month", "code"])  # only indicators signed that month
    both = signed[KEY + SUMS].merge(current, on=KEY, how="outer", suffixes=("_signed", "_current"), indicator=True)
    both = both.rename(columns={f"{name}_{when}": f"{when}_{name}" for name in SUMS for when in ("signed", "current")})
    statuses = [
        _status(present, units.get(code, ""), signed_value, current_value)
        for present, code, signed_value, current_value in zip(
            both["_merge"], both["code"], both["signed_value"], both["current_value"], strict=True
        )
    ]
    by_month = signed[["month", *SIGNED_BY]].drop_duplicates("month")
    frame = both.drop(columns="_merge").assign(status=statuses).merge(by_month, on="month", how="left")
    return frame[REVISION_COLUMNS].sort_values(KEY).reset_index(drop=True)


# ---- inside -----------------------------------------------------------------------------------


def _status(present: str, unit: str, signed_value: float, current_value: float) -> str:
    """How the figure stored now compares with the signed one (`present` is the merge's _merge)."""
    if present == "left_only":
        return WITHDRAWN
    if present == "right_only":
        return NEW
    if shown_value(signed_value, unit) == shown_value(current_value, unit):
        return UNCHANGED
    return WITHDRAWN if pd.isna(current_value) else REVISED


def signed_figures_frame(engine: Engine, la_code: str) -> pd.DataFrame:
    """The figures of the sign-off in force for every signed month (see store.sign_off.signed_figures)."""
    with reading(engine) as conn:
        return signed_figures(conn, la_code)
