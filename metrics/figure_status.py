"""What a stored figure is, and the words every surface uses to say so: the one home of that wording.

CONTRACT.md: an IHA month with assessments not yet due is provisional ("2 children's assessments not yet
due"); a rolling figure with fewer monthly files than its window is "incomplete: N of 12 months held"
and is kept out of SPC limits, targets and benchmarks; a month with denominator 0 is "no cases in
<month>", a month with no upload "no data for <month>". The overview card, the Indicators catalogue,
the SPC chart and its sentence, the theme table, the surgery matrix, the panel, the packs and every CSV
read their words from here, so a figure cannot be provisional on one surface and plain on another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from core.dates import month_label, shift_month
from metrics.units import shown_value

COMPLETE, PROVISIONAL, INCOMPLETE, NO_CASES, NO_DATA = "complete", "provisional", "incomplete", "no cases", "no data"
STATUS_COLUMNS = ["not_yet_due", "months_held", "months_needed"]  # stored beside each figure (migration 0007)
NOT_JUDGED = "– not judged"  # target status of a figure that is not complete enough to judge
NOT_MEASURED = (
    "not measured"  # units.attrs flag: an empty units frame that is a gap (optional column absent), not "no cases"
)


def window_months_held(loaded: Iterable[str], month: str, window: int) -> int:
    """How many of the `window` months to `month` (inclusive) have a monthly file in `loaded`."""
    wanted = {shift_month(month, -back) for back in range(window)}
    return len(wanted & set(loaded))


def not_yet_due_words(count: int | None) -> str:
    """'2 children's assessments not yet due' (the only records left out for now are IHAs); without the
    count (None) where a count of children may not be shown (the panel)."""
    if count is None:
        return "some children's assessments not yet due"
    return "1 child's assessment not yet due" if count == 1 else f"{count:,} children's assessments not yet due"


def provisional_words(count: int | None) -> str:
    return f"provisional: {not_yet_due_words(count)}"


def incomplete_words(held: int, needed: int) -> str:
    return f"incomplete: {held} of {needed} months held"


def no_cases_words(month: str) -> str:
    return f"no cases in {month_label(month)}"


def no_data_words(month: str) -> str:
    return f"no data for {month_label(month)}"


@dataclass(frozen=True)
class FigureStatus:
    kind: str  # COMPLETE, PROVISIONAL, INCOMPLETE, NO_CASES or NO_DATA
    words: str  # '' for a complete figure, else what every surface says beside (or instead of) it
    has_value: bool = True  # a number to show (possibly marked); else the words stand where it would be

    @property
    def judged(self) -> bool:
        """Whether the figure may be held against a target or a benchmark, or fed into SPC limits."""
        return self.has_value and self.kind in (COMPLETE, PROVISIONAL)


def _number(row: Mapping, name: str) -> float | None:
    value = row.get(name) if hasattr(row, "get") else None
    return None if value is None or pd.isna(value) else float(value)


def figure_status(row: Mapping | None, month: str) -> FigureStatus:
    """The status of one stored figure (a month_figures row, or None when the month has no figure)."""
    if row is None:
        return FigureStatus(NO_DATA, no_data_words(month), has_value=False)
    waiting = int(_number(row, "not_yet_due") or 0)
    if _number(row, "value") is None and waiting:  # every case of the month is still not yet due
        return FigureStatus(PROVISIONAL, f"no figure yet for {month_label(month)}: {provisional_words(waiting)}", False)
    if _number(row, "value") is None:
        return FigureStatus(NO_CASES, no_cases_words(month), has_value=False)
    held, needed = _number(row, "months_held"), _number(row, "months_needed")
    if needed is not None and held is not None and held < needed:
        return FigureStatus(INCOMPLETE, incomplete_words(int(held), int(needed)))
    if waiting:
        return FigureStatus(PROVISIONAL, provisional_words(waiting))
    return FigureStatus(COMPLETE, "")


def statuses(figures: pd.DataFrame) -> list[FigureStatus]:
    """figure_status of every row of a month_figures frame (a frame without the columns is complete)."""
    return statuses_of(figures, figures["month"].tolist() if len(figures) else [])


def statuses_of(frame: pd.DataFrame, months: Sequence[str]) -> list[FigureStatus]:
    """figure_status of each row of `frame`, given each row's month (its month column or its index): the
    columns figure_status reads, taken as plain values, not a Series per row (issue 18: a load recomputes
    the SPC of every series, and iterrows cost more than the SPC itself)."""
    present = [name for name in ("value", *STATUS_COLUMNS) if name in frame.columns]
    columns = [frame[name].tolist() for name in present]
    rows = [dict(zip(present, values, strict=True)) for values in zip(*columns, strict=True)] if present else None
    return [figure_status(row, month) for row, month in zip(rows or [{}] * len(months), months, strict=True)]


def figure_text(value: float | None, unit: str, status: FigureStatus) -> str:
    """A figure as every surface writes it: '61.0%', '61.0% (provisional: 2 children's assessments not
    yet due)', '14.2% (incomplete: 3 of 12 months held)', or the words alone when there is no number."""
    if not status.has_value:
        return status.words
    shown = shown_value(value, unit)
    return f"{shown} ({status.words})" if status.words else shown
