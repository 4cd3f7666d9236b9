"""The corporate parenting panel: aggregate figures for children in care and care leavers, grouped under
the panel's six priorities, in plain English, with small numbers suppressed. Nothing here imports
streamlit; every number a panel member sees passes through metrics.suppression first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
import yaml
from sqlalchemy import Engine

from core.dates import month_label, shift_month
from metrics.catalogue import Catalogue, Indicator
from metrics.figure_status import (
    COMPLETE,
    NO_CASES,
    PROVISIONAL,
    FigureStatus,
    figure_status,
    provisional_words,
)
from metrics.panel_disclosure import COLUMNS as SUPPRESSED_COLUMNS
from metrics.panel_disclosure import FOOTNOTE as DISCLOSURE_FOOTNOTE
from metrics.panel_disclosure import (
    month_states,
    panel_quarters,
    quarters_of,
    settled_months,
    share_denominators,
)
from metrics.spc import bounds_of, xmr
from metrics.suppression import SuppressedFigure, suppress_figure
from metrics.units import DIRECTED, round_half_up, shown_value
from store.page_tables import AT_END, EVERY_MONTH, LATER, latest_sign_off, read_panel
from store.panel import priorities_in_force
from store.read import reading
from store.surgery import actions_frame, commentary_frame
from views.inputs import catalogue_for
from views.spc_window import SPC_WINDOW
from views.themes import Figures, series_of, series_statuses

REFERENCE = Path(__file__).resolve().parents[1] / "reference"


@dataclass(frozen=True)
class Priority:
    position: int
    title: str
    codes: tuple[str, ...]


@cache
def default_priorities() -> tuple[Priority, ...]:
    raw = yaml.safe_load((REFERENCE / "panel_priorities.yaml").read_text(encoding="utf-8"))["priorities"]
    return tuple(Priority(n, p["title"], tuple(p["codes"])) for n, p in enumerate(raw, start=1))


def panel_indicators(catalogue: Catalogue) -> list[Indicator]:
    """Indicators the panel may see: children in care and care leavers only (marked `panel`)."""
    return [i for i in catalogue.indicators.values() if i.on_panel]


def priorities(engine: Engine, la_code: str, catalogue: Catalogue) -> list[Priority]:
    """The analyst's latest priorities, else the shipped starting point; codes not on the panel dropped."""
    with reading(engine) as conn:
        saved = priorities_in_force(conn, la_code)
    allowed = {i.code for i in panel_indicators(catalogue)}
    if saved is None:
        chosen = default_priorities()
    else:
        chosen = tuple(Priority(n, title, tuple(codes)) for n, (title, codes) in enumerate(saved, start=1))
    return [Priority(p.position, p.title, tuple(c for c in p.codes if c in allowed)) for p in chosen]


# --- the figures behind one panel row


@dataclass(frozen=True)
class Counted:
    """One figure with its sums (None when there is no figure)."""

    numerator: float | None
    denominator: float | None
    value: float | None
    label: str  # "March 2026", "January to March 2026", ...

    @property
    def exists(self) -> bool:
        return self.value is not None and not pd.isna(self.value)


NONE = Counted(None, None, None, "")


def month_figure(series: pd.DataFrame, month: str) -> Counted:
    if month not in series.index:
        return Counted(None, None, None, month_label(month))
    row = series.loc[month]
    return Counted(float(row["numerator"]), float(row["denominator"]), float(row["value"]), month_label(month))


@lru_cache(maxsize=65536)  # asked for every month of every panel indicator on each refresh (issue 18)
def quarter_of(month: str) -> tuple[str, str, str]:
    """The three months of the latest complete calendar quarter ending at or before `month`."""
    period = pd.Period(month, freq="M")
    end = period - (period.month % 3)  # March, June, September or December
    return tuple(str(end - k) for k in (2, 1, 0))


def quarter_label(month: str) -> str:
    """'January to March 2026': the latest complete quarter at `month` (its figure is suppressed_series')."""
    months = quarter_of(month)
    return f"{pd.Period(months[0], freq='M').strftime('%B')} to {month_label(months[-1])}"


