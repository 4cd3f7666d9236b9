"""What a panel member can work out about a quarter's hidden counts from what the panel published (issue 17).

metrics.panel_disclosure shows a quarter beside a hidden or withheld month only if this says its hidden
counts stay protected. The reader is given, for the three months of one quarter and every indicator
linked to the one asked about (sharing a denominator, or part of another's children):

- each month as published: "37 of 47" (both counts), "78.7%" (the numerator over the denominator
  within half of the last place shown) or "c" (nothing but a denominator of at least 1);
- a numerator is between 0 and its denominator; figures out of the same children share one denominator;
- a part within its whole (reference/panel_denominators.yaml `within`): its numerator, denominator and
  complement are at most the whole's; parts that split a whole (`partitions`) add up to it;
- every quarter rate shown: the sum of its numerators over the sum of its denominators, within rounding;
- a guess at each hidden denominator: to within GUESS of the true number of children (a member who has
  read "44" and "45" in April and May guesses June's). This is more than the panel prints, so a quarter
  safe for this reader is safe for one who knows less.

A hidden count is protected when the whole numbers the reader cannot rule out are more than one value
and not all from 1 to the threshold. The ranges are exact: a linear programme (scipy's HiGHS) finds
them, and a mixed-integer one (milp) wherever the range is finite. Pure functions of their arguments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

HALF_STEP = 0.05  # a percentage shown to 0.1 is within 0.05 of its value
_EPS = 1e-7  # floating-point slack on a rate's interval (wider for the reader: never less than they know)


def guess_band(denominator: int) -> int:
    """How close a reader's guess at a hidden denominator is assumed to be: within 10%, at least 3."""
    return max(3, math.ceil(0.1 * denominator))


@dataclass(frozen=True)
class Cell:
    """One indicator's month as published. `shown` is the rate as printed ('78.7%') or 'c'; `exact` is
    True when its numerator and denominator were printed too."""

    code: str
    group: str  # its denominator: indicators out of the same children share one
    month: str
    numerator: int
    denominator: int
    shown: str
    exact: bool


@dataclass(frozen=True)
class Pooled:
    """A quarter's rate as published: the code's numerators over its group's denominators, 3 months."""

    code: str
    group: str
    months: tuple[str, ...]
    shown: str


def protected(
    cells: tuple[Cell, ...],
    pooled: tuple[Pooled, ...],
    threshold: int,
    within: tuple[tuple[str, str], ...] = (),
    partitions: tuple[tuple[str, tuple[str, ...]], ...] = (),
    guess: bool = True,
) -> bool:
    """Whether every hidden count among `cells` (a hidden figure's numerator, denominator and complement,
    and a withheld denominator) keeps more than one possible value and not only values 1..threshold,
    for a reader who knows `cells`, `pooled`, the relations (`within`: (part, whole) codes; `partitions`:
    (whole, parts)) and, if `guess`, every hidden denominator to within guess_band()."""
    return _protected(cells, pooled, threshold, within, partitions, guess)


@lru_cache(maxsize=4096)  # every meeting of the quarter asks again
def _protected(cells, pooled, threshold, within, partitions, guess) -> bool:
    model = _Model(cells, pooled, within, partitions, guess)
    for objective in model.targets():
        lo, hi = model.range(objective)
        if lo == hi or (lo >= 1 and hi <= threshold):
            return False
    return True


