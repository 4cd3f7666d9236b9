"""Panel suppression (CONTRACT.md "Panel suppression"): hand-checked rules, then an attacker that fails.

The attacker sees only what is published (the shown strings) and knows the structure: which row is the
whole, that each breakdown's members add up to the whole (for numerators and for denominators), which
breakdowns leave some children out, that a percentage's numerator is at most its denominator and that 0
is always shown (so a `c` is at least 1). It solves for hidden cells two ways: exactly, by linear
algebra (a hidden cell is determined when every solution of the equations agrees on it), and by
narrowing bounds equation by equation until a cell's lowest and highest possible values meet, then
trying each value of every narrow range and keeping only those that contradict nothing. It reports any
hidden numerator or denominator it pins down, and any hidden complement or unshown remainder from 1 to
the threshold.
It is shown to recover values from primary-only suppression, so its silence below means something.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from metrics.suppression import (
    FOOTNOTE,
    PUBLISHABLE_COLUMNS,
    SUPPRESSED,
    footnote,
    suppress_figure,
    suppress_table,
)

THRESHOLD = 5
PROPERTIES = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def figures(total: tuple[float, float], **breakdowns: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """A panel table: the whole, then each breakdown's members, as (numerator, denominator)."""
    rows = [("", "Total", *total)] + [
        (group, label, n, d) for group, members in breakdowns.items() for label, (n, d) in members.items()
    ]
    return pd.DataFrame(rows, columns=["group", "label", "numerator", "denominator"])


def shown(table: pd.DataFrame, group: str, label: str) -> tuple[str, str, str]:
    row = table[(table["group"] == group) & (table["label"] == label)].iloc[0]
    return row["shown_numerator"], row["shown_denominator"], row["shown_value"]


# --- hand-checked rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [(0, "0"), (1, "c"), (3, "c"), (5, "c"), (6, "6"), (1234, "1,234")])
def test_counts_from_1_to_5_are_hidden_and_0_and_6_are_shown(count, expected):
    figure = suppress_figure(count, 0, "count", THRESHOLD)
    assert (figure.numerator, figure.value, figure.suppressed) == (expected, expected, expected == "c")
    assert figure.denominator == ""  # a count has no denominator to show


def test_a_percentage_on_a_numerator_of_3_is_hidden_and_its_denominator_shown():
    figure = suppress_figure(3, 40, "%", THRESHOLD)
    assert (figure.numerator, figure.denominator, figure.value) == ("c", "40", "c")
    assert figure.reason == "primary: numerator 1-5"


def test_a_percentage_on_a_denominator_of_4_is_hidden_even_when_the_numerator_is_0():
    figure = suppress_figure(0, 4, "%", THRESHOLD)
    assert (figure.numerator, figure.denominator, figure.value) == ("0", "c", "c")


def test_38_of_41_is_hidden_because_it_reveals_the_3_children_not_counted():
    figure = suppress_figure(38, 41, "%", THRESHOLD)
    assert (figure.numerator, figure.denominator, figure.value) == ("c", "41", "c")
    assert figure.reason == "primary: complement 1-5"
    assert suppress_figure(41, 41, "%", THRESHOLD).value == "100.0%"  # a complement of 0 is shown, like 0
    assert suppress_figure(35, 41, "%", THRESHOLD).value == "85.4%"  # complement 6


def test_shown_figures_are_formatted_as_everywhere_else():
    figure = suppress_figure(1234, 5678, "%", THRESHOLD)
    assert (figure.numerator, figure.denominator, figure.value, figure.reason) == ("1,234", "5,678", "21.7%", "")
    assert suppress_figure(12, 60, "per 100", THRESHOLD).value == "20.0 per 100 children"


