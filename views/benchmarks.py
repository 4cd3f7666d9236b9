"""Benchmarks for pages: DfE published tables imported (the shipped ones on first use, an analyst's EES
file from the Check page), and an authority's published figures against England, its region, its
statistical neighbours and every other authority.

The shipped files in reference/dfe/ are real published data (Open Government Licence), not the synthetic
sample: `ensure_shipped_benchmarks` imports each one whose publication the store does not hold yet,
whatever CSC_SAMPLE_DATA says, once per process, under a lock so two sessions do not import twice.
Every read function calls it first, so the first page that needs benchmarks fills the store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from figures.benchmark_chart import NEIGHBOURS_LABEL, benchmark_figure, benchmark_sentence
from ingest.ees import symbol_meaning
from metrics.benchmarks import (
    JOINT,
    BenchmarkMeasure,
    Comparison,
    as_published,
    benchmark_mappings,
    benchmark_publications,
    compare,
    comparison_by_year,
    guess_unit,
    measure_series,
)
from metrics.catalogue import catalogue
from metrics.units import shown_value
from store import benchmarks as stored
from store.page_tables import benchmarks_in_force, read_comparisons
from store.read import reading

NEIGHBOURS = stored.NEIGHBOURS_PUBLICATION
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0: Department for "
    "Education, Explore Education Statistics."
)
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
KEY_SEPARATOR = "|"


@dataclass(frozen=True)
class Benchmark:
    """A measure's latest published figures for one authority, with what it is and where it comes from."""

    key: str  # the catalogue indicator code, or publication|measure|breakdown when unmapped
    title: str
    unit: str
    polarity: str
    published_as: str
    publication: str
    publication_title: str
    period: str
    source_url: str
    comparison: Comparison
    authority_name: str = ""

    @property
    def year_text(self) -> str:
        """The year, always with what it means: '2025 (at 30 September)'."""
        return f"{self.comparison.year_label} ({self.period})" if self.period else self.comparison.year_label

    @property
    def rank_text(self) -> str:
        c = self.comparison
        if c.rank is None:
            return "not ranked"
        return f"{c.rank} of {c.ranked} (1 = best), quartile {c.quartile} of 4 (1 = best)"

    @property
    def source_text(self) -> str:
        return f"{self.publication_title} (DfE), {self.year_text}. {ATTRIBUTION}"

    def sentence(self) -> str:
        return benchmark_sentence(
            self.comparison,
            self.title,
            self.unit,
            self.polarity,
            shown_value,
            self.year_text,
            symbol_meaning,
            self.authority_name,
        )


@dataclass(frozen=True)
class BenchmarkView:
    """Everything a page shows for one measure: the record, the year-by-year frame, its table twin and chart."""

    benchmark: Benchmark
    series: pd.DataFrame
    table: pd.DataFrame
    figure: go.Figure
    file_name: str


# --- importing ------------------------------------------------------------------------------------


# --- reading --------------------------------------------------------------------------------------


def benchmarks_version(engine: Engine) -> int:
    """The store's benchmark version (the latest import's id): what a page caches the benchmarks under."""
    return stored.benchmark_version(engine)


def authorities(engine: Engine) -> pd.DataFrame:
    """Authorities with published figures, for a picker: code, name, old_la_code, region, label.

    An authority published only jointly with another (in some tables) is listed under its own code
    when any table has it alone.
    """
    areas = _areas(engine, stored.benchmark_version(engine))
    las = areas[areas["geographic_level"] == "Local authority"]
    alone = las[~las["area_code"].str.contains(JOINT, regex=False)].sort_values("time_period")
    alone = alone.drop_duplicates("old_la_code", keep="last")  # a recoded authority under its newest code
    joint_only = las[las["area_code"].str.contains(JOINT, regex=False)]
    covered = set(alone["area_code"])
    joint_only = joint_only[~joint_only["area_code"].map(lambda c: set(c.split(JOINT)) <= covered)]
    frame = pd.concat([alone, joint_only]).drop_duplicates("area_code")
    frame = frame.rename(columns={"area_code": "code", "area_name": "name", "region_name": "region"})
    frame["label"] = frame["name"] + " (" + frame["old_la_code"] + ", " + frame["code"] + ")"
    return frame[["code", "name", "old_la_code", "region", "label"]].sort_values("name", ignore_index=True)


def benchmarks_for(engine: Engine, la_code: str, indicator_code: str) -> Benchmark | None:
    """The latest published benchmark of a catalogue indicator for an authority (None if it has no
    comparable published measure, or its table is not in the store): value, year label, England,
    region, neighbours' mean, rank of N and quartile, and the published measure's own wording."""
    if indicator_code not in benchmark_mappings():
        return None
    return _benchmark(engine, la_code, indicator_code)


