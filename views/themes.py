"""What the overview and the theme pages show: each indicator's SPC view, its table and sentence, and
the overview's theme cards. One xmr() frame per series feeds the chart, the table, the icons and the
sentence, so they cannot disagree. Nothing here imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from core.access import User, team_scope
from core.dates import month_label, shift_month, short_month_label
from figures.breakdown_chart import breakdown_figure
from figures.caseload_chart import caseload_figure, caseload_sentence
from figures.spc_chart import rolling_figure, spc_figure, spc_sentence
from metrics.catalogue import SPLIT, Catalogue, Indicator, catalogue
from metrics.figure_status import (
    COMPLETE,
    INCOMPLETE,
    NOT_JUDGED,
    FigureStatus,
    figure_text,
    no_data_words,
    provisional_words,
)
from metrics.figure_status import statuses as figure_statuses
from metrics.inputs import Inputs
from metrics.spc import (
    ASSURANCE_NO_TARGET,
    IMPROVEMENT,
    assurance_icon,
    pooled_rolling,
    short_segment_warning,
    variation_icon,
)
from metrics.units import PER_HUNDRED, has_denominator, shown_value
from metrics.workforce import caseload_distribution
from store.indicator_settings import change_points_in_force
from store.page_tables import read_spc
from store.read import reading
from store.view import StoreView
from views.indicators import FAMILY
from views.inputs import catalogue_for
from views.spc_window import SPC_WINDOW as SPC_WINDOW  # the pages' SPC: computed, or as stored on write
from views.spc_window import WHOLE, spc_xmr, stored_spc, window_series
from views.spc_window import series_of as series_of  # where other views read it
from views.spc_window import series_statuses as series_statuses
from views.wording import (
    STATUS_MEETS,
    STATUS_MISSES,
    STATUS_NO_TARGET,
    breakdown_suffix,
    change_words,
    column_words,
    data_as_at,
    figure_as_at,
    published_words,
    signal_cell_words,
    signal_words,
    status_words,
    with_figure_status,
)

SMALL_COHORT = 20  # median monthly denominator below this: offer the rolling three-month view
ROLLING_WINDOW = 3


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
    spc: pd.DataFrame | None = None  # spc_points computed on write (store/page_tables.py); None: compute


def read_figures(engine: Engine, la_code: str) -> Figures:
    with reading(engine) as conn:
        view = StoreView(conn, la_code)
        batches = view.batches(current_only=False)
        return Figures(
            catalogue=catalogue_for(conn, la_code),
            figures=view.month_figures(FAMILY),
            change_points=change_points_in_force(conn, la_code),
            extract_dates=dict(zip(batches["id"], batches["extract_date"], strict=True)),
            spc=read_spc(conn, la_code),
        )


# --- one indicator's series and SPC view


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
    breakdown, note, series, marked, points, statuses, judged = window_series(data, indicator, breakdown, months)
    spc = stored_spc(data, indicator.code, breakdown, months, judged)
    if spc is None:
        spc = spc_xmr(indicator, series, judged, points)
    reasons = {} if marked is None else dict(zip(marked["month"], marked["reason"], strict=True))
    used = marked[marked["month"].isin(points)] if marked is not None else pd.DataFrame(columns=["month", "reason"])
    median = float(series["denominator"].median()) if len(series) else None
    small = indicator.unit in PER_HUNDRED and median is not None and median < SMALL_COHORT
    rolling = None
    if small:
        full = series.reindex(spc.index)
        rolling = pooled_rolling(full["numerator"], full["denominator"], ROLLING_WINDOW, indicator.unit)
    title = indicator.title + breakdown_suffix(breakdown)
    return IndicatorView(
        indicator=indicator,
        breakdown=breakdown,
        series=series,
        spc=spc,
        sentence=with_figure_status(
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


def chart(view: IndicatorView, rolling: bool = False):
    """The Plotly figure of a view: the SPC chart, or the rolling three-month line for small cohorts."""
    title = view.indicator.title + breakdown_suffix(view.breakdown)
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
    title = view.indicator.title + breakdown_suffix(view.breakdown)
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
                signal_cell_words(v, d) if pd.notna(x) else _unjudged(m, view)
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
    window = [shift_month(month, -k) for k in range(ROLLING_WINDOW)]
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
    title = f"{indicator.title} by {column_words(column)}, {month_label(month)}"
    if indicator.breakdown_kind(column) == SPLIT:
        return breakdown_figure(frame, f"{title}: parts of the whole", indicator.unit)
    return breakdown_figure(frame, title, indicator.unit, indicator.target, polarity=indicator.polarity)


def breakdown_table(frame: pd.DataFrame, column: str, unit: str | None = None) -> pd.DataFrame:
    if unit is not None and not has_denominator(unit):
        frame = frame.drop(columns="denominator")  # a count's denominator means nothing
    names = {
        "label": column_words(column).capitalize(),
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
            row["Data as at"] = figure_as_at(used, data.extract_dates)
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
                data_as_at=data_as_at(batches, data.extract_dates),
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
    when = short_month_label(month)
    row["Latest"] = f"{shown} ({when})" if status.kind == COMPLETE else f"{shown}, {when}"
    if not status.judged:  # incomplete: no target status, no comparisons, not in the limits
        row["Status"] = f"{NOT_JUDGED}: {status.words}"
        row["On last month"] = row["On a year ago"] = "not compared (incomplete)"
        row["SPC signal"] = "not in the limits (incomplete)"
        return row, batches
    row["On last month"] = change_words(value, _value_at(view.spc, shift_month(month, -1)), indicator)
    row["On a year ago"] = change_words(value, _value_at(view.spc, shift_month(month, -12)), indicator)
    row["Status"] = status_words(value, indicator)
    row["SPC signal"] = signal_words(view)
    return row, batches


def _latest_variation(view: IndicatorView) -> str | None:
    """The SPC variation of the latest month's point, None when that month has no judged figure."""
    month, status = latest_status(view)
    if month is None or not status.judged or month not in view.spc.index or pd.isna(view.spc.loc[month, "value"]):
        return None
    return view.spc.loc[month, "variation"]


def _value_at(spc: pd.DataFrame, month: str) -> float | None:
    return spc.loc[month, "value"] if month in spc.index else None


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
    with reading(engine) as conn:  # the month's own workforce rows: the chart reads nothing else
        workers = caseload_distribution(
            Inputs(workforce=StoreView(conn, la_code).monthly("workforce", (month,))), month
        )
    return workers if scope is None or workers.empty else workers[workers["team"].isin(scope)]


def caseload_table(workers: pd.DataFrame) -> pd.DataFrame:
    columns = {"team": "Team", "worker_id": "Worker", "caseload": "Children allocated", "fte": "FTE"}
    return workers[[c for c in columns if c in workers]].rename(columns=columns)
