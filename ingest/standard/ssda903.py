"""An SSDA903 table saved as CSV (header, episodes, oc3 ...) to a typed table, or its problems.

The bytes and the rows go through the contract's own readers (ingest/decode.py, ingest/read.py), so
encodings, delimiters, ragged rows and Excel row numbers behave exactly as for a contract file. The
table is recognised by its DfE field names (reference/standard/ssda903.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ingest.decode import UnreadableFile, decode_bytes
from ingest.headers import normalise_header
from ingest.issues import Issue, shown_value
from ingest.read import read_table
from ingest.standard.fields import typed_field
from reference.standard import Table903, ssda903


@dataclass(frozen=True)
class TableRead:
    table: str | None
    frame: pd.DataFrame | None
    issues: tuple[Issue, ...]
    headers: dict[str, str]  # field -> header as written


def recognise_903_table(headers: tuple[str, ...]) -> Table903 | None:
    """The table whose required fields the headers hold and whose fields are all the headers are: a
    903 export carries only the DfE's field names, so a contract file that borrows a few of them as
    aliases (CHILD, DOB beside 'Placement start date') stays a contract file. None if no table fits."""
    found = {normalise_header(h) for h in headers if h.strip()}
    ranked = []
    for table in ssda903().tables.values():
        names = {normalise_header(f.name) for f in table.fields}
        required = {normalise_header(f.name) for f in table.fields if f.required}
        if required <= found <= names:
            ranked.append((len(found), -len(names), table.name))
    return ssda903().tables[max(ranked)[2]] if ranked else None


def headers_of(data: bytes) -> tuple[str, ...]:
    """The heading row of a CSV, or () when it cannot be read as text."""
    try:
        text = decode_bytes(data).text
    except UnreadableFile:
        return ()
    first = next((line for line in text.splitlines()[:5] if line.strip(" \t,;")), "")
    return read_table(first, "").headers


def read_903_table(file_name: str, data: bytes) -> TableRead:
    try:
        decoded = decode_bytes(data)
    except UnreadableFile as err:
        return TableRead(None, None, (Issue(file_name, None, None, None, err.rule, err.message),), {})
    raw = read_table(decoded.text, file_name)
    table = recognise_903_table(raw.headers)
    if table is None:
        message = "The headings are not those of an SSDA903 table (such as CHILD, DECOM, RNE for episodes)."
        return TableRead(None, None, (*raw.issues, Issue(file_name, None, None, None, "unrecognised", message)), {})
    issues = list(raw.issues)
    by_name = {normalise_header(h): n for n, h in enumerate(raw.headers)}
    columns, headers = {}, {}
    for spec in table.fields:
        position = by_name.get(normalise_header(spec.name))
        if position is None:
            continue
        headers[spec.name] = raw.headers[position]
        typed, problems = typed_field(raw.cells[position], spec)
        columns[spec.name] = typed
        issues += [
            Issue(file_name, p.row, raw.headers[position], shown_value(p.value) or None, p.rule, p.message)
            for p in problems
        ]
    frame = pd.DataFrame(columns, index=raw.cells.index)
    return TableRead(table.name, frame, tuple(issues), headers)
