"""The authorities a user may see, side by side, from their own monthly figures (issue 18, many authorities).

The DfE's published tables compare authorities once a year, months late; a regional hub holding several
authorities' monthly files can compare them every month. Each authority's stored whole-authority figures
(month_figures, as its own pages show them) are read in one statement for every authority at once, for
the months of the chart window only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require, require_authority
from core.dates import month_label, shift_month
from figures.comparison_chart import authorities_figure
from metrics.catalogue import Catalogue
from metrics.units import shown_value
from store.benchmarks import authority_names
from store.comparison import figures_of_authorities
from store.read import reading
from views.indicators import FAMILY
from views.inputs import catalogue_for

WINDOW = 24  # months shown in the chart, ending at the latest month any of the authorities has


@dataclass(frozen=True)
class AuthorityComparison:
    """What the comparison section shows: one row per indicator, one column per authority."""

    authorities: tuple[str, ...]  # codes, the picked authority first, then the user's order
    names: dict[str, str]  # code -> 'Name (code)', or the code alone when no published table names it
    table: pd.DataFrame  # Indicator, then each authority's latest figure with its month, in words
    latest: str | None  # the latest month any authority has a figure for (None: no figures at all)
    catalogue: Catalogue = field(repr=False)
    figures: pd.DataFrame = field(repr=False)  # la_code, month, code, value... of the window

    def indicators(self) -> list[str]:
        """Indicator codes with a figure for at least one authority, in catalogue order."""
        held = set(self.figures["code"])
        return [code for code in self.catalogue.indicators if code in held]

    def series(self, code: str) -> pd.DataFrame:
        """One indicator's monthly values: Month, then one column per authority name (NaN: no figure)."""
        chosen = self.figures[self.figures["code"] == code]
        wide = chosen.pivot_table(index="month", columns="la_code", values="value", aggfunc="first", dropna=False)
        wide = wide.reindex(columns=[c for c in self.authorities if c in wide.columns])
        wide = wide.rename(columns=self.names).sort_index()
        wide.insert(0, "Month", [month_label(m) for m in wide.index])
        return wide.reset_index(drop=True)

    def series_table(self, code: str) -> pd.DataFrame:
        """The chart's table alternative: the same values in the dashboard's words (units, 'no data')."""
        unit = self.catalogue.indicators[code].unit
        frame = self.series(code)
        for column in frame.columns[1:]:
            frame[column] = frame[column].map(lambda v: shown_value(v, unit))
        return frame

    def figure(self, code: str):
        indicator = self.catalogue.indicators[code]
        return authorities_figure(self.series(code), indicator.title, indicator.unit)


def authority_comparison(engine: Engine, user: User, authority: str) -> AuthorityComparison:
    """The user's authorities side by side, `authority` (the one picked) first; each checked on the server."""
    require(user, "see_aggregates")
    codes = (authority, *(c for c in user.sees if c != authority))
    for code in codes:
        require_authority(user, code)
    with reading(engine) as conn:
        catalogue = catalogue_for(conn, authority)  # the picked authority's local indicators and targets
        latest_rows = figures_of_authorities(conn, codes, FAMILY)
        latest = str(latest_rows["month"].max()) if len(latest_rows) else None
        window = latest_rows[latest_rows["month"] >= shift_month(latest, 1 - WINDOW)] if latest else latest_rows
    names = authority_labels(engine, codes)
    return AuthorityComparison(
        codes, names, _latest_table(latest_rows, catalogue, codes, names), latest, catalogue, window
    )


def authority_labels(engine: Engine, codes: tuple[str, ...]) -> dict[str, str]:
    """'Name (code)' for each code, from the DfE's published tables; the bare code for one they do not name."""
    published = authority_names(engine, codes)
    return {code: f"{published[code]} ({code})" if code in published else code for code in codes}


def _latest_table(
    figures: pd.DataFrame, catalogue: Catalogue, codes: tuple[str, ...], names: dict[str, str]
) -> pd.DataFrame:
    """Each indicator's latest figure for each authority, with its month (months can differ by authority)."""
    latest = figures.dropna(subset=["value"]).sort_values("month").drop_duplicates(["la_code", "code"], keep="last")
    found = {(row.la_code, row.code): (row.value, row.month) for row in latest.itertuples()}
    rows = []
    for code, indicator in catalogue.indicators.items():
        if not any((la, code) in found for la in codes):
            continue
        cells = [indicator.title]
        for la in codes:
            value, month = found.get((la, code), (None, None))
            cells.append(f"{shown_value(value, indicator.unit)} ({month_label(month)})" if month else "no data")
        rows.append(cells)
    return pd.DataFrame(rows, columns=["Indicator", *(names[c] for c in codes)])
