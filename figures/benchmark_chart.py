"""An authority against England, its region and its statistical neighbours, year by year, as a Plotly
figure, and the sentence that says the same in words. Never renders: pages decide where it goes.

Each line differs in colour, marker shape AND dash style (never colour alone), with colours from
figures/theme.py, each at least 3:1 against the background (tests/benchmarks check it).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from core.text import plotly_text
from figures.theme import COLOURS, line_chart_layout
from metrics.benchmarks import Comparison
from metrics.units import DIRECTED

# (frame column, theme colour, marker, dash, width); the authority is the heaviest line.
SERIES_STYLE = {
    "authority": ("value", "circle", "solid", 3),
    "england": ("neither", "square", "dash", 2),
    "region": ("target", "diamond", "dot", 2),
    "neighbours_mean": ("improvement", "triangle-up", "dashdot", 2),
}
NEIGHBOURS_LABEL = "Statistical neighbours (mean)"
ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}

Shown = Callable[[float | None, str], str]


def benchmark_figure(frame: pd.DataFrame, title: str, unit: str, authority_name: str, region_name: str) -> go.Figure:
    """Lines for the authority, England, its region and its neighbours' mean, one point per year.

    `frame` is workflows.benchmarks.benchmark_series: year_label plus authority, england, region and
    neighbours_mean (NaN where not published: a gap, never a zero).
    """
    names = {
        "authority": plotly_text(authority_name or "This authority"),  # names come from published files
        "england": "England",
        "region": plotly_text(region_name or "Region"),
        "neighbours_mean": NEIGHBOURS_LABEL,
    }
    figure = go.Figure()
    for column, (colour, marker, dash, width) in SERIES_STYLE.items():
        if column not in frame or frame[column].isna().all():
            continue
        figure.add_trace(
            go.Scatter(
                x=frame["year_label"].map(plotly_text),
                y=frame[column],
                mode="lines+markers",
                name=names[column],
                line=dict(color=COLOURS[colour], dash=dash, width=width),
                marker=dict(symbol=marker, size=9 if column == "authority" else 8, color=COLOURS[colour]),
                connectgaps=False,
            )
        )
    figure.update_layout(**line_chart_layout(title, unit, "Year"))
    return figure


def ordinal(number: int) -> str:
    """1 -> '1st', 22 -> '22nd', 111 -> '111th'."""
    suffix = "th" if 10 <= number % 100 <= 20 else ORDINAL_SUFFIX.get(number % 10, "th")
    return f"{number}{suffix}"


def benchmark_sentence(
    comparison: Comparison,
    title: str,
    unit: str,
    polarity: str,
    shown: Shown,
    year_text: str,
    meaning: Callable[[str | None], str],
    authority_name: str = "",
) -> str:
    """One paragraph: the authority's published figure in the year, against England, region, neighbours,
    then its rank and quartile where the polarity allows. `shown(value, unit)` formats figures the way
    the dashboard does; `meaning(symbol)` puts a DfE symbol into words."""
    c = comparison
    name = (authority_name if c.joint else c.area_name) or authority_name or c.area_name or "This authority"
    if c.value is not None:
        opening = f"{title}, {year_text}: {name} {shown(c.value, unit)}"
    elif c.symbol:
        opening = f"{title}, {year_text}: {name}'s figure is not published ({c.symbol}: {meaning(c.symbol)})"
    else:
        opening = f"{title}, {year_text}: {name} has no published figure"
    if c.joint:
        opening += " (published jointly for " + c.area_name + ")"
    parts = [f"England {_figure(c.england, c.england_symbol, unit, shown)}"]
    if c.region_name:
        parts.append(f"{c.region_name} {_figure(c.region, c.region_symbol, unit, shown)}")
    if not c.neighbours_total:
        parts.append("no statistical neighbours are listed for this authority")
    else:
        if c.neighbours_mean is None:
            parts.append(f"statistical neighbours: none of {c.neighbours_total} has a published figure")
        else:
            parts.append(
                f"statistical neighbours {shown(c.neighbours_mean, unit)} (mean of the {c.neighbours_with_values} "
                f"of {c.neighbours_total} with a published figure)"
            )
    sentence = f"{opening}; " + ", ".join(parts) + "."
    if polarity not in DIRECTED:
        return sentence + " Not ranked: neither a higher nor a lower figure is better."
    better = "higher" if polarity == "higher" else "lower"
    if c.rank is None:
        return sentence + f" Not ranked this year ({better} is better; {c.ranked} authorities have a figure)."
    return sentence + (
        f" Ranked {ordinal(c.rank)} of {c.ranked} authorities ({better} is better; 1st is best), "
        f"quartile {c.quartile} of 4 (1 = best quarter)."
    )


def _figure(value: float | None, symbol: str | None, unit: str, shown: Shown) -> str:
    if value is not None:
        return shown(value, unit)
    return f"not published ({symbol})" if symbol else "no figure"
