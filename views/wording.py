"""The words pages show, built from data (issue 18): sentences, labels and status words of every view
live here, so wording changes in one place and tests/test_structure.py can check that no other views/
module builds a sentence. Numbers as people read them are metrics.units.shown_value, and a figure's
status words metrics.figure_status (figures/ draws with both); this module builds on them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from core.dates import month_label
from figures.breakdown_chart import breakdown_sentence
from figures.spc_chart import rolling_sentence
from metrics.catalogue import SPLIT, Indicator
from metrics.compute import breakdown_label
from metrics.figure_status import COMPLETE, INCOMPLETE, FigureStatus, figure_status, figure_text
from metrics.spc import CONCERN, IMPROVEMENT, MIN_POINTS, RUN_LENGTH, TREND_LENGTH
from metrics.units import has_denominator, round_half_up
from metrics.units import shown_value as shown_value  # the one place pages get it from

if TYPE_CHECKING:
    from views.themes import IndicatorView, ThemeCard

LONDON = "Europe/London"
TEAM = "team"  # the breakdown column of a team's figures


# ---- the "team: X" label of a team's figures ------------------------------------------------------------


def team_breakdown(team: str) -> str:
    """The breakdown a team's figures are stored and shown under: 'team: Assessment Hub 1'."""
    return breakdown_label(TEAM, team)


def team_of(breakdown: str) -> str | None:
    """The team of a team breakdown ('team: Hub' -> 'Hub'); None for the whole authority or another column."""
    prefix = team_breakdown("")
    return breakdown[len(prefix) :] if breakdown.startswith(prefix) else None


# ---- theme pages and the overview -------------------------------------------------------------------------

STATUS_MEETS, STATUS_MISSES, STATUS_NO_TARGET = "✔ Meets target", "✘ Misses target", "– No target"

HOW_TO_READ = f"""
Each chart is a **statistical process control (SPC) chart** in the NHS *Making Data Count* style. It
helps tell real change from the month-to-month noise every figure has.

- **Points** are the monthly figures; a gap is a month with no data (never a zero), and a month with no
  cases says so at the foot of the chart.
- An **open circle with a dot** is a provisional figure (some records are not yet due: it can still
  change); an **open circle** is a rolling figure with fewer than 12 months of files, shown but left out of
  the limits and the target. The table says why for each.
- The **solid line** is the average; the **dotted lines** are the *natural process limits* (average plus or
  minus 2.66 times the average month-to-month change). Almost all months fall between them by chance.
- A **special cause** is flagged (a triangle for improvement, a diamond for concern, in words in the
  table) when a point falls outside the limits, {RUN_LENGTH} points in a row sit on one side of the average,
{TREND_LENGTH}
  points in a row rise or fall, or two of three points sit close to a limit.
- **Assurance** says whether the target (dashed line) will be met consistently, failed consistently, or
  met only by chance, judged from where the target sits against the limits.
- A **change point** marked by an analyst (a new front door, a new team) restarts the limits.
- With fewer than {MIN_POINTS} months the limits are unreliable, and the chart says so. For small monthly
  numbers the rolling three-month view pools numerators and denominators and has no limits.
"""


def breakdown_suffix(breakdown: str) -> str:
    return f" ({breakdown})" if breakdown else ""


def signal_cell_words(variation: str, direction: str) -> str:
    if not direction:
        return "common cause"
    return f"special cause {variation} ({direction})"


def column_words(column: str) -> str:
    return {
        "placed_outside_la": "placed outside the authority",
        "inside_la": "inside or outside the authority",
        "distance_band": "distance from home",
        "activity_type": "activity of those in education, employment or training",
        "accommodation_type": "type of suitable accommodation",
        "age_band": "age band",
        "placement_type": "placement type",
        "ethnic_group": "ethnic group (the DfE's major groups)",
        "uasc": "unaccompanied asylum-seeking status",
    }.get(column, column.replace("_", " "))


def published_words(benchmark) -> str:
    """'Ours 16.7; England 15.2; neighbours 15.0 (2025)': the latest published year, always labelled."""
    if benchmark is None:
        return "none published"
    c, unit = benchmark.comparison, benchmark.unit
    ours = shown_value(c.value, unit) if c.value is not None else f"not published ({c.symbol})"
    parts = [f"Ours {ours}"]
    if c.england is not None:
        parts.append(f"England {shown_value(c.england, unit)}")
    if c.neighbours_mean is not None:
        parts.append(f"neighbours {shown_value(c.neighbours_mean, unit)}")
    return "; ".join(parts) + f" ({c.year_label})"


def status_words(value: float, indicator: Indicator) -> str:
    """Meets or misses the target, in words with a symbol (never colour alone)."""
    if indicator.target is None or indicator.polarity == "neither":
        return STATUS_NO_TARGET
    meets = value >= indicator.target if indicator.polarity == "higher" else value <= indicator.target
    return STATUS_MEETS if meets else STATUS_MISSES


