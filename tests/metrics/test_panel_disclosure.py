"""The panel's rules over time (metrics/panel_disclosure.py), each on the smallest case that needs it."""

import pandas as pd

from metrics.panel_disclosure import (
    HIDDEN,
    RATE_ONLY,
    SHOWN,
    month_states,
    quarters_of,
    share_denominators,
    shared_denominators,
)

MONTHS = ["2024-04", "2024-05", "2024-06"]


def series(numerators, denominators):
    return pd.DataFrame({"numerator": numerators, "denominator": denominators}, index=MONTHS[: len(numerators)])


def test_a_month_is_judged_on_its_own_and_never_hidden_for_its_quarters_sake():
    months = month_states(series([37, 37, 43], [44, 45, 47]), "%", 5)
    assert list(months["state"]) == [SHOWN, SHOWN, HIDDEN]  # June: 4 of 47 not counted
    assert months.loc["2024-06", ["shown_numerator", "shown_denominator", "shown_value"]].tolist() == ["c"] * 3
    # 86.0% of 136 beside April and May would give June's 43 away: the quarter goes with its hidden month
    assert quarters_of(months, "%").loc["2024-06", "shown_value"] == "c"
    shown = quarters_of(month_states(series([37, 37, 37], [44, 45, 47]), "%", 5), "%")
    assert shown.loc["2024-06", "shown_value"] == "81.6%"  # every month shown in full: nothing new


def test_figures_out_of_the_same_children_withhold_their_denominator_together():
    eet, suitable = shared_denominators()["care_leavers_17_18"][:2]
    states = {
        eet: month_states(series([30, 31, 35], [44, 45, 47]), "%", 5),
        suitable: month_states(series([37, 37, 43], [44, 45, 47]), "%", 5),
    }
    shared = share_denominators(states, {eet: "%", suitable: "%"})
    june = shared[eet].loc["2024-06"]
    assert june["state"] == RATE_ONLY and (june["shown_numerator"], june["shown_denominator"]) == ("c", "c")
    assert june["shown_value"] == "74.5%" and not june["suppressed"]  # the rate stays
    assert list(shared[eet]["state"][:2]) == [SHOWN, SHOWN]  # other months as they were
    assert shared[suitable].loc["2024-06", "state"] == HIDDEN


def test_a_figure_hidden_when_signed_off_stays_hidden_while_it_is_unchanged():
    figures = series([37, 40], [44, 47])
    signed = pd.DataFrame(
        {
            "numerator": [37, 41],
            "denominator": [44, 47],
            "shown_numerator": ["c", "c"],
            "shown_denominator": ["c", "c"],
            "shown_value": ["c", "c"],
        },
        index=MONTHS[:2],
    )
    # At threshold 5 neither month is small now; April is as it was signed off hidden (at threshold 10,
    # say), so it stays hidden; May has changed since, so it is judged afresh.
    months = month_states(figures, "%", 5, signed)
    assert list(months["state"]) == [HIDDEN, SHOWN]
    withheld = signed.assign(shown_value=["84.1%", "c"])
    assert month_states(figures, "%", 5, withheld).loc["2024-04", "state"] == RATE_ONLY


def test_a_counts_quarter_is_its_last_month():
    months = month_states(series([7, 3, 8], [30, 30, 30]), "count", 5)
    assert list(months["shown_value"]) == ["7", "c", "8"]
    assert quarters_of(months, "count").loc["2024-06", "shown_value"] == "8"
