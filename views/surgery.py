"""A performance surgery: the team matrix, a team beside the service, the rows behind a red number,
and the actions and commentary the meeting agrees. Nothing here imports streamlit.

Every cell of the matrix comes from the same SPC view the theme pages draw (views.themes), and every
exception list from the same units the stored figure was computed from (views.indicators), so the
meeting never sees a count that disagrees with the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from core.access import NotAllowed, User, require_team, team_scope
from core.dates import month_label, shift_month
from metrics.catalogue import Indicator
from metrics.figure_status import NOT_JUDGED, figure_text, no_data_words
from metrics.units import shown_value
from metrics.working_days import working_days_elapsed
from store.read import reading
from store.surgery import (
    SUBJECT_KINDS as SUBJECT_KINDS,
)
from store.surgery import (
    action_history,
    actions_frame,
    commentary_frame,
)
from store.tables import ACTION_STATUSES as ACTION_STATUSES  # for the page
from views.indicators import figure_rows, records_that_make
from views.themes import (
    SPC_WINDOW,
    Figures,
    breakdown_values,
    indicator_view,
)
from views.wording import (
    SIGNAL_WORDS,
    STATUS_MISSES,
    TARGET_SYMBOLS,
    action_about,
    status_words,
    team_breakdown,
    team_of,
)

SERVICE = "Whole service"
WINDOW = SPC_WINDOW  # months of history behind each matrix cell's SPC signal


# --- the matrix


def teams_in(data: Figures, month: str) -> list[str]:
    figures = data.figures[data.figures["month"] == month]
    return breakdown_values(figures, "team")


def matrix(data: Figures, month: str) -> pd.DataFrame:
    """One row per indicator and team (the service as SERVICE): the month's value and what it means.

    Columns: code, indicator, team, value, text (the cell), status, word, red (misses its target or
    shows special-cause concern). Indicators without team figures have only the service row.
    """
    start = shift_month(month, 1 - WINDOW)
    this_month = data.figures[data.figures["month"] == month]
    present = set(zip(this_month["code"], this_month["breakdown"], strict=True))
    measured = set(data.figures.loc[data.figures["month"] <= month, "code"])  # indicators with figures by then
    rows = []
    for indicator in data.catalogue.indicators.values():
        for team in [SERVICE, *teams_in(data, month)]:
            breakdown = "" if team == SERVICE else team_breakdown(team)
            if (indicator.code, breakdown) not in present:
                if team == SERVICE and indicator.code in measured:  # no upload this month: said, not skipped
                    rows.append(_no_data_cell(indicator, month))
                continue
            view = indicator_view(data, indicator, breakdown, (start, month))
            if view.note or month not in view.series.index:
                continue
            value, figure = view.series.loc[month, "value"], view.statuses[month]
            if figure.judged:
                status = status_words(value, indicator)
                word = SIGNAL_WORDS.get(view.spc.loc[month, "variation"], "steady")
                text = f"{shown_value(value, indicator.unit)} {TARGET_SYMBOLS.get(status, '–')} {word}"
                text += f" ({figure.words})" if figure.words else ""  # provisional, and why
            else:  # no cases this month, or an incomplete window: no tick, no SPC word
                status, word = NOT_JUDGED, ""
                text = figure_text(value, indicator.unit, figure)
            rows.append(
                {
                    "code": indicator.code,
                    "indicator": indicator.title,
                    "team": team,
                    "value": value,
                    "text": text,
                    "status": status,
                    "word": word,
                    "red": status == STATUS_MISSES or word == "concern",
                }
            )
    return pd.DataFrame(rows, columns=["code", "indicator", "team", "value", "text", "status", "word", "red"])


def _no_data_cell(indicator: Indicator, month: str) -> dict:
    words = no_data_words(month)
    return dict(
        code=indicator.code,
        indicator=indicator.title,
        team=SERVICE,
        value=float("nan"),
        text=words,
        status=NOT_JUDGED,
        word="",
        red=False,
    )


def matrix_table(cells: pd.DataFrame, teams: list[str]) -> pd.DataFrame:
    """Indicators down, the service then teams across; '' where an indicator has no figure."""
    if cells.empty:
        return pd.DataFrame(columns=[SERVICE, *teams])
    wide = cells.pivot_table(index="indicator", columns="team", values="text", aggfunc="first", sort=False)
    order = list(dict.fromkeys(cells["indicator"]))
    return wide.reindex(index=order, columns=[SERVICE, *teams]).fillna("")


def matrix_shading(cells: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """CSS per cell for a pandas Styler: a pale red behind red cells (text stays dark: AA contrast)."""
    red = cells[cells["red"]]
    flags = {(row.indicator, row.team) for row in red.itertuples()}
    return pd.DataFrame(
        [["background-color: #fbe3e0" if (i, t) in flags else "" for t in table.columns] for i in table.index],
        index=table.index,
        columns=table.columns,
    )


def month_of_point(x) -> str | None:
    """The 'YYYY-MM' of a clicked chart point (Plotly gives the x value as a date string)."""
    try:
        return pd.Timestamp(x).strftime("%Y-%m") if x else None
    except (TypeError, ValueError):
        return None


def cell_code(cells: pd.DataFrame, title: str) -> str:
    """The indicator code of a matrix row (rows are labelled with titles)."""
    return str(cells.loc[cells["indicator"] == title, "code"].iloc[0])


def red_indicators(cells: pd.DataFrame, team: str) -> list[str]:
    """Codes of the team's red cells, in catalogue order: the ones a surgery (and its pack) looks at."""
    chosen = cells[(cells["team"] == team) & cells["red"]]
    return list(dict.fromkeys(chosen["code"]))


