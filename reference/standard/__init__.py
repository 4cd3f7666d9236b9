"""The DfE and Ofsted returns as declared data: Annex A lists, SSDA903 tables, CIN and CSWW census XML.

Only loading lives here, as for reference/datasets.yaml: the readers in ingest/standard/ take every
sheet pattern, heading alias, column list, element path and code list from these files, so a new
year's template is a change to YAML, not to code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from reference import COLUMN_TYPES, code_list

HERE = Path(__file__).parent


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    codes: str | None = None
    path: str | None = None  # XML element path, for the census files
    joined: bool = False  # an XML element that repeats: its values joined with "; "


@dataclass(frozen=True)
class AnnexList:
    name: str
    number: int
    title: str
    sheet_patterns: tuple[re.Pattern, ...]
    fields: tuple[FieldSpec, ...]
    variants: dict[str, tuple[str, ...]]
    cohort: str | None = None
    ends_episode: str | None = None

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class AnnexA:
    source: str
    lists: dict[str, AnnexList]
    header_search_rows: int
    allocations_from: tuple[str, ...]


@dataclass(frozen=True)
class Table903:
    name: str
    title: str
    fields: tuple[FieldSpec, ...]
    first_year: int | None = None


@dataclass(frozen=True)
class Ssda903:
    source: str
    tables: dict[str, Table903]
    new_placement_reasons: tuple[str, ...]
    new_period_reasons: tuple[str, ...]


@dataclass(frozen=True)
class XmlRecord:
    name: str
    path: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class CinCensus:
    source: str
    root: str
    child: str
    records: dict[str, XmlRecord]


@dataclass(frozen=True)
class CswwCensus:
    source: str
    root: str
    worker: str
    fields: tuple[FieldSpec, ...]
    team: str
    fte_fields: tuple[str, ...]


@dataclass(frozen=True)
class StandardCode:
    code: str
    meaning: str
    forms: tuple[str, ...] = ()
    major_group: str | None = None


def _yaml(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def _field(name: str, raw: dict) -> FieldSpec:
    if raw.get("type") not in COLUMN_TYPES:
        raise ValueError(f"field {name}: type must be one of {COLUMN_TYPES}")
    if raw["type"] == "code" and raw.get("codes") not in standard_code_lists():
        raise ValueError(f"field {name}: code list {raw.get('codes')!r} is not declared in codes.yaml")
    return FieldSpec(
        name=name,
        type=raw["type"],
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        required=raw.get("required", True),
        codes=raw.get("codes"),
        path=raw.get("path"),
        joined=raw.get("joined", False),
    )


def _fields(raw: dict) -> tuple[FieldSpec, ...]:
    return tuple(_field(name, body) for name, body in raw.items())


@cache
def annex_a() -> AnnexA:
    """The eleven Annex A lists, with sheet-name patterns, heading aliases and heading variants."""
    raw = _yaml("annex_a.yaml")
    lists = {
        name: AnnexList(
            name=name,
            number=body["number"],
            title=body["title"],
            sheet_patterns=tuple(re.compile(p, re.IGNORECASE) for p in body["sheet_patterns"]),
            fields=_fields(body["fields"]),
            variants={k: tuple(v) for k, v in body["variants"].items()},
            cohort=body.get("cohort"),
            ends_episode=body.get("ends_episode"),
        )
        for name, body in raw["lists"].items()
    }
    return AnnexA(raw["source"], lists, raw["header_search_rows"], tuple(raw["allocations_from"]))


@cache
def ssda903() -> Ssda903:
    """The SSDA903 tables and their column lists, and how episodes make placements."""
    raw = _yaml("ssda903.yaml")
    tables = {
        name: Table903(name, body["title"], _fields(body["fields"]), body.get("from"))
        for name, body in raw["tables"].items()
    }
    rules = raw["placements"]
    return Ssda903(raw["source"], tables, tuple(rules["new_placement_reasons"]), tuple(rules["new_period_reasons"]))


@cache
def cin_census() -> CinCensus:
    """The CIN census XML: each record's element path from a <Child> and its fields' paths."""
    raw = _yaml("cin_census.yaml")
    records = {name: XmlRecord(name, body["path"], _fields(body["fields"])) for name, body in raw["records"].items()}
    return CinCensus(raw["source"], raw["root"], raw["child"], records)


@cache
def csww_census() -> CswwCensus:
    """The CSWW census XML: each <CSWWWorker> field's path, and how it makes a workforce row."""
    raw = _yaml("csww_census.yaml")
    return CswwCensus(
        raw["source"],
        raw["root"],
        raw["worker"],
        _fields(raw["fields"]),
        raw["workforce"]["team"],
        tuple(raw["workforce"]["fte_fields"]),
    )


@cache
def standard_code_lists() -> dict[str, tuple[StandardCode, ...]]:
    """Every code list the returns use: codes.yaml's own, and the contract's lists it names."""
    raw = _yaml("codes.yaml")
    lists = {
        name: tuple(
            StandardCode(
                str(code), body["meaning"], tuple(str(f) for f in body.get("forms", ())), body.get("major_group")
            )
            for code, body in spec["codes"].items()
        )
        for name, spec in raw.items()
        if name != "contract_lists"
    }
    for name, contract in raw["contract_lists"].items():
        lists[name] = tuple(StandardCode(c.code, c.meaning) for c in code_list(contract))
    return lists


def ethnic_major_groups() -> tuple[str, ...]:
    """The DfE's major ethnic groups, in the order they publish them."""
    return tuple(_yaml("codes.yaml")["ethnicity"]["major_groups"])
