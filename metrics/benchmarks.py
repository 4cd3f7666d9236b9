"""Benchmarks from the DfE's published tables: an authority against England, its region, its statistical
neighbours and every other authority. Pure pandas on the long frame of published values the store keeps
(ingest.ees.VALUE_COLUMNS); no SQL, no Streamlit.

Which published measure compares with which catalogue indicator is data, reference/benchmark_measures.yaml,
loaded here into typed records. A measure is either used as published (`measure` plus the breakdown
`filters` that pick its rows) or worked out from published counts (`numerator` / `denominator` x 100,
each the sum of the rows its filters pick). Polarity comes from the catalogue: the rank and quartile are
given only where it is "higher" or "lower".

Conventions, said once:
- rank: 1 = best among all authorities with a published figure that year; tied figures share the best
  rank of their group ("1, 2, 2, 4"); authorities published jointly (North and West Northamptonshire)
  are one row, ranked once.
- quartile: 1 (the best quarter) to 4 (the worst), from the rank: floor((rank - 1) x 4 / N) + 1.
- statistical neighbours' figure: the plain mean of the published figures of those of the authority's
  ten neighbours (DfE groupings, by old LA number) that have one that year, saying how many had one.
- a figure worked out from counts is not published when any count in it is suppressed: it carries that
  count's symbol (c, x, ...) instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from metrics.units import DIRECTED, UNITS

MAPPING_FILE = Path(__file__).resolve().parents[1] / "reference" / "benchmark_measures.yaml"
NATIONAL, REGIONAL, AUTHORITY = "National", "Regional", "Local authority"
ENGLAND = "E92000001"
JOINT = " / "  # how EES joins the codes of authorities published together: "E06000061 / E06000062"
QUARTILES = 4
SERIES_COLUMNS = (
    "time_period",
    "year_label",
    "geographic_level",
    "area_code",
    "area_name",
    "old_la_code",
    "region_code",
    "region_name",
    "value",
    "symbol",
)


@dataclass(frozen=True)
class Selection:
    """One measure column and the breakdown values that pick its rows (several values are summed)."""

    measure: str
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def matches(self, breakdown: dict[str, str]) -> bool:
        return all(breakdown.get(column) in values for column, values in self.filters)


@dataclass(frozen=True)
class Publication:
    key: str
    title: str
    file: str = ""
    period: str = ""
    url: str = ""


@dataclass(frozen=True)
class BenchmarkMeasure:
    """A published measure as the dashboard compares it: `value` used as published, or numerator and
    denominator worked out as a percentage. `code` is the catalogue indicator ('' when unmapped)."""

    publication: str
    unit: str
    code: str = ""
    published_as: str = ""
    value: Selection | None = None
    numerator: Selection | None = None
    denominator: Selection | None = None

    @property
    def computed(self) -> bool:
        return self.value is None

    @property
    def selections(self) -> tuple[Selection, ...]:
        return tuple(s for s in (self.value, self.numerator, self.denominator) if s is not None)

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.measure for s in self.selections))


@dataclass(frozen=True)
class Comparison:
    """One year of one measure for one authority, with everything it is compared against."""

    time_period: str
    year_label: str
    area_code: str | None
    area_name: str
    value: float | None
    symbol: str | None
    england: float | None
    england_symbol: str | None
    region_code: str
    region_name: str
    region: float | None
    region_symbol: str | None
    neighbours_mean: float | None
    neighbours_with_values: int
    neighbours_total: int
    rank: int | None
    ranked: int
    quartile: int | None

    @property
    def joint(self) -> bool:
        """Published jointly with another authority (one figure for both)."""
        return bool(self.area_code) and JOINT in self.area_code


def _selection(raw: dict) -> Selection:
    filters = tuple(
        (column, tuple(str(v) for v in (values if isinstance(values, list) else [values])))
        for column, values in sorted((raw.get("filters") or {}).items())
    )
    return Selection(str(raw["measure"]), filters)


@cache
def benchmark_publications() -> dict[str, Publication]:
    """The publications the mapping file describes (title, shipped file, what a year means, where from)."""
    raw = yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
    return {key: Publication(key, **body) for key, body in raw["publications"].items()}


@cache
def benchmark_mappings() -> dict[str, BenchmarkMeasure]:
    """Catalogue indicator code -> its comparable published measure (reference/benchmark_measures.yaml)."""
    raw = yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
    mappings = {}
    for code, body in raw["measures"].items():
        direct = "measure" in body
        if direct == ("numerator" in body or "denominator" in body):
            raise ValueError(f"{code}: give either measure, or numerator and denominator")
        if body["unit"] not in UNITS:
            raise ValueError(f"{code}: unit must be one of {UNITS}")
        if body["publication"] not in raw["publications"]:
            raise ValueError(f"{code}: publication {body['publication']} is not described under publications")
        mappings[code] = BenchmarkMeasure(
            publication=body["publication"],
            unit=body["unit"],
            code=code,
            published_as=" ".join(str(body.get("published_as", "")).split()),
            value=_selection(body) if direct else None,
            numerator=None if direct else _selection(body["numerator"]),
            denominator=None if direct else _selection(body["denominator"]),
        )
    return mappings


def as_published(publication: str, measure: str, breakdown: str, unit: str) -> BenchmarkMeasure:
    """A published measure not mapped to an indicator: one measure column at one breakdown, as published."""
    filters = tuple((column, (value,)) for column, value in sorted(json.loads(breakdown or "{}").items()))
    return BenchmarkMeasure(publication=publication, unit=unit, value=Selection(measure, filters))


def guess_unit(measure: str, values: pd.Series) -> str:
    """The unit of an unmapped measure from its name and values: '%' for percent, percentage and
    rates (not 'rate per ...') that stay within 0-100; 'count' when every value is whole; else 'ratio'."""
    name = measure.lower()
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if any(word in name for word in ("percent", "_pct")):
        return "%"
    if "rate" in name and "per" not in name.split("_") and numbers.between(0, 100).all():
        return "%"
    if len(numbers) and (numbers == numbers.round()).all():
        return "count"
    return "ratio"


def measure_series(values: pd.DataFrame, spec: BenchmarkMeasure) -> pd.DataFrame:
    """The published figure of every area and year for one measure (SERIES_COLUMNS).

    Definition: the rows of `values` its selection picks; as published (value and symbol) for a direct
    measure, or sum of numerator rows / sum of denominator rows x 100 for a computed one (a suppressed
    count makes the figure suppressed, with that count's symbol; a zero denominator gives symbol 'z').
    Raises ValueError when a direct measure's filters pick more than one breakdown per area and year.
    """
    if spec.value is not None:
        picked = _picked(values, spec.value)
        repeated = picked.duplicated(["time_period", "geographic_level", "area_code"])
        if repeated.any():
            raise ValueError(f"{spec.publication}.{spec.value.measure}: {_ambiguity(picked)}")
        return picked[list(SERIES_COLUMNS)].reset_index(drop=True)
    numerator = _summed(_picked(values, spec.numerator))
    denominator = _summed(_picked(values, spec.denominator))
    parts = denominator[["value", "symbol"]].rename(columns={"value": "value_den", "symbol": "symbol_den"})
    both = numerator.join(parts, how="inner")
    zero = both["value_den"] == 0
    value = (both["value"] / both["value_den"].where(~zero) * 100).where(
        both["symbol"].isna() & both["symbol_den"].isna()
    )
    symbol = both["symbol"].fillna(both["symbol_den"]).where(~zero | both["symbol"].notna(), "z")
    out = both.assign(value=value, symbol=symbol.where(value.isna(), None)).reset_index()
    return out[list(SERIES_COLUMNS)].sort_values(["time_period", "area_code"], ignore_index=True)


def _picked(values: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    rows = values[values["measure"] == selection.measure]
    breakdowns = {text: json.loads(text or "{}") for text in rows["breakdown"].unique()}
    wanted = [text for text, parsed in breakdowns.items() if selection.matches(parsed)]
    return rows[rows["breakdown"].isin(wanted)]


def _ambiguity(picked: pd.DataFrame) -> str:
    parsed = [json.loads(text or "{}") for text in picked["breakdown"].unique()]
    varying = sorted({c for p in parsed for c in p if len({q.get(c) for q in parsed}) > 1})
    return f"the filters pick several breakdowns per area and year; add a filter for {', '.join(varying)}"


def _summed(rows: pd.DataFrame) -> pd.DataFrame:
    """Values summed per area and year; the first symbol found wins (a suppressed part hides the sum)."""
    key = [c for c in SERIES_COLUMNS if c not in ("value", "symbol")]
    grouped = rows.groupby(key, dropna=False, sort=True)
    return pd.DataFrame(
        {
            "value": grouped["value"].sum(min_count=1),
            "symbol": grouped["symbol"].agg(lambda s: next((x for x in s if isinstance(x, str)), None)),
        }
    )


def authority_rows(series: pd.DataFrame, authority: str | Iterable[str]) -> pd.DataFrame:
    """An authority's rows, found by any of its codes (new or old LA code; several when its code changed),
    including rows it was published in jointly with another ('E06000061 / E06000062')."""
    authorities = series[series["geographic_level"] == AUTHORITY]
    return authorities[_identified(authorities, _codes(authority))]


def _codes(authority: str | Iterable[str]) -> set[str]:
    return {authority} if isinstance(authority, str) else {str(code) for code in authority}


def _identified(rows: pd.DataFrame, codes: set[str]) -> pd.Series:
    """Rows whose area code or old LA code is one of `codes`, or a joint code with one of them in it."""
    hit = rows["area_code"].isin(codes) | rows["old_la_code"].isin(codes)
    joint = rows["area_code"].str.contains(JOINT, regex=False) | rows["old_la_code"].str.contains(JOINT, regex=False)
    if joint.any():
        parts = rows.loc[joint, ["area_code", "old_la_code"]].itertuples(index=False, name=None)
        found = [bool(codes & {*a.split(JOINT), *str(o).split(JOINT)}) for a, o in parts]
        hit = hit | pd.Series(found, index=rows.index[joint.to_numpy()]).reindex(rows.index, fill_value=False)
    return hit


def latest_period(series: pd.DataFrame) -> str | None:
    """The latest year any figure was published for."""
    return None if series.empty else str(series["time_period"].max())


def england_figure(series: pd.DataFrame, period: str) -> tuple[float | None, str | None]:
    """England's published figure in a year (value, symbol). Source: the National row of the table."""
    rows = series[(series["geographic_level"] == NATIONAL) & (series["time_period"] == period)]
    rows = rows[rows["area_code"] == ENGLAND] if (rows["area_code"] == ENGLAND).any() else rows
    return _figure(rows)


def region_figure(series: pd.DataFrame, region_code: str, period: str) -> tuple[float | None, str | None]:
    """A region's published figure in a year (value, symbol). Source: the Regional row for region_code
    (the region an authority's own row names: London boroughs are in Inner or Outer London)."""
    rows = series[
        (series["geographic_level"] == REGIONAL)
        & (series["time_period"] == period)
        & (series["area_code"] == region_code)
    ]
    return _figure(rows)


def neighbours_mean(series: pd.DataFrame, neighbours: list[str], period: str) -> tuple[float | None, int]:
    """Mean of the statistical neighbours' published figures in a year, and how many neighbours had one.

    Definition: unweighted mean over the distinct authority rows of the year whose old LA code is one of
    `neighbours` (a joint row counts once in the mean, and for each neighbour it covers in the count).
    Neighbours with no row, or a suppressed figure, are left out of both. Source: the DfE statistical
    neighbour groupings (ten per authority, by old LA number).
    """
    rows = series[(series["geographic_level"] == AUTHORITY) & (series["time_period"] == period)]
    wanted = set(neighbours)
    valued = rows[_identified(rows, wanted) & rows["value"].notna()]
    if valued.empty:
        return None, 0
    covered = {code for old in valued["old_la_code"] for code in str(old).split(JOINT)} & wanted
    return float(valued["value"].mean()), len(covered)


def rank_among_authorities(
    series: pd.DataFrame, authority: str | Iterable[str], period: str, polarity: str
) -> tuple[int | None, int]:
    """(rank, authorities ranked): 1 = best using the polarity, ties share the best rank of their group.

    Definition: all authority rows with a published figure in the year, ordered from best to worst
    (ascending when lower is better, descending when higher is better). Rank is None when the polarity
    is neither, or the authority has no published figure that year.
    """
    rows = series[
        (series["geographic_level"] == AUTHORITY) & (series["time_period"] == period) & series["value"].notna()
    ]
    if polarity not in DIRECTED:
        return None, len(rows)
    ranks = rows["value"].rank(method="min", ascending=polarity == "lower")
    own = authority_rows(rows, authority)
    if own.empty:
        return None, len(rows)
    return int(ranks[own.index[0]]), len(rows)


def quartile(rank: int | None, ranked: int) -> int | None:
    """1 (best quarter) to 4 (worst quarter) from a rank among `ranked` authorities."""
    if rank is None or ranked <= 0:
        return None
    return min(QUARTILES, math.floor((rank - 1) * QUARTILES / ranked) + 1)


def compare(
    series: pd.DataFrame,
    authority: str | Iterable[str],
    neighbours: list[str],
    polarity: str,
    period: str | None = None,
) -> Comparison | None:
    """The authority's figure in a year (default: the latest published), against England, its region,
    its statistical neighbours' mean, and its rank and quartile among all authorities.

    `authority` is its code, or all its codes (new and old LA codes). Its region is the one its own row
    names that year (its latest row when it has none that year).
    """
    period = period or latest_period(series)
    if period is None:
        return None
    year_rows = series[series["time_period"] == period]
    year = year_rows["year_label"]
    this_year = authority_rows(year_rows, authority)
    reference = this_year if len(this_year) else authority_rows(series, authority).sort_values("time_period").tail(1)
    area_code = str(reference["area_code"].iloc[0]) if len(reference) else None
    area_name = str(reference["area_name"].iloc[0]) if len(reference) else ""
    region_code = str(reference["region_code"].iloc[0]) if len(reference) else ""
    region_name = str(reference["region_name"].iloc[0]) if len(reference) else ""
    value, symbol = _figure(this_year)
    england, england_symbol = england_figure(year_rows, period)
    region, region_symbol = region_figure(year_rows, region_code, period) if region_code else (None, None)
    mean, with_values = neighbours_mean(year_rows, neighbours, period)
    rank, ranked = rank_among_authorities(year_rows, authority, period, polarity)
    return Comparison(
        time_period=period,
        year_label=str(year.iloc[0]) if len(year) else period,
        area_code=area_code,
        area_name=area_name,
        value=value,
        symbol=symbol,
        england=england,
        england_symbol=england_symbol,
        region_code=region_code,
        region_name=region_name,
        region=region,
        region_symbol=region_symbol,
        neighbours_mean=mean,
        neighbours_with_values=with_values,
        neighbours_total=len(neighbours),
        rank=rank,
        ranked=ranked,
        quartile=quartile(rank, ranked),
    )


def comparison_by_year(
    series: pd.DataFrame, authority: str | Iterable[str], neighbours: list[str], polarity: str
) -> list[Comparison]:
    """compare() for every year the table covers, oldest first."""
    periods = sorted(series["time_period"].unique())
    return [c for p in periods if (c := compare(series, authority, neighbours, polarity, p)) is not None]


def _figure(rows: pd.DataFrame) -> tuple[float | None, str | None]:
    if rows.empty:
        return None, None
    value, symbol = rows["value"].iloc[0], rows["symbol"].iloc[0]
    if pd.notna(value):
        return float(value), None
    return None, symbol if isinstance(symbol, str) else None
