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
4. A quarter is the sum of its months, so its rate beside two known months can give the third away. A
   quarter whose months are all shown in full is shown (it adds nothing a reader could not work out);
   one whose pooled numerator, denominator or complement is small is hidden; any other is shown only
   where metrics.panel_reader finds that a reader of everything published about its months, who also
   guesses each hidden denominator closely, still cannot narrow a hidden count to one value or to 1..the
   threshold, and its months are signed off and unchanged (panel_quarters). (A count's quarter is its
   last month.)
A month is therefore never hidden to protect another one: each month reads the same at every meeting,
which is what keeps the "last panel" and "a year earlier" columns consistent with what was said then.

tests/workflows/test_panel_disclosure_audit.py audits the result with linear programmes over 24 meetings;
tests/workflows/test_disclosure_audit_catches.py shows that audit catching weakened rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from core.dates import shift_month
from metrics.panel_reader import Cell, Pooled, protected
from metrics.suppression import SHOWN_COLUMNS, SUPPRESSED, figure_hidden
from metrics.units import shown_value, value_of

SHOWN, RATE_ONLY, HIDDEN = "shown", "rate only", "hidden"
COLUMNS = ["numerator", "denominator", "value", *SHOWN_COLUMNS, "suppressed", "visible", "state"]
REFERENCE = Path(__file__).resolve().parents[1] / "reference"
_SAME = 1e-6  # sums stored as floats
FOOTNOTE = (  # under the panel's tables and in its pack: why some quarters and "x of y" are missing
    "When a figure is hidden, the number of children it is out of is hidden with it (we hide it rather "
    "than round it to the nearest 5), so that month other figures about the same children show their "
    "percentage only. Each month reads as it did at the meeting that signed it off. A quarter is shown "
    "as c when, read beside its months and earlier packs, it could be used to work out a hidden number."
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
    for month, numerator, denominator, then in _months_signed(series, published):
        state = HIDDEN if _hidden_alone(numerator, denominator, unit, threshold) else SHOWN
        rows.append((month, numerator, denominator, _stricter(state, _signed_then(then, numerator, denominator))))
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


def quarters_of(months: pd.DataFrame, unit: str, threshold: int | None = None) -> pd.DataFrame:
    """Rule 4 on one indicator alone: each complete calendar quarter in `months` (month_states' frame),
    indexed by its last month; shown only when each of its months is shown in full (and, given
    `threshold`, its pooled figure is not small itself). panel_quarters shows more of them where that is
    safe. A count's quarter is its last month."""
    rows = [(end, n, d, SHOWN if state == SHOWN else HIDDEN) for end, n, d, state in _pooled(months, unit, threshold)]
    frame = pd.DataFrame(rows, columns=["month", "numerator", "denominator", "state"]).set_index("month")
    return _with_shown(frame, unit)


def panel_quarters(
    states: dict[str, pd.DataFrame],
    units: dict[str, str],
    threshold: int,
    settled: dict[str, set[str]] | None = None,
    ends: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Rule 4 for every panel indicator at once (share_denominators' frames): each complete quarter, by
    its last month. A quarter whose months are all shown in full is shown (it adds nothing). One whose
    pooled figure is small itself is hidden. Any other is shown only if
    - every month in it is one a reader holds in one version only (`settled`: code -> months; see
      settled_months), so nobody holds two versions of the quarter; and
    - metrics.panel_reader finds every hidden count of its months protected from a reader who knows
      everything the panel published about those months (indicators linked by a shared denominator or by
      reference/panel_denominators.yaml's `within` and `partitions`, the quarters already shown) and can
      guess each hidden denominator to within a few children.
    Quarters are tried in catalogue order, each kept if the check passes with the ones kept before it.
    `ends` limits the work to those quarters (the rest are left out). Returns code -> quarters frame."""
    wanted = None if ends is None else set(ends)
    pooled = {}
    for code, months in states.items():
        rows = _pooled(months, units[code], threshold)
        pooled[code] = [row for row in rows if wanted is None or row[0] in wanted]
    decided = {code: {end: state for end, _, _, state in rows} for code, rows in pooled.items()}
    within, partitions = relations()
    for component in _components(list(states), within, partitions):
        codes = [code for code in states if code in component and units[code] != "count"]
        for end in sorted({end for code in codes for end, *_ in pooled[code] if decided[code][end] == _MAYBE}):
            _decide(end, codes, states, units, decided, threshold, settled, within, partitions)
    out = {}
    for code, rows in pooled.items():
        kept = [(end, n, d, SHOWN if decided[code][end] == SHOWN else HIDDEN) for end, n, d, _ in rows]
        frame = pd.DataFrame(kept, columns=["month", "numerator", "denominator", "state"]).set_index("month")
        out[code] = _with_shown(frame, units[code])
    return out


@cache
def relations() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """reference/panel_denominators.yaml's other relations a reader knows: (part, whole) pairs whose
    children are among the whole's, and (whole, parts) where the parts split the whole."""
    raw = yaml.safe_load((REFERENCE / "panel_denominators.yaml").read_text(encoding="utf-8"))
    within = tuple((part, whole) for part, whole in (raw.get("within") or {}).items())
    partitions = tuple((whole, tuple(parts)) for whole, parts in (raw.get("partitions") or {}).items())
    return within, partitions


def settled_months(series: pd.DataFrame, published: pd.DataFrame | None, meeting: str | None = None) -> set[str]:
    """Months of `series` a reader has seen in one version only: signed off with what the panel was shown
    and unchanged since, and the `meeting`'s own month if it is not signed off yet. (A month revised after
    its sign-off, or never signed off before a later meeting, may have been read otherwise before.)"""
    settled = {month for month, n, d, then in _months_signed(series, published) if _signed_then(then, n, d) is not None}
    never_signed = published is None or meeting not in published.index
    return settled | ({meeting} if meeting in series.index and never_signed else set())


# ---- inside -----------------------------------------------------------------------------------


_ORDER = {SHOWN: 0, RATE_ONLY: 1, HIDDEN: 2}
_shifted = lru_cache(maxsize=65536)(shift_month)  # a quarter's months, asked again for every indicator (issue 18)
_MAYBE = "maybe"  # a quarter beside a hidden or withheld month, until panel_quarters decides


def _pooled(months: pd.DataFrame, unit: str, threshold: int | None) -> list[tuple[str, float, float, str]]:
    """(last month, numerator, denominator, state) of each complete quarter: SHOWN when its months all
    are, HIDDEN when its pooled figure is small itself (or a count's last month is hidden), else _MAYBE."""
    rows = []
    parts = zip(months["numerator"], months["denominator"], months["state"], strict=True)
    known = dict(zip(months.index, parts, strict=True))
    for end in [m for m in months.index if int(m[5:7]) % 3 == 0]:
        three = [known.get(_shifted(end, -k)) for k in (2, 1, 0)]
        if None in three:
            continue
        if unit == "count":  # a count is a snapshot: its quarter is its last month
            numerator, denominator, state = three[-1]
            rows.append((end, numerator, denominator, SHOWN if state == SHOWN else HIDDEN))
            continue
        numerator, denominator = sum(n for n, _, _ in three), sum(d for _, d, _ in three)
        if all(s == SHOWN for _, _, s in three):
            state = SHOWN
        elif threshold is not None and not _hidden_alone(numerator, denominator, unit, threshold):
            state = _MAYBE
        else:
            state = HIDDEN
        rows.append((end, numerator, denominator, state))
    return rows


def _components(codes: list[str], within, partitions) -> list[set[str]]:
    """Indicators a reader can read together: sharing a denominator, or a part and its whole."""
    links = [set(group) for group in shared_denominators().values()]
    links += [{part, whole} for part, whole in within] + [{whole, *parts} for whole, parts in partitions]
    out = [{code} for code in codes]
    for link in links:
        joined = [c for c in out if c & link]
        if len(joined) > 1:
            out = [c for c in out if not c & link] + [set().union(*joined)]
    return out


def _decide(end, codes, states, units, decided, threshold, settled, within, partitions) -> None:
    """Show, one by one, the _MAYBE quarters ending at `end` of one component that panel_reader finds safe."""
    three = [_shifted(end, -k) for k in (2, 1, 0)]
    present = [code for code in codes if all(m in states[code].index for m in three)]
    maybe = [code for code in present if decided[code].get(end) == _MAYBE]
    for code in maybe:
        decided[code][end] = HIDDEN
    published = [(code, m) for code in codes for m in three if m in states[code].index]
    if settled is not None and any(m not in settled.get(code, set()) for code, m in published):
        return  # a month changed since it was signed off, or never was: a second version of the quarter
    group = {code: name for name, members in shared_denominators().items() for code in members}
    cells = []
    for code, m in published:
        row = states[code].loc[m]
        if pd.isna(row["numerator"]) or pd.isna(row["denominator"]):
            continue  # no figure: nothing published
        exact = row["state"] == SHOWN
        numerator, denominator = round(float(row["numerator"])), round(float(row["denominator"]))
        cells.append(Cell(code, group.get(code, code), m, numerator, denominator, str(row["shown_value"]), exact))
    if all(cell.exact for cell in cells):
        return
    shown: list[Pooled] = []
    for code in maybe:
        months, unit = states[code], units[code]
        pooled = value_of(months.loc[three, "numerator"].sum(), months.loc[three, "denominator"].sum(), unit)
        trial = (*shown, Pooled(code, group.get(code, code), tuple(three), shown_value(pooled, unit)))
        if protected(tuple(cells), trial, threshold, within, partitions):
            shown = list(trial)
            decided[code][end] = SHOWN


@lru_cache(maxsize=16384)  # every meeting reads the same months again
def _hidden_alone(numerator: float, denominator: float, unit: str, threshold: int) -> bool:
    """Rule 1: the figure suppressed on its own (metrics.suppression, the one function for the panel)."""
    return figure_hidden(numerator, denominator, unit, threshold)


def _stricter(a: str, b: str | None) -> str:
    return a if b is None or _ORDER[a] >= _ORDER[b] else b


def _months_signed(series: pd.DataFrame, published: pd.DataFrame | None):
    """(month, numerator, denominator, its signed-off row or None) for each month of `series`, in order,
    from plain column values (issue 18: no iterrows), each signed-off month looked up once."""
    numerators, denominators = series["numerator"].tolist(), series["denominator"].tolist()
    if published is None:
        return list(zip(series.index, numerators, denominators, [None] * len(series), strict=True))
    if published.index.is_unique:
        signed = published.to_dict("index")
        held = [signed.get(m) if m in published.index else None for m in series.index]
    else:  # never from the store (one sign-off in force per month): read as before
        held = [published.loc[m] if m in published.index else None for m in series.index]
    return list(zip(series.index, numerators, denominators, held, strict=True))


def _signed_then(then, numerator: float, denominator: float) -> str | None:
    """How a month read when it was signed off (`then`: its signed-off row, a dict of it, or None when it
    was not), if the figure (`numerator`, `denominator`) is unchanged since (else None)."""
    if then is None:
        return None
    row = {"numerator": numerator, "denominator": denominator}
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
    numerators, denominators, states = n.tolist(), d.tolist(), state.tolist()
    values = [value_of(a, b, unit) for a, b in zip(numerators, denominators, strict=True)]
    count = unit == "count"
    hidden = np.array([s == HIDDEN for s in states], dtype=bool)
    withheld = [s != SHOWN for s in states]
    value = np.array(values, dtype="float64")
    # built once in COLUMNS' order from plain lists (issue 18): no column added or reordered afterwards
    out = pd.DataFrame(
        {
            "numerator": n.astype("float64"),
            "denominator": d.astype("float64"),
            "value": value,
            "shown_numerator": [SUPPRESSED if w else f"{a:,.0f}" for a, w in zip(numerators, withheld, strict=True)],
            "shown_denominator": [
                "" if count else SUPPRESSED if w else f"{b:,.0f}" for b, w in zip(denominators, withheld, strict=True)
            ],
            "shown_value": [SUPPRESSED if h else shown_value(v, unit) for v, h in zip(values, hidden, strict=True)],
            "suppressed": hidden,
            "visible": np.where(hidden, np.nan, value),
            "state": state,
        },
        index=frame.index,
    )
    out.index.name = "month"
    return out