@dataclass(frozen=True)
class PanelRow:
    indicator: Indicator
    breakdown: str
    month: Counted
    last_year: Counted
    commentary: str
    doing: tuple[str, ...]


def panel_row(data: Figures, indicator: Indicator, month: str, commentary: pd.DataFrame, actions: pd.DataFrame):
    breakdown = indicator.panel_field("breakdown")
    series = series_of(data.figures, indicator.code, breakdown)
    series = series[series.index <= month]
    said = (
        commentary[(commentary["code"] == indicator.code) & (commentary["month"] == month)] if len(commentary) else None
    )
    service_said = said[said["team"] == ""]["text"].tolist() if said is not None else []
    # "What we are doing": open actions about the figure itself. Actions about a child or a worker stay in
    # the surgery: their wording may identify someone.
    if len(actions):
        mask = (actions["code"] == indicator.code) & ~actions["closed"] & (actions["subject_kind"] == "figure")
        open_actions = actions[mask]
    else:
        open_actions = actions
    return PanelRow(
        indicator=indicator,
        breakdown=breakdown,
        month=month_figure(series, month),
        last_year=month_figure(series, shift_month(month, -12)),
        commentary=service_said[-1] if service_said else "",
        doing=tuple(dict.fromkeys(open_actions["action"])) if len(open_actions) else (),
    )


def panel_rows(engine: Engine, la_code: str, data: Figures, month: str) -> dict[str, PanelRow]:
    with reading(engine) as conn:
        commentary = commentary_frame(conn, la_code)
        actions = actions_frame(conn, la_code)
    return {i.code: panel_row(data, i, month, commentary, actions) for i in panel_indicators(data.catalogue)}


# --- what a panel member reads: suppressed figures in plain English


def threshold() -> int:
    """CSC_SUPPRESSION_THRESHOLD; a value that is not a whole number of 1 or more stops the panel with a
    clear message rather than quietly showing small numbers."""
    from settings import setting

    raw = setting("CSC_SUPPRESSION_THRESHOLD").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"CSC_SUPPRESSION_THRESHOLD must be a whole number of 1 or more, not {raw!r}.")
    return int(raw)


def shown(figure: Counted, unit: str, limit: int) -> SuppressedFigure | None:
    """A figure as the panel may see it (None when there is no figure)."""
    if not figure.exists:
        return None
    return suppress_figure(figure.numerator, figure.denominator, unit, limit)


def panel_sentence(row: PanelRow, limit: int, benchmark=None) -> str:
    """'23.3% of children in care lived more than 20 miles from home in March 2026, down from 27.0% a
    year earlier; England 20.8% (2025).' Never states a hidden figure or a change worked out from one."""
    indicator = row.indicator
    now, before = shown(row.month, indicator.unit, limit), shown(row.last_year, indicator.unit, limit)
    if now is None:
        return f"{indicator.panel_title}: no figure for {row.month.label or 'this month'} yet."
    if now.suppressed:
        return (
            f"{indicator.panel_title}, {row.month.label}: not shown, because it would reveal a number of children "
            f"from 1 to {limit}."
        )
    says = indicator.panel_field("says") or "{value}: " + indicator.panel_title
    sentence = says.replace("{value}", now.value)
    sentence = sentence[0].upper() + sentence[1:] + f" in {row.month.label}"
    if before is not None and not before.suppressed:
        sentence += _change(row.month.value, row.last_year.value, indicator.unit, before.value)
    if benchmark is not None and benchmark.comparison.england is not None:
        sentence += f"; England {shown_value(benchmark.comparison.england, indicator.unit)}"
        sentence += f" ({benchmark.comparison.year_label})"
    return sentence + "."


def _change(now: float, before: float, unit: str, before_text: str) -> str:
    places = 0 if unit == "count" else 1
    if round_half_up(now, places) == round_half_up(before, places):
        return f", the same as a year earlier ({before_text})"
    way = "up" if now > before else "down"
    return f", {way} from {before_text} a year earlier"


