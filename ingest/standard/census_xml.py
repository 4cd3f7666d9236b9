"""The CIN census and CSWW census XML to typed tables, read with defusedxml, never regular expressions.

defusedxml refuses entity expansion and external references, so a hostile file cannot blow up memory
or reach the network. Element paths come from reference/standard/. A problem names the record (the
nth <Child> or <CSWWWorker>, with its identifier) and the element path.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ingest.issues import Issue, shown_value
from ingest.standard.fields import typed_field
from reference.standard import FieldSpec, cin_census, csww_census


@dataclass(frozen=True)
class XmlRead:
    kind: str | None  # "cin_census" or "csww_census"
    tables: dict[str, pd.DataFrame]
    issues: tuple[Issue, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _without_namespaces(root: Element) -> Element:
    for element in root.iter():
        element.tag = _local(element.tag)
    return root


def parse_xml(file_name: str, data: bytes) -> tuple[Element | None, Issue | None]:
    try:
        return _without_namespaces(fromstring(data)), None
    except DefusedXmlException as err:
        why = f"it uses a feature refused for safety ({type(err).__name__})"
    except ParseError as err:
        why = f"it is not well-formed XML ({err})"
    message = f"The XML file cannot be read: {why}. Export the census file again from the case-management system."
    return None, Issue(file_name, None, None, None, "unreadable_xml", message)


def xml_kind(data: bytes) -> str | None:
    """Which census an XML file is, from its elements; None if it is neither (or not XML)."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    root, problem = parse_xml("", data)
    if problem or root is None:
        return "unreadable" if data.lstrip().startswith(b"<?xml") else None
    if root.find(cin_census().child) is not None:
        return "cin_census"
    if root.find(csww_census().worker) is not None:
        return "csww_census"
    return None


def _text(element: Element, spec: FieldSpec) -> str | None:
    found = element.findall(spec.path)
    values = [(f.text or "").strip() for f in found if (f.text or "").strip()]
    if not values:
        return None
    return "; ".join(values) if spec.joined else values[0]


def _records(
    file_name: str, owners: list[tuple[int, str, Element]], fields: tuple[FieldSpec, ...], what: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per record element; index = the record's own number, owner = its child's or worker's number."""
    index = pd.RangeIndex(1, len(owners) + 1, name="record")
    columns, issues = {}, []
    for spec in fields:
        raw = pd.Series([_text(element, spec) for _, _, element in owners], index=index, dtype=object)
        typed, problems = typed_field(raw, spec)
        columns[spec.name] = typed
        for p in problems:
            number, ident, _ = owners[p.row - 1]
            issues.append(
                Issue(
                    file_name,
                    number,
                    spec.path,
                    shown_value(p.value) or None,
                    p.rule,
                    f"{what} {number} ({ident or 'no identifier'}), element {spec.path}: {p.message}",
                )
            )
    frame = pd.DataFrame(columns, index=index)
    frame.insert(0, "record_of", [number for number, _, _ in owners])
    return frame, issues


def read_cin_census(file_name: str, data: bytes) -> XmlRead:
    root, problem = parse_xml(file_name, data)
    if problem:
        return XmlRead(None, {}, (problem,))
    spec = cin_census()
    children = root.findall(spec.child)
    id_path = spec.records["children"].fields[0].path
    ids = [(c.findtext(id_path) or "").strip() for c in children]
    tables, issues = {}, []
    for name, record in spec.records.items():
        owners = [
            (number, ids[number - 1], element)
            for number, child in enumerate(children, start=1)
            for element in ([child] if record.path == "." else child.findall(record.path))
        ]
        frame, found = _records(file_name, owners, record.fields, "Child")
        if name != "children":
            frame.insert(1, "child_id", pd.array([ids[n - 1] for n in frame["record_of"]], dtype="string"))
        tables[name], issues = frame, issues + found
    if not children:
        issues.append(Issue(file_name, None, None, None, "no_rows", "The CIN census file has no <Child> records."))
    return XmlRead("cin_census", tables, tuple(issues))


def read_csww_census(file_name: str, data: bytes) -> XmlRead:
    root, problem = parse_xml(file_name, data)
    if problem:
        return XmlRead(None, {}, (problem,))
    spec = csww_census()
    workers = root.findall(spec.worker)
    id_path = next(f.path for f in spec.fields if f.name == "worker_id")
    owners = [(n, (w.findtext(id_path) or "").strip(), w) for n, w in enumerate(workers, start=1)]
    frame, issues = _records(file_name, owners, spec.fields, "Worker")
    if not workers:
        issues.append(
            Issue(file_name, None, None, None, "no_rows", "The CSWW census file has no <CSWWWorker> records.")
        )
    return XmlRead("csww_census", {"workers": frame}, tuple(issues))
