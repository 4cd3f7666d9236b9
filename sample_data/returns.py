"""The synthetic authority's own returns: its months written as an Ofsted Annex A workbook, SSDA903
tables (CSV), a CIN census XML and a CSWW census XML, as its case-management and HR systems would.

The same children as the six contract files: every return is laid out from the same simulated world
(sample_data/simulation.py) and from the very tables the contract files were written from (the
placements, care leavers, allocations and workforce of each month), so the two ways in give the same
figures where they overlap (tests/ingest/standard/test_standard_equality.py). What only the returns
carry is drawn here from the world's journeys, with its own random stream (the contract files do not
change when this module does):

- contacts (Annex A list 1): one on the day of each referral, and about one and a half times as many
  again that go no further (known children, often ones seen before);
- referrals (list 3): the world's referrals to the front door, plus referrals closed with no further
  action soon after (mostly children referred in the year before), so that re-referrals within 12
  months run at about a fifth, as they do in England (DfE, Characteristics of children in need:
  22-23% in 2023 to 2025);
- assessments (list 4): one for each referral assessed, completed within 45 working days about
  80-86% of the time (England about 82%), improving over the period;
- section 47 enquiries (list 5): one before each initial child protection conference, held within 15
  working days at the rate the sample's aggregate "CP conferences in timescale" tells (72-88%,
  England about 78%), and as many again that find no conference is needed;
- child protection plans (list 7): each protection phase of a journey, with the number of earlier
  plans (some before the records: second or later plans about 20-24%, England about 23%); the date of
  the last statutory visit at each month end, within 10 working days about 82-92% of the time;
- children in need plans (CIN census): each child in need phase of a journey;
- reviews of children looked after (903 reviews): the first within 20 working days of entering care,
  the second within 3 months, then every 6 months, in time about 85-93% of the time.

Characteristics, as the real formats carry them: sex (903 SEX, CIN GenderCurrent, Annex A Gender),
ethnicity (DfE codes), date of birth and age, disability (CIN Disabilities; Annex A yes/no) and
unaccompanied asylum-seeking status (903 UASC table; Annex A lists 8 and 9). The ethnic mix is that
of children known to social care in a diverse English town like Slough (2021 census: about half of
its children Asian or Asian British, a quarter White British), with White British, Mixed and Black
children over-represented and Asian children under-represented among those referred, as the DfE's
children in need figures show nationally; unaccompanied children are mostly boys aged 15-17 from
Afghanistan, Eritrea, Sudan, Iran and Iraq. Every identifier is the sample's pseudonymous one.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
from openpyxl import Workbook

from core.dates import shift_month
from reference.standard import annex_a
from sample_data import story
from sample_data.files import SampleFile
from sample_data.simulation import YEAR, Draws, World, anniversary, date_of, month_first_day, month_last_day
from sample_data.snapshots import Table, age_on, collection_year, placement_code_for

# Ethnicity (DfE codes) of children known to the authority's social care, and of unaccompanied children.
ETHNIC_MIX = {
    "WBRI": 0.29,
    "WIRI": 0.005,
    "WIRT": 0.004,
    "WROM": 0.012,
    "WOTH": 0.085,
    "MWBC": 0.045,
    "MWBA": 0.02,
    "MWAS": 0.025,
    "MOTH": 0.03,
    "AIND": 0.06,
    "APKN": 0.165,
    "ABAN": 0.01,
    "AOTH": 0.05,
    "BAFR": 0.06,
    "BCRB": 0.03,
    "BOTH": 0.015,
    "CHNE": 0.002,
    "OOTH": 0.04,
    "REFU": 0.005,
    "NOBT": 0.02,
}
UASC_MIX = {"AOTH": 0.3, "BAFR": 0.25, "OOTH": 0.3, "BOTH": 0.1, "WOTH": 0.05}
MALE_SHARE = 0.52
UASC_MALE_SHARE = 0.93
DISABLED_SHARE = 0.12
DISABILITIES = {"LD": 0.25, "AUT": 0.25, "BEH": 0.15, "COMM": 0.12, "MOB": 0.08, "CON": 0.06, "HEAR": 0.04, "VIS": 0.04}
UASC_SHARE_OF_DIRECT_ENTRIES = 0.55  # the rest are homeless 16-17 year olds
UASC_SHARE_OF_TEENAGE_ENTRIES = 0.04

CONTACTS_NOT_REFERRED_PER_REFERRAL = 1.5
NFA_REFERRALS_PER_MONTH = 50  # at scale 1, on top of the world's referrals that are assessed
NFA_REFERRAL_OF_RECENT_CHILD = 0.9  # of those, a child referred in the year before
ASSESSMENT_IN_45_DAYS = story.Trend(0.8, 0.86)
ICPC_IN_15_DAYS = story.AGGREGATES["cp_conferences_in_timescale"][1]
S47_WITHOUT_CONFERENCE = 0.13  # of referrals assessed that do not lead to a plan
PLAN_BEFORE_THE_RECORDS = 0.2  # first recorded plans of children who had one long ago or elsewhere
CP_VISIT_IN_10_DAYS = story.Trend(0.82, 0.92)
CP_VISIT_WORKING_DAYS = 10
REVIEW_IN_TIME = story.Trend(0.85, 0.93)
SOURCES = {"1A": 0.05, "1B": 0.03, "2A": 0.1, "2B": 0.06, "3A": 0.18, "3B": 0.02, "5A": 0.3, "5C": 0.04}
SOURCES |= {"6": 0.06, "7": 0.03, "8": 0.06, "9": 0.07}
ANNEX_A_LISTS = ("contacts", "referrals", "assessments", "section_47", "children_in_need", "child_protection")
ANNEX_A_LISTS += ("children_in_care", "care_leavers")
ORG_ROLES = {"Social worker": "5", "Senior practitioner": "4", "Advanced practitioner": "4", "Team manager": "3"}


@dataclass(frozen=True)
class ReturnFile(SampleFile):
    """A return as the authority's systems write it; `dataset` is its kind: annex_a, ssda903 (one
    table), cin_census or csww_census. Files of one return for one month share `month` and `group`."""

    group: str = ""


class Returns:
    """Everything only the returns carry, drawn once for a world; then each month's files."""

    def __init__(self, world: World, child_ids: list[str], seed, reorganised: str, scale: float) -> None:
        self.world = world
        self.scale = scale
        self.child_ids = child_ids
        self.reorganised = reorganised
        self.d = Draws(np.random.default_rng(seed))
        self.wd = world.workdays
        self.first_day = world.window[0]
        self._characteristics()
        self._referrals()
        self._help_and_protection()
        self._contacts()
        self._reviews()
        self.of_child = {
            name: _by_child(records)
            for name, records in (
                ("assessments", self.assessments),
                ("s47", self.s47),
                ("cp", self.cp),
                ("cin_plans", self.cin_plans),
            )
        }
        reviews = defaultdict(list)
        for period, child in enumerate(world.care_child):
            reviews[child] += self.reviews[period]
        self.reviews_by_child = {child: sorted(days) for child, days in reviews.items()}

    # ------------------------------------------------------------------ who the children are
    def _characteristics(self) -> None:
        world, d = self.world, self.d
        direct = {
            world.ref_child[r]
            for r, state, start, end, following in zip(
                world.ph_ref, world.ph_state, world.ph_start, world.ph_end, world.ph_next, strict=True
            )
            if state == "hub" and following == "cla" and end - start <= 5
        }
        self.uasc: dict[int, int] = {}  # child -> day they entered care unaccompanied
        for child, start in zip(world.care_child, world.care_start, strict=True):
            age = (start - world.child_dob[child]) / YEAR
            chance = UASC_SHARE_OF_DIRECT_ENTRIES if child in direct and age >= 15 else 0.0
            chance = chance or (UASC_SHARE_OF_TEENAGE_ENTRIES if 14 <= age < 17.5 else 0.0)
            if child not in self.uasc and d.chance(chance):
                self.uasc[child] = start
        count = len(world.child_dob)
        self.sex = ["1"] * count
        self.ethnicity = ["WBRI"] * count
        self.disabilities: list[tuple[str, ...]] = [()] * count
        for child in range(count):
            unaccompanied = child in self.uasc
            self.sex[child] = "1" if d.chance(UASC_MALE_SHARE if unaccompanied else MALE_SHARE) else "2"
            self.ethnicity[child] = str(d.pick(UASC_MIX if unaccompanied else ETHNIC_MIX))
            if d.chance(DISABLED_SHARE):
                first = str(d.pick(DISABILITIES))
                second = str(d.pick(DISABILITIES)) if d.chance(0.25) else first
                self.disabilities[child] = tuple(sorted({first, second}))

    # ------------------------------------------------------------------ referrals and contacts
    def _referrals(self) -> None:
        world, d = self.world, self.d
        phases = defaultdict(list)
        for n, r in enumerate(world.ph_ref):
            phases[r].append(n)
        self.phases = phases
        earlier = sorted(zip(world.ref_day, world.ref_child, strict=True))  # the world's referrals by day
        earlier_days = [day for day, _ in earlier]
        referrals = []  # (day, child, world referral or -1, nfa)
        for r, (child, day) in enumerate(zip(world.ref_child, world.ref_day, strict=True)):
            referrals.append((day, child, r, False))
        month = shift_month(world.months[0], -14)
        while month_first_day(month) <= world.window[1]:
            first, last = month_first_day(month), month_last_day(month)
            for _ in range(round(NFA_REFERRALS_PER_MONTH * self.scale)):
                day = self.wd.on_or_after(first + d.below(last - first + 1))
                child = None
                if d.chance(NFA_REFERRAL_OF_RECENT_CHILD):  # referred again within the year
                    low = bisect.bisect_left(earlier_days, day - 340)
                    high = bisect.bisect_right(earlier_days, day - 21)
                    if high > low:
                        child = earlier[low + d.below(high - low)][1]
                if child is None:
                    child = world.ref_child[d.below(len(world.ref_child))]
                if not 0 <= day - world.child_dob[child] < 17.5 * YEAR:
                    continue
                referrals.append((day, child, -1, True))
            month = shift_month(month, 1)
        referrals.sort()
        self.referrals = _one_per_key(referrals, key=lambda r: (r[1], r[0]))
        by_child = defaultdict(list)
        for day, child, _, _ in referrals:
            by_child[child].append(day)
        self.referral_days = by_child
        self.ref_source = [str(d.pick(SOURCES)) for _ in referrals]

    def previous_referrals(self, child: int, day: int) -> int:
        """Referrals of the child in the 12 months before `day` (the list's own count)."""
        days = self.referral_days[child]
        since = self._year_before(day)
        return bisect.bisect_left(days, day) - bisect.bisect_left(days, since)

    @staticmethod
    def _year_before(day: int) -> int:
        born = date_of(day)
        try:
            return born.replace(year=born.year - 1).toordinal() - date(1970, 1, 1).toordinal()
        except ValueError:  # 29 February
            return date(born.year - 1, 2, 28).toordinal() - date(1970, 1, 1).toordinal()

    def _contacts(self) -> None:
        world, d = self.world, self.d
        contacts = [(day, child, self.ref_source[n]) for n, (day, child, _, _) in enumerate(self.referrals)]
        first = self.referrals[0][0] if self.referrals else world.window[0]
        for day, _, _, _ in list(self.referrals):
            extra = int(CONTACTS_NOT_REFERRED_PER_REFERRAL) + (d.u() < CONTACTS_NOT_REFERRED_PER_REFERRAL % 1)
            for _ in range(extra):
                when = self.wd.on_or_after(max(first, day - 30 + d.below(60)))
                child = world.ref_child[d.below(len(world.ref_child))]
                if 0 <= when - world.child_dob[child] < 18 * YEAR:
                    contacts.append((when, child, str(d.pick(SOURCES))))
        contacts.sort()
        self.contacts = contacts

    # ------------------------------------------------------------------ help and protection
    def _help_and_protection(self) -> None:
        world, d, wd = self.world, self.d, self.wd
        self.assessments = []  # (child, start, authorised)
        self.s47 = []  # (child, start, icpc or None, not required)
        self.cp = []  # (child, start, end, previous plans)
        self.cin_plans = []  # (child, start, end)
        plans_of = defaultdict(int)
        before = set()
        for r, (child, day) in enumerate(zip(world.ref_child, world.ref_day, strict=True)):
            adult = anniversary(world.child_dob[child], 18)
            for n in self.phases[r]:
                state, start, end, following = world.ph_state[n], world.ph_start[n], world.ph_end[n], world.ph_next[n]
                progress = world.progress(start)
                if state == "hub":
                    begun = wd.on_or_after(day + d.between(0, 3))
                    days = d.between(12, 45) if d.chance(ASSESSMENT_IN_45_DAYS.at(progress)) else 46 + int(d.expo(14))
                    authorised = int(wd.after(np.asarray([begun]), np.asarray([days]))[0])
                    self.assessments.append((child, begun, max(begun, min(authorised, adult - 1))))
                    if following in ("cin", "close") and d.chance(S47_WITHOUT_CONFERENCE):
                        self.s47.append((child, wd.on_or_after(begun + d.between(1, 20)), None, True))
                if following == "cp":
                    held = end
                    in_time = d.chance(ICPC_IN_15_DAYS.at(world.progress(held)))
                    back = d.between(4, 15) if in_time else d.between(16, 32)
                    started = int(
                        np.busday_offset(
                            np.datetime64(date_of(held)), -back, roll="forward", busdaycal=wd.calendar
                        ).astype(np.int64)
                    )
                    self.s47.append((child, max(started, start), held, False))
                if state == "cp":
                    if child not in plans_of and child not in before and d.chance(PLAN_BEFORE_THE_RECORDS):
                        before.add(child)
                        plans_of[child] = 1 + (d.chance(0.2))
                    self.cp.append((child, start, min(end, adult), plans_of[child]))
                    plans_of[child] += 1
                if state in ("cin", "step"):
                    self.cin_plans.append((child, start, min(end, adult)))
        for name in ("assessments", "s47", "cp", "cin_plans"):
            setattr(self, name, _one_per_key(getattr(self, name), key=lambda r: (r[0], r[1])))

    def _reviews(self) -> None:
        """Reviews of each period of care (Care Planning Regulations 2010, regulation 33)."""
        world, d, wd = self.world, self.d, self.wd
        self.reviews: list[list[int]] = []
        needed = world.window[0] - 800
        for start, end in zip(world.care_start, world.care_end, strict=True):
            days: list[int] = []
            if end >= needed:
                in_time = d.chance(REVIEW_IN_TIME.at(world.progress(start)))
                day = int(
                    wd.after(np.asarray([start]), np.asarray([d.between(8, 20) if in_time else 21 + d.below(15)]))[0]
                )
                while day < end and day <= world.window[1] + 40:
                    days.append(day)
                    in_time = d.chance(REVIEW_IN_TIME.at(world.progress(day)))
                    if len(days) == 1:
                        gap = d.between(50, 88) if in_time else d.between(95, 130)
                    else:
                        gap = d.between(120, 180) if in_time else d.between(190, 240)
                    day = wd.on_or_after(day + gap)
            self.reviews.append(days)

    # ------------------------------------------------------------------ per person, as the files write it
    def records_of(self, name: str, child: int) -> list[tuple]:
        return self.of_child[name].get(child, [])

    def reviews_of_child(self, child: int) -> list[int]:
        return self.reviews_by_child.get(child, [])

    def dob(self, child: int) -> date:
        return date_of(self.world.child_dob[child])

    def sex_words(self, child: int, month_index: int) -> str:
        return ("a) Male" if self.sex[child] == "1" else "b) Female") if month_index % 2 else self.sex[child]

    def cp_visit(self, plan: int, month: str) -> date | None:
        """The last statutory visit on or before month end of a plan open then (None: none yet)."""
        _child, start, _, _ = self.cp[plan]
        last = month_last_day(month)
        if not self.d.chance(CP_VISIT_IN_10_DAYS.at(self.world.progress(last))):
            back = self.d.between(12, 30)
        else:
            back = self.d.between(0, 9)
        day = int(
            np.busday_offset(np.datetime64(date_of(last)), -back, roll="backward", busdaycal=self.wd.calendar).astype(
                np.int64
            )
        )
        return date_of(day) if day >= start else None