def change_words(now: float, before: float | None, indicator: Indicator) -> str:
    """'up 1.2 points (worse)': the change in the unit people read, and whether it is better or worse."""
    if before is None or pd.isna(before):
        return "no figure to compare"
    places = 0 if indicator.unit == "count" else 1  # the change between the figures as people read them
    difference = round_half_up(now, places) - round_half_up(before, places)
    if abs(difference) < 1e-9:
        return "no change"
    size = f"{abs(difference):.1f}".rstrip("0").rstrip(".") if indicator.unit != "count" else f"{abs(difference):g}"
    unit = " points" if indicator.unit == "%" else ""
    way = "up" if difference > 0 else "down"
    if indicator.polarity == "neither":
        return f"{way} {size}{unit}"
    better = (difference > 0) == (indicator.polarity == "higher")
    return f"{way} {size}{unit} ({'better' if better else 'worse'})"


def signal_words(view: IndicatorView) -> str:
    variation = view.variation
    words = {
        "common cause": "No signal (common cause)",
        "no data": "no data",
    }.get(variation)
    if words is None:
        words = variation.replace("special cause improvement", "Improving: special cause").replace(
            "special cause concern", "Concern: special cause"
        )
    if view.warning:
        words += f"; fewer than {MIN_POINTS} months"
    return words


def figure_as_at(batches: set[int], extract_dates: dict[int, pd.Timestamp]) -> str:
    """The latest extract date among the batches behind one figure ('4 February 2025'); '' with no figure."""
    dates = [extract_dates[b] for b in batches if b in extract_dates and pd.notna(extract_dates[b])]
    return max(dates).strftime("%-d %B %Y") if dates else ""


def data_as_at(batches: set[int], extract_dates: dict[int, pd.Timestamp]) -> str:
    dates = [extract_dates[b] for b in batches if b in extract_dates and pd.notna(extract_dates[b])]
    if not dates:
        return "no data loaded"
    return f"extracts dated up to {max(dates).strftime('%-d %B %Y')}"


def headline(cards: list[ThemeCard]) -> str:
    """The sentence at the top of the overview."""
    meets = sum(c.meets for c in cards)
    judged = meets + sum(c.misses for c in cards)
    concerns = [title for c in cards for title in c.concerns]
    improving = [title for c in cards for title in c.improvements]
    text = f"{meets} of {judged} key indicators with a target meet it"
    text += f"; {len(improving)} show special-cause improvement and {len(concerns)} special-cause concern."
    if concerns:
        text += f" Concern: {'; '.join(concerns)}."
    return text


def with_figure_status(sentence: str, series: pd.DataFrame, statuses: dict[str, FigureStatus], unit: str) -> str:
    """The chart's sentence, saying what its latest figure is when that is not plainly complete: no cases
    that month, a provisional figure and why, or an incomplete one left out of the limits and the target."""
    if series.empty or statuses[series.index[-1]].kind == COMPLETE:
        return sentence
    month, status = series.index[-1], statuses[series.index[-1]]
    if not status.has_value:  # no cases, or every case not yet due: said first, then the months before
        return f"{status.words[0].upper()}{status.words[1:]}. {sentence}"
    if status.kind == INCOMPLETE:
        latest = figure_text(series.loc[month, "value"], unit, status)
        if not any(s.judged for s in statuses.values()):
            sentence = ""
        return (
            f"{month_label(month)}: {latest}, so it is left out of the control limits and not judged against "
            f"the target. {sentence}"
        ).strip()
    return f"{sentence} The {month_label(month)} figure is {status.words}."


def chart_sentence(view: IndicatorView, rolling: bool = False) -> str:
    if rolling and view.rolling is not None:
        title = view.indicator.title + breakdown_suffix(view.breakdown)
        return rolling_sentence(view.rolling, title, view.indicator.unit, view.indicator.target, shown_value)
    return view.sentence


def breakdown_words(frame: pd.DataFrame, indicator: Indicator, column: str, month: str) -> str:
    title = f"{indicator.title}, {month_label(month)}"
    if indicator.breakdown_kind(column) == SPLIT:
        sentence = breakdown_sentence(frame, title, indicator.unit, None, shown_value, by=column_words(column))
        whole = indicator.denominator.lower()
        return f"{sentence} Each part is a share of the same whole ({whole}), so the parts add up to the figure."
    return breakdown_sentence(
        frame,
        title,
        indicator.unit,
        indicator.target,
        shown_value,
        by=column_words(column),
        polarity=indicator.polarity,
    )


# ---- the surgery ------------------------------------------------------------------------------------------

SIGNAL_WORDS = {IMPROVEMENT: "improving", CONCERN: "concern"}


TARGET_SYMBOLS = {STATUS_MEETS: "✔", STATUS_MISSES: "✘"}


