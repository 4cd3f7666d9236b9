"""The SPC chart of one indicator as a Plotly figure, and the sentence that describes it.

Takes the frame metrics.spc.xmr returns (one computation feeds chart, table and words, so they cannot
disagree) and never renders: pages decide where the figure goes. The sentence is the chart's alt text
and the first line under it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.dates import month_label
from figures.theme import BACKGROUND, COLOURS, FONT, GRID, MARKERS


def spc_figure(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    target: float | None = None,
    change_reasons: dict[str, str] | None = None,
) -> go.Figure:
    """Points, mean, natural process limits, target, special-cause marks and change points with reasons.

    Change points are where the frame's segment changes (the limits restart there), so the chart can
    never show a change point the computation did not use; `change_reasons` only labels them.
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
            text=reason,
            showarrow=False,
            yanchor="bottom",
        )
    figure.update_layout(
        title=dict(text=title),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        yaxis=dict(title=dict(text="%" if unit == "%" else unit), gridcolor=GRID, rangemode="tozero"),
        xaxis=dict(gridcolor=GRID),
        legend=dict(orientation="h", y=-0.2),
        margin=dict(l=60, r=20, t=60, b=60),
    )
    return figure


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
