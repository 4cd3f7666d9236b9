"""A large file is read in chunks (issue 16 point 7, issue 18): the result never depends on where the
chunks fall. Problems, their rows and records, duplicates across chunks, ragged and unreadable rows,
Mon-YY counts and the typed table are the same read 3 rows at a time as read whole; the encoding is
checked a step at a time without splitting a character."""

from __future__ import annotations

import codecs
import io

import pandas as pd
import pytest

from ingest import decode, read
from ingest.check import check_file
from ingest.decode import UnreadableFile, detect_encoding
from ingest.read import TableReader

HEADER = "Child ID,Allocated Worker,Team,Cohort,Allocation Start Date,Allocation End Date\r\n"
ROWS = [
    "C01,W1,Hub 1,CIN,01/03/2025,",
    "C02,W1,Hub 1,XX,01/03/2025,",  # unknown code
    "",  # a blank row, still counted
    "C03,W2,Hub 2,CP,31/02/2025,",  # not a date
    "C04,W2,Hub 2,CLA,2025-03-04,05/03/2025",
    "C01,W1,Hub 1,CIN,01/03/2025,",  # repeats row 2, in another chunk
    "C05,W3,Hub 1, East,CIN,01/03/2025,",  # a value too many
    "C06,W3,Hub 3,CL,1/3/2025,01/02/2025",  # ends before it starts
    "C07,W3,Hub 3,CIN,01/04/2025,",  # after the month: a warning
    "C08,W4,,CIN,01/03/2025,",  # blank team
    "C09,W4,Hub 4,CIN,03/15/2025,",  # US order
]


def _both(data: bytes, monkeypatch, **kwargs):
    whole = check_file("allocations_2025-03.csv", data, **kwargs)
    monkeypatch.setattr(read, "CHUNK_ROWS", 3)
    chunked = check_file("allocations_2025-03.csv", data, **kwargs)
    return whole, chunked


def test_problems_rows_and_records_do_not_depend_on_the_chunks(monkeypatch):
    whole, chunked = _both((HEADER + "\r\n".join(ROWS) + "\r\n").encode(), monkeypatch)
    assert chunked.issues == whole.issues
    assert chunked.rows_read == whole.rows_read == 10
    rules = {i.rule for i in chunked.issues}
    assert {"unknown_code", "unreadable_date", "duplicate_key", "ragged_row", "end_before_start", "blank_cell"} <= rules
    repeat = next(i for i in chunked.issues if i.rule == "duplicate_key")
    assert (repeat.row, repeat.record) == (7, "child C01, worker W1") and "repeats row 2" in repeat.message


def test_a_clean_file_gives_the_same_typed_table_in_chunks(monkeypatch):
    rows = [
        f"C{n:02d},W{n % 3},Hub {n % 4},{('CIN', 'CP', 'CLA', 'CL')[n % 4]},0{1 + n % 9}/03/2025," for n in range(11)
    ]
    rows[4] = "C04,W1,Hub 1,CP,2025-03-04,05/03/2025"  # ISO start, an end date
    rows[7] = "C07,W1,Hub 1,CP,1/3/2025,"  # one-digit day and month
    whole, chunked = _both((HEADER + "\r\n".join(rows) + "\r\n").encode(), monkeypatch)
    assert whole.ready and chunked.ready
    pd.testing.assert_frame_equal(chunked.frame, whole.frame)
    assert list(chunked.frame.index) == list(range(2, 13))


def test_an_unclosed_quote_in_a_later_chunk_stops_the_reading_there(monkeypatch):
    rows = [f"C{n:02d},W1,Hub,CIN,01/03/2025," for n in range(8)] + ['C99,W1,"Hub,CIN,01/03/2025,', "C98,W1,Hub,CIN,,"]
    whole, chunked = _both((HEADER + "\r\n".join(rows) + "\r\n").encode(), monkeypatch)
    assert chunked.issues == whole.issues
    assert any(i.rule == "unreadable_row" and i.row == 10 for i in chunked.issues)
    assert chunked.frame is None


def test_mon_yy_months_are_counted_across_chunks(monkeypatch):
    rows = [f"{m}-18,visits_in_time,1,2" for m in ("Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr")]
    data = ("period,indicator_code,numerator,denominator\r\n" + "\r\n".join(rows) + "\r\n").encode()
    whole = check_file("values.csv", data)
    monkeypatch.setattr(read, "CHUNK_ROWS", 3)
    chunked = check_file("values.csv", data)
    assert chunked.issues == whole.issues
    (warning,) = [i for i in chunked.issues if i.rule == "two_digit_year"]
    assert warning.message.startswith("7 rows give the month as Excel shows it")


def test_the_reader_never_holds_more_than_a_chunk_of_rows():
    text = "a,b\r\n" + "".join(f"{n},x\r\n" for n in range(10))
    reader = TableReader(io.StringIO(text, newline=""), "f.csv", chunk_rows=4)
    sizes = [len(chunk) for chunk in reader.chunks()]
    assert sizes == [4, 4, 2]
    assert reader.rows_read == 10


@pytest.mark.parametrize("step", [1, 2, 3, 5, 7])
def test_the_encoding_is_checked_a_step_at_a_time_without_splitting_a_character(monkeypatch, step):
    monkeypatch.setattr(decode, "DECODE_STEP", step)
    text = "team\r\nÉquipe Nord – ½ €\r\n"
    assert detect_encoding(text.encode("utf-8")) == ("utf-8", "UTF-8")
    assert detect_encoding(codecs.BOM_UTF8 + text.encode("utf-8")) == ("utf-8-sig", "UTF-8 with BOM")
    assert detect_encoding(text.encode("cp1252")) == ("cp1252", "Windows-1252")
    with pytest.raises(UnreadableFile, match="byte 6 cannot be read"):
        detect_encoding(codecs.BOM_UTF8 + b"a,b\r\n\xff\xfe,1\r\n")
