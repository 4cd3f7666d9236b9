"""One pandera schema per dataset, built from reference/datasets.yaml, and its failures in words.

The schemas run on the typed table (after ingest/parse.py), lazily, so every failing cell and row is
reported at once. Each check has a name; `_explain` turns a named failure into a sentence an analyst
can act on, reading the same bounds and code lists the check used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pandas as pd
import pandera.pandas as pa

from ingest.issues import Issue, shown_value
from ingest.parse import DTYPES
from reference import ColumnSpec, DatasetSpec, code_list, dataset_specs

CODES_LISTED_IN_FULL = 12


def bounds_text(spec: ColumnSpec) -> str:
    """The allowed range of a number column in words, as its checks enforce it."""
    parts = []
    if spec.min_exclusive is not None:
        parts.append(f"more than {spec.min_exclusive:g}")
    if spec.min is not None:
        parts.append(f"{spec.min:g} or more")
    if spec.max is not None:
        parts.append(f"at most {spec.max:g}")
    return " and ".join(parts)


def _in_bounds(spec: ColumnSpec) -> Callable[[pd.Series], pd.Series]:
    def check(values: pd.Series) -> pd.Series:
        ok = pd.Series(True, index=values.index)
        if spec.min_exclusive is not None:
            ok &= values > spec.min_exclusive
        if spec.min is not None:
            ok &= values >= spec.min
        if spec.max is not None:
            ok &= values <= spec.max
        return ok.fillna(True)

    return check


def _column_checks(spec: ColumnSpec) -> list[pa.Check]:
    checks = []
    if spec.codes:
        codes = [c.code for c in code_list(spec.codes)]
        checks.append(pa.Check(lambda s, codes=codes: s.isin(codes) | s.isna(), name="code_list"))
    if spec.min is not None or spec.min_exclusive is not None or spec.max is not None:
        checks.append(pa.Check(_in_bounds(spec), name="out_of_range"))
    if spec.pattern:
        checks.append(pa.Check(lambda s, p=spec.pattern: s.str.fullmatch(p).fillna(True).astype(bool), name="pattern"))
    return checks


def _ordered(first: str, second: str) -> Callable[[pd.DataFrame], pd.Series]:
    def check(frame: pd.DataFrame) -> pd.Series:
        if first not in frame or second not in frame:
            return pd.Series(True, index=frame.index)
        return ~(frame[second] < frame[first]).fillna(False).astype(bool)

    return check


def _at_most(smaller: str, larger: str) -> Callable[[pd.DataFrame], pd.Series]:
    def check(frame: pd.DataFrame) -> pd.Series:
        return ~(frame[smaller] > frame[larger]).fillna(False).astype(bool)

    return check


def _unique_key(key: tuple[str, ...]) -> Callable[[pd.DataFrame], pd.Series]:
    def check(frame: pd.DataFrame) -> pd.Series:
        present = [k for k in key if k in frame]
        return ~frame[present].duplicated(keep="first")  # blanks are equal to each other, as in Excel

    return check


@cache
def schema_for(dataset: str) -> pa.DataFrameSchema:
    """The declared schema of a dataset: typed columns, their checks, and row-level rules."""
    spec = dataset_specs()[dataset]
    columns = {
        c.name: pa.Column(DTYPES[c.type], _column_checks(c), nullable=c.nullable, required=c.required)
        for c in spec.columns
    }
    checks = [pa.Check(_ordered(a, b), name=f"order:{a}:{b}") for a, b in spec.order]
    checks += [pa.Check(_at_most(a, b), name=f"at_most:{a}:{b}") for a, b in spec.at_most]
    checks.append(pa.Check(_unique_key(spec.key), name="duplicate_key"))
    return pa.DataFrameSchema(columns, checks=checks, name=spec.title)


def schema_issues(frame: pd.DataFrame, dataset: str, file_name: str, headers: dict[str, str]) -> list[Issue]:
    """Run the schema lazily and explain every failure; `headers` maps column -> the file's header."""
    spec = dataset_specs()[dataset]
    try:
        schema_for(dataset).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        failures = err.failure_cases
    else:
        return []
    issues: list[Issue] = []
    seen: set[tuple[str, int, str | None]] = set()
    first_rows = cache(lambda key: _first_rows(frame, key))  # once per file, not once per repeat
    for failure in failures.itertuples(index=False):
        if failure.index is None or pd.isna(failure.index):
            raise RuntimeError(f"schema check without a row: {failure}")  # a parse bug, never user data
        row = int(failure.index)
        # A whole-row check fails once per column of the row; report it once.
        place = (failure.check, row, None if failure.schema_context == "DataFrameSchema" else failure.column)
        if place in seen:
            continue
        seen.add(place)
        issues.append(_explain(failure.check, row, failure.column, frame, spec, file_name, headers, first_rows))
    return issues


