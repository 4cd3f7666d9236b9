"""One indicator broken down by team (or cohort, age band ...) as horizontal bars, and its sentence.

Takes one row per group: label, value, numerator, denominator (NaN value = no data for that group,
drawn as a labelled gap, never a zero bar). Bars are sorted largest at the top and carry their value as
text, so reading them never depends on colour; with a target and a better direction, bars that miss it
are hatched as well as coloured. Never renders: pages decide where the figure goes.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.text import plotly_text
from figures.theme import (
    BACKGROUND,
    BAR_HEIGHT,
    COLOURS,
    FONT,
    GRID,
    LEGEND_BELOW,
    PATTERNS,
    TEXT,
    chart_number,
    plain_number,
    sums_text,
)
from metrics.units import DIRECTED, PER_HUNDRED, POLARITIES, unit_title

NO_DATA = "no data"
LEGEND_ROOM = 50  # px added below the axis title when the legend is shown
MEETS, MISSES = "Meets the target", "Does not meet the target"


def meets_target(value: float, target: float, polarity: str) -> bool:
    """Higher is better: value >= target; lower is better: value <= target."""
    if polarity not in DIRECTED:
        raise ValueError(f"meeting a target needs polarity 'higher' or 'lower', not {polarity!r}")
    return value >= target if polarity == "higher" else value <= target


def breakdown_figure(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    target: float | None = None,
    polarity: str = "neither",
) -> go.Figure:
    """Horizontal bars, largest at the top, each labelled with its value (and its sums for a rate), a
    dashed target line, and groups with no data named on the axis with 'no data' where the bar would be."""
    _check_polarity(polarity)
    figure = go.Figure()
    rows = _sorted(frame)
    rows = rows.assign(label=rows["label"].map(plotly_text))  # team names are data, not markup
    shown = rows.dropna(subset=["value"])
    missing = rows[rows["value"].isna()]
    judged = target is not None and polarity != "neither"
    groups = [(MEETS, "improvement", "meets"), (MISSES, "concern", "misses")] if judged else [("Value", "bar", "meets")]
    for name, colour, pattern in groups:
        if judged:
            keep = [meets_target(v, target, polarity) == (name == MEETS) for v in shown["value"]]
            part = shown[keep]
        else:
            part = shown
        if part.empty:
            continue
        texts = [_bar_text(row, unit) for row in part.itertuples()]
        for label, value, text in zip(part["label"], part["value"], texts, strict=True):
            figure.add_annotation(
                x=value,
                y=label,
                text=text,
                showarrow=False,
                xanchor="left",
                xshift=4,
                bgcolor=BACKGROUND,
                font=dict(color=TEXT),
                name="value label",
            )
        figure.add_trace(
            go.Bar(
                x=part["value"],
                y=part["label"],
                orientation="h",
                name=name,
                marker=dict(
                    color=COLOURS[colour],
                    line=dict(color=COLOURS[colour], width=1),
                    pattern=dict(shape=PATTERNS[pattern], fgcolor=BACKGROUND, solidity=0.3),
                ),
                text=texts,
                textposition="none",  # drawn as annotations below, on white, so the target line never crosses them
                customdata=[_hover(row, unit) for row in part.itertuples()],
                hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
                showlegend=judged,
            )
        )
    if not missing.empty:
        figure.add_trace(  # keeps the group on the axis and gives it a hover; no bar, so no zero
            go.Scatter(
                x=[0] * len(missing),
                y=missing["label"],
                mode="markers",
                marker=dict(opacity=0, size=FONT["size"]),
                name=NO_DATA,
                hovertemplate="<b>%{y}</b><br>no data for this group<extra></extra>",
                showlegend=False,
            )
        )
        for label in missing["label"]:
            figure.add_annotation(
                x=0, y=label, text=NO_DATA, showarrow=False, xanchor="left", xshift=6, font=dict(color=TEXT)
            )
    if target is not None:
        figure.add_vline(
            x=target,
            line=dict(color=COLOURS["target"], dash="dash", width=2),
            annotation_text=f"Target {_target_text(target, unit)}",
            annotation_position="top",
            annotation_font=dict(color=TEXT),
        )
    if rows.empty:
        figure.add_annotation(text="No breakdown figures", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    top = max([*shown["value"].tolist(), target or 0, 0])
    margin = dict(l=20, r=30, t=80, b=60 + (LEGEND_ROOM if judged else 0))
    height = margin["t"] + margin["b"] + BAR_HEIGHT * max(len(rows), 2)
    figure.update_layout(
        title=dict(text=plotly_text(title)),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        barmode="overlay",
        bargap=0.35,
        height=height,
        xaxis=dict(
            title=dict(text=_axis_title(unit)),
            gridcolor=GRID,
            range=[0, top * 1.35 if top > 0 else 1],  # room for the text beside the longest bar
            zeroline=True,
            zerolinecolor=TEXT,
        ),
        yaxis=dict(
            categoryorder="array",
            categoryarray=rows["label"].tolist()[::-1],  # plotly draws the first category at the bottom
            automargin=True,
            ticklabelstandoff=8,
        ),
        legend=dict(
            orientation="h", yanchor="top", y=-LEGEND_BELOW / (height - margin["t"] - margin["b"]), x=0, xanchor="left"
        ),
        margin=margin,
    )
    return figure


def breakdown_sentence(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    target: float | None,
    shown,
    by: str = "team",
    polarity: str = "neither",
) -> str:
    """One sentence: highest and lowest groups and, with a target and a better direction, how many miss it.

    `shown(value, unit)` formats a figure the way the rest of the dashboard does.
    """
    _check_polarity(polarity)
    noun = by.replace("_", " ")
    nouns = noun + "s"
    if frame.empty:
        return f"{title}: no breakdown figures."
    points = frame.dropna(subset=["value"])
    if points.empty:
        return f"{title}: no breakdown figures; none of the {_count(len(frame), noun, nouns)} has data."
    opening = f"By {noun}, "
    if len(points) == 1:
        only = points.iloc[0]
        sentence = f"{opening}{only['label']} is the only {noun} with figures, at {shown(only['value'], unit)}"
    else:
        highest = points[points["value"] == points["value"].max()]
        lowest = points[points["value"] == points["value"].min()]
        if len(highest) == len(points):
            sentence = f"{opening}all {len(points)} {nouns} are at {shown(highest['value'].iloc[0], unit)}"
        else:
            sentence = (
                f"{opening}{_names(highest)} {_is(highest)} highest at {shown(highest['value'].iloc[0], unit)}"
                f" and {_names(lowest)} lowest at {shown(lowest['value'].iloc[0], unit)}"
            )
    if target is not None and polarity != "neither":
        missed = sum(not meets_target(v, target, polarity) for v in points["value"])
        goal = f"the target of {shown(target, unit)}"
        if len(points) == 1:
            sentence += f", which {'does not meet' if missed else 'meets'} {goal}"
        elif missed == 0:
            sentence += f"; all {len(points)} {nouns} meet {goal}"
        elif missed == len(points):
            sentence += f"; none of the {len(points)} {nouns} meets {goal}"
        else:
            verb = "does" if missed == 1 else "do"
            sentence += f"; {missed} of {len(points)} {nouns} {verb} not meet {goal}"
    gaps = len(frame) - len(points)
    if gaps:
        sentence += f"; {_count(gaps, noun, nouns)} {'has' if gaps == 1 else 'have'} no data"
    return sentence + "."


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, not {polarity!r}")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Largest first, then groups with no data; ties keep label order so the chart is stable."""
    rows = frame.assign(label=frame["label"].astype(str)) if len(frame) else frame.assign(label=[])
    return rows.sort_values(["value", "label"], ascending=[False, True], na_position="last", kind="stable")


def _bar_text(row, unit: str) -> str:
    value = chart_number(row.value, unit)
    sums = sums_text(row.numerator, row.denominator, unit) if unit in PER_HUNDRED else ""
    return f"{value} ({sums})" if sums else value


def _hover(row, unit: str) -> str:
    lines = [f"{_axis_title(unit)}: {chart_number(row.value, unit)}"]
    if unit != "count":
        lines += [f"Numerator: {plain_number(row.numerator)}", f"Denominator: {plain_number(row.denominator)}"]
    return "<br>".join(lines)


def _axis_title(unit: str) -> str:
    return unit_title(unit)


def _target_text(target: float, unit: str) -> str:
    return f"{target:g}%" if unit == "%" else f"{target:g}"


def _names(rows: pd.DataFrame) -> str:
    names = rows["label"].astype(str).tolist()
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _is(rows: pd.DataFrame) -> str:
    return "is" if len(rows) == 1 else "are"


def _count(n: int, noun: str, nouns: str) -> str:
    return f"{n} {noun if n == 1 else nouns}"