# --- a monthly series as the panel may see it


def suppressed_series(
    series: pd.DataFrame, unit: str, limit: int, published: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Months and complete quarters of one indicator as the panel may see them (metrics.panel_disclosure).

    Each month stands on its own, and stays hidden if it was hidden when signed off (`published`) and has
    not changed since. A quarter is the sum of its months, so its rate beside two known months would give
    a hidden third away: it is shown only when every one of its months is shown in full, and hidden
    otherwise. Counts are snapshots, not summed, so their quarter is their last month.
    Returns (months, quarters), each indexed by month or quarter end, with numerator, denominator, value,
    shown_numerator, shown_denominator, shown_value, suppressed, `visible` (the value, NaN if hidden) and
    state (shown, rate only or hidden).
    """
    months = month_states(series, unit, limit, published)
    return months, quarters_of(months, unit)


def panel_series(
    data: Figures, month: str, limit: int, signed: pd.DataFrame
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Every panel indicator's months up to `month` and the quarter the panel reads at `month` (the latest
    complete one), suppressed as one problem (metrics.panel_disclosure): each month on its own and as it
    was signed off, figures out of the same children withheld together that month, then the quarters,
    each shown only where a reader of everything published could not work a hidden month out from it."""
    units, states, settled = {}, {}, {}
    for indicator in panel_indicators(data.catalogue):
        breakdown = indicator.panel_field("breakdown")
        series = series_of(data.figures, indicator.code, breakdown)
        series = series[series.index <= month]
        units[indicator.code] = indicator.unit
        signed_then = _as_signed(signed, indicator.code, breakdown)
        states[indicator.code] = month_states(series, indicator.unit, limit, signed_then)
        settled[indicator.code] = settled_months(series, signed_then, month)
    states = share_denominators(states, units)
    quarters = panel_quarters(states, units, limit, settled, ends=[quarter_of(month)[-1]])
    return {code: (months, quarters[code]) for code, months in states.items()}


def panel_figures_to_store(data: Figures, limit: int, signed: pd.DataFrame) -> pd.DataFrame:
    """panel_series for every meeting month at once, as panel_figures keeps it: each panel indicator's months
    (meeting EVERY_MONTH) and each complete quarter twice, as the meeting held in its last month reads it
    (AT_END) and as any later meeting does (LATER).

    A month's state does not depend on the meeting that reads it, nor a quarter's on the meeting except
    through `settled`: the meeting's own month counts as read in one version when it was never signed off,
    which only matters to the quarter that month ends. So two passes of panel_quarters give every meeting's
    quarter: one with the months signed off and unchanged (LATER), one with each never-signed quarter end
    added (AT_END). Only the panel's indicators' figures and the sign-offs go in."""
    units, states, settled, at_end, breakdowns = {}, {}, {}, {}, {}
    for indicator in panel_indicators(data.catalogue):
        code, breakdown = indicator.code, indicator.panel_field("breakdown")
        series = series_of(data.figures, code, breakdown)
        signed_then = _as_signed(signed, code, breakdown)
        units[code], breakdowns[code] = indicator.unit, breakdown
        states[code] = month_states(series, indicator.unit, limit, signed_then)
        settled[code] = settled_months(series, signed_then)
        ends = {m for m in series.index if m == quarter_of(m)[-1]}
        at_end[code] = settled[code] | {m for m in ends if signed_then is None or m not in signed_then.index}
    states = share_denominators(states, units)
    passes = (
        (LATER, panel_quarters(states, units, limit, settled)),
        (AT_END, panel_quarters(states, units, limit, at_end)),
    )
    frames = []
    for code, months in states.items():
        frames.append(months.assign(code=code, breakdown=breakdowns[code], meeting=EVERY_MONTH, month=months.index))
        for meeting, quarters in passes:
            quarters = quarters[code]
            frames.append(quarters.assign(code=code, breakdown=breakdowns[code], meeting=meeting, month=quarters.index))
    frames = [frame.reset_index(drop=True) for frame in frames if len(frame)]
    columns = ["code", "breakdown", "meeting", "month", *SUPPRESSED_COLUMNS]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def stored_panel_series(
    engine: Engine, la_code: str, catalogue: Catalogue, month: str, limit: int
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]] | None:
    """panel_series as stored on write (panel_figures) for the meeting `month`, under the threshold and the
    sign-off in force; None when nothing is stored for them (then the page works it out as before)."""
    end = quarter_of(month)[-1]
    quarter = (end, AT_END if month == end else LATER)
    with reading(engine) as conn:
        rows = read_panel(conn, la_code, limit, latest_sign_off(conn, la_code), month, quarter)
    if rows.empty:
        return None
    rows = rows.astype({"numerator": "float64", "denominator": "float64", "value": "float64", "suppressed": bool})
    rows["visible"] = rows["value"].where(~rows["suppressed"])
    parts = dict(list(rows.groupby(["code", "breakdown", "meeting"], sort=False)))
    out = {}
    for indicator in panel_indicators(catalogue):
        key = (indicator.code, indicator.panel_field("breakdown"))
        out[indicator.code] = tuple(
            _suppressed_frame(parts.get((*key, meeting))) for meeting in (EVERY_MONTH, quarter[1])
        )
    return out


