"""The synthetic authority's calibration, as data: its teams, its flows of children and staff, and the
levels each theme of the inspection moves between over the generated period.

The levels come from the DfE published figures for Slough and England (shared reference,
published-figures.md) and from the themes of Ofsted's inspection of Slough Children First: caseloads
too high for a minority of assessment-hub workers, turnover and agency churn giving children too many
social workers, initial health assessments late (worse for children placed at a distance), many
children placed more than 20 miles from home but falling, care leavers' EET rising from a low base, a
few care leavers aged 18+ in bed and breakfast, and weaker practice for strategy discussions, return
home interviews, private fostering, homeless 16-17 year olds and children at risk of exploitation.

Changes of social worker are calibrated against the published measures of stability (reference/dfe/
la_cla_swcount.csv, DfE "Stability measures" 2024: children looked after with 3 or more social workers in
the year, authorities 0-67%, middle half 20.5-32%, Slough 40%; and the Children's Commissioner's share of
children in care with 2 or more changes in 12 months, England 27%, Slough 33%) and caseloads against the
workforce census (reference/dfe/csww_indicators_2017_to_2025.csv, 2025: caseload per FTE 6.0-20.9,
middle half 14.0-16.8, Slough 16.7). Over the 36 months the sample's children in care with 3 or more
workers fall from about 40% to about 27%, about a third have 2 or more changes in a year, caseload per
FTE is about 17, and changes of worker run at 10-14 per 100 children a month (about 11 per 100 children
in care): most of the rest are the front door's transfers from assessment to a long-term team, which
count as changes. The DfE publishes no monthly count of changes to compare with directly.

A `Trend` is a level at the first reporting month and one at the last, in a straight line between:
every story is told over the generated period, whatever its start and length. Rates are per
authority at scale 1 (the size of Slough); `scale` multiplies children and workers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trend:
    """A level that moves in a straight line from `start` (first reporting month) to `end` (last)."""

    start: float
    end: float

    def at(self, progress: float) -> float:
        p = min(max(progress, 0.0), 1.0)
        return self.start + (self.end - self.start) * p


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    case_holding_posts: int  # at scale 1
    managers: int
    renamed: str | None = None  # name from the re-organisation month on


# Slough-sized establishment: ~95 case-holding posts (about 80 case-holding FTE in post once vacancies
# and part-time posts are counted) and 10 team managers.
TEAMS: tuple[Team, ...] = (
    Team("hub1", "Assessment Hub 1", 13, 2, "Front Door Hub North"),
    Team("hub2", "Assessment Hub 2", 13, 2, "Front Door Hub South"),
    Team("fsp1", "Family Support and Protection 1", 12, 1),
    Team("fsp2", "Family Support and Protection 2", 12, 1),
    Team("fsp3", "Family Support and Protection 3", 12, 1),
    Team("cic1", "Children in Care 1", 6, 1),
    Team("cic2", "Children in Care 2", 6, 1),
    Team("leaving", "16+ and Leaving Care", 13, 2),
)
HUBS = ("hub1", "hub2")
PROTECTION_TEAMS = ("fsp1", "fsp2", "fsp3")
CARE_TEAMS = ("cic1", "cic2")
LEAVING_CARE_TEAM = "leaving"
# When a team has nobody free, its children go to a sister team.
SISTER_TEAMS = {
    "hub1": ("hub2",),
    "hub2": ("hub1",),
    "fsp1": ("fsp2", "fsp3"),
    "fsp2": ("fsp3", "fsp1"),
    "fsp3": ("fsp1", "fsp2"),
    "cic1": ("cic2",),
    "cic2": ("cic1",),
    "leaving": ("cic1", "cic2"),
}

# Dates of the period's events, as a share of the way through the reporting months (36 months from
# April 2023: the re-organisation is October 2024, the late month July 2024, the re-extract Feb 2025).
REORGANISATION_AT = 0.5  # the hubs become "Front Door Hub North/South"
LATE_DATA_AT = 0.42  # placements and health assessments extracted weeks late
SUPERSEDED_AT = 0.61  # first allocations extract incomplete, re-extracted a week later
LATE_BY_WORKING_DAYS = 18
REEXTRACT_AFTER_WORKING_DAYS = 5

# ---- Children: flows (per month at scale 1) and durations (days) ----
REFERRALS_PER_MONTH = 180  # new assessments allocated in the hubs
RE_REFERRAL_SHARE = 0.12  # of referrals, a child known before
DIRECT_ADOLESCENT_ENTRIES_PER_MONTH = 0.5  # homeless 16-17 year olds and UASC entering care
DUTY_WORKER_SHARE = Trend(0.10, 0.08)  # referrals first held by a duty worker, then an assessor
HUB_DAYS = 68  # mean days in the hub (assessment and transfer)
HUB_OUTCOMES = {"close": 0.518, "cin": 0.37, "cp": 0.085, "cla": 0.027}
CIN_DAYS = 165
CIN_OUTCOMES = {"close": 0.93, "cp": 0.04, "cla": 0.03}
CP_DAYS = 290
CP_OUTCOMES = {"step_down": 0.55, "close": 0.34, "cla": 0.11}
STEP_DOWN_DAYS = 120
STEP_DOWN_OUTCOMES = {"close": 0.95, "cp": 0.03, "cla": 0.02}
STEP_DOWN_NEW_WORKER = 0.35
# Age bands (years from, to) of children referred, and of those in care before the data start, with weights.
REFERRAL_AGES = {(0.0, 1.0): 0.12, (1.0, 5.0): 0.2, (5.0, 10.0): 0.26, (10.0, 16.0): 0.32, (16.0, 17.5): 0.1}
CARE_ENTRY_AGES = {(0.0, 1.0): 0.2, (1.0, 5.0): 0.15, (5.0, 10.0): 0.19, (10.0, 16.0): 0.34, (16.0, 17.6): 0.12}
CARE_ENTRIES_BEFORE_DATA_PER_MONTH = 8.2  # to build the stock of children in care and care leavers
CHILDREN_IN_CARE = 205  # the level placement sufficiency holds the number in care near (Slough: 173-212)
STAY_WITH_REFERRING_WORKER = 0.7  # new entrants kept by the referring team's worker for a few weeks
LEAVING_CARE_AT_16_17_BECOMES_CARE_LEAVER = 0.7
CARE_LEAVER_NEW_WORKER_AT_18 = 0.4
CARE_LEAVER_DEATHS_PER_1000_PER_YEAR = 1.5

# ---- Workforce ----
AGENCY_SHARE = Trend(0.33, 0.16)  # agency FTE / all FTE in post (Slough 2019: 33%, 2025: 20%)
PERMANENT_LEAVING_PER_MONTH = Trend(0.025, 0.021)  # 30% a year falling to 25% (managers half that)
AGENCY_MONTHS_IN_POST = Trend(15.0, 18.0)  # mean months an agency worker stays
PERMANENT_RECRUITMENT_DAYS = (25, 110)
AGENCY_RECRUITMENT_DAYS = (7, 35)
PART_TIME_SHARE = 0.14
ROLE_SHARES = (("Social worker", 0.62), ("Senior practitioner", 0.26), ("Advanced practitioner", 0.12))
ROLE_CAPACITY = {"Social worker": 1.0, "Senior practitioner": 1.05, "Advanced practitioner": 0.8}
CAPACITY_SPREAD = 0.22  # lognormal sigma of a worker's share of the team's work
REALLOCATION_PER_MONTH = Trend(0.010, 0.009)  # within-team changes of worker (leave, balancing)
# A new starter in these teams takes this share of the team's average caseload from its busiest workers.
NEW_STARTER_CASELOAD_SHARE = {"cic1": 0.3, "cic2": 0.3, "leaving": 0.3, "fsp1": 0.15, "fsp2": 0.15, "fsp3": 0.15}
HANDOVER_GAP_SHARE = 0.15  # children left unallocated for a while when their worker leaves
CASELOAD_MISSTATED_SHARE = 0.03  # workers whose stated caseload differs from their allocations

# ---- Children in care ----
IHA_REQUESTED_IN_3_DAYS = Trend(0.52, 0.68)
IHA_IN_TIME_INSIDE = Trend(0.45, 0.78)  # completed within 20 working days, placed inside the authority
IHA_OUTSIDE_PENALTY = 0.22  # less likely in time when placed outside the authority
IHA_LONG_OVERDUE_SHARE = 0.06
RHA_LATE_SHARE = 0.36
NEW_PLACEMENT_FAR = Trend(0.37, 0.22)  # chance a new placement is more than 20 miles away (foster care)
MOVE_CLOSER_PER_YEAR = Trend(0.08, 0.4)  # extra moves of far placements back closer to home
INSIDE_WHEN_NEAR = 0.75  # placements within 20 miles that are inside the authority's boundary
DISTANCE_NOT_RECORDED = 0.03
UNSTABLE_SHARE = {"under_10": 0.22, "10_plus": 0.4}
MOVES_PER_YEAR = {"stable": 0.12, "unstable": 1.5}
EARLY_MOVE_SHARE = 0.3  # first placements that are emergency placements, ended within weeks

# ---- Care leavers ----
IN_TOUCH = {"YES": 0.89, "NO": 0.055, "REFU": 0.035, "NREQ": 0.02}
EET_WHEN_IN_TOUCH_17_18 = Trend(0.66, 0.68)
EET_WHEN_IN_TOUCH_19_21 = Trend(0.4, 0.64)
SUITABLE_WHEN_IN_TOUCH = 0.97
STATUS_CHANGE_PER_MONTH = 0.18
BED_AND_BREAKFAST = (1, 4)  # care leavers aged 18+ in B&B in any month, at scale 1

# ---- Aggregate indicators (indicator_values): typical monthly denominator at scale 1 and the rate ----
AGGREGATES: dict[str, tuple[float, Trend]] = {
    "strategy_discussions_in_timescale": (34, Trend(0.66, 0.84)),
    "return_home_interviews_offered": (38, Trend(0.78, 0.93)),
    "return_home_interviews_within_72h": (0, Trend(0.46, 0.68)),  # denominator: interviews offered
    "private_fostering_visits_in_time": (1.6, Trend(0.55, 0.8)),
    "homeless_16_17_joint_assessments": (4, Trend(0.4, 0.72)),
    "audited_plans_good": (14, Trend(0.34, 0.56)),
    "exploitation_risk_with_plan": (46, Trend(0.62, 0.86)),
    "cp_conferences_in_timescale": (0, Trend(0.72, 0.88)),  # denominator: new CP plans in the month
    "supervision_in_timescale": (0, Trend(0.74, 0.9)),  # denominator: case-holding workers in post
}

# Real English authority codes: Slough first, then its Berkshire neighbours, then London boroughs.
LA_CODES = (
    "E06000039",
    "E06000036",
    "E06000040",
    "E06000041",
    "E06000037",
    "E06000038",
    "E06000060",
    *(f"E09{n:06d}" for n in range(2, 34)),
)
