"""A few children written both ways: as the contract's monthly CSVs and as the council's own returns
(Annex A workbook, SSDA903 tables, CSWW census XML, CIN census XML), for March 2025.

Every fact is typed once below; each writer only lays it out in its format, so a figure that differs
between the two ways can only come from the readers.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook

MONTH = "2025-03"

# 903 episodes: (child, DECOM, RNE, LS, PLACE, DEC, PL_LOCATION, PL_DISTANCE)
EPISODES = [
    ("C1", date(2024, 1, 10), "S", "C2", "U4", date(2024, 6, 1), "IN", "3.5"),
    ("C1", date(2024, 6, 1), "P", "C2", "U6", date(2024, 9, 15), "OUT", "25.0"),
    ("C1", date(2024, 9, 15), "L", "E1", "U6", None, "OUT", "25.0"),
    ("C2", date(2025, 2, 1), "S", "V2", "K2", None, "IN", ""),
    ("C3", date(2023, 1, 1), "S", "C2", "U4", date(2024, 12, 31), "IN", "2.0"),
    ("C4", date(2022, 1, 1), "S", "V2", "U1", date(2022, 5, 1), "IN", "1.0"),
    ("C4", date(2024, 11, 1), "S", "C1", "K2", date(2025, 1, 10), "OUT", "30.0"),
    ("C4", date(2025, 1, 10), "T", "C2", "U6", None, "OUT", "22.0"),
]
# child: (sex, ethnicity, date of birth)
CHILDREN = {
    "C1": ("1", "WBRI", date(2010, 5, 1)),
    "C2": ("2", "BAFR", date(2008, 2, 2)),
    "C3": ("1", "MWBC", date(2012, 7, 7)),
    "C4": ("2", "WBRI", date(2013, 3, 3)),
}
# What the contract's placements file says for the same children at 31 March 2025.
PLACEMENTS = [
    ("C1", date(2010, 5, 1), date(2024, 1, 10), date(2024, 6, 1), "U6", "25.0", "N", 2),
    ("C2", date(2008, 2, 2), date(2025, 2, 1), date(2025, 2, 1), "K2", "", "Y", 1),
    ("C4", date(2013, 3, 3), date(2024, 11, 1), date(2025, 1, 10), "U6", "22.0", "N", 2),
]
# Care leavers (OC3 and Annex A list 9): child, DOB, IN_TOUCH, ACTIV, ACCOM. L3 is 16: in neither.
CARE_LEAVERS = [
    ("L1", date(2006, 4, 1), "YES", "F2", "B1"),
    ("L2", date(2004, 1, 15), "NO", "G4", "D2"),
    ("L3", date(2009, 1, 1), "YES", "F2", "B1"),
]
# Annex A allocations: (list, child, worker, team, date allocated, list episode ended)
ALLOCATED = [
    ("children_in_care", "C1", "W1", "Team A", date(2024, 6, 1), None),
    ("children_in_care", "C2", "W2", "Team B", date(2025, 2, 1), None),
    ("child_protection", "K1", "W1", "Team A", date(2025, 1, 5), None),
    ("children_in_need", "K1", "W1", "Team A", date(2025, 1, 5), None),  # the CP plan's cohort wins
    ("children_in_need", "N1", "W3", "Team B", date(2024, 11, 11), None),
    ("children_in_need", "N2", "W3", "Team B", date(2024, 10, 1), date(2025, 2, 1)),  # closed: not open
]
CONTRACT_ALLOCATIONS = [
    ("C1", "W1", "Team A", "CLA", date(2024, 6, 1)),
    ("C2", "W2", "Team B", "CLA", date(2025, 2, 1)),
    ("K1", "W1", "Team A", "CP", date(2025, 1, 5)),
    ("N1", "W3", "Team B", "CIN", date(2024, 11, 11)),
]
# CSWW workers: SWENo, agency, FTE30, Cases30, OrgRole, start, end
WORKERS = [
    ("W1", "0", "1", "18", "5", date(2020, 1, 1), None),
    ("W2", "1", "0.8", "22", "5", date(2024, 10, 1), None),
    ("W3", "0", "0.5", "", "6", date(2019, 3, 1), None),
    ("W4", "0", "1", "0", "4", date(2018, 5, 1), date(2025, 3, 10)),
]
ROLES = {"4": "Senior practitioner", "5": "Case holder", "6": "Qualified social worker not holding cases"}
CENSUS_TEAM = "Not in the workforce census"


def _csv(header: list[str], rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
    return out.getvalue().encode("utf-8")


# --- the contract's six-dataset way -------------------------------------------------------------


def contract_files() -> list[tuple[str, bytes]]:
    placements = _csv(
        ["child_id", "date_of_birth", "date_entered_care", "placement_start_date", "placement_type",
         "distance_miles", "inside_la", "placements_last_12_months"],
        PLACEMENTS,
    )  # fmt: skip
    leavers = _csv(
        ["child_id", "date_of_birth", "in_touch", "activity", "accommodation"],
        [row for row in CARE_LEAVERS if row[0] != "L3"],
    )
    allocations = _csv(
        ["child_id", "worker_id", "team", "cohort", "start_date", "end_date"],
        [(*row, None) for row in CONTRACT_ALLOCATIONS],
    )
    workforce = _csv(
        ["worker_id", "team", "role", "case_holding", "employment_type", "fte", "start_date", "end_date", "caseload"],
        [
            (w, CENSUS_TEAM, ROLES[role], "Y" if (cases or "0") != "0" else "N",
             "agency" if agency == "1" else "permanent", fte, start, end, cases or "0")
            for w, agency, fte, cases, role, start, end in WORKERS
        ],
    )  # fmt: skip
    return [
        (f"placements_{MONTH}.csv", placements),
        (f"care_leavers_{MONTH}.csv", leavers),
        (f"allocations_{MONTH}.csv", allocations),
        (f"workforce_{MONTH}.csv", workforce),
    ]


# --- the council's own returns ------------------------------------------------------------------


def ssda903_files() -> list[tuple[str, bytes]]:
    header = _csv(
        ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        [(c, sex, dob and dob, eth, "", "", None) for c, (sex, eth, dob) in CHILDREN.items()],
    )
    episodes = _csv(
        ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
         "HOME_POST", "PL_POST", "URN", "PL_LOCATION", "PL_DISTANCE"],
        [(c, start, rne, ls, "N1", place, "PR1", end, "", "", "", "", "", loc, dist)
         for c, start, rne, ls, place, end, loc, dist in EPISODES],
    )  # fmt: skip
    oc3 = _csv(["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"], CARE_LEAVERS)
    return [("header.csv", header), ("episodes.csv", episodes), ("oc3.csv", oc3)]


def annex_a_workbook(variant: str = "ofsted_2023", extra: dict | None = None) -> bytes:
    """Lists 6-9 in one heading variant. `extra` replaces cells: {(list, row number, field): value}."""
    from reference.standard import annex_a

    lists = annex_a().lists
    values: dict[str, list[dict]] = {
        "children_in_need": [],
        "child_protection": [],
        "children_in_care": [],
        "care_leavers": [],
    }
    for list_name, child, worker, team, allocated, ended in ALLOCATED:
        if list_name == "children_in_care":
            continue
        row = dict(child_id=child, sex="a) Male", ethnicity="White British", allocated_team=team,
                   allocated_worker=worker, allocation_start_date=allocated)  # fmt: skip
        if list_name == "children_in_need":
            row |= dict(latest_referral_date=date(2024, 10, 1), closure_date=ended, case_status="Open")
        else:
            row |= dict(cp_plan_start_date=date(2025, 1, 5))
        values[list_name].append(row)
    allocated = {
        child: (worker, team, when) for ln, child, worker, team, when, _ in ALLOCATED if ln == "children_in_care"
    }
    current = {}  # each child's latest episode
    for child, _start, _rne, ls, place, end, loc, dist in EPISODES:
        current[child] = dict(legal_status=ls, placement_type=place, placement_location=loc,
                              distance_miles=float(dist) if dist else None, date_ceased_care=end)  # fmt: skip
    for child, dob, entered, placed, _place, _dist, _inside, moves in PLACEMENTS:
        worker, team, when = allocated.get(child, (None, None, None))
        values["children_in_care"].append(
            dict(child_id=child, sex=f"{'a) Male' if CHILDREN[child][0] == '1' else 'b) Female'}",
                 ethnicity=f"a) {CHILDREN[child][1]}", date_of_birth=dob, date_entered_care=entered,
                 placement_start_date=placed, placements_last_12_months=moves, allocated_worker=worker,
                 allocated_team=team, allocation_start_date=when, **{**current[child], "date_ceased_care": None})
        )  # fmt: skip
    values["children_in_care"].append(  # C3 left care in December: on the list, not looked after at month end
        dict(child_id="C3", sex="M", ethnicity="MWBC", date_of_birth=date(2012, 7, 7),
             date_entered_care=date(2023, 1, 1), date_ceased_care=date(2024, 12, 31),
             placement_type="U4", placement_location="IN")
    )  # fmt: skip
    for child, dob, in_touch, activity, accom in CARE_LEAVERS:
        values["care_leavers"].append(
            dict(child_id=child, date_of_birth=dob, in_touch=in_touch, activity=activity, accommodation=accom)
        )
    book = Workbook()
    book.remove(book.active)
    cover = book.create_sheet("Cover")
    cover.append(["Annex A, synthetic test authority"])
    for list_name, rows in values.items():
        spec = lists[list_name]
        sheet = book.create_sheet(f"List {spec.number}")
        sheet.append([f"{spec.title} (synthetic)"])  # a title row above the headings, as templates have
        sheet.append(list(spec.variants[variant]))
        for number, row in enumerate(rows, start=3):
            cells = []
            for f in spec.fields:
                cells.append((extra or {}).get((list_name, number, f.name), row.get(f.name)))
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csww_xml() -> bytes:
    workers = "".join(
        f"<CSWWWorker><AgencyWorker>{agency}</AgencyWorker><SWENo>{w}</SWENo><FTE30>{fte}</FTE30>"
        f"<OrgRole>{role}</OrgRole><RoleStartDate>{start.isoformat()}</RoleStartDate>"
        + (f"<RoleEndDate>{end.isoformat()}</RoleEndDate>" if end else "")
        + (f"<Cases30>{cases}</Cases30>" if cases else "")
        + "</CSWWWorker>"
        for w, agency, fte, cases, role, start, end in WORKERS
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails><Collection>CSWW</Collection>'
        f"<Year>2025</Year></CollectionDetails></Header><LALevelVacancies/>{workers}</Message>"
    ).encode()


def cin_xml(referral_date: str = "2024-10-01") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header>
<Children>
 <Child><ChildIdentifiers><LAchildID>K1</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate>
  <GenderCurrent>1</GenderCurrent></ChildIdentifiers>
  <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
  <CINdetails><CINreferralDate>{referral_date}</CINreferralDate><ReferralSource>1A</ReferralSource>
   <Assessments><AssessmentActualStartDate>2024-10-02</AssessmentActualStartDate>
    <AssessmentAuthorisationDate>2024-11-20</AssessmentAuthorisationDate></Assessments>
   <Section47><S47ActualStartDate>2024-12-01</S47ActualStartDate><DateOfInitialCPC>2024-12-20</DateOfInitialCPC></Section47>
   <ChildProtectionPlans><CPPstartDate>2025-01-05</CPPstartDate><Reviews><CPPreviewDate>2025-03-01</CPPreviewDate></Reviews></ChildProtectionPlans>
  </CINdetails></Child>
 <Child><ChildIdentifiers><LAchildID>N1</LAchildID><GenderCurrent>2</GenderCurrent></ChildIdentifiers>
  <ChildCharacteristics><Ethnicity>BAFR</Ethnicity></ChildCharacteristics>
  <CINdetails><CINreferralDate>2024-11-01</CINreferralDate><CINPlanDates><CINPlanStartDate>2024-11-11</CINPlanStartDate></CINPlanDates></CINdetails></Child>
</Children></Message>""".encode()