def test_caseload_per_fte_counts_children_but_not_fte():
    figure = suppress_figure(4, 2.5, "ratio", THRESHOLD, counts=("numerator",))
    assert (figure.numerator, figure.denominator, figure.value) == ("c", "2.5", "c")
    figure = suppress_figure(40, 2.5, "ratio", THRESHOLD, counts=("numerator",))
    assert (figure.numerator, figure.denominator, figure.value) == ("40", "2.5", "16.0")
    with pytest.raises(ValueError, match="whole number"):
        suppress_figure(40, 2.5, "ratio", THRESHOLD)  # FTE is not a count of people: say so


def test_the_threshold_is_configurable_and_the_footnote_follows_it():
    assert suppress_figure(8, 0, "count", 10).numerator == "c"
    assert suppress_figure(11, 0, "count", 10).numerator == "11"
    assert footnote(5) == (
        "c = suppressed: fewer than 6 children, or a figure that would reveal such a number, "
        "is not shown to protect individuals."
    )
    assert "fewer than 11 children" in footnote(10)
    assert FOOTNOTE.format(smallest_shown=6) == footnote(5)


def test_one_hidden_member_of_a_breakdown_takes_the_next_smallest_with_it():
    table = suppress_table(figures((60, 110), team={"A": (3, 30), "B": (27, 35), "C": (30, 45)}), "%", THRESHOLD)
    assert shown(table, "team", "A") == ("c", "30", "c")
    assert shown(table, "team", "B") == ("c", "35", "c")  # else A = 60 - 27 - 30
    assert shown(table, "team", "C") == ("30", "45", "66.7%")
    assert shown(table, "", "Total") == ("60", "110", "54.5%")
    assert table.loc[table["label"] == "B", "reason"].item().startswith("secondary: numerator")


def test_two_hidden_ones_are_not_enough_because_c_is_at_least_1():
    table = suppress_table(figures((32, 0), team={"A": (1, 0), "B": (1, 0), "C": (30, 0)}), "count", THRESHOLD)
    assert [shown(table, "team", t)[0] for t in "ABC"] == ["c", "c", "c"]  # A + B = 2 would make both 1
    assert shown(table, "", "Total")[0] == "32"


def test_the_whole_is_hidden_when_no_other_member_can_be():
    table = suppress_table(figures((20, 32), team={"A": (20, 22), "B": (0, 10)}), "%", THRESHOLD)
    assert shown(table, "team", "A") == ("c", "22", "c")  # 2 of the 22 are not counted
    assert shown(table, "team", "B") == ("0", "10", "0.0%")  # 0 is shown; hiding it would still leave A = 20 - 0
    assert shown(table, "", "Total") == ("c", "32", "c")


def test_a_breakdown_shown_beside_another_cannot_give_the_hidden_whole_away():
    both = figures((20, 32), team={"A": (20, 22), "B": (0, 10)}, age_band={"Under 16": (10, 16), "16+": (10, 16)})
    table = suppress_table(both, "%", THRESHOLD)
    assert shown(table, "", "Total")[0] == "c"
    # the whole is hidden to protect team A, so the age bands, which add up to it, must hide one too
    assert shown(table, "age_band", "Under 16") == ("c", "16", "c")
    assert shown(table, "age_band", "16+") == ("10", "16", "62.5%")
    assert not recovered(both, table, "%", None, THRESHOLD)


def test_children_left_out_of_a_breakdown_are_a_hidden_cell_of_their_own():
    # 3 children have no team recorded and the panel shows only the named teams
    table = suppress_table(figures((33, 0), team={"A": (10, 0), "B": (20, 0)}), "count", THRESHOLD)
    assert [shown(table, "team", t)[0] for t in "AB"] == ["c", "20"]  # else 33 - 10 - 20 = 3
    # 30 unrecorded reveal no one, and stand in as the second hidden cell for team A's 3
    table = suppress_table(figures((63, 0), team={"A": (3, 0), "B": (30, 0)}), "count", THRESHOLD)
    assert [shown(table, "team", t)[0] for t in "AB"] == ["c", "30"]


