"""Bytes to text (ingest/decode.py) and text to a raw table of strings (ingest/read.py)."""

from __future__ import annotations

import codecs

import pytest

from ingest.decode import SAVE_AS_CSV, UnreadableFile, decode_bytes
from ingest.read import MAX_CELL_CHARS, read_table

TEXT = "worker_id,team\r\nW1,Zoë's team\r\nW2,£ budget\r\n"


# ---------------------------------------------------------------- decode_bytes


def test_utf8_without_bom():
    decoded = decode_bytes(TEXT.encode("utf-8"))
    assert decoded.text == TEXT
    assert decoded.encoding == "UTF-8"


def test_utf8_with_bom_drops_the_bom():
    decoded = decode_bytes(TEXT.encode("utf-8-sig"))
    assert decoded.text == TEXT
    assert not decoded.text.startswith("\ufeff")
    assert decoded.encoding == "UTF-8 with BOM"


def test_windows_1252_accented_letter_and_pound_sign():
    data = TEXT.encode("cp1252")
    assert b"Zo\xeb" in data and b"\xa3 budget" in data  # really single-byte, not valid UTF-8
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == "Windows-1252"


def test_windows_1252_pound_sign_alone():
    decoded = decode_bytes(b"fte,cost\r\n1,\xa3300\r\n")
    assert decoded.text == "fte,cost\r\n1,£300\r\n"
    assert decoded.encoding == "Windows-1252"


def test_utf16_with_bom_tab_separated_unicode_text():
    text = TEXT.replace(",", "\t")
    data = text.encode("utf-16")  # what Excel's "Unicode text" writes: BOM then UTF-16
    assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == "UTF-16 (Unicode text)"


def test_utf16_big_endian_with_bom():
    decoded = decode_bytes(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))
    assert decoded.text == TEXT
    assert decoded.encoding == "UTF-16 (Unicode text)"


def test_utf16_little_endian_without_bom():
    text = TEXT.replace(",", "\t")
    decoded = decode_bytes(text.encode("utf-16-le"))
    assert decoded.text == text
    assert decoded.encoding == "UTF-16 (Unicode text, no BOM)"


def _refused(data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        decode_bytes(data)
    return caught.value


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "an old-style Excel workbook (.xls)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
    ],
    ids=["xlsx", "xls", "pdf"],
)
def test_spreadsheets_and_documents_are_refused_with_how_to_save_as_csv(data, what):
    err = _refused(data)
    assert err.rule == "not_csv"
    assert err.message.startswith(f"This is {what}")
    assert "not a CSV file" in err.message
    assert err.message.endswith(SAVE_AS_CSV)
    assert 'Save As > "CSV UTF-8 (Comma delimited)"' in err.message


def test_random_binary_with_nul_bytes_is_refused():
    data = bytes(range(1, 256)) + b"\x00\x01\x02\x00\x7f\x80" * 10
    err = _refused(data)
    assert err.rule == "not_csv"
    assert "binary file" in err.message
    assert "NUL bytes" in err.message
    assert err.message.endswith(SAVE_AS_CSV)


@pytest.mark.parametrize(
    "data",
    [b"", b" ", b"\r\n\r\n", b" \t \n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n", " \r\n".encode("utf-16")],
    ids=["empty", "space", "blank-lines", "tabs", "bom-only", "bom-newline", "utf16-whitespace"],
)
def test_empty_and_whitespace_only_files(data):
    err = _refused(data)
    assert err.rule == "empty_file"
    assert err.message == "The file is empty. Export the data again and check it has rows."


def test_bom_that_lies_is_bad_encoding_not_a_crash():
    err = _refused(codecs.BOM_UTF8 + b"a,b\r\n\xff\xfe\xfa,1\r\n")
    assert err.rule == "bad_encoding"
    assert "byte 6" in err.message  # counted after the BOM: a , b \r \n then the bad byte


# ---------------------------------------------------------------- read_table


def test_crlf_comma_file():
    table = read_table("a,b,c\r\n1,2,3\r\n4,5,6\r\n", "f.csv")
    assert table.headers == ("a", "b", "c")
    assert table.delimiter == "comma"
    assert table.header_row == 1
    assert table.issues == ()
    assert list(table.cells.index) == [2, 3]
    assert table.cells.loc[2].tolist() == ["1", "2", "3"]
    assert table.cells.loc[3].tolist() == ["4", "5", "6"]
    assert not any("\r" in c for row in table.cells.itertuples(index=False) for c in row)


@pytest.mark.parametrize(
    ("delimiter", "name"),
    [(",", "comma"), ("\t", "tab"), (";", "semicolon")],
)
def test_delimiter_is_sniffed(delimiter, name):
    text = delimiter.join(["child_id", "team", "fte"]) + "\n" + delimiter.join(["C1", "Team, north", "0.5"]) + "\n"
    if delimiter == ",":
        text = 'child_id,team,fte\nC1,"Team, north",0.5\n'
    table = read_table(text, "f.csv")
    assert table.delimiter == name
    assert table.headers == ("child_id", "team", "fte")
    assert table.cells.loc[2].tolist() == ["C1", "Team, north", "0.5"]
    assert table.issues == ()


def test_semicolon_file_with_decimal_points_and_commas_in_text():
    table = read_table("a;b\r\nx, y;1.5\r\n", "f.csv")
    assert table.delimiter == "semicolon"
    assert table.cells.loc[2].tolist() == ["x, y", "1.5"]


def test_blank_rows_are_skipped_but_still_counted():
    text = "a,b,c\r\n1,2,3\r\n\r\n,,\r\n  , ,\r\n4,5,6\r\n"
    table = read_table(text, "f.csv")
    assert table.issues == ()
    assert list(table.cells.index) == [2, 6]
    assert table.cells.loc[6].tolist() == ["4", "5", "6"]


