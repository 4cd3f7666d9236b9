"""Raw text cells to typed values, one column at a time, collecting a problem per unreadable cell.

A cell that cannot be read becomes missing in the typed column and one problem here; the schema
checks then run on the typed table, so one bad cell never hides another row's problem.
Dates are day-first (dd/mm/yyyy) or ISO; flags accept Y/N/Yes/No/True/False/1/0 in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reference import DTYPES, ColumnSpec, code_list

TRUE_WORDS = ("y", "yes", "true", "1", "1.0", "t")
FALSE_WORDS = ("n", "no", "false", "0", "0.0", "f")
MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 200
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099
DATE_FORMAT_HELP = "use DD/MM/YYYY, for example 31/03/2025"
US_DATE_HELP = "It looks like a US month/day date; use DD/MM/YYYY, for example 31/03/2025"
MONTH_FORMAT_HELP = "use YYYY-MM, for example 2025-03"
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_ID_FLOAT = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}


@dataclass(frozen=True)
class CellProblem:
    row: int
    value: str
    rule: str
    message: str


def parse_column(raw: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, list[CellProblem]]:
    """Typed values for one column (blank = missing) and a problem for each unreadable cell."""
    text = _as_text(raw).str.strip()
    text = text.mask(text == "")
    if spec.lower_case:
        text = text.str.lower()
    parser = _PARSERS[spec.type]
    typed, bad = parser(text, spec)
    problems = [CellProblem(int(row), str(raw.loc[row]), rule, message) for row, (rule, message) in bad.items()]
    return typed.astype(DTYPES[spec.type]), problems


def _as_text(raw: pd.Series) -> pd.Series:
    """Cells as pandas' Arrow-backed text, converted in one pass (astype checks every object first)."""
    if raw.dtype == object:
        try:
            values = pa.array(raw.to_numpy(), type=pa.large_string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: let pandas say what each cell is
            return raw.astype("string")
        return pd.Series(pd.arrays.ArrowStringArray(values), index=raw.index, name=raw.name)
    return raw.astype("string")


def _line_breaks(text: pd.Series) -> dict:
    hits = text[text.str.contains(r"[\r\n]", regex=True, na=False)]
    return {
        row: (
            "line_break",
            "The cell contains a line break. Remove it; if many cells look merged, a quote mark "
            "is probably not closed on an earlier row.",
        )
        for row in hits.index
    }


def _parse_id(text: pd.Series, spec: ColumnSpec):
    floats = text.str.fullmatch(_ID_FLOAT.pattern, na=False)  # only these need the slower replace
    cleaned = text.mask(floats, text[floats].str.replace(_ID_FLOAT, r"\1", regex=True)) if floats.any() else text
    bad = _line_breaks(text)
    for row in text[text.str.fullmatch(_SCIENTIFIC.pattern, na=False)].index:
        bad[row] = (
            "scientific_id",
            "Excel has turned this identifier into scientific notation and digits are lost. Format "
            "the column as Text in the source system export and export again.",
        )
    for row in text[text.str.len() > MAX_ID_CHARS].index:
        bad.setdefault(
            row,
            (
                "too_long",
                f"An identifier can be at most {MAX_ID_CHARS} characters; check the right column was exported.",
            ),
        )
    return cleaned.mask(pd.Series(cleaned.index.isin(list(bad)), index=cleaned.index)), bad


def _parse_text(text: pd.Series, spec: ColumnSpec):
    bad = _line_breaks(text)
    for row in text[text.str.len() > MAX_TEXT_CHARS].index:
        bad.setdefault(
            row,
            ("too_long", f"This text is longer than {MAX_TEXT_CHARS} characters; check the right column was exported."),
        )
    return text.mask(pd.Series(text.index.isin(list(bad)), index=text.index)), bad


def _parse_code(text: pd.Series, spec: ColumnSpec):
    canonical = {c.code.upper(): c.code for c in code_list(spec.codes)}
    upper = text.str.upper()
    known = upper.map(canonical)
    # Unknown codes stay as written; the schema's code-list check reports them with the valid codes.
    return known.fillna(text), {}


def _parse_date(text: pd.Series, spec: ColumnSpec):
    """Dates as DD/MM/YYYY or YYYY-MM-DD are read in one vectorised pass each; anything else (a time of
    day, dots or dashes, an unreadable cell) is taken apart by the regular expressions below."""
    cells = pa.array(text.array, type=pa.large_string())
    read = None
    for shape, fmt in _PLAIN_DATES:
        parts = pc.extract_regex(cells, shape)
        found = pc.strptime(cells, format=fmt, unit="ns", error_is_null=True)
        # Arrow's strptime rolls 31/02 over into March: a date counts only if it has the day, month and
        # year written, within the years a date may have.
        day, month, year = (pc.cast(pc.struct_field(parts, part), pa.int64()) for part in ("d", "m", "y"))
        exact = pc.and_kleene(
            pc.and_kleene(pc.equal(pc.day(found), day), pc.equal(pc.month(found), month)),
            pc.and_kleene(pc.equal(pc.year(found), year), pc.greater_equal(year, EARLIEST_YEAR)),
        )
        exact = pc.and_kleene(exact, pc.less_equal(year, LATEST_YEAR))
        kept = pc.if_else(pc.fill_null(exact, False), found, None)
        read = kept if read is None else pc.coalesce(read, kept)
    dates = pd.Series(read.to_numpy(zero_copy_only=False), index=text.index).astype("datetime64[ns]")
    rest = text.notna() & dates.isna()
    if not rest.any():
        return dates, {}
    slow, bad = _parse_date_parts(text[rest])
    dates[rest] = slow
    return dates, bad


_PLAIN_DATES = (
    (r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$", "%d/%m/%Y"),
    (r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$", "%Y-%m-%d"),
)


def _parse_date_parts(text: pd.Series):
    day_first = text.str.extract(_DAY_FIRST)
    iso = text.str.extract(_ISO)
    year = day_first[2].fillna(iso[0])
    month = day_first[1].fillna(iso[1])
    day = day_first[0].fillna(iso[2])
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).apply(pd.to_numeric, errors="coerce")
    dates = pd.to_datetime(parts.dropna(), errors="coerce").reindex(text.index)
    in_range = (parts["year"] >= EARLIEST_YEAR) & (parts["year"] <= LATEST_YEAR)
    dates = dates.where(in_range)
    bad = {}
    for row in text[text.notna() & dates.isna()].index:
        bad[row] = _date_problem(text.loc[row], parts.loc[row])
    return dates, bad


def _date_problem(value: str, parts: pd.Series) -> tuple[str, str]:
    if parts.notna().all():
        if not EARLIEST_YEAR <= parts["year"] <= LATEST_YEAR:
            return (
                "unreadable_date",
                f"{value} has an unlikely year ({int(parts['year'])}); check the date and {DATE_FORMAT_HELP}.",
            )
        if parts["month"] > 12 and parts["day"] <= 12:
            return (
                "unreadable_date",
                f"{value} is not a date in day/month order. {US_DATE_HELP}.",
            )
        return "unreadable_date", f"{value} is not a real date; check the day and month, and {DATE_FORMAT_HELP}."
    if re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}", value):
        return "unreadable_date", f"{value} has a two-digit year, which could be read wrongly; {DATE_FORMAT_HELP}."
    if re.fullmatch(r"\d{5}(\.\d+)?", value):
        return (
            "unreadable_date",
            f"{value} looks like an Excel date serial number, not a date. Format the column as a date "
            f"(DD/MM/YYYY) before saving as CSV.",
        )
    return "unreadable_date", f"{value} is not a date; {DATE_FORMAT_HELP}."


def _parse_flag(text: pd.Series, spec: ColumnSpec):
    words = {w: True for w in TRUE_WORDS + tuple(w.lower() for w in spec.true_words)}
    words.update({w: False for w in FALSE_WORDS + tuple(w.lower() for w in spec.false_words)})
    flags = text.str.lower().map(words)
    accepted = "Y or N (Yes/No, True/False and 1/0 also work)"
    if spec.true_words:
        accepted += f", or {'/'.join(w.upper() for w in spec.true_words + spec.false_words)}"
    bad = {
        row: ("unreadable_flag", f"'{text.loc[row]}' is not a yes/no value; use {accepted}.")
        for row in text[text.notna() & flags.isna()].index
    }
    return flags, bad


def _parse_number(text: pd.Series, spec: ColumnSpec):
    numeric = text.where(text.str.fullmatch(_DECIMAL.pattern, na=False))
    numbers = pd.to_numeric(numeric, errors="coerce").astype("Float64")
    bad = {}
    kind = "a whole number" if spec.type == "integer" else "a number"
    for row in text[text.notna() & numbers.isna()].index:
        bad[row] = (
            "not_a_number",
            f"'{text.loc[row]}' is not {kind}; enter digits only, for example {spec.example or '3'}.",
        )
    if spec.type == "integer":
        fractional = numbers.notna() & (numbers % 1 != 0)
        for row in numbers[fractional.fillna(False)].index:
            bad[row] = (
                "not_whole_number",
                f"{text.loc[row]} is not a whole number; {spec.name} counts children, so it must be a whole number.",
            )
        numbers = numbers.mask(fractional.fillna(False))
    return numbers, bad


def _parse_month(text: pd.Series, spec: ColumnSpec):
    months = text.map(lambda v: month_from_text(v) if isinstance(v, str) else None)
    bad = {
        row: ("unreadable_month", f"'{text.loc[row]}' is not a month; {MONTH_FORMAT_HELP}.")
        for row in text[text.notna() & months.isna()].index
    }
    return months, bad


def month_from_text(value: str) -> str | None:
    """A month as YYYY-MM from what Excel leaves of it: 2025-03, 03/2025, Mar-25, March 2025, 01/03/2025."""
    value = value.strip()
    patterns = (
        (r"(\d{4})-(\d{1,2})", lambda m: (int(m[1]), int(m[2]))),
        (r"(\d{4})-(\d{1,2})-01", lambda m: (int(m[1]), int(m[2]))),
        (r"(\d{1,2})/(\d{4})", lambda m: (int(m[2]), int(m[1]))),
        (r"0?1/(\d{1,2})/(\d{4})", lambda m: (int(m[2]), int(m[1]))),
        (r"([A-Za-z]{3})[A-Za-z]*[ \-](\d{2}|\d{4})", lambda m: (_year(m[2]), _MONTHS.get(m[1].lower()))),
    )
    for pattern, pick in patterns:
        found = re.fullmatch(pattern, value)
        if found:
            year, month = pick(found)
            if month and 1 <= month <= 12 and EARLIEST_YEAR <= year <= LATEST_YEAR:
                return f"{year:04d}-{month:02d}"
    return None


_SHORT_YEAR_MONTH = r"[A-Za-z]{3}[A-Za-z]*[ \-]\d{2}"


def short_year_months(raw: pd.Series) -> pd.Series:
    """The cells giving a month as Excel displays one, with a two-digit year ('Oct-18'): read as 20YY
    by `month_from_text`, and counted so the Check page can say so rather than convert in silence."""
    text = _as_text(raw).str.strip()
    return text[text.str.fullmatch(_SHORT_YEAR_MONTH, na=False)]


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


_PARSERS = {
    "id": _parse_id,
    "text": _parse_text,
    "code": _parse_code,
    "date": _parse_date,
    "flag": _parse_flag,
    "integer": _parse_number,
    "decimal": _parse_number,
    "month": _parse_month,
}
