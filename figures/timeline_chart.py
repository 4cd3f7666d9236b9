"""One child's timeline as a Plotly figure, and the sentence that tells the same story.

Takes the frame metrics.timeline.child_timeline returns and never renders. Lanes run top to bottom:
social workers, placements, health, care leaver (a lane is left out when the child has no such
record). Episodes are light bars with a coloured outline and a dark label in words (worker id;
placement type and distance), so the text keeps its contrast whatever the fill; single-day events are
markers that differ in shape. Nothing is told by colour alone: a placement more than 20 miles away is
hatched *and* says "over 20 miles"; an IHA's status is in its label and in the completion marker's
shape; an episode still open is drawn to the end of the latest month loaded, with an arrow and the
word "ongoing".
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from core.dates import month_bounds, month_label, shift_month
from core.text import plotly_text
from figures.theme import BACKGROUND, COLOURS, FONT, GRID, TEXT, month_axis
from metrics.care_leavers import accommodation_suitability, activity_groups
from metrics.health import IN_TIME, LATE, OVERDUE
from metrics.placements import MILES
from metrics.timeline import (
    ALLOCATION,
    CARE_LEAVER,
    HEALTH,
    PLACEMENT,
    changes_of_worker,
    placements_seen,
    social_workers_in_12_months,
)

LANES = {  # kind -> lane title, top to bottom
    ALLOCATION: "Social workers",
    PLACEMENT: "Placements",
    HEALTH: "Health",
    CARE_LEAVER: "Care leaver",
}
LANE_COLOURS = {
    ALLOCATION: COLOURS["bar"],
    PLACEMENT: COLOURS["neither"],
    HEALTH: COLOURS["improvement"],
    CARE_LEAVER: COLOURS["target"],
}
FAR_COLOUR = COLOURS["concern"]  # a placement more than 20 miles away: also hatched and said in words
FAR_PATTERN = "/"
LATE_WORDS = (LATE, OVERDUE)  # an IHA bar outlined in the concern colour; its label says which
NOT_RECORDED_PATTERN = "."
FILL_SHARE = 0.22  # bars are the lane colour mixed with this share into white, so dark labels read on them
EVENT_MARKERS = {  # single-day events: shape as well as colour
    "requested": ("triangle-up", "IHA requested"),
    "in time": ("circle", "IHA completed in time"),
    "late": ("diamond", "IHA completed late"),
    "deadline": ("line-ns", "IHA deadline (20th working day)"),
    "review": ("square", "Review health assessment"),
    "ongoing": ("arrow-right", "Ongoing at the latest data"),
}
ROW_HEIGHT = 34  # px per row of bars
LANE_GAP = 0.7  # rows of space between lanes
BAR_WIDTH = 0.62  # of a row
LEGEND_SPACE = 120  # px under the plot for the month axis and up to three lines of legend
LEGEND_BELOW_AXIS = 35  # px from the bottom of the plot to the top of the legend, clear of the month labels
CHART_MARGIN = 90 + LEGEND_SPACE  # px for title, subtitle, axis and legend
ASSUMED_PLOT_WIDTH = 900  # px: used to keep labels in one row from running into the next bar
CHARACTER_WIDTH = 7.4  # px per character of a label at the chart's label size
LABEL_SIZE = FONT["size"] - 1
POINT_LABEL = "Review"  # the words beside a review health assessment's marker
ARROW_DAYS = 6  # the "ongoing" arrow sits this far past the end of the latest month
HOVER_WIDTH = 70  # characters per line of hover text


def timeline_figure(timeline: pd.DataFrame, child_id: str, months: tuple[str, str] | None = None) -> go.Figure:
    """Lanes of episode bars and event markers for the months given (first, last), both included.

    Without `months`, from the first month any of the child's records was listed in to the latest
    month loaded (the frame's as_at_month). Episodes are cut at the window's edges (one that started
    earlier says since when); rows wholly outside it are left out, and the subtitle says how many.
    """
    first, last = months or _default_months(timeline)
    figure = go.Figure()
    if first is None or timeline.empty:
        figure.update_layout(
            title=dict(text=f"Child {plotly_text(child_id)}: no records in the months loaded"), font=FONT
        )
        return figure
    window_start, _ = month_bounds(first)
    _, window_end = month_bounds(last)
    days_per_px = max((window_end - window_start).days, 1) / ASSUMED_PLOT_WIDTH
    shown = timeline[(timeline["start"] <= window_end) & (timeline["end"].isna() | (timeline["end"] >= window_start))]
    placed = _place_rows(shown, window_start, window_end, days_per_px)
    lane_ticks, separators, height_rows = _lane_layout(placed)
    legend_seen: set[str] = set()
    for _, row in placed.iterrows():
        if row["point"]:
            _add_event(figure, row["start"], row["y"], "review", row["detail"], legend_seen)
            _add_text(figure, row["label_x"], row["y"], POINT_LABEL, right=False)
            continue
        _add_bar(figure, row, window_start, window_end, legend_seen)
        if row["kind"] == HEALTH:
            _add_iha_events(figure, row, window_start, window_end, legend_seen)
    left_out = len(timeline) - len(shown)
    subtitle = f"{month_label(first)} to {month_label(last)}"
    if left_out:
        subtitle += f"; {left_out} earlier record{'s' if left_out != 1 else ''} in the table, not on the chart"
    for y in separators:
        figure.add_hline(y=y, line=dict(color=GRID, width=1))
    figure.add_vline(x=window_end, line=dict(color=COLOURS["limit"], dash="dot", width=1))
    figure.add_annotation(
        x=window_end,
        y=1,
        yref="paper",
        text=f"Latest data: {month_label(last)}",
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        font=dict(color=TEXT, size=LABEL_SIZE),
    )
    figure.update_layout(
        title=dict(text=f"Timeline of child {plotly_text(child_id)}", subtitle=dict(text=subtitle, font=dict(size=13))),
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        barmode="overlay",
        height=int(CHART_MARGIN + ROW_HEIGHT * max(height_rows, 2)),
        xaxis=month_axis([window_start, window_end])
        | dict(
            range=[window_start - pd.Timedelta(days=3), window_end + pd.Timedelta(days=3 * ARROW_DAYS)],
            ticklabelmode="period",
        ),
        yaxis=dict(
            tickvals=[tick for tick, _ in lane_ticks],
            ticktext=[f"<b>{name}</b>" for _, name in lane_ticks],
            range=[height_rows - 0.15, -0.7],
            showgrid=False,
            zeroline=False,
            fixedrange=True,
        ),
        legend=dict(orientation="h", y=-LEGEND_BELOW_AXIS / (ROW_HEIGHT * max(height_rows, 2)), yanchor="top", x=0),
        margin=dict(l=130, r=30, t=90, b=LEGEND_SPACE),
        hoverlabel=dict(align="left"),
    )
    return figure


def _default_months(timeline: pd.DataFrame) -> tuple[str | None, str | None]:
    if timeline.empty:
        return None, None
    last = timeline["as_at_month"].dropna().max()
    first = timeline["first_month"].dropna().min()
    if pd.isna(last):
        return None, None
    return (first if pd.notna(first) and first <= last else shift_month(last, -11)), last


def _far(row: pd.Series) -> bool:
    return bool(pd.notna(row["over_20_miles"]) and row["over_20_miles"])


def _label(row: pd.Series, window_start: pd.Timestamp) -> str:
    """The words on a bar: the frame's label, "over 20 miles" when far, since when if cut, "ongoing"."""
    text = row["label"]
    if row["kind"] == PLACEMENT and _far(row):
        text += f", over {MILES:g} miles"
    if row["kind"] == PLACEMENT and pd.notna(row["inside_la"]):
        text += f", {row['inside_la']}"
    if row["start"] < window_start:
        text = f"◀ {text} (since {row['start']:%b %Y})"
    if pd.isna(row["end"]):
        text += ", ongoing"
    return text


def _place_rows(shown: pd.DataFrame, window_start, window_end, days_per_px: float) -> pd.DataFrame:
    """Each shown row with a `y` (row number): lanes top to bottom, and within a lane the first row
    where the bar and its label clear what is already there, so no two labels overlap."""
    placed = []
    y_offset = 0.0
    for kind in LANES:
        rows = shown[shown["kind"] == kind].sort_values(["start", "end"], na_position="last", kind="stable")
        if rows.empty:
            continue
        row_ends: list[pd.Timestamp] = []
        for _, row in rows.iterrows():
            start = max(row["start"], window_start)
            end = window_end if pd.isna(row["end"]) else min(row["end"], window_end)
            words = POINT_LABEL if row["point"] else _label(row, window_start)
            width = pd.Timedelta(days=(len(words) * CHARACTER_WIDTH + 12) * days_per_px)
            label_from = _label_start(row, start, window_start, window_end, days_per_px)
            # A label that would run past the latest month ends at the bar's end instead (drawn leftwards).
            label_right = label_from + width > window_end
            if label_right:
                label_from = end - width
            occupied_from = min(start, label_from)
            occupied_to = max(end, label_from + width, start + pd.Timedelta(days=8 * days_per_px))
            for number, row_end in enumerate(row_ends):
                if row_end < occupied_from:
                    row_ends[number] = occupied_to
                    break
            else:
                number = len(row_ends)
                row_ends.append(occupied_to)
            label_x = end if label_right else label_from
            placed.append(
                {**row.to_dict(), "y": y_offset + number, "lane": kind, "label_right": label_right, "label_x": label_x}
            )
        y_offset += len(row_ends) + LANE_GAP
    return pd.DataFrame(placed)


def _label_start(row: pd.Series, start, window_start, window_end, days_per_px: float) -> pd.Timestamp:
    """Where a label starts: the bar's start, or for an IHA just after its last marker in the window,
    so the words never sit on the requested, deadline or completed marks."""
    if row["kind"] == HEALTH and not row["point"]:
        marks = [row[c] for c in ("iha_requested_date", "iha_deadline", "iha_completed_date")]
        marks = [m for m in marks if pd.notna(m) and window_start <= m <= window_end]
        if marks:
            return max(marks) + pd.Timedelta(days=10 * days_per_px)
    if row["point"]:
        return start + pd.Timedelta(days=4 * days_per_px)
    return start


def _lane_layout(placed: pd.DataFrame) -> tuple[list[tuple[float, str]], list[float], float]:
    """(tick position, lane name) per lane, the y of the lines between lanes, and the rows in all."""
    if placed.empty:
        return [], [], 0.0
    ticks, separators = [], []
    for kind, rows in placed.groupby("lane", sort=False):
        ticks.append(((rows["y"].min() + rows["y"].max()) / 2, LANES[kind]))
        separators.append(rows["y"].max() + 0.5 + (LANE_GAP - 0.0) / 2)
    return ticks, separators[:-1], float(placed["y"].max()) + 1


def _tint(colour: str, share: float = FILL_SHARE) -> str:
    """The colour mixed into white, `share` of the colour (a light fill dark text reads on)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _bar_style(row: pd.Series) -> tuple[str, str, str]:
    """(legend name, outline colour, pattern) of an episode bar."""
    kind = row["kind"]
    if kind == PLACEMENT:
        if _far(row):
            return f"Placement over {MILES:g} miles (hatched)", FAR_COLOUR, FAR_PATTERN
        if pd.isna(row["distance_miles"]):
            return "Placement, distance not recorded (dotted)", COLOURS["limit"], NOT_RECORDED_PATTERN
        return f"Placement {MILES:g} miles or less", LANE_COLOURS[kind], ""
    if kind == HEALTH and row["iha_status"] in LATE_WORDS:
        return "Initial health assessment late or overdue", FAR_COLOUR, ""
    names = {ALLOCATION: "Social worker allocated", HEALTH: "Initial health assessment", CARE_LEAVER: "Care leaver"}
    return names[kind], LANE_COLOURS[kind], ""


def _hover(text: str) -> str:
    """Wrapped hover text; its words (worker IDs, teams, codes from files) are escaped, only <br> is markup."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(str(text), HOVER_WIDTH))


def _add_bar(figure: go.Figure, row: pd.Series, window_start, window_end, legend_seen: set[str]) -> None:
    start = max(row["start"], window_start)
    end = window_end if pd.isna(row["end"]) else min(row["end"], window_end)
    end = max(end, start + pd.Timedelta(days=1))  # a same-day episode still shows
    name, colour, pattern = _bar_style(row)
    figure.add_trace(
        go.Bar(
            base=[start],
            x=[(end - start).total_seconds() * 1000],
            y=[row["y"]],
            orientation="h",
            width=BAR_WIDTH,
            name=name,
            legendgroup=name,
            showlegend=name not in legend_seen,
            marker=dict(
                color=_tint(colour),
                line=dict(color=colour, width=1.5),
                pattern=dict(shape=pattern, fgcolor=colour, fgopacity=0.6, size=10, solidity=0.2) if pattern else None,
            ),
            hovertext=[_hover(row["detail"])],
            hoverinfo="text",
        )
    )
    legend_seen.add(name)
    right = bool(row["label_right"])
    at = row["label_x"] + pd.Timedelta(hours=-12 if right else 12)
    _add_text(figure, at, row["y"], _label(row, window_start), right)
    if pd.isna(row["end"]):
        arrow_at = window_end + pd.Timedelta(days=ARROW_DAYS)
        _add_event(figure, arrow_at, row["y"], "ongoing", row["detail"], legend_seen, colour=colour)


def _add_text(figure: go.Figure, x, y, words: str, right: bool) -> None:
    """Dark words beside a point: ending there when `right`, else starting there."""
    figure.add_trace(
        go.Scatter(
            x=[x],
            y=[y],
            mode="text",
            text=[plotly_text(f"{words} " if right else f" {words}")],
            textposition="middle left" if right else "middle right",
            textfont=dict(color=TEXT, size=LABEL_SIZE),
            showlegend=False,
            hoverinfo="skip",
        )
    )


def _add_iha_events(figure: go.Figure, row: pd.Series, window_start, window_end, legend_seen: set[str]) -> None:
    """Requested, deadline and completed markers on an IHA bar (those inside the window)."""
    status = row["iha_status"]
    events = [
        (row["iha_requested_date"], "requested"),
        (row["iha_deadline"], "deadline"),
        (row["iha_completed_date"], "in time" if status == IN_TIME else "late" if status == LATE else None),
    ]
    for day, event in events:
        if event and pd.notna(day) and window_start <= day <= window_end:
            _add_event(figure, day, row["y"], event, row["detail"], legend_seen)


def _add_event(figure, day, y, event: str, detail: str, legend_seen: set[str], colour: str | None = None) -> None:
    symbol, name = EVENT_MARKERS[event]
    colour = colour or (COLOURS["concern"] if event == "late" else COLOURS["value"])
    figure.add_trace(
        go.Scatter(
            x=[day],
            y=[y],
            mode="markers",
            name=name,
            legendgroup=name,
            showlegend=name not in legend_seen,
            marker=dict(
                symbol=symbol,
                size=13 if event != "deadline" else 18,
                color=colour,
                line=dict(color=colour if event == "deadline" else BACKGROUND, width=3 if event == "deadline" else 1),
            ),
            hovertext=[_hover(detail)],
            hoverinfo="text",
        )
    )
    legend_seen.add(name)


# --- the same story in one sentence


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _changes(n: int) -> str:
    return "no change of worker" if n == 0 else f"{_count(n, 'change')} of worker"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]


