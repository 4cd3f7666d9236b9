"""Aggregate indicator values (the indicator_values dataset) for figures no record-level file holds.

Each month's numerator is drawn as a binomial of its denominator at the story's rate for that point
in the period. Where the simulated world knows the denominator, it is used: initial conferences from
the new child protection plans, case-holding workers in post (by team and in all) for supervisions
due, and the establishment for the vacancy rate (posts not filled by a permanent worker, in FTE).
Return home interviews within 72 hours are out of those offered (the previous indicator's numerator).
"""

from __future__ import annotations

import numpy as np

from sample_data import story
from sample_data.simulation import World, month_first_day, month_last_day
from sample_data.snapshots import team_name

SUPERVISION_BY_TEAM = "supervision_in_timescale"
# Teams where supervision slips more often (the busiest), as a change to the authority's rate.
SUPERVISION_TEAM_OFFSET = {"hub1": -0.06, "hub2": -0.04, "leaving": 0.03}


def indicator_rows(world: World, rng: np.random.Generator, scale: float, reorganised: str) -> list[dict]:
    """One row per month, indicator and breakdown (blank breakdown = the whole authority)."""
    rows = []
    cp_starts = np.asarray(world.cp_starts)
    w_start, w_end = np.asarray(world.w_start), np.asarray(world.w_end)
    w_team = np.asarray(world.w_team)
    w_fte = np.asarray(world.w_fte)
    permanent = np.asarray(world.w_type) == "permanent"
    case_holding = np.asarray(world.w_case_holding)
    for month in world.months:
        first, last = month_first_day(month), month_last_day(month)
        progress = world.progress(last)
        in_post = (w_start <= last) & (w_end > last)
        for code, (typical, trend) in story.AGGREGATES.items():
            rate = trend.at(progress)
            if code == "cp_conferences_in_timescale":  # a few conferences do not lead to a plan
                plans = int(((cp_starts >= first) & (cp_starts <= last)).sum())
                denominator = plans + int(rng.poisson(0.1 * plans))
            elif code == "return_home_interviews_within_72h":  # of the interviews offered
                denominator = int(rows[-1]["numerator"])
            elif code == SUPERVISION_BY_TEAM:
                numerator_all = denominator_all = 0
                for team in story.TEAMS:
                    team_denominator = int((in_post & case_holding & (w_team == team.key)).sum())
                    team_rate = min(max(rate + SUPERVISION_TEAM_OFFSET.get(team.key, 0.0), 0.0), 1.0)
                    team_numerator = int(rng.binomial(team_denominator, team_rate))
                    rows.append(
                        _row(month, code, team_numerator, team_denominator, team_name(team.key, month, reorganised))
                    )
                    numerator_all += team_numerator
                    denominator_all += team_denominator
                rows.append(_row(month, code, numerator_all, denominator_all, None))
                continue
            else:
                denominator = int(rng.poisson(typical * scale))
            rows.append(_row(month, code, int(rng.binomial(denominator, rate)), denominator, None))
        establishment = float(world.posts)
        filled = float(w_fte[in_post & permanent].sum())
        vacant = round(max(establishment - filled, 0.0), 1)
        rows.append(_row(month, "social_worker_vacancy_rate", vacant, establishment, None))
    return rows


def _row(month: str, code: str, numerator: float, denominator: float, breakdown: str | None) -> dict:
    return {
        "period": month,
        "indicator_code": code,
        "numerator": numerator,
        "denominator": denominator,
        "breakdown": breakdown,
    }
