"""The panel's month states as metrics/panel_disclosure.py worked them out before issue 18's rewrite (iterrows
per month, rule 1 through suppress_figure), copied verbatim as the oracle for
tests/metrics/test_panel_states_match_reference.py (like tests/metrics/spc_reference.py for the XmR)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from metrics.panel_disclosure import _ORDER, _SAME, COLUMNS, HIDDEN, RATE_ONLY, SHOWN
from metrics.suppression import SUPPRESSED, suppress_figure
from metrics.units import shown_value, value_of


def month_states(
    series: pd.DataFrame, unit: str, threshold: int, published: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Rules 1 and 2 for one indicator: each month of `series` (numerator, denominator; indexed 'YYYY-MM')
    as the panel may see it. `published` (indexed by month: numerator, denominator and the SHOWN_COLUMNS
    as signed off) keeps what was hidden then hidden while the figure is unchanged.
    Returns COLUMNS, indexed by month; `suppressed` is the figure itself hidden, `visible` its value or NaN."""
    rows = []
    for month, row in series.iterrows():
        state = HIDDEN if _hidden_alone(row["numerator"], row["denominator"], unit, threshold) else SHOWN
        state = _stricter(state, _signed_state(published, month, row))
        rows.append((month, row["numerator"], row["denominator"], state))
    frame = pd.DataFrame(rows, columns=["month", "numerator", "denominator", "state"]).set_index("month")
    return _with_shown(frame, unit)


def settled_months(series: pd.DataFrame, published: pd.DataFrame | None, meeting: str | None = None) -> set[str]:
    """Months of `series` a reader has seen in one version only: signed off with what the panel was shown
    and unchanged since, and the `meeting`'s own month if it is not signed off yet. (A month revised after
    its sign-off, or never signed off before a later meeting, may have been read otherwise before.)"""
    settled = {month for month, row in series.iterrows() if _signed_state(published, month, row) is not None}
    never_signed = published is None or meeting not in published.index
    return settled | ({meeting} if meeting in series.index and never_signed else set())


@lru_cache(maxsize=16384)  # every meeting reads the same months again
def _hidden_alone(numerator: float, denominator: float, unit: str, threshold: int) -> bool:
    """Rule 1: the figure suppressed on its own (metrics.suppression, the one function for the panel)."""
    return suppress_figure(numerator, denominator, unit, threshold).suppressed


def _stricter(a: str, b: str | None) -> str:
    return a if b is None or _ORDER[a] >= _ORDER[b] else b


def _signed_state(published: pd.DataFrame | None, month: str, row: pd.Series) -> str | None:
    """How the month read when it was signed off, if the figure is unchanged since (else None)."""
    if published is None or month not in published.index:
        return None
    then = published.loc[month]
    if pd.isna(then.get("shown_value")) or then.get("shown_value") in (None, ""):
        return None  # signed off before the sign-off recorded what was shown
    same = all(
        (pd.isna(then[p]) and pd.isna(row[p])) or abs(float(then[p]) - float(row[p])) < _SAME
        for p in ("numerator", "denominator")
    )
    if not same:
        return None
    if then["shown_value"] == SUPPRESSED:
        return HIDDEN
    return RATE_ONLY if SUPPRESSED in (then["shown_numerator"], then["shown_denominator"]) else SHOWN


def _with_shown(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The shown columns from each figure's state."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS, index=pd.Index([], dtype=object, name="month"))
    n, d, state = frame["numerator"], frame["denominator"], frame["state"]
    value = pd.Series([value_of(a, b, unit) for a, b in zip(n, d, strict=True)], index=frame.index)
    count = unit == "count"
    hidden, withheld = state == HIDDEN, state != SHOWN
    out = pd.DataFrame(
        {
            "numerator": n.astype("float64"),
            "denominator": d.astype("float64"),
            "value": value,
            "shown_numerator": [SUPPRESSED if w else f"{a:,.0f}" for a, w in zip(n, withheld, strict=True)],
            "shown_denominator": [
                "" if count else SUPPRESSED if w else f"{b:,.0f}" for b, w in zip(d, withheld, strict=True)
            ],
            "shown_value": [SUPPRESSED if h else shown_value(v, unit) for v, h in zip(value, hidden, strict=True)],
            "suppressed": hidden.astype(bool),
            "state": state,
        },
        index=frame.index,
    )
    out["visible"] = out["value"].where(~out["suppressed"])
    out.index.name = "month"
    return out[COLUMNS]
