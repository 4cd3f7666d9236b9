"""Small-number suppression: the one function the panel view, the panel pack and every panel download use.

CONTRACT.md "Panel suppression": counts from 1 to the threshold (5 unless CSC_SUPPRESSION_THRESHOLD says
otherwise) show as `c` with a footnote, and 0 is shown; a percentage whose numerator or denominator is
hidden is hidden; a figure whose complement (denominator minus numerator) is from 1 to the threshold is
hidden; and no hidden value may be worked out, within a table or across breakdowns shown together.

The input is one indicator and month as a long frame, one row per figure (INPUT_COLUMNS, plus `value`,
computed from the sums when absent):

    group        label      numerator  denominator  value
    ""           Total             57           60   95.0    <- the whole (group "", exactly one row)
    team         North             30           30  100.0    <- each breakdown's members, which split
    team         South             27           30   90.0       the whole: their numerators add up to
    age_band     Under 16          20           20  100.0       the whole's, and so do denominators
    age_band     16 and 17         37           40   92.5

Every breakdown is an additive table with the whole, and all of them share it, so a reader knows, for
numerators and for denominators alike, that each breakdown's members add up to the whole. A breakdown
whose members add up to less (children with no team, left off the table) has an unshown remainder; one
whose members add up to more is not a split of the whole and is refused. The complement is a third
additive table: it is hidden wherever its row's numerator or denominator is, and it cannot be worked
out as long as neither of them can.

Which parts of a figure count people depends on the unit (COUNTED_PARTS): a percentage's numerator,
denominator and complement are counts of children; a count's numerator is; a rate per 100 or a ratio
divides one count by another. Pass `counts` where a part is not a count of people: caseload per FTE is
counts=("numerator",), since FTE is not a number of people, and an FTE share (agency rate) counts=().
Parts that are not counts are never hidden for their own sake.

The rules, in the order they run (each docstring says which disclosure it closes):
1. _primary_suppression: small numerators, denominators and complements.
2. _secondary_suppression: hide more cells until no hidden count is the whole minus shown cells, within
   a breakdown or through another breakdown that shares the whole.
3. _narrowed_cells: an audit of what a reader can infer beyond subtraction (a `c` is at least 1, a
   numerator is at most its denominator); each hidden figure narrowed to one value gets one more cell
   hidden beside it (_widening_cell), and rule 2 and the audit run again until nothing is exposed.

The output keeps every input column and row (in order, index unchanged) and adds SHOWN_COLUMNS as
strings ('c' when hidden), `suppressed` (any part of the row hidden) and `reason`. `reason` says which
cells are small numbers and which are hidden to protect them, which is exactly what a reader would need
to narrow the hidden ones down: it is for analysts and tests, never for publication. Publish
PUBLISHABLE_COLUMNS (and `suppressed`, which only repeats where a `c` is).

Limits: the function sees the figures it is given. Figures shown elsewhere that add up with these (the
same denominator under another indicator, a quarter beside its months) must be passed in one table to be
protected against each other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.units import WHOLE, shown_value, value_of

SUPPRESSED = "c"  # what a hidden figure shows
FOOTNOTE = (
    "c = suppressed: fewer than {smallest_shown} children, or a figure that would reveal such a number, "
    "is not shown to protect individuals."
)
NUMERATOR, DENOMINATOR, COMPLEMENT = "numerator", "denominator", "complement"
COUNTED_PARTS: dict[str, tuple[str, ...]] = {  # unit -> the parts of its figures that count people
    "%": (NUMERATOR, DENOMINATOR, COMPLEMENT),
    "count": (NUMERATOR,),
    "per 100": (NUMERATOR, DENOMINATOR),
    "ratio": (NUMERATOR, DENOMINATOR),
}
INPUT_COLUMNS = ("group", "label", NUMERATOR, DENOMINATOR)  # plus `value`, computed when absent
SHOWN_COLUMNS = ("shown_numerator", "shown_denominator", "shown_value")
PUBLISHABLE_COLUMNS = ("group", "label", *SHOWN_COLUMNS)  # never `reason`: it tells primary from secondary
_WHOLE_NUMBER_TOLERANCE = 1e-6  # sums of 0/1 flags stored as floats


def footnote(threshold: int) -> str:
    """The footnote under every table or page with a `c`, worded from the threshold in force."""
    return FOOTNOTE.format(smallest_shown=threshold + 1)


@dataclass(frozen=True)
class SuppressedFigure:
    """One figure for a sentence or headline card, each part as shown ('c' when hidden)."""

    numerator: str
    denominator: str
    value: str
    suppressed: bool
    reason: str


def suppress_figure(
    numerator: float, denominator: float, unit: str, threshold: int, counts: Iterable[str] | None = None
) -> SuppressedFigure:
    """A single figure with no breakdown beside it, by the same rules as suppress_table."""
    frame = pd.DataFrame({"group": [WHOLE], "label": [""], NUMERATOR: [numerator], DENOMINATOR: [denominator]})
    row = suppress_table(frame, unit, threshold, counts).iloc[0]
    return SuppressedFigure(
        numerator=row["shown_numerator"],
        denominator=row["shown_denominator"],
        value=row["shown_value"],
        suppressed=bool(row["suppressed"]),
        reason=row["reason"],
    )


def figure_hidden(numerator: float, denominator: float, unit: str, threshold: int) -> bool:
    """suppress_figure(numerator, denominator, unit, threshold).suppressed, without building its tables.

    With one row and no breakdowns only the primary rule can hide anything: rule 2 has no breakdown to
    balance, and the audit cannot narrow a hidden part to one value (a hidden numerator ranges from 1 to a
    shown denominator, which is then above the threshold; a hidden denominator has no upper end). So for
    plain whole numbers this is the primary rule; anything else (a gap, a fraction, a negative number, a
    numerator above a percentage's denominator, an unknown unit, a threshold below 1) goes through
    suppress_figure, which decides or refuses it exactly as before. tests/metrics/test_figure_hidden.py
    checks it against suppress_figure."""
    counted = COUNTED_PARTS.get(unit)
    if counted is None or not isinstance(threshold, int) or threshold < 1:
        return suppress_figure(numerator, denominator, unit, threshold).suppressed
    counts = {}
    for part, value in ((NUMERATOR, numerator), (DENOMINATOR, denominator)):
        if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.integer | np.floating):
            return suppress_figure(numerator, denominator, unit, threshold).suppressed
        if part in counted:
            if not (math.isfinite(value) and value >= 0 and abs(value - round(value)) <= _WHOLE_NUMBER_TOLERANCE):
                return suppress_figure(numerator, denominator, unit, threshold).suppressed
            counts[part] = round(float(value))
    if COMPLEMENT in counted and counts[NUMERATOR] > counts[DENOMINATOR]:
        return suppress_figure(numerator, denominator, unit, threshold).suppressed
    if any(_small(count, threshold) for count in counts.values()):
        return True
    return COMPLEMENT in counted and _small(counts[DENOMINATOR] - counts[NUMERATOR], threshold)


def suppress_table(
    figures: pd.DataFrame, unit: str, threshold: int, counts: Iterable[str] | None = None
) -> pd.DataFrame:
    """The figures of one indicator and month as they may be published, with every rule applied.

    Adds shown_numerator, shown_denominator (blank for a count, which has none), shown_value (strings,
    'c' when hidden), suppressed (any part hidden) and reason; `figures` is not changed.
    Raises ValueError for a frame the rules cannot protect: no whole row beside breakdowns, a count
    that is not a whole number, or a breakdown whose members add up to more than the whole.
    """
    counted = _counted_parts(unit, counts)
    if threshold < 1:
        raise ValueError(f"the suppression threshold must be at least 1, not {threshold}")
    missing = [c for c in INPUT_COLUMNS if c not in figures.columns]
    if missing:
        raise ValueError(f"suppress_table needs the columns {list(INPUT_COLUMNS)}; missing {missing}")
    table = _Table.of(figures, counted)
    hidden = _primary_suppression(table, counted, threshold)
    while True:
        hidden = _secondary_suppression(table, counted, threshold, hidden)
        narrowed = _narrowed_cells(table, counted, threshold, hidden)
        if not narrowed:
            break
        cell = _widening_cell(table, counted, hidden, narrowed[0])
        if cell is None:  # cannot happen (a table with every non-zero count hidden pins nothing): fail safe
            hidden |= {c: "secondary: every count" for c in _nonzero_cells(table, counted) if c not in hidden}
            break
        hidden[cell] = f"secondary: {cell[1]}, so no hidden figure can be narrowed down to one value"
    return _shown(figures, table, unit, counted, hidden)


# --- the rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """The counts as plain integers: per part, one value per input row (in order)."""

    values: dict[str, list[float]]  # part -> value per row; counted parts hold whole numbers
    total: int | None  # position of the whole row
    groups: dict[str, list[int]]  # breakdown -> positions of its members, in input order
    remainders: dict[str, dict[str, int]]  # breakdown -> counted part -> whole minus members (not shown)

    @classmethod
    def of(cls, figures: pd.DataFrame, counted: tuple[str, ...]) -> _Table:
        groups_of_rows = figures["group"].fillna(WHOLE).astype(str).tolist()
        labels = figures["label"].fillna("").astype(str).tolist()
        keys = list(zip(groups_of_rows, labels, strict=True))
        if len(set(keys)) != len(keys):
            raise ValueError("each (group, label) must appear once: one row per figure")
        values: dict[str, list[float]] = {}
        for part in (NUMERATOR, DENOMINATOR):
            column = pd.to_numeric(figures[part], errors="coerce").astype("float64").tolist()
            if part in counted:
                if any(pd.isna(v) or v < 0 or abs(v - round(v)) > _WHOLE_NUMBER_TOLERANCE for v in column):
                    raise ValueError(
                        f"every {part} must be a whole number of people (pass counts=... when it is not, "
                        "e.g. counts=('numerator',) for caseload per FTE)"
                    )
                column = [float(round(v)) for v in column]
            values[part] = column
        totals = [i for i, g in enumerate(groups_of_rows) if g == WHOLE]
        groups: dict[str, list[int]] = {}
        for i, g in enumerate(groups_of_rows):
            if g != WHOLE:
                groups.setdefault(g, []).append(i)
        if len(totals) > 1:
            raise ValueError("only one whole row (group '') is allowed: one indicator and month at a time")
        if groups and not totals:
            raise ValueError(
                "pass the whole row (group '') with its breakdowns: it is shown elsewhere on the panel, "
                "and breakdowns are suppressed against it"
            )
        if COMPLEMENT in counted and any(n > d for n, d in zip(values[NUMERATOR], values[DENOMINATOR], strict=True)):
            raise ValueError("a percentage's numerator cannot be more than its denominator")
        total = totals[0] if totals else None
        remainders = {
            g: {p: _remainder(values[p], total, members, g, p) for p in _additive_parts(counted)}
            for g, members in groups.items()
        }
        return cls(values, total, groups, remainders)

    def count(self, row: int, part: str) -> int:
        return int(self.values[part][row])


def _additive_parts(counted: tuple[str, ...]) -> tuple[str, ...]:
    """The parts that are additive tables of their own: the complement follows from the other two."""
    return tuple(p for p in (NUMERATOR, DENOMINATOR) if p in counted)


def _remainder(values: list[float], total: int | None, members: list[int], group: str, part: str) -> int:
    left = int(values[total]) - sum(int(values[i]) for i in members)
    if left < 0:
        raise ValueError(
            f"the {part}s in '{group}' add up to more than the whole: a breakdown shown beside the whole "
            "must split it (each child in one group), or no subtraction can be ruled out"
        )
    return left


def _small(count: int, threshold: int) -> bool:
    return 1 <= count <= threshold


def _primary_suppression(table: _Table, counted: tuple[str, ...], threshold: int) -> dict[tuple[int, str], str]:
    """Cells hidden for what they are: (row, part) -> reason.

    A numerator or denominator from 1 to the threshold identifies a handful of children, so it is hidden
    (0 is shown: it identifies nobody). A complement from 1 to the threshold ('38 of 41': 3 children
    are not counted) is just as identifying, so the numerator is hidden, which hides the complement and
    the percentage while the denominator, usually the less sensitive figure, stays visible.
    """
    hidden: dict[tuple[int, str], str] = {}
    for row in range(len(table.values[NUMERATOR])):
        for part in _additive_parts(counted):
            if _small(table.count(row, part), threshold):
                hidden[(row, part)] = f"primary: {part} 1-{threshold}"
        complement = table.count(row, DENOMINATOR) - table.count(row, NUMERATOR) if COMPLEMENT in counted else 0
        if _small(complement, threshold) and not any((row, p) in hidden for p in _additive_parts(counted)):
            hidden[(row, NUMERATOR)] = f"primary: complement 1-{threshold}"
    return hidden


def _secondary_suppression(
    table: _Table, counted: tuple[str, ...], threshold: int, hidden: dict[tuple[int, str], str]
) -> dict[tuple[int, str], str]:
    """Hide more cells until no hidden count can be worked out from the shown ones; returns a new dict.

    For numerators and for denominators separately, every breakdown with the whole is one equation,
    members + unshown remainder = whole, and all breakdowns share the whole. Nothing hidden can be
    solved for exactly when, in every breakdown:
    - the whole is shown and 0 or at least 2 of its cells are hidden (one hidden cell is the whole minus
      the rest), and the hidden cells are not all 1s (0 is always shown, so a hidden cell is at least 1:
      two hidden cells adding up to 2 are both 1); or
    - the whole is hidden and at least 1 cell is hidden (a fully shown breakdown adds up to the whole,
      which would then give away every breakdown with one hidden cell).
    An incomplete breakdown's remainder (the whole minus its members: children in no group shown) is
    never shown, so it counts as a hidden cell; it needs protecting only when it is itself from 1 to the
    threshold, or its complement is.
    Each fix hides one more cell: a member of the same breakdown, preferring a row already partly hidden,
    then the smallest non-zero count, then input order; if there is none, the whole. Repeats until stable.
    """
    hidden = dict(hidden)
    changed = True
    while changed:
        changed = False
        for part in _additive_parts(counted):
            for group, members in table.groups.items():
                cell = _cell_to_hide(table, counted, threshold, hidden, part, group, members)
                if cell is not None:
                    hidden[cell] = f"secondary: {part}, so hidden {part}s in '{group}' cannot be worked out"
                    changed = True
    return hidden


def _cell_to_hide(
    table: _Table,
    counted: tuple[str, ...],
    threshold: int,
    hidden: dict[tuple[int, str], str],
    part: str,
    group: str,
    members: list[int],
) -> tuple[int, str] | None:
    remainder = table.remainders[group][part]
    hidden_members = [i for i in members if (i, part) in hidden]
    hidden_counts = [table.count(i, part) for i in hidden_members] + ([remainder] if remainder else [])
    whole = table.total
    if (whole, part) in hidden:
        if hidden_counts:
            return None
    elif not hidden_counts:
        return None
    elif len(hidden_counts) == 1:
        if not hidden_members and not _remainder_is_small(table, counted, threshold, group, part):
            return None  # only an unshown, large remainder can be worked out: nothing small is revealed
    elif sum(hidden_counts) > len(hidden_counts):
        return None
    candidates = [i for i in members if (i, part) not in hidden and table.count(i, part) > 0]
    if not candidates:
        return None if (whole, part) in hidden else (whole, part)  # hidden whole: every member is 0 or hidden
    partly_hidden = {row for row, _ in hidden}
    best = min(candidates, key=lambda i: (i not in partly_hidden, table.count(i, part), i))
    return (best, part)


def _remainder_is_small(table: _Table, counted: tuple[str, ...], threshold: int, group: str, part: str) -> bool:
    left = table.remainders[group]
    if _small(left[part], threshold):
        return True
    if part == NUMERATOR and COMPLEMENT in counted:
        return _small(left[DENOMINATOR] - left[NUMERATOR], threshold)
    return False


_Variable = tuple[str, object, str]  # ("row", position, part) or ("rest", group, part)
_PROPAGATION_ROUNDS = 100  # bounds settle in a few rounds on panel-sized tables


def _narrowed_cells(
    table: _Table, counted: tuple[str, ...], threshold: int, hidden: dict[tuple[int, str], str]
) -> list[_Variable]:
    """Hidden figures a reader can narrow down to one value from the shown ones and what everyone knows.

    Subtraction is not the only attack. A reader also knows that a `c` is at least 1 (0 is shown), that a
    numerator is at most its denominator, and whether a breakdown leaves anyone out; two hidden cells
    adding up to 10, one of them at most 3 because its denominator is 3 and the other at most 7 because
    its row reads 7 of 7, are 3 and 7. This audit tightens every hidden figure's lowest and highest
    possible value equation by equation until nothing changes, and returns those (in row order) that
    end up with one possible value: any hidden numerator or denominator, and a hidden complement or an
    unshown remainder from 1 to the threshold.
    """
    low: dict[_Variable, float] = {}
    high: dict[_Variable, float] = {}
    truth: dict[_Variable, int] = {}
    equations: list[list[tuple[_Variable, int]]] = []
    complement = COMPLEMENT in counted
    parts = _additive_parts(counted)

    def add(variable: _Variable, value: int, known: bool, lowest: int) -> None:
        truth[variable] = value
        low[variable], high[variable] = (value, value) if known else (lowest, math.inf)

    for row in range(len(table.values[NUMERATOR])):
        for part in parts:
            add(("row", row, part), table.count(row, part), (row, part) not in hidden, 1)
        if complement:
            known = not any((row, p) in hidden for p in parts)
            add(("row", row, COMPLEMENT), table.count(row, DENOMINATOR) - table.count(row, NUMERATOR), known, 0)
            equations.append(
                [(("row", row, NUMERATOR), 1), (("row", row, COMPLEMENT), 1), (("row", row, DENOMINATOR), -1)]
            )
    for group, members in table.groups.items():
        left = table.remainders[group]
        for part in parts:
            add(("rest", group, part), left[part], left[part] == 0, 1)
            equations.append(
                [
                    *((("row", i, part), 1) for i in members),
                    (("rest", group, part), 1),
                    (("row", table.total, part), -1),
                ]
            )
        if complement:
            gap = left[DENOMINATOR] - left[NUMERATOR]
            add(("rest", group, COMPLEMENT), gap, left[DENOMINATOR] == 0, 0)
            equations.append(
                [(("rest", group, NUMERATOR), 1), (("rest", group, COMPLEMENT), 1), (("rest", group, DENOMINATOR), -1)]
            )
    _propagate(low, high, equations)
    return [v for v in low if low[v] == high[v] and _protected(v, truth[v], threshold, hidden, parts)]


def _protected(variable: _Variable, value: int, threshold: int, hidden: dict[tuple[int, str], str], parts) -> bool:
    kind, where, part = variable
    if kind == "row" and part != COMPLEMENT:
        return (where, part) in hidden
    if kind == "row":
        return any((where, p) in hidden for p in parts) and _small(value, threshold)
    return _small(value, threshold)


def _propagate(low: dict, high: dict, equations: list[list[tuple[_Variable, int]]]) -> None:
    """Narrow bounds in place: in sum(coef * x) = 0, each x lies between what the others allow."""
    for _ in range(_PROPAGATION_ROUNDS):
        changed = False
        for equation in equations:
            terms_low = [c * (low[v] if c > 0 else high[v]) for v, c in equation]
            terms_high = [c * (high[v] if c > 0 else low[v]) for v, c in equation]
            for k, (v, c) in enumerate(equation):
                others_low = _sum_without(terms_low, k)
                others_high = _sum_without(terms_high, k)
                lo, hi = (-others_high, -others_low) if c > 0 else (others_low, others_high)
                if lo > low[v]:
                    low[v], changed = math.ceil(lo), True
                if hi < high[v]:
                    high[v], changed = math.floor(hi), True
        if not changed:
            return


def _sum_without(terms: list[float], k: int) -> float:
    return sum(t for j, t in enumerate(terms) if j != k)


def _widening_cell(
    table: _Table, counted: tuple[str, ...], hidden: dict[tuple[int, str], str], variable: _Variable
) -> tuple[int, str] | None:
    """One more cell to hide so a narrowed figure gets room again: a shown, non-zero count in the same
    breakdown (the same part first, then the other), preferring a member to the whole; else the
    smallest anywhere."""
    kind, where, part = variable
    parts = _additive_parts(counted)
    if kind == "rest":
        groups = [where]
    elif where == table.total:
        groups = list(table.groups)
    else:
        groups = [g for g, members in table.groups.items() if where in members]
    order = [part, *(p for p in parts if p != part)] if part in parts else list(parts)
    partly_hidden = {row for row, _ in hidden}

    def preference(cell: tuple[int, str]) -> tuple:
        return (cell[0] == table.total, cell[0] not in partly_hidden, table.count(*cell), cell[0])

    for dim in order:
        for group in groups:
            rows = [*table.groups[group], table.total]
            cells = [(i, dim) for i in rows if (i, dim) not in hidden and table.count(i, dim) > 0]
            if cells:
                return min(cells, key=preference)
    cells = [c for c in _nonzero_cells(table, counted) if c not in hidden]
    return min(cells, key=preference) if cells else None


def _nonzero_cells(table: _Table, counted: tuple[str, ...]) -> list[tuple[int, str]]:
    rows = range(len(table.values[NUMERATOR]))
    return [(i, p) for p in _additive_parts(counted) for i in rows if table.count(i, p) > 0]


# --- presentation ----------------------------------------------------------------------------------


def _counted_parts(unit: str, counts: Iterable[str] | None) -> tuple[str, ...]:
    if unit not in COUNTED_PARTS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {sorted(COUNTED_PARTS)}")
    chosen = COUNTED_PARTS[unit] if counts is None else tuple(counts)
    unknown = set(chosen) - {NUMERATOR, DENOMINATOR, COMPLEMENT}
    if unknown:
        raise ValueError(f"counts may name numerator, denominator and complement, not {sorted(unknown)}")
    if unit == "count" and set(chosen) - {NUMERATOR}:
        raise ValueError("a count shows its numerator only, so only the numerator can be counted")
    if COMPLEMENT in chosen and not {NUMERATOR, DENOMINATOR} <= set(chosen):
        raise ValueError("the complement is a count only when the numerator and denominator both are")
    return tuple(p for p in (NUMERATOR, DENOMINATOR, COMPLEMENT) if p in chosen)


def _shown_part(value: float, is_count: bool) -> str:
    return f"{round(value):,}" if is_count else shown_value(value, "ratio")


def _shown(
    figures: pd.DataFrame, table: _Table, unit: str, counted: tuple[str, ...], hidden: dict[tuple[int, str], str]
) -> pd.DataFrame:
    rows = range(len(figures))
    n, d = table.values[NUMERATOR], table.values[DENOMINATOR]
    values = figures["value"].tolist() if "value" in figures.columns else [value_of(n[i], d[i], unit) for i in rows]
    hidden_row = [any((i, p) in hidden for p in (NUMERATOR, DENOMINATOR)) for i in rows]
    return figures.assign(
        shown_numerator=[
            SUPPRESSED if (i, NUMERATOR) in hidden else _shown_part(n[i], NUMERATOR in counted) for i in rows
        ],
        shown_denominator=[
            ""
            if unit == "count"
            else SUPPRESSED
            if (i, DENOMINATOR) in hidden
            else _shown_part(d[i], DENOMINATOR in counted)
            for i in rows
        ],
        shown_value=[SUPPRESSED if hidden_row[i] else shown_value(values[i], unit) for i in rows],
        suppressed=hidden_row,
        reason=["; ".join(hidden[(i, p)] for p in (NUMERATOR, DENOMINATOR) if (i, p) in hidden) for i in rows],
    )
