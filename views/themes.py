"""What the overview and the theme pages show: each indicator's SPC view, its table and sentence, and
the overview's theme cards. One xmr() frame per series feeds the chart, the table, the icons and the
sentence, so they cannot disagree. Nothing here imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from core.access import User, team_scope
from core.dates import month_label
from figures.breakdown_chart import breakdown_figure, breakdown_sentence
from figures.caseload_chart import caseload_figure, caseload_sentence
from figures.spc_chart import rolling_figure, rolling_sentence, spc_figure, spc_sentence
from metrics.catalogue import SPLIT, Catalogue, Indicator, catalogue
from metrics.figure_status import (
    COMPLETE,
    INCOMPLETE,
    NOT_JUDGED,
    STATUS_COLUMNS,
    FigureStatus,
    figure_status,
    figure_text,
    no_data_words,
    provisional_words,
)
from metrics.figure_status import statuses as figure_statuses
from metrics.spc import (
    ASSURANCE_NO_TARGET,
    IMPROVEMENT,
    MIN_POINTS,
    RUN_LENGTH,
    TREND_LENGTH,
    assurance_icon,
    bounds_of,
    pooled_rolling,
    short_segment_warning,
    variation_icon,
    xmr,
)
from metrics.units import has_denominator, round_half_up, shown_value
from metrics.workforce import caseload_distribution
from store.indicator_settings import change_points_in_force
from store.view import StoreView
from views.indicators import FAMILY
from views.inputs import catalogue_for, inputs_from

WHOLE = ""
SMALL_COHORT = 20  # median monthly denominator below this: offer the rolling three-month view
ROLLING_WINDOW = 3
STATUS_MEETS, STATUS_MISSES, STATUS_NO_TARGET = "✔ Meets target", "✘ Misses target", "– No target"
RATES = ("%", "per 100")
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


def theme_pages() -> list[tuple[str, str, str]]:
    """(page file name, title, url path) of each theme page catalogue.yaml declares."""
    return [(slug.replace("-", "_"), page.title, slug) for slug, page in catalogue().pages.items()]


@dataclass(frozen=True)
class Figures:
    """Everything stored for the authority that the theme pages read, fetched once per page run."""

    catalogue: Catalogue
    figures: pd.DataFrame  # month_figures: month, code, breakdown, numerator, denominator, value, ...
    change_points: pd.DataFrame  # code, month, reason, marked_by, marked_at
    extract_dates: dict[int, pd.Timestamp]  # batch id -> extract date, for "data as at"


def read_figures(engine: Engine, la_code: str) -> Figures:
    with engine.connect() as conn:
        view = StoreView(conn, la_code)
        batches = view.batches(current_only=False)
        return Figures(
            catalogue=catalogue_for(conn, la_code),
            figures=view.month_figures(FAMILY),
            change_points=change_points_in_force(conn, la_code),
            extract_dates=dict(zip(batches["id"], batches["extract_date"], strict=True)),
        )


# --- one indicator's series and SPC view


def series_of(figures: pd.DataFrame, code: str, breakdown: str = WHOLE) -> pd.DataFrame:
    """The monthly series of one indicator and breakdown: numerator, denominator, value, provisional,
    source_batches and the status columns (not_yet_due, months_held, months_needed), indexed 'YYYY-MM'."""
    chosen = figures[(figures["code"] == code) & (figures["breakdown"] == breakdown)]
    columns = ["numerator", "denominator", "value", "provisional", "source_batches"]
    columns += [c for c in STATUS_COLUMNS if c in chosen]
    return chosen.set_index("month")[columns].sort_index()


def series_statuses(series: pd.DataFrame) -> dict[str, FigureStatus]:
    """Each month's figure_status in a series_of frame (provisional, incomplete, no cases, complete)."""
    return {month: figure_status(row, month) for month, row in series.iterrows()}


def latest_status(view: IndicatorView) -> tuple[str | None, FigureStatus | None]:
    """The latest month with a stored figure (even one with no cases) and what that figure is."""
    if view.series.empty:
        return None, None
    month = view.series.index[-1]
    return month, view.statuses[month]


def months_in(figures: pd.DataFrame) -> list[str]:
    return sorted(set(figures["month"])) if len(figures) else []