def timeline_sentence(timeline: pd.DataFrame, child_id: str) -> str:
    """The chart's alt text and first line: social workers, placements, the latest IHA, care leaving.

    e.g. "Child C01234 has had 4 social workers since April 2023 (3 in the 12 months to June 2024, with
    2 changes of worker), 2 placements (the current one K2, 23.4 miles away, outside the authority), and
    an initial health assessment completed in 18 working days (in time)."
    """
    if timeline.empty:
        return f"Child {child_id} has no records in the months loaded."
    as_at = timeline["as_at_month"].dropna().max()
    parts = []
    allocations = timeline[timeline["kind"] == ALLOCATION]
    if len(allocations):
        since = month_label(allocations["start"].min().strftime("%Y-%m"))
        text = f"{_count(allocations['worker_id'].nunique(), 'social worker')} since {since}"
        if pd.notna(as_at):
            recent = social_workers_in_12_months(timeline, as_at)
            changes = changes_of_worker(timeline, as_at)
            text += f" ({recent} in the 12 months to {month_label(as_at)}, with {_changes(changes)})"
        parts.append(text)
    placements = timeline[timeline["kind"] == PLACEMENT]
    if len(placements):
        parts.append(f"{_count(placements_seen(timeline), 'placement')} ({_placement_words(placements)})")
    initial = timeline[(timeline["kind"] == HEALTH) & ~timeline["point"].fillna(False).astype(bool)]
    if len(initial):
        parts.append(_iha_words(initial.sort_values("start").iloc[-1], several=len(initial) > 1))
    sentence = f"Child {child_id} has had " + _and(parts) + "." if parts else f"Child {child_id}:"
    leaving = timeline[timeline["kind"] == CARE_LEAVER]
    if len(leaving):
        sentence += " " + _care_leaver_words(leaving.sort_values("start").iloc[-1])
    return sentence


