"""Cells of a return to typed values, by the field's declared type, and coded values in their usual forms.

Dates, numbers, flags and identifiers go through the contract's own parsers (ingest/parse.py), so a
date reads the same whether it came from a contract CSV or an Annex A workbook. Coded values accept the
code, its meaning or a listed form, in any case, with or without an Annex A drop-down prefix:
"a) Male", "Male" and "M" are all sex 1; "a) WBRI", "WBRI" and "White British" are all WBRI.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

import pandas as pd

from ingest.parse import CellProblem, parse_column
from reference import ColumnSpec
from reference.standard import FieldSpec, standard_code_lists

DROP_DOWN_PREFIX = re.compile(r"^\(?[a-z]{1,2}\)\s*", re.IGNORECASE)  # "a) ", "(b) ", "aa) "
CODES_LISTED_IN_FULL = 14


def _folded(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.casefold()).strip()


@cache
def code_lookup(list_name: str) -> dict[str, str]:
    """Every accepted form of every code, folded -> the code."""
    lookup: dict[str, str] = {}
    for code in standard_code_lists()[list_name]:
        for form in (code.meaning, *code.forms, code.code):  # the code itself wins a clash
            lookup[_folded(form)] = code.code
    return lookup


def read_code(value: str, list_name: str) -> str | None:
    """The code a cell means, or None when it is not one of the list's codes in any accepted form."""
    lookup = code_lookup(list_name)
    text = value.strip()
    found = lookup.get(_folded(text))
    if found is None:
        found = lookup.get(_folded(DROP_DOWN_PREFIX.sub("", text)))
    return found


def codes_help(list_name: str) -> str:
    codes = standard_code_lists()[list_name]
    if len(codes) <= CODES_LISTED_IN_FULL:
        shown = ", ".join(f"{c.code} ({c.meaning})" if c.code != c.meaning else c.code for c in codes)
        return f"Use one of: {shown}."
    return (
        f"Use a code from the {list_name.replace('_', ' ')} list (the code, such as {codes[0].code}, or its meaning)."
    )


def cell_text(value: object) -> str:
    """What a spreadsheet or XML cell holds, as the text the contract's parsers read."""
    if value is None or (not isinstance(value, str | date) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def typed_field(raw: pd.Series, spec: FieldSpec) -> tuple[pd.Series, list[CellProblem]]:
    """Typed values for one field (blank = missing) and one problem per unreadable or blank required cell."""
    text = raw.map(cell_text).astype("string").str.strip()
    text = text.mask(text == "")
    if spec.type == "code":
        typed, problems = _coded(text, spec)
    else:
        column = ColumnSpec(name=spec.name, type=spec.type, description=spec.name, nullable=True)
        typed, problems = parse_column(text.fillna(""), column)
    if spec.required:
        problems += [
            CellProblem(int(row), "", "blank_cell", f"{spec.name.replace('_', ' ')} is blank; it must be filled in.")
            for row in text[text.isna()].index
        ]
    return typed, problems


def _coded(text: pd.Series, spec: FieldSpec) -> tuple[pd.Series, list[CellProblem]]:
    codes = text.map(lambda v: read_code(v, spec.codes) if isinstance(v, str) else None)
    problems = [
        CellProblem(
            int(row),
            str(text.loc[row]),
            "unknown_code",
            f"'{text.loc[row]}' is not a {spec.codes.replace('_', ' ')} code. {codes_help(spec.codes)}",
        )
        for row in text[text.notna() & codes.isna()].index
    ]
    return codes.astype("string"), problems