def team_beside_service(cells: pd.DataFrame, team: str, data: Figures) -> pd.DataFrame:
    """The team's figures beside the service's, one row per indicator that has team figures."""
    ours = cells[cells["team"] == team].set_index("code")
    service = cells[cells["team"] == SERVICE].set_index("code")
    rows = []
    for code in ours.index:
        indicator = data.catalogue.indicators[code]
        rows.append(
            {
                "Indicator": indicator.title,
                team: ours.loc[code, "text"],
                SERVICE: service.loc[code, "text"] if code in service.index else "",
                "Target": "none" if indicator.target is None else shown_value(indicator.target, indicator.unit),
            }
        )
    return pd.DataFrame(rows)


# --- the rows behind a red number


@dataclass(frozen=True)
class Exceptions:
    title: str
    rows: pd.DataFrame  # the records counting against the figure, most urgent first
    waiting: pd.DataFrame  # left out for now (an IHA not yet due), with working days elapsed
    numerator: float
    denominator: float


def exception_rows(engine: Engine, la_code: str, indicator: Indicator, month: str, team: str, user: User) -> Exceptions:
    """The records a surgery looks at behind one figure (pseudonymous IDs only), most urgent first.

    The records that make the number (views.indicators.records_that_make): for counts, rates per 100
    and lower-is-better percentages the numerator's (changes of worker, workers over 20, children placed
    over 20 miles, care leavers in bed and breakfast); for higher-is-better percentages the denominator's
    records not in the numerator (late or overdue IHAs, care leavers not in EET or not suitably housed).
    """
    breakdown = "" if team == SERVICE else team_breakdown(team)
    behind = figure_rows(engine, la_code, indicator, month, breakdown, user=user)
    numerator, denominator = behind.numerator, behind.denominator
    title, rows = records_that_make(indicator, behind, breakdown)
    return Exceptions(
        title=title,
        rows=_most_urgent_first(_with_elapsed(rows, month)),
        waiting=_with_elapsed(behind.excluded, month),
        numerator=float(numerator["numerator"].sum()) if len(numerator) else 0.0,
        denominator=float(denominator["denominator"].sum()) if len(denominator) else 0.0,
    )