def _placement_words(placements: pd.DataFrame) -> str:
    current = placements[placements["end"].isna()]
    latest = (current if len(current) else placements).sort_values("start").iloc[-1]
    distance = latest["distance_miles"]
    words = [
        "the current one" if len(current) else "the last",
        str(latest["placement_type"]),
        "distance not recorded" if pd.isna(distance) else f"{float(distance):.1f} miles away",
    ]
    if pd.notna(latest["inside_la"]):
        words.append(f"{latest['inside_la']} the authority")
    if not len(current):
        words.append(f"listed until {month_label(latest['last_month'])}")
    return ", ".join(words)


def _iha_words(iha: pd.Series, several: bool) -> str:
    which = "the latest of several initial health assessments" if several else "an initial health assessment"
    days = iha["working_days_elapsed"]
    status = f" ({iha['iha_status']})" if pd.notna(iha["iha_status"]) else ""
    if pd.isna(days):
        return f"{which} with no dates to count{status}"
    if pd.notna(iha["iha_completed_date"]):
        return f"{which} completed in {_count(int(days), 'working day')}{status}"
    return f"{which} not completed after {_count(int(days), 'working day')}{status}"


def _care_leaver_words(state: pd.Series) -> str:
    group = activity_groups().get(state["activity"], "")
    suitable = accommodation_suitability().get(state["accommodation"], "")
    doing = {
        "EET": "in education, employment or training",
        "NEET": "not in education, employment or training",
    }.get(group, "with no activity recorded")
    home = {"suitable": "in suitable accommodation", "unsuitable": "in unsuitable accommodation"}.get(
        suitable, "with no accommodation recorded"
    )
    when = month_label(state["last_month"])
    return f"As a care leaver in {when}: {doing} ({state['activity']}), {home} ({state['accommodation']})."