def mapped_benchmarks(engine: Engine, la_code: str) -> list[Benchmark]:
    """benchmarks_for every mapped indicator with published data, in catalogue order."""
    codes = [code for code in catalogue().indicators if code in benchmark_mappings()]
    return [b for code in codes if (b := benchmarks_for(engine, la_code, code)) is not None]


def other_measures(engine: Engine) -> pd.DataFrame:
    """Published measures not mapped to an indicator (key, label), to show them as published. Every
    measure and breakdown of every stored table is listed except those a mapped indicator uses as published."""
    measures = _measures(engine, stored.benchmark_version(engine))
    direct = [(s.publication, s.value) for s in benchmark_mappings().values() if s.value is not None]
    keep = [
        not any(p == pub and m == sel.measure and sel.matches(json.loads(b or "{}")) for pub, sel in direct)
        for p, m, b in measures[["publication", "measure", "breakdown"]].itertuples(index=False, name=None)
    ]
    rows = measures[keep]
    keys = rows["publication"] + KEY_SEPARATOR + rows["measure"] + KEY_SEPARATOR + rows["breakdown"]
    labels = [
        _measure_label(p, m, b) for p, m, b in zip(rows["publication"], rows["measure"], rows["breakdown"], strict=True)
    ]
    return pd.DataFrame({"key": keys.to_list(), "label": labels}).sort_values("label", ignore_index=True)


def benchmark_series(engine: Engine, la_code: str, measure: str) -> pd.DataFrame:
    """Year by year for one measure (an indicator code, or a key from other_measures): the authority's
    figure and symbol, England, its region, its neighbours' mean (and how many had one), rank and quartile."""
    found = _resolved(engine, la_code, measure)
    if found is None:
        return pd.DataFrame(columns=list(SERIES_FRAME_COLUMNS))
    _, series, codes, neighbours, polarity = found
    return _series_frame(comparison_by_year(series, codes, neighbours, polarity))


def benchmark_view(engine: Engine, la_code: str, measure: str) -> BenchmarkView | None:
    """A measure's record, year-by-year frame, table twin (with CSV-ready headings) and chart: a mapped
    measure's comparisons as stored on write (benchmark_comparisons), any other worked out now."""
    found = _years(engine, la_code, measure)
    if found is None:
        return None
    spec, years, polarity = found
    record = _record(measure, spec, years[-1], polarity, _authority_name(engine, la_code))
    frame = _series_frame(years)
    name = record.authority_name or la_code
    region = record.comparison.region_name
    title = f"{record.title}: {name} and comparators"
    return BenchmarkView(
        record,
        frame,
        series_table(frame, record.unit, name, region),
        benchmark_figure(frame, title, record.unit, name, region),
        f"benchmark_{_file_part(measure)}_{la_code}.csv",
    )


def benchmark_sources(engine: Engine) -> pd.DataFrame:
    """Which file each publication's years come from, who imported it and when (for the page's footnote)."""
    frame = stored.benchmark_sources_in_force(engine)
    titles = {k: p.title for k, p in benchmark_publications().items()}
    return pd.DataFrame(
        {
            "Publication": [titles.get(p, p) for p in frame["publication"]],
            "File": frame["file_name"],
            "Years": frame["years"],
            "Imported by": frame["loaded_by"],
            "Imported on": [pd.Timestamp(t).strftime("%d/%m/%Y") for t in frame["loaded_at"]],
        }
    )


SERIES_FRAME_COLUMNS = (
    "time_period",
    "year_label",
    "authority",
    "authority_symbol",
    "england",
    "england_symbol",
    "region",
    "region_symbol",
    "neighbours_mean",
    "neighbours_with_values",
    "neighbours_total",
    "rank",
    "ranked",
    "quartile",
)


def series_table(frame: pd.DataFrame, unit: str, authority_name: str, region_name: str) -> pd.DataFrame:
    """The chart's table twin: figures as the dashboard shows them, DfE symbols with their meaning."""

    def shown(values: pd.Series, symbols: pd.Series) -> list[str]:
        return [
            shown_value(v, unit) if pd.notna(v) else (f"{s}: {symbol_meaning(s)}" if isinstance(s, str) else "")
            for v, s in zip(values, symbols, strict=True)
        ]

    return pd.DataFrame(
        {
            "Year": frame["year_label"],
            authority_name or "This authority": shown(frame["authority"], frame["authority_symbol"]),
            "England": shown(frame["england"], frame["england_symbol"]),
            (region_name or "Region"): shown(frame["region"], frame["region_symbol"]),
            NEIGHBOURS_LABEL: [shown_value(v, unit) if pd.notna(v) else "" for v in frame["neighbours_mean"]],
            "Neighbours with a figure": [
                f"{int(n)} of {int(t)}"
                for n, t in zip(frame["neighbours_with_values"], frame["neighbours_total"], strict=True)
            ],
            "Rank (1 = best)": [
                f"{int(r)} of {int(n)}" if pd.notna(r) else ""
                for r, n in zip(frame["rank"], frame["ranked"], strict=True)
            ],
            "Quartile (1 = best)": [str(int(q)) if pd.notna(q) else "" for q in frame["quartile"]],
        }
    )


