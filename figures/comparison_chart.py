"""Several authorities' monthly values of one indicator, one line each (issue 18's side-by-side comparison).

Never renders: pages decide where it goes. Lines differ in colour, marker shape AND dash style, so up to
twenty authorities stay apart in greyscale and for colour-blind readers; every colour comes from
figures/theme.py (each at least 3:1 against the background). The page shows the same values as a table.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.text import plotly_text
from figures.theme import COLOURS, line_chart_layout

LINE_COLOURS = ("value", "improvement", "concern", "neither", "target", "bar")
MARKER_SHAPES = ("circle", "square", "diamond", "triangle-up", "x", "star", "triangle-down", "pentagon", "cross")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")


def line_style(position: int) -> tuple[str, str, str]:
    """(colour, marker, dash) of the line in `position`; no two of the first 45 share all three."""
    return (
        COLOURS[LINE_COLOURS[position % len(LINE_COLOURS)]],
        MARKER_SHAPES[position % len(MARKER_SHAPES)],
        DASHES[position % len(DASHES)],
    )


def authorities_figure(frame: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """`frame`: Month, then one column per authority (NaN where it has no figure: a gap, never a zero)."""
    figure = go.Figure()
    for position, name in enumerate(frame.columns[1:]):
        colour, marker, dash = line_style(position)
        figure.add_trace(
            go.Scatter(
                x=frame["Month"],
                y=frame[name],
                mode="lines+markers",
                name=plotly_text(str(name)),
                line=dict(color=colour, dash=dash, width=3 if position == 0 else 2),
                marker=dict(symbol=marker, size=9 if position == 0 else 8, color=colour),
                connectgaps=False,
            )
        )
    figure.update_layout(**line_chart_layout(title, unit, "Month"))
    return figure