def test_inputs_that_cannot_be_protected_are_refused_in_words():
    with pytest.raises(ValueError, match="add up to more than the whole"):
        suppress_table(figures((10, 0), team={"A": (8, 0), "B": (8, 0)}), "count", THRESHOLD)
    with pytest.raises(ValueError, match="whole row"):
        suppress_table(figures((10, 0), team={"A": (8, 0)}).iloc[1:], "count", THRESHOLD)
    with pytest.raises(ValueError, match="unknown unit"):
        suppress_figure(1, 2, "percent", THRESHOLD)
    with pytest.raises(ValueError, match="at least 1"):
        suppress_figure(1, 2, "%", 0)
    with pytest.raises(ValueError, match="more than its denominator"):
        suppress_figure(12, 10, "%", THRESHOLD)
    # changes of worker can outnumber the children
    assert suppress_figure(12, 10, "per 100", THRESHOLD).value == "120.0 per 100 children"


def test_the_input_is_not_changed_and_keeps_its_rows_and_columns():
    table = figures((60, 100), team={"A": (3, 30), "B": (57, 70)})
    before = table.copy()
    out = suppress_table(table, "%", THRESHOLD)
    pd.testing.assert_frame_equal(table, before)
    pd.testing.assert_frame_equal(out[list(table.columns)], before)
    assert set(PUBLISHABLE_COLUMNS) <= set(out.columns) and "reason" not in PUBLISHABLE_COLUMNS


# --- the attacker ------------------------------------------------------------------------------------


def parse(text: str) -> float | None:
    """What a reader takes from a shown cell: None for 'c'."""
    return None if text == SUPPRESSED else float(text.replace(",", ""))


@dataclass
class Puzzle:
    """Unknowns with bounds, linear equations (sum of coef * var = 0) and the true values to check against."""

    lower: dict[tuple, float] = field(default_factory=dict)
    upper: dict[tuple, float] = field(default_factory=dict)
    truth: dict[tuple, float] = field(default_factory=dict)
    equations: list[dict[tuple, int]] = field(default_factory=list)

    def add(self, name: tuple, published: float | None, truth: float, lowest: float) -> None:
        self.truth[name] = truth
        self.lower[name] = lowest if published is None else published
        self.upper[name] = math.inf if published is None else published

    def unknowns(self) -> list[tuple]:
        return [v for v in self.lower if self.lower[v] != self.upper[v]]

    def solved_linearly(self) -> set[tuple]:
        """Unknowns that take one value in every solution of the equations (any real solution)."""
        unknowns = self.unknowns()
        if not unknowns or not self.equations:
            return set()
        column = {v: j for j, v in enumerate(unknowns)}
        matrix = np.zeros((len(self.equations), len(unknowns)))
        for i, equation in enumerate(self.equations):
            for v, coef in equation.items():
                if v in column:
                    matrix[i, column[v]] = coef
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null_space = vt[rank:]
        return {v for v in unknowns if np.all(np.abs(null_space[:, column[v]]) < 1e-9)}

    def narrowed(self, low: dict | None = None, high: dict | None = None) -> dict[tuple, tuple[float, float]] | None:
        """Bounds after propagating every equation until nothing changes (whole numbers throughout);
        None when the bounds contradict each other."""
        low, high = dict(low or self.lower), dict(high or self.upper)
        for _ in range(200):
            changed = False
            for equation in self.equations:
                for v, coef in equation.items():
                    rest_min = sum(c * (low[u] if c > 0 else high[u]) for u, c in equation.items() if u != v)
                    rest_max = sum(c * (high[u] if c > 0 else low[u]) for u, c in equation.items() if u != v)
                    lo, hi = (-rest_max, -rest_min) if coef > 0 else (rest_min, rest_max)
                    if lo > low[v]:
                        low[v], changed = math.ceil(lo), True
                    if hi < high[v]:
                        high[v], changed = math.floor(hi), True
                    if low[v] > high[v]:
                        return None
            if not changed:
                break
        return {v: (low[v], high[v]) for v in low}

    def probed(self, bounds: dict[tuple, tuple[float, float]], widest: int = 8) -> dict[tuple, tuple[float, float]]:
        """Try each possible value of every unknown with a narrow range; keep those that survive."""
        bounds = dict(bounds)
        for v in self.unknowns():
            low, high = bounds[v]
            if high - low > widest:
                continue
            possible = []
            for value in range(int(low), int(high) + 1):
                lower = {u: b[0] for u, b in bounds.items()} | {v: value}
                upper = {u: b[1] for u, b in bounds.items()} | {v: value}
                if self.narrowed(lower, upper) is not None:
                    possible.append(value)
            bounds[v] = (min(possible), max(possible))
        return bounds


