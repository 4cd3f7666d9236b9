"""What each monthly extract holds, by contract column, read off the simulated world.

A snapshot is taken as a case-management system would export it a few days after month end: episode
fields (allocation end dates, IHA request and completion dates) as known on the extract date,
point-in-time fields (teams, placements, review health assessments) at month end. Rows fit the
reporting month exactly as ingest/month_fit.py checks it, so generated files raise no warnings.

Tables are dicts of contract column -> list of values: days (int) or None for dates, str for ids,
codes and text, bool for flags, float (nan = blank) or int for numbers.
"""

from __future__ import annotations

import bisect
from functools import cache

import numpy as np

from core.dates import shift_month
from reference import code_list
from sample_data import story
from sample_data.simulation import Draws, World, anniversary, date_of, month_first_day, month_last_day

Table = dict[str, list]
TEAM_NAMES = {team.key: team.name for team in story.TEAMS}
RENAMED = {team.key: team.renamed for team in story.TEAMS if team.renamed}
# Activity codes of the current vintage only: F3/P3 were replaced by F4/P4/F5/P5 in 2022, before the data start.
NEET = {"G4": 0.2, "G5": 0.62, "G6": 0.18}
EET_MIX_17_18 = {"F2": 0.5, "P2": 0.1, "F4": 0.1, "P4": 0.02, "F5": 0.2, "P5": 0.08}
EET_MIX_19_21 = {"F1": 0.14, "P1": 0.04, "F2": 0.2, "P2": 0.05, "F4": 0.1, "P4": 0.03, "F5": 0.32, "P5": 0.12}
SUITABLE_17 = {"B1": 0.2, "C1": 0.25, "D1": 0.3, "E1": 0.15, "U1": 0.1}
SUITABLE_18_PLUS = {"Z1": 0.14, "D1": 0.26, "U1": 0.3, "E1": 0.06, "T1": 0.06, "B1": 0.12, "K1": 0.04, "Y1": 0.02}
UNSUITABLE = {"D2": 0.3, "U2": 0.25, "K2": 0.15, "S2": 0.15, "X2": 0.1, "V2": 0.05}


def collection_year(month: str) -> int:
    """The SSDA903 collection year a month falls in, named by the year it ends (April 2024 -> 2025)."""
    year, mon = int(month[:4]), int(month[5:7])
    return year + 1 if mon >= 4 else year


@cache
def _placement_validity() -> dict[str, tuple[int, int]]:
    validity = {}
    for code in code_list("placement_types"):
        extra = dict(code.extra)
        validity[code.code] = (int(extra.get("valid_from") or 0), int(extra.get("valid_to") or 9999))
    return validity


# A code withdrawn (or not yet in use) in the file's collection year is recorded under its successor.
RECODED = {"H5": "K3", "P2": "K3", "Z1": "Z11", "K3": "H5"}


def placement_code_for(code: str, month: str) -> str:
    """The PLACE code as the month's extract shows it: valid in the month's collection year."""
    year = collection_year(month)
    valid_from, valid_to = _placement_validity()[code]
    if valid_from <= year <= valid_to:
        return code
    replacement = RECODED[code]
    valid_from, valid_to = _placement_validity()[replacement]
    if not valid_from <= year <= valid_to:
        raise ValueError(f"no valid PLACE code for {code} in collection year {year}")
    return replacement


def team_name(key: str, month: str, reorganised_from: str) -> str:
    """The team's name as the month's files write it (the hubs are renamed from the re-organisation)."""
    if key in RENAMED and month >= reorganised_from:
        return RENAMED[key]
    return TEAM_NAMES[key]


def age_on(dob: int, day: int) -> int:
    """Completed years on `day` (birthday counts; 29 February reached on 1 March), as core.dates.ages_at."""
    born, on = date_of(dob), date_of(day)
    return on.year - born.year - ((born.month, born.day) > (on.month, on.day))


