"""One synthetic authority, simulated in dated events: children's journeys through the service, their
periods of care, placements and health assessments, the social workers who come and go, and which
worker each child is allocated to on which days.

Children's journeys are drawn first, one child at a time (a referral to an assessment hub, then
perhaps help in a family support and protection team as a child in need or on a child protection
plan, perhaps care, the 16+ team, leaving care, care leaver until the 22nd birthday). Placements and health
assessments follow from each period of care. Then one sweep through time, in date order, hires and
loses workers and allocates every child to a worker of the right team: a worker leaving, a transfer
between teams and caseload balancing all give the child a new worker, which is how children come to
have three or more social workers in a year. Days are whole numbers (days since 1 January 1970).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from dataclasses import dataclass, field
from datetime import date

import holidays
import numpy as np

from core.dates import shift_month
from sample_data import story

EPOCH = date(1970, 1, 1).toordinal()
OPEN = 10**7  # the end day of something not ended
YEAR = 365.25
MONTH = 30.44
HISTORY_MONTHS = 15  # allocations are simulated from this long before the first reporting month
REFERRAL_HISTORY_MONTHS = 48  # children's journeys are drawn from this long before it
CARE_HISTORY_YEARS = 19  # and children in care from this long before it
TAIL_DAYS = 80  # simulated after the last month end, for late extracts


def day_of(value: date) -> int:
    return value.toordinal() - EPOCH


def date_of(day: int) -> date:
    return date.fromordinal(int(day) + EPOCH)


def month_first_day(month: str) -> int:
    return day_of(date(int(month[:4]), int(month[5:7]), 1))


def month_last_day(month: str) -> int:
    return month_first_day(shift_month(month, 1)) - 1


def anniversary(dob: int, years: int) -> int:
    """The day a child born on `dob` turns `years` (a 29 February birthday is reached on 1 March)."""
    born = date_of(dob)
    try:
        return day_of(born.replace(year=born.year + years))
    except ValueError:
        return day_of(date(born.year + years, 3, 1))


class Draws:
    """Scalar random numbers for the event loops, drawn from a numpy Generator in blocks (fast)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._numbers = iter(())

    def u(self) -> float:
        """A uniform number in [0, 1)."""
        try:
            return next(self._numbers)
        except StopIteration:
            self._numbers = iter(self.rng.random(16384).tolist())
            return next(self._numbers)

    def chance(self, p: float) -> bool:
        return self.u() < p

    def below(self, n: int) -> int:
        """A whole number from 0 to n - 1."""
        return int(self.u() * n)

    def between(self, low: int, high: int) -> int:
        """A whole number from low to high inclusive."""
        return low + self.below(high - low + 1)

    def expo(self, mean: float) -> float:
        return -mean * math.log(1.0 - self.u())

    def erlang(self, mean: float, shape: int) -> float:
        product = 1.0
        for _ in range(shape):
            product *= 1.0 - self.u()
        return -mean / shape * math.log(product)

    def normal(self) -> float:
        return math.sqrt(-2.0 * math.log(1.0 - self.u())) * math.cos(2.0 * math.pi * self.u())

    def lognormal(self, median: float, sigma: float) -> float:
        return median * math.exp(sigma * self.normal())

    def pick(self, weights: dict) -> object:
        total = sum(weights.values())
        target = self.u() * total
        for key, weight in weights.items():
            target -= weight
            if target < 0:
                return key
        return key


