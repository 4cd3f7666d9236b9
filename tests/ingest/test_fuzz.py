"""Property tests: whatever the bytes, check_file returns a CheckResult with well-formed problems."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.dates import month_label
from ingest.check import CheckResult, check_file
from ingest.issues import csv_download
from reference import dataset_specs

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATASETS = list(dataset_specs())
MONTHS = st.one_of(st.none(), st.sampled_from(["2025-03", "03/2025", "Mar-25", "2025-13"]), st.text(max_size=8))


def assert_well_formed(result: CheckResult) -> None:
    assert isinstance(result, CheckResult)
    for issue in result.issues:
        assert isinstance(issue.message, str) and issue.message.strip(), issue
        assert isinstance(issue.rule, str) and issue.rule, issue
        assert issue.severity in ("error", "warning"), issue
        assert issue.file == result.file_name
        assert issue.row is None or (isinstance(issue.row, int) and issue.row >= 1), issue
    assert (result.frame is None) == bool(result.errors), result.issues
    assert result.ready == (not result.errors)
    if result.frame is not None:
        assert result.dataset in DATASETS
        assert list(result.frame.columns) == list(dataset_specs()[result.dataset].column_names)


@FUZZ
@given(data=st.binary(max_size=2000), month=MONTHS)
def test_random_bytes(data, month):
    result = check_file("upload.csv", data, month=month)
    assert_well_formed(result)
    assert result.size_bytes == len(data)


@FUZZ
@given(
    text=st.text(max_size=500),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]),
)
def test_random_text_in_random_encodings(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")  # not encodable in Windows-1252: send it as UTF-8
    assert_well_formed(check_file("upload.csv", data))


LONG = st.integers(min_value=0, max_value=200_000).map(lambda n: "x" * n)
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ['"', '""', ",", ";", "\t", "\n", "\r\n", "=cmd()", "+1", "-1", "@SUM(A1)", "\x00", "Y", "N", "0", "1.5"]
    ),
    st.sampled_from(["03/01/2022", "2025-03-31", "31/02/2019", "13/13/2013", "45000", "", " "]),
    st.sampled_from(["W0001", "C0001", "1234.0", "1.2E+11", "CIN", "LAC", "U1", "Z9", "F2", "B1", "YES", "2025-03"]),
    LONG,
)


@st.composite
def ragged_files(draw):
    dataset = draw(st.sampled_from(DATASETS))
    headers = list(dataset_specs()[dataset].column_names)
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))[: draw(st.integers(1, len(headers)))]
    width = len(headers)
    rows = draw(
        st.lists(st.lists(CELL, min_size=max(0, width - 2), max_size=width + 2), min_size=0, max_size=6),
    )
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
        writer.writerow(headers)
        writer.writerows(rows)
        text = out.getvalue()
    else:  # written by hand, with no quoting at all
        text = "\n".join(delimiter.join(row) for row in [headers, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    month = draw(st.one_of(st.none(), st.just("2025-03")))
    return dataset, data, month


@FUZZ
@given(ragged_files())
def test_ragged_rows_from_template_headers(case):
    _dataset, data, month = case
    result = check_file("upload.csv", data, month=month)
    assert_well_formed(result)
    if result.frame is not None:
        assert len(result.frame) == result.rows_read


@FUZZ
@given(ragged_files())
def test_ragged_rows_with_the_dataset_chosen(case):
    dataset, data, month = case
    result = check_file(f"{dataset}_extract_25-04-2025.csv", data, dataset=dataset, month=month)
    assert_well_formed(result)
    if result.rows_read or result.issues:
        assert result.dataset in (dataset, None)


@st.composite
def nearly_valid_files(draw):
    """The data dictionary's example row, repeated, with a few cells replaced: reaches the schema checks."""
    dataset = draw(st.sampled_from(DATASETS))
    spec = dataset_specs()[dataset]
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        row = [c.example for c in spec.columns]
        for _ in range(draw(st.integers(0, 3))):
            row[draw(st.integers(0, len(row) - 1))] = draw(CELL)
        rows.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([list(spec.column_names), *rows])
    return dataset, out.getvalue().encode("utf-8"), draw(st.one_of(st.none(), st.just("2025-03"))), len(rows)