class Snapshots:
    """Monthly tables of one world; care leavers' statuses carry from month to month, so take months in order."""

    def __init__(
        self, world: World, child_ids: list[str], worker_ids: list[str], draws: Draws, reorganised: str, scale: float
    ) -> None:
        self.world = world
        self.scale = scale
        self.child_ids = child_ids
        self.worker_ids = worker_ids
        self.draws = draws
        self.reorganised = reorganised
        self.ep = {
            name: np.asarray(values)
            for name, values in (
                ("child", world.ep_child),
                ("worker", world.ep_worker),
                ("start", world.ep_start),
                ("end", world.ep_end),
            )
        }
        self.ep_cohort = np.asarray(world.ep_cohort)
        self.w_start = np.asarray(world.w_start)
        self.w_end = np.asarray(world.w_end)
        self.care_start = np.asarray(world.care_start)
        self.care_end = np.asarray(world.care_end)
        pl_care = np.asarray(world.pl_care, dtype=np.int64)
        self.spells_from = np.searchsorted(pl_care, np.arange(len(world.care_start)), side="left")
        self.spells_to = np.searchsorted(pl_care, np.arange(len(world.care_start)), side="right")
        self.cl_start = np.asarray(world.cl_start)
        self.cl_end = np.asarray(world.cl_end)
        self.cl_17 = np.asarray([anniversary(world.child_dob[c], 17) for c in world.cl_child], dtype=np.int64)
        self.status: dict[int, list[str]] = {}
        self.bed_and_breakfast: set[int] = set()

    # ------------------------------------------------------------------ workforce
    def workforce(self, month: str, extract: int) -> Table:
        world = self.world
        first, last = month_first_day(month), month_last_day(month)
        rows = np.flatnonzero((self.w_start <= last) & (self.w_end >= first))
        ep = self.ep
        open_at_end = (ep["start"] <= last) & (ep["end"] > last)
        pairs = np.unique(np.stack([ep["worker"][open_at_end], ep["child"][open_at_end]]), axis=1)
        caseload = np.bincount(pairs[0], minlength=len(world.w_team)) if pairs.size else np.zeros(len(world.w_team))
        table: Table = {c: [] for c in ("worker_id", "team", "role", "case_holding", "employment_type", "fte")}
        table |= {"start_date": [], "end_date": [], "caseload": []}
        for w in rows.tolist():
            stated = int(caseload[w])
            in_post = world.w_end[w] > last
            if world.w_case_holding[w] and in_post and self.draws.chance(story.CASELOAD_MISSTATED_SHARE):
                stated = max(0, stated + self.draws.pick({-3: 1, -2: 2, -1: 4, 1: 4, 2: 2, 3: 1}))
                stated = stated if stated != caseload[w] else stated + 1
            end = world.w_end[w]
            table["worker_id"].append(self.worker_ids[w])
            table["team"].append(team_name(world.w_team[w], month, self.reorganised))
            table["role"].append(world.w_role[w])
            table["case_holding"].append(world.w_case_holding[w])
            table["employment_type"].append(world.w_type[w])
            table["fte"].append(world.w_fte[w])
            table["start_date"].append(world.w_start[w])
            # HR knows a leaving date once notice is given, a month or so ahead.
            table["end_date"].append(end if end <= extract + 30 else None)
            table["caseload"].append(stated)
        return table

    # ------------------------------------------------------------------ allocations
    def allocations(self, month: str, extract: int, history: bool = False, without_team: str | None = None) -> Table:
        """Episodes open at any time in the month; with `history`, also those of the 12 months before."""
        ep = self.ep
        first, last = month_first_day(month), month_last_day(month)
        since = month_first_day(shift_month(month, -11)) if history else first
        rows = np.flatnonzero((ep["start"] <= last) & (ep["end"] >= since))
        teams = [team_name(self.world.w_team[w], month, self.reorganised) for w in ep["worker"][rows].tolist()]
        if without_team:
            keep = [t != without_team for t in teams]
            rows, teams = rows[keep], [t for t, k in zip(teams, keep, strict=True) if k]
        children = [self.child_ids[c] for c in ep["child"][rows].tolist()]
        order = np.lexsort((ep["start"][rows], np.asarray(children), np.asarray(teams))) if len(rows) else rows
        rows = rows[order]
        ends = ep["end"][rows].tolist()
        return {
            "child_id": [children[i] for i in order.tolist()],
            "worker_id": [self.worker_ids[w] for w in ep["worker"][rows].tolist()],
            "team": [teams[i] for i in order.tolist()],
            "cohort": self.ep_cohort[rows].tolist(),
            "start_date": ep["start"][rows].tolist(),
            "end_date": [e if e <= extract else None for e in ends],
        }

    # ------------------------------------------------------------------ children in care
    def _spell_on(self, period: int, day: int) -> int:
        world = self.world
        spells = range(int(self.spells_from[period]), int(self.spells_to[period]))
        current = spells[0]
        for spell in spells:
            if world.pl_start[spell] <= day:
                current = spell
        return current

    def health_assessments(self, month: str, extract: int) -> Table:
        world = self.world
        first, last = month_first_day(month), month_last_day(month)
        periods = np.flatnonzero((self.care_start <= last) & (self.care_end >= first))
        table: Table = {c: [] for c in ("child_id", "date_of_birth", "date_entered_care", "iha_requested_date")}
        table |= {"iha_completed_date": [], "last_review_health_assessment_date": [], "placed_outside_la": []}
        for p in sorted(periods.tolist(), key=lambda p: (self.child_ids[world.care_child[p]], world.care_start[p])):
            child = world.care_child[p]
            requested, completed = int(world.iha_requested[p]), int(world.iha_completed[p])
            reviews = world.rha[p]
            latest = bisect.bisect_right(reviews, last)
            spell = self._spell_on(p, min(last, world.care_end[p] - 1))
            table["child_id"].append(self.child_ids[child])
            table["date_of_birth"].append(world.child_dob[child])
            table["date_entered_care"].append(world.care_start[p])
            table["iha_requested_date"].append(requested if requested <= extract else None)
            table["iha_completed_date"].append(completed if completed <= extract else None)
            table["last_review_health_assessment_date"].append(reviews[latest - 1] if latest else None)
            table["placed_outside_la"].append(not world.pl_inside[spell])
        return table

    def placements(self, month: str) -> Table:
        world = self.world
        last = month_last_day(month)
        year_before = month_last_day(shift_month(month, -12))
        periods = np.flatnonzero((self.care_start <= last) & (self.care_end > last))
        table: Table = {c: [] for c in ("child_id", "date_of_birth", "date_entered_care", "placement_start_date")}
        table |= {"placement_type": [], "distance_miles": [], "inside_la": [], "placements_last_12_months": []}
        for p in sorted(periods.tolist(), key=lambda p: self.child_ids[world.care_child[p]]):
            child = world.care_child[p]
            spell = self._spell_on(p, last)
            recent = sum(
                1
                for s in range(int(self.spells_from[p]), spell + 1)
                if world.pl_start[s] <= last and world.pl_end[s] > year_before
            )
            table["child_id"].append(self.child_ids[child])
            table["date_of_birth"].append(world.child_dob[child])
            table["date_entered_care"].append(world.care_start[p])
            table["placement_start_date"].append(world.pl_start[spell])
            table["placement_type"].append(placement_code_for(world.pl_code[spell], month))
            table["distance_miles"].append(world.pl_distance[spell])
            table["inside_la"].append(world.pl_inside[spell])
            table["placements_last_12_months"].append(max(recent, 1))
        return table

    # ------------------------------------------------------------------ care leavers
    def care_leavers(self, month: str) -> Table:
        """Care leavers aged 17-21 at month end; each one's status changes now and then, not every month."""
        world = self.world
        last = month_last_day(month)
        progress = world.progress(last)
        spells = np.flatnonzero((self.cl_start <= last) & (self.cl_end > last) & (self.cl_17 <= last)).tolist()
        ages = {s: age_on(world.child_dob[world.cl_child[s]], last) for s in spells}
        for s in spells:
            self.status[s] = self._next_status(self.status.get(s), ages[s], progress, world.cl_died[s] <= last)
        self._bed_and_breakfast(spells, ages)
        table: Table = {"child_id": [], "date_of_birth": [], "in_touch": [], "activity": [], "accommodation": []}
        for s in sorted(spells, key=lambda s: self.child_ids[world.cl_child[s]]):
            child = world.cl_child[s]
            in_touch, activity, accommodation = self.status[s]
            table["child_id"].append(self.child_ids[child])
            table["date_of_birth"].append(world.child_dob[child])
            table["in_touch"].append(in_touch)
            table["activity"].append(activity)
            table["accommodation"].append(accommodation)
        return table

    def _next_status(self, before: list[str] | None, age: int, progress: float, died: bool) -> list[str]:
        d = self.draws
        if died:
            return ["DIED", "0", "0"]
        in_touch = before[0] if before and not d.chance(0.04) else d.pick(story.IN_TOUCH)
        if in_touch == "NREQ" and age < 19:
            in_touch = "YES"
        if in_touch not in ("YES", "NREQ"):
            return [in_touch, "0", "0"]
        activity, accommodation = (before[1], before[2]) if before else ("0", "0")
        if activity == "0" or d.chance(story.STATUS_CHANGE_PER_MONTH):
            trend = story.EET_WHEN_IN_TOUCH_17_18 if age <= 18 else story.EET_WHEN_IN_TOUCH_19_21
            eet = d.chance(trend.at(progress))
            activity = d.pick((EET_MIX_17_18 if age <= 18 else EET_MIX_19_21) if eet else NEET)
        if accommodation == "0" or (not accommodation.startswith("W") and d.chance(0.08)):
            accommodation = self._accommodation(age)
        return [in_touch, activity, accommodation]

    def _bed_and_breakfast(self, spells: list[int], ages: dict[int, int]) -> None:
        """A few care leavers aged 18+ in bed and breakfast every month, each for a month or a few."""
        d = self.draws
        adults = [s for s in spells if ages[s] >= 18 and self.status[s][0] == "YES"]
        staying = [s for s in adults if s in self.bed_and_breakfast and d.chance(0.6)]
        low, high = (max(1, round(n * self.scale)) for n in story.BED_AND_BREAKFAST)
        wanted = min(high, max(low, len(staying) + (1 if d.chance(0.5) else 0)))
        chosen = set(staying)
        others = [s for s in adults if s not in chosen]
        while len(chosen) < wanted and others:
            chosen.add(others.pop(d.below(len(others))))
        for s in spells:
            status = self.status[s]
            if s in chosen and not status[2].startswith("W"):
                status[2] = "W2" if d.chance(0.75) else "W1"
            elif s not in chosen and status[2].startswith("W"):
                status[2] = self._accommodation(ages[s])
        self.bed_and_breakfast = chosen

    def _accommodation(self, age: int) -> str:
        d = self.draws
        if d.chance(story.SUITABLE_WHEN_IN_TOUCH):
            return d.pick(SUITABLE_17 if age < 18 else SUITABLE_18_PLUS)
        return d.pick(UNSUITABLE)


def new_ids(rng: np.random.Generator, prefix: str, count: int, digits: int) -> list[str]:
    """Distinct pseudonymous identifiers in a shuffled order: prefix + `digits` digits (more if needed)."""
    while 10**digits - 1 < count:
        digits += 1
    numbers = rng.choice(np.arange(1, 10**digits), size=count, replace=False)
    return [f"{prefix}{n:0{digits}d}" for n in numbers.tolist()]
