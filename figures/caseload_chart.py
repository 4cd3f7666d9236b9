"""Each case-holding worker's caseload, one row per team, and the sentence that describes it.

Takes the frame metrics.workforce.caseload_distribution returns (team, worker_id, caseload). An average
caseload hides the few workers with far too many children; this chart shows every worker as a point.
Workers over the threshold differ in marker shape as well as colour. Equal caseloads in a team are
stacked with a small fixed vertical offset (no random jitter, so the chart is the same every time).
Blank caseloads are left out of the chart and counted in the sentence. Never renders.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.text import plotly_text
from figures.theme import BACKGROUND, CHART_MARGIN_HEIGHT, COLOURS, FONT, GRID, LEGEND_BELOW, MARKERS, TEXT
from metrics.units import round_half_up
from metrics.workforce import DEFAULT_CASELOAD_THRESHOLD

NO_TEAM = "team not recorded"
OVER, WITHIN = "Over the threshold", "At or under the threshold"
STACK_STEP = 0.16  # vertical distance between workers with the same caseload in a team (1 = one team row)
TEAM_ROW_HEIGHT = 60  # px: room for a stack of equal caseloads
MARGIN = dict(l=20, r=30, t=90, b=120)
STACK_SPREAD = 0.7  # the most a team's stack may span, so it never reaches the next team


def caseload_figure(
    workers: pd.DataFrame,
    threshold: float = DEFAULT_CASELOAD_THRESHOLD,
    title: str = "Caseload of each case-holding social worker, by team",
) -> go.Figure:
    """One row per team, one point per worker; workers over the threshold are orange diamonds."""
    points = _recorded(workers)
    teams = sorted(points["team"].unique().tolist())
    row = {team: number for number, team in enumerate(teams)}
    points = points.assign(position=points["team"].map(row).astype("float64") + _offsets(points))
    figure = go.Figure()
    for name, over in ((WITHIN, False), (OVER, True)):
        part = points[(points["caseload"] > threshold) == over]
        if part.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=part["caseload"],
                y=part["position"],
                mode="markers",
                name=name,
                marker=dict(
                    symbol=MARKERS["concern" if over else "common"],
                    size=12 if over else 9,
                    color=COLOURS["concern" if over else "value"],
                    line=dict(color=BACKGROUND, width=1),
                ),
                customdata=[
                    (plotly_text(w), plotly_text(t)) for w, t in zip(part["worker_id"], part["team"], strict=True)
                ],
                hovertemplate="Worker %{customdata[0]}<br>%{customdata[1]}<br>Caseload: %{x:,.0f} children"
                "<extra></extra>",
            )
        )
    figure.add_vline(x=threshold, line=dict(color=COLOURS["target"], dash="dash", width=2))
    figure.add_annotation(  # above the plot area, so it never sits on a team's points
        x=threshold,
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor="center",
        showarrow=False,
        text=f"Over {threshold:g} = more than {threshold:g} children",
        font=dict(color=COLOURS["target"]),
        name="threshold",
    )
    if points.empty:
        figure.add_annotation(
            text="No caseloads recorded for this month", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
        )
    highest = max([*points["caseload"].tolist(), threshold])
    height = CHART_MARGIN_HEIGHT + 60 + TEAM_ROW_HEIGHT * max(len(teams), 2)
    plot_height = height - MARGIN["t"] - MARGIN["b"]
    figure.update_layout(
        title=dict(text=plotly_text(title)),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        height=height,
        xaxis=dict(
            title=dict(text="Children allocated (caseload)"),
            gridcolor=GRID,
            range=[0, highest * 1.1 + 1],
            zeroline=True,
            zerolinecolor=TEXT,
        ),
        yaxis=dict(
            tickmode="array",
            tickvals=list(range(len(teams))),
            ticktext=[plotly_text(team) for team in teams],
            range=[len(teams) - 0.5, -0.5] if teams else None,  # first team at the top
            showgrid=True,
            gridcolor=GRID,
            zeroline=False,
            automargin=True,
            ticklabelstandoff=8,
        ),
        legend=dict(orientation="h", yanchor="top", y=-LEGEND_BELOW / plot_height, x=0, xanchor="left"),
        margin=MARGIN,
    )
    return figure


def caseload_sentence(workers: pd.DataFrame, threshold: float, month_text: str) -> str:
    """How many case-holding workers hold more than the threshold, and the team with most of them."""
    points = _recorded(workers)
    blank = len(workers) - len(points)
    left_out = f" {blank} caseload{'s were' if blank != 1 else ' was'} not recorded." if blank else ""
    if points.empty:
        if blank:
            return f"In {month_text}, no caseloads were recorded for the {blank} case-holding social workers."
        return f"In {month_text}, there are no case-holding social workers' caseloads to show."
    over = points[points["caseload"] > threshold]
    total = len(points)
    workers_text = f"case-holding social worker{'s' if total != 1 else ''}"
    limit = f"more than {threshold:g} children"
    if over.empty:
        return f"In {month_text}, none of {total} {workers_text} held {limit}.{left_out}"
    share = round_half_up(100 * len(over) / total, 1)
    sentence = f"In {month_text}, {len(over)} of {total} {workers_text} ({share:.1f}%) held {limit}"
    by_team = over.groupby("team").size()
    top = by_team[by_team == by_team.max()].sort_index()
    names = " and ".join([", ".join(top.index[:-1]), top.index[-1]]) if len(top) > 1 else top.index[0]
    if len(over) == 1:
        sentence += f", in {names}"
    elif len(by_team) == 1:
        sentence += f", all in {names}"
    elif len(top) > 1:
        sentence += f"; the most in {names} ({top.iloc[0]} each)"
    elif top.iloc[0] * 2 > len(over):
        sentence += f"; most of them in {names} ({top.iloc[0]})"
    else:
        sentence += f"; the most in {names} ({top.iloc[0]})"
    return f"{sentence}.{left_out}"


def _recorded(workers: pd.DataFrame) -> pd.DataFrame:
    """Workers with a caseload, team blank filled in words; numbers as floats."""
    caseload = pd.to_numeric(workers["caseload"], errors="coerce").astype("float64") if len(workers) else []
    team = workers["team"].astype("string").fillna(NO_TEAM).astype(str) if len(workers) else []
    frame = pd.DataFrame(
        {
            "team": team,
            "worker_id": workers["worker_id"] if len(workers) else [],
            "caseload": caseload,
        }
    )
    return frame.dropna(subset=["caseload"]).sort_values(["team", "caseload", "worker_id"], kind="stable")


def _offsets(points: pd.DataFrame) -> pd.Series:
    """Workers sharing a team and a caseload are stacked around the team's line, in worker_id order."""
    offsets = pd.Series(0.0, index=points.index)
    for _, group in points.groupby(["team", "caseload"]):
        n = len(group)
        if n > 1:
            step = min(STACK_STEP, STACK_SPREAD / (n - 1))
            offsets[group.index] = [(k - (n - 1) / 2) * step for k in range(n)]
    return offsets
