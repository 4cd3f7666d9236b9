"""The disproportionality view (issue 19): what the Help and protection page shows analysts and managers,
and the suppressed aggregate the corporate parenting panel sees.

The arithmetic is metrics/disproportionality.py; the population divided by is the authority's latest
loaded table (store/population.py), else the table shipped for the sample authority (reference/population/).
Only aggregates leave this module: counts by ethnic group, never a child.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from core.access import User, require
from core.dates import month_label
from figures.rri_chart import rri_figure
from metrics.disproportionality import (
    MEASURES,
    NOT_RECORDED,
    PER,
    counted_children,
    disproportionality,
    disproportionality_table,
    relative_rate,
    rri_words,
)
from metrics.equalities import describe_children
from metrics.inputs import Inputs
from metrics.panel_disclosure import shared_denominators
from metrics.suppression import SUPPRESSED, footnote, suppress_table
from reference.population import Population, ethnic_groups, shipped_population
from store.population import population_in_force
from store.read import reading
from store.view import StoreView
from views.panel import shown_to_panel, threshold
from views.wording import column_words

PANEL_MEASURE = "looked_after"  # the panel's remit: children in care
METHOD = (
    "Rate per 10,000 = children counted in the group / the group's children aged 0 to 17 x 10,000. "
    "Relative rate index (RRI) = the group's rate / White British children's rate; its 95% confidence "
    "interval by the log method (Katz and others, Biometrics 1978): SE(log RRI) = sqrt(1/a - 1/n1 + 1/b - 1/n2), "
    "interval exp(log RRI ± 1.96 SE). An RRI above 1: more likely than White British children; an interval "
    "that includes 1: the difference could be chance. Each child is counted once, in the group of the "
    "ethnicity the returns give; a child with none (or refused, or not yet obtained) is 'not recorded' and in no rate."
)


@dataclass(frozen=True)
class DisproportionalityView:
    month: str
    population: Population
    shipped: bool  # the sample table shipped with the dashboard, not one the authority loaded
    tables: dict[str, pd.DataFrame]  # measure -> the table as shown (words, rounded)
    sentences: dict[str, list[str]]  # measure -> one sentence per group compared
    titles: dict[str, str]
    raw: dict[str, pd.DataFrame] = field(default_factory=dict)  # measure -> metrics' table (numbers)

    @property
    def population_words(self) -> str:
        p = self.population
        total = sum(p.children.values())
        loaded = f" Loaded by {p.loaded_by} on {p.loaded_at}." if p.loaded_by else ""
        synthetic = " SYNTHETIC figures for the sample authority, not a real area's." if p.synthetic else ""
        return (
            f"Child population: {total:,} children aged 0 to 17 in {p.area}, {p.year}.{synthetic} "
            f"Source: {p.source}. Licence: {p.licence}.{loaded}"
        )


def population_for(engine: Engine, la_code: str) -> tuple[Population, bool]:
    """The population table in force and whether it is the shipped sample table."""
    with reading(engine) as conn:
        loaded = population_in_force(conn, la_code)
    return (loaded, False) if loaded is not None else (shipped_population(), True)


def _inputs(engine: Engine, la_code: str, month: str) -> Inputs:
    with reading(engine) as conn:
        view = StoreView(conn, la_code)
        return Inputs(
            referrals=view.resolved("referrals"),
            cp_plans=view.resolved("cp_plans"),
            placements=view.month_rows("placements", month),
            child_characteristics=view.resolved("child_characteristics"),
        )


def _ratio(value: float | None) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{value:.2f}"


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """A measure's table in words: counts whole, rates to one place, RRI and interval to two."""
    rows = []
    for row in table.itertuples(index=False):
        interval = f"{row.ci_low:.2f} to {row.ci_high:.2f}" if pd.notna(row.ci_low) else ""
        rows.append(
            {
                "Ethnic group": row.group,
                "Children counted": f"{row.children:,}",
                "Children aged 0 to 17": "" if pd.isna(row.population) else f"{int(row.population):,}",
                "Rate per 10,000": "" if pd.isna(row.rate_per_10000) else f"{row.rate_per_10000:.1f}",
                "Relative rate index (vs White British)": _ratio(row.rri),
                "95% confidence interval": interval,
            }
        )
    return pd.DataFrame(rows)


