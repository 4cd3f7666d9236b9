"""The indicator catalogue (catalogue.yaml) as typed records, and each entry's function.

Declare, then compute: wording, polarity, unit, target and breakdowns live in the YAML; only the
arithmetic lives in the functions. An analyst's local indicators (aggregate values they upload) and
target changes are stored in the database and merged in by `with_local`, so they appear everywhere the
built-in ones do.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path

import pandas as pd
import yaml

from metrics.units import POLARITIES, UNITS

HERE = Path(__file__).parent
AGGREGATE_SOURCE = "indicator_values"
# A breakdown's kind (CONTRACT.md "Breakdowns"). A group (team, cohort, age band) is the same rate within
# the group: its numerator over its own denominator. A split (distance band, placement location) divides
# the numerator by a category: each part over the whole denominator, so the parts add up to the figure.
GROUP, SPLIT = "group", "split"
BREAKDOWN_KINDS = (GROUP, SPLIT)


@dataclass(frozen=True)
class Theme:
    code: str
    title: str
    inspection: str
    order: int


@dataclass(frozen=True)
class ThemePage:
    """A page of the dashboard showing the indicators of one or more themes."""

    slug: str
    title: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    theme: str
    polarity: str
    unit: str
    definition: str
    numerator: str
    denominator: str
    source: str
    function: str | None = None
    breakdowns: tuple[str, ...] = ()  # columns of the units frame, in the order pages offer them
    splits: tuple[str, ...] = ()  # those of `breakdowns` declared `split`; the others are groups
    parameters: tuple[tuple[str, object], ...] = ()
    dfe_measure: str | None = None
    target: float | None = None
    local: bool = False
    key: bool = False  # shown on the overview's theme card
    panel: tuple[tuple[str, str], ...] = ()  # breakdown, title, says, easy_read: see catalogue.yaml
    window_months: int | None = None  # a rolling figure: the monthly files of `source` its window needs

    @property
    def on_panel(self) -> bool:
        """Reported to the corporate parenting panel (children in care and care leavers only)."""
        return bool(self.panel)

    def panel_field(self, name: str) -> str:
        return dict(self.panel).get(name, "")

    @property
    def panel_title(self) -> str:
        """The title the panel shows: its own when its breakdown narrows the population (children in care)."""
        return self.panel_field("title") or self.title

    def breakdown_kind(self, column: str) -> str:
        """GROUP or SPLIT, as the catalogue declares the breakdown by `column`."""
        return SPLIT if column in self.splits else GROUP

    @property
    def is_aggregate(self) -> bool:
        """Read from uploaded aggregate values (indicator_values), not computed from records."""
        return self.source == AGGREGATE_SOURCE

    @property
    def higher_is_better(self) -> bool | None:
        return {"higher": True, "lower": False}.get(self.polarity)


@dataclass(frozen=True)
class Catalogue:
    themes: dict[str, Theme]
    indicators: dict[str, Indicator] = field(default_factory=dict)
    pages: dict[str, ThemePage] = field(default_factory=dict)

    def in_theme(self, theme: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.theme == theme]

    def on_page(self, slug: str) -> list[Indicator]:
        """The indicators a theme page shows, theme by theme in the catalogue's order."""
        return [i for theme in self.pages[slug].themes for i in self.in_theme(theme)]

    def with_local(self, local: Iterable[Indicator] = (), targets: dict[str, float | None] | None = None) -> Catalogue:
        """This catalogue plus an analyst's local indicators and target changes."""
        indicators = dict(self.indicators)
        for extra in local:
            if extra.code in indicators and not indicators[extra.code].local:
                raise ValueError(f"{extra.code} is a built-in indicator; choose another code")
            indicators[extra.code] = extra
        for code, target in (targets or {}).items():
            if code in indicators:
                indicators[code] = replace(indicators[code], target=target)
        return Catalogue(self.themes, indicators, self.pages)


def _indicator(code: str, raw: dict) -> Indicator:
    values = dict(raw)
    values["breakdowns"], values["splits"] = _breakdowns(code, values.get("breakdowns") or {})
    values["parameters"] = tuple((k, _frozen(v)) for k, v in (values.get("parameters") or {}).items())
    values["panel"] = tuple((values.get("panel") or {}).items())
    indicator = Indicator(code=code, **values)
    check_indicator(indicator)
    return indicator


def _breakdowns(code: str, declared: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Columns and splits from the YAML mapping {column: group | split}; every breakdown names its kind."""
    if not isinstance(declared, dict):
        raise ValueError(f"{code}: breakdowns must map each column to its kind, one of {BREAKDOWN_KINDS}")
    for column, kind in declared.items():
        if kind not in BREAKDOWN_KINDS:
            raise ValueError(f"{code}: breakdown {column} must be one of {BREAKDOWN_KINDS}, not {kind!r}")
    return tuple(declared), tuple(column for column, kind in declared.items() if kind == SPLIT)


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def check_indicator(indicator: Indicator, themes: Iterable[str] | None = None) -> None:
    """Refuse an entry a page could not show honestly (unknown unit, polarity or theme; no definition)."""
    if indicator.unit not in UNITS:
        raise ValueError(f"{indicator.code}: unit must be one of {UNITS}")
    if indicator.polarity not in POLARITIES:
        raise ValueError(f"{indicator.code}: polarity must be one of {POLARITIES}")
    if not indicator.definition.strip():
        raise ValueError(f"{indicator.code}: a plain-English definition is required")
    if not indicator.is_aggregate and not indicator.function:
        raise ValueError(f"{indicator.code}: a computed indicator needs a function")
    if not set(indicator.splits) <= set(indicator.breakdowns):
        raise ValueError(f"{indicator.code}: a split must be one of its breakdowns")
    if themes is not None and indicator.theme not in themes:
        raise ValueError(f"{indicator.code}: theme {indicator.theme} is not in the catalogue")


@cache
def catalogue() -> Catalogue:
    """The built-in catalogue, themes in the inspection report's order."""
    raw = yaml.safe_load((HERE / "catalogue.yaml").read_text(encoding="utf-8"))
    themes = {
        code: Theme(code, body["title"], body["inspection"], body["order"])
        for code, body in sorted(raw["themes"].items(), key=lambda item: item[1]["order"])
    }
    indicators = {code: _indicator(code, body) for code, body in raw["indicators"].items()}
    for indicator in indicators.values():
        check_indicator(indicator, themes)
    pages = {slug: ThemePage(slug, body["title"], tuple(body["themes"])) for slug, body in raw["pages"].items()}
    on_pages = [theme for page in pages.values() for theme in page.themes]
    if sorted(on_pages) != sorted(themes):
        raise ValueError("every theme must be on exactly one page of catalogue.yaml")
    return Catalogue(themes, indicators, pages)


def function_of(indicator: Indicator) -> Callable[..., pd.DataFrame]:
    """The units function of an entry, with its parameters bound: fn(inputs, month) -> units."""
    if indicator.is_aggregate:
        from metrics.aggregates import aggregate_units

        return partial(aggregate_units, code=indicator.code)
    module_name, function_name = indicator.function.rsplit(".", 1)
    module = importlib.import_module(f"metrics.{module_name}")
    return partial(getattr(module, function_name), **dict(indicator.parameters))
