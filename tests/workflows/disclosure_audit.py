"""A reader's linear-programming attack on everything the panel published (issue 17).

A panel member who keeps every pack knows, for each figure a meeting showed: "78.7% (37 of 47)" (the
counts exactly), "78.7%" (numerator over denominator within 78.65% and 78.75%), "c" (nothing but that
a hidden figure's denominator is at least 1, and a hidden count at least 1), the quarter's rate (the sum
of its months' numerators over the sum of their denominators, within its rounding), the "last panel"
and revision figures (rates of the version that was signed off) and the charts (each month's rate).
Figures out of the same children share one denominator, and a numerator is at most its denominator (so
its complement, the denominator minus the numerator, is at least 0). A part within a whole (16 and over
within all children in care) has a numerator, denominator and complement at most the whole's; parts that
split a whole add up to it (`within`, `partition`).

Each version of a figure (its indicator, month and stored sums: a later load that changes it is a new
version) is one unknown; versions with the same sums are one unknown, which gives the reader more than
they know, never less. `ranges()` solves, for every hidden count (a hidden figure's numerator,
denominator and complement, and every withheld denominator), its lowest and highest value over every
solution (scipy's linprog; exactly in whole numbers with milp wherever the range is narrow), one
connected group of unknowns at a time.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

CELL = re.compile(r"^(c|[\d,]+(?:\.\d+)?%?)(?: \(([\d,]+) of ([\d,]+)\))?(?:,|\s|$)")
REVISED = re.compile(r"^Revised from (\S+) to (\S+) after later data")
HALF_STEP = 0.05  # a percentage shown to 0.1 is within 0.05 of its value
_EPS = 1e-7

Key = tuple  # ("n", code, month, numerator) or ("d", denominator group, month, denominator)


@dataclass
class Version:
    """One stored figure: an indicator's sums for a month, and its denominator's group."""

    code: str
    group: str
    month: str
    numerator: float
    denominator: float
    unit: str

    @property
    def n(self) -> Key:
        return ("n", self.code, self.month, round(self.numerator))

    @property
    def d(self) -> Key:
        return ("d", self.group, self.month, round(self.denominator))


@dataclass
class Audit:
    threshold: int
    rows: list[tuple[dict[Key, float], float, float]] = field(default_factory=list)  # lo <= sum(c x) <= hi
    low: dict[Key, float] = field(default_factory=dict)
    truth: dict[Key, float] = field(default_factory=dict)
    hidden: dict[tuple, tuple[Version, str]] = field(default_factory=dict)  # what must not be narrowed
    _rows_seen: set = field(default_factory=set)

    def _know(self, version: Version) -> None:
        self.truth[version.n] = round(version.numerator)
        self.low.setdefault(version.n, 0)
        if version.unit != "count":
            self.truth[version.d] = round(version.denominator)
            self.low.setdefault(version.d, 0)
            self.rows.append(({version.n: 1, version.d: -1}, -math.inf, 0))  # a numerator <= its denominator

    def cell(self, version: Version, text: str, where: str) -> None:
        """A figure's cell as published: 'c', '78.7%', '78.7% (37 of 47)' or a count."""
        match = CELL.match(text)
        if not match:
            return  # "no figure", "no cases in ...": nothing about a hidden count
        self._know(version)
        shown, numerator, denominator = match.groups()
        if shown == "c":
            self.low[version.n] = max(self.low[version.n], 1 if version.unit == "count" else 0)
            if version.unit != "count":
                self.low[version.d] = max(self.low[version.d], 1)  # 0 children is shown, never hidden
            self.hidden[(version.n, where)] = (version, "hidden")
            return
        if version.unit == "count":
            self._equal(version.n, _number(shown))
            return
        self.rate([version], shown)
        if numerator is not None:
            self._equal(version.n, _number(numerator))
            self._equal(version.d, _number(denominator))
        else:
            self.hidden[(version.d, where)] = (version, "withheld denominator")

    def rate(self, versions: list[Version], shown: str) -> None:
        """A rate shown to 0.1%: the sum of the versions' numerators over the sum of their denominators is
        within half a step of it (one version for a month, three for a quarter)."""
        for version in versions:
            self._know(version)
        if not shown.endswith("%"):
            return
        value = _number(shown)
        lo, hi = (value - HALF_STEP) / 100 - _EPS, (value + HALF_STEP) / 100 + _EPS
        numerators = Counter(version.n for version in versions)
        denominators = Counter(version.d for version in versions)
        self.rows.append(({**numerators, **{k: -lo * c for k, c in denominators.items()}}, 0, math.inf))
        self.rows.append(({**numerators, **{k: -hi * c for k, c in denominators.items()}}, -math.inf, 0))

    def count(self, version: Version, shown: str) -> None:
        self._know(version)
        if shown != "c":
            self._equal(version.n, _number(shown))

    def within(self, part: Version, whole: Version) -> None:
        """A part's children are among its whole's (the same month): its numerator, denominator and
        complement are at most the whole's (reference/panel_denominators.yaml `within`)."""
        for version in (part, whole):
            self._know(version)
        self._row({part.n: 1, whole.n: -1}, -math.inf, 0)
        if "count" not in (part.unit, whole.unit):
            self._row({part.d: 1, whole.d: -1}, -math.inf, 0)
            self._row({part.d: 1, part.n: -1, whole.d: -1, whole.n: 1}, -math.inf, 0)

    def partition(self, parts: list[Version], whole: Version) -> None:
        """Parts that split a whole (the same month): their numerators, and their denominators, add up to
        the whole's (reference/panel_denominators.yaml `partitions`)."""
        for version in (*parts, whole):
            self._know(version)
        for key in ("n", "d") if whole.unit != "count" else ("n",):
            coefficients = Counter(getattr(part, key) for part in parts)
            coefficients[getattr(whole, key)] -= 1
            self._row(dict(coefficients), 0, 0)

    def _row(self, coefficients: dict[Key, float], lo: float, hi: float) -> None:
        """A relation, once however many meetings show it."""
        signature = (tuple(sorted(coefficients.items())), lo, hi)
        if signature not in self._rows_seen:
            self._rows_seen.add(signature)
            self.rows.append((coefficients, lo, hi))

    def _equal(self, key: Key, value: float) -> None:
        self.rows.append(({key: 1}, value, value))

    # --- the attack ---------------------------------------------------------------------------

    def ranges(self) -> list[tuple[Version, str, int, float, float]]:
        """(version, what, true value, lowest, highest) for every hidden count."""
        return list(self._each_range(self._targets()))

    def _targets(self) -> dict[tuple, tuple[Version, str, dict[Key, float]]]:
        """What a reader would try to work out: each hidden numerator, denominator and complement."""
        targets: dict[tuple, tuple[Version, str, dict[Key, float]]] = {}
        for (key, _), (version, kind) in self.hidden.items():
            if kind == "hidden":
                targets[("numerator", key)] = (version, "numerator", {version.n: 1})
                if version.unit != "count":
                    targets[("denominator", version.d)] = (version, "denominator", {version.d: 1})
                    complement = {version.d: 1, version.n: -1}
                    targets[("complement", version.n, version.d)] = (version, "complement", complement)
            else:
                targets.setdefault(("denominator", version.d), (version, kind, {version.d: 1}))
        return targets

    def _each_range(self, targets: dict) -> Iterator[tuple[Version, str, int, float, float]]:
        components = self._components()
        for version, what, objective in targets.values():
            lo, hi = self._solve(components[next(iter(objective))], objective)
            true = sum(c * self.truth[k] for k, c in objective.items())
            yield version, what, true, lo, hi

    def failures(self) -> list[str]:
        """Every hidden count a reader can pin to one value or to a range inside 1..threshold."""
        return list(self.each_failure())

    def each_failure(self) -> Iterator[str]:
        """failures() one at a time, each solved only when asked for (a test that needs one stops there)."""
        for version, what, true, lo, hi in self._each_range(self._targets()):
            if lo == hi or (lo >= 1 and hi <= self.threshold):
                yield (
                    f"{version.code} {version.month} ({version.numerator:.0f} of {version.denominator:.0f}): "
                    f"{what} {true} narrowed to {lo}..{hi}"
                )

    def _components(self) -> dict[Key, list[Key]]:
        parent: dict[Key, Key] = {k: k for k in self.low}

        def root(k: Key) -> Key:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for coefficients, _, _ in self.rows:
            keys = list(coefficients)
            for other in keys[1:]:
                parent[root(other)] = root(keys[0])
        groups: dict[Key, list[Key]] = {}
        for k in self.low:
            groups.setdefault(root(k), []).append(k)
        return {k: groups[root(k)] for k in self.low}

    def _solve(self, keys: list[Key], objective: dict[Key, float]) -> tuple[float, float]:
        index = {k: i for i, k in enumerate(keys)}
        rows = [r for r in self.rows if next(iter(r[0])) in index]
        matrix = np.zeros((len(rows), len(keys)))
        for j, (coefficients, _, _) in enumerate(rows):
            for k, c in coefficients.items():
                matrix[j, index[k]] += c
        lows = np.array([r[1] for r in rows])
        highs = np.array([r[2] for r in rows])
        c = np.zeros(len(keys))
        for k, v in objective.items():
            c[index[k]] = v
        bounds = [(self.low[k], None) for k in keys]
        lo, hi = _linprog(c, matrix, lows, highs, bounds), -_linprog(-c, matrix, lows, highs, bounds)
        lo, hi = math.ceil(lo - 1e-6), (math.floor(hi + 1e-6) if math.isfinite(hi) else math.inf)
        if math.isfinite(hi) and hi - lo <= 3 * self.threshold:  # narrow: solve exactly in whole numbers
            constraint = LinearConstraint(matrix, lows, highs)
            integral = Bounds([self.low[k] for k in keys], [np.inf] * len(keys))
            ends = []
            for sign in (1, -1):
                result = milp(sign * c, constraints=constraint, integrality=np.ones(len(keys)), bounds=integral)
                assert result.status == 0, result.message
                ends.append(sign * result.fun)
            lo, hi = round(ends[0]), round(ends[1])
        return lo, hi


def _linprog(c, matrix, lows, highs, bounds) -> float:
    """min c.x subject to lows <= matrix x <= highs and the bounds; -inf when it has no lower end."""
    upper_rows = np.isfinite(highs)
    lower_rows = np.isfinite(lows)
    equal = upper_rows & lower_rows & (highs == lows)
    a_ub = np.vstack([matrix[upper_rows & ~equal], -matrix[lower_rows & ~equal]])
    b_ub = np.concatenate([highs[upper_rows & ~equal], -lows[lower_rows & ~equal]])
    result = linprog(
        c,
        A_ub=a_ub if len(a_ub) else None,
        b_ub=b_ub if len(b_ub) else None,
        A_eq=matrix[equal] if equal.any() else None,
        b_eq=highs[equal] if equal.any() else None,
        bounds=bounds,
        method="highs",
    )
    if result.status == 3:
        return -math.inf
    assert result.status == 0, f"the published figures contradict each other: {result.message}"
    return result.fun


def _number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%"))
