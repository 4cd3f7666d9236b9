"""Check the council's own returns as the Check page checks a contract file, giving the same results.

`standard_kind` tells a return from a contract file; `check_standard_files` reads the returns among a
set of files and gives one CheckResult per contract dataset they make (Annex A: allocations,
placements, care leavers, and lists 1, 3, 4, 5 and 7: contacts and the help-and-protection datasets, CP
visits among them; SSDA903 header + episodes: placements, OC3: care leavers, reviews: CLA reviews; CSWW:
workforce; CIN census: the help-and-protection datasets and CIN plans),
each checked by the contract's own schema and month checks. Every problem of a source file is in each
of its results, and a source with any error gives no frame at all, so nothing of it can be stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import pandas as pd

from ingest.check import CheckResult, check_file
from ingest.filename import extract_date_from_name, reporting_month_from_name
from ingest.headers import HeaderMatch
from ingest.issues import Issue, record_columns, record_names, with_records
from ingest.month_fit import month_fit_warnings
from ingest.parse import MONTH_FORMAT_HELP, month_from_text
from ingest.schemas import schema_issues
from ingest.standard import contract
from ingest.standard.annex_a import WorkbookRead, is_workbook, read_workbook
from ingest.standard.census_xml import read_cin_census, read_csww_census, xml_kind
from ingest.standard.ssda903 import TableRead, headers_of, read_903_table, recognise_903_table
from reference import dataset_specs
from reference.standard import annex_a
from settings import max_upload_bytes

KIND_TITLES = {
    "annex_a": "Ofsted Annex A workbook",
    "ssda903": "SSDA903 table",
    "cin_census": "CIN census XML",
    "csww_census": "CSWW census XML",
}


def standard_kind(file_name: str, data: bytes) -> str | None:
    """Which return a file is (see KIND_TITLES), or None for anything else (a contract CSV)."""
    if is_workbook(data):
        return "annex_a"
    kind = xml_kind(data)
    if kind:
        return kind if kind != "unreadable" else "cin_census"  # reported as unreadable XML by the reader
    if recognise_903_table(headers_of(data)) is not None:
        return "ssda903"
    return None


@dataclass(frozen=True)
class _Part:
    dataset: str
    frame: pd.DataFrame
    where: dict[str, str]  # contract column -> where it came from in the return, for the mapping tab
    file_name: str  # the file whose rows the frame's index numbers
    checked: tuple[Issue, ...] | None = None  # the contract's checks, already run piece by piece


def check_standard_files(
    files: list[tuple[str, bytes]], month: str | None = None, max_bytes: int | None = None
) -> list[CheckResult]:
    """Check every return among `files` (others are ignored); one result per contract dataset made."""
    results: list[CheckResult] = []
    tables: dict[str, tuple[str, bytes, TableRead]] = {}
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    for name, data in files:
        if len(data) > limit:  # refused unread, in the contract check's own words
            results.append(check_file(name, data, max_bytes=limit))
            continue
        kind = standard_kind(name, data)
        chosen = month_from_text(month) if month else reporting_month_from_name(name)
        if kind == "annex_a":
            results += _annex_a(name, data, chosen)
        elif kind == "csww_census":
            read = read_csww_census(name, data)
            parts = (
                []
                if read.kind is None
                else [_Part("workforce", contract.workforce_from_csww(read.tables["workers"]), CSWW_WHERE, name)]
            )
            results += _results(name, data, "csww_census", chosen, parts, list(read.issues), needs_month=True)
        elif kind == "cin_census":
            read = read_cin_census(name, data)
            parts = _cin_parts(name, read, chosen) if read.kind and chosen else []
            results += _results(name, data, "cin_census", chosen, parts, list(read.issues), needs_month=True)
        elif kind == "ssda903":
            read = read_903_table(name, data)
            tables[read.table or name] = (name, data, read)
    if tables:
        chosen = (
            month_from_text(month)
            if month
            else next((m for m in (reporting_month_from_name(n) for n, _, _ in tables.values()) if m), None)
        )
        results = _ssda903(tables, chosen) + results  # the 903's characteristics take precedence
    return _one_characteristics_result(results)


def _one_characteristics_result(results: list[CheckResult]) -> list[CheckResult]:
    """The characteristics of every return checked together as one result per month (so a workbook
    and 903 tables loaded at once do not replace each other's): each child's characteristic from the
    first return that gives it, the SSDA903 first. A return with errors keeps its own result, with no frame."""
    ready = [r for r in results if r.dataset == CHARACTERISTICS and r.ready]
    by_month: dict[str | None, list[CheckResult]] = {}
    for result in ready:
        by_month.setdefault(result.reporting_month, []).append(result)
    merged = {}
    for same in by_month.values():
        if len(same) < 2:
            continue
        frame = contract.merged_characteristics([r.frame for r in same])
        first = same[0]
        merged[id(first)] = replace(
            first,
            file_name=" + ".join(r.file_name for r in same),
            size_bytes=sum(r.size_bytes for r in same),
            sha256=hashlib.sha256("".join(r.sha256 for r in same).encode()).hexdigest(),
            recognition="; ".join(r.recognition for r in same),
            header_matches=tuple(m for r in same for m in r.header_matches),
            issues=tuple(i for r in same for i in r.issues if i.severity != "error"),
            rows_read=len(frame),
            frame=frame,
        )
        merged |= {id(r): None for r in same[1:]}
    return [merged.get(id(r), r) for r in results if merged.get(id(r), r) is not None]


CSWW_WHERE = {
    "worker_id": "SWENo",
    "team": "not in the census (a fixed label)",
    "role": "OrgRole",
    "case_holding": "Cases30 of 1 or more",
    "employment_type": "AgencyWorker",
    "fte": "FTE30, else FTE",
    "start_date": "RoleStartDate",
    "end_date": "RoleEndDate",
    "caseload": "Cases30 (blank = 0)",
}


def _cin_parts(name: str, read, month: str) -> list[_Part]:
    """The help-and-protection datasets from the census's records (CIN plans among them),
    and each child's characteristics."""
    where = {
        "child_id": "<ChildIdentifiers> LAchildID",
        "sex": "<ChildIdentifiers> GenderCurrent",
        "ethnicity": "<ChildCharacteristics> Ethnicity",
        "date_of_birth": "<ChildIdentifiers> PersonBirthDate",
        "disability": "<ChildCharacteristics> Disabilities (any code but NONE)",
        "uasc": "not in the census",
    }
    children = contract.merged_characteristics([contract.characteristics_from_cin(read.tables["children"])])
    parts = [_Part(CHARACTERISTICS, children, where, name)]
    for dataset, (table, fields) in contract.FROM_CIN_CENSUS.items():
        where = {column: f"<{table}> {field}" for column, field in fields.items()}
        parts.append(_Part(dataset, contract.records_from(read.tables[table], dataset, fields, month), where, name))
    return parts


def _annex_a(name: str, data: bytes, month: str | None) -> list[CheckResult]:
    read = read_workbook(name, data)
    issues = list(read.issues)
    parts: list[_Part] = []
    if month and read.lists:
        parts, notes = _annex_a_parts(name, read, month)
        issues += notes
    results = _results(name, data, "annex_a", month, parts, issues, needs_month=True)
    found = ", ".join(
        f"list {annex_a().lists[n].number} ('{r.sheet}')"
        for n, r in sorted(read.lists.items(), key=lambda i: annex_a().lists[i[0]].number)
    )
    unread = f"; sheets not read: {', '.join(read.unread_sheets)}" if read.unread_sheets else ""
    return [_with_recognition(r, f"Annex A workbook: {found or 'no lists found'}{unread}") for r in results]


def _annex_a_parts(name: str, read: WorkbookRead, month: str) -> tuple[list[_Part], list[Issue]]:
    parts, notes = [], []
    lists = annex_a().lists
    pieces = []
    for list_name in annex_a().allocations_from:
        got = read.lists.get(list_name)
        if got is None or "allocated_worker" not in got.frame:
            continue
        if "allocation_start_date" not in got.frame:
            notes.append(
                Issue(
                    name,
                    None,
                    None,
                    None,
                    "no_allocation_date",
                    f"Sheet '{got.sheet}' names allocated workers but has no allocation date column (such as "
                    "'Date allocated'), so its allocations are not loaded. Add the column to load them.",
                    "warning",
                )
            )
            continue
        spec = lists[list_name]
        pieces.append((got, contract.allocations_from_list(got.frame, spec.cohort, spec.ends_episode, month)))
    if pieces:
        parts.append(_allocations_part(name, pieces, month))
    if (got := read.lists.get("children_in_care")) is not None:
        where = {c: got.cell(f) for c, f in PLACEMENT_FIELDS.items()}
        parts.append(_Part("placements", contract.placements_from_list_8(got.frame, month), where, name))
    if (got := read.lists.get("care_leavers")) is not None and {"in_touch", "activity", "accommodation"} <= set(
        got.frame
    ):
        where = {
            c: got.cell(c if c != "child_id" else "child_id") for c in dataset_specs()["care_leavers"].column_names
        }
        parts.append(_Part("care_leavers", contract.care_leavers_from_list(got.frame, month), where, name))
    for dataset, (list_name, fields) in contract.FROM_LISTS.items():
        if (got := read.lists.get(list_name)) is not None:
            where = {column: got.cell(field) for column, field in fields.items()}
            parts.append(_Part(dataset, contract.records_from(got.frame, dataset, fields, month), where, name))
    listed = [read.lists[n] for n in CHARACTERISTICS_FROM_LISTS if n in read.lists]
    if listed:
        frame = contract.merged_characteristics([contract.characteristics_from_list(got.frame) for got in listed])
        where = {c: "; ".join(got.cell(c) for got in listed if c in got.headings) or "not in the lists" for c in CHILD}
        parts.append(_Part(CHARACTERISTICS, frame, where, name))
    return parts, notes


# Child characteristics (issue 19 equalities): the lists that carry them, most specific first (a child on
# several lists takes each characteristic from the first list that gives it).
CHARACTERISTICS = "child_characteristics"
CHARACTERISTICS_FROM_LISTS = (
    "children_in_care",
    "care_leavers",
    "child_protection",
    "children_in_need",
    "section_47",
    "assessments",
    "referrals",
    "early_help",
    "contacts",
    "adoption",
)
CHILD = ("child_id", *contract.CHARACTERISTICS)


PLACEMENT_FIELDS = {
    "child_id": "child_id",
    "date_of_birth": "date_of_birth",
    "date_entered_care": "date_entered_care",
    "placement_start_date": "placement_start_date",
    "placement_type": "placement_type",
    "distance_miles": "distance_miles",
    "inside_la": "placement_location",
    "placements_last_12_months": "placements_last_12_months",
}


def _allocations_part(name: str, pieces, month: str) -> _Part:
    """One allocations table from several lists. Each list's rows are checked with their own sheet's
    cells named; then a child on two lists with the same worker and date keeps the first list's cohort
    (allocations_from is most specific first) and rows are numbered afresh for storing."""
    checked: list[Issue] = []
    for got, frame in pieces:
        checked += _contract_issues(_Part("allocations", frame, _allocation_cells(got), name), month)
    frame = pd.concat([frame for _, frame in pieces])
    frame = frame.drop_duplicates(["child_id", "worker_id", "start_date"], keep="first").reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return _Part("allocations", frame, _allocation_cells(pieces[0][0]), name, tuple(checked))


def _allocation_cells(got) -> dict[str, str]:
    return {
        "child_id": got.cell("child_id"),
        "worker_id": got.cell("allocated_worker"),
        "team": got.cell("allocated_team"),
        "cohort": f"the list ('{got.sheet}')",
        "start_date": got.cell("allocation_start_date"),
        "end_date": "blank (open at the list's date)",
    }


def _ssda903(tables: dict[str, tuple[str, bytes, TableRead]], month: str | None) -> list[CheckResult]:
    results = []
    issues = [i for _, _, read in tables.values() for i in read.issues]
    for key in ("header", "episodes", "oc3"):
        tables.setdefault(key, None)
    have = {k: v for k, v in tables.items() if v is not None}
    names = " + ".join(sorted(n for n, _, _ in have.values()))
    data = b"".join(d for _, d, _ in have.values())
    parts = []
    if month and not any(i.severity == "error" for i in issues):
        if tables["episodes"] and tables["header"]:
            where = {c: f"episodes {v}" for c, v in EPISODE_WHERE.items()}
            frame = contract.placements_from_episodes(tables["header"][2].frame, tables["episodes"][2].frame, month)
            parts.append(_Part("placements", frame, where, tables["episodes"][0]))
            if "PL_LOCATION" not in tables["episodes"][2].frame:
                issues.append(
                    Issue(
                        tables["episodes"][0],
                        1,
                        "PL_LOCATION",
                        None,
                        "missing_column",
                        "The episodes table has no PL_LOCATION (IN or OUT) column, which the placements dataset needs "
                        "(placed inside or outside the authority). Add it to the export.",
                    )
                )
        elif tables["episodes"] or tables["header"]:
            missing = "header" if tables["episodes"] else "episodes"
            issues.append(
                Issue(
                    names,
                    None,
                    None,
                    None,
                    "missing_table",
                    f"Placements need both the SSDA903 header and episodes tables; add the {missing} table.",
                )
            )
        if tables["header"]:
            uasc = tables.get("uasc")
            frame = contract.characteristics_from_903(tables["header"][2].frame, uasc[2].frame if uasc else None)
            where = {
                "child_id": "header CHILD",
                "sex": "header SEX",
                "ethnicity": "header ETHNIC",
                "date_of_birth": "header DOB",
                "disability": "not in the SSDA903",
                "uasc": "in the UASC table" if uasc else "no UASC table given (blank)",
            }
            parts.append(_Part(CHARACTERISTICS, contract.merged_characteristics([frame]), where, tables["header"][0]))
        if tables["oc3"]:
            where = {
                "child_id": "CHILD",
                "date_of_birth": "DOB",
                "in_touch": "IN_TOUCH",
                "activity": "ACTIV",
                "accommodation": "ACCOM",
            }
            parts.append(
                _Part(
                    "care_leavers",
                    contract.care_leavers_from_oc3(tables["oc3"][2].frame, month),
                    where,
                    tables["oc3"][0],
                )
            )
        if tables.get("reviews"):
            episodes = tables["episodes"][2].frame if tables["episodes"] else None
            where = {
                "child_id": "reviews CHILD",
                "review_date": "reviews REVIEW",
                "date_entered_care": "episodes DECOM of the latest RNE S on or before the review"
                if episodes is not None
                else "no episodes table given (blank)",
            }
            frame = contract.cla_reviews_from_903(tables["reviews"][2].frame, episodes, month)
            parts.append(_Part("cla_reviews", frame, where, tables["reviews"][0]))
    results += _results(names, data, "ssda903", month, parts, issues, needs_month=True)
    read_tables = ", ".join(sorted(k for k, v in have.items()))
    return [_with_recognition(r, f"SSDA903 tables: {read_tables}") for r in results]


EPISODE_WHERE = {
    "child_id": "CHILD",
    "date_of_birth": "header DOB",
    "date_entered_care": "DECOM of the latest RNE S",
    "placement_start_date": "DECOM of the latest placement-starting RNE",
    "placement_type": "PLACE of the open episode",
    "distance_miles": "PL_DISTANCE (blank when absent)",
    "inside_la": "PL_LOCATION",
    "placements_last_12_months": "placements overlapping the 12 months",
}


def _results(
    name: str, data: bytes, kind: str, month: str | None, parts: list[_Part], issues: list[Issue], needs_month: bool
) -> list[CheckResult]:
    base = dict(
        file_name=name,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        reporting_month=month,
        extract_date=extract_date_from_name(name),
        recognition=KIND_TITLES[kind],
    )
    if needs_month and not month:
        issues = [
            *issues,
            Issue(
                name,
                None,
                None,
                None,
                "unreadable_month",
                f"Give the reporting month of this return; {MONTH_FORMAT_HELP}.",
            ),
        ]
        parts = []  # who is open, allocated or a care leaver depends on the month
    if not parts:
        return [CheckResult(**base, issues=tuple(issues))]
    checked = [(part, _contract_issues(part, month)) for part in parts]
    every = issues + [i for _, found in checked for i in found]
    failed = any(i.severity == "error" for i in every)
    return [
        CheckResult(
            **base,
            dataset=part.dataset,
            header_matches=tuple(
                HeaderMatch(n, where, column, "from the return") for n, (column, where) in enumerate(part.where.items())
            ),
            issues=tuple(issues + found),
            rows_read=len(part.frame),
            frame=None if failed else part.frame,
        )
        for part, found in checked
    ]


def _contract_issues(part: _Part, month: str) -> list[Issue]:
    """The contract's own checks on the mapped table, naming the return's fields."""
    if part.checked is not None:
        found = list(part.checked)
    else:
        found = schema_issues(part.frame, part.dataset, part.file_name, part.where)
        found += month_fit_warnings(part.frame, dataset_specs()[part.dataset], month, part.file_name, part.where)
    names = record_names(
        part.frame, record_columns(dataset_specs()[part.dataset].key), [i.row for i in found if i.row is not None]
    )
    return with_records(found, names)


def _with_recognition(result: CheckResult, how: str) -> CheckResult:
    return replace(result, recognition=how)