class WorkingDays:
    """Weekends and the bank holidays of England (holidays package, subdiv ENG) skipped."""

    def __init__(self, first_year: int, last_year: int) -> None:
        days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
        self.calendar = np.busdaycalendar(holidays=sorted(days))
        self.first = day_of(date(first_year, 1, 1))
        span = np.arange(self.first, day_of(date(last_year, 12, 31)) + 1)
        working = np.is_busday(span.astype("datetime64[D]"), busdaycal=self.calendar)
        # next_working[i]: the first working day on or after first + i
        following = np.where(working, span, np.iinfo(np.int64).max)
        self._next = np.minimum.accumulate(following[::-1])[::-1].tolist()

    def on_or_after(self, day: int) -> int:
        """The first working day on or after `day` (days outside the calendar are returned as they are)."""
        at = day - self.first
        return self._next[at] if 0 <= at < len(self._next) else day

    def after(self, days: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The counts-th working day after each day (the day itself is day 0; counts >= 1)."""
        moved = np.busday_offset(
            np.asarray(days, dtype="datetime64[D]"), np.asarray(counts), roll="backward", busdaycal=self.calendar
        )
        return moved.astype(np.int64)


@dataclass
class World:
    """Everything simulated for one authority, as parallel lists and arrays (days as integers)."""

    la_code: str
    months: list[str]
    window: tuple[int, int]  # first and last day of the reporting months
    workdays: WorkingDays
    child_dob: list[int] = field(default_factory=list)
    # allocation episodes
    ep_child: list[int] = field(default_factory=list)
    ep_worker: list[int] = field(default_factory=list)
    ep_cohort: list[str] = field(default_factory=list)
    ep_start: list[int] = field(default_factory=list)
    ep_end: list[int] = field(default_factory=list)
    # workers
    w_team: list[str] = field(default_factory=list)
    w_role: list[str] = field(default_factory=list)
    w_case_holding: list[bool] = field(default_factory=list)
    w_type: list[str] = field(default_factory=list)
    w_fte: list[float] = field(default_factory=list)
    w_start: list[int] = field(default_factory=list)
    w_end: list[int] = field(default_factory=list)
    posts: int = 0
    # periods of care
    care_child: list[int] = field(default_factory=list)
    care_start: list[int] = field(default_factory=list)
    care_end: list[int] = field(default_factory=list)
    iha_requested: np.ndarray | None = None
    iha_completed: np.ndarray | None = None
    rha: list[list[int]] = field(default_factory=list)
    # placements (spells within a period of care)
    pl_care: list[int] = field(default_factory=list)
    pl_start: list[int] = field(default_factory=list)
    pl_end: list[int] = field(default_factory=list)
    pl_code: list[str] = field(default_factory=list)
    pl_distance: list[float] = field(default_factory=list)
    pl_inside: list[bool] = field(default_factory=list)
    # care leaver spells: from leaving care to the 22nd birthday; died is the day of death or OPEN
    cl_child: list[int] = field(default_factory=list)
    cl_start: list[int] = field(default_factory=list)
    cl_end: list[int] = field(default_factory=list)
    cl_died: list[int] = field(default_factory=list)
    # new child protection plans by day (for the conference timeliness aggregate)
    cp_starts: list[int] = field(default_factory=list)
    # the front door and help and protection, for the council's returns (sample_data/returns.py): each
    # referral (the day it came in, the child) and each phase of its journey (hub = assessment and
    # transfer, cin, cp, step = stepped down to child in need), with the day it ended and what followed
    # (close, cin, cp, step_down, cla, adult: the child turned 18)
    ref_child: list[int] = field(default_factory=list)
    ref_day: list[int] = field(default_factory=list)
    ph_ref: list[int] = field(default_factory=list)
    ph_state: list[str] = field(default_factory=list)
    ph_start: list[int] = field(default_factory=list)
    ph_end: list[int] = field(default_factory=list)
    ph_next: list[str] = field(default_factory=list)

    def progress(self, day: int) -> float:
        first, last = self.window
        return (day - first) / max(last - first, 1)


SEG, CLOSE, RETRY, REALLOC, TICK, HIRE, WSTART, HANDOVER, WEND = range(9)
# How much more (or less) likely than a foster placement each placement type is to be over 20 miles away.
FAR_FACTOR = {"K2": 2.0, "K1": 2.6, "S1": 2.0, "R1": 1.8, "R5": 2.2, "R2": 1.5, "R3": 1.5, "P1": 0.15, "P2": 0.5}
FAR_FACTOR |= {"U1": 0.55, "U2": 0.55, "U3": 0.55, "A5": 1.2, "A6": 1.2, "H5": 1.1, "K3": 1.1}


class Simulation:
    def __init__(self, seeds: np.random.SeedSequence, la_code: str, start: str, months: int, scale: float) -> None:
        journeys, staff, care, counts = (np.random.default_rng(s) for s in seeds.spawn(4))
        self.journeys = Draws(journeys)
        self.staff = Draws(staff)
        self.care = Draws(care)
        self.np_rng = counts
        self.scale = scale
        month_list = [shift_month(start, i) for i in range(months)]
        window = (month_first_day(month_list[0]), month_last_day(month_list[-1]))
        first_year = int(start[:4]) - CARE_HISTORY_YEARS - 20
        self.workdays = WorkingDays(first_year, int(month_list[-1][:4]) + 2)
        self.world = World(la_code, month_list, window, self.workdays)
        self.sweep_start = month_first_day(shift_month(start, -HISTORY_MONTHS))
        self.end = window[1] + TAIL_DAYS
        self.events: list[tuple] = []
        self.hub_of: list[str] = []
        self.protection_of: list[str] = []
        self.care_team_of: list[str] = []
        self.busy_until: list[int] = []
        self.closed_pool: list[int] = []
        self.care_ends: list[int] = []  # sorted: how many are in care on a day, for the placement pressure

    # ---------------------------------------------------------------- children's journeys
    def run(self) -> World:
        self._care_before_data()
        self._referrals()
        self._placements_and_health()
        self._sweep()
        return self.world

    def _new_child(self, dob: int) -> int:
        d = self.journeys
        child = len(self.world.child_dob)
        self.world.child_dob.append(dob)
        self.hub_of.append(story.HUBS[d.below(len(story.HUBS))])
        self.protection_of.append(story.PROTECTION_TEAMS[d.below(len(story.PROTECTION_TEAMS))])
        self.care_team_of.append(story.CARE_TEAMS[d.below(len(story.CARE_TEAMS))])
        self.busy_until.append(OPEN)
        return child

    def _seg(self, day: int, child: int, team: str, cohort: str, change: bool) -> None:
        self.events.append((day, len(self.events), SEG, child, team, cohort, change))
        if cohort == "CP":
            self.world.cp_starts.append(day)

    def _close(self, day: int, child: int) -> None:
        self.events.append((day, len(self.events), CLOSE, child, None, None, None))
        self.busy_until[child] = day
        self.closed_pool.append(child)

    def _months(self, first: str, last_day: int):
        month = first
        while month_first_day(month) <= last_day:
            yield month
            month = shift_month(month, 1)

    def _care_before_data(self) -> None:
        """Children who came into care before the referrals are drawn: the stock in care and care leavers."""
        d = self.journeys
        first = shift_month(self.world.months[0], -12 * CARE_HISTORY_YEARS)
        last = month_first_day(shift_month(self.world.months[0], -REFERRAL_HISTORY_MONTHS)) - 1
        for month in self._months(first, last):
            first_day = month_first_day(month)
            for _ in range(self.np_rng.poisson(story.CARE_ENTRIES_BEFORE_DATA_PER_MONTH * self.scale)):
                day = first_day + d.below(28)
                low, high = d.pick(story.CARE_ENTRY_AGES)
                child = self._new_child(day - int((low + (high - low) * d.u()) * YEAR))
                self._care(child, day, None)

    def _referrals(self) -> None:
        d = self.journeys
        first = shift_month(self.world.months[0], -REFERRAL_HISTORY_MONTHS)
        for month in self._months(first, self.end):
            first_day, last_day = month_first_day(month), month_last_day(month)
            seasonal = {8: 0.85, 12: 0.88, 9: 1.08, 10: 1.06}.get(int(month[5:]), 1.0)
            days = sorted(
                self.workdays.on_or_after(first_day + d.below(last_day - first_day + 1))
                for _ in range(self.np_rng.poisson(story.REFERRALS_PER_MONTH * self.scale * seasonal))
            )
            for day in days:
                self._referral(day)
            for _ in range(self.np_rng.poisson(story.DIRECT_ADOLESCENT_ENTRIES_PER_MONTH * self.scale)):
                day = self.workdays.on_or_after(first_day + d.below(28))
                child = self._new_child(day - int((15.6 + 1.9 * d.u()) * YEAR))
                hub = self.hub_of[child]
                self._seg(day, child, hub, "CIN", True)
                entered = day + d.between(1, 5)
                self._phase(self._new_referral(child, day), "hub", day, entered, "cla")
                self._care(child, entered, None)

    def _referral(self, day: int) -> None:
        d = self.journeys
        child = None
        if d.chance(story.RE_REFERRAL_SHARE) and self.closed_pool:
            for _ in range(4):
                known = self.closed_pool[d.below(len(self.closed_pool))]
                if self.busy_until[known] < day - 14 and day - self.world.child_dob[known] < 17.3 * YEAR:
                    child = known
                    break
        if child is None:
            low, high = d.pick(story.REFERRAL_AGES)
            child = self._new_child(day - int((low + (high - low) * d.u()) * YEAR))
        self.busy_until[child] = OPEN
        hub = self.hub_of[child]
        if d.chance(story.DUTY_WORKER_SHARE.at(self.world.progress(day))):
            self._seg(day, child, hub, "CIN", True)
            day = self.workdays.on_or_after(day + d.between(2, 12))
        referral = self._new_referral(child, day)
        self._seg(day, child, hub, "CIN", True)
        self._journey(child, day, "hub", hub, referral)

    def _new_referral(self, child: int, day: int) -> int:
        self.world.ref_child.append(child)
        self.world.ref_day.append(day)
        return len(self.world.ref_day) - 1

    def _phase(self, referral: int, state: str, start: int, end: int, following: str) -> None:
        world = self.world
        world.ph_ref.append(referral)
        world.ph_state.append(state)
        world.ph_start.append(start)
        world.ph_end.append(end)
        world.ph_next.append(following)

    def _journey(self, child: int, day: int, state: str, team: str, referral: int) -> None:
        """Hub, child in need, child protection and step-down, until the case closes or care begins."""
        d = self.journeys
        dob = self.world.child_dob[child]
        adult = anniversary(dob, 18)
        for _ in range(12):
            mean, outcomes = {
                "hub": (story.HUB_DAYS, story.HUB_OUTCOMES),
                "cin": (story.CIN_DAYS, story.CIN_OUTCOMES),
                "cp": (story.CP_DAYS, story.CP_OUTCOMES),
                "step": (story.STEP_DOWN_DAYS, story.STEP_DOWN_OUTCOMES),
            }[state]
            end = self.workdays.on_or_after(day + max(5, int(d.erlang(mean, 2 if state != "cp" else 3))))
            if end >= adult:
                self._phase(referral, state, day, adult, "adult")
                self._close(adult, child)
                return
            weights = dict(outcomes)
            if "cla" in weights:  # infants and adolescents come into care more; fewer when placements are full
                age = (end - dob) / YEAR
                weights["cla"] *= (1.7 if age < 1 else 1.4 if age >= 14 else 0.75) / self._pressure(end) ** 2
            outcome = d.pick(weights)
            self._phase(referral, state, day, end, outcome)
            if outcome == "close":
                self._close(end, child)
                return
            if outcome == "cla":
                self._care(child, end, team)
                return
            if state == "hub":
                team = self.protection_of[child]
                self._seg(end, child, team, "CIN" if outcome == "cin" else "CP", True)
                state = outcome
            elif outcome == "cp":
                self._seg(end, child, team, "CP", False)
                state = "cp"
            else:  # step down from a plan to child in need
                self._seg(end, child, team, "CIN", d.chance(story.STEP_DOWN_NEW_WORKER))
                state = "step"
            day = end
        self._phase(referral, state, day, day + 30, "close")
        self._close(day + 30, child)

    def _pressure(self, day: int) -> float:
        """Children in care on the day (of the periods drawn so far) over the number placements are there for."""
        in_care = len(self.care_ends) - bisect.bisect_right(self.care_ends, day)
        return min(max(in_care / (story.CHILDREN_IN_CARE * self.scale), 0.6), 1.6)

    def _care_days(self, age: float, pressure: float) -> float:
        """How long a period of care lasts (1e9: until 18). With more children in care than the authority
        can place (`pressure` above 1), plans for a return home or to family move faster, and vice versa."""
        d = self.journeys
        short = min(pressure**3, 2.5)
        if age < 1:
            return d.lognormal(480 / pressure, 0.5)
        if age < 5:
            return d.lognormal(120, 0.7) if d.chance(0.4 * short) else d.lognormal(620, 0.5)
        if age < 12:
            roll = d.u()
            return d.lognormal(120, 0.7) if roll < 0.38 * short else d.lognormal(800, 0.5) if roll < 0.8 else 1e9
        if age < 16:
            if d.chance(0.4 * short):
                return d.lognormal(150, 0.7)
            return d.lognormal(700, 0.5) if d.chance(0.25) else 1e9
        return d.lognormal(150, 0.6) if d.chance(0.3 * short) else 1e9

    def _care(self, child: int, day: int, referring_team: str | None) -> None:
        """A period of care from `day`: the children in care team (16+ team from 16), then care leaver or home."""
        d = self.journeys
        world = self.world
        dob = world.child_dob[child]
        age = (day - dob) / YEAR
        sixteen, adult = anniversary(dob, 16), anniversary(dob, 18)
        end = min(adult, day + max(7, int(self._care_days(age, self._pressure(day)))))
        bisect.insort(self.care_ends, end)
        world.care_child.append(child)
        world.care_start.append(day)
        world.care_end.append(end)
        target = story.LEAVING_CARE_TEAM if day >= sixteen else self.care_team_of[child]
        moved = day
        if referring_team is not None and referring_team != target and d.chance(story.STAY_WITH_REFERRING_WORKER):
            self._seg(day, child, referring_team, "CLA", False)
            moved = self.workdays.on_or_after(day + d.between(14, 60))
            if moved < end:
                self._seg(moved, child, target, "CLA", True)
        else:
            self._seg(day, child, target, "CLA", True)
        if target != story.LEAVING_CARE_TEAM:
            transfer = self.workdays.on_or_after(max(sixteen, moved + 30) + d.between(0, 90))
            if transfer < end - 14:
                self._seg(transfer, child, story.LEAVING_CARE_TEAM, "CLA", True)
                target = story.LEAVING_CARE_TEAM
        leaving_age = (end - dob) / YEAR
        if end >= adult:
            self._care_leaver(child, adult, target != story.LEAVING_CARE_TEAM)
        elif leaving_age >= 16 and end - day >= 91 and d.chance(story.LEAVING_CARE_AT_16_17_BECOMES_CARE_LEAVER):
            self._care_leaver(child, end, target != story.LEAVING_CARE_TEAM)
        else:
            self._close(end, child)

    def _care_leaver(self, child: int, day: int, new_team: bool) -> None:
        d = self.journeys
        world = self.world
        change = new_team or d.chance(story.CARE_LEAVER_NEW_WORKER_AT_18)
        self._seg(day, child, story.LEAVING_CARE_TEAM, "CL", change)
        aged_out = anniversary(world.child_dob[child], 22)
        years = (aged_out - day) / YEAR
        died = OPEN
        if d.chance(1 - math.exp(-story.CARE_LEAVER_DEATHS_PER_1000_PER_YEAR / 1000 * years)):
            died = day + 1 + d.below(max(aged_out - day - 1, 1))
        world.cl_child.append(child)
        world.cl_start.append(day)
        world.cl_end.append(aged_out)
        world.cl_died.append(died)
        self._close(min(died, aged_out), child)

    # ---------------------------------------------------------------- placements and health
    def _placements_and_health(self) -> None:
        world = self.world
        first_needed = world.window[0] - 400
        for period, (child, start, end) in enumerate(
            zip(world.care_child, world.care_start, world.care_end, strict=True)
        ):
            if end < first_needed:
                continue
            self._placements(period, world.child_dob[child], start, end)
        self._health()

    def _placement_code(self, age: float, day: int) -> str:
        d = self.care
        if age < 1:
            weights = {"U6": 38, "U4": 14, "U3": 14, "U1": 4, "U5": 8, "U2": 2, "A6": 5, "A5": 3, "P1": 5, "R3": 7}
        elif age < 5:
            weights = {"U6": 38, "U4": 20, "U3": 15, "U1": 6, "U5": 4, "A6": 7, "A5": 3, "P1": 7}
        elif age < 10:
            weights = {"U6": 35, "U4": 30, "U3": 12, "U1": 10, "K2": 4, "P1": 6, "A6": 3}
        elif age < 16:
            weights = {
                "U6": 30,
                "U4": 28,
                "U3": 7,
                "U1": 6,
                "K2": 18,
                "R1": 2,
                "S1": 2,
                "K1": 1,
                "P1": 4,
                "R5": 1,
                "R2": 1,
            }
        else:
            weights = {"U6": 20, "U4": 22, "U3": 4, "U1": 4, "K2": 13, "semi": 30, "P2": 3, "P1": 3, "R5": 1}
        code = d.pick(weights)
        if code == "semi":  # semi-independent: H5, replaced by registered supported accommodation K3
            code = (
                "H5" if day < day_of(date(2024, 4, 1)) or (day < day_of(date(2025, 4, 1)) and d.chance(0.3)) else "K3"
            )
        return code

    def _placements(self, period: int, dob: int, start: int, care_end: int) -> None:
        d = self.care
        world = self.world
        end = min(care_end, self.end)
        age0 = (start - dob) / YEAR
        unstable = d.chance(story.UNSTABLE_SHARE["under_10" if age0 < 10 else "10_plus"])
        rate = story.MOVES_PER_YEAR["unstable" if unstable else "stable"]
        day, spell, closer = start, 0, False
        while day < end:
            age = (day - dob) / YEAR
            progress = world.progress(day)
            code = self._placement_code(age, day)
            far_chance = story.NEW_PLACEMENT_FAR.at(progress) * FAR_FACTOR.get(code, 1.0)
            far_chance *= (1.7 if age >= 16 else 1.0) * (0.3 if closer else 1.0)
            far = d.chance(min(far_chance, 0.92))
            if far:
                distance, inside = 20.3 + d.lognormal(18, 0.9), False
            elif d.chance(story.INSIDE_WHEN_NEAR):
                distance, inside = 0.3 + 6.5 * d.u() ** 1.6, True
            else:
                distance, inside = min(19.9, 2.5 + d.lognormal(7, 0.5)), False
            if d.chance(story.DISTANCE_NOT_RECORDED):
                distance = math.nan
            if spell == 0 and d.chance(story.EARLY_MOVE_SHARE):
                length, closer = 3 + d.below(58), False
            else:
                length = d.expo(YEAR / rate)
                closer = False
                if far:
                    move_closer = d.expo(YEAR / max(story.MOVE_CLOSER_PER_YEAR.at(progress), 1e-6))
                    closer = move_closer < length
                    length = min(length, move_closer)
            following = day + max(1, int(length))
            world.pl_care.append(period)
            world.pl_start.append(day)
            world.pl_end.append(following if following < end else care_end)
            world.pl_code.append(code)
            world.pl_distance.append(round(min(distance, 250.0), 1) if distance == distance else math.nan)
            world.pl_inside.append(inside)
            day, spell = following, spell + 1

    def _health(self) -> None:
        """Initial health assessment request and completion, and review health assessments, per period."""
        world = self.world
        d = self.care
        starts = np.asarray(world.care_start, dtype=np.int64)
        periods = len(starts)
        pl_care = np.asarray(world.pl_care, dtype=np.int64)
        first_spell = np.full(periods, -1, dtype=np.int64)
        first_spell[pl_care[::-1]] = np.arange(len(pl_care))[::-1]
        requested_after = np.zeros(periods, dtype=np.int64)
        completed_after = np.zeros(periods, dtype=np.int64)
        for i in range(periods):
            progress = world.progress(int(starts[i]))
            if d.chance(story.IHA_REQUESTED_IN_3_DAYS.at(progress)):
                requested_after[i] = d.pick({0: 2, 1: 4, 2: 3, 3: 2})
            else:
                requested_after[i] = 4 + int(d.expo(5))
            outside = first_spell[i] >= 0 and not world.pl_inside[first_spell[i]]
            in_time = story.IHA_IN_TIME_INSIDE.at(progress) - (story.IHA_OUTSIDE_PENALTY if outside else 0.0)
            earliest = max(int(requested_after[i]) + 1, 6)
            if earliest <= 20 and d.chance(in_time):
                completed_after[i] = d.between(earliest, 20)
            elif d.chance(story.IHA_LONG_OVERDUE_SHARE):
                completed_after[i] = d.between(60, 160)
            else:
                completed_after[i] = 21 + int(d.expo(14 if outside else 10))
        completed_after = np.maximum(completed_after, requested_after + 1)
        requested = np.where(requested_after == 0, starts, self.workdays.after(starts, np.maximum(requested_after, 1)))
        completed = self.workdays.after(starts, completed_after)
        ends = np.asarray(world.care_end, dtype=np.int64)
        world.iha_requested = np.where(requested < ends, requested, OPEN)
        world.iha_completed = np.where(completed < ends, completed, OPEN)
        first_needed = world.window[0] - 400
        for i in range(periods):
            reviews: list[int] = []
            done = int(world.iha_completed[i])
            if done != OPEN and ends[i] >= first_needed:
                dob = world.child_dob[world.care_child[i]]
                limit = min(int(ends[i]), self.end)
                while True:
                    months = 6 if done - dob < 5 * YEAR else 12
                    due = done + int(months * MONTH)
                    late = d.between(1, 240) if d.chance(story.RHA_LATE_SHARE) else -d.below(40)
                    done = due + late
                    if done >= limit:
                        break
                    reviews.append(done)
            world.rha.append(reviews)

    # ---------------------------------------------------------------- workers and allocations
    def _sweep(self) -> None:
        world = self.world
        self.heap: list[tuple] = []
        self.seq = len(self.events)
        self.child_state: list[tuple[str, str] | None] = [None] * len(world.child_dob)
        self.child_current: list[list[int]] = [[] for _ in world.child_dob]
        self.child_episodes: list[list[int]] = [[] for _ in world.child_dob]
        self.since = [0] * len(world.child_dob)
        planned = []
        for event in self.events:  # where each child stands when the sweep begins
            if event[0] >= self.sweep_start:
                planned.append(event)
            elif event[2] == SEG:
                if self.child_state[event[3]] != (event[4], event[5]):
                    self.since[event[3]] = event[0]
                self.child_state[event[3]] = (event[4], event[5])
            else:
                self.child_state[event[3]] = None
        planned.sort()
        self.episode_of: dict[tuple[int, int, int], int] = {}
        self.leavers_due = {"permanent": self.staff.u(), "agency": self.staff.u(), "manager": self.staff.u()}
        self.w_load: list[int] = []
        self.w_cap: list[float] = []
        self.w_episodes: list[set[int]] = []
        self.w_available: list[bool] = []
        self.w_post: list[int] = []
        self.available: dict[str, list[int]] = {t.key: [] for t in story.TEAMS}
        self.position: dict[int, int] = {}
        self.fte_in_post = {"permanent": 0.0, "agency": 0.0}
        self.post_team: list[str] = []
        self.post_manager: list[bool] = []
        self._staff_the_posts()
        self._allocate_at_sweep_start()
        for month in self._months(shift_month(world.months[0], -HISTORY_MONTHS), self.end):
            self._push(month_first_day(month), TICK, None)
        handlers = {
            SEG: self._on_seg,
            CLOSE: self._on_close,
            RETRY: self._on_retry,
            REALLOC: self._on_realloc,
            TICK: self._on_tick,
            HIRE: self._on_hire,
            WSTART: self._on_worker_start,
            HANDOVER: self._on_handover,
            WEND: self._on_worker_end,
        }
        # The children's planned events are merged, in (day, sequence) order, with those the sweep adds.
        heap, at, count = self.heap, 0, len(planned)
        while at < count or heap:
            if at < count and (not heap or planned[at] < heap[0]):
                event = planned[at]
                at += 1
            else:
                event = heapq.heappop(heap)
            if event[0] > self.end:
                break
            handlers[event[2]](event)

    def _push(self, day: int, kind: int, a, b=None, c=None, e=None) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (day, self.seq, kind, a, b, c, e))

    def _staff_the_posts(self) -> None:
        d = self.staff
        for team in story.TEAMS:
            posts = max(1, round(team.case_holding_posts * self.scale))
            managers = max(1, round(team.managers * self.scale))
            for post in range(posts + managers):
                self.post_team.append(team.key)
                self.post_manager.append(post >= posts)
        self.world.posts = len(self.post_team)
        agency = story.AGENCY_SHARE.at(0.0)
        for post, manager in enumerate(self.post_manager):
            if not manager and d.chance(0.06):
                self._push(self.sweep_start + d.below(60), HIRE, post, self._agency_or_not(post, self.sweep_start))
                continue
            kind = "agency" if d.chance(0.1 if manager else agency * 1.05) else "permanent"
            since = d.expo(MONTH * (48 if kind == "permanent" else 7))
            start = self.sweep_start - 1 - int(min(since, 25 * YEAR))
            worker = self._new_worker(post, kind, start)
            self._start_worker(worker, start)

    def _agency_or_not(self, post: int, day: int) -> str:
        if self.post_manager[post]:
            return "agency" if self.staff.chance(0.1) else "permanent"
        progress = self.world.progress(day)
        target = story.AGENCY_SHARE.at(progress)
        stay_permanent = 1 / story.PERMANENT_LEAVING_PER_MONTH.at(progress)
        stay_agency = story.AGENCY_MONTHS_IN_POST.at(progress)
        steady = target * stay_permanent / (target * stay_permanent + (1 - target) * stay_agency)
        total = self.fte_in_post["permanent"] + self.fte_in_post["agency"]
        share = self.fte_in_post["agency"] / total if total else target
        p = min(max(steady + 2.0 * (target - share), 0.05), 0.95)
        return "agency" if self.staff.chance(p) else "permanent"

    def _new_worker(self, post: int, kind: str, start: int) -> int:
        d = self.staff
        world = self.world
        manager = self.post_manager[post]
        if manager:
            role = "Team manager"
        elif kind == "agency":
            role = "Senior practitioner" if d.chance(0.2) else "Social worker"
        else:
            role = d.pick(dict(story.ROLE_SHARES))
        fte = 1.0
        if kind == "permanent" and d.chance(story.PART_TIME_SHARE):
            fte = (0.5, 0.6, 0.8, 0.81, 0.9)[d.below(5)]
        elif kind == "agency" and d.chance(0.05):
            fte = 0.8
        worker = len(world.w_team)
        world.w_team.append(self.post_team[post])
        world.w_role.append(role)
        world.w_case_holding.append(not manager)
        world.w_type.append(kind)
        world.w_fte.append(fte)
        world.w_start.append(start)
        world.w_end.append(OPEN)
        self.w_post.append(post)
        self.w_load.append(0)
        self.w_cap.append(fte * story.ROLE_CAPACITY.get(role, 1.0) * d.lognormal(1.0, story.CAPACITY_SPREAD))
        self.w_episodes.append(set())
        self.w_available.append(False)
        return worker

    def _start_worker(self, worker: int, day: int) -> None:
        world = self.world
        self.fte_in_post[world.w_type[worker]] += world.w_fte[worker]
        if world.w_case_holding[worker]:
            team = self.available[world.w_team[worker]]
            self.position[worker] = len(team)
            team.append(worker)
            self.w_available[worker] = True

    def _make_unavailable(self, worker: int) -> None:
        if not self.w_available[worker]:
            return
        self.w_available[worker] = False
        team = self.available[self.world.w_team[worker]]
        at = self.position.pop(worker)
        last = team.pop()
        if last != worker:
            team[at] = last
            self.position[last] = at

    def _choose_worker(self, team: str, day: int, exclude: tuple[int, ...] = ()) -> int | None:
        """The least loaded for their capacity of three workers of the team picked at random (the power of
        three choices), leaving out `exclude` and anyone leaving within a week; a sister team if none."""
        w_end = self.world.w_end
        for key in (team, *story.SISTER_TEAMS[team]):
            candidates = self.available[key]
            if not candidates:
                continue
            best, best_score = None, math.inf
            for _ in range(3):
                worker = candidates[self.staff.below(len(candidates))]
                if worker in exclude or w_end[worker] <= day + 7:
                    continue
                score = (self.w_load[worker] + 1) / self.w_cap[worker]
                if score < best_score:
                    best, best_score = worker, score
            if best is None:
                best = next((w for w in candidates if w not in exclude and w_end[w] > day + 7), None)
            if best is not None:
                return best
        return None

    def _open_episode(self, child: int, worker: int, cohort: str, day: int) -> int:
        """Allocate the child to the worker from `day`; an episode of theirs that started the same day, or
        is still running with the same cohort, carries on instead (episode keys stay unique)."""
        world = self.world
        candidates = self.child_episodes[child][-3:]
        same_day = self.episode_of.get((child, worker, day))
        if same_day is not None:
            candidates = [same_day]
        for episode in candidates:
            running = world.ep_worker[episode] == worker and world.ep_end[episode] > day
            if episode == same_day or (running and world.ep_cohort[episode] == cohort):
                world.ep_cohort[episode] = cohort
                world.ep_end[episode] = OPEN
                if episode not in self.w_episodes[worker]:
                    self.w_episodes[worker].add(episode)
                    self.w_load[worker] += 1
                if episode not in self.child_current[child]:
                    self.child_current[child].append(episode)
                return episode
        episode = len(world.ep_child)
        self.episode_of[(child, worker, day)] = episode
        world.ep_child.append(child)
        world.ep_worker.append(worker)
        world.ep_cohort.append(cohort)
        world.ep_start.append(day)
        world.ep_end.append(OPEN)
        self.child_episodes[child].append(episode)
        self.child_current[child].append(episode)
        self.w_episodes[worker].add(episode)
        self.w_load[worker] += 1
        return episode

    def _end_episode(self, episode: int, day: int) -> None:
        """The worker lets go of the child now; the episode's end date is `day` (a handover may overlap)."""
        world = self.world
        worker = world.ep_worker[episode]
        day = max(day, world.ep_start[episode])
        world.ep_end[episode] = min(day, world.w_end[worker])
        if episode in self.w_episodes[worker]:
            self.w_episodes[worker].discard(episode)
            self.w_load[worker] -= 1
        current = self.child_current[world.ep_child[episode]]
        if episode in current:
            current.remove(episode)

    def _handover_days(self) -> int:
        d = self.staff
        roll = d.u()
        if roll < 0.35:
            return 0
        if roll < 0.92:
            return d.between(1, 14)
        return d.between(15, 40)  # co-working for a while

    def _assign(self, child: int, team: str, cohort: str, change: bool, day: int) -> None:
        world = self.world
        current = self.child_current[child]
        if current:
            episode = current[0]
            worker = world.ep_worker[episode]
            if not change and self.w_available[worker]:
                if world.ep_cohort[episode] != cohort:
                    if world.ep_start[episode] == day:
                        world.ep_cohort[episode] = cohort
                    else:
                        self._end_episode(episode, day)
                        self._open_episode(child, worker, cohort, day)
                return
        exclude = tuple(world.ep_worker[e] for e in current)
        worker = self._choose_worker(team, day, exclude)
        if worker is None:
            self._push(day + 7, RETRY, child)
            return
        overlap = self._handover_days()
        for episode in list(current):
            self._end_episode(episode, day + overlap)
        self._open_episode(child, worker, cohort, day)

    def _allocate_at_sweep_start(self) -> None:
        world = self.world
        for child, state in enumerate(self.child_state):
            if state is None:
                continue
            team, cohort = state
            worker = self._choose_worker(team, self.sweep_start)
            if worker is None:
                continue
            self._open_episode(child, worker, cohort, max(self.since[child], world.w_start[worker]))

    def _on_seg(self, event) -> None:
        day, _, _, child, team, cohort, change = event
        self.child_state[child] = (team, cohort)
        self._assign(child, team, cohort, change, day)

    def _on_close(self, event) -> None:
        day, child = event[0], event[3]
        world = self.world
        self.child_state[child] = None
        for episode in self.child_episodes[child]:
            if world.ep_end[episode] > day:
                self._end_episode(episode, day)
        self.child_current[child] = []

    def _on_retry(self, event) -> None:
        day, child = event[0], event[3]
        state = self.child_state[child]
        if state is not None and not self.child_current[child]:
            self._assign(child, state[0], state[1], True, day)

    def _on_realloc(self, event) -> None:
        day, episode = event[0], event[3]
        world = self.world
        child, worker = world.ep_child[episode], world.ep_worker[episode]
        state = self.child_state[child]
        if state is None or world.ep_end[episode] != OPEN or not self.w_available[worker]:
            return
        if episode not in self.child_current[child] or world.w_team[worker] != state[0]:
            return
        new = self._choose_worker(state[0], day, (worker,))
        if new is None or world.w_team[new] != state[0]:
            return
        self._end_episode(episode, day + self.staff.between(0, 10))
        self._open_episode(child, new, world.ep_cohort[episode], day)

    def _on_tick(self, event) -> None:
        """Once a month: who hands in their notice (permanent) or whose agency contract ends.

        Each group's expected leavers (its members' monthly rates added up) are carried from month to
        month and whole leavers are drawn at random from the group, so yearly turnover stays near its
        rate, as it does in an authority that manages it, rather than swinging as independent draws would.
        """
        day = event[0]
        world = self.world
        d = self.staff
        progress = world.progress(day)
        rates = {
            "permanent": story.PERMANENT_LEAVING_PER_MONTH.at(progress),
            "agency": 1 / story.AGENCY_MONTHS_IN_POST.at(progress),
            "manager": story.PERMANENT_LEAVING_PER_MONTH.at(progress) / 2,
        }
        groups: dict[str, list[int]] = {group: [] for group in rates}
        for worker in range(len(world.w_team)):
            if world.w_end[worker] == OPEN and world.w_start[worker] <= day:
                group = "manager" if not world.w_case_holding[worker] else world.w_type[worker]
                groups[group].append(worker)
        for group, members in groups.items():
            self.leavers_due[group] += rates[group] * len(members)
            leaving = min(int(self.leavers_due[group]), len(members))
            self.leavers_due[group] -= leaving
            for _ in range(leaving):
                worker = members.pop(d.below(len(members)))
                end = day + d.between(5, 45)
                world.w_end[worker] = end
                self._push(max(day, end - self._handover_lead()), HANDOVER, worker)
                self._push(end, WEND, worker)
        self._plan_reallocations(day)

    def _plan_reallocations(self, day: int) -> None:
        """This month's changes of worker within teams (leave, sickness, balancing), spread over the month."""
        d = self.staff
        rate = story.REALLOCATION_PER_MONTH.at(self.world.progress(day))
        for team in story.TEAMS:
            workers = self.available[team.key]
            loads = [self.w_load[w] for w in workers]
            total = sum(loads)
            if total == 0:
                continue
            cumulative = list(itertools.accumulate(loads))
            for _ in range(self.np_rng.poisson(rate * total)):
                worker = workers[bisect.bisect_right(cumulative, d.u() * total)]
                episodes = sorted(self.w_episodes[worker])
                if episodes:
                    self._push(day + d.below(28), REALLOC, episodes[d.below(len(episodes))])

    def _handover_lead(self) -> int:
        return self.staff.between(0, 10)

    def _on_hire(self, event) -> None:
        day, post, kind = event[0], event[3], event[4]
        worker = self._new_worker(post, kind, day)
        self._push(day, WSTART, worker)

    def _on_worker_start(self, event) -> None:
        day, worker = event[0], event[3]
        self._start_worker(worker, day)
        team = self.world.w_team[worker]
        share = story.NEW_STARTER_CASELOAD_SHARE.get(team, 0)
        if share and self.w_available[worker]:
            self._balance(worker, team, share, day)

    def _balance(self, worker: int, team: str, share: float, day: int) -> None:
        """A new starter takes some children from the busiest workers of the team."""
        candidates = self.available[team]
        if len(candidates) < 2:
            return
        average = sum(self.w_load[w] / self.w_cap[w] for w in candidates) / len(candidates)
        wanted = int(share * average * self.w_cap[worker])
        world = self.world
        for _ in range(wanted):
            donor = max(
                (candidates[self.staff.below(len(candidates))] for _ in range(4)),
                key=lambda w: self.w_load[w] / self.w_cap[w],
            )
            if (
                donor == worker
                or self.w_load[donor] / self.w_cap[donor] <= (self.w_load[worker] + 1) / self.w_cap[worker]
                or not self.w_episodes[donor]
            ):
                break
            episode = max(self.w_episodes[donor])
            child = world.ep_child[episode]
            self._end_episode(episode, day + self.staff.between(0, 10))
            self._open_episode(child, worker, world.ep_cohort[episode], day)

    def _on_handover(self, event) -> None:
        day, worker = event[0], event[3]
        world = self.world
        d = self.staff
        self._make_unavailable(worker)
        leaving = world.w_end[worker]
        for episode in sorted(self.w_episodes[worker]):
            child = world.ep_child[episode]
            state = self.child_state[child]
            team = state[0] if state else world.w_team[worker]
            new = None if d.chance(story.HANDOVER_GAP_SHARE) else self._choose_worker(team, day, (worker,))
            self._end_episode(episode, leaving)
            if new is None:
                self._push(leaving + d.between(1, 20), RETRY, child)
            else:
                self._open_episode(child, new, world.ep_cohort[episode], min(day + d.below(4), leaving))

    def _on_worker_end(self, event) -> None:
        day, worker = event[0], event[3]
        world = self.world
        self._make_unavailable(worker)
        for episode in sorted(self.w_episodes[worker]):
            self._end_episode(episode, day)
            self._push(day + 1, RETRY, world.ep_child[episode])
        self.fte_in_post[world.w_type[worker]] -= world.w_fte[worker]
        post = self.w_post[worker]
        kind = self._agency_or_not(post, day)
        low, high = story.AGENCY_RECRUITMENT_DAYS if kind == "agency" else story.PERMANENT_RECRUITMENT_DAYS
        self._push(day + self.staff.between(low, high), HIRE, post, kind)


def simulate(seed_sequence: np.random.SeedSequence, la_code: str, start: str, months: int, scale: float) -> World:
    """Simulate one authority from a seed; the same seed gives the same world."""
    return Simulation(seed_sequence, la_code, start, months, scale).run()
