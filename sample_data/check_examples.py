"""Small synthetic files in the shapes Excel on Windows really produces, for the Check page's
"Try the example files" button and for tests. All identifiers are invented."""

from __future__ import annotations

WORKFORCE = """Worker ID,Team,Job Title,Case Holder,Employment Status,FTE,Date Started,Leaving Date,No of Cases
W0001,Assessment Hub 1,Social worker,Y,Permanent,1,03/01/2022,,24
W0002,Assessment Hub 1,Senior practitioner,Yes,Agency,1.0,2024-09-16,,19
W0003 ,Assessment Hub 2,Social worker,TRUE,permanent,0.6,01/06/2019,,11
W0004.0,Children in Care 1,Team manager,N,Permanent,1,12/02/2015,,0
W0005,16+ and Leaving Care,Personal adviser,1,agency,1,05/03/2025,28/03/2025,0
"""

PLACEMENTS_903 = """\
CHILD\tDOB\tDECOM\tPlacement start date\tPLACE\tPL_DISTANCE\tPL_LOCATION\tPlacements in last 12 months
C100234\t14/07/2009\t02/11/2023\t15/01/2025\tU4\t23.4\tOUT\t2
C100245\t2012-03-30\t2024-12-19\t2024-12-19\tU6\t3.1\tIN\t1
C100251\t09/09/2008\t21/05/2022\t01/02/2025\tK2\t\tOUT\t3
"""

CARE_LEAVERS = """Child Unique ID;Date of Birth;In touch;Activity;Accommodation
C200011;29/02/2004;YES;F2;Z1
C200012;17/08/2006;NO;0;0
C200013;03/01/2005;YES;G5;W2
"""

ALLOCATIONS_WITH_PROBLEMS = """child_id,worker_id,team,cohort,start_date,end_date
C300001,W0001,Assessment Hub 1,CIN,01/03/2025,
C300002,W0002,Assessment Hub 1,CP,31/02/2025,
C300003,W0003,Assessment Hub 2,LAC,12/03/2025,
C300004,W0004,Children in Care 1,CLA,15/03/2025,10/03/2025
C300001,W0001,Assessment Hub 1,CIN,01/03/2025,
,W0005,16+ and Leaving Care,CL,03/03/2025,
C300006,W0006,Children in Care 1,CLA,20/03/2025,,extra
"""


def example_files() -> list[tuple[str, bytes]]:
    """(file name, bytes) pairs: UTF-8 with BOM and CRLF, UTF-16 tab-separated with SSDA903
    headers, Windows-1252 semicolon-separated, and a file with one of each common problem."""
    return [
        ("workforce_2025-03_extract_2025-04-03.csv", WORKFORCE.replace("\n", "\r\n").encode("utf-8-sig")),
        ("placements March 2025.txt", PLACEMENTS_903.replace("\n", "\r\n").encode("utf-16")),
        ("care_leavers_2025-03.csv", CARE_LEAVERS.replace("\n", "\r\n").encode("cp1252")),
        ("allocations_2025-03.csv", ALLOCATIONS_WITH_PROBLEMS.encode("utf-8")),
    ]
