"""What a panel member may see of each panel figure, month after month (issue 17; CONTRACT.md "Panel
suppression").

A member who keeps the packs reads every meeting together: this month, its quarter, a year earlier, the
last panel's figure, revisions, the charts, and the rows of other indicators out of the same children.
metrics.suppression protects one table; this module makes the panel one problem over time, with three
states for a figure:

    shown       "78.7% (37 of 47)"
    rate only   "78.7%"   (its numerator and denominator are withheld)
    hidden      "c"

The rules, each closing a way a hidden count was recovered from the packs:
1. Each month's figure on its own (metrics.suppression.suppress_table): a numerator, denominator or
   complement from 1 to the threshold hides the figure.
2. What a meeting was shown is known for good (the sign-off records it): a figure hidden or withheld when
   it was signed off stays so while it is unchanged, whatever the threshold is now.
3. Figures out of the same children that month (reference/panel_denominators.yaml) share one denominator:
   when any of them is hidden or withheld, none of them prints its numerator or denominator that month
   (suppressed with it, not rounded). The others keep their rate, rounded to 0.1%, which leaves a range
   of numerators and denominators rather than one.
4. A quarter is the sum of its months, so its rate beside two known months gives the third away. A
   quarter is shown only when each of its months is shown in full, and then it adds nothing a reader
   could not work out; otherwise it is hidden. (A count's quarter is its last month.)
A month is therefore never hidden to protect another one: each month reads the same at every meeting,
which is what keeps the "last panel" and "a year earlier" columns consistent with what was said then.

tests/workflows/test_panel_disclosure.py audits the result with linear programmes over 24 meetings.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
import yaml

from metrics.suppression import SHOWN_COLUMNS, SUPPRESSED, suppress_figure
from metrics.units import shown_value, value_of

SHOWN, RATE_ONLY, HIDDEN = "shown", "rate only", "hidden"
COLUMNS = ["numerator", "denominator", "value", *SHOWN_COLUMNS, "suppressed", "visible", "state"]
REFERENCE = Path(__file__).resolve().parents[1] / "reference"
_SAME = 1e-6  # sums stored as floats
FOOTNOTE = (  # under the panel's tables and in its pack: why some quarters and "x of y" are missing
    "When a figure is hidden, the number of children it is out of is hidden with it (we hide it rather "
    "than round it to the nearest 5), so that month other figures about the same children show their "
    "percentage only. A quarter is not shown when any of its months is hidden or shown as a percentage "
    "only, since it could be used to work the hidden month out."
)


@cache
def shared_denominators() -> dict[str, tuple[str, ...]]:
    """Groups of panel indicators out of the same children each month (reference/panel_denominators.yaml)."""
    raw = yaml.safe_load((REFERENCE / "panel_denominators.yaml").read_text(encoding="utf-8"))
    return {name: tuple(codes) for name, codes in raw["shared_denominators"].items()}


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


def share_denominators(states: dict[str, pd.DataFrame], units: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Rule 3: within each group of shared_denominators(), a month with any member hidden or withheld
    withholds every member's numerator and denominator (their rates stay). Returns new frames."""
    out = dict(states)
    for members in shared_denominators().values():
        present = [code for code in members if code in out]
        withheld = set()
        for code in present:
            withheld |= set(out[code].index[out[code]["state"] != SHOWN])
        for code in present:
            frame = out[code]
            chosen = frame.index.isin(sorted(withheld)) & (frame["state"] == SHOWN)
            if chosen.any():
                frame = frame.copy()
                frame.loc[chosen, "state"] = RATE_ONLY
                out[code] = _with_shown(frame[["numerator", "denominator", "state"]], units[code])
    return out


def quarters_of(months: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Rule 4: each complete calendar quarter in `months` (month_states' frame), indexed by its last month."""
    rows = []
    parts = zip(months["numerator"], months["denominator"], months["state"], strict=True)
    known = dict(zip(months.index, parts, strict=True))
    for end in [m for m in months.index if int(m[5:7]) % 3 == 0]:
        three = [known.get(str(pd.Period(end, freq="M") - k)) for k in (2, 1, 0)]
        if None in three:
            continue
        if unit == "count":  # a count is a snapshot: its quarter is its last month
            rows.append((end, *three[-1]))
            continue
        state = SHOWN if all(s == SHOWN for _, _, s in three) else HIDDEN
        rows.append((end, sum(n for n, _, _ in three), sum(d for _, d, _ in three), state))
    frame = pd.DataFrame(rows, columns=["month", "numerator", "denominator", "state"]).set_index("month")
    return _with_shown(frame, unit)


# ---- inside -----------------------------------------------------------------------------------


_ORDER = {SHOWN: 0, RATE_ONLY: 1, HIDDEN: 2}


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