def puzzle(truth: pd.DataFrame, published: pd.DataFrame, unit: str, counts) -> Puzzle:
    """What the attacker knows, from the published strings and the structure of the table."""
    with_complement = unit == "%" and (counts is None or "complement" in counts)
    parts = ["numerator"] if unit == "count" or counts == ("numerator",) else ["numerator", "denominator"]
    p = Puzzle()  # FTE is not a count: it is not in the puzzle
    keys = list(zip(truth["group"], truth["label"], strict=True))
    for i, key in enumerate(keys):
        for part in parts:
            p.add((key, part), parse(published[f"shown_{part}"].iloc[i]), float(truth[part].iloc[i]), 1)
        if with_complement:
            n, d = float(truth["numerator"].iloc[i]), float(truth["denominator"].iloc[i])
            p.add((key, "complement"), None, d - n, 0)
            p.equations.append({(key, "numerator"): 1, (key, "complement"): 1, (key, "denominator"): -1})
    whole = next(k for k in keys if k[0] == "")
    for group in dict.fromkeys(g for g, _ in keys if g != ""):
        members = [k for k in keys if k[0] == group]
        rest = ("rest of", group)
        for part in parts:
            left = float(truth[part].iloc[keys.index(whole)]) - sum(
                float(truth[part].iloc[keys.index(k)]) for k in members
            )
            p.add((rest, part), 0.0 if left == 0 else None, left, 1)  # knows whether anyone is left out
            p.equations.append({**{(k, part): 1 for k in members}, (rest, part): 1, (whole, part): -1})
        if with_complement:
            p.add((rest, "complement"), None, p.truth[(rest, "denominator")] - p.truth[(rest, "numerator")], 0)
            p.equations.append({(rest, "numerator"): 1, (rest, "complement"): 1, (rest, "denominator"): -1})
    return p


def recovered(truth: pd.DataFrame, published: pd.DataFrame, unit: str, counts, threshold: int) -> dict:
    """What the attacker pins down exactly, with its value: any hidden numerator or denominator of a
    published row (the contract: no hidden value can be worked out), and any hidden complement or
    unshown remainder from 1 to the threshold."""
    p = puzzle(truth, published, unit, counts)
    bounds = p.narrowed()
    assert bounds is not None, "the attacker's knowledge contradicts itself: unsound"
    bounds = p.probed(bounds)
    linear = p.solved_linearly()
    leaks = {}
    for v in p.unknowns():
        low, high = bounds[v]
        assert low <= p.truth[v] <= high, f"the attacker is wrong about {v}: unsound"
        hidden_cell = v[0][0] != "rest of" and v[1] != "complement"
        if (low == high or v in linear) and (hidden_cell or 1 <= p.truth[v] <= threshold):
            leaks[v] = p.truth[v]
    return leaks


def primary_only(truth: pd.DataFrame, unit: str, threshold: int) -> pd.DataFrame:
    """A naive suppression that hides small counts and small complements and nothing else."""

    def small(x):
        return 1 <= x <= threshold

    n, d = truth["numerator"], truth["denominator"]
    hide_d = d.map(small) if unit != "count" else d.map(lambda _: False)
    hide_n = n.map(small) | ((d - n).map(small) & ~hide_d if unit == "%" else False)
    return truth.assign(
        shown_numerator=[SUPPRESSED if h else f"{x:,.0f}" for h, x in zip(hide_n, n, strict=True)],
        shown_denominator=[SUPPRESSED if h else f"{x:,.0f}" for h, x in zip(hide_d, d, strict=True)],
    )