def _resolved(engine: Engine, la_code: str, measure: str):
    """(spec, series, the authority's codes, its neighbours, polarity) for a measure key, or None when
    nothing is stored for it."""
    version = stored.benchmark_version(engine)
    found = _series_of(engine, version, measure)
    if found is None:
        return None
    spec, series, polarity = found
    return spec, series, _codes_of(engine, version, la_code), _neighbours_of(engine, version, la_code), polarity


@lru_cache(maxsize=256)
def _series_of(engine: Engine, version: int, measure: str):
    if measure in benchmark_mappings():
        spec = benchmark_mappings()[measure]
        polarity = catalogue().indicators[measure].polarity
    else:
        publication, name, breakdown = measure.split(KEY_SEPARATOR, 2)
        values = _values(engine, version, publication, (name,))
        spec = as_published(publication, name, breakdown, guess_unit(name, values["value"]))
        polarity = "neither"
    try:
        series = measure_series(_values(engine, version, spec.publication, spec.measures), spec)
    except ValueError:
        return None  # a newer file with a breakdown the mapping does not pick: shown as unmapped instead
    return None if series.empty else (spec, series, polarity)


def _benchmark(engine: Engine, la_code: str, key: str) -> Benchmark | None:
    stored_years = _stored_years(engine, la_code, key)
    if stored_years is not None:  # the latest year's comparison, as compare() gives it
        spec, years, polarity = stored_years
        return _record(key, spec, years[-1], polarity, _authority_name(engine, la_code))
    found = _resolved(engine, la_code, key)
    if found is None:
        return None
    spec, series, codes, neighbours, polarity = found
    comparison = compare(series, codes, neighbours, polarity)
    if comparison is None:
        return None
    return _record(key, spec, comparison, polarity, _authority_name(engine, la_code))


COMPARISON_FIELDS = [f.name for f in fields(Comparison)]  # benchmark_comparisons' columns


def comparisons_to_store(engine: Engine, la_code: str) -> pd.DataFrame:
    """Every mapped measure's comparisons for the authority, year by year, as benchmark_comparisons keeps
    them (measure + the Comparison's fields): what the Benchmarking page and the panel read."""
    rows = []
    for code in [code for code in catalogue().indicators if code in benchmark_mappings()]:
        found = _resolved(engine, la_code, code)
        if found is None:
            continue
        _, series, codes, neighbours, polarity = found
        rows += [{"measure": code, **asdict(c)} for c in comparison_by_year(series, codes, neighbours, polarity)]
    return pd.DataFrame(rows, columns=["measure", *COMPARISON_FIELDS])


def _years(engine: Engine, la_code: str, measure: str):
    """(spec, comparisons year by year, polarity) of a measure: stored if it is, else worked out; None
    when nothing is published for it."""
    found = _stored_years(engine, la_code, measure)
    if found is not None:
        return found
    resolved = _resolved(engine, la_code, measure)
    if resolved is None:
        return None
    spec, series, codes, neighbours, polarity = resolved
    years = comparison_by_year(series, codes, neighbours, polarity)
    return (spec, years, polarity) if years else None


def _stored_years(engine: Engine, la_code: str, measure: str):
    """A mapped measure's comparisons as stored from the benchmark version in force (None: not stored)."""
    if measure not in benchmark_mappings():
        return None
    with reading(engine) as conn:
        frame = read_comparisons(conn, la_code, benchmarks_in_force(conn), measure)
    if frame.empty:
        return None
    years = [
        Comparison(
            **{name: (None if _blank(value) else value) for name, value in zip(COMPARISON_FIELDS, row, strict=True)}
        )
        for row in frame[COMPARISON_FIELDS].itertuples(index=False, name=None)
    ]
    return benchmark_mappings()[measure], years, catalogue().indicators[measure].polarity


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _record(key: str, spec: BenchmarkMeasure, comparison: Comparison, polarity: str, name: str) -> Benchmark:
    publication = benchmark_publications().get(spec.publication)
    indicator = catalogue().indicators.get(spec.code) if spec.code else None
    title = indicator.title if indicator else _measure_label(spec.publication, spec.value.measure, _breakdown_of(spec))
    return Benchmark(
        key=key,
        title=title,
        unit=spec.unit,
        polarity=polarity,
        published_as=spec.published_as or "As published by the DfE (not mapped to one of our indicators).",
        publication=spec.publication,
        publication_title=publication.title if publication else spec.publication.replace("_", " "),
        period=publication.period if publication else "",
        source_url=publication.url if publication else "https://explore-education-statistics.service.gov.uk",
        comparison=comparison,
        authority_name=name or comparison.area_name,
    )