def breakdown_values(figures: pd.DataFrame, column: str) -> list[str]:
    """The values a breakdown column takes across stored figures ('team' -> team names)."""
    prefix = f"{column}: "
    labels = figures.loc[figures["breakdown"].str.startswith(prefix), "breakdown"] if len(figures) else []
    return sorted({label[len(prefix) :] for label in labels})


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    breakdown: str  # '' for the whole authority, else 'team: X'
    series: pd.DataFrame
    spc: pd.DataFrame
    sentence: str
    variation: str
    assurance: str
    warning: str | None
    small_cohort: bool
    median_denominator: float | None
    rolling: pd.DataFrame | None
    change_points: pd.DataFrame
    note: str | None = None  # e.g. the breakdown asked for has no figures, so the whole authority is shown
    statuses: dict[str, FigureStatus] | None = None  # month -> what the figure is (metrics.figure_status)

    def marked(self) -> dict[str, str]:
        """Months whose figure is not plainly complete -> the words every surface shows for it."""
        return {m: s.words for m, s in (self.statuses or {}).items() if s.kind != COMPLETE}

    @property
    def has_data(self) -> bool:
        return bool(self.series["value"].notna().any()) if len(self.series) else False


def indicator_view(
    data: Figures,
    indicator: Indicator,
    breakdown: str = WHOLE,
    months: tuple[str, str] | None = None,
) -> IndicatorView:
    """The SPC view of one indicator (optionally one team or cohort, and a window of months).

    Change points the analyst marked restart the limits; those at or before the window's first month
    have no effect inside it and are left out.
    """
    series, note = series_of(data.figures, indicator.code, breakdown), None
    if breakdown and series.empty:
        column = breakdown.split(":")[0]
        note = f"No figures by {column} for this indicator: showing the whole authority."
        breakdown, series = WHOLE, series_of(data.figures, indicator.code, WHOLE)
    if months is not None and len(series):
        series = series.loc[(series.index >= months[0]) & (series.index <= months[1])]
    marked = data.change_points[data.change_points["code"] == indicator.code] if len(data.change_points) else None
    points = [] if marked is None else [m for m in marked["month"] if len(series) and series.index[0] < m]
    points = [m for m in points if m <= series.index[-1]]
    bounds = bounds_of(indicator.unit)
    statuses = series_statuses(series)
    judged = series["value"].where([statuses[m].judged for m in series.index])  # incomplete: not in limits
    spc = (
        xmr(judged, indicator.polarity, change_points=points, bounds=bounds)
        if len(series)
        else xmr(pd.Series(), "neither")
    )
    reasons = {} if marked is None else dict(zip(marked["month"], marked["reason"], strict=True))
    used = marked[marked["month"].isin(points)] if marked is not None else pd.DataFrame(columns=["month", "reason"])
    median = float(series["denominator"].median()) if len(series) else None
    small = indicator.unit in RATES and median is not None and median < SMALL_COHORT
    rolling = None
    if small:
        full = series.reindex(spc.index)
        rolling = pooled_rolling(full["numerator"], full["denominator"], ROLLING_WINDOW, indicator.unit)
    title = indicator.title + _for(breakdown)
    return IndicatorView(
        indicator=indicator,
        breakdown=breakdown,
        series=series,
        spc=spc,
        sentence=_with_status(
            spc_sentence(spc, title, indicator.unit, indicator.target, shown_value), series, statuses, indicator.unit
        ),
        variation=variation_icon(spc, indicator.polarity),
        assurance=assurance_icon(spc, indicator.target, indicator.polarity) if len(spc) else ASSURANCE_NO_TARGET,
        warning=short_segment_warning(spc),
        small_cohort=small,
        median_denominator=median,
        rolling=rolling,
        change_points=used.assign(reason=used["month"].map(reasons)) if len(used) else used,
        note=note,
        statuses=statuses,
    )


def _with_status(sentence: str, series: pd.DataFrame, statuses: dict[str, FigureStatus], unit: str) -> str:
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


def _for(breakdown: str) -> str:
    return f" ({breakdown})" if breakdown else ""


def chart(view: IndicatorView, rolling: bool = False):
    """The Plotly figure of a view: the SPC chart, or the rolling three-month line for small cohorts."""
    title = view.indicator.title + _for(view.breakdown)
    if rolling and view.rolling is not None:
        return rolling_figure(view.rolling, title, view.indicator.unit, view.indicator.target, ROLLING_WINDOW)
    reasons = dict(zip(view.change_points["month"], view.change_points["reason"], strict=True))
    return spc_figure(view.spc, title, view.indicator.unit, view.indicator.target, reasons, flagged=marked_points(view))