def disproportionality_view(engine: Engine, la_code: str, user: User, month: str) -> DisproportionalityView:
    """Every measure's rates by ethnic group for the month, for analysts and managers (aggregates only)."""
    require(user, "see_aggregates")
    population, shipped = population_for(engine, la_code)
    tables = disproportionality(_inputs(engine, la_code, month), population, month)
    sentences = {
        measure: [
            w
            for g, w in zip(t["group"], t["words"], strict=True)
            if g not in (ethnic_groups().comparison, NOT_RECORDED)
        ]
        for measure, t in tables.items()
    }
    titles = {m: f"{title}, {month_label(month)}" for m, (title, _, _) in MEASURES.items()}
    return DisproportionalityView(
        month, population, shipped, {m: shown_table(t) for m, t in tables.items()}, sentences, titles, tables
    )


def rri_chart(view: DisproportionalityView, measure: str):
    """The forest plot of a measure's relative rate indices (figures/rri_chart.py); its table is the
    alternative, shown beside it on the page."""
    table = view.raw[measure]
    groups = table[~table["group"].isin([ethnic_groups().comparison, NOT_RECORDED])]
    frame = pd.DataFrame(
        {
            "label": groups["group"],
            "rri": groups["rri"].astype(float),
            "low": pd.to_numeric(groups["ci_low"], errors="coerce"),
            "high": pd.to_numeric(groups["ci_high"], errors="coerce"),
        }
    )
    return rri_figure(frame, f"{view.titles[measure]}: times as likely as White British children")


@dataclass(frozen=True)
class PanelDisproportionality:
    month: str
    table: pd.DataFrame  # as the panel may see it: 'c' where hidden
    sentences: list[str]
    footnote: str
    population_words: str
    breakdowns: dict[str, pd.DataFrame] = field(default_factory=dict)  # sex, age band ...: 'c' where hidden
    titles: dict[str, str] = field(default_factory=dict)


def panel_disproportionality(engine: Engine, la_code: str, user: User, month: str) -> PanelDisproportionality:
    """Children looked after by ethnic group for the panel, suppressed by the panel's rules: counts from
    1 to the threshold hidden with any count that would reveal them (metrics.suppression, the group
    counts with the whole as the table they add up to, the whole treated as known to a reader because
    the panel shows the number of children in care elsewhere); a rate or a comparison only where
    both its counts are shown; everything withheld in a month whose number of children in care the panel
    hides (reference/panel_denominators.yaml). The population (a published census table) is not suppressed."""
    require(user, "see_panel_views")
    limit = threshold()
    population, shipped = population_for(engine, la_code)
    inputs = _inputs(engine, la_code, month)
    full = disproportionality_table(
        counted_children(inputs, PANEL_MEASURE, month), inputs.child_characteristics, population, PANEL_MEASURE, month
    )
    children = counted_children(inputs, PANEL_MEASURE, month)
    described = describe_children(inputs.child_characteristics, month).set_index("child_id")
    of_children = described.reindex(children.to_numpy())
    others = {c: of_children[c].dropna().value_counts().sort_index() for c in PANEL_BREAKDOWNS}
    table, sentences, breakdowns = panel_table(full, population, month, limit, others)
    if total_hidden_on_panel(engine, la_code, month):
        table = table.assign(**{"Children looked after": SUPPRESSED, "Rate per 10,000": SUPPRESSED})
        breakdowns = {c: t.assign(**{"Children looked after": SUPPRESSED}) for c, t in breakdowns.items()}
        sentences = [WITHHELD]
    words = DisproportionalityView(month, population, shipped, {}, {}, {}).population_words
    titles = {c: f"Children in care by {column_words(c)}" for c in breakdowns}
    return PanelDisproportionality(month, table, sentences, footnote(limit), words, breakdowns, titles)


PANEL_BREAKDOWNS = ("sex", "age_band", "disability", "uasc")  # beside the ethnic groups, in one suppression


