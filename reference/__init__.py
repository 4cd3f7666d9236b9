"""Reference data as data: the dataset contract (datasets.yaml) and code lists (codes/*.csv).

This package only loads files; it holds no rules. Everything that checks, templates or documents
an upload reads its lists from here, so a code or alias is changed in one place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent
COLUMN_TYPES = ("id", "text", "code", "date", "flag", "integer", "decimal", "month")
DATASET_KINDS = ("snapshot", "episode", "keyed")
# The pandas dtype each column type is held in, wherever a dataset is a frame (checked or stored).
DTYPES = {
    "id": "string",
    "text": "string",
    "code": "string",
    "month": "string",
    "date": "datetime64[ns]",
    "flag": "boolean",
    "integer": "Int64",
    "decimal": "Float64",
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    description: str
    example: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = True
    nullable: bool = False
    codes: str | None = None
    min: float | None = None
    min_exclusive: float | None = None
    max: float | None = None
    pattern: str | None = None
    lower_case: bool = False  # read in lower case, so a catalogue code matches in any case
    true_words: tuple[str, ...] = ()
    false_words: tuple[str, ...] = ()
    not_after_month_end: bool = False


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    title: str
    short_title: str
    one_row_per: str
    kind: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    order: tuple[tuple[str, str], ...] = ()
    at_most: tuple[tuple[str, str], ...] = ()
    in_month_end_column: str | None = None
    age_band: tuple[int, int] | None = None
    point_in_time: tuple[str, ...] = ()
    milestones: tuple[tuple[str, str, str], ...] = ()  # (column, words for one record, words for many)
    from_returns: bool = False  # filled from the council's returns: not expected every month
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str
    extra: tuple[tuple[str, str], ...] = ()


def _column(name: str, raw: dict) -> ColumnSpec:
    if raw.get("type") not in COLUMN_TYPES:
        raise ValueError(f"column {name}: type must be one of {COLUMN_TYPES}")
    values = dict(raw)
    for listed in ("aliases", "true_words", "false_words"):
        values[listed] = tuple(str(a) for a in values.get(listed, ()))
    if "example" in values:
        values["example"] = str(values["example"])
    return ColumnSpec(name=name, **values)


@cache
def dataset_specs() -> dict[str, DatasetSpec]:
    """The six datasets of the data contract, in contract order, then those filled from the returns."""
    raw = yaml.safe_load((HERE / "datasets.yaml").read_text(encoding="utf-8"))
    specs = {}
    for name, body in raw.items():
        if body["kind"] not in DATASET_KINDS:
            raise ValueError(f"dataset {name}: kind must be one of {DATASET_KINDS}")
        columns = tuple(_column(c, v) for c, v in body["columns"].items())
        specs[name] = DatasetSpec(
            name=name,
            title=body["title"],
            short_title=body["short_title"],
            one_row_per=body["one_row_per"],
            kind=body["kind"],
            key=tuple(body["key"]),
            columns=columns,
            order=tuple(tuple(pair) for pair in body.get("order", ())),
            at_most=tuple(tuple(pair) for pair in body.get("at_most", ())),
            in_month_end_column=body.get("in_month_end_column"),
            age_band=tuple(body["age_band"]) if body.get("age_band") else None,
            point_in_time=tuple(body.get("point_in_time", ())),
            milestones=tuple((column, one, many) for column, (one, many) in body.get("milestones", {}).items()),
            from_returns=bool(body.get("from_returns", False)),
        )
    return specs


@cache
def code_list(name: str) -> tuple[Code, ...]:
    """A code list from reference/codes/NAME.csv: the `code` and `meaning` columns, other columns kept."""
    path = HERE / "codes" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Code(
            code=row["code"].strip(),
            meaning=row["meaning"].strip(),
            extra=tuple((k, (v or "").strip()) for k, v in row.items() if k not in ("code", "meaning")),
        )
        for row in rows
    )