def marked_points(view: IndicatorView) -> pd.DataFrame:
    """The chart's points drawn apart (kind, value, words): provisional, incomplete (not in the limits,
    so not in the xmr frame's values) and months with no cases."""
    rows = [
        (month, status.kind, view.series.loc[month, "value"], status.words)
        for month, status in (view.statuses or {}).items()
        if status.kind != COMPLETE
    ]
    return pd.DataFrame(rows, columns=["month", "kind", "value", "words"]).set_index("month")


def action_chart(view: IndicatorView, marks: dict[str, str]):
    """The SPC chart with agreed actions marked at the months they were raised."""
    title = view.indicator.title + _for(view.breakdown)
    reasons = dict(zip(view.change_points["month"], view.change_points["reason"], strict=True))
    shown = {month: text for month, text in marks.items() if month in view.spc.index}
    return spc_figure(
        view.spc,
        title,
        view.indicator.unit,
        view.indicator.target,
        reasons,
        annotations=shown,
        flagged=marked_points(view),
    )


def chart_sentence(view: IndicatorView, rolling: bool = False) -> str:
    if rolling and view.rolling is not None:
        title = view.indicator.title + _for(view.breakdown)
        return rolling_sentence(view.rolling, title, view.indicator.unit, view.indicator.target, shown_value)
    return view.sentence


def spc_table(view: IndicatorView) -> pd.DataFrame:
    """The table under the chart (and its CSV): every month with its figures, limits and signal."""
    if view.spc.empty:
        return pd.DataFrame(columns=["Month"])
    spc = view.spc
    series = view.series.reindex(spc.index)
    reasons = dict(zip(view.change_points["month"], view.change_points["reason"], strict=True))
    marked = view.marked()
    table = pd.DataFrame(
        {
            "Month": [month_label(m) for m in spc.index],
            "Numerator": series["numerator"],
            "Denominator": series["denominator"],
            "Value": series["value"].round(1),
            "Mean": spc["mean"].round(1),
            "Lower limit": spc["lower_limit"].round(1),
            "Upper limit": spc["upper_limit"].round(1),
            "Signal": [
                _signal_words(v, d) if pd.notna(x) else _unjudged(m, view)
                for m, (v, d, x) in zip(spc.index, _signals(spc), strict=True)
            ],
            "Rules": spc["rule"].fillna(""),
            "Provisional": ["yes" if p is True else "" for p in series["provisional"]],
            "Figure status": [marked.get(m, "" if m in view.series.index else no_data_words(m)) for m in spc.index],
            "Change point": [reasons.get(m, "") for m in spc.index],
        }
    )
    if not has_denominator(view.indicator.unit):
        table = table.drop(columns="Denominator")  # a count's denominator means nothing
    return table.reset_index(drop=True)


def rolling_table(view: IndicatorView) -> pd.DataFrame:
    rolling = view.rolling if view.rolling is not None else pd.DataFrame(columns=["numerator", "denominator", "value"])
    return pd.DataFrame(
        {
            "Three months to": [month_label(m) for m in rolling.index],
            "Numerator": rolling["numerator"],
            "Denominator": rolling["denominator"],
            "Value": rolling["value"].round(1),
            "Figure status": [_pooled_status(view, m) for m in rolling.index],
        }
    ).reset_index(drop=True)


def _pooled_status(view: IndicatorView, month: str) -> str:
    """A pooled window is provisional while any of its months is: the records not yet due, added up."""
    window = [str(pd.Period(month, freq="M") - k) for k in range(ROLLING_WINDOW)]
    waiting = sum(int(view.series.loc[m].get("not_yet_due", 0) or 0) for m in window if m in view.series.index)
    return provisional_words(waiting) if waiting else ""


def _unjudged(month: str, view: IndicatorView) -> str:
    """The signal cell of a month with no point in the limits: no data, no cases, or incomplete."""
    status = (view.statuses or {}).get(month)
    if status is None:
        return no_data_words(month)
    return "not in the limits (incomplete)" if status.kind == INCOMPLETE else status.words


def _signals(spc: pd.DataFrame):
    return zip(spc["variation"], spc["direction"], spc["value"], strict=True)


def _signal_words(variation: str, direction: str) -> str:
    if not direction:
        return "common cause"
    return f"special cause {variation} ({direction})"


