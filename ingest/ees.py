"""DfE published tables (Explore Education Statistics "tidy" CSVs) and statistical neighbour groupings,
read generally: bytes in, one long frame of published values (or a list of problems) out.

An EES file has one row per year x geography x breakdown: the standard time and geography columns, then
breakdown (filter) columns, then measures. Which column is which is decided by a rule, not by knowing
the file, so next year's file or another EES table reads with no code change:

- a column is **time or geography** when it is one of TIME_COLUMNS or GEOGRAPHY_COLUMNS (EES standard);
- any other column is a **breakdown** when most (more than half) of its non-blank cells that are not DfE
  symbols are not numbers, and a **measure** otherwise; a column with no values at all is ignored.

Rows at the National, Regional and Local authority levels are kept (KEPT_LEVELS); other levels are
counted and left out. A cell holding a DfE symbol (reference/dfe/suppression_symbols.csv: c, z, x, k,
low, u, and the older ':' and '..') is kept as that symbol with no value; blank cells are not stored.
Nothing is returned for storing if there is any error: every problem names file, row and column.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ingest.decode import UnreadableFile, decode_bytes
from ingest.headers import EES_MARKERS, normalise_header
from ingest.issues import Issue
from ingest.read import read_table

SYMBOLS_FILE = Path(__file__).resolve().parents[1] / "reference" / "dfe" / "suppression_symbols.csv"
TIME_COLUMNS = ("time_period", "time_identifier")
GEOGRAPHY_COLUMNS = (
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "lad_code",
    "lad_name",
    "pcon_code",
    "pcon_name",
    "rsc_region_lead_name",
    "english_devolved_area_code",
    "english_devolved_area_name",
    "opportunity_area_code",
    "opportunity_area_name",
    "local_enterprise_partnership_code",
    "local_enterprise_partnership_name",
    "lsip_code",
    "lsip_name",
    "ward_code",
    "ward_name",
    "planning_area_code",
    "planning_area_name",
    "school_urn",
    "school_laestab",
    "school_name",
    "school_postcode",
    "trust_id",
    "trust_name",
    "sponsor_id",
    "sponsor_name",
    "provider_ukprn",
    "provider_name",
    "institution_id",
    "institution_name",
)
KEPT_LEVELS = {"national": "National", "regional": "Regional", "local authority": "Local authority"}
BREAKDOWN_SHARE = 0.5  # a column is a breakdown when more than this share of its values are not numbers
NO_BREAKDOWN = "{}"
MAX_ISSUES_PER_RULE = 20
SHOWN_SYMBOLS = "c, z, x, k, low, u"
# The long frame every published file becomes: one row per year x area x breakdown x measure.
VALUE_COLUMNS = (
    "time_period",
    "time_identifier",
    "year_label",
    "geographic_level",
    "area_code",
    "area_name",
    "old_la_code",
    "region_code",
    "region_name",
    "breakdown",
    "measure",
    "value",
    "symbol",
)
NEIGHBOUR_COLUMNS = ("old_la_code", "la_name", "region_name", "position", "neighbour_old_la_code", "closeness")
NEIGHBOUR_COUNT = 10
YEAR_IDENTIFIERS = ("academic year", "financial year", "tax year", "calendar year", "reporting year")


@cache
def suppression_symbols() -> dict[str, str]:
    """DfE symbol -> its meaning in words, from reference/dfe/suppression_symbols.csv."""
    with SYMBOLS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["symbol"].strip(): row["meaning"].strip() for row in csv.DictReader(handle)}


def symbol_meaning(symbol: str | None) -> str:
    """'c' -> 'confidential (suppressed to protect individuals)'; blank for no symbol."""
    if symbol is None or (not isinstance(symbol, str) and pd.isna(symbol)):
        return ""
    return suppression_symbols().get(symbol, f"'{symbol}'")


@dataclass(frozen=True)
class PublishedFile:
    """An EES table read: the long frame of values (None if there are errors) and what was found."""

    file_name: str
    sha256: str
    publication: str
    filters: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    years: tuple[tuple[str, str], ...] = ()  # (time_period, year label), oldest first
    rows_read: int = 0
    left_out: tuple[tuple[str, int], ...] = ()  # (geographic level, rows) not kept
    issues: tuple[Issue, ...] = ()
    values: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.values is not None and not any(i.severity == "error" for i in self.issues)


@dataclass(frozen=True)
class NeighbourFile:
    """A statistical neighbour groupings file: each authority's neighbours by old LA number."""

    file_name: str
    sha256: str
    rows_read: int = 0
    issues: tuple[Issue, ...] = ()
    groups: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.groups is not None and not any(i.severity == "error" for i in self.issues)


