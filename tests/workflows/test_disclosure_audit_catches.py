"""The reader's audit (tests/workflows/disclosure_audit.py) is only worth its pass if it fails a rule that
leaks. Issue 17's worked example, care leavers aged 17-18 in suitable accommodation: April and May shown
as "37 of 44" and "37 of 45", June (43 of 47: 4 not suitably housed) hidden. The panel's rules
(metrics/panel_disclosure.py) pass the audit; each rule weakened as the panel once had it is caught
giving June's 4 away. And the relations a reader knows besides (a part within its whole, parts adding up
to a whole) narrow what the audit finds.
"""

from contextlib import nullcontext
from unittest import mock

import pandas as pd
import pytest

from metrics.panel_disclosure import (
    HIDDEN,
    SHOWN,
    month_states,
    panel_quarters,
    quarters_of,
    share_denominators,
    shared_denominators,
)
from tests.workflows.disclosure_audit import Audit, Version

MONTHS = ["2024-04", "2024-05", "2024-06"]
GROUP = "care_leavers_17_18"
EET, SUITABLE, IN_TOUCH = shared_denominators()[GROUP]
DENOMINATORS = [44, 45, 47]
NUMERATORS = {SUITABLE: [37, 37, 43], EET: [30, 31, 35], IN_TOUCH: [36, 38, 40]}
UNITS = dict.fromkeys(NUMERATORS, "%")
JUNE_COMPLEMENT = f"{SUITABLE} 2024-06 (43 of 47): complement 4 narrowed to 4..4"


def published(threshold: int, shared: bool = True, checked: bool = True) -> Audit:
    """The three months and June's quarter of the group as the panel would print them, into an audit."""
    series = {
        code: pd.DataFrame({"numerator": numerators, "denominator": DENOMINATORS}, index=MONTHS)
        for code, numerators in NUMERATORS.items()
    }
    states = {code: month_states(frame, "%", threshold) for code, frame in series.items()}
    if shared:
        states = share_denominators(states, UNITS)
    settled = {code: set(MONTHS) for code in states}
    with mock.patch("metrics.panel_disclosure.protected", return_value=True) if not checked else nullcontext():
        quarters = panel_quarters(states, UNITS, threshold, settled)
    audit = Audit(threshold)
    for code, months in states.items():
        versions = [Version(code, GROUP, m, row["numerator"], row["denominator"], "%") for m, row in months.iterrows()]
        for version, (_, row) in zip(versions, months.iterrows(), strict=True):
            audit.cell(version, _cell(row), "month")
        audit.rate(versions, quarters[code].loc["2024-06", "shown_value"])
    return audit


def _cell(row: pd.Series) -> str:
    """A month's cell as the panel table prints it."""
    if row["state"] == SHOWN:
        return f"{row['shown_value']} ({row['shown_numerator']} of {row['shown_denominator']})"
    return row["shown_value"]


@pytest.mark.parametrize("threshold", [5, 10])
def test_the_panels_rules_leave_junes_hidden_count_open(threshold):
    audit = published(threshold)
    assert audit.hidden, "June is hidden"
    assert audit.failures() == []


def test_june_printed_beside_its_quarter_on_a_sibling_row_is_caught():
    """The leak the issue found: every indicator suppressed on its own, so June's 47 children print on
    the education row, and June's quarter (86.0%) is shown beside April and May."""
    audit = published(5, shared=False, checked=False)
    assert JUNE_COMPLEMENT in audit.failures()


def test_a_quarter_shown_beside_a_withheld_june_is_caught():
    """Denominators withheld together, but every quarter shown: the education and in-touch rows' June
    rates and quarters pin June's 47, and the suitable-accommodation quarter then gives the 4 away."""
    audit = published(5, shared=True, checked=False)
    assert JUNE_COMPLEMENT in audit.failures()
    assert quarters_of(month_states(_one(SUITABLE), "%", 5), "%").loc["2024-06", "state"] == HIDDEN


def _one(code: str) -> pd.DataFrame:
    return pd.DataFrame({"numerator": NUMERATORS[code], "denominator": DENOMINATORS}, index=MONTHS)


def test_a_part_within_its_whole_is_bounded_by_it():
    """16 and over within all children in care: a hidden part is at most its shown whole."""
    whole = Version("placed_over_20_miles", "children", "2024-06", 7, 60, "%")
    part = Version("placed_over_20_miles_16_plus", "children_16_plus", "2024-06", 3, 20, "%")
    audit = Audit(5)
    audit.cell(whole, "11.7% (7 of 60)", "month")
    audit.cell(part, "c", "month")
    ranges = {what: (lo, hi) for _, what, _, lo, hi in audit.ranges()}
    assert ranges["numerator"][1] == float("inf")
    audit.within(part, whole)
    ranges = {what: (lo, hi) for _, what, _, lo, hi in audit.ranges()}
    assert ranges == {"numerator": (0, 7), "denominator": (1, 60), "complement": (0, 53)}


def test_parts_that_add_up_to_a_shown_whole_give_a_hidden_part_away():
    whole = Version("whole", "whole", "2024-06", 40, 46, "%")
    shown = Version("part_a", "part_a", "2024-06", 30, 34, "%")
    hidden = Version("part_b", "part_b", "2024-06", 10, 12, "%")
    audit = Audit(5)
    audit.cell(whole, "87.0% (40 of 46)", "month")
    audit.cell(shown, "88.2% (30 of 34)", "month")
    audit.cell(hidden, "c", "month")
    assert audit.failures() == []
    audit.partition([shown, hidden], whole)
    assert "part_b 2024-06 (10 of 12): complement 2 narrowed to 2..2" in audit.failures()