def breakdown_frame(data: Figures, indicator: Indicator, column: str, month: str) -> pd.DataFrame:
    """One month's figures for each value of a breakdown column: label, value, numerator, denominator."""
    prefix = f"{column}: "
    figures = data.figures
    chosen = figures[
        (figures["code"] == indicator.code) & (figures["month"] == month) & figures["breakdown"].str.startswith(prefix)
    ]
    return pd.DataFrame(
        {
            "label": chosen["breakdown"].str.slice(len(prefix)),
            "value": chosen["value"],
            "numerator": chosen["numerator"],
            "denominator": chosen["denominator"],
            "status": [s.words for s in figure_statuses(chosen)],
        }
    ).reset_index(drop=True)


def breakdown_chart(frame: pd.DataFrame, indicator: Indicator, column: str, month: str):
    """Bars per group against the target; a split's parts (shares of the whole) have no target to meet."""
    title = f"{indicator.title} by {_words(column)}, {month_label(month)}"
    if indicator.breakdown_kind(column) == SPLIT:
        return breakdown_figure(frame, f"{title}: parts of the whole", indicator.unit)
    return breakdown_figure(frame, title, indicator.unit, indicator.target, polarity=indicator.polarity)


def breakdown_words(frame: pd.DataFrame, indicator: Indicator, column: str, month: str) -> str:
    title = f"{indicator.title}, {month_label(month)}"
    if indicator.breakdown_kind(column) == SPLIT:
        sentence = breakdown_sentence(frame, title, indicator.unit, None, shown_value, by=_words(column))
        whole = indicator.denominator.lower()
        return f"{sentence} Each part is a share of the same whole ({whole}), so the parts add up to the figure."
    return breakdown_sentence(
        frame, title, indicator.unit, indicator.target, shown_value, by=_words(column), polarity=indicator.polarity
    )


def _words(column: str) -> str:
    return {
        "placed_outside_la": "placed outside the authority",
        "inside_la": "inside or outside the authority",
        "distance_band": "distance from home",
        "activity_type": "activity of those in education, employment or training",
        "accommodation_type": "type of suitable accommodation",
        "age_band": "age band",
        "placement_type": "placement type",
    }.get(column, column.replace("_", " "))


def breakdown_table(frame: pd.DataFrame, column: str, unit: str | None = None) -> pd.DataFrame:
    if unit is not None and not has_denominator(unit):
        frame = frame.drop(columns="denominator")  # a count's denominator means nothing
    names = {
        "label": _words(column).capitalize(),
        "value": "Value",
        "numerator": "Numerator",
        "status": "Figure status",
    }
    return frame.assign(value=frame["value"].round(1)).rename(columns={**names, "denominator": "Denominator"})


# --- change points


# --- the overview's theme cards


@dataclass(frozen=True)
class ThemeCard:
    code: str
    title: str
    inspection: str
    page_path: str | None  # the theme page's url path
    page_title: str | None
    rows: pd.DataFrame  # one row per key indicator, in words
    data_as_at: str
    meets: int
    misses: int
    concerns: list[str]
    improvements: list[str]


CARD_COLUMNS = [
    "Indicator",
    "Latest",
    "Data as at",  # the extract date behind this figure, not the newest in the store
    "On last month",
    "On a year ago",
    "Target",
    "Status",
    "SPC signal",
    "Published (DfE)",
]


def theme_cards(data: Figures, published: dict | None = None) -> list[ThemeCard]:
    """A card per inspection theme with its key indicators (every indicator, if none is marked key).

    `published` maps indicator codes to their views.benchmarks.Benchmark (latest DfE year)."""
    page_of = {theme: slug for slug, page in data.catalogue.pages.items() for theme in page.themes}
    cards = []
    for theme in data.catalogue.themes.values():
        indicators = data.catalogue.in_theme(theme.code)
        key = [i for i in indicators if i.key or i.local] or indicators
        rows, batches, meets, misses, concerns, improvements = [], set(), 0, 0, [], []
        for indicator in key:
            view = indicator_view(data, indicator)
            row, used = _card_row(view)
            row["Data as at"] = _figure_as_at(used, data.extract_dates)
            row["Published (DfE)"] = published_words((published or {}).get(indicator.code))
            rows.append(row)
            batches |= used
            meets += row["Status"] == STATUS_MEETS
            misses += row["Status"] == STATUS_MISSES
            latest = _latest_variation(view)
            if latest == IMPROVEMENT:
                improvements.append(indicator.title)
            elif latest == "concern":
                concerns.append(indicator.title)
        cards.append(
            ThemeCard(
                code=theme.code,
                title=theme.title,
                inspection=theme.inspection,
                page_path=page_of.get(theme.code),
                page_title=data.catalogue.pages[page_of[theme.code]].title if theme.code in page_of else None,
                rows=pd.DataFrame(rows, columns=CARD_COLUMNS),
                data_as_at=_data_as_at(batches, data.extract_dates),
                meets=meets,
                misses=misses,
                concerns=concerns,
                improvements=improvements,
            )
        )
    return cards


