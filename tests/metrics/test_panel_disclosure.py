"""The panel's rules over time (metrics/panel_disclosure.py), each on the smallest case that needs it."""

import pandas as pd

from metrics.panel_disclosure import (
    HIDDEN,
    RATE_ONLY,
    SHOWN,
    month_states,
    panel_quarters,
    quarters_of,
    settled_months,
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


def test_a_quarter_of_hidden_months_is_shown_where_no_hidden_month_can_be_worked_out():
    code = "three_plus_social_workers"  # out of no other indicator's children
    months = month_states(series([2, 2, 2], [100, 100, 100]), "%", 5)
    assert list(months["state"]) == [HIDDEN] * 3  # 2 children each month
    every = set(MONTHS)
    # 6 of 300 pooled: even a reader who guesses each month's 100 to within 10 learns only that the three
    # months hold 6 children between them, so each month could be anything from 0 to 6
    quarter = panel_quarters({code: months}, {code: "%"}, 5, {code: every})[code]
    assert quarter.loc["2024-06", "shown_value"] == "2.0%"
    # 6 is a small number itself at threshold 10
    assert panel_quarters({code: months}, {code: "%"}, 10, {code: every})[code].loc["2024-06", "state"] == HIDDEN
    # April changed since it was signed off: a reader may hold the quarter as it was then, so it stays hidden
    later = panel_quarters({code: months}, {code: "%"}, 5, {code: every - {"2024-04"}})[code]
    assert later.loc["2024-06", "state"] == HIDDEN
    # the quarter rule alone (no check) hides it, as before
    assert quarters_of(months, "%").loc["2024-06", "state"] == HIDDEN


def test_a_quarter_that_would_pin_a_hidden_month_stays_hidden():
    """The issue's worked example, with June's denominator withheld on every row of its group: the
    education and in-touch quarters beside their June percentages would pin June's 47, and the
    suitable-accommodation quarter then its 43; a reader who guesses June's 47 needs only that quarter."""
    eet, suitable, in_touch = shared_denominators()["care_leavers_17_18"]
    figures = {eet: [30, 31, 35], suitable: [37, 37, 43], in_touch: [36, 38, 40]}
    states = {code: month_states(series(n, [44, 45, 47]), "%", 5) for code, n in figures.items()}
    states = share_denominators(states, dict.fromkeys(figures, "%"))
    quarters = panel_quarters(states, dict.fromkeys(figures, "%"), 5, {c: set(MONTHS) for c in figures})
    assert {code: quarters[code].loc["2024-06", "shown_value"] for code in figures} == dict.fromkeys(figures, "c")


def test_a_quarter_reads_only_months_a_reader_has_seen_in_one_version():
    figures = series([37, 40, 43], [44, 47, 47])
    signed = pd.DataFrame(
        {
            "numerator": [37, 41],
            "denominator": [44, 47],
            "shown_numerator": ["37", "41"],
            "shown_denominator": ["44", "47"],
            "shown_value": ["84.1%", "87.2%"],
        },
        index=MONTHS[:2],
    )
    # April as signed off; May revised since (41 -> 40); June is this meeting's month, not signed off yet
    assert settled_months(figures, signed, "2024-06") == {"2024-04", "2024-06"}
    # at a later look at May (revised after its sign-off), May is not settled: its quarter was read before
    assert settled_months(figures, signed, "2024-05") == {"2024-04"}
    # June never signed off, read at a later meeting: someone may have read another version of it
    assert settled_months(figures, signed, "2024-07") == {"2024-04"}