def publication_from_name(file_name: str) -> str:
    """The publication a file belongs to: its name without years, copy marks or extension.

    'csww_indicators_2017_to_2025.csv' -> 'csww_indicators'; 'la_care_leavers_activity (1).csv' ->
    'la_care_leavers_activity'. Next year's download of the same table gets the same name.
    """
    stem = re.sub(r"\s*\(\d+\)$", "", Path(file_name).stem.strip().lower())
    kept: list[str] = []
    after_year = False
    for token in re.split(r"[^a-z0-9]+", stem):
        if re.fullmatch(r"(19|20)\d{2}((19|20)?\d{2})?", token):
            after_year = True
            if kept and kept[-1] == "to":
                kept.pop()
            continue
        if token and not (after_year and token == "to"):
            kept.append(token)
        after_year = False
    return "_".join(kept) or "ees_table"


def year_label(time_period: str, time_identifier: str) -> str:
    """A year as people write it: ('2025', 'Reporting year') -> '2025'; ('202425', 'Financial year') ->
    '2024-25'; ('202425', 'Academic year') -> '2024/25'; ('202425', 'Financial year Q1') -> '2024-25 Q1';
    ('2025', 'January') -> 'January 2025'."""
    period, identifier = str(time_period).strip(), str(time_identifier or "").strip()
    low = identifier.lower()
    base = period
    if re.fullmatch(r"\d{6}", period):
        academic = low.startswith("academic") or "term" in low  # school terms belong to academic years
        base = f"{period[:4]}{'/' if academic else '-'}{period[4:]}"
    for whole in YEAR_IDENTIFIERS:
        if low.startswith(whole):
            return f"{base} {identifier[len(whole) :].strip()}".strip()
    if not identifier or low == "total":
        return base
    return f"{identifier} {base}"


def is_published_table(data: bytes) -> bool:
    """Whether a file's header row is an EES table's or a statistical neighbour file's."""
    try:
        text = decode_bytes(data[:65536]).text
    except UnreadableFile:
        return False
    headers = {normalise_header(h) for h in _first_line_cells(text)}
    return headers >= EES_MARKERS or _is_neighbour_header(headers)