def _explain(
    check: str,
    row: int,
    column: str,
    frame: pd.DataFrame,
    spec: DatasetSpec,
    file_name: str,
    headers: dict[str, str],
    first_rows: Callable[[tuple[str, ...]], pd.Series],
) -> Issue:
    shown = headers.get(column, column)
    value = shown_value(frame.at[row, column]) if column in frame else None
    if check == "not_nullable":
        col = spec.column(column)
        return Issue(
            file_name, row, shown, None, "blank_cell", f"{shown} is blank. It must be filled in: {col.description}"
        )
    if check == "code_list":
        return Issue(
            file_name,
            row,
            shown,
            value,
            "unknown_code",
            f"'{value}' is not a valid {column.replace('_', ' ')} code. {_codes_help(spec.column(column))}",
        )
    if check == "out_of_range":
        col = spec.column(column)
        rule = (
            "negative_count"
            if col.type == "integer" and col.min is not None and frame.at[row, column] < 0
            else "out_of_range"
        )
        return Issue(
            file_name,
            row,
            shown,
            value,
            rule,
            f"{value} is out of range: {column} must be {bounds_text(col)}. {col.description}",
        )
    if check == "pattern":
        col = spec.column(column)
        return Issue(
            file_name,
            row,
            shown,
            value,
            "bad_format",
            f"'{value}' is not in the right form for {column}: {col.description}",
        )
    if check.startswith("order:"):
        _, first, second = check.split(":")
        a, b = headers.get(first, first), headers.get(second, second)
        values = f"{_day(frame.at[row, second])} is before {_day(frame.at[row, first])}"
        return Issue(
            file_name,
            row,
            b,
            _day(frame.at[row, second]),
            "end_before_start",
            f"{b} is before {a} ({values}). Check both dates; one of them is wrong.",
        )
    if check.startswith("at_most:"):
        _, smaller, larger = check.split(":")
        return Issue(
            file_name,
            row,
            headers.get(smaller, smaller),
            f"{frame.at[row, smaller]:g}",  # a row-level check: `value` is of whichever column pandera named
            "more_than_denominator",
            f"{smaller} ({frame.at[row, smaller]:g}) is more than {larger} ({frame.at[row, larger]:g}); "
            "the numerator counts some of the denominator, so it cannot be larger.",
        )
    if check == "duplicate_key":
        return _duplicate(row, frame, spec, file_name, headers, first_rows)
    raise RuntimeError(f"no explanation for schema check {check!r}")


def _duplicate(
    row: int, frame: pd.DataFrame, spec: DatasetSpec, file_name: str, headers: dict[str, str], first_rows
) -> Issue:
    key = [k for k in spec.key if k in frame]
    first = first_rows(tuple(key)).loc[row]
    described = ", ".join(f"{headers.get(k, k)} {_day(frame.at[row, k]) or '(blank)'}" for k in key)
    return Issue(
        file_name,
        row,
        ", ".join(headers.get(k, k) for k in key),
        described,
        "duplicate_key",
        f"This row repeats row {first} ({described}). Each row must have a different "
        f"{', '.join(key)}: delete the repeat or correct the values.",
    )


def _first_rows(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """For each row, the first row with the same key (blanks equal to each other)."""
    group = frame[list(key)].groupby(list(key), dropna=False, sort=False).ngroup()
    return pd.Series(frame.index, index=frame.index).groupby(group.to_numpy()).transform("first")


def _day(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return shown_value(value) or ""


def _codes_help(col: ColumnSpec) -> str:
    codes = code_list(col.codes)
    if len(codes) <= CODES_LISTED_IN_FULL:
        return f"Use one of: {', '.join(c.code for c in codes)} (meanings are in the data dictionary)."
    return f"Use a code from the {col.codes.replace('_', ' ')} list in the data dictionary."