def filter_rows(rows: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows with `text` in any column (case ignored), for the drill-down's filter box."""
    if not text.strip() or rows.empty:
        return rows
    hits = rows.astype("string").apply(lambda column: column.str.contains(text.strip(), case=False, regex=False))
    return rows[hits.fillna(False).any(axis=1)]


def _with_elapsed(rows: pd.DataFrame, month: str) -> pd.DataFrame:
    """Working days since entering care, to completion or (if not done) to the extract date of the
    record's latest copy: the data's "today" (CONTRACT.md), so the current month is not counted on to a
    month end that has not come yet. Rows without an extract date count to the month end."""
    if "date_entered_care" not in rows or rows.empty:
        return rows
    done_column = next((c for c in ("iha_completed_date", "iha_requested_date") if c in rows), None)
    month_end = pd.Period(month, freq="M").end_time.normalize()
    blank = pd.Series(pd.NaT, index=rows.index)
    today = pd.to_datetime(rows["extract_date"], dayfirst=True) if "extract_date" in rows else blank
    entered = pd.to_datetime(rows["date_entered_care"], dayfirst=True)
    done = pd.to_datetime(rows[done_column], dayfirst=True) if done_column else blank
    return rows.assign(working_days_elapsed=working_days_elapsed(entered, done.fillna(today).fillna(month_end)))


def _most_urgent_first(rows: pd.DataFrame) -> pd.DataFrame:
    for column in ("working_days_elapsed", "age", "caseload", "workers_in_12_months", "distance_miles", "numerator"):
        if column in rows and not rows.empty:
            return rows.sort_values(column, ascending=False, kind="stable").reset_index(drop=True)
    return rows.reset_index(drop=True)


def exception_counts(engine: Engine, la_code: str, data: Figures, codes: list[str], month: str, team: str, user: User):
    """How many records sit behind each red indicator (counts only: the pack never lists children)."""
    rows = []
    for code in codes:
        indicator = data.catalogue.indicators[code]
        if indicator.is_aggregate:
            continue
        found = exception_rows(engine, la_code, indicator, month, team, user)
        rows.append(
            {"Indicator": indicator.title, "Records to look at": len(found.rows), "Not yet due": len(found.waiting)}
        )
    return pd.DataFrame(rows, columns=["Indicator", "Records to look at", "Not yet due"])


# --- actions and commentary


def surgery_actions(
    engine: Engine, la_code: str, team: str, month: str, today: date, user: User, show_closed: bool = False
):
    """Actions carried into this surgery: raised for this team (or the service) in this month or before,
    still open (or all, with show_closed); overdue ones flagged in words. They may name a child or a
    worker, so a team manager gets their own teams' only (the service's actions name no team)."""
    _require_actions_of(user, team)
    with reading(engine) as conn:
        frame = actions_frame(conn, la_code)
    if frame.empty:
        return _actions_table(frame, today)
    chosen = frame[(frame["team"] == ("" if team == SERVICE else team)) & (frame["raised_month"] <= month)]
    if not show_closed:
        chosen = chosen[~chosen["closed"]]
    return _actions_table(chosen, today)


def _require_actions_of(user: User, team: str) -> None:
    """A team's actions may name its children and workers: its own team(s) for a team manager; the
    service's (which name no team) for anyone who may see lists."""
    if team != SERVICE or team_scope(user) is not None:
        require_team(user, team, "see_team_rows")


ACTION_COLUMNS = ["#", "Indicator", "About", "Action", "Owner", "Due", "Status", "Raised", "Overdue"]


def _actions_table(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[*ACTION_COLUMNS, "code", "raised_month"])
    overdue = (~frame["closed"]) & (frame["due_date"].dt.date < today)
    days = (pd.Timestamp(today) - frame["due_date"]).dt.days
    return pd.DataFrame(
        {
            "#": frame["id"],
            "Indicator": frame["code"],
            "About": [action_about(k, s) for k, s in zip(frame["subject_kind"], frame["subject_id"], strict=True)],
            "Action": frame["action"],
            "Owner": frame["owner"],
            "Due": frame["due_date"].dt.strftime("%d/%m/%Y"),
            "Status": frame["status"],
            "Raised": [month_label(m) for m in frame["raised_month"]],
            "Overdue": [
                f"⚠ overdue by {d} day{'s' if d != 1 else ''}" if o else "" for o, d in zip(overdue, days, strict=True)
            ],
            "code": frame["code"],
            "raised_month": frame["raised_month"],
        }
    ).reset_index(drop=True)


def action_marks(actions: pd.DataFrame, code: str) -> dict[str, str]:
    """Chart annotations for an indicator's actions: {month raised: 'Action #3 (owner)'}."""
    marks: dict[str, list[str]] = {}
    chosen = actions[actions["code"] == code]
    for number, owner, month in zip(chosen["#"], chosen["Owner"], chosen["raised_month"], strict=True):
        marks.setdefault(month, []).append(f"Action #{number} ({owner})")
    return {month: "; ".join(texts) for month, texts in marks.items()}


def history_of(engine: Engine, la_code: str, action_id: int, user: User, team: str) -> pd.DataFrame:
    """Every status change and note of one of `team`'s actions (notes may name a child): checked as
    surgery_actions, and an action of another team is refused even when its number is typed."""
    _require_actions_of(user, team)
    with reading(engine) as conn:
        frame = actions_frame(conn, la_code)
        if not ((frame["id"] == action_id) & (frame["team"] == ("" if team == SERVICE else team))).any():
            raise NotAllowed(user, "see_team_rows", f"see action #{action_id}: it is not one of {team}'s actions")
        history = action_history(conn, la_code, action_id)
    return (
        history.assign(at=pd.to_datetime(history["at"], utc=True).dt.strftime("%d/%m/%Y %H:%M"))
        if len(history)
        else history
    )


def commentary_on(engine: Engine, la_code: str, code: str, month: str, team: str) -> str:
    with reading(engine) as conn:
        frame = commentary_frame(conn, la_code)
    if frame.empty:
        return ""
    found = frame[
        (frame["code"] == code) & (frame["month"] == month) & (frame["team"] == ("" if team == SERVICE else team))
    ]
    return "" if found.empty else str(found["text"].iloc[-1])


def view_commentary(engine: Engine, la_code: str, view) -> tuple[str, str] | None:
    """(month, text) of the commentary on a theme page's chart: its latest month, for its team or the
    service; None when there is none."""
    points = view.spc.dropna(subset=["value"])
    if points.empty or (view.breakdown and team_of(view.breakdown) is None):
        return None
    month = points.index[-1]
    team = team_of(view.breakdown) if view.breakdown else SERVICE
    text = commentary_on(engine, la_code, view.indicator.code, month, team)
    return (month, text) if text else None
