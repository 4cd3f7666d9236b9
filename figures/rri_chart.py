"""The relative rate index of each ethnic group against White British children, with its 95% confidence
interval, as a forest plot: one row per group, a point at the RRI, a line across its interval, and a
dashed line at 1 (as likely as White British children). The x axis is logarithmic, so 0.5 and 2 sit the
same distance either side of 1. Each point carries its numbers as text, so nothing depends on colour;
the page shows the same numbers as a table beside it. Never renders: pages decide where it goes.

Takes one row per group: label, rri, low, high (low and high NaN: no interval, drawn without a line;
rri NaN: not drawn, named on the axis with 'no rate').
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from core.text import plotly_text
from figures.theme import BACKGROUND, BAR_HEIGHT, COLOURS, FONT, GRID, TEXT

NO_RATE = "no rate"
TICKS = (0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10)  # labelled as written, never 2 for 0.2
MARGIN = 160


def rri_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """The forest plot of one measure's groups (see the module's doc)."""
    rows = frame.assign(label=frame["label"].map(plotly_text)).iloc[::-1]  # first group at the top
    drawn = rows.dropna(subset=["rri"])
    drawn = drawn[drawn["rri"] > 0]  # a rate of 0 has no place on a log axis: its text says so
    figure = go.Figure()
    for row in drawn.itertuples():
        if pd.notna(row.low) and pd.notna(row.high):
            figure.add_trace(
                go.Scatter(
                    x=[row.low, row.high],
                    y=[row.label, row.label],
                    mode="lines",
                    line=dict(color=COLOURS["value"], width=2),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    texts = [_text(row) for row in drawn.itertuples()]
    figure.add_trace(
        go.Scatter(
            x=drawn["rri"],
            y=drawn["label"],
            mode="markers+text",
            marker=dict(color=COLOURS["value"], size=11, symbol="square"),
            text=texts,
            textposition="top center",
            textfont=dict(color=TEXT),
            hovertext=texts,
            hoverinfo="text",
            showlegend=False,
        )
    )
    for row in rows[rows["rri"].isna() | (rows["rri"] <= 0)].itertuples():
        figure.add_annotation(x=0, y=row.label, xref="paper", text=NO_RATE, showarrow=False, xanchor="left")
    figure.add_vline(x=1, line=dict(color=COLOURS["target"], dash="dash", width=2))
    values = [v for v in (*drawn["rri"], *drawn["low"].dropna(), *drawn["high"].dropna()) if v > 0]
    low, high = min([*values, 1.0]), max([*values, 1.0])
    figure.update_layout(
        title=dict(text=plotly_text(title), font=dict(size=16)),
        font=FONT,
        plot_bgcolor=BACKGROUND,
        paper_bgcolor=BACKGROUND,
        height=MARGIN + BAR_HEIGHT * max(len(rows), 1) * 1.5,
        margin=dict(l=10, r=30, t=60, b=60),
        xaxis=dict(
            type="log",
            range=[math.log10(low / 1.3), math.log10(high * 1.3)],
            title="Times as likely as White British children (log scale; dashed line: as likely)",
            gridcolor=GRID,
            tickvals=[t for t in TICKS if low / 1.3 <= t <= high * 1.3],
            ticktext=[f"{t:g}" for t in TICKS if low / 1.3 <= t <= high * 1.3],
        ),
        yaxis=dict(automargin=True, categoryorder="array", categoryarray=list(rows["label"])),
    )
    return figure


def _text(row) -> str:
    if pd.notna(row.low) and pd.notna(row.high):
        return f"{row.rri:.2f} (95% CI {row.low:.2f} to {row.high:.2f})"
    return f"{row.rri:.2f}"