class _Model:
    """The reader's unknowns (n per code and month, d per group and month) and what they know of them."""

    def __init__(self, cells, pooled, within, partitions, guess):
        self.cells = cells
        self.n = {(c.code, c.month): i for i, c in enumerate(cells)}
        groups = sorted({(c.group, c.month) for c in cells})
        self.d = {key: len(cells) + i for i, key in enumerate(groups)}
        size = len(cells) + len(groups)
        self.low, self.high = np.zeros(size), np.full(size, np.inf)
        self.rows: list[tuple[dict[int, float], float, float]] = []
        truth = {(c.group, c.month): c.denominator for c in cells}
        exact = {(c.group, c.month) for c in cells if c.exact}
        for c in cells:
            n, d = self.n[(c.code, c.month)], self.d[(c.group, c.month)]
            self.rows.append(({n: 1, d: -1}, -np.inf, 0))  # a numerator is at most its denominator
            if c.exact:
                self.low[n] = self.high[n] = c.numerator
                self.low[d] = self.high[d] = c.denominator
            else:
                self.low[d] = max(self.low[d], 1)  # a figure was there: at least one child
                self._rate({n: 1}, {d: 1}, c.shown)
        if guess:
            for key, true in truth.items():
                if key not in exact:
                    band = guess_band(true)
                    i = self.d[key]
                    self.low[i], self.high[i] = max(self.low[i], true - band), min(self.high[i], true + band)
        for p in pooled:
            self._rate(
                {self.n[(p.code, m)]: 1 for m in p.months if (p.code, m) in self.n},
                {self.d[(p.group, m)]: 1 for m in p.months if (p.group, m) in self.d},
                p.shown,
            )
        months = sorted({c.month for c in cells})
        groups_of = {c.code: c.group for c in cells}
        for part, whole in within:
            for m in months:
                if (part, m) in self.n and (whole, m) in self.n:
                    pn, wn = self.n[(part, m)], self.n[(whole, m)]
                    pd_, wd = self.d[(groups_of[part], m)], self.d[(groups_of[whole], m)]
                    self.rows.append(({pn: 1, wn: -1}, -np.inf, 0))
                    self.rows.append(({pd_: 1, wd: -1}, -np.inf, 0))
                    self.rows.append(({pd_: 1, pn: -1, wd: -1, wn: 1}, -np.inf, 0))
        for whole, parts in partitions:
            for m in months:
                if all((code, m) in self.n for code in (whole, *parts)):
                    numerators = {self.n[(code, m)]: 1.0 for code in parts}
                    self.rows.append(({**numerators, self.n[(whole, m)]: -1.0}, 0, 0))
                    denominators: dict[int, float] = {}
                    for code in parts:
                        key = self.d[(groups_of[code], m)]
                        denominators[key] = denominators.get(key, 0) + 1
                    whole_d = self.d[(groups_of[whole], m)]
                    denominators[whole_d] = denominators.get(whole_d, 0) - 1
                    self.rows.append((denominators, 0, 0))
        self.matrix = np.zeros((len(self.rows), size))
        for j, (coefficients, _, _) in enumerate(self.rows):
            for k, v in coefficients.items():
                self.matrix[j, k] += v
        self.lows = np.array([r[1] for r in self.rows], dtype=float)
        self.highs = np.array([r[2] for r in self.rows], dtype=float)

    def _rate(self, numerators: dict[int, float], denominators: dict[int, float], shown: str) -> None:
        if not shown.endswith("%") or not numerators:
            return
        value = float(shown.rstrip("%").replace(",", ""))
        lo, hi = (value - HALF_STEP) / 100 - _EPS, (value + HALF_STEP) / 100 + _EPS
        self.rows.append(({**numerators, **{k: -lo for k in denominators}}, 0, np.inf))
        self.rows.append(({**numerators, **{k: -hi for k in denominators}}, -np.inf, 0))

    def targets(self) -> list[dict[int, float]]:
        """The hidden counts: a hidden figure's numerator, denominator and complement; a withheld denominator."""
        out = []
        for c in self.cells:
            if c.exact:
                continue
            n, d = self.n[(c.code, c.month)], self.d[(c.group, c.month)]
            out.append({d: 1})
            if c.shown == "c":
                out += [{n: 1}, {d: 1, n: -1}]
        return [dict(t) for t in {tuple(sorted(t.items())) for t in out}]

    def range(self, objective: dict[int, float]) -> tuple[float, float]:
        """The lowest and highest whole-number value of the objective over everything the reader knows."""
        c = np.zeros(len(self.low))
        for k, v in objective.items():
            c[k] = v
        matrix, lows, highs = self.matrix, self.lows, self.highs
        bounds = list(zip(self.low, [None if math.isinf(h) else h for h in self.high], strict=True))
        a_ub = np.vstack([matrix[np.isfinite(highs)], -matrix[np.isfinite(lows)]])
        b_ub = np.concatenate([highs[np.isfinite(highs)], -lows[np.isfinite(lows)]])
        ends = []
        for sign in (1, -1):
            result = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            if result.status == 3:  # unbounded: no end on this side
                ends.append(-sign * math.inf)
                continue
            assert result.status == 0, f"what the panel published contradicts itself: {result.message}"
            ends.append(sign * result.fun)
        if not all(math.isfinite(e) for e in ends):
            return math.ceil(ends[0] - 1e-6) if math.isfinite(ends[0]) else -math.inf, math.inf
        whole = []
        for sign in (1, -1):
            result = milp(
                sign * c,
                constraints=LinearConstraint(matrix, lows, highs),
                integrality=np.ones(len(c)),
                bounds=Bounds(self.low, self.high),
            )
            assert result.status == 0, result.message
            whole.append(round(sign * result.fun))
        return whole[0], whole[1]