def test_the_attacker_recovers_values_from_primary_only_suppression():
    table = figures((60, 110), team={"A": (3, 30), "B": (27, 35), "C": (30, 45)})
    naive = primary_only(table, "%", THRESHOLD)
    assert recovered(table, naive, "%", None, THRESHOLD) == {(("team", "A"), "numerator"): 3}  # 60 - 27 - 30
    table = figures((32, 0), team={"A": (1, 0), "B": (1, 0), "C": (30, 0)})
    naive = primary_only(table, "count", THRESHOLD)
    assert recovered(table, naive, "count", None, THRESHOLD) == {  # A + B = 32 - 30 = 2, and a c is at least 1
        (("team", "A"), "numerator"): 1,
        (("team", "B"), "numerator"): 1,
    }


def test_the_attacker_recovers_the_hidden_whole_through_a_second_breakdown():
    both = figures((20, 32), team={"A": (20, 22), "B": (0, 10)}, age_band={"Under 16": (10, 16), "16+": (10, 16)})
    within_tables_only = suppress_table(both, "%", THRESHOLD).assign(
        shown_numerator=["c", "c", "0", "10", "10"], shown_value=["c", "c", "0.0%", "62.5%", "62.5%"]
    )
    assert recovered(both, within_tables_only, "%", None, THRESHOLD) == {  # 10 + 10 = 20: team A is 20 of 22
        (("", "Total"), "numerator"): 20,
        (("team", "A"), "numerator"): 20,
        (("team", "A"), "complement"): 2,
    }


def test_the_attacker_uses_what_every_reader_knows_not_just_subtraction():
    # hidden: A's 3 of 3, and B's numerator 7 (of 7) taken as its partner; D's denominator 1 with A's
    table = figures((17, 72), team={"A": (3, 3), "B": (7, 7), "C": (7, 61), "D": (0, 1)})
    published = suppress_table(table, "%", 3).assign(
        shown_numerator=["17", "c", "c", "7", "0"],
        shown_denominator=["72", "c", "7", "61", "c"],
    )
    # A + B = 10 with B at most 7 (of 7) makes A at least 3; A at most its denominator, itself at most
    # 4 - 1 (A and D add up to 4): A is 3 of 3, and D is 1
    assert recovered(table, published, "%", None, 3) == {
        (("team", "A"), "numerator"): 3,
        (("team", "A"), "denominator"): 3,
        (("team", "B"), "numerator"): 7,
        (("team", "D"), "denominator"): 1,
        (("team", "D"), "complement"): 1,
    }
    out = suppress_table(table, "%", 3)
    assert shown(out, "team", "C") == ("c", "61", "c")  # hidden too, so A + B + C = 17 leaves room
    assert out.loc[out["label"] == "C", "reason"].item().endswith("narrowed down to one value")
    assert recovered(table, out, "%", None, 3) == {}


# --- properties: random panel tables ------------------------------------------------------------------

COUNTS = st.one_of(st.just(0), st.integers(1, 7), st.integers(0, 60))  # zeros and small numbers often
UNITS = st.sampled_from([("%", None), ("count", None), ("per 100", None), ("ratio", None), ("ratio", ("numerator",))])


def split(draw, whole: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, whole), min_size=parts - 1, max_size=parts - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, whole], strict=True)]


