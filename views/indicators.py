"""Indicator figures for pages: the catalogue in force, stored series and the rows behind a figure.
Changing targets and adding local indicators is workflows/targets.py."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require_team, team_scope
from core.dates import month_label
from metrics.catalogue import SPLIT, Catalogue, Indicator
from metrics.compute import rows_behind, units_for
from metrics.units import POLARITIES as POLARITIES  # for the Indicators page
from metrics.units import UNITS as UNITS
from metrics.units import shown_value
from store.read import reading
from store.view import StoreView
from views.inputs import catalogue_for, inputs_for
from views.wording import latest_text, team_of

FAMILY = "indicators"  # the month_figures family of indicator figures


def catalogue_in_force(engine: Engine, la_code: str) -> Catalogue:
    with reading(engine) as conn:
        return catalogue_for(conn, la_code)


def stored_figures(engine: Engine, la_code: str) -> pd.DataFrame:
    """Every stored indicator figure of the authority (month, code, breakdown, sums, value, flags)."""
    with reading(engine) as conn:
        return StoreView(conn, la_code).month_figures(FAMILY)


def catalogue_table(catalogue: Catalogue, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: theme, what it measures, polarity, target and the latest whole-authority value."""
    whole = figures[figures["breakdown"] == ""] if len(figures) else figures
    latest = whole.sort_values("month").groupby("code").tail(1).set_index("code") if len(whole) else whole
    rows = []
    for indicator in catalogue.indicators.values():
        found = indicator.code in latest.index if len(latest) else False
        rows.append(
            {
                "Theme": catalogue.themes[indicator.theme].title,
                "Indicator": indicator.title,
                "Code": indicator.code,
                "Better when": {"higher": "Higher", "lower": "Lower"}.get(indicator.polarity, "Neither"),
                "Target": "none" if indicator.target is None else shown_value(indicator.target, indicator.unit),
                "Latest": latest_text(latest.loc[indicator.code], indicator) if found else "no data",
                "Month": month_label(latest.loc[indicator.code, "month"]) if found else "",
                "Source": indicator.source,
                "Local": "yes" if indicator.local else "",
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Behind:
    numerator: pd.DataFrame
    denominator: pd.DataFrame
    excluded: pd.DataFrame


def records_that_make(indicator: Indicator, behind: Behind, breakdown: str = "") -> tuple[str, pd.DataFrame]:
    """(what they are, the records) that make the number shown (CONTRACT.md "The records behind a figure").

    A count, a rate per 100 and a lower-is-better percentage: the numerator's records (the changes, the
    children placed far away), so the list is as long as the count. A higher-is-better percentage: the
    denominator's records not in the numerator (the IHAs not done in time), denominator minus numerator.
    A part of a split is its own numerator's records whatever the polarity (those in an apprenticeship:
    the rest of the whole are not "missing" from that part). A ratio (caseload per FTE): every record in
    it, each adding its caseload and FTE.
    """
    if is_split_part(indicator, breakdown):
        return f"Counted in this part of the figure: {indicator.numerator.lower()}", behind.numerator
    if indicator.unit in ("count", "per 100") or (indicator.unit == "%" and indicator.polarity != "higher"):
        counted = "Counted against the figure" if indicator.polarity == "lower" else "Counted in the figure"
        return f"{counted}: {indicator.numerator.lower()}", behind.numerator
    denominator = behind.denominator
    if indicator.unit == "%":
        missing = denominator[denominator["numerator"] < denominator["denominator"]]
        return (
            f"Not yet meeting it: in the denominator ({indicator.denominator.lower()}) but not the numerator",
            missing,
        )
    return (
        f"Every record behind the figure: {indicator.numerator.lower()} over {indicator.denominator.lower()}",
        denominator,
    )


def is_split_part(indicator: Indicator, breakdown: str) -> bool:
    """Whether a stored breakdown label ('distance_band: more than 20 miles') is a part of a split."""
    return ": " in breakdown and indicator.breakdown_kind(breakdown.split(": ", 1)[0]) == SPLIT


def figure_rows(
    engine: Engine, la_code: str, indicator: Indicator, month: str, breakdown: str = "", *, user: User
) -> Behind:
    """The rows behind one figure, recomputed from the store by the same function that stored it.

    Child- and worker-level: a team manager gets only the rows attributed to their own team(s).
    """
    scope = team_scope(user)
    team = team_of(breakdown)
    if scope is not None and team is not None and team not in scope:
        require_team(user, team, "see_team_rows")
    with reading(engine) as conn:
        view = StoreView(conn, la_code)  # only what this indicator reads for this month (issue 18)
        units = units_for(inputs_for(view, catalogue_for(conn, la_code), [indicator], (month,)), indicator, month)
    if units.empty:
        empty = units.iloc[0:0]
        return Behind(empty, empty, empty)
    parts = {name: _in_teams(rows, scope) for name, rows in rows_behind(units, indicator, breakdown).items()}
    return Behind(_tidy(parts["numerator"]), _tidy(parts["denominator"]), _tidy(parts["excluded"]))


def _in_teams(rows: pd.DataFrame, teams: tuple[str, ...] | None) -> pd.DataFrame:
    """The rows of these teams (None: every row); a list without a team column shows a team manager nothing."""
    if teams is None:
        return rows
    return rows[rows["team"].isin(teams)] if "team" in rows else rows.iloc[0:0]


def _tidy(units: pd.DataFrame) -> pd.DataFrame:
    """Dates as dd/mm/yyyy and working columns last, for reading and download."""
    shown = units.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%d/%m/%Y")
    drop = [c for c in ("counted", "in_whole", "columns_present") if c in shown]
    return shown.drop(columns=drop).reset_index(drop=True)


def months_with_figures(figures: pd.DataFrame, code: str) -> list[str]:
    return sorted(set(figures.loc[figures["code"] == code, "month"]), reverse=True)


def breakdowns_of(figures: pd.DataFrame, code: str, month: str) -> list[str]:
    chosen = figures[(figures["code"] == code) & (figures["month"] == month)]
    return sorted(set(chosen["breakdown"]))