def test_blank_lines_before_the_header_are_counted():
    table = read_table("\r\n,,\r\na,b\r\n1,2\r\n", "f.csv")
    assert table.headers == ("a", "b")
    assert table.header_row == 3
    assert list(table.cells.index) == [4]


def test_headers_are_trimmed_and_blank_trailing_headers_dropped():
    table = read_table(" a , b,,\r\n1,2,,\r\n", "f.csv")
    assert table.headers == ("a", "b")
    assert table.cells.loc[2].tolist() == ["1", "2"]
    assert table.issues == ()


def test_empty_cells_under_the_headers_own_blank_tail_are_fine():
    # Excel pads every row of a sheet, the header too, to the same width.
    table = read_table("a,b,c,,\n1,2,3,,\n4,5,6, ,\t\n", "f.csv")
    assert table.issues == ()
    assert table.cells.loc[2].tolist() == ["1", "2", "3"]
    assert table.cells.loc[3].tolist() == ["4", "5", "6"]


def test_a_row_longer_than_the_header_is_refused_even_when_its_extra_cells_are_blank():
    # 'Hub 1, East' unquoted with a blank end date: 7 values for 6 headers, the last one blank.
    text = "child_id,worker_id,team,cohort,start_date,end_date\nC1,W1,Hub 1, East,CIN,01/01/2025,\n"
    table = read_table(text, "f.csv")
    assert table.cells.empty
    [issue] = table.issues
    assert (issue.row, issue.rule) == (2, "ragged_row")
    assert issue.message.startswith("Row 2 has 7 values, the header has 6")


def test_extra_non_empty_cell_is_a_ragged_row():
    table = read_table("a,b,c\n1,2,3\n4,5,6,oops\n7,8,9\n", "f.csv")
    assert list(table.cells.index) == [2, 4]
    assert len(table.issues) == 1
    issue = table.issues[0]
    assert (issue.file, issue.row, issue.column) == ("f.csv", 3, None)
    assert (issue.rule, issue.severity) == ("ragged_row", "error")
    assert issue.message.startswith("Row 3 has 4 values, the header has 3")


def test_too_few_cells_is_a_ragged_row():
    table = read_table("a,b,c\n\n1,2\n4,5,6\n", "f.csv")
    assert list(table.cells.index) == [4]
    assert [(i.row, i.rule) for i in table.issues] == [(3, "ragged_row")]
    assert table.issues[0].message.startswith("Row 3 has 2 values, the header has 3")


def test_quoted_cell_with_comma_and_quotes_stays_one_cell():
    table = read_table('a,b,c\n1,"Smith, J ""Jo""",3\n', "f.csv")
    assert table.issues == ()
    assert table.cells.loc[2].tolist() == ["1", 'Smith, J "Jo"', "3"]


def test_quoted_line_break_is_one_excel_row():
    table = read_table('a,b\r\n1,"two\r\nlines"\r\n3,4\r\n', "f.csv")
    assert table.issues == ()
    assert list(table.cells.index) == [2, 3]
    assert table.cells.at[2, 1] == "two\r\nlines"


def test_unclosed_quote_is_an_unreadable_row_not_an_exception():
    table = read_table('a,b,c\r\n1,2,3\r\n4,"5,6\r\n7,8,9\r\n', "f.csv")
    assert list(table.cells.index) == [2]
    assert [(i.row, i.column, i.rule) for i in table.issues] == [(3, None, "unreadable_row")]
    assert "quote mark with no closing one" in table.issues[0].message
    assert "rows after it were not checked" in table.issues[0].message


def test_unclosed_quote_in_last_column_does_not_swallow_later_rows_silently():
    table = read_table('a,b,c\r\n1,2,"3\r\n4,5,6\r\n', "f.csv")
    assert list(table.cells.index) == []
    assert [(i.row, i.rule) for i in table.issues] == [(2, "unreadable_row")]


def test_stray_quote_closing_an_earlier_one_is_an_unreadable_row():
    table = read_table('a,b,c\r\n1,2,"3\r\n4,5,6\r\n7,"x",9\r\n', "f.csv")
    assert [(i.row, i.rule) for i in table.issues] == [(2, "unreadable_row")]


def test_cell_at_the_limit_is_read_and_one_over_is_an_unreadable_row():
    at_limit = "x" * MAX_CELL_CHARS
    table = read_table(f"a,b\n1,{at_limit}\n", "f.csv")
    assert table.issues == ()
    assert len(table.cells.at[2, 1]) == MAX_CELL_CHARS

    over = "y" * (MAX_CELL_CHARS + 1)
    table = read_table(f"a,b\n1,2\n\n3,{over}\n5,6\n", "f.csv")
    assert list(table.cells.index) == [2]
    assert [(i.row, i.rule, i.severity) for i in table.issues] == [(4, "unreadable_row", "error")]
    assert "far too long" in table.issues[0].message


def test_header_only_and_empty_text():
    table = read_table("a,b,c\r\n", "f.csv")
    assert table.headers == ("a", "b", "c")
    assert table.cells.empty
    assert list(table.cells.columns) == [0, 1, 2]

    table = read_table(",,\r\n\r\n", "f.csv")
    assert table.headers == ()
    assert table.cells.empty
    assert table.delimiter == "comma"


def test_cells_are_strings_and_never_typed():
    table = read_table("a,b\n0001,1.0\n", "f.csv")
    assert table.cells.loc[2].tolist() == ["0001", "1.0"]
    assert table.cells.dtypes.tolist() == [object, object]