def read_published_file(file_name: str, data: bytes, publication: str | None = None) -> PublishedFile | NeighbourFile:
    """Read an EES table (or a statistical neighbour file) in full; problems name file, row and column."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        text = decode_bytes(data).text
    except UnreadableFile as err:
        return PublishedFile(file_name, sha, publication or "", issues=(_whole(file_name, err.rule, err.message),))
    raw = read_table(text, file_name)
    names = [normalise_header(h) for h in raw.headers]
    if _is_neighbour_header(set(names)) and not set(names) >= EES_MARKERS:
        return _read_neighbours(file_name, sha, raw, names)
    return _read_ees(file_name, sha, raw, names, publication or publication_from_name(file_name))


def _read_ees(file_name: str, sha: str, raw, names: list[str], publication: str) -> PublishedFile:
    base = dict(file_name=file_name, sha256=sha, publication=publication, rows_read=len(raw.cells))
    issues = list(raw.issues)
    missing = [m for m in ("time_period", "geographic_level") if m not in names]
    if missing:
        issues.append(
            _whole(
                file_name,
                "not_ees",
                f"The column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} missing, so this is not an Explore Education Statistics "
                "table. Download the table's CSV from the DfE site again (use 'Download all data').",
            )
        )
        return PublishedFile(**base, issues=tuple(issues))
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        issues.append(
            _whole(
                file_name,
                "duplicated_column",
                f"The column{'s' if len(duplicates) > 1 else ''} {', '.join(duplicates)} appear more than once; "
                "delete the copies so each column is read once.",
            )
        )
        return PublishedFile(**base, issues=tuple(issues))
    if raw.cells.empty:
        issues.append(_whole(file_name, "empty_file", "The file has a header row but no data rows."))
        return PublishedFile(**base, issues=tuple(issues))
    cells = raw.cells.set_axis(names, axis=1).apply(lambda col: col.str.strip())
    headers = dict(zip(names, raw.headers, strict=True))
    filters, measures = classify_columns(cells)
    if not measures:
        issues.append(
            _whole(
                file_name,
                "no_measures",
                "No column of numbers was found, so there is nothing to import. Check this is the table's data "
                "file (not its metadata or data guidance).",
            )
        )
        return PublishedFile(**base, filters=tuple(filters), issues=tuple(issues))
    for name in ("time_identifier", *GEOGRAPHY_COLUMNS[:8]):
        if name not in cells:
            cells[name] = ""
    level_key = cells["geographic_level"].str.lower()
    kept = level_key.isin(KEPT_LEVELS)
    left_out = cells.loc[~kept & (level_key != ""), "geographic_level"].value_counts()
    issues += _row_issues(file_name, cells, headers, kept, measures)
    rows = cells[kept]
    frame = _area_columns(rows)
    frame["breakdown"] = _breakdowns(rows, filters)
    issues += _duplicate_issues(file_name, frame)
    years = _years(rows)
    base.update(
        filters=tuple(filters),
        measures=tuple(measures),
        years=years,
        left_out=tuple((str(level), int(count)) for level, count in left_out.items()),
    )
    if any(i.severity == "error" for i in issues):
        return PublishedFile(**base, issues=tuple(issues))
    return PublishedFile(**base, issues=tuple(issues), values=_long(frame, rows, measures))


def classify_columns(cells: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(breakdown columns, measure columns) of a table of strings, by the rule in the module docstring."""
    symbols = set(suppression_symbols())
    filters, measures = [], []
    for name in cells.columns:
        if name in TIME_COLUMNS or name in GEOGRAPHY_COLUMNS:
            continue
        values = cells[name][cells[name] != ""]
        values = values[~_symbol_of(values).isin(symbols)]
        if values.empty:
            if (cells[name] != "").any():
                measures.append(name)  # every value suppressed: still a measure
            continue
        share_not_numbers = _numbers(values).isna().mean()
        (filters if share_not_numbers > BREAKDOWN_SHARE else measures).append(name)
    return filters, measures


def _symbol_of(values: pd.Series) -> pd.Series:
    """'c', 'C' and '[c]' (the GSS bracketed style) are the same symbol."""
    return values.str.lower().str.strip("[] ")


def _numbers(values: pd.Series) -> pd.Series:
    """Numbers as floats; thousands separators are allowed ('1,234'), anything else is NaN."""
    cleaned = values.str.replace(r"(?<=\d),(?=\d{3}(\D|$))", "", regex=True)
    return pd.to_numeric(cleaned, errors="coerce")


def _row_issues(
    file_name: str, cells: pd.DataFrame, headers: dict[str, str], kept: pd.Series, measures: list[str]
) -> list[Issue]:
    """Cells the importer cannot read, each with its row and column (at most MAX_ISSUES_PER_RULE per rule)."""
    issues: list[Issue] = []
    blank_level = cells["geographic_level"] == ""
    issues += _cell_issues(
        file_name,
        cells.loc[blank_level, "geographic_level"],
        headers["geographic_level"],
        "blank_level",
        "The geographic level is blank. Fill it in (National, Regional or Local authority) or delete the row.",
    )
    bad_period = kept & ~cells["time_period"].str.fullmatch(r"\d{4}|\d{6}")
    issues += _cell_issues(
        file_name,
        cells.loc[bad_period, "time_period"],
        headers["time_period"],
        "bad_time_period",
        "The time period must be a year as EES writes it: 4 digits (2025) or 6 digits for a two-part year (202425).",
    )
    level = cells["geographic_level"].str.lower()
    for wanted, columns, words in (
        ("regional", ("region_code", "region_name"), "region_code"),
        ("local authority", ("new_la_code", "old_la_code"), "new_la_code"),
    ):
        rows = (level == wanted) & cells[list(columns)].eq("").all(axis=1)
        issues += _cell_issues(
            file_name,
            cells.loc[rows, columns[0]],
            headers.get(words, words),
            "missing_area_code",
            f"A {KEPT_LEVELS[wanted]} row must name its area: fill in {columns[0]} (or {columns[1]}).",
        )
    symbols = set(suppression_symbols())
    for name in measures:
        values = cells.loc[kept, name]
        values = values[values != ""]
        bad = values[_numbers(values).isna() & ~_symbol_of(values).isin(symbols)]
        issues += _cell_issues(
            file_name,
            bad,
            headers[name],
            "not_a_number",
            f"This measure cell is neither a number nor a DfE symbol ({SHOWN_SYMBOLS}). Correct it, or leave "
            "it blank if nothing was published.",
        )
    return issues


