"""Disproportionality (issue 19): how likely the children of each ethnic group are to be referred, on a
child protection plan or looked after, against the authority's child population, compared with White
British children.

For each ethnic group g (reference/population/groups.yaml) and each measure:

    rate per 10,000 = 10,000 x a / n1       a  = the group's children counted, n1 = the group's children aged 0-17
    relative rate index (RRI) = (a / n1) / (b / n2)   b, n2 = the same for White British children

with a 95% confidence interval by the log method (Katz D, Baptista J, Azen SP, Pike MC, "Obtaining
confidence intervals for the risk ratio in cohort studies", Biometrics 34 (1978) 469-474; the method the
Youth Justice Board's relative rate index tools use):

    SE(log RRI) = sqrt(1/a - 1/n1 + 1/b - 1/n2),   95% CI = exp(log RRI +/- 1.96 x SE)

An RRI above 1 means the group's children are more likely than White British children to be counted; an
interval that includes 1 cannot tell the difference from chance. With a = 0 or b = 0 there is no log and
no interval: the sentence says there are too few to compare.

What is counted (each child once): children referred in the 12 months to the month's end (referrals);
children on a child protection plan at the month's end (open: started by then, not ended by then); children
looked after at the month's end (the month's placements). A child's group is read from the ethnicity the
returns give (child_characteristics); a child with none, or with REFU or NOBT, is "not recorded": counted
in the table, in no rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from core.dates import month_bounds, month_label
from metrics.inputs import Inputs
from reference.population import Group, Population, ethnic_groups

PER = 10_000
Z_95 = 1.959964  # the standard normal's 97.5th percentile
NOT_RECORDED = "not recorded"
REFERRAL_MONTHS = 12

MEASURES = {  # measure -> (title, what a sentence says the children were likely to be, at or over)
    "referrals": ("Children referred in the 12 months", "to be referred", "in the 12 months to the end of {month}"),
    "cp_plans": ("Children on a child protection plan", "to be on a child protection plan", "at the end of {month}"),
    "looked_after": ("Children looked after", "to be looked after", "at the end of {month}"),
}
COLUMNS = ["group", "children", "population", "rate_per_10000", "rri", "ci_low", "ci_high", "words"]


@dataclass(frozen=True)
class RelativeRate:
    rri: float
    low: float | None  # None: no interval (a or b is 0)
    high: float | None


def relative_rate(a: int, n1: int, b: int, n2: int) -> RelativeRate | None:
    """The relative rate index of a group (a of n1) against the comparison group (b of n2), with its 95%
    confidence interval by the log method (see the module's doc). None when either population is 0."""
    if n1 <= 0 or n2 <= 0 or b == 0:
        return None  # no rate to compare with
    rri = (a / n1) / (b / n2)
    if a == 0:
        return RelativeRate(rri, None, None)
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
    return RelativeRate(rri, math.exp(math.log(rri) - Z_95 * se), math.exp(math.log(rri) + Z_95 * se))


def _two(value: float) -> str:
    """A ratio as a sentence shows it: two decimal places near 1 (below 1.5), so an interval ending at 0.99
    never reads as 1.0, and one place above."""
    return f"{value:.1f}" if value >= 1.5 else f"{value:.2f}"


def rri_words(group: Group, comparison: Group, rate: RelativeRate | None, likely: str, when: str) -> str:
    """'Black or Black British children were 2.1 times as likely as White British children to be referred
    (95% CI 1.7 to 2.6) in the 12 months to the end of March 2025.'"""
    if rate is None:
        return f"Too few {comparison.children} were counted {when} to compare other groups with them."
    if rate.low is None:
        lower = group.children[0].lower() + group.children[1:]
        return f"No {lower} were counted {when} (a rate of 0 per 10,000), so no ratio is stated."
    ratio = _two(rate.rri)
    sentence = (
        f"{group.children} were {ratio} times as likely as {comparison.children} {likely} "
        f"(95% CI {_two(rate.low)} to {_two(rate.high)}) {when}."
    )
    if rate.low <= 1 <= rate.high:
        sentence += " The interval includes 1, so this difference could be chance."
    return sentence


def group_of_children(characteristics: pd.DataFrame) -> pd.Series:
    """Each described child's group (index child_id); REFU, NOBT, a blank or no group: not recorded."""
    if characteristics.empty:
        return pd.Series(dtype="string")
    rows = characteristics.drop_duplicates("child_id", keep="last").set_index("child_id")
    groups = rows["ethnicity"].astype("string").map(ethnic_groups().of_code(), na_action="ignore")
    return groups.fillna(NOT_RECORDED).astype("string")


def counted_children(inputs: Inputs, measure: str, month: str) -> pd.Series:
    """The distinct child_ids a measure counts for the month (see the module's doc)."""
    _, last = month_bounds(month)
    if measure == "referrals":
        frame = inputs.referrals
        if frame.empty:
            return pd.Series(dtype="string")
        since = last - pd.DateOffset(months=REFERRAL_MONTHS)
        dates = pd.to_datetime(frame["referral_date"])
        rows = frame[((dates > since) & (dates <= last)).fillna(False).to_numpy(dtype=bool)]
    elif measure == "cp_plans":
        frame = inputs.cp_plans
        if frame.empty:
            return pd.Series(dtype="string")
        start, end = pd.to_datetime(frame["cp_plan_start_date"]), pd.to_datetime(frame["cp_plan_end_date"])
        rows = frame[((start <= last) & (end.isna() | (end > last))).fillna(False).to_numpy(dtype=bool)]
    elif measure == "looked_after":
        rows = inputs.month_rows("placements", month)
    else:
        raise KeyError(f"{measure} is not a disproportionality measure: use one of {', '.join(MEASURES)}")
    return pd.Series(rows["child_id"].dropna().astype("string").unique(), dtype="string")


def disproportionality_table(
    children: pd.Series, characteristics: pd.DataFrame, population: Population, measure: str, month: str
) -> pd.DataFrame:
    """One row per group (then "not recorded"): children counted, population, rate per 10,000, RRI against
    the comparison group with its 95% CI, and the sentence saying it."""
    groups = ethnic_groups()
    of_child = group_of_children(characteristics)
    counted = of_child.reindex(children.to_numpy()).fillna(NOT_RECORDED).value_counts()  # an unknown child too
    comparison = groups.groups[groups.comparison]
    b, n2 = int(counted.get(comparison.name, 0)), int(population.children.get(comparison.name, 0))
    _, likely, when = MEASURES[measure]
    when = when.format(month=month_label(month))
    rows = []
    for name, group in groups.groups.items():
        a, n1 = int(counted.get(name, 0)), int(population.children.get(name, 0))
        rate = PER * a / n1 if n1 else float("nan")
        if name == comparison.name:
            rows.append((name, a, n1, rate, 1.0, None, None, "The comparison group."))
            continue
        found = relative_rate(a, n1, b, n2)
        rows.append(
            (
                name,
                a,
                n1,
                rate,
                found.rri if found else float("nan"),
                found.low if found else None,
                found.high if found else None,
                rri_words(group, comparison, found, likely, when),
            )
        )
    unknown = int(counted.get(NOT_RECORDED, 0))
    rows.append(
        (NOT_RECORDED, unknown, None, float("nan"), float("nan"), None, None, "No ethnicity recorded: no rate.")
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def disproportionality(inputs: Inputs, population: Population, month: str) -> dict[str, pd.DataFrame]:
    """Every measure's table for the month (see disproportionality_table)."""
    return {
        measure: disproportionality_table(
            counted_children(inputs, measure, month), inputs.child_characteristics, population, measure, month
        )
        for measure in MEASURES
    }