@st.composite
def panel_tables(draw):
    """The whole and 1 to 3 breakdowns of 2 to 8 members that split it; some leave a member unshown."""
    unit, counts = draw(UNITS)
    threshold = draw(st.sampled_from([THRESHOLD, THRESHOLD, 3, 10]))
    sizes = draw(st.lists(st.integers(2, 8), min_size=1, max_size=3))
    first_n = [draw(COUNTS) for _ in range(sizes[0])]
    second = [draw(COUNTS) for _ in range(sizes[0])]  # complements for '%', denominators otherwise
    if draw(st.booleans()):
        # lopsided: one member holds every numerator and 1 to 7 are left out of it, so the whole itself
        # may have to be hidden and the attacker goes through the other breakdowns
        first_n = [draw(st.integers(6, 60))] + [0] * (sizes[0] - 1)
        second[0] = draw(st.integers(1, 7))
    if unit == "count":
        second = [0] * sizes[0]
    fte = counts == ("numerator",)  # caseload per FTE: the denominator is FTE in halves, never hidden
    n_total, s_total = sum(first_n), sum(second)
    rows = [("", "Total", n_total, s_total)]
    for b, size in enumerate(sizes):
        ns = first_n if b == 0 else split(draw, n_total, size)
        ss = second if b == 0 else split(draw, s_total, size)
        shown_members = size - 1 if draw(st.booleans()) and size > 2 else size  # the last one left unshown
        rows += [(f"breakdown {b}", f"member {m}", ns[m], ss[m]) for m in range(shown_members)]
    frame = pd.DataFrame(rows, columns=["group", "label", "numerator", "second"])
    if unit == "%":
        frame["denominator"] = frame["numerator"] + frame["second"]
    elif fte:
        frame["denominator"] = frame["second"] / 2
    else:
        frame["denominator"] = frame["second"]
    return frame.drop(columns="second").astype({"numerator": float, "denominator": float}), unit, counts, threshold


@PROPERTIES
@given(panel_tables())
def test_every_shown_count_is_0_or_above_the_threshold(case):
    truth, unit, counts, threshold = case
    out = suppress_table(truth, unit, threshold, counts)
    parts = {"count": ["numerator"], "%": ["numerator", "denominator"]}.get(unit, ["numerator", "denominator"])
    if counts == ("numerator",):
        parts = ["numerator"]
    for part in parts:
        for text in out[f"shown_{part}"]:
            value = parse(text)
            assert value is None or value == 0 or value > threshold, (part, text)
    if unit == "%":
        both = out[(out["shown_numerator"] != SUPPRESSED) & (out["shown_denominator"] != SUPPRESSED)]
        complement = both["denominator"] - both["numerator"]
        assert ((complement == 0) | (complement > threshold)).all()


@PROPERTIES
@given(panel_tables())
def test_a_shown_figure_never_comes_from_a_hidden_numerator_or_denominator(case):
    truth, unit, counts, threshold = case
    out = suppress_table(truth, unit, threshold, counts)
    parts_hidden = (out["shown_numerator"] == SUPPRESSED) | (out["shown_denominator"] == SUPPRESSED)
    assert ((out["shown_value"] == SUPPRESSED) == parts_hidden).all()
    assert (out["suppressed"] == parts_hidden).all()
    assert ((out["reason"] != "") == parts_hidden).all()


@PROPERTIES
@given(panel_tables())
def test_a_hidden_cell_is_never_0_so_the_attacker_may_assume_c_is_at_least_1(case):
    truth, unit, counts, threshold = case
    out = suppress_table(truth, unit, threshold, counts)
    for part in ("numerator", "denominator"):
        assert (out.loc[out[f"shown_{part}"] == SUPPRESSED, part] > 0).all()


@PROPERTIES
@given(panel_tables())
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(case):
    truth, unit, counts, threshold = case
    out = suppress_table(truth, unit, threshold, counts)
    assert recovered(truth, out, unit, counts, threshold) == {}
    pd.testing.assert_frame_equal(out, suppress_table(truth, unit, threshold, counts))  # deterministic


def test_the_attacker_finds_a_leak_in_random_tables_under_primary_only_suppression():
    def leaks(case):
        truth, unit, counts, threshold = case
        return bool(recovered(truth, primary_only(truth, unit, threshold), unit, counts, threshold))

    truth, *_ = find(
        panel_tables().filter(lambda case: case[2] is None), leaks, settings=settings(derandomize=True, database=None)
    )
    assert len(truth) >= 3  # a whole and at least two members