def _series_frame(comparisons: list[Comparison]) -> pd.DataFrame:
    rows = [
        {
            "time_period": c.time_period,
            "year_label": c.year_label,
            "authority": c.value,
            "authority_symbol": c.symbol,
            "england": c.england,
            "england_symbol": c.england_symbol,
            "region": c.region,
            "region_symbol": c.region_symbol,
            "neighbours_mean": c.neighbours_mean,
            "neighbours_with_values": c.neighbours_with_values,
            "neighbours_total": c.neighbours_total,
            "rank": c.rank,
            "ranked": c.ranked,
            "quartile": c.quartile,
        }
        for c in comparisons
    ]
    frame = pd.DataFrame(rows, columns=list(SERIES_FRAME_COLUMNS))
    numbers = ["authority", "england", "region", "neighbours_mean"]
    return frame.astype({c: "float64" for c in numbers}).astype({c: "Int64" for c in ("rank", "quartile")})


def _neighbours_of(engine: Engine, version: int, la_code: str) -> list[str]:
    """The authority's ten statistical neighbours' old LA numbers, closest first ([] if none stored)."""
    groups = _groups(engine, version)
    old_codes = _old_codes(engine, version, la_code)
    for code in old_codes:
        found = groups[groups["old_la_code"] == code].sort_values("position")
        if len(found):
            return found["neighbour_old_la_code"].tolist()
    return []


def _codes_of(engine: Engine, version: int, la_code: str) -> tuple[str, ...]:
    """Every code that identifies the authority in the tables: the code given and its old LA numbers."""
    return (la_code, *_old_codes(engine, version, la_code))


def _old_codes(engine: Engine, version: int, la_code: str) -> list[str]:
    """The authority's old LA numbers: its own rows first, then its part of any joint row."""
    if la_code.isdigit():
        return [la_code]
    areas = _areas(engine, version)
    las = areas[areas["geographic_level"] == "Local authority"]
    alone = las.loc[las["area_code"] == la_code, "old_la_code"].tolist()
    from_joint = []
    for area, old in zip(las["area_code"], las["old_la_code"], strict=True):
        parts, olds = area.split(JOINT), str(old).split(JOINT)
        if JOINT in area and la_code in parts:
            from_joint.append(olds[parts.index(la_code)] if len(olds) == len(parts) else olds[0])
    return list(dict.fromkeys([*alone, *from_joint]))


def _authority_name(engine: Engine, la_code: str) -> str:
    """The authority's own name ('' when no table has it under this code alone)."""
    areas = _areas(engine, stored.benchmark_version(engine))
    found = areas.loc[(areas["area_code"] == la_code) | (areas["old_la_code"] == la_code), "area_name"]
    return str(found.iloc[0]) if len(found) else ""


def _breakdown_of(spec: BenchmarkMeasure) -> str:
    if spec.value is None:
        return ""
    return json.dumps({c: v[0] for c, v in spec.value.filters}, ensure_ascii=False, sort_keys=True)


def _measure_label(publication: str, measure: str, breakdown: str) -> str:
    known = benchmark_publications().get(publication)
    where = known.title if known else publication.replace("_", " ")
    parts = [measure.replace("_", " ").capitalize(), *json.loads(breakdown or "{}").values()]
    return f"{' · '.join(parts)} ({where})"


def _file_part(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)[:80].strip("_")


@lru_cache(maxsize=64)
def _values(engine: Engine, version: int, publication: str, measures: tuple[str, ...]) -> pd.DataFrame:
    return stored.published_values(engine, publication, measures)


@lru_cache(maxsize=8)
def _areas(engine: Engine, version: int) -> pd.DataFrame:
    return stored.stored_areas(engine)


@lru_cache(maxsize=8)
def _groups(engine: Engine, version: int) -> pd.DataFrame:
    return stored.neighbour_groups(engine)


@lru_cache(maxsize=8)
def _measures(engine: Engine, version: int) -> pd.DataFrame:
    return stored.published_measures(engine)