MATRIX_KEY = (
    "Each cell: the figure for the month, ✔ meets or ✘ misses the target (– no target), then the SPC "
    "signal: *improving* or *concern* (special cause) or *steady* (common cause). Cells that miss the "
    "target or show concern are shaded and marked ✘ or *concern*, never by colour alone."
)


def action_about(kind: str, subject: str) -> str:
    return "the figure" if kind == "figure" else f"{kind} {subject}"


def surgery_pack_title(team: str) -> str:
    return f"Performance surgery pack: {team}"


def surgery_pack_subtitle(month: str, red: int) -> str:
    return f"{month_label(month)}. {red} indicator{'s' if red != 1 else ''} to look at."


def need_a_look(red: int, shown: int) -> str:
    return f"{red} of {shown} need a look; each follows."


def at_a_glance(team: str) -> str:
    return f"{team}: the month at a glance"


def variation_line(variation: str, assurance: str) -> str:
    return f"Variation: {variation}. Assurance: {assurance}."


def records_line(records, not_yet_due) -> str:
    """How many records are behind a red indicator (never the records: they are listed in the app)."""
    waiting = f"; {not_yet_due} not yet due" if not_yet_due else ""
    return f"Records to look at: {records}{waiting} (listed in the app)."


def published_line(sentence: str) -> str:
    return f"Published benchmark: {sentence}"


def open_actions_line(open_count: int, overdue: int) -> str:
    return f"{open_count} open, {overdue} overdue. Carried forward every month until closed."


# ---- the Indicators page ----------------------------------------------------------------------------------


def latest_text(row: pd.Series, indicator: Indicator) -> str:
    """The latest figure with what it is: provisional and why, incomplete, or no cases that month."""
    return figure_text(row["value"], indicator.unit, figure_status(row, row["month"]))


def figure_note(row: pd.Series) -> str:
    """What one stored figure is, in words ('' when complete): for the sentence on the Indicators page."""
    return figure_status(row, row["month"]).words


def sums_words(numerator: float, denominator: float, unit: str) -> str:
    """The sums under a figure: 'numerator 6, denominator 25'; a count is its own number, with no denominator."""
    if not has_denominator(unit):
        return "a count, so there is no denominator"
    return f"numerator {numerator:g}, denominator {denominator:g}"


# ---- sign-off and revisions -------------------------------------------------------------------------------

UNCHANGED, REVISED, WITHDRAWN, NEW = "unchanged", "revised", "withdrawn", "new"  # a signed figure now


def revision_sentence(row: Mapping | pd.Series, indicator: Indicator) -> str:
    """A revisions() row in plain English, e.g. "Revised from 61.0% to 64.0% after later data (signed off
    for Corporate parenting panel, 14 May 2026)."."""
    fields = row._asdict() if hasattr(row, "_asdict") else row
    signed = shown_value(fields["signed_value"], indicator.unit)
    current = shown_value(fields["current_value"], indicator.unit)
    meeting = f"signed off for {fields['meeting']}"
    status = fields["status"]
    if status == REVISED:
        return f"Revised from {signed} to {current} after later data ({meeting})."
    if status == WITHDRAWN:
        return f"Withdrawn since sign-off: the {signed} {meeting} no longer has data behind it."
    if status == NEW:
        return f"New since sign-off: {current} was not among the figures {meeting}."
    return f"Unchanged since sign-off: {signed} ({meeting})."


def london_time(moment) -> str:
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert(LONDON).strftime("%-d %B %Y at %H:%M")


# ---- upload history, data quality, the audit log ----------------------------------------------------------

BATCH_STATUS_WORDS = {"current": "Current", "superseded": "Superseded", "withdrawn": "Withdrawn"}


QUALITY_FIGURE_WORDS = {
    "workers_missing_from_workforce": "Workers with open allocations missing from the workforce file",
    "caseload_mismatch_workers": "Case-holding workers whose stated caseload differs from allocations",
    "stated_caseload_total": "Caseload stated in the workforce file (total)",
    "allocated_children_counted": "Children allocated at month end, counted from allocations (total)",
}


def signed_count(value) -> str:
    return "" if pd.isna(value) else f"{int(value):+,}"


def signed_percent(value) -> str:
    return "" if pd.isna(value) else f"{value:+.1f}%"


EVENT_WORDS = {
    "view": "viewed a list",
    "download": "downloaded",
    "sign_in": "signed in",
    "sign_out": "signed out",
    "sign_in_failed": "failed sign-in",
    "backup": "backed up the store",
    "subject_access": "searched for a person's records",
    "authority": "moved to another authority",
    "authority_refused": "refused another authority",
}


def event_words(event: str) -> str:
    return EVENT_WORDS.get(event, event.replace("_", " "))


def ids_words(raw: str) -> str:
    return ", ".join(json.loads(raw or "[]"))