def _one_per_key(records: list[tuple], key) -> list[tuple]:
    """The first record of each key (a dataset's key is unique in a return), in their order."""
    seen, kept = set(), []
    for record in records:
        if key(record) not in seen:
            seen.add(key(record))
            kept.append(record)
    return kept


def _by_child(records: list[tuple]) -> dict[int, list[tuple]]:
    found = defaultdict(list)
    for record in records:
        found[record[0]].append(record)
    return found


def _open_allocations(allocations: Table, month: str) -> dict[tuple[str, str], tuple[str, str, int]]:
    """(child id, cohort) -> (worker id, team, start) of the latest-starting allocation open at month end."""
    last = month_last_day(month)
    found: dict[tuple[str, str], tuple[str, str, int]] = {}
    rows = zip(
        allocations["child_id"],
        allocations["worker_id"],
        allocations["team"],
        allocations["cohort"],
        allocations["start_date"],
        allocations["end_date"],
        strict=True,
    )
    for child, worker, team, cohort, start, end in rows:
        if start <= last and (end is None or end > last):
            key = (child, cohort)
            if key not in found or ((start, worker) > (found[key][2], found[key][0]) and start > found[key][2]):
                found[key] = (worker, team, start)
    return found


class MonthWriter:
    """One month's returns, from the Returns of the world and that month's contract tables."""

    def __init__(self, returns: Returns, month: str, index: int, tables: dict[str, Table]) -> None:
        self.r = returns
        self.month = month
        self.index = index
        self.tables = tables
        self.first, self.last = month_first_day(month), month_last_day(month)
        self.ids = returns.child_ids
        self.number = {cid: n for n, cid in enumerate(returns.child_ids)}

    # ------------------------------------------------------------------ Annex A
    def annex_a(self) -> bytes:
        r, first, last = self.r, self.first, self.last
        variant = "ofsted_2023" if self.month < self.r.reorganised else "export_short"
        lists = annex_a().lists
        allocated = _open_allocations(self.tables["allocations"], self.month)
        rows: dict[str, list[dict]] = {name: [] for name in ANNEX_A_LISTS}
        for day, child, source in r.contacts:
            if first <= day <= last:
                rows["contacts"].append(self._child(child) | dict(contact_date=date_of(day), contact_source=source))
        for n, (day, child, _, nfa) in enumerate(r.referrals):
            if first <= day <= last:
                rows["referrals"].append(
                    self._child(child)
                    | dict(
                        referral_date=date_of(day),
                        referral_source=r.ref_source[n],
                        referral_nfa="Yes" if nfa else "No",
                        referrals_last_12_months=r.previous_referrals(child, day),
                    )
                )
        for child, start, authorised in r.assessments:
            if start <= last and authorised >= first:
                rows["assessments"].append(
                    self._child(child)
                    | dict(
                        assessment_start_date=date_of(start),
                        child_seen="Yes",
                        assessment_authorised_date=date_of(authorised) if authorised <= last else None,
                        further_support=None,
                    )
                )
        for child, start, icpc, not_required in r.s47:
            held = icpc if icpc is not None else start
            if start <= last and held >= first:
                rows["section_47"].append(
                    self._child(child)
                    | dict(
                        s47_start_date=date_of(start),
                        icpc_not_required="Yes" if not_required else "No",
                        icpc_date=date_of(icpc) if icpc is not None and icpc <= last else None,
                        icpc_resulted_in_plan=None if icpc is None or icpc > last else "Yes",
                    )
                )
        for plan, (child, start, end, previous) in enumerate(r.cp):
            if start <= last and end >= first:
                open_now = end > last
                visit = r.cp_visit(plan, self.month) if open_now else None
                alone = "Yes" if r.d.chance(0.8) else "No"
                worker, team, since = allocated.get((self.ids[child], "CP"), (None, None, None))
                rows["child_protection"].append(
                    self._child(child)
                    | dict(
                        cp_plan_start_date=date_of(start),
                        cp_plan_end_date=None if open_now else date_of(end),
                        previous_plans=previous,
                        last_visit_date=visit,
                        seen_alone=None if visit is None else alone,
                        initial_category="Neglect",
                        allocated_team=team,
                        allocated_worker=worker,
                        allocation_start_date=date_of(since) if since is not None else None,
                    )
                )
        for (child_id, cohort), (worker, team, since) in sorted(allocated.items()):
            if cohort == "CIN":
                child = self.number[child_id]
                latest = bisect.bisect_right(r.referral_days[child], last)
                referred = r.referral_days[child][latest - 1] if latest else None
                rows["children_in_need"].append(
                    self._child(child)
                    | dict(
                        case_status="Open",
                        latest_referral_date=date_of(referred) if referred else None,
                        allocated_team=team,
                        allocated_worker=worker,
                        allocation_start_date=date_of(since),
                    )
                )
        placements = self.tables["placements"]
        legal = self.legal_status_at_month_end()
        for n, child_id in enumerate(placements["child_id"]):
            child = self.number[child_id]
            worker, team, since = allocated.get((child_id, "CLA"), (None, None, None))
            distance = placements["distance_miles"][n]
            reviews = [d for d in r.reviews_of_child(child) if d <= last]
            rows["children_in_care"].append(
                self._child(child)
                | dict(
                    uasc="Yes" if child in r.uasc else "No",
                    legal_status=legal.get(child_id),
                    date_entered_care=date_of(placements["date_entered_care"][n]),
                    placement_type=placements["placement_type"][n],
                    placement_start_date=date_of(placements["placement_start_date"][n]),
                    placement_location="IN" if placements["inside_la"][n] else "OUT",
                    distance_miles=None if distance != distance else distance,
                    placements_last_12_months=placements["placements_last_12_months"][n],
                    last_review_date=date_of(reviews[-1]) if reviews else None,
                    allocated_team=team,
                    allocated_worker=worker,
                    allocation_start_date=date_of(since) if since is not None else None,
                )
            )
        leavers = self.tables["care_leavers"]
        for n, child_id in enumerate(leavers["child_id"]):
            child = self.number[child_id]
            rows["care_leavers"].append(
                self._child(child)
                | dict(
                    uasc="Yes" if child in r.uasc else "No",
                    in_touch=leavers["in_touch"][n],
                    activity=leavers["activity"][n],
                    accommodation=leavers["accommodation"][n],
                )
            )
        book = Workbook(write_only=True)
        cover = book.create_sheet("Cover")
        cover.append([f"Annex A data set, {self.month}: synthetic sample authority (pseudonymous, not real children)"])
        for name in ANNEX_A_LISTS:
            spec = lists[name]
            sheet = book.create_sheet(f"List {spec.number}")
            sheet.append([f"{spec.title} (synthetic sample)"])
            headings = spec.variants[variant]
            sheet.append(list(headings))
            names = [f.name for f in spec.fields]
            for row in rows[name]:
                sheet.append([row.get(field) for field in names])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _child(self, child: int) -> dict:
        r = self.r
        born = r.world.child_dob[child]
        return dict(
            child_id=self.ids[child],
            sex=r.sex_words(child, self.index),
            ethnicity=r.ethnicity[child] if self.index % 2 else f"a) {r.ethnicity[child]}",
            date_of_birth=date_of(born),
            age=age_on(born, self.last) if born <= self.last else None,
            disability="Yes" if r.disabilities[child] else "No",
        )

    # ------------------------------------------------------------------ SSDA903
    def ssda903(self) -> dict[str, bytes]:
        """header, episodes, uasc, reviews and oc3: children looked after in the collection year to
        month end or in the 12 months before it, with every episode and review of those periods of care
        since each began (an extract with its history: when a period began, and the reviews before)."""
        r, world, last = self.r, self.r.world, self.last
        year_start = month_first_day(f"{collection_year(self.month) - 1}-04")
        since = min(year_start, month_last_day(shift_month(self.month, -12)))
        periods = [
            p
            for p, (start, end) in enumerate(zip(world.care_start, world.care_end, strict=True))
            if start <= last and end > since
        ]
        episodes, legal_now = self._episodes(periods)
        self._legal = legal_now
        children = sorted({world.care_child[p] for p in periods}, key=lambda c: self.ids[c])
        header = [[self.ids[c], r.sex[c], _dmy(r.dob(c)), r.ethnicity[c], "", "", ""] for c in children]
        uasc = [
            [self.ids[c], r.sex[c], _dmy(r.dob(c)), _dmy(date_of(anniversary(world.child_dob[c], 18)))]
            for c in children
            if c in r.uasc
        ]
        held = sorted(
            (self.ids[world.care_child[p]], day, world.care_child[p]) for p in periods for day in r.reviews[p]
        )
        reviews = [[cid, _dmy(r.dob(c)), _dmy(date_of(day)), f"PN{1 + day % 7}"] for cid, day, c in held if day <= last]
        leavers = self.tables["care_leavers"]
        oc3 = [
            [
                leavers["child_id"][n],
                _dmy(date_of(leavers["date_of_birth"][n])),
                leavers["in_touch"][n],
                leavers["activity"][n],
                leavers["accommodation"][n],
            ]
            for n in range(len(leavers["child_id"]))
        ]
        return {
            "header": _csv(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], header),
            "episodes": _csv(
                [
                    "CHILD",
                    "DECOM",
                    "RNE",
                    "LS",
                    "CIN",
                    "PLACE",
                    "PLACE_PROVIDER",
                    "DEC",
                    "REC",
                    "REASON_PLACE_CHANGE",
                    "HOME_POST",
                    "PL_POST",
                    "URN",
                    "PL_LOCATION",
                    "PL_DISTANCE",
                ],
                episodes,
            ),
            "uasc": _csv(["CHILD", "SEX", "DOB", "DUC"], uasc),
            "reviews": _csv(["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], reviews),
            "oc3": _csv(["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"], oc3),
        }

    def legal_status_at_month_end(self) -> dict[str, str]:
        if not hasattr(self, "_legal"):
            self.ssda903()
        return self._legal

    def _episodes(self, periods: list[int]) -> tuple[list[list[str]], dict[str, str]]:
        """Each placement spell is an episode (RNE S for the first, P after); a care order made part way
        through a spell (interim C1, then full C2) starts an episode of its own with RNE L."""
        world, last = self.r.world, self.last
        rows, legal_now = [], {}
        for p in sorted(periods, key=lambda p: (self.ids[world.care_child[p]], world.care_start[p])):
            child = world.care_child[p]
            start, end = world.care_start[p], world.care_end[p]
            age = (start - world.child_dob[child]) / YEAR
            kind = (p * 7919 + child) % 100  # a fixed legal route per period of care
            if child in self.r.uasc or kind < 28 or age >= 16:
                route = [("V2", start)]
            else:
                route = [("C1", start), ("C2", start + 150 + kind)]
            cin = "N1" if route[0][0] == "C1" else ("N4" if child in self.r.uasc else "N2")
            for s in range(int(self._spells_from(p)), int(self._spells_to(p))):
                spell_start, spell_end = world.pl_start[s], world.pl_end[s]
                if spell_start > last:
                    break
                place = placement_code_for(world.pl_code[s], self.month)
                distance = world.pl_distance[s]
                cuts = [spell_start] + [day for _, day in route[1:] if spell_start < day < spell_end]
                for n, cut in enumerate(cuts):
                    if cut > last:
                        break
                    following = cuts[n + 1] if n + 1 < len(cuts) else spell_end
                    status = [ls for ls, day in route if day <= cut][-1]
                    rne = "L" if n else ("S" if s == self._spells_from(p) else "P")
                    ended = following if following <= last else None
                    reason = "" if ended is None else ("X1" if ended < end else ("E4A" if age < 16 else "E8"))
                    rows.append(
                        [
                            self.ids[child],
                            _dmy(date_of(cut)),
                            rne,
                            status,
                            cin,
                            place,
                            "PR1" if place.startswith("U") else "PR4",
                            _dmy(date_of(ended)) if ended is not None else "",
                            reason,
                            "",
                            "",
                            "",
                            "",
                            "IN" if world.pl_inside[s] else "OUT",
                            "" if distance != distance else f"{distance:.1f}",
                        ]
                    )
                    if ended is None:
                        legal_now[self.ids[child]] = status
        return rows, legal_now

    def _spells_from(self, period: int) -> int:
        return bisect.bisect_left(self.r.world.pl_care, period)

    def _spells_to(self, period: int) -> int:
        return bisect.bisect_right(self.r.world.pl_care, period)


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------------- the census XML files
def _x(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cin_census(returns: Returns, month: str) -> bytes:
    """The CIN census for the year to 31 March of `month` (a March): every child with a referral open
    at any time in the year, each referral with its assessments, CIN plans, enquiries and CP plans."""
    r, world = returns, returns.world
    last = month_last_day(month)
    first = month_first_day(shift_month(month, -11))
    episodes = defaultdict(list)  # child -> (referral day, closure day or OPEN, nfa)
    for n, (day, child, ref, nfa) in enumerate(r.referrals):
        close = day if ref < 0 else max(world.ph_end[p] for p in r.phases[ref]) if r.phases[ref] else day
        if day <= last and close >= first:
            episodes[child].append((day, close, nfa, n))
    children = []
    for child in sorted(episodes, key=lambda c: r.child_ids[c]):
        parts = [
            f"<ChildIdentifiers><LAchildID>{r.child_ids[child]}</LAchildID>"
            f"<PersonBirthDate>{r.dob(child).isoformat()}</PersonBirthDate>"
            f"<GenderCurrent>{r.sex[child]}</GenderCurrent></ChildIdentifiers>",
            f"<ChildCharacteristics><Ethnicity>{r.ethnicity[child]}</Ethnicity><Disabilities>"
            + "".join(f"<Disability>{code}</Disability>" for code in (r.disabilities[child] or ("NONE",)))
            + "</Disabilities></ChildCharacteristics>",
        ]
        starts = [day for day, _, _, _ in episodes[child]]
        for number, (day, close, nfa, n) in enumerate(episodes[child]):

            def mine(start, at=number, starts=starts):
                return bisect.bisect_right(starts, start) - 1 == at and start <= last

            body = [
                f"<CINreferralDate>{date_of(day).isoformat()}</CINreferralDate>",
                f"<ReferralSource>{r.ref_source[n]}</ReferralSource>",
                "<PrimaryNeedCode>N1</PrimaryNeedCode>",
            ]
            if close <= last:
                body.append(
                    f"<CINclosureDate>{date_of(close).isoformat()}</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>"
                )
            body.append(f"<ReferralNFA>{'true' if nfa else 'false'}</ReferralNFA>")
            for _c, start, authorised in r.records_of("assessments", child):
                if mine(start):
                    done = (
                        f"<AssessmentAuthorisationDate>{date_of(authorised).isoformat()}</AssessmentAuthorisationDate>"
                    )
                    body.append(
                        f"<Assessments><AssessmentActualStartDate>{date_of(start).isoformat()}</AssessmentActualStartDate>"
                        + (done if authorised <= last else "")
                        + "</Assessments>"
                    )
            for _c, start, end in r.records_of("cin_plans", child):
                if mine(start):
                    ended = f"<CINPlanEndDate>{date_of(end).isoformat()}</CINPlanEndDate>" if end <= last else ""
                    body.append(
                        f"<CINPlanDates><CINPlanStartDate>{date_of(start).isoformat()}</CINPlanStartDate>{ended}</CINPlanDates>"
                    )
            for _c, start, icpc, not_required in r.records_of("s47", child):
                if mine(start):
                    held = (
                        f"<DateOfInitialCPC>{date_of(icpc).isoformat()}</DateOfInitialCPC>"
                        if icpc and icpc <= last
                        else ""
                    )
                    body.append(
                        f"<Section47><S47ActualStartDate>{date_of(start).isoformat()}</S47ActualStartDate>{held}"
                        f"<ICPCnotRequired>{'true' if not_required else 'false'}</ICPCnotRequired></Section47>"
                    )
            for _c, start, end, previous in r.records_of("cp", child):
                if mine(start):
                    ended = f"<CPPendDate>{date_of(end).isoformat()}</CPPendDate>" if end <= last else ""
                    body.append(
                        f"<ChildProtectionPlans><CPPstartDate>{date_of(start).isoformat()}</CPPstartDate>{ended}"
                        f"<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>"
                        "</ChildProtectionPlans>"
                    )
            parts.append("<CINdetails>" + "".join(body) + "</CINdetails>")
        children.append("<Child>" + "".join(parts) + "</Child>")
    year = int(month[:4])
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>'
        f"<Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{_x(world.la_code)}</LEA></Source></Header>\n<Children>"
        + "\n".join(children)
        + "</Children></Message>\n"
    ).encode("utf-8")


def csww_census(workforce: Table, month: str) -> bytes:
    """The workforce census at 30 September from that month's workforce table: workers in post then,
    and those who left in the year before it."""
    last = month_last_day(month)
    year_before = month_first_day(shift_month(month, -11))
    workers = []
    for n, worker in enumerate(workforce["worker_id"]):
        end = workforce["end_date"][n]
        if end is not None and end < year_before:
            continue
        in_post = end is None or end > last
        cases = workforce["caseload"][n] if workforce["case_holding"][n] and in_post else 0
        role = ORG_ROLES.get(workforce["role"][n], "5")
        role = role if workforce["case_holding"][n] or role == "3" else "6"
        parts = [
            f"<AgencyWorker>{1 if workforce['employment_type'][n] == 'agency' else 0}</AgencyWorker>",
            f"<SWENo>{_x(worker)}</SWENo>",
            f"<FTE30>{workforce['fte'][n]:g}</FTE30>" if in_post else f"<FTE>{workforce['fte'][n]:g}</FTE>",
            f"<OrgRole>{role}</OrgRole>",
            f"<RoleStartDate>{date_of(workforce['start_date'][n]).isoformat()}</RoleStartDate>",
        ]
        if end is not None and end <= last:
            parts.append(f"<RoleEndDate>{date_of(end).isoformat()}</RoleEndDate>")
        if cases:
            parts.append(f"<Cases30>{cases}</Cases30>")
        workers.append("<CSWWWorker>" + "".join(parts) + "</CSWWWorker>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails><Collection>CSWW</Collection>'
        f"<Year>{month[:4]}</Year><ReferenceDate>{month[:4]}-09-30</ReferenceDate></CollectionDetails></Header>"
        "<LALevelVacancies/>\n" + "\n".join(workers) + "\n</Message>\n"
    ).encode("utf-8")


def return_files(
    returns: Returns, months: list[str], tables: dict[tuple[str, str], Table], extracts: dict[str, date]
) -> list[ReturnFile]:
    """Every month's Annex A workbook and 903 tables, the CIN census each March and the CSWW census
    each September. `extracts`: each month's extract date for its returns."""
    la = returns.world.la_code
    files: list[ReturnFile] = []
    for index, month in enumerate(months):
        mine = {
            dataset: tables[(dataset, month)] for dataset in ("placements", "care_leavers", "allocations", "workforce")
        }
        writer = MonthWriter(returns, month, index, mine)
        extract = extracts[month]
        stamp = f"{month}_extracted_{extract.isoformat()}"
        for table, data in writer.ssda903().items():
            files.append(
                ReturnFile(
                    f"ssda903_{table}_{stamp}.csv",
                    data,
                    "ssda903",
                    month,
                    la,
                    extract,
                    "SSDA903 table, year to date",
                    group=f"ssda903 {month}",
                )
            )
        files.append(
            ReturnFile(
                f"annex_a_{stamp}.xlsx",
                writer.annex_a(),
                "annex_a",
                month,
                la,
                extract,
                "Annex A lists 1 and 3-9 for the month",
                group=f"annex_a {month}",
            )
        )
        if month.endswith("-03"):
            files.append(
                ReturnFile(
                    f"cin_census_{stamp}.xml",
                    cin_census(returns, month),
                    "cin_census",
                    month,
                    la,
                    extract,
                    "CIN census, year to 31 March",
                    group=f"cin_census {month}",
                )
            )
        if month.endswith("-09"):
            files.append(
                ReturnFile(
                    f"csww_census_{stamp}.xml",
                    csww_census(mine["workforce"], month),
                    "csww_census",
                    month,
                    la,
                    extract,
                    "CSWW census at 30 September",
                    group=f"csww_census {month}",
                )
            )
    return files
