"""The SPC chart of one indicator as a Plotly figure, and the sentence that describes it.

Takes the frame metrics.spc.xmr returns (one computation feeds chart, table and words, so they cannot
disagree) and never renders: pages decide where the figure goes. The sentence is the chart's alt text
and the first line under it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.dates import month_label, shift_month, short_month_label
from core.text import plotly_text
from figures.theme import BACKGROUND, COLOURS, FONT, GRID, MARKERS, TEXT, chart_number, month_axis, sums_text
from metrics.figure_status import INCOMPLETE, NO_CASES, PROVISIONAL
from metrics.units import UNIT_TITLES

ROLLING_NOTE = "Rolling {window} months (numerators and denominators pooled); no control limits on overlapping windows"


def spc_figure(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    target: float | None = None,
    change_reasons: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
    flagged: pd.DataFrame | None = None,
) -> go.Figure:
    """Points, mean, natural process limits, target, special-cause marks and change points with reasons.

    Change points are where the frame's segment changes (the limits restart there), so the chart can
    never show a change point the computation did not use; `change_reasons` only labels them.
    `annotations` ('YYYY-MM' -> short text, e.g. an agreed action) are arrows pointing at that month's
    point; months outside the chart are left out. `flagged` (indexed 'YYYY-MM': kind, value, words, from
    metrics.figure_status) draws provisional and incomplete points in their own open marker, with why in
    the hover and the legend, and writes "no cases" (or "not yet due") at the foot of months with no point.
    """
    months = [pd.Period(m, freq="M").to_timestamp() for m in frame.index]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=months,
            y=frame["value"],
            mode="lines+markers",
            name="Value",
            line=dict(color=COLOURS["value"], width=2),
            marker=dict(symbol=MARKERS["common"], size=7, color=COLOURS["value"]),
            connectgaps=False,  # a month with no data is a gap, not a zero
            customdata=[chart_number(v, unit) for v in frame["value"]],
            hovertemplate="%{x|%B %Y}: %{customdata}<extra></extra>",
        )
    )
    for column, name, dash in (("mean", "Mean", "solid"), ("lower_limit", "Lower limit", "dot")):
        figure.add_trace(_line(months, frame[column], name, dash, COLOURS["mean" if column == "mean" else "limit"]))
    figure.add_trace(_line(months, frame["upper_limit"], "Upper limit", "dot", COLOURS["limit"]))
    for variation in ("improvement", "concern", "neither"):
        marked = frame["special_cause"] & (frame["variation"] == variation)
        if marked.any():
            figure.add_trace(
                go.Scatter(
                    x=[m for m, keep in zip(months, marked, strict=True) if keep],
                    y=frame.loc[marked, "value"],
                    mode="markers",
                    name=f"Special cause: {variation}",
                    marker=dict(symbol=MARKERS[variation], size=12, color=COLOURS[variation]),
                    hovertext=frame.loc[marked, "rule"],
                )
            )
    if target is not None:
        figure.add_hline(
            y=target,
            line=dict(color=COLOURS["target"], dash="dash", width=2),
            annotation_text=f"Target {target:g}",
            annotation_position="top left",
        )
    starts = frame.index[frame["segment"].ne(frame["segment"].shift()) & (frame["segment"] > 0)]
    for month in starts:
        reason = (change_reasons or {}).get(month, "Change point")
        figure.add_vline(x=pd.Period(month, freq="M").to_timestamp(), line=dict(color=COLOURS["change_point"]))
        figure.add_annotation(
            x=pd.Period(month, freq="M").to_timestamp(),
            y=1,
            yref="paper",
            text=plotly_text(reason),
            showarrow=False,
            yanchor="bottom",
        )
    _add_annotations(figure, frame, annotations or {})
    _add_flagged(figure, flagged, unit)
    figure.update_layout(
        title=dict(text=plotly_text(title)),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        yaxis=dict(title=dict(text=UNIT_WORDS.get(unit, unit)), gridcolor=GRID, rangemode=_range_mode(unit)),
        xaxis=month_axis(months),
        legend=dict(orientation="h", y=-0.2),
        margin=dict(l=60, r=20, t=60, b=60),
    )
    return figure


def _add_flagged(figure: go.Figure, flagged: pd.DataFrame | None, unit: str) -> None:
    """Provisional and incomplete points as their own traces (shape, not colour alone); no-cases months as text."""
    if flagged is None or flagged.empty:
        return
    for kind in (PROVISIONAL, INCOMPLETE):
        chosen = flagged[(flagged["kind"] == kind) & flagged["value"].notna()]
        if chosen.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=[pd.Period(m, freq="M").to_timestamp() for m in chosen.index],
                y=chosen["value"],
                mode="markers",
                name=f"{kind.capitalize()} (hover for why)",
                marker=dict(symbol=MARKERS[kind], size=13, color=COLOURS["value"], line=dict(width=2)),
                customdata=[
                    f"{chart_number(v, unit)}, {plotly_text(w)}"
                    for v, w in zip(chosen["value"], chosen["words"], strict=True)
                ],
                hovertemplate="%{x|%B %Y}: %{customdata}<extra></extra>",
            )
        )
    for month, row in flagged[flagged["value"].isna()].iterrows():  # no point: the words stand in its place
        figure.add_annotation(
            x=pd.Period(month, freq="M").to_timestamp(),
            y=0,
            yref="paper",
            text="no cases" if row["kind"] == NO_CASES else "not yet due",
            hovertext=plotly_text(row["words"]),
            showarrow=False,
            yanchor="bottom",
            textangle=-90,
            name="no cases",
        )


def _add_annotations(figure: go.Figure, frame: pd.DataFrame, annotations: dict[str, str]) -> None:
    """An arrow onto each annotated month's point (onto the axis when the month is a gap), labels
    alternating in height so neighbouring months do not overlap."""
    for number, month in enumerate(sorted(m for m in annotations if m in frame.index)):
        value = frame.loc[month, "value"]
        figure.add_annotation(
            x=pd.Period(month, freq="M").to_timestamp(),
            y=0 if pd.isna(value) else value,
            text=plotly_text(annotations[month]),
            showarrow=True,
            arrowhead=2,
            arrowsize=1,
            arrowwidth=1.5,
            arrowcolor=COLOURS["action"],
            ax=0,
            ay=-45 if number % 2 == 0 else -75,
            font=dict(color=COLOURS["action"], size=FONT["size"] - 2),
            bgcolor=BACKGROUND,
            bordercolor=COLOURS["action"],
            borderwidth=1,
            borderpad=2,
            name="annotation",
        )


UNIT_WORDS = UNIT_TITLES  # one home for what each unit measures (metrics.units)


def _range_mode(unit: str) -> str:
    """Counts start at zero; rates and ratios scale to their points, as SPC charts do, so limits are legible."""
    return "tozero" if unit == "count" else "normal"


def _line(x, y, name: str, dash: str, colour: str) -> go.Scatter:
    return go.Scatter(x=x, y=y, mode="lines", name=name, line=dict(color=colour, dash=dash, width=1.5))


def spc_sentence(frame: pd.DataFrame, title: str, unit: str, target: float | None, shown) -> str:
    """One sentence from the same frame: the latest value, how it sits against the mean and target.

    `shown(value, unit)` formats a figure the way the rest of the dashboard does.
    """
    points = frame.dropna(subset=["value"])
    if points.empty:
        return f"{title}: no data yet."
    latest_month, latest = points.index[-1], points.iloc[-1]
    side = "above" if latest["value"] > latest["mean"] else "below" if latest["value"] < latest["mean"] else "at"
    run = 0
    for value, mean in zip(reversed(points["value"].tolist()), reversed(points["mean"].tolist()), strict=True):
        if (value > mean and side == "above") or (value < mean and side == "below"):
            run += 1
        else:
            break
    where = f"is {shown(latest['value'], unit)} in {month_label(latest_month)}"
    if side == "at":
        sentence = f"{title} {where}, at its average"
    else:
        sentence = f"{title} has been {side} its average for {run} month{'s' if run > 1 else ''}; the latest {where}"
    sentence += f", against a target of {shown(target, unit)}." if target is not None else " (no target)."
    if latest["special_cause"]:
        sentence += f" This is special cause {latest['variation']} ({latest['rule']})."
    return sentence


# --- small cohorts: the pooled rolling view


def rolling_figure(
    frame: pd.DataFrame, title: str, unit: str, target: float | None = None, window: int = 3
) -> go.Figure:
    """The metrics.spc.pooled_rolling frame as a line with markers and a target: no mean, no limits and
    no special-cause marks, because overlapping windows are not independent points and the SPC rules
    would fire on the overlap alone. The subtitle says so."""
    months = [pd.Period(m, freq="M").to_timestamp() for m in frame.index]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=months,
            y=frame["value"],
            mode="lines+markers",
            name=f"Rolling {window} months",
            line=dict(color=COLOURS["value"], width=2),
            marker=dict(symbol=MARKERS["common"], size=7, color=COLOURS["value"]),
            connectgaps=False,
            customdata=[
                _window_hover(month, window, value, numerator, denominator, unit)
                for month, value, numerator, denominator in zip(
                    frame.index, frame["value"], frame["numerator"], frame["denominator"], strict=True
                )
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    if target is not None:
        figure.add_hline(
            y=target,
            line=dict(color=COLOURS["target"], dash="dash", width=2),
            annotation_text=f"Target {target:g}{'%' if unit == '%' else ''}",
            annotation_position="top left",
            annotation_font=dict(color=TEXT),
        )
    figure.update_layout(
        title=dict(text=plotly_text(title), subtitle=dict(text=ROLLING_NOTE.format(window=window), font=dict(size=13))),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        yaxis=dict(
            title=dict(text=f"{UNIT_WORDS.get(unit, unit)}, rolling {window} months"),
            gridcolor=GRID,
            rangemode=_range_mode(unit),
        ),
        xaxis=month_axis(months),
        legend=dict(orientation="h", y=-0.2),
        margin=dict(l=60, r=20, t=90, b=60),
    )
    return figure


def _window_hover(month: str, window: int, value, numerator, denominator, unit: str) -> str:
    first = short_month_label(shift_month(month, 1 - window))
    last = short_month_label(month)
    sums = sums_text(numerator, denominator, unit)
    return f"{first} to {last}: {chart_number(value, unit)}" + (f" ({sums})" if sums and pd.notna(value) else "")


def rolling_sentence(frame: pd.DataFrame, title: str, unit: str, target: float | None, shown, window: int = 3) -> str:
    """The latest pooled window in words, with the window before it (which does not overlap) and the target.

    `shown(value, unit)` formats a figure the way the rest of the dashboard does.
    """
    points = frame.dropna(subset=["value"])
    if points.empty:
        return f"{title}: not enough months yet for a rolling {window}-month figure."
    latest_month = points.index[-1]
    sentence = f"Over the {window} months to {month_label(latest_month)}, {title} was " + _pooled(
        points.iloc[-1], unit, shown
    )
    before = shift_month(latest_month, -window)
    if before in points.index:
        sentence += f"; the {window} months before, " + _pooled(points.loc[before], unit, shown)
    sentence += f"; against a target of {shown(target, unit)}." if target is not None else " (no target)."
    return sentence


def _pooled(row: pd.Series, unit: str, shown) -> str:
    sums = sums_text(row["numerator"], row["denominator"], unit)
    return shown(row["value"], unit) + (f" ({sums})" if sums else "")