def _cell_issues(file_name: str, bad: pd.Series, column: str, rule: str, message: str) -> list[Issue]:
    issues = [
        Issue(file_name, int(row), column, str(value), rule, message)
        for row, value in bad.head(MAX_ISSUES_PER_RULE).items()
    ]
    if len(bad) > MAX_ISSUES_PER_RULE:
        issues.append(
            Issue(
                file_name,
                None,
                column,
                None,
                rule,
                f"{len(bad) - MAX_ISSUES_PER_RULE:,} more rows have the same problem in column {column}.",
            )
        )
    return issues


def _area_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Level, the area's own code and name, and (for authorities) their region, one row per input row.

    The area code is the country code (National), region code (Regional) or new LA code, falling back to
    the name (or the old LA code) when a code is blank.
    """
    level = rows["geographic_level"].str.lower().map(KEPT_LEVELS)
    national, regional = (level == "National").to_numpy(), (level == "Regional").to_numpy()

    def pick(for_national: pd.Series, for_region: pd.Series, for_la: pd.Series) -> np.ndarray:
        return np.select([national, regional], [for_national, for_region], for_la)

    def either(code: str, fallback: str) -> pd.Series:
        return rows[code].where(rows[code] != "", rows[fallback])

    blank = pd.Series("", index=rows.index)
    return pd.DataFrame(
        {
            "time_period": rows["time_period"],
            "time_identifier": rows["time_identifier"],
            "geographic_level": level,
            "area_code": pick(
                either("country_code", "country_name"),
                either("region_code", "region_name"),
                either("new_la_code", "old_la_code"),
            ),
            "area_name": pick(rows["country_name"], rows["region_name"], rows["la_name"]),
            "old_la_code": pick(blank, blank, rows["old_la_code"]),
            "region_code": pick(blank, rows["region_code"], rows["region_code"]),
            "region_name": pick(blank, rows["region_name"], rows["region_name"]),
        },
        index=rows.index,
    )


def _breakdowns(rows: pd.DataFrame, filters: list[str]) -> pd.Series:
    """Each row's breakdown as JSON {column: value}, keys sorted ('{}' when the table has none)."""
    if not filters:
        return pd.Series(NO_BREAKDOWN, index=rows.index)
    ordered = sorted(filters)
    texts = [
        json.dumps(dict(zip(ordered, values, strict=True)), ensure_ascii=False, sort_keys=True)
        for values in zip(*(rows[f] for f in ordered), strict=True)
    ]
    return pd.Series(texts, index=rows.index)


def _duplicate_issues(file_name: str, frame: pd.DataFrame) -> list[Issue]:
    """Two rows for the same year, area and breakdown: name the later row and the earlier one."""
    key = ["time_period", "time_identifier", "geographic_level", "area_code", "breakdown"]
    repeated = frame[frame.duplicated(key, keep=False)]
    first_row: dict[tuple, int] = {}
    issues: list[Issue] = []
    for row, values in zip(repeated.index, repeated[key].itertuples(index=False, name=None), strict=True):
        if values not in first_row:
            first_row[values] = int(row)
        elif len(issues) < MAX_ISSUES_PER_RULE:
            issues.append(
                Issue(
                    file_name,
                    int(row),
                    None,
                    None,
                    "duplicate_row",
                    f"This row has the same year, area and breakdown as row {first_row[values]}, so it is not "
                    "clear which figures to use. Delete one of them.",
                )
            )
    return issues