def _card_row(view: IndicatorView) -> tuple[dict, set[int]]:
    indicator = view.indicator
    row = dict.fromkeys(CARD_COLUMNS, "")
    row["Indicator"] = indicator.title
    row["Target"] = "none" if indicator.target is None else shown_value(indicator.target, indicator.unit)
    month, status = latest_status(view)
    if month is None:
        row.update({"Latest": "no data yet", "Status": STATUS_NO_TARGET if indicator.target is None else "no data"})
        row["SPC signal"] = "no data"
        return row, set()
    batches = {int(b) for b in str(view.series.loc[month, "source_batches"]).split(",") if b.strip().isdigit()}
    value = view.series.loc[month, "value"]
    if not status.has_value:  # no cases (or all not yet due) in the latest month: said, never the month before's
        row.update({"Latest": status.words, "Status": NOT_JUDGED, "SPC signal": "no point this month"})
        row["On last month"] = row["On a year ago"] = "no figure to compare"
        return row, batches
    shown = figure_text(value, indicator.unit, status)
    row["Latest"] = f"{shown} ({_short_month(month)})" if status.kind == COMPLETE else f"{shown}, {_short_month(month)}"
    if not status.judged:  # incomplete: no target status, no comparisons, not in the limits
        row["Status"] = f"{NOT_JUDGED}: {status.words}"
        row["On last month"] = row["On a year ago"] = "not compared (incomplete)"
        row["SPC signal"] = "not in the limits (incomplete)"
        return row, batches
    row["On last month"] = change_words(value, _value_at(view.spc, _shift(month, -1)), indicator)
    row["On a year ago"] = change_words(value, _value_at(view.spc, _shift(month, -12)), indicator)
    row["Status"] = status_words(value, indicator)
    row["SPC signal"] = signal_words(view)
    return row, batches


def _latest_variation(view: IndicatorView) -> str | None:
    """The SPC variation of the latest month's point, None when that month has no judged figure."""
    month, status = latest_status(view)
    if month is None or not status.judged or month not in view.spc.index or pd.isna(view.spc.loc[month, "value"]):
        return None
    return view.spc.loc[month, "variation"]


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


def _value_at(spc: pd.DataFrame, month: str) -> float | None:
    return spc.loc[month, "value"] if month in spc.index else None


def _shift(month: str, by: int) -> str:
    return str(pd.Period(month, freq="M") + by)


def _short_month(month: str) -> str:
    return pd.Timestamp(f"{month}-01").strftime("%b %Y")


def _figure_as_at(batches: set[int], extract_dates: dict[int, pd.Timestamp]) -> str:
    """The latest extract date among the batches behind one figure ('4 February 2025'); '' with no figure."""
    dates = [extract_dates[b] for b in batches if b in extract_dates and pd.notna(extract_dates[b])]
    return max(dates).strftime("%-d %B %Y") if dates else ""


def _data_as_at(batches: set[int], extract_dates: dict[int, pd.Timestamp]) -> str:
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


# --- caseloads per team


def caseload_threshold() -> float:
    return float(dict(catalogue().indicators["caseload_over_threshold"].parameters).get("threshold", 20))


def caseload_chart(workers: pd.DataFrame, month: str):
    title = f"Children allocated to each case-holding social worker, by team, {month_label(month)}"
    return caseload_figure(workers, caseload_threshold(), title)


def caseload_words(workers: pd.DataFrame, month: str) -> str:
    return caseload_sentence(workers, caseload_threshold(), month_label(month))


def caseload_workers(engine: Engine, la_code: str, month: str, user: User) -> pd.DataFrame:
    """Each case-holding worker's caseload at the end of `month` (pseudonymous worker ids): a team
    manager's own teams' workers only."""
    scope = team_scope(user)
    with engine.connect() as conn:
        workers = caseload_distribution(inputs_from(StoreView(conn, la_code)), month)
    return workers if scope is None or workers.empty else workers[workers["team"].isin(scope)]


def caseload_table(workers: pd.DataFrame) -> pd.DataFrame:
    columns = {"team": "Team", "worker_id": "Worker", "caseload": "Children allocated", "fte": "FTE"}
    return workers[[c for c in columns if c in workers]].rename(columns=columns)
