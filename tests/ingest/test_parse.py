"""ingest/parse.py: each reading rule of the data contract ("Uploads"), one small test per rule.

Rows are numbered as Excel numbers them (header = row 1), so the first data cell is row 2.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ingest.parse import DTYPES, parse_column
from ingest.parse import month_from_text as month
from reference import ColumnSpec, dataset_specs

DATE = ColumnSpec("start_date", "date", "A date.")
FLAG = ColumnSpec("case_holding", "flag", "A flag.")
ID = ColumnSpec("worker_id", "id", "An identifier.")
INTEGER = ColumnSpec("caseload", "integer", "A count.", example="17")
DECIMAL = ColumnSpec("distance_miles", "decimal", "A number.")
MONTH = ColumnSpec("period", "month", "A month.")
INSIDE_LA = dataset_specs()["placements"].column("inside_la")


def cells(*values) -> pd.Series:
    """A raw column as read from a file: text cells, indexed by Excel row number from row 2."""
    return pd.Series(list(values), index=range(2, 2 + len(values)), dtype=object)


def parse(spec: ColumnSpec, *values):
    typed, problems = parse_column(cells(*values), spec)
    return typed, {p.row: p for p in problems}


def one(spec: ColumnSpec, value: str):
    """The typed value of a single cell and its problem (None if it read cleanly)."""
    typed, problems = parse(spec, value)
    assert set(problems) <= {2}
    return typed.loc[2], problems.get(2)


# Dates: dd/mm/yyyy or ISO.


def test_date_dd_mm_yyyy():
    assert one(DATE, "25/01/2019") == (pd.Timestamp(2019, 1, 25), None)


def test_date_single_digit_day_and_month():
    assert one(DATE, "5/1/2019") == (pd.Timestamp(2019, 1, 5), None)


def test_date_iso():
    assert one(DATE, "2019-01-25") == (pd.Timestamp(2019, 1, 25), None)


def test_date_with_midnight_time_as_excel_writes_it():
    assert one(DATE, "25/01/2019 00:00") == (pd.Timestamp(2019, 1, 25), None)
    assert one(DATE, "2019-01-25 00:00:00") == (pd.Timestamp(2019, 1, 25), None)


def test_date_that_does_not_exist_is_a_problem_naming_the_format():
    value, problem = one(DATE, "31/02/2019")
    assert pd.isna(value)
    assert problem.rule == "unreadable_date"
    assert problem.value == "31/02/2019"
    assert "DD/MM/YYYY" in problem.message


def test_us_month_day_date_is_a_problem_that_says_so():
    value, problem = one(DATE, "05/13/2024")
    assert pd.isna(value)
    assert problem.rule == "unreadable_date"
    assert "US" in problem.message


def test_excel_serial_number_is_a_problem_that_says_so():
    value, problem = one(DATE, "45123")
    assert pd.isna(value)
    assert problem.rule == "unreadable_date"
    assert "serial" in problem.message


def test_date_with_unlikely_year_is_a_problem():
    value, problem = one(DATE, "01/01/1800")
    assert pd.isna(value)
    assert problem.rule == "unreadable_date"
    assert "1800" in problem.message


def test_day_first_is_never_read_month_first():
    # 03/04/2025 is 3 April, not 4 March.
    assert one(DATE, "03/04/2025") == (pd.Timestamp(2025, 4, 3), None)


# Flags: Y/N/Yes/No/True/False/1/0 in any case.


@pytest.mark.parametrize("word", ["Y", "y", "Yes", "YES", "yEs", "True", "TRUE", "true", "1"])
def test_flag_yes_words(word):
    assert one(FLAG, word) == (True, None)


@pytest.mark.parametrize("word", ["N", "n", "No", "NO", "nO", "False", "FALSE", "false", "0"])
def test_flag_no_words(word):
    assert one(FLAG, word) == (False, None)


def test_in_and_out_are_flags_only_where_the_column_declares_them():
    typed, problems = parse(INSIDE_LA, "IN", "out", "Inside", "OUTSIDE")
    assert typed.tolist() == [True, False, True, False]
    assert problems == {}
    value, problem = one(FLAG, "IN")
    assert pd.isna(value)
    assert problem.rule == "unreadable_flag"


def test_flag_that_is_not_yes_or_no_is_a_problem():
    value, problem = one(FLAG, "maybe")
    assert pd.isna(value)
    assert problem.rule == "unreadable_flag"
    assert problem.value == "maybe"


# Identifiers: trimmed, and 1234.0 read as 1234.


def test_identifier_is_trimmed():
    assert one(ID, " W1 ") == ("W1", None)


def test_identifier_float_artefact_is_read_as_whole():
    assert one(ID, "1234.0") == ("1234", None)


def test_identifier_keeps_leading_zeros():
    assert one(ID, "00123") == ("00123", None)


def test_identifier_in_scientific_notation_is_a_problem():
    value, problem = one(ID, "1.23457E+11")
    assert pd.isna(value)
    assert problem.rule == "scientific_id"


# Integers.


def test_integer_with_a_fraction_is_not_whole():
    value, problem = one(INTEGER, "3.5")
    assert pd.isna(value)
    assert problem.rule == "not_whole_number"


def test_integer_that_is_not_a_number():
    value, problem = one(INTEGER, "abc")
    assert pd.isna(value)
    assert problem.rule == "not_a_number"


def test_negative_integer_parses_and_is_left_to_the_schema():
    assert one(INTEGER, "-1") == (-1, None)


def test_integer_written_with_point_zero():
    assert one(INTEGER, "12.0") == (12, None)


# Decimals.


def test_decimal_without_leading_zero():
    assert one(DECIMAL, ".5") == (0.5, None)


@pytest.mark.parametrize("word", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_decimal_nan_and_infinity_are_not_numbers(word):
    value, problem = one(DECIMAL, word)
    assert pd.isna(value)
    assert problem.rule == "not_a_number"


# Blank cells.


@pytest.mark.parametrize("spec", [DATE, FLAG, ID, INTEGER, DECIMAL, MONTH, INSIDE_LA])
def test_blank_cells_are_missing_without_a_problem(spec):
    typed, problems = parse(spec, "", "   ", None)
    assert typed.isna().tolist() == [True, True, True]
    assert problems == {}


# Months.


@pytest.mark.parametrize(
    "text", ["2025-03", "03/2025", "Mar-25", "March 2025", "01/03/2025", "2025-03-01", "MARCH 2025"]
)
def test_month_from_what_excel_leaves(text):
    assert month(text) == "2025-03"


@pytest.mark.parametrize("text", ["13/2025", "2025-13", "15/03/2025", "Smarch 2025", "", "2025"])
def test_not_a_month(text):
    assert month(text) is None


def test_unreadable_month_cell_is_a_problem():
    typed, problems = parse(MONTH, "2025-03", "13/2025")
    assert typed.tolist() == ["2025-03", pd.NA]
    assert problems[3].rule == "unreadable_month"


# Types and the input.


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (DATE, "25/01/2019"),
        (FLAG, "Y"),
        (ID, "W1"),
        (INTEGER, "3"),
        (DECIMAL, "0.5"),
        (MONTH, "2025-03"),
        (ColumnSpec("team", "text", "Text."), "Hub 1"),
        (ColumnSpec("cohort", "code", "A code.", codes="cohorts"), "cla"),
    ],
)
def test_typed_column_has_the_declared_dtype(spec, value):
    typed, _ = parse(spec, value, "")
    assert str(typed.dtype) == DTYPES[spec.type]


def test_dtypes_cover_every_column_type():
    assert DTYPES == {
        "id": "string",
        "text": "string",
        "code": "string",
        "month": "string",
        "date": "datetime64[ns]",
        "flag": "boolean",
        "integer": "Int64",
        "decimal": "Float64",
    }


def test_problem_rows_are_the_rows_of_the_input():
    raw = pd.Series(["25/01/2019", "31/02/2019", "2019-01-25", "45123"], index=[2, 3, 5, 9], dtype=object)
    typed, problems = parse_column(raw, DATE)
    assert typed.index.tolist() == [2, 3, 5, 9]
    assert sorted((p.row, p.value) for p in problems) == [(3, "31/02/2019"), (9, "45123")]


@pytest.mark.parametrize(
    ("spec", "values"),
    [
        (ID, [" W1 ", "1234.0", "", None]),
        (DATE, [" 25/01/2019 ", "31/02/2019", ""]),
        (FLAG, [" yes ", "maybe"]),
        (INTEGER, [" 12.0 ", "3.5"]),
    ],
)
def test_input_is_not_mutated(spec, values):
    raw = cells(*values)
    before = raw.copy()
    parse_column(raw, spec)
    pd.testing.assert_series_equal(raw, before)
    assert raw.dtype == object


def test_a_two_digit_year_is_refused_with_the_reason():
    spec = ColumnSpec(name="start_date", type="date", description="d")
    typed, problems = parse_column(pd.Series(["01/03/25"], index=[2], dtype=object), spec)
    assert typed.isna().all()
    assert [(p.row, p.rule) for p in problems] == [(2, "unreadable_date")]
    assert (
        problems[0].message
        == "01/03/25 has a two-digit year, which could be read wrongly; use DD/MM/YYYY, for example 31/03/2025."
    )


def test_an_indicator_code_is_read_in_lower_case_so_it_matches_the_catalogue_in_any_case():
    code = dataset_specs()["indicator_values"].column("indicator_code")
    typed, problems = parse(code, "Strategy_In_Time", " STRATEGY_IN_TIME ", "strategy_in_time")
    assert list(typed) == ["strategy_in_time"] * 3 and not problems


def test_other_text_keeps_its_case():
    team = dataset_specs()["workforce"].column("team")
    assert one(team, "Hub A")[0] == "Hub A"