def _suppressed_frame(rows: pd.DataFrame | None) -> pd.DataFrame:
    """Stored rows as metrics.panel_disclosure frames them (indexed by month, its COLUMNS)."""
    if rows is None or rows.empty:
        return pd.DataFrame(columns=SUPPRESSED_COLUMNS, index=pd.Index([], dtype=object, name="month"))
    return rows.set_index("month")[SUPPRESSED_COLUMNS]


def suppressed_for(
    engine: Engine, la_code: str, data: Figures, month: str, limit: int, signed: pd.DataFrame
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """panel_series for `month`: read as stored on write, else worked out from the figures."""
    found = stored_panel_series(engine, la_code, data.catalogue, month, limit)
    return found if found is not None else panel_series(data, month, limit, signed)


def shown_to_panel(engine: Engine, la_code: str, month: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    """What the panel reads of each of its figures for `month`, keyed by (code, breakdown): the (numerator,
    denominator, value) as text, 'c' where hidden. A sign-off keeps it, so later meetings start from it."""
    from views.sign_off import signed_figures_frame
    from views.themes import read_figures

    with reading(engine) as conn:
        catalogue = catalogue_for(conn, la_code)
    suppressed = stored_panel_series(engine, la_code, catalogue, month, threshold())
    if suppressed is None:
        data = read_figures(engine, la_code)
        suppressed = panel_series(data, month, threshold(), signed_figures_frame(engine, la_code))
    shown = {}
    for indicator in panel_indicators(catalogue):
        months, _ = suppressed[indicator.code]
        if month in months.index:
            row = months.loc[month]
            key = (indicator.code, indicator.panel_field("breakdown"))
            shown[key] = (row["shown_numerator"], row["shown_denominator"], row["shown_value"])
    return shown


def _as_signed(signed: pd.DataFrame, code: str, breakdown: str) -> pd.DataFrame | None:
    """One figure as signed off for each month (the sign-off in force), with what the panel was shown."""
    if signed.empty or "shown_value" not in signed:
        return None
    mine = signed[(signed["code"] == code) & (signed["breakdown"] == breakdown)]
    return mine.set_index("month") if len(mine) else None


# --- the panel view: one table per priority, sentences, revisions


@dataclass(frozen=True)
class PanelItem:
    indicator: Indicator
    row: PanelRow
    months: pd.DataFrame  # suppressed_series months (for charts and tables)
    month: pd.Series | None  # this month as shown
    quarter: pd.Series | None
    last_year: pd.Series | None
    last_meeting: str  # the figure signed off for the last panel meeting, as shown, with its month
    revision: str  # the figure for this month changed since it was signed off (words, suppressed)
    sentence: str
    benchmark: object | None
    spc: pd.DataFrame  # xmr of the figures as shown (hidden months are gaps), for the chart and the signal
    signal: str
    status: FigureStatus | None = None  # what this month's figure is: provisional, incomplete, no cases, no data


@dataclass(frozen=True)
class PanelView:
    month: str
    priorities: list[tuple[Priority, list[PanelItem]]]
    footnote: str
    data_as_at: str
    limit: int

    def table(self, items: list[PanelItem]) -> pd.DataFrame:
        """The priority's figures in one table: every figure as the panel may see it."""
        return pd.DataFrame([_table_row(item, self.month) for item in items])


def panel_view(engine: Engine, la_code: str, data: Figures, month: str, published: dict | None = None) -> PanelView:
    from metrics.suppression import footnote
    from views.sign_off import signed_figures_frame

    limit = threshold()
    rows = panel_rows(engine, la_code, data, month)
    signed = signed_figures_frame(engine, la_code)
    suppressed = suppressed_for(engine, la_code, data, month, limit, signed)
    chosen = []
    for priority in priorities(engine, la_code, data.catalogue):
        items = [
            _item(data, rows[code], month, limit, signed, (published or {}).get(code), suppressed[code])
            for code in priority.codes
            if code in rows
        ]
        chosen.append((priority, items))
    return PanelView(month, chosen, f"{footnote(limit)} {DISCLOSURE_FOOTNOTE}", _as_at(data, month), limit)


def _item(
    data: Figures, row: PanelRow, month: str, limit: int, signed: pd.DataFrame, benchmark, suppressed: tuple
) -> PanelItem:
    """One indicator's row; `suppressed` is its (months, quarters) from panel_series."""
    indicator = row.indicator
    series = series_of(data.figures, indicator.code, row.breakdown)
    months, quarters = suppressed
    quarter_end = quarter_of(month)[-1]
    year_ago = shift_month(month, -12)
    window = months[months.index >= shift_month(month, 1 - SPC_WINDOW)]["visible"].astype("float64")
    statuses = series_statuses(series)
    window = window.where([statuses[m].judged if m in statuses else True for m in window.index])  # incomplete: out
    status = panel_status(statuses.get(month), month, limit)
    # The signal is read from the figures as shown: limits drawn from hidden values could give them away.
    spc = xmr(window, indicator.polarity, bounds=bounds_of(indicator.unit)) if len(window) else pd.DataFrame()
    return PanelItem(
        indicator=indicator,
        row=row,
        months=months,
        month=months.loc[month] if month in months.index else None,
        quarter=quarters.loc[quarter_end] if quarter_end in quarters.index else None,
        last_year=months.loc[year_ago] if year_ago in months.index else None,
        last_meeting=_last_meeting(signed, indicator, row.breakdown, limit, months),
        revision=_revision(signed, indicator, row.breakdown, month, months, limit),
        sentence=_status_sentence(_sentence(row, months, month, year_ago, benchmark, limit), status, indicator),
        benchmark=benchmark,
        spc=spc,
        signal=panel_signal(spc, indicator.polarity),
        status=status,
    )


def panel_status(status: FigureStatus | None, month: str, limit: int) -> FigureStatus:
    """A figure's status as the panel may read it: the count of assessments not yet due is a number of
    children, so the panel is told why a figure is provisional without it."""
    if status is None:
        return figure_status(None, month)
    if status.kind == PROVISIONAL and status.has_value:
        return FigureStatus(PROVISIONAL, provisional_words(None))
    if status.kind == PROVISIONAL:
        return FigureStatus(PROVISIONAL, f"no figure yet for {month_label(month)}: {provisional_words(None)}", False)
    return status


def _status_sentence(sentence: str, status: FigureStatus, indicator: Indicator) -> str:
    """The panel sentence, saying when this month had no cases, or its figure is provisional or incomplete."""
    if not status.has_value:
        return f"{indicator.panel_title}: {status.words}."
    if status.words:
        return f"{sentence} This figure is {status.words}."
    return sentence


def _sentence(row: PanelRow, months: pd.DataFrame, month: str, year_ago: str, benchmark, limit: int) -> str:
    """panel_sentence, but with the month and year-ago figures as the suppressed series shows them
    (a month can stay hidden from when it was signed off, not only for its own sake)."""
    hidden_now = month in months.index and bool(months.loc[month, "suppressed"])
    hidden_before = year_ago in months.index and bool(months.loc[year_ago, "suppressed"])
    if hidden_now:
        return (
            f"{row.indicator.panel_title}, {month_label(month)}: not shown, because it could reveal a number of "
            f"children from 1 to {limit}."
        )
    last_year = NONE if hidden_before else row.last_year
    return panel_sentence(PanelRow(**{**row.__dict__, "last_year": last_year}), limit, benchmark)


def _table_row(item: PanelItem, month: str) -> dict:
    indicator = item.indicator
    benchmark = item.benchmark
    england = neighbours = "none published"
    if benchmark is not None:
        c = benchmark.comparison
        year = f" ({c.year_label})"
        england = (shown_value(c.england, indicator.unit) + year) if c.england is not None else "not published"
        if c.neighbours_mean is not None:
            neighbours = shown_value(c.neighbours_mean, indicator.unit) + year
    return {
        "Indicator": indicator.panel_title,
        month_label(month): _with_status(_value(item.month), item.status),
        "Quarter (3 months pooled)": _quarter(item.quarter, quarter_label(month)),
        "A year earlier": _value(item.last_year),
        "Last panel": item.last_meeting or "not signed off yet",
        "Target": "none" if indicator.target is None else shown_value(indicator.target, indicator.unit),
        "England": england,
        "Statistical neighbours": neighbours,
        "Change over time": item.signal,
    }


def _value(figure: pd.Series | None, with_label: str = "") -> str:
    if figure is None:
        return "no figure"
    text = figure["shown_value"]
    if figure["shown_denominator"] not in ("", None, "c") and figure["shown_numerator"] != "c" and text != "c":
        text += f" ({figure['shown_numerator']} of {figure['shown_denominator']})"
    return f"{text}, {with_label}" if with_label else text


def _with_status(text: str, status: FigureStatus | None) -> str:
    """The month's cell: 'no cases in March 2026' where the figure would be, or the figure and what it is."""
    if status is None or status.kind == COMPLETE:
        return text
    if not status.has_value or text == "no figure":
        return status.words
    return f"{text} ({status.words})"


def _quarter(figure: pd.Series | None, label: str) -> str:
    """A pooled quarter sums child-months, not children, so only its rate is shown."""
    return "no figure" if figure is None else f"{figure['shown_value']}, {label}"


SIGNALS = {
    "common": "No real change: the ups and downs are normal",
    "improvement": "Getting better",
    "concern": "Getting worse",
    "neither": "Changing (neither direction is better)",
}


def panel_signal(spc: pd.DataFrame, polarity: str) -> str:
    """The SPC signal of the latest month in plain words."""
    points = spc.dropna(subset=["value"]) if len(spc) else spc
    if len(points) < 2:
        return "Too few months to say"
    words = SIGNALS[points["variation"].iloc[-1]]
    return words + (" (fewer than 12 months: a first look)" if points["too_short"].iloc[-1] else "")


def _last_meeting(signed: pd.DataFrame, indicator: Indicator, breakdown: str, limit: int, months) -> str:
    """The figure signed off most recently for this indicator, exactly as the panel was shown it then."""
    if signed.empty:
        return ""
    mine = signed[(signed["code"] == indicator.code) & (signed["breakdown"] == breakdown)]
    if mine.empty:
        return ""
    latest = mine.sort_values(["sign_off_id"]).iloc[-1]
    return f"{_shown_then(latest, months)} ({month_label(latest['month'])}, {latest['meeting']})"


def _shown_then(signed: pd.Series, months: pd.DataFrame) -> str:
    """A signed figure's value as the panel read it at that meeting: as recorded at sign-off; for a
    sign-off from before that was recorded, as the month reads now if unchanged, else hidden (suppressed
    alone it could differ from what the meeting saw, and pin a month hidden with its quarter then)."""
    recorded = signed.get("shown_value")
    if isinstance(recorded, str) and recorded:
        return recorded
    month = signed["month"]
    if month in months.index:
        now = months.loc[month]
        if now["numerator"] == signed["numerator"] and now["denominator"] == signed["denominator"]:
            return now["shown_value"]
    return "c"


def _revision(signed: pd.DataFrame, indicator: Indicator, breakdown: str, month: str, months, limit: int) -> str:
    """'Revised from 61.0% to 64.0% after later data': never with a hidden figure on either side."""
    if signed.empty:
        return ""
    mine = signed[(signed["code"] == indicator.code) & (signed["breakdown"] == breakdown)]
    mine = mine[mine["month"] == month]
    if mine.empty:
        return ""
    then = mine.sort_values("sign_off_id").iloc[-1]
    if month not in months.index:
        return f"Withdrawn since it was signed off for {then['meeting']}: there is no figure for this month now."
    now = months.loc[month]
    before = _shown_then(then, months)
    if before == now["shown_value"] and before != "c" and not now["suppressed"]:
        return ""
    if before == "c" or now["suppressed"]:
        if then["numerator"] == now["numerator"] and then["denominator"] == now["denominator"]:
            return ""
        meeting = then["meeting"]
        return f"Revised after later data since it was signed off for {meeting} (figures not shown: small numbers)."
    return f"Revised from {before} to {now['shown_value']} after later data (signed off for {then['meeting']})."


def _as_at(data: Figures, month: str) -> str:
    chosen = data.figures[data.figures["month"] == month]
    batches = {int(b) for text in chosen["source_batches"] for b in str(text).split(",") if b.strip().isdigit()}
    dates = [data.extract_dates[b] for b in batches if b in data.extract_dates and pd.notna(data.extract_dates[b])]
    if not dates:
        return f"{month_label(month)} figures"
    return f"{max(dates).strftime('%-d %B %Y')} ({month_label(month)} figures)"


@cache
def glossary() -> list[tuple[str, str]]:
    """The panel's words in plain English (reference/glossary.yaml)."""
    raw = yaml.safe_load((REFERENCE / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    return [(term["term"], term["meaning"]) for term in raw]


# --- the easy-read page for young people on the panel


@dataclass(frozen=True)
class EasyFigure:
    title: str
    big: str  # the number, or "Not shown"
    words: str  # two or three short sentences


def easy_read(view: PanelView) -> list[EasyFigure]:
    """The figures marked `easy_read` in the catalogue, in short sentences, suppressed as everywhere."""
    out = []
    for _, items in view.priorities:
        for item in items:
            title = item.indicator.panel_field("easy_read")
            if title:
                out.append(_easy(title, item, view.month))
    return out


def _easy(title: str, item: PanelItem, month: str) -> EasyFigure:
    figure, before = item.month, item.last_year
    if figure is None:
        return EasyFigure(title, "No figure yet", f"We do not have this number for {month_label(month)} yet.")
    if item.status is not None and item.status.kind == NO_CASES:
        return EasyFigure(title, "No one to count", f"There was no one to count in {month_label(month)}.")
    if item.status is not None and not item.status.has_value:  # every case still not yet due
        return EasyFigure(title, "No figure yet", f"We do not have this number for {month_label(month)} yet.")
    if figure["suppressed"]:
        return EasyFigure(
            title, "Not shown", "We have not shown this number. It is small, so it could identify someone."
        )
    per_100 = round_half_up(float(figure["value"]), 0)
    words = f"In {month_label(month)}, about {per_100:.0f} in every 100."
    if before is not None and not before["suppressed"]:
        then = round_half_up(float(before["value"]), 0)
        words += f" A year before, it was about {then:.0f} in every 100."
    target, polarity = item.indicator.target, item.indicator.polarity
    if target is not None and polarity in DIRECTED:
        aim = round_half_up(float(target), 0)
        words += f" Our aim is {'at least' if polarity == 'higher' else 'no more than'} {aim:.0f} in every 100."
    return EasyFigure(title, figure["shown_value"], words)