@FUZZ
@given(nearly_valid_files())
def test_nearly_valid_files(case):
    dataset, data, month, n_rows = case
    result = check_file("upload.csv", data, month=month)
    assert_well_formed(result)
    if b"\x00" in data:  # a NUL byte: refused as binary before anything is read
        assert [i.rule for i in result.issues] == ["not_csv"]
        return
    assert result.dataset == dataset
    # Every problem points at the header (row 1), a data row (2 .. n + 1), or the whole file.
    assert {i.row for i in result.issues} <= {None, *range(1, n_rows + 2)}


# ---------------------------------------------------------------- csv_download

FORMULA_STARTS = ("=", "+", "-", "@")
RISKY = st.one_of(
    st.text(max_size=20),
    st.sampled_from((*FORMULA_STARTS, "\t", "\r")).flatmap(lambda p: st.text(max_size=10).map(lambda t: p + t)),
)


@FUZZ
@given(
    names=st.lists(RISKY, min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_csv_download_never_emits_a_formula(names, data):
    rows = data.draw(st.lists(st.lists(RISKY, min_size=len(names), max_size=len(names)), max_size=5))
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    out = csv_download(frame)
    assert out.startswith(b"\xef\xbb\xbf")
    text = out.decode("utf-8")[1:]
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(rows) + 1
    for line in parsed:
        for cell in line:
            assert not cell.startswith(FORMULA_STARTS), cell
    # Nothing else is changed: each cell is the original, with an apostrophe in front if it was risky.
    expected = [names, *rows]
    for got, want in zip(parsed, expected, strict=True):
        for c, w in zip(got, want, strict=True):
            assert c == ("'" + w if w.startswith((*FORMULA_STARTS, "\t", "\r")) else w)


def test_csv_download_quotes_a_lone_carriage_return():
    out = csv_download(pd.DataFrame({"Value": ["x\r=1+1", "-2", "ok"]}))
    assert out == b'\xef\xbb\xbfValue\r\n"x\r=1+1"\r\n\'-2\r\nok\r\n'


# ---------------------------------------------------------------- issue 16: extra cells, Mon-YY months

FEWER = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTRA = CELL.filter(lambda c: "\x00" not in c and len(c) < 1000)  # a NUL or a huge cell is refused earlier


@FEWER
@given(dataset=st.sampled_from(DATASETS), extra=st.lists(EXTRA, min_size=1, max_size=3))
def test_a_row_with_more_values_than_the_header_is_refused_whatever_they_hold(dataset, extra):
    """'Hub 1, East' unquoted with a blank last cell: 7 values for 6 headers, never silently shortened."""
    spec = dataset_specs()[dataset]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [list(spec.column_names), [c.example for c in spec.columns] + extra]
    )
    result = check_file("upload.csv", out.getvalue().encode("utf-8"), dataset=dataset)
    width = len(spec.columns)
    ragged = [i for i in result.issues if i.rule == "ragged_row"]
    assert [i.row for i in ragged] == [2], result.issues
    assert ragged[0].message.startswith(f"Row 2 has {width + len(extra)} values, the header has {width}")
    assert result.frame is None


MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@FEWER
@given(
    periods=st.lists(
        st.one_of(
            st.tuples(st.integers(0, 11), st.integers(0, 99)).map(lambda p: f"{MONTH_NAMES[p[0]]}-{p[1]:02d}"),
            st.tuples(st.integers(2000, 2030), st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}"),
        ),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
def test_mon_yy_periods_are_read_as_20yy_and_the_rows_counted(periods):
    body = "period,indicator_code,numerator,denominator\n" + "".join(
        f"{p},iha_within_20_working_days,1,2\n" for p in periods
    )
    result = check_file("indicator_values.csv", body.encode())
    short = [p for p in periods if "-" in p and p[:3].isalpha()]
    warned = [i for i in result.issues if i.rule == "two_digit_year"]
    if not short:
        assert warned == []
        return
    (issue,) = warned
    assert issue.severity == "warning" and issue.value == short[0]
    assert issue.message.startswith(
        f"{len(short)} row{'s' if len(short) != 1 else ''} give the month as Excel shows it"
    )
    month = MONTH_NAMES.index(short[0][:3]) + 1
    assert f"'{short[0]}', read as {month_label(f'20{short[0][-2:]}-{month:02d}')}" in issue.message
    if result.frame is not None:
        read = dict(zip(periods, result.frame["period"], strict=True))
        assert read[short[0]] == f"20{short[0][-2:]}-{month:02d}"
