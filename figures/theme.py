"""One palette and one set of marks for every chart, defined once.

Colours are the Okabe-Ito colour-blind-safe set, darkened where needed so each reaches the WCAG 2.2
AA contrast a chart needs against the white background (3:1 for graphics; 4.5:1 for the text colour).
Status is never colour alone: special-cause points also differ in marker shape, and every chart has a
sentence and a table beside it.
"""

from __future__ import annotations

import pandas as pd

from core.text import plotly_text
from metrics.units import shown_value

BACKGROUND = "#ffffff"
TEXT = "#1f1f1f"
GRID = "#d9d9d9"

COLOURS = {
    "value": "#3d3d3d",  # the series itself: dark grey line and points
    "mean": "#3d3d3d",
    "limit": "#6b6b6b",
    "target": "#a0522d",  # dashed, sienna
    "improvement": "#0a6ebd",  # blue (Making Data Count uses blue for improvement)
    "concern": "#b35900",  # orange, darkened from Okabe-Ito #E69F00 to reach 3:1
    "neither": "#7a4f9a",  # purple
    "change_point": "#1f1f1f",
    "bar": "#4f6d8a",  # slate blue: breakdown bars when there is no target to meet or miss
    "action": "#1f1f1f",  # arrows and labels of dated agreed actions
}

MARKERS = {  # shape as well as colour, so status survives greyscale printing and colour blindness
    "common": "circle",
    "improvement": "triangle-up",
    "concern": "diamond",
    "neither": "square",
    "provisional": "circle-open-dot",  # may still change (metrics.figure_status)
    "incomplete": "circle-open",  # left out of the limits
}

PATTERNS = {  # bar fills: missing a target is hatched as well as coloured
    "meets": "",
    "misses": "/",
}

BAR_HEIGHT = 40  # px per bar or per team row, so labels never overlap
CHART_MARGIN_HEIGHT = 160  # px for title, legend and axis title around the bars
LEGEND_BELOW = 70  # px from the bottom of the plot area down to a legend, clear of the x-axis title

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color=TEXT)
GRAPHIC_CONTRAST = 3.0  # WCAG 2.2 1.4.11 non-text contrast
TEXT_CONTRAST = 4.5  # WCAG 2.2 1.4.3


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


chart_number = shown_value  # charts print figures exactly as the sentences and tables do


def sums_text(numerator: float, denominator: float, unit: str) -> str:
    """The sums behind a figure in words: '6 of 25' for a percentage, '6 in 25' per 100, '86 / 5.0' for
    a ratio; '' for a count, which has no denominator."""
    if unit == "count" or pd.isna(numerator) or pd.isna(denominator):
        return ""
    joiner = {"%": "of", "per 100": "in"}.get(unit, "/")
    return f"{plain_number(numerator)} {joiner} {plain_number(denominator)}"


def plain_number(value: float) -> str:
    """A sum as written in a sentence: 6, 1,204, 5.5 (FTE); NaN as no data."""
    if pd.isna(value):
        return "no data"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


MONTH_TICKS = ((12, 1), (24, 2), (36, 3), (72, 6))  # up to this many months shown: a tick every n months
HALF_MONTH = pd.Timedelta(days=15)


def month_axis(months: list[pd.Timestamp]) -> dict:
    """A time axis ticked on months and labelled 'Mar 2026', whatever the span.

    Left to itself Plotly ticks a short series in weeks or days, and a single point in milliseconds;
    monthly figures need month ticks (every 2, 3 or 6 months on long series so labels do not collide)
    and half a month of room either side so the first and last points are not on the edge.
    """
    if not len(months):
        return dict(type="date", gridcolor=GRID)
    first, last = min(months), max(months)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((every for most, every in MONTH_TICKS if span <= most), 12)
    return dict(
        type="date",
        tickformat="%b %Y",
        hoverformat="%B %Y",
        dtick=f"M{step}",
        tick0=first.strftime("%Y-%m-01"),
        range=[first - HALF_MONTH, last + HALF_MONTH],
        gridcolor=GRID,
    )


def line_chart_layout(title: str, unit: str, x_title: str) -> dict:
    """The layout every lines-over-time comparison shares: escaped title, unit on the y axis from 0,
    categorical x axis, legend below."""
    return dict(
        title=dict(text=plotly_text(title)),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        yaxis=dict(title=dict(text="%" if unit == "%" else unit), gridcolor=GRID, rangemode="tozero"),
        xaxis=dict(title=dict(text=x_title), type="category", gridcolor=GRID),
        legend=dict(orientation="h", y=-0.25),
        margin=dict(l=60, r=20, t=60, b=80),
    )