SHARED_TOTAL = "children_in_care_at_month_end"  # reference/panel_denominators.yaml: the panel's count of them
WITHHELD = (
    "Withheld this month: the panel's number of children in care is hidden this month, and counts by ethnic "
    "group would give it away."
)


def total_hidden_on_panel(engine: Engine, la_code: str, month: str) -> bool:
    """Whether the panel hides this month's number of children in care (the total these counts add up
    to): then every count here is withheld too, since the groups' counts would bound or give that total."""
    shown = shown_to_panel(engine, la_code, month)
    codes = set(shared_denominators().get(SHARED_TOTAL, ()))
    totals = [denominator for (code, _), (_, denominator, _) in shown.items() if code in codes]
    return not totals or any(t == SUPPRESSED for t in totals)


def panel_table(
    full: pd.DataFrame,
    population: Population,
    month: str,
    limit: int,
    others: dict[str, pd.Series] | None = None,
) -> tuple[pd.DataFrame, list[str], dict[str, pd.DataFrame]]:
    """The panel's table and sentences from a measure's full table (metrics.disproportionality), and its
    other breakdowns (`others`: column -> children per value, blanks left out). Every breakdown is
    suppressed in ONE table with the whole (metrics.suppression: every child counted, "not recorded" among
    them, so a breakdown's parts may leave an unshown remainder), so no hidden count can be worked out
    across them; a rate only where its count is shown, a comparison only where both counts are."""
    groups = full[full["group"] != NOT_RECORDED]
    extra = [(column, str(value), float(n)) for column, counts in (others or {}).items() for value, n in counts.items()]
    figures = pd.DataFrame(
        {
            "group": ["", *["ethnic_group"] * len(groups), *[c for c, _, _ in extra]],
            "label": ["All children looked after", *groups["group"], *[v for _, v, _ in extra]],
            "numerator": [float(full["children"].sum()), *groups["children"].astype(float), *[n for _, _, n in extra]],
            "denominator": [
                float(groups["population"].sum()),
                *groups["population"].astype(float),
                *[0.0] * len(extra),
            ],
        }
    )
    safe = suppress_table(figures, "per 100", limit, counts=("numerator",)).iloc[1:]
    by_group = {
        column: pd.DataFrame(
            {"Group": rows["label"].to_list(), "Children looked after": rows["shown_numerator"].to_list()}
        )
        for column, rows in safe[safe["group"] != "ethnic_group"].groupby("group", sort=False)
    }
    safe = safe[safe["group"] == "ethnic_group"]
    shown = dict(zip(safe["label"], safe["shown_numerator"], strict=True))
    named, comparison = ethnic_groups().groups, ethnic_groups().comparison
    _, likely, when = MEASURES[PANEL_MEASURE]
    when = when.format(month=month_label(month))
    n2 = int(population.children.get(comparison, 0))
    b = int(groups.loc[groups["group"] == comparison, "children"].iloc[0])
    rows, sentences = [], []
    for row in groups.itertuples(index=False):
        visible = shown[row.group] != SUPPRESSED
        rate = f"{PER * row.children / row.population:.1f}" if row.population else ""
        rows.append(
            {
                "Ethnic group": row.group,
                "Children looked after": shown[row.group],
                "Children aged 0 to 17": f"{int(row.population):,}",
                "Rate per 10,000": rate if visible else SUPPRESSED,  # the rate would give the count away
            }
        )
        if row.group != comparison and visible and shown[comparison] != SUPPRESSED:
            found = relative_rate(int(row.children), int(row.population), b, n2)
            sentences.append(rri_words(named[row.group], named[comparison], found, likely, when))
    return pd.DataFrame(rows), sentences, by_group


def population_words(engine: Engine, la_code: str) -> str:
    """Which population table the disproportionality view divides by, in a sentence."""
    population, shipped = population_for(engine, la_code)
    words = DisproportionalityView("", population, shipped, {}, {}, {}).population_words
    return ("In force: the table shipped for the sample authority. " if shipped else "In force: ") + words