def _years(rows: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    pairs = rows[["time_period", "time_identifier"]].drop_duplicates().sort_values(["time_period", "time_identifier"])
    return tuple((p, year_label(p, i)) for p, i in pairs.itertuples(index=False))


def _long(frame: pd.DataFrame, rows: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """One row per area-year-breakdown and measure, blank cells left out; symbols kept, values NaN."""
    labels = {(p, i): year_label(p, i) for p, i in _unique_pairs(rows)}
    frame = frame.assign(
        year_label=[labels[(p, i)] for p, i in zip(frame["time_period"], frame["time_identifier"], strict=True)]
    )
    parts = []
    for name in measures:
        cells = rows[name]
        present = cells != ""
        numbers = _numbers(cells[present])
        symbol = _symbol_of(cells[present]).where(numbers.isna())
        parts.append(frame[present].assign(measure=name, value=numbers, symbol=symbol))
    long = pd.concat(parts) if parts else frame.assign(measure="", value=float("nan"), symbol=None).head(0)
    long = long.astype({"value": "float64"}).astype({"symbol": "object"})
    long["symbol"] = long["symbol"].where(long["symbol"].notna(), None)
    return long[list(VALUE_COLUMNS)].rename_axis("row")


def _unique_pairs(rows: pd.DataFrame):
    return rows[["time_period", "time_identifier"]].drop_duplicates().itertuples(index=False)


# --- statistical neighbours ---------------------------------------------------------------------


def _is_neighbour_header(names: set[str]) -> bool:
    return "sn1" in names and bool(names & {"la_num", "la_number", "old_la_code"})


def _read_neighbours(file_name: str, sha: str, raw, names: list[str]) -> NeighbourFile:
    """Columns found by name: 'LA num' (or 'LA number'), 'LA Name', 'GOReg', SN1..SN10, each SN column
    followed by its closeness ('SNP'). Repeated identical rows are read once."""
    issues = list(raw.issues)
    cells = raw.cells.apply(lambda col: col.str.strip())
    code_at = next(names.index(n) for n in ("la_num", "la_number", "old_la_code") if n in names)
    name_at = names.index("la_name") if "la_name" in names else None
    region_at = names.index("goreg") if "goreg" in names else None
    records, seen = [], {}
    for row, values in cells.iterrows():
        code = values[code_at]
        if not code:  # a note between groups ("Old SNs:"): not an authority
            continue
        if not re.fullmatch(r"\d{3}", code):
            issues.append(Issue(file_name, int(row), raw.headers[code_at], code, "bad_la_number", _NOT_LA_NUMBER))
            continue
        group = []
        for position in range(1, NEIGHBOUR_COUNT + 1):
            if f"sn{position}" not in names:
                issues.append(_whole(file_name, "missing_column", f"The column SN{position} is missing."))
                return NeighbourFile(file_name, sha, len(cells), tuple(issues))
            at = names.index(f"sn{position}")
            neighbour = values[at]
            closeness = values[at + 1] if at + 1 < len(names) and names[at + 1].startswith("snp") else ""
            if not re.fullmatch(r"\d{3}", neighbour):
                issues.append(Issue(file_name, int(row), raw.headers[at], neighbour, "bad_la_number", _NOT_LA_NUMBER))
                continue
            group.append((position, neighbour, closeness))
        name = values[name_at] if name_at is not None else ""
        region = values[region_at] if region_at is not None else ""
        if code in seen:
            if seen[code][1] != group:
                issues.append(
                    Issue(
                        file_name,
                        int(row),
                        raw.headers[code_at],
                        code,
                        "duplicate_row",
                        f"Authority {code} is listed again with different neighbours (first in row {seen[code][0]}). "
                        "Delete one of the rows.",
                    )
                )
            continue
        seen[code] = (int(row), group)
        records += [(code, name, region, position, n, c) for position, n, c in group]
    if not seen:
        issues.append(_whole(file_name, "empty_file", "No authority rows were found under the header."))
    if any(i.severity == "error" for i in issues):
        return NeighbourFile(file_name, sha, len(cells), tuple(issues))
    groups = pd.DataFrame(records, columns=list(NEIGHBOUR_COLUMNS))
    return NeighbourFile(file_name, sha, len(cells), tuple(issues), groups)


_NOT_LA_NUMBER = "An authority must be given by its 3-digit old LA number (Slough is 871). Correct the cell."


def _first_line_cells(text: str) -> list[str]:
    first = next((line for line in text.splitlines() if line.strip(" \t,;")), "")
    delimiter = max((",", "\t", ";"), key=first.count)
    return next(csv.reader([first], delimiter=delimiter), [])


def _whole(file_name: str, rule: str, message: str) -> Issue:
    return Issue(file_name, None, None, None, rule, message)
