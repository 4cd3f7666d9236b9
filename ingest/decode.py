"""Bytes to text, whatever Excel on Windows saved: UTF-8 (with or without BOM), Windows-1252, UTF-16.

Spreadsheets, archives and other binary files renamed .csv are recognised by their first bytes and
refused with a message that says how to save the file properly, before anything tries to parse them.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass

DECODE_STEP = 1 << 20  # bytes decoded at once when checking an encoding
SAVE_AS_CSV = 'Open it in Excel and use File > Save As > "CSV UTF-8 (Comma delimited)".'
# (leading bytes, what the file really is)
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zipped file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel workbook (.xls) or another Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"{\\rtf", "a Rich Text (Word) document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "a SQLite database"),
)


class UnreadableFile(Exception):
    """The file cannot be read as text; `rule` and `message` say why and what to do."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> DecodedText:
    """Decode an uploaded file, trying what Excel writes in the order that cannot be confused."""
    codec, label = detect_encoding(data)
    return DecodedText(data.decode(codec).lstrip("\ufeff"), label)


def text_stream(data: bytes) -> tuple[io.TextIOWrapper, str]:
    """The file as a stream of text (decoded as it is read, never held whole) and its encoding's name."""
    codec, label = detect_encoding(data)
    return io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""), label


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(codec, name) that read every byte of the file, or UnreadableFile saying why none does.

    Checked in steps of DECODE_STEP bytes, so a large file is never decoded whole just to find out."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnreadableFile("empty_file", "The file is empty. Export the data again and check it has rows.")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", "UTF-8 with BOM", skip=len(codecs.BOM_UTF8))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "UTF-16 (Unicode text)")
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnreadableFile("not_csv", f"This is {what}, not a CSV file. {SAVE_AS_CSV}")
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, "UTF-16 (Unicode text, no BOM)")
    if b"\x00" in data:
        raise UnreadableFile(
            "not_csv", f"This looks like a binary file, not a CSV file (it contains NUL bytes). {SAVE_AS_CSV}"
        )
    if _first_error(data, "utf-8") is None:
        return "utf-8", "UTF-8"
    if _first_error(data, "cp1252") is None:
        return "cp1252", "Windows-1252"
    # Five byte values are undefined in Windows-1252; Latin-1 reads every byte.
    return "latin-1", "ISO-8859-1 (Latin-1)"


def _first_error(data: bytes | memoryview, codec: str) -> int | None:
    """The position of the first byte `codec` cannot read (None: it reads them all), step by step."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    for start in range(0, len(data), DECODE_STEP):
        try:
            decoder.decode(view[start : start + DECODE_STEP], final=start + DECODE_STEP >= len(data))
        except UnicodeDecodeError as err:
            return start + err.start - len(decoder.getstate()[0]) if err.start >= 0 else start
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as ASCII text with every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, label: str, skip: int = 0) -> tuple[str, str]:
    """`codec` if it reads every byte after the first `skip` (a BOM); bytes are counted from there."""
    bad = _first_error(memoryview(data)[skip:], codec.removesuffix("-sig"))
    if bad is not None:
        raise UnreadableFile(
            "bad_encoding",
            f"The file says it is {label} but byte {bad + 1:,} cannot be read in that encoding; "
            f"it may be damaged. {SAVE_AS_CSV}",
        )
    return codec, label
